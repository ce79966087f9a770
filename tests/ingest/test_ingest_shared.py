"""The three real reports in ../shared/corpus, parsed end to end (read from there, never copied)."""

from __future__ import annotations

from pipeline.ingest import parse_file


def _tree(sections):
    return [(s.marker, s.heading, [(c.marker, c.heading) for c in s.children]) for s in sections]


def test_half_year_party_building(shared_corpus):
    result = parse_file(shared_corpus / "half_year_party_building_2020.txt")
    assert len(result.documents) == 1
    doc = result.documents[0]
    assert doc.title == "2020年党建工作上半年总结及下半年计划"
    assert (doc.genre, doc.year, doc.org_level, doc.unit) == ("half_year_summary", 2020, "市", "市委宣传部")
    assert [(s.marker, s.heading) for s in doc.sections] == [("一、", "上半年党建工作基本情况"), ("二、", "下半年工作安排")]
    first, second = doc.sections
    assert [c.marker for c in first.children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert first.children[0].heading == "强化理论武装，不断筑牢理想信念堤坝"
    assert [c.heading for c in second.children] == [
        "切实加强理论武装", "切实强化政治建设", "切实转作风改文风", "切实推进队伍建设", "切实落实反腐倡廉"]
    assert first.role == "work" and second.role == "plans"
    assert all(c.role == "plans" for c in second.children)
    assert len(doc.preamble) == 1 and doc.preamble[0].startswith("上半年，市委宣传部")
    # The sharing-site banner above the title is noise, each line with a reason.
    raw_top = (shared_corpus / "half_year_party_building_2020.txt").read_text(encoding="utf-8").split("\n")
    banner = [s.strip() for s in raw_top[: raw_top.index(doc.title)] if s.strip()]
    assert len(banner) >= 5
    assert [r.text.strip() for r in result.noise] == banner
    assert all(r.reason for r in result.noise)
    assert not any(b in doc.text for b in banner)
    assert {p.text for p in doc.placeholders} >= {"X"}


def test_inspection_report_city_propaganda(shared_corpus):
    doc = parse_file(shared_corpus / "inspection_report_city_propaganda.txt").documents[0]
    assert doc.title is None
    assert (doc.genre, doc.year, doc.org_level) == ("inspection_report", None, "市")
    assert [s.marker + s.heading for s in doc.sections] == [
        "一、单位基本情况", "二、20XX年以来工作开展情况", "二、存在的主要问题", "四、下步工作打算"]
    assert [s.role for s in doc.sections] == ["basic_info", "work", "problems", "plans"]
    work = doc.sections[1]
    assert [c.marker for c in work.children] == ["（一）", "（二）", "（三）"]
    assert [[g.marker for g in c.children] for c in work.children] == [
        ["1、", "2、", "3、"], ["1、", "2、", "3、", "4、", "5、"], ["1、", "2、", "3、"]]
    assert work.children[0].children[0].heading == "拧紧理想信念“总开关”"
    assert work.children[0].children[0].paragraphs[0].startswith("一是强化政治担当。")
    assert [c.heading for c in doc.sections[2].children][:2] == ["思想政治方面", "精神状态方面"]
    assert "理论学习“全天候" in doc.text  # the stray ｜ inside 理论｜学习 is gone
    texts = {p.text for p in doc.placeholders}
    assert {"20XX", "XXX", "x"} <= texts


def test_integrity_report_county_propaganda(shared_corpus):
    doc = parse_file(shared_corpus / "integrity_report_county_propaganda_2022.txt").documents[0]
    assert doc.title is None
    assert doc.addressee == "考核组的各位领导"
    assert (doc.genre, doc.year, doc.org_level, doc.unit) == ("integrity_report", 2022, "县", "县委宣传部")
    assert [s.marker + s.heading for s in doc.sections] == ["一、基本情况", "二、主要做法和成效", "三、存在的主要问题", "四、下步工作计划"]
    main = doc.sections[1]
    assert [c.marker for c in main.children] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）"]
    assert [g.marker + g.heading for g in main.children[0].children] == [
        "1.认真履行全面从严治党主体责任", "2.认真履行第一责任人责任", "3.认真履行领导班子成员全面从严治党“一岗双责”", "4.强化风险防控"]
    assert [c.marker for c in doc.sections[3].children] == ["（一）", "（二）", "（三）", "（四）"]
    assert doc.sections[2].paragraphs[0].startswith("一是对党员干部")
    assert {p.text for p in doc.placeholders} >= {"*", "***"}
