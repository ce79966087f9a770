"""Bench: what hostile input costs bigan now that it is bounded (time and peak memory per case).

    python bench/hostile.py [--memory-mb 1500]

Each case runs in a child process capped with RLIMIT_AS (pipeline.testing.limited) on files built
here: a fact sheet aliasing one long fact 20,000 times (`bigan draft`), a .docx whose zip header
claims 300 KB for 1 GB of XML (`bigan parse`), a Word-like .docx with ~100 MB of XML (read only),
and one holding 8 M characters (`bigan parse`, refused). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

READ_ONE = "import sys\nfrom pipeline.ingest.read import read_docx\nprint(len(read_docx(sys.argv[1])))\n"


def main() -> None:
    from pipeline.testing.hostile import alias_bomb, lying_bomb, wordy_docx
    from pipeline.testing.limited import run_limited

    parser = argparse.ArgumentParser()
    parser.add_argument("--memory-mb", type=int, default=1500)
    args = parser.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        facts = folder / "facts.yaml"
        facts.write_text(alias_bomb(), encoding="utf-8")
        cases = {
            "yaml_alias_bomb_draft": (["draft", facts, "-o", folder / "out" / "r.docx", "-q", "--store", folder / "s"], None,
                                      facts.stat().st_size),
        }
        liar = lying_bomb(folder / "liar.docx")
        cases["docx_lying_zip_bomb_parse"] = (["parse", liar], None, liar.stat().st_size)
        big = wordy_docx(folder / "big.docx", paragraphs=12_000)
        cases["docx_100mb_xml_read"] = ([big], READ_ONE, big.stat().st_size)
        long = wordy_docx(folder / "long.docx", paragraphs=50_000, chars_per_run=160, runs=1)
        cases["docx_8m_chars_parse"] = (["parse", long], None, long.stat().st_size)
        for name, (argv, code, size) in cases.items():
            run = run_limited(argv, code=code, memory_mb=args.memory_mb, timeout=600, cwd=folder)
            results[name] = {
                "file_kb": round(size / 1024), "exit": run.returncode, "seconds": round(run.seconds, 2),
                "peak_mb": round(run.peak_mb), "message": (run.stderr.strip().splitlines() or [run.stdout.strip()])[-1][-120:],
            }
            print(f"{name}: {results[name]}", file=sys.stderr)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
