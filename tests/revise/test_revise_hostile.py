"""Hostile input to revision: the page's fact sheet editor and badly typed draft.json files."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pipeline.config import load_settings
from pipeline.revise import operations as ops
from pipeline.revise.web.app import create_app
from pipeline.testing.hostile import alias_bomb

LOCAL = "http://127.0.0.1:8765"


def test_posted_fact_sheet_with_an_alias_bomb_is_refused(draft_path):
    client = TestClient(create_app(draft_path, load_settings()), base_url=LOCAL)
    before = draft_path.read_bytes()
    bomb = alias_bomb(unit="中共青川县委宣传部")  # 240 KB that a validator would expand to 8 M characters
    r = client.post("/api/facts", json={"yaml": bomb, "revision": ops.load(draft_path).meta.revision})
    assert r.status_code == 400 and "别名展开后过大" in r.json()["error"]
    assert draft_path.read_bytes() == before
