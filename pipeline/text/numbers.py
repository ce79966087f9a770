"""Find the quantities a text states, normalised so that equal quantities compare equal.

"1.2万人" = 12000 人, "十二次" = 12 次, "3,000元" = 3000 元, "两千余人" = 2000 人, "85.6%" = 85.6 %.
Ordinals (第一), enumerations (一是), heading markers (一、 （一） 1.), congresses (十九大) and set
phrases (四个意识, 三会一课 …, from prompts/terms.yaml) are not quantities. A lone 一 is never a
quantity either (一些, 一批, 统一, 进一步, 一项重要任务 …): reports use it as an article, not a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .terms import number_terms

# Measure words and units, longest first so that 万人次 wins over 人.
UNITS: tuple[str, ...] = tuple(
    sorted(
        """人次 个百分点 百分点 平方公里 平方米 公里
        小时 分钟 课时 学时 周年 年度 个月 年 月 日 号 天 周 次 场 期 轮 批次 批 届 人 名 位 户 家 所 个 项 件 条 篇
        部 本 册 份 套 台 辆 座 处 间 起 宗 例 元 亩 吨 倍 岁 支 组 类 张 段 % ％ ‰""".split(),
        key=len,
        reverse=True,
    )
)
# Families of units that may stand for each other when a sentence is rephrased ("32人" / "32名").
_FAMILY: dict[str, str] = {}
for _fam, _members in {
    "person": "人 名 位",
    "person_times": "人次",
    "times": "次 场 期 轮 批次 回",
    "money": "元",
    "percent": "% ％",
    "points": "百分点 个百分点",
    "year": "年 年度",
    "month": "月",
    "day": "日 号",
    "duration_month": "个月",
    # counted things: only words a rephrasing really swaps (4个问题 / 4项问题) share a family, so
    # that a wrong number rarely meets an unrelated fact of the same value
    "items": "个 项 件 条",
    "texts": "篇 部 本 册 份",
    "places": "家 户 所",
    "cases": "起 宗 例",
    "sites": "处 座 间",
}.items():
    for _u in _members.split():
        _FAMILY[_u] = _fam

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_SMALL) + "".join(_CN_BIG)
_MULT = {"百万": 1_000_000, "千万": 10_000_000, "万": 10_000, "亿": 100_000_000, "千": 1000}

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CHINESE = re.compile(f"[{_CN_CHARS}]+")
# 百分之六十三点五: a Chinese decimal after 点 (digits read one by one)
_PERCENT_CN = re.compile(f"百分之([{_CN_CHARS}]+(?:点[{''.join(_CN_DIGITS)}]+)?|\\d+(?:\\.\\d+)?)")
_FRACTION_CN = re.compile(f"([{_CN_CHARS}]+|\\d+)分之([{_CN_CHARS}]+|\\d+)")
_URL = re.compile(r"(?:https?://|www\.)[^\s，。；、）)】]+|[\w.+-]+@[\w-]+\.[\w.]+", re.ASCII)
_RANGE_JOINERS = {"至", "到", "-", "－", "—", "～", "~", "–"}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_MASK = "\x00"


@dataclass(frozen=True)
class NumberMention:
    text: str  # as written, with its multiplier and unit: "1.2万人", "两千余人"
    start: int
    end: int
    value: float  # normalised: 1.2万 → 12000.0
    unit: str | None  # normalised: 万元 → 元, 余人 → 人, 年度 → 年, ％ → %
    approx: bool = False  # 余 / 多

    @property
    def family(self) -> str | None:
        return unit_family(self.unit)


def unit_family(unit: str | None) -> str | None:
    if unit is None:
        return None
    return _FAMILY.get(unit, unit)


def same_quantity(a: NumberMention, b: NumberMention) -> bool:
    """Equal values whose units could describe the same thing (a missing unit matches any unit)."""
    if abs(a.value - b.value) > 1e-6 * max(1.0, abs(a.value)):
        return False
    return a.unit is None or b.unit is None or a.family == b.family


def cn_to_number(s: str) -> int:
    """十二 → 12, 两千 → 2000, 一百零五 → 105, 三万五千 → 35000, 二〇二四 → 2024."""
    if all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total = section = num = 0
    for c in s:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
        elif c in _CN_SMALL:
            section += (num or 1) * _CN_SMALL[c]
            num = 0
        elif c in _CN_BIG:
            big = _CN_BIG[c]
            total = (total + section + num) * big if total < big else total + (section + num) * big
            section = num = 0
    return total + section + num


def _cn_decimal(s: str) -> float:
    """六十三点五 → 63.5, 九十五 → 95.0."""
    whole, _, frac = s.partition("点")
    value = float(cn_to_number(whole))
    if frac:
        value += float("0." + "".join(str(_CN_DIGITS[c]) for c in frac))
    return value


def _normalise_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    return {"％": "%", "年度": "年", "个百分点": "百分点"}.get(unit, unit)


def mask_spans(text: str) -> list[tuple[int, int]]:
    """Spans that hold no quantity: set phrases, congresses, ordinals, markers, URLs."""
    terms = number_terms()
    spans: list[tuple[int, int]] = []
    for phrase in terms.set_phrases:
        for m in re.finditer(re.escape(phrase), text):
            spans.append(m.span())
    for pattern in terms.set_patterns:
        for m in pattern.finditer(text):
            if m.end() > m.start():
                spans.append(m.span())
    spans.extend(m.span() for m in _URL.finditer(text))
    return spans


def _masked(text: str) -> str:
    chars = list(text.translate(_FULLWIDTH_DIGITS))
    for start, end in mask_spans(text):
        for i in range(start, end):
            chars[i] = _MASK
    return "".join(chars)


def _unit_at(text: str, pos: int) -> str | None:
    for unit in UNITS:
        if text.startswith(unit, pos):
            return unit
    return None


def _exempt_at(text: str, pos: int) -> bool:
    return any(text.startswith(e, pos) for e in number_terms().number_exempt_after)


def _tail(text: str, pos: int, *, arabic: bool) -> tuple[int, float, bool, str | None] | None:
    """After a number: multiplier, 余/多, unit. Returns (end, factor, approx, raw unit)."""
    factor = 1.0
    if arabic:
        for word, mult in _MULT.items():
            if text.startswith(word, pos) and not text.startswith("万一", pos):
                factor, pos = float(mult), pos + len(word)
                break
    approx = False
    if pos < len(text) and text[pos] in "余多":
        approx, pos = True, pos + 1
    if _exempt_at(text, pos):
        return None
    unit = _unit_at(text, pos)
    if unit is not None:
        pos += len(unit)
    return pos, factor, approx, unit


def extract_numbers(text: str, *, lone_one: bool = False) -> list[NumberMention]:
    """Every quantity in ``text``, in order of appearance.

    ``lone_one``: also read a lone 一 before a measure word (一次 = 1 次). Off for drafts (一项重要
    任务 is no count); grounding turns it on for the facts, so that a fact's 一次 allows 1次.
    """
    masked = _masked(text)
    found: list[NumberMention] = []
    taken = [False] * (len(text) + 1)

    def add(start: int, end: int, value: float, unit: str | None, approx: bool) -> None:
        if any(taken[start:end]):
            return
        for i in range(start, end):
            taken[i] = True
        found.append(NumberMention(text[start:end], start, end, value, _normalise_unit(unit), approx))

    for m in _PERCENT_CN.finditer(masked):
        raw = m.group(1)
        value = float(raw) if raw[0].isdigit() else _cn_decimal(raw)
        add(m.start(), m.end(), value, "%", False)

    for m in _FRACTION_CN.finditer(masked):
        if m.group(1) == "百":
            continue  # 百分之…: a percentage, handled above
        den, num = (float(g) if g[0].isdigit() else float(cn_to_number(g)) for g in m.groups())
        if den:
            add(m.start(), m.end(), round(num / den, 6), "分数", False)

    for m in _ARABIC.finditer(masked):
        start, end = m.span()
        before = masked[start - 1] if start else ""
        if before and before.isascii() and (before.isalpha() or before in "_/."):
            continue
        if before == "-" and start >= 2 and masked[start - 2].isascii() and masked[start - 2].isalpha():
            continue  # COVID-19
        tail = _tail(masked, end, arabic=True)
        if tail is None:
            continue
        end2, factor, approx, unit = tail
        after = masked[end2] if end2 < len(masked) else ""
        if unit is None and after and after.isascii() and after.isalpha():
            continue  # 5G, 3D: a name, not a quantity
        value = float(m.group().replace(",", "")) * factor
        add(start, end2, value, unit, approx)

    for m in _CHINESE.finditer(masked):
        start, end = m.span()
        run = m.group()
        # A run without 十百千万亿 is read digit by digit only for a year (二〇二四年); otherwise only
        # its last digit counts ("统一两次" → 两次).
        if not any(c in _CN_SMALL or c in _CN_BIG for c in run):
            if len(run) == 4 and masked.startswith("年", end):
                add(start, end + 1, float(cn_to_number(run)), "年", False)
                continue
            start, run = end - 1, run[-1]
        # Strip leading 一 glued from a preceding word (统一十二次 → 十二次 reads the same anyway).
        if (run == "一" and not lone_one) or all(c in _CN_BIG or c in _CN_SMALL and c != "十" for c in run):
            continue
        if run[0] in _CN_BIG:
            continue
        tail = _tail(masked, end, arabic=False)
        if tail is None or tail[3] is None:
            continue  # a Chinese numeral without a measure word is an idiom, not a count
        end2, factor, approx, unit = tail
        add(start, end2, float(cn_to_number(run)) * factor, unit, approx)

    found.sort(key=lambda n: n.start)
    return _propagate_ranges(found, text)


def _propagate_ranges(found: list[NumberMention], text: str) -> list[NumberMention]:
    """"1至10月": the 1 takes the unit of the 10."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.unit is None and b.unit is not None and text[a.end : b.start].strip() in _RANGE_JOINERS:
            out[i] = NumberMention(a.text, a.start, a.end, a.value, b.unit, a.approx)
    return out


def values(text: str) -> list[tuple[float, str | None]]:
    """(value, unit) pairs: handy in tests and reports."""
    return [(n.value, n.unit) for n in extract_numbers(text)]
