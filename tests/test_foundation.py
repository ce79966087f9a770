"""The foundation: error messages, settings layering, draft.json round trip."""

from __future__ import annotations

import json
import socket

import pytest

from pipeline.config import load_settings, require_model
from pipeline.draftio import load_draft, save_draft
from pipeline.errors import ConfigError, InputError
from pipeline.types import Draft, DraftMeta, Finding, SectionDraft, Version


def test_error_one_line_names_file_field_and_line():
    err = InputError("未知体裁 'foo'\n请检查", path="facts.yaml", field="genre", line=3)
    assert err.one_line() == "facts.yaml:3: genre: 未知体裁 'foo' 请检查"
    assert err.exit_code == 2


def test_settings_layers_and_secret(tmp_path, monkeypatch):
    cfg = tmp_path / "bigan.toml"
    cfg.write_text('[bigan]\nmodel = "from-file"\nconcurrency = 2\n', encoding="utf-8")
    monkeypatch.setenv("BIGAN_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")
    s = load_settings(cfg, concurrency=None, model=None)
    assert s.model == "from-env" and s.concurrency == 2
    assert s.api_key.get_secret_value() == "sk-secret"
    assert "sk-secret" not in json.dumps(s.public_dict()) and "sk-secret" not in repr(s)
    assert load_settings(cfg, model="cli").model == "cli"


def test_settings_bad_value_names_field(tmp_path):
    cfg = tmp_path / "bigan.toml"
    cfg.write_text("concurrency = 'many'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert info.value.field == "concurrency" and str(cfg) in info.value.one_line()


def test_require_model_refuses_none_and_the_offline_composer():
    class Model:
        def __init__(self, offline: bool) -> None:
            self.offline = offline

    for model in (None, Model(offline=True)):
        with pytest.raises(ConfigError) as info:
            require_model(model, "需要模型接口")
        assert info.value.message == "需要模型接口" and info.value.field == "model" and info.value.exit_code == 2
    require_model(Model(offline=False), "需要模型接口")  # an endpoint passes


def test_deadline_setting_from_file_env_and_its_bounds(tmp_path, monkeypatch):
    cfg = tmp_path / "bigan.toml"
    cfg.write_text("[bigan]\ndeadline = 240\n", encoding="utf-8")
    monkeypatch.delenv("BIGAN_DEADLINE", raising=False)
    monkeypatch.delenv("BIGAN_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path / "..")
    assert load_settings().deadline == 300 and load_settings(cfg).deadline == 240
    monkeypatch.setenv("BIGAN_DEADLINE", "90")
    assert load_settings(cfg).deadline == 90
    with pytest.raises(ConfigError) as info:
        load_settings(cfg, deadline=0)
    assert info.value.field == "deadline"


def test_config_update_creates_or_edits_only_the_given_keys(tmp_path):
    from pipeline.config import update_config_file

    fresh = tmp_path / "new" / "bigan.toml"
    update_config_file(fresh, {"concurrency": 1, "timeout": 230})
    assert fresh.read_text(encoding="utf-8") == "[bigan]\nconcurrency = 1\ntimeout = 230\n"

    flat = tmp_path / "flat.toml"  # keys at the top level, no [bigan] table: stays that way
    flat.write_text('model = "m"   # 本机\ntimeout = 20\n', encoding="utf-8")
    update_config_file(flat, {"timeout": 60, "deadline": 300})
    assert flat.read_text(encoding="utf-8") == 'model = "m"   # 本机\ntimeout = 60\ndeadline = 300\n'
    assert load_settings(flat).deadline == 300

    tables = tmp_path / "tables.toml"  # other tables only: a [bigan] table is added
    tables.write_text("# 注释\n[tool]\nx = 1", encoding="utf-8")
    update_config_file(tables, {"concurrency": 2})
    assert tables.read_text(encoding="utf-8") == "# 注释\n[tool]\nx = 1\n\n[bigan]\nconcurrency = 2\n"


def test_config_update_never_rewrites_what_it_cannot_read(tmp_path):
    from pipeline.config import update_config_file

    broken = tmp_path / "broken.toml"
    broken.write_text("[bigan\nconcurrency = 8\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        update_config_file(broken, {"concurrency": 1})
    assert str(broken) in info.value.one_line()
    dotted = tmp_path / "dotted.toml"
    dotted.write_text("bigan.concurrency = 8\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        update_config_file(dotted, {"concurrency": 1})
    assert broken.read_text(encoding="utf-8") == "[bigan\nconcurrency = 8\n"
    assert dotted.read_text(encoding="utf-8") == "bigan.concurrency = 8\n"


def test_draft_round_trip(tmp_path):
    draft = Draft(
        meta=DraftMeta(genre="work_summary", unit="青川县文化馆", year=2024, title="2024年工作总结"),
        sections=[
            SectionDraft(
                id="work",
                heading="主要工作及成效",
                text="正文",
                history=[Version(text="正文", findings=[Finding("PLACEHOLDER_CANONICAL", "warning", "一、", "待补充")])],
            )
        ],
    )
    path = tmp_path / "d" / "draft.json"
    save_draft(draft, path)
    again = load_draft(path)
    assert again.to_dict() == draft.to_dict()
    assert again.section("work").history[0].findings[0].category == "PLACEHOLDER"


def test_load_draft_rejects_other_json(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError, match="draft.json"):
        load_draft(bad)


def test_network_is_blocked_but_loopback_allowed():
    with pytest.raises(RuntimeError, match="blocked"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    c = socket.create_connection(srv.getsockname(), timeout=1)
    c.close()
    srv.close()


def test_cli_help_runs(cli):
    code, out, _ = cli("--help")
    assert code == 0 and "bigan" in out


def test_typer_exit_code_is_kept(monkeypatch):
    import typer

    from pipeline.cli import main
    from pipeline.cli.app import app

    @app.command("_exit_probe", hidden=True)
    def _probe() -> None:
        raise typer.Exit(3)

    try:
        assert main(["_exit_probe"]) == 3
    finally:
        app.registered_commands[:] = [c for c in app.registered_commands if c.name != "_exit_probe"]


def test_version_option(cli):
    from pipeline import __version__

    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"bigan {__version__}"
