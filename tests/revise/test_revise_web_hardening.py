"""`bigan serve` hardening: never framed, Origin checked with its scheme in both modes, no short
tokens, every 127.0.0.0/8 address is loopback."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.revise import operations as ops
from pipeline.revise.web.app import create_app

TOKEN = "k9-LongEnough-Token"
LOCAL = "http://127.0.0.1:8765"


def _client(draft_path, token=None, base_url=LOCAL) -> TestClient:
    return TestClient(create_app(draft_path, load_settings(), token=token), base_url=base_url)


def test_no_page_may_frame_it_in_either_mode(draft_path):
    for client, url in ((_client(draft_path), "/"), (_client(draft_path, TOKEN), f"/?token={TOKEN}"),
                        (_client(draft_path, TOKEN), "/")):  # the 401 page too
        r = client.get(url)
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY" and r.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("token", [None, TOKEN])
@pytest.mark.parametrize("origin, allowed", [
    (None, True),
    ("http://127.0.0.1:8765", True),
    ("https://127.0.0.1:8765", False),  # another scheme is another origin
    ("http://127.0.0.1:9999", False),
    ("http://evil.example", False),
    ("null", False),
])
def test_origin_checked_with_its_scheme_with_and_without_token(draft_path, token, origin, allowed):
    client = _client(draft_path, token)
    r0 = ops.load(draft_path).meta.revision
    headers = {"Origin": origin} if origin else {}
    if token:
        headers["X-Bigan-Token"] = token
    r = client.post("/api/sections/problems/edit", json={"text": "页面编辑的问题表述。", "revision": r0}, headers=headers)
    assert (r.status_code == 200) is allowed, r.text
    if not allowed:
        assert r.status_code == 403 and ops.load(draft_path).meta.revision == r0


def test_short_tokens_are_refused(draft_path, cli):
    with pytest.raises(ConfigError, match="至少 16 个字符"):
        create_app(draft_path, load_settings(), token="s3cret")
    code, _, err = cli("serve", str(draft_path), "--host", "0.0.0.0", "--token", "123456789012345", "--port", "1")
    assert code == 2 and "--token" in err and "至少 16 个字符" in err


@pytest.mark.parametrize("host", ["127.0.0.2", "127.1.2.3", "localhost", "[::1]"])
def test_every_loopback_address_is_served_without_a_token(draft_path, host):
    assert _client(draft_path, base_url=f"http://{host}:8765").get("/").status_code == 200
    assert _client(draft_path, base_url="http://128.0.0.1:8765").get("/").status_code == 403
