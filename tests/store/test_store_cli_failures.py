"""`bigan ingest` of a folder holding bad files: each is skipped with its name and reason, the good
ones are stored, the list comes last (one unwrapped line per file) and the exit code is 1."""

from __future__ import annotations

import json

from store_support import TOPICS, report_text


def test_folder_with_bad_files_stores_the_good_ones_lists_the_bad_and_exits_1(cli, tmp_path):
    folder = tmp_path / "往年材料"
    deep = folder / ("一个名字很长很长的子文件夹，用来确认失败清单不会在八十列处折行" * 2)
    deep.mkdir(parents=True)
    for i, topic in enumerate(TOPICS[:2]):
        (folder / f"report_{i}.txt").write_text(report_text(f"青禾县第{i + 1}局", 2022 + i, topic), encoding="utf-8")
    utf16 = deep / "半年总结（UTF-16 已损坏）.txt"
    utf16.write_bytes(b"\xff\xfe" + "一、上半年工作情况".encode("utf-16-le") + b"\x00\xd8A")
    binary = folder / "扫描件.txt"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" * 100)
    store = tmp_path / "store"

    code, out, err = cli("ingest", str(folder), "--store", str(store), "--embedding", "hash:64")
    assert code == 1, err
    lines = err.strip().splitlines()
    assert lines[-3] == "以下 2 个文件未入库 (failed)："
    failed = lines[-2:]
    assert any(line.startswith(f"跳过 {utf16}: ") and "UTF-16" in line for line in failed), failed
    assert any(line.startswith(f"跳过 {binary}: ") and "二进制" in line for line in failed), failed
    assert "Traceback" not in err and "内部错误" not in err

    code, out, _ = cli("corpus", "stats", "--store", str(store), "--json")
    assert code == 0 and json.loads(out)["files"] == 2

    code, out, _ = cli("ingest", str(folder), "--store", str(store), "--embedding", "hash:64", "--json")
    report = json.loads(out)
    assert code == 1 and report["summary"]["failed"] == 2 and report["summary"]["unchanged"] == 2
