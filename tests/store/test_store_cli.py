"""`bigan ingest / search / corpus` end to end, and an ingest killed mid-way then completed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_search_shared_corpus_for_work_sections_with_heading_paths(cli, shared_corpus, tmp_path):
    store = tmp_path / "store"
    code, out, err = cli("ingest", str(shared_corpus), "--store", str(store))
    assert code == 0, err
    assert "新增 3" in err
    code, out, err = cli("search", "理论学习中心组", "--role", "work", "--store", str(store), "--json")
    assert code == 0, err
    results = json.loads(out)["results"]
    assert 3 <= len(results) <= 5
    for r in results:
        assert r["metadata"]["role"] == "work"
        assert r["metadata"]["heading_path"] and r["metadata"]["source"].startswith(str(shared_corpus.resolve()))
        assert isinstance(r["score"], float) and r["text"]
    assert "title" in results[0]["metadata"] or "genre" in results[0]["metadata"]
    top = results[0]["metadata"]["heading_path"] + results[0]["text"]
    assert "学习" in top  # relevant: the section about study, not any work section
    assert sum("中心组" in r["text"] or "理论学习" in r["text"] for r in results) >= 2
    code, out, err = cli("search", "理论学习中心组", "--role", "work", "--store", str(store))
    assert code == 0 and "›" in out  # readable output shows heading paths
    # re-ingest adds nothing; list and stats agree
    code, out, err = cli("ingest", str(shared_corpus), "--store", str(store), "--json")
    assert code == 0 and json.loads(out)["summary"]["unchanged"] == 3
    code, out, _ = cli("corpus", "stats", "--store", str(store), "--json")
    stats = json.loads(out)
    assert stats["files"] == 3 and stats["embedding_model"] == "use-multilingual-v3" and stats["chunks"] > 20
    code, out, _ = cli("corpus", "list", "--store", str(store), "--json")
    assert len(json.loads(out)["sources"]) == 3


def test_cli_errors_are_one_line_and_leave_no_store(cli, tmp_path):
    store = tmp_path / "store"
    code, out, err = cli("ingest", str(tmp_path / "missing"), "--store", str(store))
    assert code == 2 and err.count("\n") == 1 and "missing" in err and "Traceback" not in err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 1000)
    code, out, err = cli("ingest", str(bad), "--store", str(store))
    assert code == 2 and "bad.txt" in err and err.count("\n") == 1
    assert not store.exists()
    code, out, err = cli("search", "学习", "--store", str(store))
    assert code == 1 and "ingest" in err
    code, out, err = cli("search", "学习", "--role", "nonsense", "--store", str(store))
    assert code == 2 and "--role" in err
    code, out, err = cli("corpus", "remove", "x.txt", "--store", str(store))
    assert code != 0 and err.count("\n") == 1


def _report(i: int) -> str:
    parts = [f"某县第{i}局2022年度工作总结", "一、主要工作及成效"]
    for j in range(6):
        parts.append(f"（{'一二三四五六七八'[j]}）第{j}项工作。" + f"围绕第{i}局第{j}项重点任务，细化措施、压实责任、强化督导，推动工作落地见效。" * 4)
    parts += ["二、存在的问题", "一是学习不够深入。二是作风有待改进。", "三、下一年工作思路", "持续推进各项工作。"]
    return "\n".join(parts) + "\n"


@pytest.mark.slow
def test_a_killed_ingest_leaves_a_usable_store_and_a_rerun_completes_it(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    n_files = 10
    for i in range(n_files):
        (folder / f"r{i:02d}.txt").write_text(_report(i), encoding="utf-8")
    store = tmp_path / "store"
    # Two files per Chroma batch: the kill lands after the first batch is recorded, while a later
    # one is being embedded or written.
    env = dict(os.environ, PYTHONUNBUFFERED="1", BIGAN_INGEST_BATCH="2")
    cmd = [sys.executable, "-m", "pipeline", "ingest", str(folder), "--store", str(store)]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    written = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("新增"):
            written += 1
            if written == 2:
                proc.send_signal(signal.SIGKILL)  # no chance to clean up
                break
    proc.wait(timeout=30)
    assert written == 2 and proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    def bigan(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args, "--store", str(store)], cwd=REPO,
                              capture_output=True, text=True, timeout=600)

    # usable: the files recorded so far are there, searchable
    stats = bigan("corpus", "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert 2 <= json.loads(stats.stdout)["files"] < n_files
    assert bigan("search", "重点任务", "--json").returncode == 0
    rerun = bigan("ingest", str(folder), "--json")
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)["summary"]
    assert summary["unchanged"] >= 2 and summary["unchanged"] + summary["added"] == n_files
    final = json.loads(bigan("corpus", "stats", "--json").stdout)
    listed = json.loads(bigan("corpus", "list", "--json").stdout)["sources"]
    assert final["files"] == n_files
    assert final["chunks"] == sum(s["chunks"] for s in listed)  # no leftovers of the killed write
