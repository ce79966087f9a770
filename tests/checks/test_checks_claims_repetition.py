"""claims.py and repetition.py: unsupported claims, repeated sentences."""

from __future__ import annotations

from pipeline.checks.claims import unsupported_claims
from pipeline.checks.repetition import Likeness, repeats_across, repeats_within

ALLOWED = [
    "中共东溪县委宣传部",
    "部机关内设办公室、理论教育股、新闻宣传股3个股室，下设县融媒体中心1个二级单位",
    "制定《2024年度党风廉政建设工作要点》",
]


def claims(text: str) -> list[list[str]]:
    return [c.signals for c in unsupported_claims(text, ALLOWED)]


def test_invented_status_duties_and_honours():
    assert claims("中共东溪县委宣传部是县人民政府的直属机关。") == [["身份定位"]]
    assert claims("新闻宣传股负责新闻报道和发布，包括文字、图片、视频等。") == [["职责职能"]]
    assert claims("其主要职责包括：制定宣传政策；组织新闻活动；开展舆论引导。") == [["职责职能"]]
    assert claims("部机关荣获全省先进集体称号。") == [["荣誉排名"]]
    assert claims("印发《东溪县宣传文化资金管理办法》。") == [["文件名称"]]
    assert claims("组织开展“清朗东溪”专项行动。") == [["活动名称"]]


def test_invented_means_behind_a_fact():
    # the 1.5B's elaboration of a bare number: how it was done, which no fact says
    assert claims("制定《2024年度党风廉政建设工作要点》。通过加强预算管理、强化内部监督等措施，有效控制了支出。") == [["做法手段"]]
    # the means is a fact, or 通过 is not a means at all
    assert claims("通过内设办公室、理论教育股、新闻宣传股，分工落实。") == []
    assert claims("部务会审议通过《2024年度党风廉政建设工作要点》。") == []
    assert claims("党纪知识测试通过率100%。") == []
    # the offline composer's lead into the facts is no claim
    assert claims("主要采取了以下整改措施：内设办公室、理论教育股、新闻宣传股3个股室。") == []


def test_claims_backed_by_facts_or_stock():
    assert claims("部机关内设办公室、理论教育股、新闻宣传股3个股室，下设县融媒体中心1个二级单位。") == []
    assert claims("制定《2024年度党风廉政建设工作要点》，组织学习《中国共产党纪律处分条例》。") == []
    assert claims("始终把党风廉政建设摆在突出位置，推动全面从严治党向纵深发展。") == []  # no claim at all
    # a signal in one clause does not make the next clause's words part of the claim
    assert claims("部机关下设县融媒体中心1个二级单位，支部组织生活严格规范。") == []
    # the same invented sentence twice is one claim (repetition is its own gate)
    assert len(claims("是县人民政府的直属机关。是县人民政府的直属机关。")) == 1


def test_repeats_within():
    text = "部务会专题研究党风廉政建设4次。一是加强学习。部务会专题研究党风廉政建设4次。一是加强学习。"
    (r,) = repeats_within(text)
    assert r.count == 2 and r.start == text.index("部务会", 5)
    # a word added is still the same sentence to a reader; a short formula is not compared
    near = "全年参加中心组集中学习12次，作专题发言3次。全年参加中心组集中学习12次，并作专题发言3次。"
    assert len(repeats_within(near)) == 1
    assert repeats_within("开展专题研讨3次。召开警示大会3次。") == []


def test_repeats_across():
    other = "部长与班子成员层层签订责任书38份，压紧压实管党治党责任。"
    text = "部长与班子成员层层签订责任书38份，压紧压实管党治党责任。新的一句话在这里写得足够长。"
    (r,) = repeats_across(text, [other])
    assert r.sentence.startswith("部长")
    assert repeats_across(text, [], Likeness()) == []
