"""Exemplars are style only: before a past section reaches a prompt, its facts are taken out.

Small models copy what a prompt shows them. An exemplar that still says "河阳镇党委召开会议12次" brings
another unit's name and number into this unit's report; "本单位召开会议若干次" teaches the same sentence
pattern and carries no fact. Numbers become 若干/一定比例, names of units, places and people become
本单位/本地/有关同志, and dates go. What is left is the sentence pattern.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.numbers import extract_numbers

_DATE = re.compile(r"\d{4}年度?(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{1,2}月(?:份|中旬|上旬|下旬)?")
# A place is a name jieba tags ns, written with its level: 青川县, 云岭市, 松溪镇, 城关街道.
_LEVEL = ("省", "市", "县", "区", "镇", "乡", "街道", "村", "社区")
# An organ named by its place: 松溪镇党委, 青川县委宣传部, 云岭市财政局.
_ORGAN_AFTER_PLACE = re.compile(r"本地(?:省|市|县|区|镇|乡|街道|村|社区)?(?:委员会|党委|党组|党工委|人民政府|政府|委)?[\u4e00-\u9fff]{0,6}?(?:部|局|办|委|中心|支部|党委|党组|政府)?")
# Person names appear with a title or 同志: 王立军同志, 赵敏书记.
_NOT_PLACE = {"中国", "中华", "城市", "城镇", "城乡", "乡镇", "县市", "市县", "省市", "都市", "超市", "全市", "全县", "全区", "全镇", "全乡"}


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg


def _mask_numbers(text: str) -> str:
    out, last = [], 0
    for m in extract_numbers(text):
        out.append(text[last : m.start])
        out.append("一定比例" if m.unit in ("%", "％", "‰", "百分点", "个百分点") else f"若干{m.unit or ''}")
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _mask_places(text: str) -> str:
    words = list(_posseg().cut(text))
    out = []
    for i, (word, flag) in enumerate(words):
        nxt = words[i + 1].word if i + 1 < len(words) else ""
        if flag == "ns" and word not in _NOT_PLACE and len(word) >= 2 and (word.endswith(_LEVEL) or nxt.startswith(_LEVEL)):
            out.append("本地")
        else:
            out.append(word)
    return "".join(out)


def _mask_names(text: str) -> str:
    text = _mask_places(text)
    text = _ORGAN_AFTER_PLACE.sub("本单位", text)
    return re.sub(r"[\u4e00-\u9fff]{2,3}(?=同志)", "有关", text)


def _tidy(text: str) -> str:
    # 本单位本单位 / 若干若干 from adjacent masks read as noise: fold them.
    text = re.sub(r"(本单位|本地|若干)(?:\1)+", r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def style_only(text: str) -> str:
    """The exemplar's sentence patterns without its numbers, dates and names."""
    return _tidy(_mask_numbers(_mask_names(_DATE.sub("", text))))
