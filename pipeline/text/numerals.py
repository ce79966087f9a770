"""Chinese numerals and GB/T 9704 heading markers, written one way for every stage."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """0 → 零, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十 (Word's chineseCounting).

    Outside 0..999 the Arabic number is returned.
    """
    if n < 0 or n >= 1000:
        return str(n)
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + chinese_numeral(rest)
    elif rest < 20:
        tail = "一" + chinese_numeral(rest)  # 一百一十, not 一百十
    else:
        tail = chinese_numeral(rest)
    return DIGITS[n // 100] + "百" + tail


def heading_marker(level: int, n: int) -> str:
    """The GB/T 9704 marker of the n-th heading at ``level``: 一、 → （一） → 1. → （1）."""
    if level <= 1:
        return chinese_numeral(n) + "、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"
