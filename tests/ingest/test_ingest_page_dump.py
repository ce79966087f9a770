"""The page-dump shape (tests/ingest/pagedump.py): for every clean sample, the parse of its page dump
has the same heading tree, title and genre as the parse of the sample itself — alone, two reports
to a file, with or without ASCII punctuation, banner and closing lines, at any page length."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pagedump import page_dump, report_lines  # tests/ingest is on the path (see docx_factory)
from pipeline.ingest import parse_text
from pipeline.ingest.lines import Reason, Shape
from pipeline.ingest.clean import clean_text
from pipeline.ingest.read import read_any

SAMPLES = sorted((Path(__file__).parents[2] / "corpus" / "samples").iterdir())
_READ: dict[Path, str] = {}


def _nfkc(s: str | None) -> str | None:
    return unicodedata.normalize("NFKC", s) if s is not None else None


def _tree(sections):
    return [(s.level, _nfkc(s.marker), _nfkc(s.heading), _tree(s.children)) for s in sections]


def _view(doc):
    return {"title": _nfkc(doc.title), "genre": doc.genre, "tree": _tree(doc.sections)}


def _sample(path: Path) -> str:
    if path not in _READ:
        _READ[path] = read_any(path)
    return _READ[path]


def _parsed(path: Path):
    fmt = path.suffix.lstrip(".")
    return parse_text(_sample(path), fmt=fmt).documents[0]


def _lines(path: Path, keep_closing: bool = True) -> list[str]:
    return report_lines(_sample(path), markdown=path.suffix == ".md", keep_closing=keep_closing)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_as_a_page_dump_parses_as_the_sample(sample):
    raw = page_dump([_lines(sample)], random.Random(sample.name))
    result = parse_text(raw)
    assert [_view(d) for d in result.documents] == [_view(_parsed(sample))], raw[:400]


def test_the_banner_and_page_numbers_are_removed_with_their_codes():
    sample = SAMPLES[0]
    raw = page_dump([_lines(sample)], random.Random(1))
    cleaned = clean_text(raw)
    assert cleaned.shape is Shape.PAGE_DUMP
    pages = raw.count("\n")
    codes = [r.code for r in cleaned.removals]
    assert codes.count(Reason.PAGE_DUMP_NUMBER.value) == pages
    assert codes.count(Reason.SITE_SHARER.value) + codes.count(Reason.SITE_PROMOTION.value) == 1  # the banner line
    assert "会员分享" not in cleaned.text and "珍藏版" not in cleaned.text


def test_a_banner_glued_to_page_one_is_cut_off():
    sample = SAMPLES[1]
    raw = page_dump([_lines(sample)], random.Random(2)).replace("\n", "", 1)  # banner and page 1 on one line
    cleaned = clean_text(raw)
    assert [r.code for r in cleaned.removals][0] == Reason.BANNER_SENTENCE.value
    assert parse_text(raw).documents[0].title == _parsed(sample).title


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.sampled_from(SAMPLES),
    second=st.sampled_from(SAMPLES),
    seed=st.integers(0, 10**6),
    ascii_share=st.sampled_from([0.0, 0.5, 1.0]),
    banner=st.booleans(),
    keep_closing=st.booleans(),
    shortest=st.integers(150, 600),
)
def test_two_reports_in_one_page_dump_parse_as_the_two_samples(first, second, seed, ascii_share, banner, keep_closing, shortest):
    if first == second:
        second = SAMPLES[(SAMPLES.index(first) + 1) % len(SAMPLES)]
    rng = random.Random(seed)
    raw = page_dump([_lines(first, keep_closing), _lines(second)], rng, ascii_share=ascii_share, banner=banner,
                    shortest=shortest, longest=shortest * 3)
    got = [_view(d) for d in parse_text(raw).documents]
    assert got == [_view(_parsed(first)), _view(_parsed(second))], raw[:300]
