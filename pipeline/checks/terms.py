"""Political terms in a wrong or truncated form (TERMS_WRONG_FORM), from prompts/terms.yaml.

Three kinds of slip: a known wrong form ("以习近平为核心的党中央", a bare "八项规定"); a fixed
enumeration listed wrongly (四个意识 must be 政治意识、大局意识、核心意识、看齐意识, in that order);
a quoted term one character off (“一岗双贵” for “一岗双责”).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.terms import Terms, load_terms


@dataclass
class TermSlip:
    start: int
    end: int
    found: str
    right: str
    message: str


_QUOTED = re.compile(r"[“\"]([^”\"\n]{2,12})[”\"]")
_ENUM_SEP = re.compile(r"[、，,]|和|及|与")


def _one_off(a: str, b: str) -> bool:
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b)) == 1


def find_term_slips(text: str, year: int | None = None, terms: Terms | None = None) -> list[TermSlip]:
    terms = terms or load_terms()
    slips: list[TermSlip] = []
    for wf in terms.wrong_forms:
        if wf.since is not None and year is not None and year < wf.since:
            continue
        for m in wf.pattern.finditer(text):
            msg = f"“{m.group()}”应为“{wf.right}”" + (f"（{wf.note}）" if wf.note else "")
            slips.append(TermSlip(m.start(), m.end(), m.group(), wf.right, msg))
    # Known terms, and wrong forms the rules above judge (with their years), are not one-off slips.
    known = set(terms.quoted_terms) | set(terms.set_phrases)
    known |= {wf.pattern.pattern for wf in terms.wrong_forms}
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if inner in known or re.escape(inner) in known:
            continue
        for term in terms.quoted_terms:
            if _one_off(inner, term):
                slips.append(
                    TermSlip(m.start(1), m.end(1), inner, term, f"“{inner}”疑为“{term}”的误写")
                )
                break
    slips.extend(_enumeration_slips(text, terms))
    slips.sort(key=lambda s: s.start)
    # One slip per place: a wrong form inside another is the same mistake.
    out: list[TermSlip] = []
    for s in slips:
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out


def _enumeration_slips(text: str, terms: Terms) -> list[TermSlip]:
    slips: list[TermSlip] = []
    for enum in terms.enumerations:
        suffixes = {m[-2:] for m in enum.members}
        # A list of items ending like the members (…意识、…意识、…意识), e.g. 政治意识、大局意识、核心意识、看齐意识.
        item = f"[\\u4e00-\\u9fff]{{1,4}}?(?:{'|'.join(map(re.escape, sorted(suffixes)))})"
        pattern = re.compile(f"{item}(?:(?:、|，|和|及|与|以及){item})+")
        for m in pattern.finditer(text):
            items = [i for i in re.split(r"、|，|以及|和|及|与", m.group()) if i]
            items = [_trim_to_member(i, enum.members) for i in items]
            hits = [i for i in items if i in enum.members]
            if len(hits) < enum.min_listed:
                continue
            if len(items) == len(enum.members) and items == enum.members:
                continue
            if len(items) < len(enum.members) and all(i in enum.members for i in items):
                if enum.min_listed > 2 or len(items) < 3:
                    continue  # 形式主义、官僚主义: naming two of 四风 is legitimate
                if items == [m for m in enum.members if m in items]:
                    continue
            wrong = [i for i in items if i not in enum.members]
            if wrong:
                detail = f"“{'、'.join(wrong)}”不属于“{enum.term}”"
            elif len(items) > len(enum.members) or len(set(items)) < len(items):
                detail = "有重复"
            else:
                detail = "顺序有误"
            slips.append(
                TermSlip(
                    m.start(), m.end(), m.group(), "、".join(enum.members),
                    f"“{enum.term}”列举有误（{detail}），应为“{'、'.join(enum.members)}”",
                )
            )
    return slips


def _trim_to_member(item: str, members: list[str]) -> str:
    """The lazy item pattern may take a leading verb along (树立政治意识): cut it back to a member."""
    for m in members:
        if item.endswith(m):
            return m
    return item
