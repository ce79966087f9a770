"""The typer app and its sub-apps. Command modules (one per area) attach to these."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="bigan",
    help="笔杆 bigan：依据事实清单起草党政工作报告（巡察汇报、党风廉政汇报、整改报告、工作总结、述职述廉、研讨发言）。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="语料库管理：list | stats | remove", no_args_is_help=True)
outline_app = typer.Typer(help="提纲：from（从范文生成提纲）", no_args_is_help=True)
schema_app = typer.Typer(help="打印 JSON Schema", no_args_is_help=True)
eval_app = typer.Typer(help="提示词评测：run | compare", no_args_is_help=True)
model_app = typer.Typer(help="模型服务：check（探测并给出并发与超时建议）", no_args_is_help=True)

app.add_typer(corpus_app, name="corpus")
app.add_typer(outline_app, name="outline")
app.add_typer(schema_app, name="schema")
app.add_typer(eval_app, name="eval")
app.add_typer(model_app, name="model")

# Options shared by every command that touches the store.
STORE_HELP = "语料库目录（嵌入式 Chroma），环境变量 BIGAN_STORE"
CHROMA_URL_HELP = "Chroma 服务器地址（如 http://127.0.0.1:8000），环境变量 BIGAN_CHROMA_URL"


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        print(f"bigan {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本号"),
) -> None:
    """笔杆 bigan：依据事实清单起草党政工作报告。"""
