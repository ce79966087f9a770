"""Passes that judge each line on its own: page-number lines, a site's navigation, scored site noise.

Line noise is found by a score rather than by known strings: telltale words (分享于, 上传者, 扫码 …),
contact details, words that only add up (下载, 会员, 公众号 …), a short line, no full stop and a
place near the top or bottom all add up (prompts/ingest_rules.yaml names each weight and says why).
"""

from __future__ import annotations

import re

from ..lines import Reason, Text
from ...text.markers import TITLE_WORDS, fold, match_marker
from ..rules import IngestRules
from .base import Pass

_BREADCRUMB = re.compile(r"^(?:[^>›»\n]{1,12}\s*[>›»]\s*){2,}[^>›»\n]{1,30}$")  # 首页 > 公文写作 > 党建材料
_MENU_SEP = re.compile(r"\s*[|｜丨•·]\s*")


def noise_score(line: str, rules: IngestRules, *, near_edge: bool = False, folded: bool = False) -> float:
    """How much ``line`` looks like site/vendor noise rather than report text (>= noise_threshold: noise)."""
    w = rules.weights
    if not line or len(line) > w.longest_noise_line:
        return 0  # a paragraph or a page: what site words it holds are cut out piece by piece
    line = line if folded else fold(line)  # ＷＷＷ．ＸＸ．ＣＯＭ is a URL too
    if match_marker(line):
        return 0  # a numbered heading is content
    telltale = len({m.group(0).lower() for m in rules.telltale.finditer(line)})
    sentences = line.count("。")
    clauses = len(re.findall(r"[，；]", line))
    if rules.page_count.search(line) and (len(line) <= w.page_count_max_length or not (clauses or sentences)):
        telltale += w.page_count_in_banner  # a page count stands alone in a banner, not inside a sentence
    adding = min(w.adding_words_cap, len(set(rules.adding.findall(line))))
    score = w.telltale_word * telltale + w.adding_word * adding
    if score < w.worth_scoring:
        return 0
    if clauses >= 2 and line[-1] in "。；！" and not rules.contact.search(line):
        score -= w.prose_discount  # a finished sentence of several clauses is prose
        near_edge = False
    if len(line) > w.long_prose_length and sentences:
        score -= w.long_prose_discount
    if not telltale and re.search(r"[，；]", line):
        score -= w.comma_discount
    if line[-1] in "，、；":
        score -= w.fragment_discount
    if TITLE_WORDS.search(line):
        score -= w.title_discount
    if len(line) <= w.short_line_length:
        score += w.short_line_bonus
    if not sentences:
        score += w.no_sentence_bonus
    if near_edge:
        score += w.near_edge_bonus
    return max(score, 0)


def is_noise(line: str, rules: IngestRules, *, near_edge: bool = False, folded: bool = False) -> bool:
    return noise_score(line, rules, near_edge=near_edge, folded=folded) >= rules.weights.noise_threshold


def noise_words(line: str, rules: IngestRules) -> list[str]:
    """The site words that gave ``line`` away, in reading order, none inside another."""
    found = {m.group(0).strip() for m in rules.telltale.finditer(line)} | set(rules.adding.findall(line))
    found |= {m.group(0) for m in rules.page_count.finditer(line)}
    return sorted((w for w in found if not any(w != o and w in o for o in found)), key=line.find)


def noise_kind(line: str, rules: IngestRules) -> Reason:
    if rules.kind_contact.search(line):
        return Reason.SITE_CONTACT
    if rules.kind_sharer.search(line):
        return Reason.SITE_SHARER
    if rules.kind_page_count.search(line):
        return Reason.SITE_PAGE_COUNT
    return Reason.SITE_PROMOTION


def mark_scored(text: Text, index: int, line: str) -> None:
    """Mark a scored noise line with its kind and the words that gave it away."""
    words = noise_words(line, text.rules)[:4]
    text.mark(text.lines[index], noise_kind(line, text.rules), words="”“".join(words))


def edge_indices(text: Text) -> set[int]:
    """The first and last few non-blank lines: where banners and ads sit."""
    w = text.rules.weights
    nonblank = [i for i, line in enumerate(text.lines) if line.text]
    return set(nonblank[: w.edge_top_lines]) | set(nonblank[-w.edge_bottom_lines :] if w.edge_bottom_lines else [])


def is_menu(line: str, rules: IngestRules) -> bool:
    """Three or more short items between | or ·, one of them a site word: buttons, not a slogan."""
    items = [x for x in _MENU_SEP.split(line) if x]
    return (
        len(items) >= 3 and all(len(x) <= 6 for x in items) and "。" not in line
        and bool(rules.adding.search(line) or rules.telltale.search(line) or rules.menu_words.search(line))
    )


class PageLines(Pass):
    """A whole line that is a page number or footer: 第3页/共8页, — 3 —, 3/8, ·2·."""

    name = "page_lines"

    def __call__(self, text: Text) -> None:
        for line in text.lines:
            if line.text and text.rules.page_line.match(line.folded()):
                text.mark(line, Reason.PAGE_LINE)


class SiteNavigation(Pass):
    """A site's navigation path (首页 > 栏目 > …), its menu or buttons, and its read-more links."""

    name = "site_navigation"

    def __call__(self, text: Text) -> None:
        for line in text.lines:
            if not line.text or line.noise:
                continue
            s = line.folded()
            if _BREADCRUMB.match(s) and not match_marker(s):
                text.mark(line, Reason.BREADCRUMB)
            elif is_menu(s, text.rules):
                text.mark(line, Reason.MENU)
            elif text.rules.read_more.search(s) and len(s) <= 30 and "。" not in s and not match_marker(s):
                text.mark(line, Reason.READ_MORE)


class ScoredNoise(Pass):
    """Lines whose noise score reaches the threshold (one point more away from the top and bottom)."""

    name = "scored_noise"

    def __call__(self, text: Text) -> None:
        w = text.rules.weights
        edge = edge_indices(text)
        for i, line in enumerate(text.lines):
            if not line.text or line.noise:
                continue
            s = line.folded()
            threshold = w.noise_threshold + (0 if i in edge else w.away_from_edge_penalty)
            if noise_score(s, text.rules, near_edge=i in edge, folded=True) >= threshold:
                mark_scored(text, i, s)
