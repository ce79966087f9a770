"""`bigan parse FILE [--json]`: show what ingest makes of a file (tree, classification, noise)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .app import app


@app.command("parse")
def parse_command(
    paths: list[Path] = typer.Argument(..., help="要解析的文件或文件夹（.txt .md .docx），可给多个"),
    as_json: bool = typer.Option(
        False, "--json", help="输出 JSON：单个文件时为一个对象；文件夹或多个文件时每行一个对象（JSON Lines）"
    ),
) -> None:
    """解析往年材料：标题、体裁、年份、层级、标题树（含段落数与角色）、占位符、清除的噪声。

    给一个文件时输出与以往完全相同；给文件夹或多个文件时逐个输出（--json 为 JSON Lines，每行一个文件）。
    """
    from ..ingest import parse_file
    from ..ingest.read import iter_input_files

    if len(paths) == 1 and not paths[0].is_dir():
        (path,) = iter_input_files(paths)  # one FILE: exactly the documented single object
        result = parse_file(path)
        result.source = str(paths[0])
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            _print_tree(result)
        return
    raise typer.Exit(_parse_many(iter_input_files(paths), as_json, parse_file))


def _parse_many(files: list[Path], as_json: bool, parse_file) -> int:
    """Each file in turn; a bad file is reported on stderr (one line) and the rest still parse."""
    import sys

    from ..errors import BiganError

    code = 0
    for path in files:
        try:
            result = parse_file(path)
        except BiganError as exc:
            print(f"bigan: 错误: {exc.one_line()}", file=sys.stderr)
            code = code or exc.exit_code
            continue
        if as_json:
            typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))  # JSON Lines: one file a line
        else:
            typer.echo(f"== {path} ==")
            _print_tree(result)
    return code


def _print_tree(result) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    from ..types import GENRE_NAMES

    console = Console()
    for n, doc in enumerate(result.documents, 1):
        genre = f"{doc.genre}（{GENRE_NAMES[doc.genre]}）" if doc.genre else "未识别"
        head = f"[bold]{escape(doc.title or '（无标题）')}[/bold]"
        if len(result.documents) > 1:
            head = f"文档 {n}/{len(result.documents)}：" + head
        tree = Tree(head)
        tree.add(
            f"体裁 {genre} · 年份 {doc.year or '—'} · 层级 {doc.org_level or '—'} · 单位 {escape(doc.unit or '—')}"
            + (f" · 主送 {escape(doc.addressee)}" if doc.addressee else "")
        )
        if doc.preamble:
            tree.add(f"[dim]开头 {len(doc.preamble)} 段：{escape(doc.preamble[0][:30])}…[/dim]")
        for section in doc.sections:
            _add_section(tree, section, escape)
        if doc.closing:
            tree.add(f"[dim]结尾：{escape(' / '.join(doc.closing))}[/dim]")
        if doc.placeholders:
            shown = "、".join(sorted({p.text for p in doc.placeholders})[:12])
            tree.add(f"[yellow]旧式占位符 {len(doc.placeholders)} 处：{escape(shown)}[/yellow]")
        console.print(tree)
    console.print(f"[bold]清除的噪声[/bold]：{len(result.noise)} 处" if result.noise else "未发现噪声")
    for removal in result.noise:
        where = f"第{removal.line}行 " if removal.line else ""
        console.print(f"  [red]-[/red] {where}{escape(removal.text[:60])}  [dim]（{escape(removal.reason)}）[/dim]")


def _add_section(parent, section, escape) -> None:
    role = f" [cyan]{section.role}[/cyan]" if section.role else ""
    paras = f" [dim]{len(section.paragraphs)}段[/dim]" if section.paragraphs else ""
    node = parent.add(f"{escape(section.marker)}{escape(section.heading)}{role}{paras}")
    for child in section.children:
        _add_section(node, child, escape)
