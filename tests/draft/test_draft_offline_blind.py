"""The offline drafter's prose on fact sheets written the many ways real writers write them
(tests/draft/data/blind/: facts ending in 。 or ；, 一是 prefixes, whole sentences with 本人/我/我局,
terse noun phrases, quotes and 书名号, Chinese numerals, headings with a trailing 。 or written as
sentences, missing sections) and on every example: properties a competent first draft has."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from draft_support import DATA, example_sheets

from pipeline.checks.grounding import context_allowed, ungrounded_numbers
from pipeline.text.placeholders import find_canonical
from pipeline.config import load_settings
from pipeline.draft.assemble import according_to, clean_heading, period_phrase
from pipeline.schema.factsheet_io import load_factsheet
from pipeline.draft.offline import clean_fact, compose, echoable, enumerate_facts, self_word
from pipeline.schema.outline import load_outline
from pipeline.draft.runner import run_draft
from pipeline.draft.whole import grounding_facts
from pipeline.draft.task import SectionTask
from pipeline.export.markdown import render_markdown

BLIND = sorted((DATA / "blind").glob("*.yaml"))
SHEETS = BLIND + example_sheets()

DOUBLED = re.compile(r"[。；，、：！？]{2,}|[。；，、：]”?[。；，]")
ENUM_TWICE = re.compile(r"[一二三四五六七八九十]+是(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十0-9]+[、)）．]|第[一二三四五六七八九十]+)")
UNIT_VOICE = re.compile(r"我(?:局|们|镇|县|区|市|委|部|院|校|单位|所|处|办)")


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """Every sheet drafted once offline: (sheet, draft, markdown)."""
    out = {}
    base = tmp_path_factory.mktemp("blind")
    for path in SHEETS:
        sheet = load_factsheet(path)
        draft = run_draft(path, load_settings(), json_path=base / f"{path.stem}.json", store=None)
        out[path.stem] = (sheet, draft, render_markdown(draft))
    return out


def test_blind_sheets_are_there():
    assert len(BLIND) >= 10
    genres = {load_factsheet(p).genre for p in BLIND}
    assert {"duty_report", "seminar_speech", "rectification_report"} <= genres


def _ids():
    return [p.stem for p in SHEETS]


@pytest.mark.parametrize("stem", _ids())
def test_no_doubled_punctuation_or_doubled_enumeration(drafts, stem):
    _, draft, md = drafts[stem]
    assert all(s.status == "done" for s in draft.sections)
    assert not DOUBLED.search(md), DOUBLED.search(md).group()
    assert not ENUM_TWICE.search(md), ENUM_TWICE.search(md).group()
    for s in draft.sections:
        # a single item is not numbered: 一是 always has a 二是
        if "一是" in s.text:
            assert "二是" in s.text, s.text


@pytest.mark.parametrize("stem", _ids())
def test_every_number_is_in_the_facts(drafts, stem):
    sheet, draft, _ = drafts[stem]
    allowed = grounding_facts(sheet)
    for s in draft.sections:
        assert not ungrounded_numbers(s.text, allowed), (s.id, s.text)
    context = context_allowed(year=sheet.year, date=draft.meta.date, period=sheet.period)
    for formula in (draft.meta.title, draft.meta.opening, draft.meta.closing):
        assert not ungrounded_numbers(formula, allowed, context), formula


@pytest.mark.parametrize("stem", _ids())
def test_no_heading_ends_with_a_stop(drafts, stem):
    _, draft, md = drafts[stem]
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings
    for line in headings:
        assert not line.rstrip().endswith(("。", "；", "，", "、")), line
    for s in draft.sections:
        assert not s.heading.endswith(("。", "；", "，")), s.heading


def _composer_text(text: str, facts: list[str]) -> str:
    """What the composer added around the facts (the facts' own words removed)."""
    for fact in sorted(facts, key=len, reverse=True):
        for form in {clean_fact(fact), clean_fact(fact, drop_self=True), clean_fact(fact, done=True)}:
            if form:
                text = text.replace(form, "")
    return text


@pytest.mark.parametrize("stem", _ids())
def test_first_person_is_consistent(drafts, stem):
    sheet, draft, _ = drafts[stem]
    facts = "\n".join(sheet.all_facts())
    for s in draft.sections:
        added = _composer_text(s.text, s.facts)
        if sheet.genre in ("duty_report", "seminar_speech"):
            assert not UNIT_VOICE.search(added), (s.id, added)  # one person speaks, not the unit
            if "本人" not in facts:
                assert "本人" not in added, (s.id, added)
            if sheet.genre == "duty_report" and "本人" in facts:
                assert not re.search(r"(?:^|[。，：])我(?!们)", added), (s.id, added)
        else:
            assert "本人" not in added and not re.search(r"(?:^|[。，：])我[^局们镇县区市委部院校]", added), (s.id, added)


@pytest.mark.parametrize("stem", _ids())
def test_no_stock_sentence_twice_in_one_report(drafts, stem):
    sheet, draft, _ = drafts[stem]
    added = "".join(_composer_text(s.text, s.facts) for s in draft.sections)
    added += draft.meta.opening + draft.meta.closing
    sentences = [x.strip() for x in re.split(r"[。：！？\n]", added)]
    sentences = [x for x in sentences if len(x) >= 8 and "【" not in x and not x.startswith(("一是", "二是"))]
    repeated = [x for x, n in Counter(sentences).items() if n > 1]
    assert not repeated, repeated


@pytest.mark.parametrize("stem", _ids())
def test_placeholders_name_an_outline_point(drafts, stem):
    sheet, draft, _ = drafts[stem]
    covers = {c for osec in load_outline(sheet.genre).sections for c in osec.covers}
    for s in draft.sections:
        for p in find_canonical(s.text):
            what = p.text[len("【待补充：") : -1]
            assert what in covers or what.endswith("的具体内容"), what


def _task(**over) -> SectionTask:
    values = dict(genre="integrity_report", genre_name="党风廉政建设责任制落实情况汇报", unit="某县某局", year=2024,
                  title="标题", section_id="work.1", heading="食品安全", role="work", parent_id="work", facts=["甲乙丙", "丁戊己"])
    values.update(over)
    return SectionTask(**values)


def test_writer_enumerations_and_stops_are_not_doubled():
    assert enumerate_facts(["一是召开会议4次。", "二是：签订责任书；覆盖全部股室；", "（三）开展谈话"]) == [
        "一是召开会议4次；二是签订责任书，覆盖全部股室；三是开展谈话。"]
    assert clean_fact("1.2万人次参加培训") == "1.2万人次参加培训"  # a decimal is not an enumeration
    assert clean_fact("提出“要讲规矩。”") == "提出“要讲规矩”"
    assert enumerate_facts(["只有一条。"]) == ["只有一条。"]
    # a bare activity in a work list gets its verb; in a list of problems it does not
    assert compose(_task(facts=["校园食品安全专项检查", "抽检食品612批"])).count("开展校园食品安全专项检查") == 1
    assert "开展" not in compose(_task(role="problems", parent_id=None, section_id="problems", facts=["日常监督检查", "抽检"]))
    assert enumerate_facts(list("甲乙丙丁戊己")) == ["一是甲；二是乙；三是丙。", "四是丁；五是戊；六是己。"]


def test_verb_and_sentence_headings_are_not_wrapped_in_stock_leads():
    assert echoable("食品安全") and echoable("体育工作")
    for heading in ("压紧压实管党治党政治责任", "坚持把政治建设摆在首位", "落实主体责任有差距", "本人分管的基础教育工作稳步推进，办学条件持续改善"):
        assert not echoable(heading)
        for role, parent in (("work", "work"), ("problems", "problems"), ("plans", "plans")):
            text = compose(_task(heading=heading, role=role, parent_id=parent, section_id=f"{parent}.1"))
            assert heading.rstrip("。") not in text, text
    assert compose(_task(heading="营商环境", section_id="work.2")).startswith("坚持把营商环境")


def test_first_person_follows_the_facts():
    duty = dict(genre="duty_report", genre_name="述职述廉报告", section_id="study", heading="述学", parent_id=None)
    assert self_word(_task(**duty, facts=["我参加学习10次"])) == "我"
    assert self_word(_task(**duty, facts=["本人参加学习10次"])) == "本人"
    assert self_word(_task(**duty, facts=["参加学习10次"])) == ""
    assert self_word(_task(**duty, facts=["我局召开会议"])) == ""
    text = compose(_task(**duty, facts=["我参加学习10次", "我撰写心得2篇"]))
    assert "本人" not in text and text.startswith("我始终") and "一是参加学习10次" in text
    assert "本人" not in compose(_task(facts=["我局召开会议2次", "我们开展检查3次"]))


def test_formulas_read_right_for_basis_period_and_author():
    assert according_to(None) == "根据上级有关安排"
    assert according_to("县委巡察组") == "根据县委巡察组安排"
    assert according_to("县委第二巡察组反馈意见") == "根据县委第二巡察组反馈意见"
    assert period_phrase("上半年", 2024) == "2024年上半年"
    assert period_phrase("全年", 2024) == "2024年"
    assert period_phrase("2021年以来", 2024) == "2021年以来"
    assert clean_heading("压紧压实管党治党政治责任。") == "压紧压实管党治党政治责任"


def test_blind_titles_and_openings(drafts):
    _, seminar, _ = drafts["b04_seminar"]
    assert seminar.meta.title == "东陵区委政法委副书记王立新在专题研讨会上的发言"
    _, rect, _ = drafts["b05_rectification"]
    assert rect.meta.opening.startswith("根据县委第二巡察组反馈意见，") and "意见安排" not in rect.meta.opening
    _, half, _ = drafts["b06_half_year_terse"]
    assert "上半年" in half.meta.title and half.sections[-1].text.startswith("下半年")
    _, inspection, _ = drafts["b02_inspection_first_person"]
    assert "2021年以来" in inspection.meta.title


def test_blind_sheet_files_are_valid_yaml_fact_sheets():
    for path in BLIND:
        assert load_factsheet(Path(path)).all_facts()
