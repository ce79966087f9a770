"""A proposed fact against its source sentence: its numbers copied verbatim, as the checker sees them.

Used for the rule-based proposals and, above all, for a model's: a proposal whose numbers or named
documents are not in the sentence it cites is dropped, never repaired.
"""

from __future__ import annotations

import re

from ..checks.grounding import ungrounded_numbers
from ..text.numbers import extract_numbers

_DOC_NAME = re.compile(r"《[^》]{1,80}》")


def unsupported(fact: str, source: str) -> list[str]:
    """What in ``fact`` its source does not state (empty: the fact is confirmed)."""
    problems: list[str] = []
    for n in extract_numbers(fact):
        if n.text not in source:
            problems.append(f"数字“{n.text}”不是原句中的写法")
    for n in ungrounded_numbers(fact, [source]):
        problems.append(f"数字“{n.text}”不在原句中")
    for name in _DOC_NAME.findall(fact):
        if name not in source:
            problems.append(f"文件名{name}不在原句中")
    return list(dict.fromkeys(problems))
