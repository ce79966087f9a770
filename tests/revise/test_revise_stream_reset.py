"""A cut stream during a revision: the page is told to clear what it streamed ("reset") before the new reply."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from revise_support import sse_events as _events

from pipeline.config import load_settings
from pipeline.draft.model import get_model
from pipeline.revise import operations as ops
from pipeline.revise.web.app import HERE, create_app
from pipeline.testing.openai_server import Fault, OpenAIStubServer

REPLY = "召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个，层层压实管党治党责任。"


@pytest.mark.server
def test_cut_stream_sends_reset_then_only_the_kept_reply(draft_path):
    with OpenAIStubServer([REPLY, REPLY], faults=[Fault("cut", after=3)]) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True)
        client = TestClient(create_app(draft_path, settings, model=get_model(settings, backoff=0.01)),
                            base_url="http://127.0.0.1:8765")
        r = client.post("/api/sections/work.1/revise",
                        json={"instruction": "再精炼一些", "revision": ops.load(draft_path).meta.revision})
        assert [q["fault"] for q in srv.chat_requests] == ["cut", None]
    events = _events(r.text)
    kinds = [k for k, _ in events]
    assert kinds.count("reset") == 1 and kinds[-1] == "done"
    cut = kinds.index("reset")
    assert events[cut][1]["attempt"] == 2 and events[cut][1]["reason"]
    assert "token" in kinds[:cut]  # the page had shown part of the cut reply …
    assert "".join(d for k, d in events[cut + 1:] if k == "token") == REPLY  # … and then the whole new one
    assert ops.load(draft_path).section("work.1").extra["candidate"]["text"] == REPLY
    # the page's script clears the streamed text on "reset"
    assert 'event === "reset"' in (HERE / "static" / "app.js").read_text(encoding="utf-8")


@pytest.mark.server
def test_terminal_session_says_a_retry_drops_the_printed_text(draft_path):
    import io

    from rich.console import Console

    from pipeline.revise.terminal import RevisionSession

    script = iter(["revise work.1 再精炼一些", "quit"])
    out = io.StringIO()
    with OpenAIStubServer([REPLY, REPLY], faults=[Fault("cut", after=3)]) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True)
        session = RevisionSession(draft_path, settings, console=Console(file=out, force_terminal=False, width=200),
                                  read_line=lambda prompt: next(script))
        session._model = get_model(settings, backoff=0.01)
        session.run()
    text = out.getvalue()
    assert "以上作废，第 2 次尝试" in text
    assert REPLY in text.split("以上作废，第 2 次尝试", 1)[1]  # the kept reply streams after the note
