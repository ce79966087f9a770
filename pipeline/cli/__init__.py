"""The `bigan` command. The only place where errors become messages and exit codes."""

from __future__ import annotations

import os
import sys

from ..config import redact_text
from ..errors import BiganError
from .app import app

# Each module registers its commands on the app (one module per area, so areas evolve apart).
from . import parse as _parse  # noqa: E402,F401
from . import store as _store  # noqa: E402,F401
from . import draft as _draft  # noqa: E402,F401
from . import check as _check  # noqa: E402,F401
from . import export as _export  # noqa: E402,F401
from . import evals as _evals  # noqa: E402,F401
from . import revise as _revise  # noqa: E402,F401
from . import facts as _facts  # noqa: E402,F401
from . import facts_extract as _facts_extract  # noqa: E402,F401
from . import model as _model  # noqa: E402,F401


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning BiganError into one line on stderr and an exit code."""
    try:
        # standalone_mode=False makes click return typer.Exit codes instead of exiting.
        rv = app(args=argv, standalone_mode=False)
    except BiganError as exc:
        print(f"bigan: 错误: {redact_text(exc.one_line())}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("bigan: 已中断 (interrupted)", file=sys.stderr)
        return 130
    except SystemExit as exc:  # typer.Exit inside commands
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, never a traceback
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            return exc.exit_code
        if isinstance(exc, click.exceptions.Abort):
            print("bigan: 已取消 (aborted)", file=sys.stderr)
            return 1
        if os.environ.get("BIGAN_DEBUG"):
            raise
        print(f"bigan: 内部错误: {type(exc).__name__}: {redact_text(str(exc))}（设置 BIGAN_DEBUG=1 查看详情）", file=sys.stderr)
        return 1
    return rv if isinstance(rv, int) else 0


def run() -> None:  # pragma: no cover - console script shim
    sys.exit(main())
