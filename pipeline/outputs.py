"""Output paths checked before any work.

A command that drafts for minutes and then finds that `-o` names a folder fails late and leaves its
other outputs behind. Every command that writes files calls ``check_outputs`` first: a folder where
a file goes (or a file where a folder goes), a parent that is a file, a folder that cannot be
written, two outputs on one file, an output over an input, a wrong suffix — one InputError naming
the path and the option.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class Output:
    option: str  # "-o", "--json" … (the error's field)
    path: Path | None  # None: the option was not given
    suffix: str | None = None  # required suffix (".docx"), lower case
    folder: bool = False  # the output is a folder (eval run directories)


def check_outputs(*outputs: Output, inputs: dict[str, Path | None] | None = None) -> None:
    """Raise InputError for the first output that cannot be written; nothing is created.
    ``inputs``: what the command reads, by name ("事实清单": path), never to be written over."""
    seen: dict[Path, str] = {}
    given_inputs = {Path(p).resolve(): name for name, p in (inputs or {}).items() if p is not None}
    for out in outputs:
        if out.path is None:
            continue
        path = Path(out.path)
        _check_one(path, out)
        resolved = path.resolve()
        if resolved in seen:
            raise InputError(f"与 {seen[resolved]} 指向同一个文件 (two outputs on one file)", path=path, field=out.option)
        if resolved in given_inputs:
            raise InputError(f"输出文件不能覆盖{given_inputs[resolved]}本身 (output would overwrite an input)", path=path,
                             field=out.option)
        seen[resolved] = out.option


def _check_one(path: Path, out: Output) -> None:
    if path.exists():
        if out.folder and not path.is_dir():
            raise InputError("已存在同名文件，不能作为输出文件夹 (a file, not a folder)", path=path, field=out.option)
        if not out.folder and path.is_dir():
            raise InputError("这是一个文件夹，不能作为输出文件 (is a folder)", path=path, field=out.option)
        if not os.access(path, os.W_OK):
            raise InputError("没有写入权限 (not writable)", path=path, field=out.option)
    if out.suffix and path.suffix.lower() != out.suffix:
        raise InputError(f"应为 {out.suffix} 文件 (expected a {out.suffix} file)", path=path, field=out.option)
    parent = path.parent
    while not parent.exists():  # the nearest folder that exists must be a folder we may write in
        if parent == parent.parent:
            break
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(f"上级路径 {parent} 是文件，不是文件夹 (parent is a file)", path=path, field=out.option)
    if parent.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"没有在 {parent} 中写入的权限 (folder not writable)", path=path, field=out.option)
