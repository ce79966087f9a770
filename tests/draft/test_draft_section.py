"""One section with a fake chat model: cleaning, grounding, regeneration, prompt budget."""

from __future__ import annotations

from draft_support import BrokenStore, FakeModel, FakeStore, LengthCutModel

from pipeline.config import load_settings
from pipeline.draft.section import build_messages, clean_reply, draft_section, is_english
from pipeline.draft.task import SectionTask
from pipeline.types import SearchHit


def _task(**over) -> SectionTask:
    values = dict(genre="integrity_report", genre_name="党风廉政建设责任制落实情况汇报", unit="中共示例县委办公室", year=2024,
                  title="示例汇报", section_id="work.1", heading="压实主体责任", role="work", level=2, marker="（一）",
                  parent_id="work", parent_heading="主要做法和成效", siblings=["加强纪律教育"],
                  facts=["召开专题会议研究党风廉政建设4次", "签订党风廉政建设责任书26份"])
    values.update(over)
    return SectionTask(**values)


def test_invented_numbers_and_legacy_placeholders_are_replaced():
    model = FakeModel("全年召开专题会议4次，签订责任书26份，开展谈话37人次，XX项制度得到落实。")
    result = draft_section(_task(), model)
    assert "4次" in result.text and "26份" in result.text
    assert "37" not in result.text and "XX" not in result.text
    assert result.text.count("【待补充：") == 2
    codes = {f.code for f in result.findings}
    assert {"GROUNDING_UNKNOWN_NUMBER", "PLACEHOLDER_LEGACY"} <= codes
    assert all(f.section_id == "work.1" for f in result.findings)


def test_markdown_and_repeated_heading_are_stripped():
    reply = "### （一）压实主体责任\n**一是**召开专题会议研究党风廉政建设4次；\n- 二是签订党风廉政建设责任书26份。\n```"
    text, findings = clean_reply(reply, _task())
    assert text == "一是召开专题会议研究党风廉政建设4次；\n二是签订党风廉政建设责任书26份。"
    assert [f.code for f in findings] == ["FORMAT_MARKDOWN_STRIPPED"]


def test_english_drift_is_dropped_and_reported():
    reply = "一是召开专题会议4次。\nIn addition, the committee held several meetings to discuss integrity work."
    text, findings = clean_reply(reply, _task())
    assert text == "一是召开专题会议4次。"
    assert findings[0].code == "LANGUAGE_ENGLISH_DRIFT" and findings[0].severity == "warning"
    assert not is_english("学习《中国共产党纪律处分条例》和 PPT 课件")


def test_an_all_english_reply_is_asked_again_then_falls_back_to_the_offline_composer():
    english = "The section describes the main work in detail and lists results."
    model = FakeModel(english, english)
    result = draft_section(_task(), model)
    assert len(model.calls) == 2 and "漏写了本节的事实" in model.calls[1][1]["content"]
    assert result.fallback and result.model == "offline" and result.asks == 2
    assert "4次" in result.text and "26份" in result.text  # the offline composer states every fact
    assert "GATE_FALLBACK" in {f.code for f in result.findings}


def test_regenerates_once_when_asked_and_states_the_violation():
    second = "召开专题会议研究党风廉政建设4次，签订党风廉政建设责任书26份。"
    model = FakeModel("召开专题会议研究党风廉政建设4次，签订党风廉政建设责任书26份，开展谈话37人次。", second)
    settings = load_settings(regenerate_on_violation=True)
    result = draft_section(_task(), model, settings=settings)
    assert len(model.calls) == 2
    assert "37" in model.calls[1][1]["content"] and "上一稿出现了事实中没有的数字" in model.calls[1][1]["content"]
    assert result.text == second and not result.fallback
    assert "GATE_ASKED_AGAIN" in {f.code for f in result.findings}


def test_prompt_carries_facts_and_style_only_exemplars_within_budget():
    hits = [SearchHit(id=f"c{i}", text="坚持把党风廉政建设摆在突出位置。" * 40, score=1.0 - i / 10,
                      metadata={"source": "a.txt", "heading_path": "二、主要做法 › （一）压实责任"}) for i in range(3)]
    store = FakeStore(hits)
    model = FakeModel("召开专题会议研究党风廉政建设4次。")
    result = draft_section(_task(), model, store=store, settings=load_settings(exemplars=3))
    user = model.calls[0][1]["content"]
    assert "召开专题会议研究党风廉政建设4次" in user and "写法参考1" in user
    # Other sections' headings are not in the prompt: small models then write about them.
    assert "加强纪律教育" not in user
    assert store.queries[0][1:] == (3, "integrity_report", "work")
    assert [s.id for s in result.sources] == ["c0", "c1", "c2"]
    assert result.sources[0].heading_path == ["二、主要做法", "（一）压实责任"]
    messages, tokens = build_messages(_task(exemplars=[h.text for h in hits]), budget=900)
    assert tokens <= 900 or "写法参考" not in messages[1]["content"]
    assert messages[1]["content"].count("写法参考") < 3


def test_a_broken_store_costs_only_the_exemplars():
    result = draft_section(_task(), FakeModel("召开专题会议研究党风廉政建设4次。"), store=BrokenStore())
    assert result.text and result.sources == []


def test_passages_copied_from_exemplars_are_flagged():
    exemplar = "坚持把党风廉政建设同业务工作同谋划同部署同落实同检查同考核，推动管党治党责任层层压实、落地见效，确保各项要求落到实处。"
    hits = [SearchHit(id="c0", text=exemplar, score=1.0, metadata={"source": "old.txt"})]
    copied = exemplar + "召开专题会议研究党风廉政建设4次，签订党风廉政建设责任书26份。"
    model = FakeModel(copied, copied)
    result = draft_section(_task(), model, store=FakeStore(hits), settings=load_settings(exemplars=1))
    # Copying fails the gate: the model is asked again, stating it; copied twice, the offline
    # composer writes the section and the copy is the reason on record.
    assert len(model.calls) == 2 and "照抄" in model.calls[1][1]["content"]
    assert result.fallback and "照抄" in result.fallback and exemplar[:20] not in result.text
    assert "GATE_FALLBACK" in {f.code for f in result.findings}


def test_numbered_bullets_go_but_decimal_numbers_stay():
    text, _ = clean_reply("1. 召开专题会议研究党风廉政建设4次；\n1.5万人次参加学习。", _task())
    assert text == "召开专题会议研究党风廉政建设4次；\n1.5万人次参加学习。"


def test_a_reply_cut_by_the_length_limit_is_flagged():
    model = LengthCutModel("召开专题会议研究党风廉政建设4次，", "召开专题会议研究党风廉政建设4次，签订党风廉政建设责任书26份。")
    result = draft_section(_task(), model)
    # A reply cut at max_tokens is a defect: asked again, and the second (also cut) falls back.
    assert len(model.calls) == 2 and "输出超长" in model.calls[1][1]["content"]
    assert result.fallback and "输出超长" in result.fallback


def test_another_prompts_folder_is_used(tmp_path, small_sheet):
    import shutil

    from pipeline.draft.runner import run_draft
    from pipeline.resources import prompts_dir

    copy = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), copy)
    outline = copy / "outlines" / "integrity_report.yaml"
    outline.write_text(outline.read_text(encoding="utf-8").replace("heading: 基本情况", "heading: 单位概况"), encoding="utf-8")
    model = FakeModel(*["内设股室5个。"] * 6)
    draft = run_draft(small_sheet, load_settings(prompts=copy), model=model, store=None)
    assert draft.section("basic_info").heading == "单位概况"
    assert "单位概况" in model.calls[0][1]["content"] or any("单位概况" in c[1]["content"] for c in model.calls)


def test_a_section_without_facts_is_not_sent_to_the_model():
    """A model could only invent or copy: the offline composer lays out the outline's points instead."""
    model = FakeModel("一是加强宣传引导，提高群众满意度。")
    task = _task(section_id="problems", heading="存在的主要问题", role="problems", level=1, marker="三、",
                 parent_id=None, parent_heading=None, facts=[], covers=["思想认识方面", "风险防控方面"])
    result = draft_section(task, model)
    assert model.calls == [] and result.model == "offline" and not result.fallback
    assert "【待补充：思想认识方面】" in result.text and "群众满意度" not in result.text
    assert "SECTION_NO_FACTS" in {f.code for f in result.findings}
