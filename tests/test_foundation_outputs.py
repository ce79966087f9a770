"""Output paths are checked before any work: nothing drafted, nothing written when one is wrong."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.outputs import Output, check_outputs

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO / "examples" / "integrity_report.yaml"


def _only_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    "args, option, words",
    [
        (["-o", "{dir}"], "-o", "文件夹"),
        (["-o", "{tmp}/r.docx", "--json", "{dir}"], "--json", "文件夹"),
        (["-o", "{tmp}/r.docx", "--md", "{dir}"], "--md", "文件夹"),
        (["-o", "{tmp}/afile/r.docx"], "-o", "是文件"),
        (["-o", "{tmp}/r.docx", "--md", "{tmp}/r.docx"], "--md", "同一个文件"),
        (["-o", "{tmp}/r.docx", "--json", "{facts}"], "--json", "不能覆盖事实清单"),
        (["-o", "{tmp}/r.pdf"], "-o", ".docx"),
    ],
)
def test_draft_checks_every_output_before_drafting(cli, tmp_path, args, option, words):
    (tmp_path / "out").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    facts.write_bytes(FACTS.read_bytes())
    before = _only_files(tmp_path)
    filled = [a.format(dir=tmp_path / "out", tmp=tmp_path, facts=facts) for a in args]
    code, out, err = cli("draft", facts, *filled, "-q", "--store", tmp_path / "store")
    assert code == 2, err
    assert f" {option}: " in err and words in err and len(err.strip().splitlines()) == 1
    assert _only_files(tmp_path) == before  # nothing drafted, nothing written
    assert "完成" not in err


def test_export_outline_and_eval_check_outputs_first(cli, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    draft = tmp_path / "d.draft.json"
    assert cli("draft", FACTS, "--json", draft, "-q", "--store", tmp_path / "store")[0] == 0
    before = _only_files(tmp_path)

    code, _, err = cli("export", draft, "-o", tmp_path / "r.docx", "--md", folder)
    assert code == 2 and "--md" in err and "文件夹" in err
    code, _, err = cli("outline", "from", REPO / "corpus" / "samples" / "work_summary_taoyuanxiang_2024.txt", "-o", folder)
    assert code == 2 and "-o" in err and "文件夹" in err
    code, _, err = cli("eval", "run", "smoke", "-o", afile)
    assert code == 2 and "-o" in err and "同名文件" in err
    assert _only_files(tmp_path) == before


def test_check_outputs_allows_what_can_be_written(tmp_path):
    check_outputs(Output("-o", tmp_path / "new" / "deeper" / "r.docx", ".docx"), Output("--md", None),
                  Output("-o2", tmp_path / "run", folder=True), inputs={"事实清单": None})
    with pytest.raises(InputError) as info:
        check_outputs(Output("-o", tmp_path / "a.docx"), Output("--md", tmp_path / "sub" / ".." / "a.docx"))
    assert info.value.field == "--md"


@pytest.fixture
def umask_027():
    old = os.umask(0o027)
    try:
        yield 0o027
    finally:
        os.umask(old)


def test_atomic_outputs_get_the_umask_permissions(tmp_path, umask_027):
    from pipeline.atomic import write_atomic

    new = tmp_path / "new.md"
    write_atomic(new, "一、基本情况\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0666 less the umask, like open() would give
    shared = tmp_path / "shared.md"
    shared.write_text("旧", encoding="utf-8")
    shared.chmod(0o664)
    write_atomic(shared, "新")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_text(encoding="utf-8") == "新"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_drafted_files_are_readable_by_the_group(cli, tmp_path, umask_027):
    out = tmp_path / "out"
    code, _, err = cli("draft", FACTS, "-o", out / "r.docx", "--md", out / "r.md", "-q", "--store", tmp_path / "store")
    assert code == 0, err
    for name in ("r.docx", "r.draft.json", "r.md"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o640, name


def test_facts_commands_check_their_output_first(cli, tmp_path):
    folder = tmp_path / "out.xlsx"
    folder.mkdir()
    code, _, err = cli("facts", "template", "integrity_report", "-o", folder, "--force")
    assert code == 2 and "文件夹" in err
    materials = tmp_path / "材料"
    materials.mkdir()
    (materials / "a.txt").write_text("2024年召开专题会议4次。", encoding="utf-8")
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    code, _, err = cli("facts", "extract", materials, "--genre", "work_summary", "-o", afile / "s.yaml")
    assert code == 2 and "是文件" in err and not (afile / "s.yaml").exists()
