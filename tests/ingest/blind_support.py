"""What the blind rounds share: a case's expectations and one check per aspect, so the pass/fail
tables in docs/ingest.md map one-to-one onto test ids (test_ingest_blind.py, test_ingest_blind3.py)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.ingest import parse_file
from pipeline.types import Document, ParseResult, Section


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def squash(s: str) -> str:
    """Width-folded, whitespace-free: compares sentences regardless of full-width digits or wraps."""
    return re.sub(r"\s+", "", nfkc(s))


# A tree node: (marker, heading, children). A heading ending in "…" is a prefix (run-in lines
# whose heading end is a matter of taste); otherwise it must match exactly, a final 。 aside.
Node = tuple


@dataclass
class Case:
    file: str
    index: int  # which document in the file
    title: str  # exact, or a prefix when it ends in "…"
    genre: str
    year: int
    org_level: str
    tree: list[Node]
    noise: list[str]  # fragments that must be gone from the document text and logged as removals
    kept: list[str]  # real sentences that must survive inside ONE paragraph/heading (wraps joined)
    exact: list[str] = field(default_factory=list)  # must appear verbatim in NFKC(document text)
    markup: list[str] = field(default_factory=list)  # Markdown layout: must be gone, need not be logged
    addressee: str | None = None
    n_documents: int = 1


def document(parsed: dict[str, ParseResult], case: Case) -> Document:
    docs = parsed[case.file].documents
    assert len(docs) == case.n_documents, [d.title for d in docs]
    return docs[case.index]


def texts(doc: Document) -> list[str]:
    """Every paragraph-like unit: preamble, headings, section paragraphs, closing."""
    out = list(doc.preamble)
    for s in doc.walk():
        out.append(s.heading)
        out.extend(s.paragraphs)
    out.extend(doc.closing)
    return out


def matches(expected: str, actual: str | None) -> bool:
    if actual is None:
        return False
    a = nfkc(actual).strip().rstrip("。")
    # the "…" convention is read before NFKC, which would turn it into "..."
    if expected.startswith("…") and expected.endswith("…"):
        return nfkc(expected.strip("…")) in a
    if expected.endswith("…"):
        return a.startswith(nfkc(expected[:-1]))
    return a == nfkc(expected).rstrip("。")


def tree_ok(expected: list[Node], actual: list[Section]) -> bool:
    if len(expected) != len(actual):
        return False
    for (marker, heading, kids), sec in zip(expected, actual):
        if nfkc(sec.marker) != nfkc(marker) or not matches(heading, sec.heading):
            return False
        if not tree_ok(kids, sec.children):
            return False
    return True


def show(sections: list[Section], depth: int = 0) -> str:
    return "".join(f"\n{'  ' * depth}{s.level} {s.marker}{s.heading}" + show(s.children, depth + 1) for s in sections)


def check_title(case: Case, doc: Document) -> None:
    assert matches(case.title, doc.title), doc.title
    assert "【" not in (doc.title or "") and "\ufeff" not in (doc.title or "")


def check_tree(case: Case, doc: Document) -> None:
    assert tree_ok(case.tree, doc.sections), show(doc.sections)
    assert all(s.level == 1 for s in doc.sections)  # level-1 markers always sit at level 1


def check_noise_removed(case: Case, result: ParseResult, doc: Document) -> None:
    left = [n for n in case.noise + case.markup if n in doc.text or any(n in t for t in texts(doc))]
    assert not left, left
    assert "\ufeff" not in doc.text and "\r" not in doc.text
    # and the removals are reported, so `bigan parse` can show what was taken out
    unlogged = [n for n in case.noise if not any(n in r.text for r in result.noise)]
    assert not unlogged, unlogged


def check_real_text_kept(case: Case, doc: Document) -> None:
    units = [squash(t) for t in texts(doc)]
    lost = [k for k in case.kept if not any(squash(k) in u for u in units)]
    assert not lost, lost
    text = nfkc(doc.text)
    missing = [e for e in case.exact if nfkc(e) not in text]
    assert not missing, missing


def check_addressee(case: Case, doc: Document) -> None:
    assert (doc.addressee or "").rstrip("：:") == case.addressee


def blind_tests(cases: dict[str, Case], folder: Path) -> tuple:
    """A round's fixture and tests, one test per aspect parametrized over the cases (ids aspect[case]).
    The test module binds them to module names, so pytest collects them there."""
    ids = list(cases)

    @pytest.fixture(scope="module")
    def parsed() -> dict[str, ParseResult]:
        return {name: parse_file(folder / name) for name in {c.file for c in cases.values()}}

    @pytest.mark.parametrize("name", ids)
    def test_blind_title(parsed, name):
        check_title(cases[name], document(parsed, cases[name]))

    @pytest.mark.parametrize("name", ids)
    def test_blind_genre(parsed, name):
        assert document(parsed, cases[name]).genre == cases[name].genre

    @pytest.mark.parametrize("name", ids)
    def test_blind_year(parsed, name):
        assert document(parsed, cases[name]).year == cases[name].year

    @pytest.mark.parametrize("name", ids)
    def test_blind_org_level(parsed, name):
        assert document(parsed, cases[name]).org_level == cases[name].org_level

    @pytest.mark.parametrize("name", ids)
    def test_blind_tree(parsed, name):
        check_tree(cases[name], document(parsed, cases[name]))

    @pytest.mark.parametrize("name", ids)
    def test_blind_noise_removed(parsed, name):
        check_noise_removed(cases[name], parsed[cases[name].file], document(parsed, cases[name]))

    @pytest.mark.parametrize("name", ids)
    def test_blind_real_text_kept(parsed, name):
        check_real_text_kept(cases[name], document(parsed, cases[name]))

    @pytest.mark.parametrize("name", [n for n in ids if cases[n].addressee])
    def test_blind_addressee(parsed, name):
        check_addressee(cases[name], document(parsed, cases[name]))

    return (parsed, test_blind_title, test_blind_genre, test_blind_year, test_blind_org_level, test_blind_tree,
            test_blind_noise_removed, test_blind_real_text_kept, test_blind_addressee)
