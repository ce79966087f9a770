"""`bigan parse FILE [--json]`: show what ingest makes of a file (tree, classification, noise)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .app import app


@app.command("parse")
def parse_command(
    file: Path = typer.Argument(..., help="要解析的文件（.txt .md .docx）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（source / noise / documents）"),
) -> None:
    """解析一篇往年材料：标题、体裁、年份、层级、标题树（含段落数与角色）、占位符、清除的噪声。"""
    from ..ingest import parse_file
    from ..ingest.read import iter_input_files

    (path,) = iter_input_files([file]) if not file.is_dir() else _single(file)
    result = parse_file(path)
    result.source = str(file)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_tree(result)


def _single(folder: Path) -> list[Path]:
    from ..errors import InputError
    from ..ingest.read import iter_input_files

    files = iter_input_files([folder])
    if len(files) != 1:
        raise InputError(f"这是文件夹（含 {len(files)} 个文件），请指定其中一个文件 (give one file)", path=folder)
    return files


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
