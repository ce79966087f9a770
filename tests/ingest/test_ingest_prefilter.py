"""prefilter.py: the look-ahead on first characters changes speed, never what matches."""

from __future__ import annotations

import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.prefilter import compile_prefiltered
from pipeline.ingest.rules import load_ingest_rules, rules_path

RULES = load_ingest_rules()
_NOISE = yaml.safe_load(rules_path().read_text(encoding="utf-8"))["noise"]
# the rules file's word lists as plain patterns (a list's items are alternatives) and prefiltered
_PAIRS = [
    (re.compile("|".join(f"(?:{item})" for item in _NOISE[name]), flags),
     compile_prefiltered("|".join(f"(?:{item})" for item in _NOISE[name]), flags))
    for name, flags in (("telltale", re.I), ("contact", re.I), ("adding", 0), ("inline_mark", re.I))
]
_PIECES = st.sampled_from(
    ["下载", "会员", "www.", ".com", "QQ群", "qq：", "13912345678", "0571-88886666", "文库", "扫一扫", "分享于", "更多精彩",
     "某某网整理", "【精品】", "（来源：某某网）", "共3页", "浏览 12 次", "36KB", "K", "ſ", "Ｋ", " ", "，", "。", "理论学习",
     "由会员分享", "请在人人文库网上搜索", "作者：", "\n", "e-mail", "@abc.", "VIP", "可编辑", "剩余2页未读"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_rules_patterns_match_exactly_as_without_the_prefilter(text):
    for plain, fast in _PAIRS:
        assert fast.pattern != plain.pattern
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_rules_noise_words_are_prefiltered():
    assert RULES.telltale.pattern.startswith("(?=[") and RULES.adding.pattern.startswith("(?=[")


def test_patterns_whose_first_character_cannot_be_known_are_left_as_they_are():
    for pattern in [r"[^，。]{2,4}网", r".{0,3}下载", r"(?:下载)?", r"\W+文库"]:
        assert compile_prefiltered(pattern).pattern == pattern
    assert compile_prefiltered(r"(?<!\d)1[3-9]\d{9}").pattern.startswith("(?=[1")
    assert compile_prefiltered(r"\s*(?:来源|作者)").pattern.startswith(r"(?=[\s")  # \s* may be empty: 来 or 作 follow
