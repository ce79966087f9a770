"""`bigan facts extract`: facts of the year proposed from the departments' materials."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import facts_app


@facts_app.command("extract")
def facts_extract(
    materials: list[Path] = typer.Argument(..., help="材料文件夹或文件（.docx .txt .md .xlsx），可给多个"),
    genre: str = typer.Option(..., "--genre", help="报告体裁 id，如 work_summary、integrity_report"),
    out: Path = typer.Option(Path("事实清单.yaml"), "-o", "--out", help="输出事实清单 .yaml"),
    year: Optional[int] = typer.Option(None, "--year", help="报告年度（默认取材料中最常出现的年份）"),
    unit: Optional[str] = typer.Option(None, "--unit", help="单位全称，如“中共岚溪县委宣传部”"),
    model: Optional[str] = typer.Option(None, "--model", help="模型名；不配置时用离线规则提取。环境变量 BIGAN_MODEL"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="OpenAI 兼容接口地址，环境变量 OPENAI_BASE_URL"),
    no_cache: bool = typer.Option(False, "--no-cache", help="不使用模型回复缓存"),
    config: Optional[Path] = typer.Option(None, "--config", help="配置文件 bigan.toml"),
) -> None:
    """从各股室报送的材料中提取本年度事实，按提纲章节归类，每条注明出处；核对后用 bigan draft 起草。"""
    from collections import Counter

    from rich.console import Console

    from ..config import load_settings
    from ..errors import InputError
    from ..extract.run import extract_facts
    from ..extract.sheet import write_sheet

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if out.suffix.lower() not in (".yaml", ".yml"):
        raise InputError("输出文件应为 .yaml (output must be .yaml)", path=out, field="-o")
    from ..outputs import Output, check_outputs

    check_outputs(Output("-o", out))  # before reading any material
    settings = load_settings(config, model=model, base_url=base_url, no_cache=True if no_cache else None)
    extraction, outline = extract_facts(materials, genre, year=year, unit=unit, settings=settings)
    write_sheet(extraction, outline, out)
    counts = Counter(f.section for f in extraction.facts)
    per = "，".join(f"{(outline.section(s).heading or s)} {n}" for s, n in counts.items())
    console.print(
        f"从 {len(extraction.files)} 份材料中提取事实 {len(extraction.facts)} 条（{per}；{extraction.mode}），"
        f"年度 {extraction.year}" + (f"；未通过核对舍弃 {len(extraction.dropped)} 条" if extraction.dropped else "")
    )
    if unit is None:
        console.print("[yellow]注意：未给出 --unit，单位名称请在事实清单中填写[/yellow]")
    console.print("请逐条核对、删去不需要的事实后运行：bigan draft " + str(out))
    typer.echo(str(out))
