"""Property tests: extraction never crashes and its offsets always point at what it reports."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.grounding import ground_text
from pipeline.text.numbers import extract_numbers
from pipeline.text.placeholders import find_canonical, find_legacy
from pipeline.types import PLACEHOLDER_OPEN

ALPHABET = st.sampled_from(
    list("一二两三十百千万亿〇零0123456789.,%％XxＸ*×余多次人个项年月日是第、（）()【】：待补充，。 \n")
    + ["四个意识", "二〇二四", "156×225", "X光", "以习近平为核心的党中央", "八项规定", "十九大"]
)
TEXT = st.lists(ALPHABET, max_size=40).map("".join)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TEXT)
def test_number_offsets(text):
    found = extract_numbers(text)
    assert [n.start for n in found] == sorted(n.start for n in found)
    for n in found:
        assert text[n.start : n.end] == n.text and n.value == n.value  # not NaN


@settings(max_examples=300, deadline=None, derandomize=True)
@given(TEXT)
def test_placeholder_offsets(text):
    for p in find_legacy(text) + find_canonical(text):
        assert text[p.start : p.end] == p.text


@settings(max_examples=200, deadline=None, derandomize=True)
@given(TEXT)
def test_ground_text_leaves_nothing_ungrounded(text):
    if PLACEHOLDER_OPEN in text:
        return
    grounded, findings = ground_text(text, [])
    assert find_legacy(grounded) == []
    for f in findings:
        s, e = f.span
        assert grounded[s:e].startswith(PLACEHOLDER_OPEN)
