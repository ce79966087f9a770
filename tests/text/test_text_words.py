"""Character bigrams and their overlap (pipeline.text.words): the wording fingerprint drafting compares."""

from __future__ import annotations

import re

from pipeline.text.words import char_bigrams, dice


def test_char_bigrams_stay_inside_runs_of_chinese():
    assert char_bigrams("党建工作") == {"党建", "建工", "工作"}
    # digits, Latin letters and punctuation end a run: no pair spans them
    assert char_bigrams("开展5G培训，共3次") == {"开展", "培训"}
    assert char_bigrams("好") == set()
    assert char_bigrams("") == set()


def test_char_bigrams_with_other_runs():
    wording = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
    assert char_bigrams("建成5G基站", wording) == {"建成", "G基", "基站"}
    assert "5G" not in char_bigrams("5G", wording)


def test_dice():
    assert dice({"党建", "建工"}, {"党建", "建工"}) == 1.0
    assert dice({"党建", "建工"}, {"党建", "工作"}) == 0.5
    assert dice({"党建"}, {"工作"}) == 0.0
    assert dice(set(), {"工作"}) == 0.0
