"""Whole-draft findings and unused facts are recomputed on every save, not frozen at drafting time."""

from __future__ import annotations

from pipeline.config import load_settings
from pipeline.draft.model import get_model
from pipeline.revise import operations as ops
from pipeline.testing.openai_server import OpenAIStubServer

BOOK_FACT = "部长与班子成员、班子成员与股室负责人层层签订党风廉政建设责任书38份"


def test_accepting_a_revision_that_uses_an_unused_fact_shrinks_unused_facts(draft_path):
    draft = ops.load(draft_path)
    assert BOOK_FACT not in draft.unused_facts
    # A hand edit drops the 38份 fact from work.1: after saving, the draft reports it unused.
    ops.edit_text(draft, "work.1", "召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个。"
                                   "制定《2024年度党风廉政建设工作要点》，细化主体责任清单4类36项。")
    ops.save(draft, draft_path)
    draft = ops.load(draft_path)
    assert BOOK_FACT in draft.unused_facts
    unused_before = len(draft.unused_facts)

    reply = ("召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个；制定《2024年度党风廉政建设工作要点》，细化主体责任清单4类36项，"
             "层层签订党风廉政建设责任书38份。")
    with OpenAIStubServer([reply], tokens_per_second=None) as srv:
        model = get_model(load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True))
        ops.propose_revision(draft, "work.1", "把责任书的数据加进去", model)
    ops.save(draft, draft_path)  # a pending proposal is not the text: still unused
    assert BOOK_FACT in ops.load(draft_path).unused_facts
    ops.accept(draft, "work.1")
    ops.save(draft, draft_path)
    saved = ops.load(draft_path)
    assert BOOK_FACT not in saved.unused_facts and len(saved.unused_facts) == unused_before - 1

    ops.undo(saved, "work.1")  # undo brings the edit back, and with it the unused fact
    ops.save(saved, draft_path)
    assert BOOK_FACT in ops.load(draft_path).unused_facts


def test_hand_edit_with_an_unknown_number_appears_in_whole_draft_findings(draft_path):
    draft = ops.load(draft_path)
    assert not any(f.category == "GROUNDING" for f in draft.findings)
    ops.edit_text(draft, "problems", "个别党员干部廉政风险意识不强，共有77人。\n监督跟踪问效不够。")
    ops.save(draft, draft_path)
    saved = ops.load(draft_path)
    grounding = [f for f in saved.findings if f.category == "GROUNDING"]
    assert grounding and any("77" in f.message for f in grounding)
    assert any(f.section_id == "problems" for f in grounding)


def test_page_shows_the_recomputed_whole_draft_panel(draft_path):
    from fastapi.testclient import TestClient

    from pipeline.revise.web.app import create_app

    client = TestClient(create_app(draft_path, load_settings()), base_url="http://127.0.0.1:8765")
    assert "起草时" not in client.get("/").text
    r = client.post("/api/sections/problems/edit",
                    json={"text": "个别党员干部廉政风险意识不强，共有77人。", "revision": ops.load(draft_path).meta.revision})
    assert r.status_code == 200
    whole = r.json()["whole"]  # the page swaps in this panel: the new finding is there at once
    assert 'id="draft-findings"' in whole and "GROUNDING" in whole and "77" in whole
    assert "77" in client.get("/").text.split('id="draft-findings"', 1)[1].split("</div>", 1)[0]
