"""numbers.py: normalisation, and no false numbers on terms, ordinals and set phrases."""

from __future__ import annotations

import pytest

from pipeline.text.numbers import cn_to_number, extract_numbers, same_quantity


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("1.2万", 12000, None),
        ("1.2万人", 12000, "人"),
        ("十二次", 12, "次"),
        ("12次", 12, "次"),
        ("3,000元", 3000, "元"),
        ("两千余人", 2000, "人"),
        ("85.6%", 85.6, "%"),
        ("85.6％", 85.6, "%"),
        ("百分之八十五", 85, "%"),
        ("3.5亿元", 350_000_000, "元"),
        ("三十五个", 35, "个"),
        ("一百零五人", 105, "人"),
        ("三万五千元", 35000, "元"),
        ("二〇二四年", 2024, "年"),
        ("2024年度", 2024, "年"),
        ("300多人", 300, "人"),
        ("增长12.5个百分点", 12.5, "百分点"),
        ("１２次", 12, "次"),
    ],
)
def test_normalised_value_and_unit(text, value, unit):
    found = extract_numbers(text)
    assert len(found) == 1, found
    assert found[0].value == pytest.approx(value)
    assert found[0].unit == unit


def test_equal_quantities_compare_equal():
    (a,) = extract_numbers("十二次")
    (b,) = extract_numbers("12次")
    (c,) = extract_numbers("1.2万人")
    (d,) = extract_numbers("12000名")
    assert same_quantity(a, b) and same_quantity(c, d)
    (e,) = extract_numbers("12人")
    assert not same_quantity(a, e)  # 12次 is not 12人


def test_dates_and_ranges():
    found = [(n.value, n.unit) for n in extract_numbers("2024年7月1日召开，1至10月累计")]
    assert found == [(2024, "年"), (7, "月"), (1, "日"), (1, "月"), (10, "月")]


@pytest.mark.parametrize(
    "text",
    [
        "一是加强学习，二是严格管理，三是强化监督。",
        "第一，第二责任人，第3季度",
        "一、基本情况\n（一）强化理论武装\n1.认真履行\n（1）加强",
        "党的十九大、二十大、十九届六中全会精神，党的十八大以来",
        "增强“四个意识”、坚定“四个自信”、做到“两个维护”，落实“三会一课”，一岗双责，纠治四风",
        "严格落实中央八项规定精神，运用“四种形态”，第一种形态",
        "一些、一批、一道、统一、一体、唯一、进一步、一定、一方面、一项重要任务、打造一支队伍",
        "主要体现在以下三个方面，谈三点体会",
        "党的百年奋斗，千方百计，千家万户，“十四五”规划，5G网络，COVID-19",
        "详见https://www.example.gov.cn/2024/12/abc.html",
    ],
)
def test_no_false_numbers(text):
    assert extract_numbers(text) == []


def test_offsets_and_text():
    text = "共开展23次，参加两千余人"
    a, b = extract_numbers(text)
    assert text[a.start : a.end] == a.text == "23次"
    assert text[b.start : b.end] == b.text == "两千余人" and b.approx


@pytest.mark.parametrize("cn, n", [("十", 10), ("十二", 12), ("二十", 20), ("两千", 2000), ("三亿五千万", 350_000_000), ("二〇二四", 2024)])
def test_cn_to_number(cn, n):
    assert cn_to_number(cn) == n
