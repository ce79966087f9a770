"""`bigan facts …`: fact sheets for writers who do not edit YAML. One command per function below."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import facts_app


@facts_app.command("template")
def template_command(
    genre: Optional[str] = typer.Argument(None, help="体裁 id，如 integrity_report（用 --from 时可省略）"),
    out: Path = typer.Option(Path("事实清单.xlsx"), "-o", "--out", help="输出 .xlsx（Excel）或 .docx（Word）"),
    from_sheet: Optional[Path] = typer.Option(None, "--from", help="用已有的事实清单（.yaml/.xlsx/.docx）填好模板，即格式转换"),
    outline: Optional[str] = typer.Option(None, "--outline", help="自定义提纲文件 (YAML)；默认按体裁"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
) -> None:
    """写出事实清单填写模板：基本信息一张表，提纲每一节一张表（小标题、事实两列），附填写说明。"""
    import sys

    from ..config import load_settings
    from ..schema.factsheet_io import load_factsheet
    from ..schema.factsheet_io import template_bytes
    from ..schema.outline import load_outline
    from ..atomic import write_atomic
    from ..errors import InputError
    from ..types import GENRES

    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".docx"):
        raise InputError(f"模板只能是 .xlsx 或 .docx，不是 {out.suffix or '(无扩展名)'} (unsupported format)", path=out)
    if out.exists() and not force:
        raise InputError("输出文件已存在；确认要覆盖请加 --force (file exists)", path=out)
    from ..outputs import Output, check_outputs

    check_outputs(Output("-o", out), inputs={" --from 的事实清单": from_sheet})
    if genre is None and from_sheet is None:
        raise InputError(f"请给出体裁：{', '.join(GENRES)}", field="genre")
    if genre is not None and genre not in GENRES and outline is None:
        raise InputError(f"未知体裁 {genre!r}，应为：{', '.join(GENRES)}", field="genre")
    prompts = load_settings().prompts
    sheet = load_factsheet(from_sheet, outline, prompts) if from_sheet is not None else None
    if from_sheet is not None and from_sheet.resolve() == out.resolve():
        raise InputError("输出文件就是 --from 的事实清单 (output is the input)", path=out)
    the_outline = load_outline(outline or genre or sheet.genre, prompts)
    if sheet is not None and sheet.genre != the_outline.genre:
        raise InputError(f"事实清单体裁 {sheet.genre} 与 {the_outline.genre} 不一致", path=from_sheet, field="genre")
    if genre is not None and genre != the_outline.genre:
        raise InputError(f"提纲体裁 {the_outline.genre} 与 {genre} 不一致", field="genre")
    write_atomic(out, template_bytes(the_outline, suffix, sheet))
    what = "已填好的事实清单" if sheet is not None else "事实清单模板"
    print(f"{what}：{out}（{the_outline.name}，{len(the_outline.sections)} 个章节）", file=sys.stderr)
    print(f"填好后运行：bigan draft {out} -o 报告.docx", file=sys.stderr)
