"""`bigan ingest`, `bigan search`, `bigan corpus list|stats|remove|prune` (the store area).

Heavy libraries (chromadb, jieba, the embedding model) are imported inside the commands so that
`bigan --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .app import CHROMA_URL_HELP, STORE_HELP, app, corpus_app

EMBEDDING_HELP = "嵌入模型：use（默认，内置）| e5（可选依赖）| openai:<模型名>，环境变量 BIGAN_EMBEDDING"


def _store(store: Optional[Path], chroma_url: Optional[str], embedding: Optional[str] = None):
    from ..config import load_settings
    from ..store.corpus import open_store

    return open_store(load_settings(store=store, chroma_url=chroma_url, embedding=embedding))


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _short(source: str) -> str:
    """A source path relative to the working folder when it is inside it (shorter to read)."""
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


def _print_json(data) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., help="文件或文件夹（.txt / .md / .docx）"),
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    embedding: Optional[str] = typer.Option(None, "--embedding", help=EMBEDDING_HELP),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 打印结果"),
) -> None:
    """把往年材料切分入库（增量：未变的文件跳过，改过的文件替换）。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    corpus = _store(store, chroma_url, embedding)
    console = _console()
    names = {"added": "新增", "unchanged": "未变", "replaced": "替换", "failed": "失败"}
    with Progress(
        TextColumn("入库"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        console=console, transient=True, disable=as_json or not console.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None)

        def on_file(done: int, total: int, source: str, status: str) -> None:
            bar.update(task, total=total, completed=done, description=f"{Path(source).name} {status}")
            if status in ("added", "replaced") and not as_json:  # one line per written file (a log)
                bar.console.print(f"{names[status]} {_short(source)}", soft_wrap=True, markup=False)

        report = corpus.ingest(paths, progress=on_file)
    failed = report.by_status("failed")
    if as_json:
        _print_json(report.to_dict())
    else:
        summary = report.summary()
        parts = "，".join(f"{names[k]} {summary[k]}" for k in names)
        if report.reparsed:  # same bytes, replaced because the parser or chunker improved
            parts = parts.replace(f"替换 {summary['replaced']}", f"替换 {summary['replaced']}（{len(report.reparsed)} 个因解析器已更新）")
        console.print(f"入库完成：{parts} 个文件；写入 {summary['chunks']} 个片段；用时 {report.seconds:.1f} 秒 → {corpus.where}",
                      soft_wrap=True, markup=False)
        if failed:  # last, one whole line per file (never wrapped): what to fix before the next run
            console.print(f"以下 {len(failed)} 个文件未入库 (failed)：", style="red", soft_wrap=True)
            for outcome in failed:
                console.print(f"跳过 {outcome.message}", soft_wrap=True, markup=False, highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command("search")
def search(
    query: str = typer.Argument(..., help="检索词，如 “理论学习中心组”"),
    genre: Optional[str] = typer.Option(None, "--genre", help="文种：inspection_report | integrity_report | …"),
    role: Optional[str] = typer.Option(None, "--role", help="段落作用：basic_info | work | problems | plans | other"),
    year: Optional[int] = typer.Option(None, "--year", help="年份"),
    k: int = typer.Option(5, "-k", "--k", min=1, max=100, help="返回条数"),
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    embedding: Optional[str] = typer.Option(None, "--embedding", help=EMBEDDING_HELP),
    as_json: bool = typer.Option(False, "--json", help='以 JSON 打印：{"results": [{"text", "score", "metadata"}]}'),
) -> None:
    """混合检索（BM25 + 向量，RRF 融合），可按文种、段落作用、年份过滤。"""
    from ..errors import InputError
    from ..types import GENRES, ROLES

    if genre and genre not in GENRES:
        raise InputError(f"未知文种，可用：{' | '.join(GENRES)}", field="--genre")
    if role and role not in ROLES:
        raise InputError(f"未知段落作用，可用：{' | '.join(ROLES)}", field="--role")
    hits = _store(store, chroma_url, embedding).search(query, k=k, genre=genre, role=role, year=year)
    if as_json:
        _print_json({"results": [{"id": h.id, "text": h.text, "score": h.score, "metadata": h.metadata} for h in hits]})
        return
    from rich.console import Console

    out = Console(highlight=False)
    if not hits:
        out.print("没有找到匹配的片段。")
        return
    for n, hit in enumerate(hits, 1):
        meta = hit.metadata
        path = meta.get("heading_path") or "（开头）"
        facts = " · ".join(str(meta[key]) for key in ("genre", "year", "role") if meta.get(key))
        out.print(f"[bold]{n}. {path}[/]  [dim]{hit.score:.4f}[/]")
        out.print(f"   [cyan]{meta.get('title') or ''}[/] [dim]{_short(str(meta.get('source', '')))} {facts}[/]")
        text = hit.text.replace("\n", " ")
        out.print("   " + (text[:160] + "……" if len(text) > 160 else text))


@corpus_app.command("list")
def corpus_list(
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 打印"),
) -> None:
    """列出已入库的文件（源文件已不在磁盘上的标为“缺失”）。"""
    sources = _store(store, chroma_url).list_sources()
    if as_json:
        _print_json({"sources": sources})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("文件", "标题", "文种", "年份", "片段", "源文件", show_lines=False)
    for s in sources:
        table.add_row(_short(s["source"]), str(s.get("title") or ""), str(s.get("genre") or ""),
                      str(s.get("year") or ""), str(s.get("chunks", "")), "[red]缺失[/]" if s["missing"] else "存在")
    out = Console(highlight=False)
    out.print(table if sources else "语料库为空。")
    missing = sum(s["missing"] for s in sources)
    if missing:
        out.print(f"{missing} 个文件的源文件已不在磁盘上；bigan corpus prune 可将其移出语料库。")


@corpus_app.command("stats")
def corpus_stats(
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 打印"),
) -> None:
    """语料库统计：文件、文档、片段数，按文种 / 段落作用 / 年份分布，嵌入模型。"""
    stats = _store(store, chroma_url).stats()
    if as_json:
        _print_json(stats)
        return
    from rich.console import Console

    out = Console(highlight=False)
    out.print(f"语料库 {stats['store']}（集合 {stats['collection']}）")
    out.print(f"文件 {stats['files']} · 文档 {stats['documents']} · 片段 {stats['chunks']}")
    out.print(f"嵌入模型 {stats['embedding_model'] or '—'}（{stats['embedding_dim'] or '—'} 维）")
    for key, label in (("by_genre", "文种"), ("by_role", "段落作用"), ("by_year", "年份")):
        out.print(f"{label}：" + "，".join(f"{k} {v}" for k, v in stats[key].items()))


@corpus_app.command("remove")
def corpus_remove(
    source: str = typer.Argument(..., help="文件路径或文件名（见 bigan corpus list）"),
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
) -> None:
    """从语料库中删除一个文件的全部片段。"""
    removed = _store(store, chroma_url).remove(source)
    _console().print(f"已删除 {source} 的 {removed} 个片段。")


@corpus_app.command("prune")
def corpus_prune(
    store: Optional[Path] = typer.Option(None, "--store", help=STORE_HELP),
    chroma_url: Optional[str] = typer.Option(None, "--chroma-url", help=CHROMA_URL_HELP),
    dry_run: bool = typer.Option(False, "--dry-run", help="只列出将被删除的文件，不改动语料库"),
    as_json: bool = typer.Option(False, "--json", help='以 JSON 打印：{"dry_run", "removed": {源文件: 片段数}}'),
) -> None:
    """删除源文件已不在磁盘上的全部入库文件及其片段。"""
    corpus = _store(store, chroma_url)
    gone = corpus.prune(dry_run=dry_run)
    if as_json:
        _print_json({"dry_run": dry_run, "removed": gone})
        return
    console = _console()
    verb = "将删除" if dry_run else "已删除"
    for source, chunks in gone.items():
        console.print(f"{verb} {_short(source)}（{chunks} 个片段）", soft_wrap=True, markup=False)  # one line per file
    if not gone:
        console.print(f"没有缺失的源文件，语料库未改动 → {corpus.where}")
    elif dry_run:
        console.print(f"演练：{len(gone)} 个文件、{sum(gone.values())} 个片段将被删除；语料库未改动。去掉 --dry-run 执行。")
    else:
        console.print(f"清理完成：删除 {len(gone)} 个文件、{sum(gone.values())} 个片段 → {corpus.where}")
