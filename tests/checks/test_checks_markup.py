"""markup.py: leaked labels, echoed headings, numbering, Markdown and wrapped facts."""

from __future__ import annotations

from pipeline.checks.markup import MarkupContext, find_leaks, prompt_labels, repair, wrapped_fact
from pipeline.checks.vocab import load_vocab

CTX = MarkupContext(
    title="中共东溪县委宣传部2024年度落实党风廉政建设责任制情况汇报",
    headings=("基本情况", "主要做法和成效", "扛牢管党治党政治责任", "思想认识方面"),
    facts=("开展谈心谈话46人次，对新提任的3名股级干部进行任前廉政谈话", "妥善处置网络舆情19起，办结率100%"),
)


def leaks(text: str) -> list[tuple[str, str, bool]]:
    return [(lk.code, lk.found, lk.safe) for lk in find_leaks(text, CTX, load_vocab())]


def test_labels():
    assert leaks("【范文】镇党委把……\n【范文2】一是……【事实】") == [
        ("MARKUP_LABEL", "【范文】", True), ("MARKUP_LABEL", "【范文2】", True), ("MARKUP_LABEL", "【事实】", True),
    ]
    assert leaks("开展【待补充：】活动") == [("MARKUP_LABEL", "【待补充：】", True)]
    # any other 【…】 is a defect that stripping cannot repair: it may hold text
    assert leaks("【典型做法】开展结对共建") == [("MARKUP_LABEL", "【典型做法】", False)]
    assert leaks("开展活动【待补充：次数】") == []  # a filled placeholder is the canonical form


def test_echoed_headings_are_dropped():
    text = "【一、基本情况】\n中共东溪县委宣传部2024年度落实党风廉政建设责任制情况汇报\n二、主要做法和成效\n一、思想认识方面\n正文。"
    assert [c for c, _, safe in leaks(text) if safe] == ["MARKUP_HEADING_ECHO"] * 4
    assert repair(text, find_leaks(text, CTX, load_vocab())) == "正文。"
    # a placeholder naming an outline point is a placeholder, not an echo; the title in one is
    assert leaks("【待补充：思想认识方面】") == []
    assert leaks("【待补充：2024年度落实党风廉政建设责任制情况汇报】")[0][0] == "MARKUP_HEADING_ECHO"


def test_a_heading_echoed_with_the_prompts_note_is_dropped():
    # the 1.5B's first line, taken from the prompt's “现在写：…（属于“…”）”; its numbered items keep their sentences
    text = ("（一）扛牢管党治党政治责任（属于“主要做法和成效”）\n\n"
            "1. 召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个。\n"
            "2. 制定工作要点，细化主体责任清单4类36项。")
    found = find_leaks(text, CTX, load_vocab())
    assert [(lk.code, lk.safe) for lk in found] == [("MARKUP_HEADING_ECHO", True)] + [("MARKUP_NUMBERING", True)] * 2
    assert repair(text, found) == "召开部务会专题研究党风廉政建设工作4次，研究解决具体问题11个。\n制定工作要点，细化主体责任清单4类36项。"
    # a sentence that starts with a heading's words and goes on is prose, not an echo
    assert leaks("扛牢管党治党政治责任（全年），召开部务会4次。") == []
    assert leaks("扛牢管党治党政治责任（不含二级单位）") == [("MARKUP_HEADING_ECHO", "扛牢管党治党政治责任（不含二级单位）", True)]


def test_own_numbering():
    assert leaks("（一）单位职能\n正文。\n1.强化学习。正文。") == [
        ("MARKUP_NUMBERING", "（一）", False), ("MARKUP_NUMBERING", "1.", False),
    ]
    assert leaks("一是强化学习；二是严格监督。1.5万人次参加。") == []


def test_markdown():
    text = "## 主要做法\n- 一是**强化学习**。\n> 引文\n| a | b |"
    found = leaks(text)
    assert [(c, safe) for c, _, safe in found] == [
        ("MARKUP_MARKDOWN", True), ("MARKUP_MARKDOWN", True), ("MARKUP_MARKDOWN", True), ("MARKUP_MARKDOWN", True),
        ("MARKUP_MARKDOWN", False),
    ]
    assert repair(text, find_leaks(text, CTX, load_vocab())) == "一是强化学习。\n引文\n| a | b |"


def test_wrapped_facts():
    vocab = load_vocab()
    assert wrapped_fact("开展谈心谈话46人次，对新提任的3名股级干部进行任前廉政谈话", CTX, vocab)
    assert wrapped_fact("妥善处置网络舆情19起", CTX, vocab)
    assert not wrapped_fact("网络舆情处置的次数", CTX, vocab)  # says what is missing
    assert not wrapped_fact("次数", CTX, vocab)
    text = "一是【待补充：妥善处置网络舆情19起，办结率100%】。"
    assert repair(text, find_leaks(text, CTX, vocab)) == "一是妥善处置网络舆情19起，办结率100%。"


def test_nothing_to_repair_leaves_the_text_alone():
    text = "  一是强化学习。\n\n二是严格监督。"
    assert repair(text, find_leaks(text, CTX, load_vocab())) == text


def test_prompt_labels_in_any_text():
    assert prompt_labels("【范文3】镇党委……【打击倒卖活动】") == [(0, 5, "【范文3】")]


def test_a_model_talking_about_its_answer_is_stripped():
    chatter = "以上就是东溪县委宣传部2024年度汇报中“二、主要做法和成效”的正文内容。"
    assert leaks(f"召开部务会4次。\n{chatter}") == [("MARKUP_LABEL", chatter, True)]
    assert leaks("好的，以下是正文：\n召开部务会4次。")[0] == ("MARKUP_LABEL", "好的，以下是正文：", True)
    # a sentence of the report that starts the same way is not chatter
    assert leaks("以上工作为全年任务完成奠定了基础。") == []


def test_a_numbered_item_sentence_loses_its_marker_a_numbered_heading_does_not():
    assert leaks("（一）召开部务会专题研究党风廉政建设4次，研究解决问题11个。") == [("MARKUP_NUMBERING", "（一）", True)]
    assert leaks("（一）压实主体责任") == [("MARKUP_NUMBERING", "（一）", False)]
