"""`bigan revise` (terminal) and `bigan serve` (local web page). Registered on the app by import."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from ..config import require_model
from ..errors import ConfigError, InputError
from .app import CHROMA_URL_HELP, STORE_HELP, app


def _settings(model: str | None, store: Path | None, chroma_url: str | None, config: Path | None):
    from ..config import load_settings

    return load_settings(config, model=model, store=store, chroma_url=chroma_url)


@app.command("revise")
def revise_command(
    draft: Path = typer.Argument(..., help="draft.json（bigan draft --json 的输出）"),
    section: str | None = typer.Option(None, "--section", "-s", help="章节 id（如 work、work.2）；给出则不进入交互"),
    instruction: str | None = typer.Option(None, "--instruction", "-i", help="修改要求，如“再精炼一些”（需模型）"),
    regenerate: bool = typer.Option(False, "--regenerate", help="换范文重写该节（离线可用）"),
    accept: bool = typer.Option(False, "--accept", help="直接采纳修改并保存为当前版本"),
    model: str | None = typer.Option(None, "--model", help="模型名，环境变量 BIGAN_MODEL"),
    store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: str | None = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    config: Path | None = typer.Option(None, "--config", help="配置文件 bigan.toml"),
) -> None:
    """逐节修改草稿（终端交互，或用 --section 一次改一节）。

    不带 --section 进入交互：命令从标准输入逐行读取，可写成脚本（help 查看命令）。
    带 --section 与 --instruction（或 --regenerate）只改这一节，打印逐字对比；--accept 直接采纳。
    """
    settings = _settings(model, store, chroma_url, config)
    if section is None:
        if instruction or regenerate or accept:
            raise InputError("--instruction/--regenerate/--accept 需要同时给出 --section", field="section")
        from ..revise.terminal import RevisionSession

        RevisionSession(draft, settings).run()
        return
    _revise_once(draft, settings, section, instruction, regenerate, accept)


def _revise_once(draft_path: Path, settings, section: str, instruction: str | None, regenerate: bool, accept: bool) -> None:
    from rich.console import Console

    from ..revise import bridge, history
    from ..revise import operations as ops
    from ..revise.diff import char_diff, diff_plain, diff_rich, diff_stats

    out = Console()
    err = Console(stderr=True)
    if instruction and regenerate:
        raise InputError("--instruction 与 --regenerate 只能选一个", field="instruction")
    draft = ops.load(draft_path)
    base = draft.to_dict()  # what the page saves during the model's reply is merged onto this
    sec = ops.section(draft, section)
    if not instruction and not regenerate:
        if accept:
            ops.accept(draft, section)  # the candidate proposed earlier
            ops.save(draft, draft_path, base)
            out.print(f"已采纳：{section} 现为第 {sec.current + 1} 版。")
            return
        out.print(sec.text, highlight=False, markup=False)
        return
    model = bridge.get_model(settings)
    stream = (lambda t: err.print(t, end="", highlight=False, markup=False)) if err.is_terminal else None
    if instruction:
        require_model(model, ops.OFFLINE_MESSAGE)
        retry = (lambda n, why: err.print(f"\n[yellow]（{why}，以上作废，第 {n} 次尝试）[/yellow]")) if stream else None
        version = ops.propose_revision(draft, section, instruction, model, on_token=stream, on_retry=retry)
    else:
        version = ops.propose_regenerate(draft, section, settings, model=model)
    if stream:
        err.print()
    d = char_diff(sec.text, version.text)
    if out.is_terminal:
        out.print(diff_rich(d))
    else:
        print(diff_plain(d))
    for f in version.findings:
        err.print(f"[{f.severity}] {f.code}：{f.message}", highlight=False, markup=False)
    if accept:
        history.accept(sec)
    ops.save(draft, draft_path, base)
    verdict = f"已采纳，{section} 现为第 {sec.current + 1} 版" if accept else "修改稿已保存为待确认版本（bigan revise 中 accept 采纳）"
    err.print(f"{diff_stats(d).summary()}；{verdict}。", highlight=False, markup=False)


def _default_draft() -> Path | None:
    """draft.json or the one *.draft.json here; None (the new-report form) when there is no such file."""
    here = Path.cwd()
    if (here / "draft.json").is_file():
        return here / "draft.json"
    found = sorted(here.glob("*.draft.json"))
    return found[0] if len(found) == 1 else None


@app.command("serve")
def serve_command(
    draft: Path | None = typer.Argument(
        None, help="draft.json；省略时用当前目录的 draft.json 或唯一的 *.draft.json，没有则打开“新建报告”表单"),
    new: bool = typer.Option(False, "--new", help="打开“新建报告”表单（填写事实、存为 .yaml/.xlsx、起草），文件存入当前目录"),
    port: int = typer.Option(8765, "--port", help="端口"),
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址；非本机地址必须同时给出 --token"),
    token: str | None = typer.Option(None, "--token", help="访问令牌（环境变量 BIGAN_TOKEN）；绑定非本机地址时必需"),
    model: str | None = typer.Option(None, "--model", help="模型名，环境变量 BIGAN_MODEL"),
    store: Path | None = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: str | None = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    config: Path | None = typer.Option(None, "--config", help="配置文件 bigan.toml"),
) -> None:
    """在本机网页中逐节修改草稿，或新建一份报告（默认只监听 127.0.0.1）。"""
    from ..revise.web.hosts import MIN_TOKEN_CHARS, is_loopback

    token = token or os.environ.get("BIGAN_TOKEN") or None
    if not is_loopback(host) and not token:
        raise ConfigError("监听非本机地址时必须设置访问令牌：--token 或环境变量 BIGAN_TOKEN", field="host")
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ConfigError(f"访问令牌至少 {MIN_TOKEN_CHARS} 个字符（现为 {len(token)} 个）(token too short)", field="--token")
    if new and draft is not None:
        raise InputError("--new 与 draft.json 只能给一个", field="new")
    path = None if new else (draft or _default_draft())
    settings = _settings(model, store, chroma_url, config)
    import uvicorn

    from ..revise.web.app import create_app

    web = create_app(path, settings, token=token, new_dir=Path.cwd())
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    page = "" if path is not None else "new"
    url = f"http://{shown}:{port}/{page}" + (f"?token={token}" if token else "")
    what = "修改页面" if path is not None else "新建报告"
    print(f"bigan: {what} {url}  （Ctrl+C 退出）", file=sys.stderr)
    uvicorn.run(web, host=host, port=port, log_level="warning")
