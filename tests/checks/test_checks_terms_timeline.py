"""terms.py and timeline.py: wrong political terms; references impossible in the report's year."""

from __future__ import annotations

import pytest

from pipeline.checks.terms import find_term_slips
from pipeline.checks.timeline import find_time_slips


@pytest.mark.parametrize(
    "text, right",
    [
        ("同以习近平为核心的党中央保持高度一致", "以习近平同志为核心的党中央"),
        ("严格执行八项规定精神", "中央八项规定"),
        ("认真学习习总书记重要讲话", "习近平总书记"),
        ("以新时代中国特色社会主义思想为指导", "习近平新时代中国特色社会主义思想"),
        ("牢固树立政治意识、大局意识、核心意识、服务意识", "政治意识、大局意识、核心意识、看齐意识"),
        ("坚定道路自信、理论自信、文化自信、制度自信", "道路自信、理论自信、制度自信、文化自信"),
        ("认真落实“一岗双贵”", "一岗双责"),
        ("深入开展“两学一作”", "两学一做"),
    ],
)
def test_wrong_forms(text, right):
    (slip,) = find_term_slips(text, 2023)
    assert slip.right == right


@pytest.mark.parametrize(
    "text",
    [
        "同以习近平同志为核心的党中央保持高度一致",
        "严格落实中央八项规定精神，严格执行中央“八项规定”，中央八项规定及其实施细则精神",
        "牢固树立政治意识、大局意识、核心意识、看齐意识，增强“四个意识”",
        "坚决反对形式主义、官僚主义",  # naming two of 四风 is fine
        "坚决纠治形式主义、官僚主义、享乐主义和奢靡之风",
        "增强宗旨意识、廉政意识和法治意识",
        "认真落实“一岗双责”“三会一课”“三重一大”",
        "以XXX新时代中国特色社会主义思想为指导",  # a blank, reported as a placeholder instead
    ],
)
def test_correct_forms_pass(text):
    assert find_term_slips(text, 2023) == []


def test_three_confidences_only_wrong_after_2016():
    assert find_term_slips("坚定“三个自信”", 2015) == []
    assert len(find_term_slips("坚定“三个自信”", 2020)) == 1


@pytest.mark.parametrize(
    "text, year, code",
    [
        ("认真学习党的二十大精神", 2021, "TIME_ANACHRONISM"),
        ("学习二十届三中全会精神", 2023, "TIME_ANACHRONISM"),
        ("深刻领悟“两个确立”的决定性意义", 2020, "TIME_ANACHRONISM"),
        ("发展新质生产力", 2022, "TIME_ANACHRONISM"),
        ("扎实开展党纪学习教育", 2023, "TIME_ANACHRONISM"),
        ("以党的十九大精神为指导", 2023, "TIME_OUTDATED_GUIDANCE"),
        ("扎实开展党史学习教育", 2023, "TIME_CAMPAIGN_YEAR"),
    ],
)
def test_time_slips(text, year, code):
    assert [s.code for s in find_time_slips(text, year)] == [code]


@pytest.mark.parametrize(
    "text, year",
    [
        ("全面贯彻党的十九大和十九届历次全会、党的二十大精神", 2022),
        ("党的十八大以来，全面从严治党取得历史性成就", 2024),
        ("巩固拓展党史学习教育成果", 2023),
        ("扎实开展党史学习教育，学习十九届六中全会精神", 2021),
        ("以党的十九大精神为指导", 2020),
    ],
)
def test_legitimate_references(text, year):
    assert find_time_slips(text, year) == []


def test_no_year_no_time_findings():
    assert find_time_slips("学习党的二十大精神", None) == []


def test_exact_date_narrows_the_year():
    # 2022: 二十大 met on 16 October; a report dated in July cannot cite it, one dated in December can.
    assert [s.code for s in find_time_slips("学习党的二十大精神", 2022, "2022年7月1日")] == ["TIME_ANACHRONISM"]
    assert find_time_slips("学习党的二十大精神", 2022, "2022-12-20") == []


def test_campaign_of_the_same_year_is_fine_after_it_ended():
    # 党纪学习教育 ran April–July 2024; a report signed in December 2024 may say it carried it out.
    assert find_time_slips("扎实开展党纪学习教育", 2024, "2024-12-20") == []
    assert [s.code for s in find_time_slips("扎实开展党纪学习教育", 2025)] == ["TIME_CAMPAIGN_YEAR"]


def test_ordinal_events_are_not_central_committees():
    assert find_time_slips("承办第二十届全国运动会分项赛事", 2021) == []
    assert [s.code for s in find_time_slips("学习二十届中央纪委全会精神", 2021)] == ["TIME_ANACHRONISM"]
