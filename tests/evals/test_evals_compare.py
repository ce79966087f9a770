from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from pipeline.errors import InputError
from pipeline.evals.compare import compare_dirs, judge, line_diff, write_compare
from pipeline.evals.scoring import METRIC_BY_KEY
from pipeline.evals.suite import load_suite

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class TagBalance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _pair(tmp_path, core_dir, make_draft, make_run, *, worse_b: bool):
    cases = load_suite(core_dir, cases="half_year_tempting,duty_few_numbers,work_summary_flat").cases
    base = {c.id: {k: "；".join(i for i in v if isinstance(i, str)) + "。" for k, v in c.factsheet.sections.items()} for c in cases}
    for texts in base.values():  # a lead long enough for every case's length range
        texts["work"] = "坚持以习近平新时代中国特色社会主义思想为指导，扎实推进各项工作。" * 4 + texts.get("work", "")
    a = make_run(tmp_path / "A", [(c, make_draft(c, base[c.id]), 2.0) for c in cases], {"prompts": "prompts"})
    drafts_b = []
    for c in cases:
        texts = dict(base[c.id])
        if worse_b and c.id == "half_year_tempting":
            texts["work"] += "家庭医生签约率达到85%。"  # invented: a regression
        drafts_b.append((c, make_draft(c, texts), 2.1))  # +0.1 s latency: noise, not a regression
    b = make_run(tmp_path / "B", drafts_b, {"prompts": "git:HEAD~1", "prompt_version": "other"})
    return a, b


def test_judge_directions_and_tolerance():
    assert judge(METRIC_BY_KEY["ungrounded_numbers"], 0, 2) == "worse"
    assert judge(METRIC_BY_KEY["ungrounded_numbers"], 2, 0) == "better"
    assert judge(METRIC_BY_KEY["fact_coverage"], 0.9, 0.8) == "worse"
    assert judge(METRIC_BY_KEY["latency_s"], 2.0, 2.4) == "same"
    assert judge(METRIC_BY_KEY["latency_s"], 2.0, 9.0) == "worse"
    assert judge(METRIC_BY_KEY["chars"], 900, 100) == "same"  # shown, never judged
    assert judge(METRIC_BY_KEY["passed"], None, 1) == "n/a"


def test_compare_flags_the_regressed_case_only(tmp_path, core_dir, make_draft, make_run):
    a, b = _pair(tmp_path, core_dir, make_draft, make_run, worse_b=True)
    result = compare_dirs(a, b)
    assert result["regressed_cases"] == ["half_year_tempting"]
    row = next(r for r in result["cases"] if r["id"] == "half_year_tempting")
    assert "ungrounded_numbers" in row["regressions"] and "passed" in row["regressions"]
    assert row["passed_a"] and not row["passed_b"]
    assert row["metrics"]["latency_s"]["status"] == "same"
    assert "85%" in row["text_b"] and "85%" not in row["text_a"]
    assert result["summary"]["ungrounded_numbers"]["status"] == "worse"
    assert result["a"]["meta"]["prompts"] == "prompts" and result["b"]["meta"]["prompts"] == "git:HEAD~1"


def test_compare_without_changes_has_no_regression(tmp_path, core_dir, make_draft, make_run):
    a, b = _pair(tmp_path, core_dir, make_draft, make_run, worse_b=False)
    result = compare_dirs(a, b)
    assert result["regressions"] == 0 and result["regressed_cases"] == []
    assert len(result["cases"]) == 3 and not result["only_in_a"] and not result["only_in_b"]


def test_html_page_is_static_well_formed_and_chinese(tmp_path, core_dir, make_draft, make_run):
    a, b = _pair(tmp_path, core_dir, make_draft, make_run, worse_b=True)
    json_path, html_path = write_compare(compare_dirs(a, b), tmp_path / "out")
    assert json.loads(json_path.read_text(encoding="utf-8"))["regressed_cases"] == ["half_year_tempting"]
    page = html_path.read_text(encoding="utf-8")
    parser = TagBalance()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not any(v.startswith(("http:", "https:", "//")) for _, attrs in parser.tags for v in attrs.values() if v)
    text = "".join(parser.text)
    for label in ("评测对比报告", "无出处数字", "事实覆盖率", "照搬比例", "篇幅合规率", "退步", "half_year_tempting"):
        assert label in text
    # the regressed case's row cell is highlighted and its details are open
    assert 'class="worse"' in page
    assert '<details id="case-half_year_tempting" open>' in page
    assert 'class="chg-b"' in page  # the line with the invented figure is marked in B


def test_line_diff_marks_lines_only_one_side_has():
    a, b = line_diff("一、标题\n旧的一段。\n结尾。", "一、标题\n新的一段。\n结尾。\n多出的一行。")
    assert [x["changed"] for x in a] == [False, True, False]
    assert [x["changed"] for x in b] == [False, True, False, True]
    assert line_diff(None, "一行")[0] == []


def test_compare_rejects_a_folder_without_run_json(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="run.json"):
        compare_dirs(tmp_path / "empty", tmp_path / "empty")


def test_runs_without_common_cases_cannot_be_compared(tmp_path, core_dir, make_draft, make_run):
    one, two = load_suite(core_dir, cases="duty_full,seminar_tempting").cases
    a = make_run(tmp_path / "A", [(one, make_draft(one, {}), 1.0)])
    b = make_run(tmp_path / "B", [(two, make_draft(two, {}), 1.0)])
    with pytest.raises(InputError, match="共同"):
        compare_dirs(a, b)
