"""`bigan export DRAFT.json [-o out.docx] [--md out.md] [--style FILE]`."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import app


@app.command("export")
def export_cmd(
    draft_path: Path = typer.Argument(..., metavar="DRAFT.json", help="bigan draft 生成的 draft.json"),
    output: Path | None = typer.Option(None, "-o", "--output", help="输出 .docx（默认：与 draft.json 同名）"),
    md: Path | None = typer.Option(None, "--md", help="同时输出 Markdown"),
    style: Path | None = typer.Option(None, "--style", help="版式文件（覆盖 prompts/style.yaml），环境变量 BIGAN_STYLE"),
) -> None:
    """把 draft.json 排版为 GB/T 9704 公文格式的 .docx（及 Markdown）。"""
    from ..draftio import load_draft
    from ..atomic import write_atomic
    from ..export.docx import render_docx
    from ..text.placeholders import CANONICAL_RE as PLACEHOLDER_RE
    from ..export.markdown import render_markdown
    from ..export.style import load_style
    from ..outputs import Output, check_outputs

    if output is None and md is None:
        output = draft_path.with_suffix(".docx")
    check_outputs(Output("-o", output, ".docx"), Output("--md", md), inputs={" draft.json ": draft_path, "版式文件": style})
    draft = load_draft(draft_path)
    from ..resources import prompts_dir

    house = load_style(style, prompts=prompts_dir())  # before writing anything: a bad style file leaves no output
    if output is not None:
        render_docx(draft, output, house)
        typer.echo(f"已写出 {output}")
    if md is not None:
        write_atomic(md, render_markdown(draft, renumber=house.renumber))
        typer.echo(f"已写出 {md}")
    missing = sum(len(PLACEHOLDER_RE.findall(t)) for t in [draft.meta.opening, draft.meta.closing] + [s.text for s in draft.sections])
    if missing:
        typer.echo(f"提示：草稿中仍有 {missing} 处【待补充：…】（.docx 中已突出显示）")
    if draft.meta.offline:
        typer.echo("提示：这是离线草稿（未使用大模型）")
