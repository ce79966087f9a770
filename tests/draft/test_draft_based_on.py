"""`bigan draft FACTS --based-on 去年的报告`: last year's structure and wording, this year's facts.

The pair of reports (2023 and 2024) of the fictional 中共岚溪县委宣传部 and the 2024 fact sheet are
in tests/draft/data/based_on/. The 2024 report is what a writer made of it by hand; the offline
draft is measured against last year's report (leads kept, numbers leaked) and compared with it.
"""

from __future__ import annotations

import re

import pytest
from draft_support import DATA

from pipeline.checks.grounding import allowed_numbers
from pipeline.text.numbers import extract_numbers, same_quantity
from pipeline.config import load_settings
from pipeline.draft.assemble import assemble_text
from pipeline.draft.based_on import run_based_on
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.draft.whole import grounding_facts
from pipeline.draftio import load_draft
from pipeline.ingest import parse_file

BASED = DATA / "based_on"
LAST = BASED / "岚溪县委宣传部2023年工作总结.txt"
HUMAN = BASED / "岚溪县委宣传部2024年工作总结.txt"
FACTS = BASED / "facts_2024.yaml"


def lead_sentences(path) -> list[str]:
    """Last year's lead sentences, moved to this year (2023年 → 2024年): the opening's first
    sentence, the first sentence of every part that has a body, and the lead of every list."""
    doc = parse_file(path).documents[0]
    leads = [doc.preamble[0].split("。")[0] + "。"] if doc.preamble else []
    for section in doc.walk():
        if section.paragraphs:
            first = section.paragraphs[0]
            lead = first[: first.index("一是")] if "一是" in first else first.split("。")[0] + "。"
            leads.append(lead)
    return [re.sub(r"(20\d\d)(?=年)", lambda m: str(int(m.group(1)) + 1), s) for s in leads]


def draft_text(draft) -> str:
    return assemble_text(draft)


def body_numbers(path):
    """Every quantity last year's report states in its body (not its title, signature or date)."""
    doc = parse_file(path).documents[0]
    body = "\n".join([*doc.preamble, *(p for s in doc.walk() for p in [s.heading, *s.paragraphs])])
    return [n for n in extract_numbers(body) if not (n.unit == "年" and n.value >= 1900)]


@pytest.fixture(scope="module")
def offline_draft(tmp_path_factory):
    out = tmp_path_factory.mktemp("based_on") / "2024.draft.json"
    return run_based_on(FACTS, LAST, load_settings(), json_path=out), out


def test_lead_sentences_are_kept(offline_draft):
    draft, _ = offline_draft
    text = draft_text(draft)
    leads = lead_sentences(LAST)
    kept = [s for s in leads if s in text]
    print(f"lead sentences kept: {len(kept)}/{len(leads)}")
    assert len(leads) >= 8
    assert len(kept) / len(leads) >= 0.8, [s for s in leads if s not in text]


def test_no_number_of_last_year_survives_unless_this_years_facts_state_it(offline_draft):
    draft, _ = offline_draft
    sheet = load_factsheet(FACTS)
    this_year = allowed_numbers(grounding_facts(sheet))
    foreign = [n for n in body_numbers(LAST) if not any(same_quantity(n, a) for a in this_year)]
    assert len(foreign) >= 15  # the test means something: most of last year's figures changed
    stated = extract_numbers(draft_text(draft))
    leaked = [n.text for n in stated if any(same_quantity(n, f) for f in foreign)]
    print(f"last year's numbers not in this year's facts: {len(foreign)}; stated in the draft: {len(leaked)}")
    assert leaked == []
    # and every number the draft states is one of this year's
    assert all(any(same_quantity(n, a) for a in this_year) for n in stated)


def test_structure_comes_from_last_year_and_the_sheet_maps_onto_it(offline_draft):
    draft, _ = offline_draft
    headings = [f"{s.marker}{s.heading}" for s in draft.sections]
    assert headings[:3] == ["一、主要工作及成效", "（一）坚持理论武装，党的创新理论深入人心", "（二）坚持正面宣传，主流舆论持续壮大"]
    assert "三、2025年工作思路" in headings  # the year moved on
    assert "（六）文艺精品创作" in headings  # new this year, added after last year's five
    mapping = {m["facts"]: m["last_year"] for m in draft.extra["based_on"]["mapping"]}
    assert mapping["work › 意识形态工作"] == "（三）坚持守正创新，意识形态阵地巩固拓展"
    assert mapping["work › 干部队伍建设"] == "（五）坚持从严治党，宣传思想干部队伍素质不断提升"
    assert draft.extra["based_on"]["unmapped"] == ["主要工作及成效 › 文艺精品创作"]
    assert draft.meta.title == "中共岚溪县委宣传部2024年工作总结"


def test_the_change_list(offline_draft):
    draft, _ = offline_draft
    changes = draft.extra["changes"]
    changed = [(c["last_year"], c["this_year"]) for c in changes if c["kind"] == "changed"]
    assert any(a.endswith("集中学习12次") and b.endswith("集中学习14次") for a, b in changed)
    assert any(a.endswith("处置网络舆情39起") and b.endswith("处置网络舆情46起") for a, b in changed)
    assert not any("6次" in a for a, _ in changed)  # 专题研讨6次 did not change
    dropped = " ".join(c["last_year"] for c in changes if c["kind"] == "dropped")
    assert "茶文化旅游节" in dropped  # last year's dated event (5月)
    assert "扎实开展主题教育" in dropped  # last year's campaign, not in this year's facts
    new = {c["this_year"] for c in changes if c["kind"] == "new"}
    assert "扎实开展党纪学习教育，举办专题读书班2期" in new
    assert "督促整改问题12个" in new  # the part of a fact last year's sentence had no room for
    text = draft_text(draft)
    assert "茶文化旅游节" not in text and "主题教育" not in text
    assert "党纪学习教育" in text and "督促整改问题12个" in text


def test_close_to_what_the_writer_wrote_by_hand(offline_draft):
    """How many of the draft's body sentences the writer's own 2024 report has word for word."""
    draft, _ = offline_draft
    human = HUMAN.read_text(encoding="utf-8")
    sentences = [s for sec in draft.sections for s in re.findall(r"[^。]+。", sec.text)]
    same = [s for s in sentences if s.lstrip("此外，") in human]
    print(f"draft sentences found verbatim in the hand-written 2024 report: {len(same)}/{len(sentences)}")
    assert len(same) / len(sentences) >= 0.6


def test_docx_has_the_change_list_as_its_second_part_and_check_ignores_it(offline_draft, tmp_path, cli):
    from docx import Document

    draft, json_path = offline_draft
    from pipeline.export.docx import render_docx

    out = render_docx(draft, tmp_path / "2024.docx")
    doc = Document(out)
    assert len(doc.sections) == 2 and len(doc.tables) == 1
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["类别", "位置", "上年表述", "本年表述"]
    assert any("集中学习12次" in c.text for row in doc.tables[0].rows for c in row.cells)
    code, stdout, err = cli("check", out, "--facts", FACTS)
    assert code == 0, stdout + err  # last year's numbers in the 对照表 are not the report's


def test_cli_based_on_a_docx_of_last_year(cli, tmp_path):
    from docx import Document

    last = Document()
    for line in LAST.read_text(encoding="utf-8").splitlines():
        last.add_paragraph(line)
    last.save(tmp_path / "去年的报告.docx")
    code, stdout, err = cli("draft", FACTS, "--based-on", tmp_path / "去年的报告.docx", "-o", tmp_path / "今年.docx", "-q")
    assert code == 0, err
    assert "以上年报告 去年的报告.docx 为底稿" in err and "文艺精品创作" in err
    draft = load_draft(tmp_path / "今年.draft.json")
    assert draft.meta.outline.endswith("今年.outline.yaml")
    assert "全年开展集中学习14次" in draft.section("work.1").text
    # revise and check find the outline the draft was written to
    code, stdout, err = cli("check", tmp_path / "今年.draft.json")
    assert code == 0, stdout + err


def test_based_on_a_stored_source(tmp_path):
    from pipeline.store.corpus import open_store

    settings = load_settings(store=tmp_path / "store")
    store = open_store(settings)
    store.ingest([LAST])
    draft = run_based_on(FACTS, LAST.name, settings)
    assert draft.extra["based_on"]["source"] == LAST.name
    assert [s.heading for s in draft.sections][:2] == ["主要工作及成效", "坚持理论武装，党的创新理论深入人心"]


def test_bad_input(cli, tmp_path):
    code, _, err = cli("draft", FACTS, "--based-on", tmp_path / "nowhere" / "去年.docx")
    assert code == 2 and "去年.docx" in err
    flat = tmp_path / "flat.txt"
    flat.write_text("今年工作很多。\n没有标题。\n", encoding="utf-8")
    code, _, err = cli("draft", FACTS, "--based-on", flat)
    assert code == 2 and "flat.txt" in err and "一级标题" in err
    code, _, err = cli("draft", FACTS, "--based-on", LAST, "--resume", tmp_path / "x.draft.json")
    assert code == 2 and "--based-on" in err
