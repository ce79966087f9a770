"""YAML reading that can say WHERE something is wrong: file, field path and line.

The YAML is composed into a node tree once; a pydantic error location (``sections.work.2.facts``)
is then walked along both the data and the nodes to find the line of the offending value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError

# pydantic error type -> what a writer reads
_MESSAGES = {
    "missing": "缺少必填字段 (missing)",
    "extra_forbidden": "未知字段 (unknown field)",
    "int_parsing": "应为整数 (expected an integer)",
    "int_type": "应为整数 (expected an integer)",
    "int_from_float": "应为整数 (expected an integer)",
    "string_type": "应为文本 (expected text)",
    "list_type": "应为列表 (expected a list)",
    "dict_type": "应为键值映射 (expected a mapping)",
    "model_type": "应为 {heading, facts} 或文本 (expected a mapping)",
    "dataclass_type": "应为键值映射 (expected a mapping)",
    "float_parsing": "应为数字 (expected a number)",
    "float_type": "应为数字 (expected a number)",
    "bool_parsing": "应为 true 或 false (expected true/false)",
    "bool_type": "应为 true 或 false (expected true/false)",
    "literal_error": "取值不在允许范围内 (not an allowed value)",
    "tuple_type": "应为列表 (expected a list)",
    "too_short": "不能为空 (empty)",
    "string_too_short": "不能为空或过短 (too short)",
}


# Hostile YAML: aliases let a small file stand for an enormous document ("billion laughs"), which
# every consumer (validation, draft.json, prompts) would then expand. The composed node tree is
# measured with every alias expanded before anything is built from it.
MAX_YAML_BYTES = 2 * 1024 * 1024  # a fact sheet is a few KB; an eval suite or outline far less than this
MAX_EXPANDED_CHARS = 1_000_000  # characters of all scalars, aliases expanded
MAX_EXPANDED_NODES = 100_000  # scalars, lists and mappings, aliases expanded


def read_yaml(path: str | Path, what: str = "YAML") -> tuple[Any, yaml.Node | None]:
    """Return (data, node tree); InputError naming the file and line on any problem."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what}文件不存在 (file not found)", path=path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise InputError(f"{what}文件过大：{size / 1024 / 1024:.1f} MB，上限 {MAX_YAML_BYTES // 1024 // 1024} MB (file too large)", path=path)
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{what}文件无法读取（应为 UTF-8 文本）：{type(exc).__name__}", path=path) from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: str | Path) -> tuple[Any, yaml.Node | None]:
    """YAML text (a file's, or one posted by the page) → (data, node tree), aliases bounded."""
    if len(text) > MAX_YAML_BYTES:
        raise InputError(f"YAML 过长：{len(text)} 字，上限 {MAX_YAML_BYTES} (too long)", path=path)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, path)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            f"YAML 格式错误：{problem}", path=path, line=(mark.line + 1) if mark else None
        ) from None
    except RecursionError:
        raise InputError("YAML 嵌套过深 (nested too deeply)", path=path) from None
    finally:
        loader.dispose()
    return data, node


def _check_expansion(root: yaml.Node, path: str | Path) -> None:
    """Size of the document with every alias expanded (each shared node counted once per use),
    computed once per node, so a billion laughs costs as little to measure as to read."""
    sizes: dict[int, tuple[int, int]] = {}
    busy: set[int] = set()

    def measure(node: yaml.Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            raise InputError("YAML 别名引用了自身 (recursive alias)", path=path, line=line_of(node))
        busy.add(key)
        chars, nodes = (len(node.value), 1) if isinstance(node, yaml.ScalarNode) else (0, 1)
        children = (
            node.value if isinstance(node, yaml.SequenceNode)
            else [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode)
            else []
        )
        for child in children:
            c, n = measure(child)
            chars, nodes = chars + c, nodes + n
        if chars > MAX_EXPANDED_CHARS or nodes > MAX_EXPANDED_NODES:
            raise InputError(
                f"YAML 别名展开后过大：{chars} 字、{nodes} 个节点，上限 {MAX_EXPANDED_CHARS} 字、"
                f"{MAX_EXPANDED_NODES} 个节点 (alias expansion too large)",
                path=path, line=line_of(node),
            )
        busy.discard(key)
        sizes[key] = (chars, nodes)
        return chars, nodes

    measure(root)


def node_for(root: yaml.Node | None, loc: tuple[Any, ...]) -> tuple[yaml.Node | None, list[Any]]:
    """Walk ``loc`` down the node tree; returns the deepest node reached and the path walked.

    Location parts that are not keys or indexes (pydantic's union branch tags such as 'str' or
    'SubSection') are skipped.
    """
    node, walked = root, []
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node = value
                    walked.append(part)
                    break
            else:
                continue
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            walked.append(part)
    return node, walked


def key_node(root: yaml.Node | None, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The node of the KEY at ``loc`` (for 'unknown field' errors: point at the key's line)."""
    parent, walked = node_for(root, loc[:-1])
    if isinstance(parent, yaml.MappingNode):
        for key, _ in parent.value:
            if key.value == str(loc[-1]):
                return key
    return parent


def _union_tag(part: Any) -> bool:
    """pydantic's name of a union branch in an error location ('str', 'SubSection', 'tuple[int, int]')."""
    return isinstance(part, str) and (part[:1].isupper() or "[" in part or part in ("str", "int", "float", "bool", "none"))


def field_path(parts: list[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def line_of(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def validation_error(exc: ValidationError, path: str | Path, root: yaml.Node | None) -> InputError:
    """Turn the most specific pydantic error into one InputError with field path and line."""
    best = None
    for err in exc.errors():
        node, walked = node_for(root, tuple(err["loc"]))
        if (err["type"] in ("missing", "extra_forbidden") or root is None) and err["loc"]:
            walked = [p for p in err["loc"] if not _union_tag(p)]
        score = len(walked) - (1 if err["type"] in ("string_type", "model_type") else 0)
        if best is None or score > best[0]:
            best = (score, err, node, walked)
    assert best is not None
    _, err, node, walked = best
    if err["type"] == "extra_forbidden":
        node = key_node(root, tuple(walked))
    return InputError(error_message(err, bool(walked)), path=path, field=field_path(walked) or None, line=line_of(node))


def error_message(err: dict[str, Any], located: bool = True) -> str:
    """What a writer reads for one pydantic error (the offending value quoted when it is located)."""
    message = _MESSAGES.get(err["type"]) or str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "model_type" and err.get("ctx", {}).get("class_name") != "SubSection":
        message = _MESSAGES["dict_type"]  # any other model (draft.json's meta, sections …) is a mapping
    if err["type"] in ("missing", "extra_forbidden") or not located:
        return message
    if "input" in err and isinstance(err["input"], (str, int, float)) and err["type"] != "value_error":
        message += f"：{err['input']!r}"
    return message


def validate(model: type[BaseModel], data: Any, path: str | Path, root: yaml.Node | None, what: str) -> BaseModel:
    if not isinstance(data, dict):
        raise InputError(f"{what}应为 YAML 映射（键: 值）", path=path, line=line_of(root))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, path, root) from None
