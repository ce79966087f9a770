"""The revision page with FastAPI's TestClient: rendering, actions, conflicts, token, export."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from revise_support import sse_events as _events

from pipeline.config import load_settings
from pipeline.revise import operations as ops
from pipeline.revise.web.app import CONFLICT_MESSAGE, create_app
from pipeline.testing.openai_server import OpenAIStubServer, fact_writer


LOCAL = "http://127.0.0.1:8765"


def _rev(path) -> int:
    return ops.load(path).meta.revision


@pytest.fixture
def offline_client(draft_path):
    return TestClient(create_app(draft_path, load_settings()), base_url=LOCAL)


def test_page_shows_outline_sections_facts_and_placeholders(offline_client, draft_path):
    draft = ops.load(draft_path)
    ops.edit_text(draft, "problems", "日常监督跟踪问效不够，全年约谈【待补充：约谈人次】。")
    ops.save(draft, draft_path)
    html = offline_client.get("/").text
    assert draft.meta.title in html
    for s in draft.sections:
        assert f'id="sec-{s.id}"' in html and f'data-nav="{s.id}"' in html
    assert "召开部务会专题研究党风廉政建设工作4次" in html  # a fact beside its section
    assert '<mark class="ph" title="待补充：请补充材料后替换">【待补充：约谈人次】</mark>' in html
    assert "离线模式" in html and "static/app.js" in html and "http" not in html.split("<body")[0].replace("http-equiv", "")
    assert offline_client.get("/static/app.css").status_code == 200


def test_offline_revise_refused_with_what_works(offline_client, draft_path):
    r = offline_client.post("/api/sections/work.1/revise", json={"instruction": "精炼", "revision": _rev(draft_path)})
    assert r.status_code == 503 and "换范文重写" in r.json()["error"]


def test_edit_undo_redo_and_stale_revision_conflict(offline_client, draft_path):
    r0 = _rev(draft_path)
    r = offline_client.post("/api/sections/problems/edit", json={"text": "新的问题表述。", "revision": r0})
    assert r.status_code == 200 and r.json()["revision"] == r0 + 1
    assert "新的问题表述" in r.json()["html"] and ops.load(draft_path).section("problems").text == "新的问题表述。"
    # a second tab still showing the old revision must not overwrite
    r = offline_client.post("/api/sections/problems/undo", json={"revision": r0})
    assert r.status_code == 409 and r.json()["error"] == CONFLICT_MESSAGE
    assert ops.load(draft_path).section("problems").text == "新的问题表述。"
    r = offline_client.post("/api/sections/problems/undo", json={"revision": r0 + 1})
    assert r.status_code == 200 and ops.load(draft_path).section("problems").current == 0
    r = offline_client.post("/api/sections/problems/redo", json={"revision": r0 + 2})
    assert r.status_code == 200 and ops.load(draft_path).section("problems").current == 1
    assert offline_client.post("/api/sections/problems/redo", json={"revision": r0 + 3}).status_code == 400
    assert offline_client.post("/api/sections/problems/undo", json={}).status_code == 400  # revision required
    d = offline_client.get("/api/sections/problems/diff", params={"a": 0, "b": 1}).json()
    assert "<ins>" in d["html"] and "<del>" in d["html"]


def test_revise_streams_then_accept(draft_path):
    reply = "召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个，层层压实管党治党责任。"
    with OpenAIStubServer([reply]) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True)
        client = TestClient(create_app(draft_path, settings), base_url=LOCAL)
        r0 = _rev(draft_path)
        r = client.post("/api/sections/work.1/revise", json={"instruction": "再精炼一些", "revision": r0})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = _events(r.text)
    tokens = "".join(d for e, d in events if e == "token")
    assert tokens == reply and len([e for e, _ in events if e == "token"]) > 3  # really streamed in pieces
    kind, done = events[-1]
    assert kind == "done" and done["revision"] == r0 + 1 and ("<ins>" in done["html"] or "<del>" in done["html"])
    assert "采纳" in done["html"]
    r = client.post("/api/sections/work.1/accept", json={"revision": r0 + 1})
    assert r.status_code == 200
    sec = ops.load(draft_path).section("work.1")
    assert sec.text == reply and sec.history[-1].instruction == "再精炼一些"


def test_revise_conflict_when_saved_elsewhere_meanwhile(draft_path):
    with OpenAIStubServer(["改后的正文。"]) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True)
        client = TestClient(create_app(draft_path, settings), base_url=LOCAL)
        r = client.post("/api/sections/work.1/revise", json={"instruction": "精炼", "revision": _rev(draft_path) - 1})
        assert r.status_code == 409 and r.json()["error"] == CONFLICT_MESSAGE


def test_edit_facts_recomposes(offline_client, draft_path):
    text = offline_client.get("/api/facts").json()["yaml"]
    assert "召开部务会专题研究党风廉政建设工作4次" in text
    r0 = _rev(draft_path)
    r = offline_client.post("/api/facts", json={"yaml": text.replace("工作4次", "工作5次"), "revision": r0})
    assert r.status_code == 200 and r.json()["changed"] == ["work.1"]
    assert "5次" in ops.load(draft_path).section("work.1").text
    bad = offline_client.post("/api/facts", json={"yaml": "genre: [", "revision": r0 + 1})
    assert bad.status_code == 400 and "YAML" in bad.json()["error"]


def test_export_docx_download(offline_client):
    r = offline_client.get("/export.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "attachment" in r.headers["content-disposition"]


def test_token_required_on_every_request(draft_path):
    client = TestClient(create_app(draft_path, load_settings(), token="s3cret-s3cret-s3cret"), base_url=LOCAL)
    assert client.get("/").status_code == 401
    assert client.get("/static/app.js").status_code == 401
    assert client.post("/api/sections/work/undo", json={"revision": _rev(draft_path)}).status_code == 401
    assert client.get("/", headers={"X-Bigan-Token": "wrong"}).status_code == 401
    r = client.get("/?token=s3cret-s3cret-s3cret")
    assert r.status_code == 200 and "bigan_token" in r.headers.get("set-cookie", "")
    assert client.get("/static/app.js").status_code == 200  # the cookie now carries it


def test_without_token_only_loopback_host_names(draft_path):
    client = TestClient(create_app(draft_path, load_settings()), base_url="http://evil.example")
    assert client.get("/").status_code == 403
    for ok in ("http://localhost:8765", "http://[::1]:8765", LOCAL):
        assert TestClient(create_app(draft_path, load_settings()), base_url=ok).get("/").status_code == 200


def test_regenerate_streams_and_goto_restores(draft_path):
    with OpenAIStubServer(reply_fn=fact_writer) as srv:
        settings = load_settings(model="stub-model", base_url=srv.base_url, api_key="sk-test", no_cache=True)
        client = TestClient(create_app(draft_path, settings), base_url=LOCAL)
        r0 = _rev(draft_path)
        r = client.post("/api/sections/work.2/regenerate", json={"revision": r0})
        events = _events(r.text)
    assert [e for e, _ in events].count("token") > 3
    assert events[-1][0] == "done" and "采纳" in events[-1][1]["html"]
    saved = ops.load(draft_path).section("work.2")
    assert saved.extra["candidate"]["kind"] == "regenerate"
    assert client.post("/api/sections/work.2/accept", json={"revision": r0 + 1}).status_code == 200
    assert client.post("/api/sections/work.2/goto", json={"index": 0, "revision": r0 + 2}).status_code == 200
    saved = ops.load(draft_path).section("work.2")
    assert saved.current == 0 and len(saved.history) == 2  # restoring an old version appends nothing, loses nothing


def test_regenerate_offline_without_store_explains(offline_client, draft_path):
    r = offline_client.post("/api/sections/work.2/regenerate", json={"revision": _rev(draft_path)})
    kind, data = _events(r.text)[-1]
    assert kind == "error" and "语料库" in data["error"]


def test_cross_site_requests_are_refused(offline_client, draft_path):
    r0 = _rev(draft_path)
    # a page elsewhere can send text/plain without a CORS preflight: not accepted
    r = offline_client.post("/api/sections/problems/undo", content=json.dumps({"revision": r0}),
                            headers={"Content-Type": "text/plain"})
    assert r.status_code == 400
    r = offline_client.post("/api/sections/problems/edit", json={"text": "x", "revision": r0},
                            headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert offline_client.post("/api/sections/problems/goto", json={"index": "x", "revision": r0}).status_code == 400
    assert _rev(draft_path) == r0  # nothing changed
