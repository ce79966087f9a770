"""eval/same_results.py: two runs the same apart from timings and paths, or not."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("same_results", REPO / "eval" / "same_results.py")
same_results = importlib.util.module_from_spec(spec)
spec.loader.exec_module(same_results)


def run_folder(root: Path, *, latency: float, text: str, finding: str = "GROUNDING_UNKNOWN_NUMBER") -> Path:
    (root / "cases").mkdir(parents=True)
    case = {"id": "c1", "passed": True, "latency_s": latency, "metrics": {"placeholders": 1}}
    (root / "run.json").write_text(json.dumps({"summary": {"passed": 1, "wall_s": latency}, "cases": [case]}), encoding="utf-8")
    draft = {"meta": {"created_at": f"t{latency}", "facts_path": str(root / "f.yaml")},
             "sections": [{"id": "work", "text": text}], "findings": [{"code": finding, "location": "work"}]}
    (root / "cases" / "c1.draft.json").write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    return root


def test_timings_and_paths_do_not_count(tmp_path):
    a = run_folder(tmp_path / "a", latency=1.0, text="召开会议4次。")
    b = run_folder(tmp_path / "b", latency=2.5, text="召开会议4次。")
    assert same_results.differences(a, b) == []
    assert same_results.main([str(a), str(b)]) == 0


def test_a_text_or_a_finding_that_changed_does(tmp_path, capsys):
    a = run_folder(tmp_path / "a", latency=1.0, text="召开会议4次。")
    b = run_folder(tmp_path / "b", latency=1.0, text="召开会议5次。", finding="CLAIM_UNSUPPORTED")
    assert same_results.differences(a, b) == ["c1.draft.json: section texts differ", "c1.draft.json: findings differ"]
    assert same_results.main([str(a), str(b)]) == 1
    assert same_results.main([str(a), str(tmp_path)]) == 2
    assert "不是评测结果目录" in capsys.readouterr().err
