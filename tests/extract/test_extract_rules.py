"""The rules on single sentences: what is this year's fact, what is a distractor, and its role."""

from __future__ import annotations

import pytest

from pipeline.extract.materials import split_sentences
from pipeline.extract.rules import Patterns, higher_levels, propose
from pipeline.extract.sentence import Sentence
from pipeline.extract.verify import unsupported


def fact(text: str, role: str | None = None, unit: str | None = "中共岚溪县委宣传部"):
    c = propose(Sentence("a.txt", "第1段", text, role=role), Patterns(2024, unit=unit))
    return (c.text, c.role) if c else None


def test_a_comparison_clause_is_taken_out_and_the_rest_kept():
    assert fact("全年处置网络舆情46起，上年处置39起。") == ("全年处置网络舆情46起", "work")
    assert fact("开展集中学习14次、专题研讨6次，较上年增加2次。") == ("开展集中学习14次、专题研讨6次", "work")
    assert fact("刊发稿件158篇，其中中央媒体27篇，同比增长16.2%。") == ("刊发稿件158篇，其中中央媒体27篇", "work")


@pytest.mark.parametrize("text", [
    "上年同期，宣讲团开展宣讲186场。",
    "2023年，部机关组织业务培训3期。",
    "比去年多开展监督检查6次。",
    "市委宣传部全年在中央媒体刊发稿件1200余篇。",
    "全市各县区中心组共开展集中学习210余次，我县学习频次位居全市前列。",
    "据市委网信办通报，全市全年处置网络舆情总量为680起。",
    "理论宣讲工作得到了群众的广泛好评，效果明显。",  # no number: a judgement, not a fact
    "理论教育股2024年工作总结",  # a title: only a year
])
def test_distractors_are_not_facts(text):
    assert fact(text) is None


def test_plans_and_problems_go_to_their_sections():
    assert fact("明年将力争在中央媒体刊发稿件30篇以上。")[1] == "plans"
    assert fact("2025年将新建理论宣讲示范点5个。")[1] == "plans"
    assert fact("下一步，将持续加强机关党的建设。", role="plans")[1] == "plans"
    assert fact("网评员队伍专业能力不足，正面引导声音还不够响亮。", role="problems")[1] == "problems"
    # under a neutral heading a problem needs no number
    assert fact("部分文明实践站活动开展不经常，群众参与度不高")[1] == "problems"


def test_a_named_document_is_a_figure_and_a_counted_quantity_an_activity():
    assert fact("制定印发《岚溪县委理论学习中心组2024年学习计划》。")[0].startswith("制定印发《")
    assert fact("回访执法对象85户，满意率98.8%") == ("回访执法对象85户，满意率98.8%", "work")


def test_the_levels_above_a_unit():
    assert higher_levels("中共岚溪县委宣传部") == "省|市"
    assert higher_levels("云岭市财政局") == "省"
    # a city's own 市委 sentence is its own work
    assert fact("市委理论学习中心组开展集中学习12次。", unit="中共云岭市委宣传部") is not None
    assert fact("市委理论学习中心组开展集中学习12次。", unit="中共岚溪县委宣传部") is None


def test_sentences_are_cut_at_stops_and_semicolons():
    assert split_sentences("一是学习12次；二是研讨6次。三是调研") == ["一是学习12次；", "二是研讨6次。", "三是调研"]


def test_verification_wants_numbers_as_written_in_the_source():
    source = "全年处置网络舆情46起，上年处置39起。"
    assert unsupported("全年处置网络舆情46起", source) == []
    assert unsupported("全年处置网络舆情四十六起", source)  # same value, not copied verbatim
    assert unsupported("全年处置网络舆情47起", source)
    assert unsupported("印发《学习计划》", "印发《年度学习计划》") == ["文件名《学习计划》不在原句中"]


def test_the_materials_reader_takes_role_headings_from_the_prompts_folder_it_is_given(tmp_path):
    import shutil

    from pipeline.extract.materials import read_materials
    from pipeline.resources import shipped_prompts

    folder = tmp_path / "prompts"
    shutil.copytree(shipped_prompts(), folder)
    vocab = folder / "extract.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("problems: [问题,", "problems: [症结所在, 问题,"), encoding="utf-8")
    material = tmp_path / "办公室.txt"
    material.write_text("一、症结所在\n个别干部对廉政风险点排查不够深入。\n", encoding="utf-8")

    def roles(prompts):
        return {s.text: s.role for s in read_materials([material], prompts)[0] if s.heading}

    assert roles(folder) == {"个别干部对廉政风险点排查不够深入。": "problems"}
    assert roles(None) == {"个别干部对廉政风险点排查不够深入。": None}  # the shipped list does not know the heading
