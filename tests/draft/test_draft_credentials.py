"""Credentials in the endpoint URL (http://user:secret@host/v1) are used, never shown or stored."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.config import load_settings, redact_text, redact_url
from pipeline.draft.model import get_model
from pipeline.testing.openai_server import OpenAIStubServer

REPO = Path(__file__).resolve().parents[2]
SECRET = "s3cret-Pa55"


@pytest.mark.parametrize(
    "url, shown",
    [
        (f"http://user:{SECRET}@127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
        (f"https://{SECRET}@api.example.org/v1", "https://api.example.org/v1"),
        (f"user:{SECRET}@10.0.0.5:8000", "10.0.0.5:8000"),
        ("http://127.0.0.1:8000/v1?user=a@b", "http://127.0.0.1:8000/v1?user=a@b"),
        (None, None),
    ],
)
def test_redact_url(url, shown):
    assert redact_url(url) == shown


def _files_text(folder: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def test_draft_with_credentials_in_the_base_url_shows_and_stores_none(cli, tmp_path, monkeypatch, caplog):
    with OpenAIStubServer(default_reply="召开部务会专题研究党风廉政建设工作4次，层层压实责任。") as srv:
        url = srv.base_url.replace("http://", f"http://bigan:{SECRET}@")
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        monkeypatch.setenv("BIGAN_CACHE", str(tmp_path / "cache"))
        out = tmp_path / "out"
        with caplog.at_level(logging.DEBUG):
            code, stdout, stderr = cli("draft", REPO / "examples" / "integrity_report.yaml", "--model", "stub-model",
                                       "-o", out / "r.docx", "--md", out / "r.md", "--store", tmp_path / "store")
        assert code == 0, stderr
        assert srv.chat_requests[0]["headers"]["authorization"] == "Basic YmlnYW46czNjcmV0LVBhNTU="  # bigan:s3cret-Pa55, as httpx sends it
        settings = load_settings(model="stub-model")
        described = str(get_model(settings).describe())
    assert srv.base_url.split("//")[1] in stderr  # the endpoint is shown …
    for where, text in (("stderr", stderr), ("stdout", stdout), ("outputs", _files_text(out)), ("logs", caplog.text),
                        ("cache", _files_text(tmp_path / "cache")), ("describe()", described),
                        ("public_dict", str(settings.public_dict()))):
        assert SECRET not in text, where  # … without its password


def test_errors_naming_the_endpoint_hide_the_password(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("BIGAN_CHROMA_URL", f"http://bigan:{SECRET}@127.0.0.1:1")
    code, _, err = cli("search", "学习")
    assert code != 0 and "127.0.0.1:1" in err and SECRET not in err
    assert redact_text(f"无法连接 http://u:{SECRET}@h/v1 与 https://x@y") == "无法连接 http://h/v1 与 https://y"


def test_model_check_reports_the_endpoint_without_its_password(cli, monkeypatch, caplog):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    with OpenAIStubServer(default_reply="，".join(str(i) for i in range(1, 300)), context_window=8192) as srv:
        url = srv.base_url.replace("http://", f"http://bigan:{SECRET}@")
        with caplog.at_level(logging.DEBUG):
            code, out, err = cli("model", "check", "--model", "stub-model", "--base-url", url, "--json")
        assert srv.requests and srv.requests[0]["headers"]["authorization"].startswith("Basic ")
    assert srv.base_url in out  # the endpoint is reported …
    assert SECRET not in out + err + caplog.text  # … without its password
