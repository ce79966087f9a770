"""`bigan check`: exit codes 0/1/2, JSON shape, table output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"


def test_clean_exit_0(cli):
    code, out, err = cli("check", DATA / "clean_summary_2023.txt")
    assert code == 0, err
    assert "未发现问题" in out


def test_findings_exit_1_and_json(cli):
    code, out, _ = cli("check", DATA / "planted_terms_2023.txt", "--json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"findings", "summary"}
    assert data["summary"]["by_code"] == {"TERMS_WRONG_FORM": 6}
    assert all(set(f) >= {"code", "severity", "location", "message"} for f in data["findings"])


def test_warnings_only_exit_0(cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("关于2024年工作的报告\n一、主要工作\n全年开展专项检查【待补充：次数】。\n", encoding="utf-8")
    code, out, _ = cli("check", draft, "--json")
    assert code == 0
    assert json.loads(out)["summary"] == {
        "total": 1, "errors": 0, "warnings": 1, "infos": 0,
        "by_category": {"PLACEHOLDER": 1}, "by_code": {"PLACEHOLDER_CANONICAL": 1}, "ok": True,
    }
    code, out, _ = cli("check", DATA / "planted_time_2024.txt", "--json")
    assert code == 1 and json.loads(out)["summary"]["errors"] == 3


def test_facts_outline_year_options(cli):
    code, out, _ = cli(
        "check", DATA / "clean_integrity_2024.txt", "--facts", DATA / "clean_integrity_2024_facts.yaml",
        "--outline", DATA / "outline_small.yaml", "--json",
    )
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = cli("check", DATA / "clean_integrity_2024.txt", "--year", "2021", "--json")
    assert code == 1
    assert "TIME_ANACHRONISM" in json.loads(out)["summary"]["by_code"]


def test_table_output(cli):
    code, out, _ = cli("check", DATA / "planted_grounding_2024.txt", "--facts", DATA / "planted_grounding_2024_facts.yaml")
    assert code == 1
    assert "GROUNDING_UNKNOWN_NUMBER" in out and "错误 4" in out
    assert "跳过照抄检查" in out  # no store: copy detection skipped quietly


def test_bad_input_exit_2(cli, tmp_path):
    code, out, err = cli("check", tmp_path / "nope.txt")
    assert code == 2 and out == "" and "nope.txt" in err and "Traceback" not in err
    facts = tmp_path / "facts.yaml"
    facts.write_text("genre: novel\nunit: 某单位\nyear: 2024\n", encoding="utf-8")
    code, _, err = cli("check", DATA / "clean_summary_2023.txt", "--facts", facts)
    assert code == 2 and "facts.yaml" in err
    code, _, err = cli("check", DATA / "clean_summary_2023.txt", "--outline", tmp_path / "none.yaml")
    assert code == 2
    code, _, err = cli("check", tmp_path)
    assert code == 2 and "文件夹" in err


@pytest.mark.slow
def test_copy_against_a_real_store(cli, tmp_path):
    store = tmp_path / "store"
    code, _, err = cli("ingest", DATA / "corpus", "--store", store)
    assert code == 0, err
    code, out, _ = cli("check", DATA / "planted_copy_2024.txt", "--store", store, "--json")
    assert code == 0
    copies = [f for f in json.loads(out)["findings"] if f["code"] == "COPY_PASSAGE"]
    assert len(copies) == 2 and any("past_river_county_2022.txt" in f["message"] for f in copies)
    code, out, _ = cli("check", DATA / "blind_mixed_2023.txt", "--store", store, "--copy-min", "40", "--json")
    assert "COPY_PASSAGE" in json.loads(out)["summary"]["by_code"]  # the 41-character copy
    # checking a corpus document against the store it is in does not flag it as copied from itself
    code, out, _ = cli("check", DATA / "corpus" / "past_hill_town_2023.txt", "--store", store, "--json")
    assert "COPY_PASSAGE" not in json.loads(out)["summary"]["by_code"]
