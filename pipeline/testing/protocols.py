"""Does a class really implement a Protocol? ``isinstance`` on a runtime-checkable protocol only
asks whether the names exist; a test fake must also take every parameter the protocol names, of
the same kind and default, so production code never needs a path around a fake's missing argument."""

from __future__ import annotations

import inspect
from typing import Any, Protocol

_OPEN = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def protocol_members(protocol: type) -> tuple[set[str], dict[str, Any]]:
    """The protocol's data attributes and its methods (name -> function), its bases' included."""
    attrs: set[str] = set()
    methods: dict[str, Any] = {}
    for base in reversed(protocol.__mro__):
        if base in (object, Protocol) or not getattr(base, "_is_protocol", False):
            continue
        attrs.update(n for n in base.__dict__.get("__annotations__", {}) if not n.startswith("_"))
        methods.update({n: v for n, v in base.__dict__.items() if inspect.isfunction(v) and not n.startswith("_")})
    return attrs - set(methods), methods


def _signature_gaps(name: str, wanted: inspect.Signature, got: inspect.Signature) -> list[str]:
    gaps: list[str] = []
    want = [p for p in wanted.parameters.values() if p.name != "self"]
    have = {p.name: p for p in got.parameters.values() if p.name != "self"}
    positional = [p.name for p in got.parameters.values()
                  if p.name != "self" and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for i, p in enumerate(want):
        mine = have.get(p.name)
        if mine is None or mine.kind in _OPEN:
            gaps.append(f"{name}() lacks parameter {p.name}")
            continue
        if p.kind == p.POSITIONAL_OR_KEYWORD and (mine.kind != p.POSITIONAL_OR_KEYWORD or positional[i:i + 1] != [p.name]):
            gaps.append(f"{name}() takes {p.name} not as positional parameter {i + 1}")
        elif p.kind == p.KEYWORD_ONLY and mine.kind not in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD):
            gaps.append(f"{name}() cannot take {p.name} by keyword")
        if p.default is not p.empty and mine.default is p.empty:
            gaps.append(f"{name}() requires {p.name}, which the protocol makes optional")
        elif p.default is not p.empty and mine.default != p.default:
            gaps.append(f"{name}() defaults {p.name} to {mine.default!r}, not {p.default!r}")
    for extra in set(have) - {p.name for p in want}:
        mine = have[extra]
        if mine.kind not in _OPEN and mine.default is mine.empty:
            gaps.append(f"{name}() requires {extra}, which the protocol does not pass")
    return gaps


def protocol_gaps(impl: Any, protocol: type) -> list[str]:
    """What ``impl`` (a class, or an instance for attributes set in ``__init__``) lacks of
    ``protocol``: missing attributes or methods, parameters missing, of another kind or default,
    or required extra parameters. Empty when it implements the protocol fully."""
    attrs, methods = protocol_members(protocol)
    gaps = [f"lacks attribute {a}" for a in sorted(attrs) if not hasattr(impl, a)]
    for name, wanted in sorted(methods.items()):
        got = getattr(impl, name, None)
        if not callable(got):
            gaps.append(f"lacks method {name}()")
            continue
        gaps += _signature_gaps(name, inspect.signature(wanted), inspect.signature(inspect.unwrap(got)))
    return gaps
