"""Revision operations on a real offline draft, with the local OpenAI-compatible server as the model."""

from __future__ import annotations

import re

import pytest

from pipeline.config import load_settings
from pipeline.draft.model import get_model
from pipeline.errors import ConfigError, InputError
from pipeline.revise import history
from pipeline.revise import operations as ops
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer
from pipeline.types import PLACEHOLDER_OPEN


def _settings(srv, **kw):
    return load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", **kw)


def test_revise_is_grounded_cleaned_and_waits_for_acceptance(draft_path):
    # The reply invents a number (99次) and adds a markdown heading: both must not survive.
    reply = "## 扛牢管党治党政治责任\n召开部务会专题研究党风廉政建设工作4次，另开展专项督查99次，压实了责任。"
    with OpenAIStubServer([reply], tokens_per_second=None) as srv:
        draft = ops.load(draft_path)
        before = draft.section("work.1").text
        tokens: list[str] = []
        model = get_model(_settings(srv, no_cache=True))
        version = ops.propose_revision(draft, "work.1", "再精炼一些", model, on_token=tokens.append)
        sent = srv.chat_requests[0]["json"]["messages"]
    assert "".join(tokens) == reply  # streamed as it came
    assert "再精炼一些" in sent[-1]["content"] and before[:20] in sent[-1]["content"]
    assert "召开部务会专题研究党风廉政建设工作4次" in sent[-1]["content"]  # the section's facts
    assert "99" not in re.sub(r"【待补充：[^】]*】", "", version.text) and PLACEHOLDER_OPEN in version.text
    assert "#" not in version.text and "4次" in version.text
    assert any(f.category == "GROUNDING" for f in version.findings)
    assert version.kind == "revise" and version.instruction == "再精炼一些"
    assert version.model and version.prompt_version
    sec = draft.section("work.1")
    assert sec.text == before and len(sec.history) == 1  # not yet accepted
    ops.accept(draft, "work.1")
    assert sec.text == version.text and sec.current == 1 and sec.history[1].kind == "revise"


def test_offline_refuses_instruction_with_what_works(draft_path):
    draft = ops.load(draft_path)
    model = get_model(load_settings())
    assert model.offline
    with pytest.raises(ConfigError) as info:
        ops.propose_revision(draft, "work.1", "再精炼一些", None)
    for words in ("换范文重写", "手工编辑", "修改事实"):
        assert words in info.value.message


def test_hand_edit_flags_but_keeps_the_writers_numbers(draft_path):
    draft = ops.load(draft_path)
    v = ops.edit_text(draft, "problems", "个别党员干部廉政风险意识不强，共有7人。\n\n监督跟踪问效不够。")
    sec = draft.section("problems")
    assert sec.text == "个别党员干部廉政风险意识不强，共有7人。\n监督跟踪问效不够。"
    assert "7人" in sec.text  # the writer's text is not rewritten …
    assert any(f.category == "GROUNDING" for f in v.findings)  # … but the unknown number is flagged
    assert sec.history[-1].kind == "edit"
    with pytest.raises(InputError):
        ops.edit_text(draft, "problems", sec.text)


def test_hand_edit_goes_through_the_sections_gates(draft_path):
    """The one checker's gates judge a revision as they judge a draft: a pasted label, the
    section's own facts left out."""
    draft = ops.load(draft_path)
    v = ops.edit_text(draft, "problems", "【范文】个别党员干部廉政风险意识不强。")
    codes = {(f.code, f.severity) for f in v.findings}
    assert ("MARKUP_LABEL", "error") in codes and ("GROUNDING_UNUSED_FACT", "error") in codes
    assert draft.section("problems").text == "【范文】个别党员干部廉政风险意识不强。"  # flagged, never rewritten


def test_three_revisions_and_undo_survive_saving(draft_path):
    replies = [f"第{n}稿：召开部务会专题研究党风廉政建设工作4次。" for n in ("一", "二", "三")]
    with OpenAIStubServer(replies) as srv:
        model = get_model(_settings(srv, no_cache=True))
        for n, instruction in enumerate(["精炼", "加强语气", "突出成效"]):
            draft = ops.load(draft_path)
            rev = draft.meta.revision
            ops.propose_revision(draft, "work.1", instruction, model)
            ops.accept(draft, "work.1")
            assert ops.save(draft, draft_path) == rev + 1
    draft = ops.load(draft_path)
    sec = draft.section("work.1")
    assert len(sec.history) == 4 and sec.current == 3
    ops.undo(draft, "work.1")
    ops.save(draft, draft_path)
    again = ops.load(draft_path)
    sec = again.section("work.1")
    assert sec.current == 2 and sec.text.startswith("第二稿") and len(sec.history) == 4
    assert [v.instruction for v in sec.history] == [None, "精炼", "加强语气", "突出成效"]
    d = ops.diff(again, "work.1", 2, 3)
    assert "".join(o.old for o in d if o.tag != "equal") == "二" and "".join(o.new for o in d if o.tag != "equal") == "三"


def test_unknown_section_names_the_choices(draft_path):
    draft = ops.load(draft_path)
    with pytest.raises(InputError) as info:
        ops.section(draft, "nope")
    assert "work.1" in info.value.message


def test_regenerate_offline_without_other_exemplars_says_so(draft_path):
    draft = ops.load(draft_path)
    with pytest.raises(InputError) as info:
        ops.propose_regenerate(draft, "work.2", load_settings())  # no store: the same text again
    assert "语料库" in info.value.message and history.candidate(draft.section("work.2")) is None


def test_regenerate_with_a_model_makes_a_candidate(draft_path):
    with OpenAIStubServer(reply_fn=fact_writer) as srv:
        draft = ops.load(draft_path)
        v = ops.propose_regenerate(draft, "work.2", _settings(srv, no_cache=True))
        sent = srv.chat_requests[0]["json"]["messages"]
    assert v.kind == "regenerate" and v.model == "stub-model"
    assert history.candidate(draft.section("work.2")).text == v.text
    assert "扎实开展党纪学习教育" in sent[-1]["content"]  # drafting's own section prompt
    assert "9次" in v.text  # the facts are still there


def test_edit_facts_recomposes_only_sections_using_changed_facts(draft_path):
    draft = ops.load(draft_path)
    facts = dict(draft.facts)
    sections = {k: list(v) for k, v in facts["sections"].items()}
    work = [dict(x) if isinstance(x, dict) else x for x in sections["work"]]
    work[0] = {**work[0], "facts": [f.replace("4次", "5次") for f in work[0]["facts"]]}
    sections["work"] = work
    facts["sections"] = sections
    before = {s.id: len(s.history) for s in draft.sections}
    result = ops.update_facts(draft, facts, load_settings())
    assert result.changed == ["work.1"]
    sec = draft.section("work.1")
    assert len(sec.history) == before["work.1"] + 1 and sec.history[-1].kind == "facts"
    assert "5次" in sec.text and "工作4次" not in sec.text
    assert all(len(s.history) == before[s.id] for s in draft.sections if s.id != "work.1")


def test_facts_yaml_round_trip_and_errors(draft_path):
    draft = ops.load(draft_path)
    text = ops.facts_yaml(draft)
    assert ops.parse_facts_yaml(text)["unit"] == draft.meta.unit
    with pytest.raises(InputError):
        ops.parse_facts_yaml("genre: [unclosed")
    with pytest.raises(InputError) as info:
        ops.parse_facts_yaml(text.replace("genre: integrity_report", "genre: poem"))
    assert info.value.field == "genre"


@pytest.mark.slow
def test_regenerate_draws_on_other_exemplars_from_the_store(draft_path, repo, tmp_path):
    from pipeline.store.corpus import open_store

    samples = sorted((repo / "corpus" / "samples").glob("integrity_report_*"))
    assert samples, "corpus/samples has integrity reports"
    open_store(load_settings(store=tmp_path / "store")).ingest(samples)
    leads = iter(["严格落实管党治党责任。", "层层压实责任，传导工作压力。"])
    with OpenAIStubServer(reply_fn=lambda body: next(leads) + fact_writer(body)) as srv:
        settings = _settings(srv, no_cache=True, store=tmp_path / "store")
        draft = ops.load(draft_path)
        ops.propose_regenerate(draft, "work.1", settings)
        ops.accept(draft, "work.1")
        used_first = {s.id for s in draft.section("work.1").sources}
        ops.propose_regenerate(draft, "work.1", settings)
        ops.accept(draft, "work.1")
        used_second = {s.id for s in draft.section("work.1").sources}
        prompts = [r["json"]["messages"][-1]["content"] for r in srv.chat_requests]
    assert used_first and used_second and not (used_first & used_second)  # other exemplars the second time
    assert prompts[0] != prompts[1] and "写法参考" in prompts[0]
    sec = draft.section("work.1")
    assert [v.kind for v in sec.history] == ["draft", "regenerate", "regenerate"]
