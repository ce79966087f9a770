"""Noise removal that generalises to documents we have not seen.

Nothing is dropped silently: every piece of removed text becomes a ``Removal(text, reason, line)``.
What is changed without a record is only layout (line breaks, blank lines, spaces) and character
width (Ｘ → X, "," → "，" between Chinese characters), which NFKC folds back, so
"cleaning only removes what it records" can be checked.

Line noise is found by a score rather than by known strings: noise words (下载, 会员, QQ群, 公众号,
分享, 共N页 …), contact details, position near the top or bottom, a short line and no sentence
punctuation all add up; lines next to a noisy banner at the top or bottom go with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..types import Removal
from .parse import UNIT_LINE, first_sentence_end
from .markers import CJK, CLOSING, INCOMPLETE_END, TERMINAL, TITLE_TAIL, TITLE_WORDS, is_date_line, match_marker

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

# Words that on their own mark a line as coming from a sharing site, a vendor or an advert…
_STRONG_NOISE = re.compile(
    r"倒卖|举报成功|分享于|分享者|上传于|上传者|贡献者|本文档?由|仅供(?:学习|参考|交流)|禁止外传|请勿外传|禁止转载|"
    r"(?:如有|若有|涉嫌)侵权|侵权(?:请|必究|删除|联系)|版权所有|文库|扫码|扫一扫|二维码|qq群?|vip|客服|加微信|微信号|关注(?:我们|公众号|微信)|请关注|请访问|"
    r"免费(?:领取|获取|下载)|点击(?:下载|查看|阅读)|下载后|欢迎下载|可编辑|预览|立享|会员(?:群|专享|资料)|资料群|"
    r"阅读原文|更多精彩|更多.{0,12}(?:访问|关注|搜索|下载|点击)|"
    r"www\.|https?://|\.com\b|\.cn\b|\.net\b|@[a-z0-9-]+\.|"
    r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|联系电话|联系方式|邮箱|e-?mail|"
    r"(?:微信|电话|手机|qq)\s*[:：]|私信|加v|vx|加微|(?:本|该|此)文档?(?:由|来自)|分享人|下载地址|文档下载|获取更多|"
    r"(?:阅读|查看|了解|获取)更多|范文网|公文网|素材网|文秘网|[\u4e00-\u9fff]{1,6}(?:网|库)\s*(?:整理|收集|提供|出品|首发)|"
    # what a site says about the file itself: format, rights, search tags, view counts
    # ("材料请以word格式报送" and "网络热词" are report text: the site's phrasing is more specific)
    r"word\s*(?:版本?|格式|文档)\s*[，,]?\s*(?:可|下载|免费)|(?:此|本)文档为\s*word|商业用途|用于商业|可?任意(?:修改|编辑)|"
    r"版权声明|免责声明|联系删除|热词搜索|相关热词|热门关键词|(?:相关|热门)搜索|"
    r"浏览\s*\d+\s*次|下载\s*\d+\s*次|\d+\s*人(?:已)?(?:下载|阅读|浏览)|"
    # a web page's meta line: 发布时间：… 来源：… 作者：… 阅读：2315
    # what the site says about the file and the page: 文档格式：doc, 36KB, 全文共2156字, 剩余2页未读
    r"文档(?:标题|格式|大小|类型|页数|简介|分类)\s*[:：]|页数\s*[:：]|\d+(?:\.\d+)?\s*[KM]B\b|全文共\s*\d+\s*字|"
    r"阅读(?:约需|需要|时间)|剩余\s*\d+\s*页|页未读|未读完|(?:继续|展开|查看)(?:阅读|全文)|阅读全文|全文阅读|"
    r"发布(?:时间|日期)\s*[:：]|(?:阅读|浏览|点击)(?:量|数|次数)?\s*[:：]\s*\d+|(?:^|\s)(?:来源|作者|责编|编辑)\s*[:：]|网友投稿",
    re.I,
)
# "共12页" is a site's page count in a banner, but also report text ("手册每册共48页，供群众…").
_PAGE_COUNT = re.compile(r"共\s*\d+\s*页|第\s*\d+\s*页")
# Contact details and addresses: noise even inside a sentence.
_HARD_NOISE = re.compile(
    r"www\.|https?://|\.com\b|\.cn\b|@[a-z0-9-]+\.|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)|"
    r"(?:微信|电话|手机|qq)\s*[:：]|qq群?|加微信|微信号|倒卖|如有侵权|侵权(?:请|必究|删除|联系)",
    re.I,
)
# …and words that only add up (订阅党报党刊, 公益广告 and 工会会员 are report text).
_WEAK_NOISE = re.compile(
    r"下载|会员|订阅|转载|原创|公众号|分享|资料|免费|平台|网站|广告|领取|权益|付费|优惠|群|实时|迭代|更新|精品|范文|来源|编辑|"
    r"咨询|购买|限时|整理|文档|页"
)
_PAGE_LINE = re.compile(
    r"^[-—–－\s]*(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页(?:\s*第\s*\d+\s*页)?|"
    r"\d+\s*[/／]\s*\d+|[-—–－]+\s*\d+\s*[-—–－]+|page\s*\d+(?:\s*of\s*\d+)?|\d{1,3}|"
    r"[·•・〔\[［]\s*\d{1,3}\s*[·•・〕\]］])[-—–－\s]*$",  # ·2· 〔2〕 [2]
    re.I,
)
# 首页 > 公文写作 > 党建材料: a site's navigation path.
_BREADCRUMB = re.compile(r"^(?:[^>›»\n]{1,12}\s*[>›»]\s*){2,}[^>›»\n]{1,30}$")
_SITE_NAME = re.compile(rf"[{CJK}A-Za-z0-9·]{{1,10}}(?:网|文库|文档|资料站|资源站|下载站)")
# "云岭市财政局党组成员、副局长 赵敏", "述职人：王立军": an author line, the document's own
_AUTHOR = re.compile(rf"(?:书记|局长|主任|部长|委员|成员|县长|市长|区长|镇长|乡长|院长|馆长|所长|站长|组长|科长|股长|述职人|发言人)[\s:：]*[{CJK}]{{0,3}}$")
_MENU_SEP = re.compile(r"\s*[|｜丨•·]\s*")
# A link line: the phrase, then a colon, arrow or bar and the linked title, or the phrase alone
# ("推荐阅读书目20种" is report text).
_READ_MORE = re.compile(
    r"(?:推荐阅读|相关阅读|延伸阅读|更多阅读|猜你喜欢|下一篇|上一篇|相关推荐|相关文章|热门推荐|精选范文|范文推荐|阅读推荐|"
    r"可能.{0,2}喜欢|更多(?:相关|同类|精彩)?(?:范文|文章|资料|内容|精彩))(?:\s*[:：>》|｜→]|\s*$)"
)
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&_%#:~+-]+|[A-Za-z0-9._-]+@[A-Za-z0-9-]+\.[A-Za-z.]+")
# A site's name stamped into a paragraph: 【某某范文网】, 【XX文库】, （来源：某某网）.
_INLINE_MARK = re.compile(
    r"【[^【】\n]{1,12}(?:网|文库|公众号|范文|文档)】|[（(](?:来源|转自|摘自|出处)[:：][^（）()\n]{1,30}[）)]|"
    # a site's tag on a title: 【精品】【推荐】【word版】【最新】…
    r"[（(](?:完整版|word版|可编辑版?|精选\d*篇|精华版|最新版?|范文|优秀范文|通用版|\d+篇)[）)]|"
    r"【[^【】\n]{0,3}(?:精品|推荐|精选|原创|热门|最新|优质|必备|荐|热|范文|word|doc|可编辑|下载|免费|vip|收藏|置顶|完整版|整理版)[^【】\n]{0,3}】",
    re.I,
)
_STRAY = re.compile(rf"(?<=[{CJK}])[｜|丨¦]+(?=[{CJK}])")
# "N、" where a page number was pasted into running text: after a Chinese character or comma.
_MID_PAGE_NO = re.compile(rf"(?<=[{CJK}，、”])(?<!第)(\d{{1,3}})、(?=[{CJK}“《（])(?!第)")
# …and after a full stop ("…深度不够。3、二是…"): only believed as part of a chain of page numbers.
_STOP_PAGE_NO = re.compile(rf"(?<=[。；！？])(\d{{1,3}})、(?=[{CJK}“《（])(?!第)")
_LEAD_PAGE_NO = re.compile(rf"^(\d{{1,3}})、(?=[{CJK}“《（])")
_BARE_NUMBER = re.compile(r"\d{1,3}、")  # a marker with no heading after it
_LEAD_PAGE_NO_DIGIT = re.compile(r"^(\d{1,3})、(?=\d)")  # "农田\n2、1.8万亩": only where a sentence is cut


@dataclass
class CleanResult:
    text: str
    removals: list[Removal] = field(default_factory=list)


def noise_score(line: str, *, near_edge: bool = False) -> int:
    """How much ``line`` looks like site/vendor noise rather than report text (>= 4: noise)."""
    line = _fold(line)  # ＷＷＷ．ＸＸ．ＣＯＭ is a URL too
    if match_marker(line):
        return 0  # a numbered heading is content
    strong = len(set(m.group(0).lower() for m in _STRONG_NOISE.finditer(line)))
    sentences = line.count("。")
    clauses = len(re.findall(r"[，；]", line))
    if _PAGE_COUNT.search(line) and (len(line) <= 24 or not (clauses or sentences)):
        strong += 1  # a page count stands alone in a banner, not inside a sentence
    weak = min(3, len(set(_WEAK_NOISE.findall(line))))
    score = 3 * strong + weak
    if score < 2:
        return 0
    prose = clauses >= 2 and line[-1] in "。；！" and not _HARD_NOISE.search(line)
    if prose:
        score -= 3  # a finished sentence of several clauses is prose (banners are slogans, not sentences)
        near_edge = False
    if len(line) > 60 and sentences:
        score -= 3  # long prose with sentences is report text, even if it mentions a 公众号
    if not strong and re.search(r"[，；]", line):
        score -= 2  # a sentence with a comma and no telltale site words is prose
    if line[-1] in "，、；":
        score -= 2  # a fragment of a sentence broken across lines
    if TITLE_WORDS.search(line):
        score -= 2  # 关于…平台建设情况的汇报
    if len(line) <= 40:
        score += 1
    if not sentences:
        score += 1
    if near_edge:
        score += 1
    return max(score, 0)


_CONTACT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}|联系|邮箱|e-?mail|微信|qq|私信|客服|加v|vx", re.I)
_SHARER = re.compile(r"分享|上传|贡献者|文档?由|来自")


def _noise_reason(line: str) -> str:
    """A readable reason, naming the words that gave the line away."""
    found = {m.group(0).strip() for m in _STRONG_NOISE.finditer(line)} | set(_WEAK_NOISE.findall(line))
    found |= {m.group(0) for m in _PAGE_COUNT.finditer(line)}
    words = sorted((w for w in found if not any(w != o and w in o for o in found)), key=line.find)
    if _CONTACT.search(line):
        kind = "联系方式或广告"
    elif _SHARER.search(line):
        kind = "文档分享网站的横幅（分享者、来源）"
    elif re.search(r"共\s*\d+\s*页|第\s*\d+\s*页", line):
        kind = "分享网站的页数说明"
    else:
        kind = "分享网站或商家的宣传、水印"
    return f"{kind}：含“{'”“'.join(words[:4])}”"


def _is_content_start(lines: list[str], i: int) -> bool:
    """Does the real document begin at line i (title, addressee, heading or prose)?"""
    line = lines[i]
    if noise_score(line, near_edge=True) >= 4:
        return False
    if match_marker(line) or (line.endswith(("：", ":")) and len(line) <= 30):
        return True
    if re.search(r"[。，；]", line) or len(line) >= 40:
        return True  # prose (perhaps hard-wrapped: a comma, no full stop yet)
    if TITLE_WORDS.search(line) and len(line) <= 60:
        return True
    nxt = next((lines[j] for j in range(i + 1, len(lines)) if lines[j]), "")
    if UNIT_LINE.search(line) and TITLE_WORDS.search(nxt) and len(nxt) <= 60:
        return True  # "中共某某局党组" above the title
    if TITLE_WORDS.search(line + nxt) and len(line) >= 16 and len(line + nxt) <= 80:
        return True  # a long title wrapped over two lines
    opens = match_marker(nxt) is not None or re.search(r"[。，；]", nxt) or len(nxt) >= 40 or nxt.startswith("——")
    return bool(nxt) and bool(opens) and noise_score(nxt) < 4


def _is_content_end(line: str) -> bool:
    if noise_score(line, near_edge=True) >= 4:
        return False
    return bool(
        re.search(r"[。，；]", line) or len(line) >= 40 or match_marker(line) or is_date_line(line) or CLOSING.match(line)
        or line.endswith(("！", "!"))
    )


def _protected_tail(line: str) -> bool:
    """Signature, date and closing lines stay even in a noisy bottom block."""
    return bool(is_date_line(line) or CLOSING.match(line) or re.search(r"(委|局|部|办|院|中心|政府|支部|党组)$", line))


def _line_noise(lines: list[str]) -> dict[int, str]:
    """Index → reason for every whole line that is noise."""
    reasons: dict[int, str] = {}
    nonblank = [i for i, s in enumerate(lines) if s]
    if not nonblank:
        return reasons
    edge = set(nonblank[:12]) | set(nonblank[-8:])

    for i in nonblank:
        s = _fold(lines[i])
        if _PAGE_LINE.match(s):
            reasons[i] = "页码或页眉页脚"
        elif _BREADCRUMB.match(s) and not match_marker(s):
            reasons[i] = "网站的导航路径（首页 > 栏目 > …）"
        elif _is_menu(s):
            reasons[i] = "网站的菜单或按钮行（收藏 | 分享 | 下载 …）"
        elif _READ_MORE.search(s) and len(s) <= 30 and "。" not in s and not match_marker(s):
            reasons[i] = "“推荐阅读”类链接行（此处往往分隔两篇文档）"
        elif noise_score(s, near_edge=i in edge) >= 4 + (i not in edge):
            reasons[i] = _noise_reason(s)

    # "N、" alone on a line that cuts a sentence in half: a page number pasted at a page's start.
    for k, i in enumerate(nonblank):
        if i in reasons or k == 0 or k + 1 == len(nonblank) or not _BARE_NUMBER.fullmatch(lines[i]):
            continue
        prev, nxt = lines[nonblank[k - 1]], lines[nonblank[k + 1]]
        if len(prev) >= 10 and _ends_mid_sentence(prev) and not match_marker(nxt):
            reasons[i] = f"插入句中的页码「{lines[i]}」（单独成行，上一行没有说完）"

    # A short line beside a page footer that recurs or names a site: the page's watermark.
    pages = [i for i, r in reasons.items() if r == "页码或页眉页脚"]
    counts = Counter(lines[i] for i in nonblank)
    beside_page = Counter(lines[j] for p in pages for j in nonblank[max(0, nonblank.index(p) - 1) : nonblank.index(p) + 2])
    for p in pages:
        k = nonblank.index(p)
        for j in nonblank[max(0, k - 1) : k + 2]:
            s = lines[j]
            if j in reasons or len(s) > 20 or re.search(r"[，。；：！？]", s) or match_marker(s):
                continue
            if _protected_tail(s) or UNIT_LINE.search(s):
                continue
            if TITLE_WORDS.search(s):
                # a running header names the report ("某某局巡察工作汇报"): every copy sits beside a
                # page footer; the title itself stands at the top, away from any page number
                if counts[s] >= 2 and beside_page[s] == counts[s]:
                    reasons[j] = "页脚旁重复出现的页眉（报告简称）"
                continue
            if counts[s] >= 2 or re.search(r"(?:网|库|站|文档|资料)$", s):
                reasons[j] = "页脚旁的网站水印"

    # A bare site name on a line of its own (智金范文网, 蓝鲸文库), twice or at the top/bottom: a watermark.
    for i in nonblank:
        if i not in reasons and _SITE_NAME.fullmatch(lines[i]) and (counts[lines[i]] >= 2 or i in edge):
            reasons[i] = "网站名水印"

    # The same short line again and again: page header, footer or watermark.
    counts = Counter(lines[i] for i in nonblank)
    first_seen: dict[str, int] = {}
    for i in nonblank:
        s = lines[i]
        # (a header or watermark is no clause of prose: a repeated line with a comma is text pasted twice)
        if counts[s] >= 3 and len(s) <= 40 and not re.search(r"[。，；、]", s) and not match_marker(s) and i not in reasons:
            header = _noisy_neighbours(lines, nonblank, i, reasons) or _interrupts(lines, nonblank, i)
            if TITLE_WORDS.search(s) and (first_seen.setdefault(s, i) == i or not header):
                continue  # a running header repeats the title (beside a footer, or cutting a sentence); the title stays
            if _protected_tail(s) or UNIT_LINE.search(s) or s.endswith(("：", ":")) or s.startswith("——") or _AUTHOR.search(s):
                continue  # several reports of one unit in one file: each has its addressee, signature and date
            reasons[i] = f"重复出现 {counts[s]} 次的页眉/页脚或水印"

    # Banner block at the top: everything before the real start goes if any of it is noise.
    start = next((i for i in nonblank if i not in reasons and _is_content_start(lines, i)), None)
    if start is not None:
        head = [i for i in nonblank if i < start]
        if any(i in reasons for i in head):
            for i in head:
                reasons.setdefault(i, "文档开头的分享网站横幅（与广告行相邻）")
    # And at the bottom, after the last line of real text.
    end = next((i for i in reversed(nonblank) if i not in reasons and _is_content_end(lines[i])), None)
    if end is not None:
        tail = [i for i in nonblank if i > end]
        if any(i in reasons for i in tail):
            for i in tail:
                if not _protected_tail(lines[i]):
                    reasons.setdefault(i, "文档末尾的广告或联系方式（与广告行相邻）")
    return reasons


def _is_menu(line: str) -> bool:
    """Three or more short items between | or ·, one of them a site word: buttons, not a slogan."""
    items = [x for x in _MENU_SEP.split(line) if x]
    return (
        len(items) >= 3 and all(len(x) <= 6 for x in items) and "。" not in line
        and bool(_WEAK_NOISE.search(line) or _STRONG_NOISE.search(line) or re.search(r"举报|收藏|纠错|打印|评论|点赞", line))
    )


def _fold(line: str) -> str:
    """Full-width letters, digits and . / as ASCII (Chinese punctuation stays: it tells prose apart)."""
    return line.translate(_FULL_TO_HALF).replace("．", ".").replace("／", "/")


def _interrupts(lines: list[str], nonblank: list[int], i: int) -> bool:
    """Does line i stand between two halves of a sentence (a page header in running text)?"""
    k = nonblank.index(i)
    if k == 0:
        return False
    prev = lines[nonblank[k - 1]]
    return bool(prev) and prev[-1] not in TERMINAL and not match_marker(prev) and len(prev) >= 10


def _noisy_neighbours(lines: list[str], nonblank: list[int], i: int, reasons: dict[int, str]) -> bool:
    """Is line i right beside a page footer (so a header, not the title)?"""
    k = nonblank.index(i)
    return any(reasons.get(j) == "页码或页眉页脚" for j in nonblank[max(0, k - 1) : k + 2] if j != i)


def _ends_mid_sentence(line: str) -> bool:
    if not line or line[-1] in TERMINAL or is_date_line(line):
        return False
    marker = match_marker(line)
    return marker is None or "。" in line[marker.end:]  # a bare heading ends without punctuation


def _page_numbers(lines: list[str], kept: list[int]) -> list[tuple[int, int, int, int, str]]:
    """Page numbers pasted into the text as "N、": (line index, start, end, N), increasing N."""
    found: list[tuple[int, int, int, int, str]] = []
    weak: set[tuple[int, int]] = set()  # candidates that need other page numbers around them
    for pos, i in enumerate(kept):
        line = lines[i]
        for m in _MID_PAGE_NO.finditer(line):
            n = int(m.group(1))
            before = line[: m.start()]
            # "1、…，2、…" in one paragraph is an inline list, not a page number.
            if n >= 2 and not re.search(rf"(?<!\d){n - 1}、", before):
                found.append((i, m.start(), m.end(), n, f"插入句中的页码「{n}、」（前后文是同一句话）"))
        for m in _STOP_PAGE_NO.finditer(line):
            n = int(m.group(1))
            if n >= 2 and not re.search(rf"(?<!\d){n - 1}、", line[: m.start()]):
                weak.add((i, m.start()))
                found.append((i, m.start(), m.end(), n, f"插入句间的页码「{n}、」（与前后页码连成一串）"))
        m = _LEAD_PAGE_NO.match(line) or _LEAD_PAGE_NO_DIGIT.match(line)
        if m and pos > 0:
            prev = lines[kept[pos - 1]]
            n = int(m.group(1))
            # A real "N、" heading follows a finished sentence; a page number cuts one in half.
            if n >= 2 and len(prev) >= 10 and _ends_mid_sentence(prev):
                found.append((i, m.start(), m.end(), n, f"插入句中的页码「{n}、」（上一行没有说完）"))
    found += _page_numbers_between_paragraphs(lines, kept, found)
    # Page numbers increase through a document; keep the longest increasing run. A file holding several
    # documents numbers each from its first page again: after a signed date or closing line a run may restart.
    found = sorted(found)[:3000]  # a bound: no real file has more pages than this
    ends = [0] * (len(lines) + 1)  # ends[i]: date/closing lines before line i
    for i, line in enumerate(lines):
        line = re.sub(r"^\d{1,3}、", "", line)  # "2、2024年5月22日": the date opened page 2
        ends[i + 1] = ends[i] + bool(line and (is_date_line(line) or CLOSING.match(line)))
    length = [1] * len(found)
    before = [-1] * len(found)
    for k, cand in enumerate(found):
        for j in range(k):
            restart = cand[3] <= 2 and ends[cand[0]] > ends[found[j][0]]
            if (found[j][3] < cand[3] or restart) and length[j] + 1 > length[k]:
                length[k], before[k] = length[j] + 1, j
    chain = []
    k = max(range(len(found)), key=length.__getitem__, default=-1)
    while k >= 0:
        chain.append(found[k])
        k = before[k]
    if all((c[0], c[1]) in weak for c in chain):
        return []  # "。3、" alone is more likely a list the writer numbered inline
    if len(chain) < 2:
        chain = [c for c in chain if (c[0], c[1]) not in weak]
    return chain[::-1]


def _page_numbers_between_paragraphs(lines, kept, confirmed):
    """"N、" opening a line after a finished sentence is a page number only when it does not continue
    a "1、 2、" run of headings and either a confirmed page number N-1 or N+1 lies around it or what
    follows is no heading (its first sentence is long)."""
    numbers = {c[3] for c in confirmed}
    out = []
    last_sibling = 0  # value of the last "N、"/"N." heading since the last higher heading
    last_sep = ""  # and how it was written: a "3、" after "1." "2." is no sibling of theirs
    any_sibling = False  # any "N、"/"N." since the last higher heading (a list never starts at 2)
    for pos, i in enumerate(kept):
        marker = match_marker(lines[i])
        if marker is None:
            continue
        if marker.level < 3:
            last_sibling, any_sibling = 0, False
            continue
        if marker.level != 3:
            continue
        n = marker.value
        sep = marker.text[-1]
        if last_sibling and sep != last_sep:
            last_sibling = 0
        rest = own = lines[i][marker.end:].strip()
        for j in kept[pos + 1 : pos + 6]:  # the sentence may be wrapped onto the next lines
            if "。" in rest or match_marker(lines[j]):
                break
            rest += lines[j]
        end = first_sentence_end(rest)
        # A heading's first sentence is short; "2、（二）加强作风…" is a page number before a heading.
        inner = match_marker(rest)
        # "3、以上汇报…", "4、中共某某局党组", "2、2023年7月8日": a closing, signature or date is no heading
        closing = bool(CLOSING.match(own) or is_date_line(own) or UNIT_LINE.search(own))
        not_a_heading = (end if end >= 0 else len(rest)) > 40 or inner is not None or closing
        first_page = pos == 0 and n == 1 and 2 in numbers  # "1、" above page one's text
        if n >= 2 and marker.text.endswith("、") and inner is not None:
            # "3、三、…" / "2、（二）…" / "3、3、…": no heading starts with another heading's number
            out.append((i, 0, len(marker.text), n, f"插入段首的页码「{n}、」（后面紧跟另一个标题序号）"))
            numbers.add(n)
            continue
        orphan = not any_sibling and pos > 0
        if first_page or (marker.text.endswith("、") and n >= 2 and n != last_sibling + 1
                          and (({n - 1, n + 1} & numbers) or not_a_heading or orphan)):
            out.append((i, 0, len(marker.text), n, f"插入段首的页码「{n}、」（前面没有同级的 {n - 1}、，后文也不像标题）"))
            numbers.add(n)
            continue
        last_sibling, last_sep, any_sibling = n, sep, True
    return out


def _ends_sentence(line: str) -> bool:
    return bool(line) and line[-1] in "。！？!?”"


_PAGE_FAMILY = ("页码", "页脚旁", "插入句中的页码", "重复出现")


def _page_breaks(lines: list[str], reasons: dict[int, str]) -> set[int]:
    """Removed page furniture (page number, running header) sitting between two lines of text with no
    blank line around it: a page break, not a paragraph break, so the sentence it cut may be joined."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        if i in reasons and reasons[i].startswith(_PAGE_FAMILY):
            j = i
            while j < len(lines) and j in reasons and reasons[j].startswith(_PAGE_FAMILY):
                j += 1
            if i > 0 and j < len(lines) and lines[i - 1] and lines[j] and i - 1 not in reasons and j not in reasons:
                out.update(range(i, j))
            i = j
        else:
            i += 1
    return out


def _join_broken(lines: list[str], physical: list[int] | None = None, origin: list[int] | None = None,
                 page_breaks: set[int] = frozenset()) -> list[str]:
    """Join lines broken mid-sentence (copied from PDF or a web page).

    ``physical``: each line's length as wrapped, before a page number was cut from it.
    ``origin`` (filled if given): the index of the first input line of each output line.
    ``page_breaks``: emptied lines that were page furniture inside running text (no paragraph break).
    """
    origin = [] if origin is None else origin
    width = _wrap_widths(lines)
    out: list[str] = []
    last = ""  # the last physical line appended: its width and ending decide, not the joined whole
    last_len = 0
    pending_blank = False
    for k, line in enumerate(lines):
        if not line:
            pending_blank = pending_blank or k not in page_breaks
            continue
        if out and _should_join(out[-1], last, line, width, across_blank=pending_blank, prev_len=last_len):
            sep = " " if re.match(r"[A-Za-z]", line) and re.search(r"[A-Za-z]$", out[-1]) else ""
            out[-1] = out[-1] + sep + line
        else:
            if pending_blank and out:
                out.append("")
                origin.append(k)
            out.append(line)
            origin.append(k)
        last = line
        last_len = max(len(line), physical[k] if physical else 0)
        pending_blank = False
    return out


def _wrap_widths(lines: list[str]) -> tuple[int, ...]:
    """The line widths of hard-wrapped text: lengths (±1) shared by many unfinished lines.

    Headings and titles also end without punctuation, so a couple of equal lengths is chance:
    headings are left out, and the main width must be shared by a good part of all longer lines.
    A file that holds several documents may hold several widths: others need 4+ lines of their own.
    """
    long_lines = [s for s in lines if len(s) >= 10]
    counts = Counter(len(s) for s in long_lines if s[-1] not in TERMINAL and not match_marker(s))
    near = {length: counts[length] + counts.get(length - 1, 0) for length in counts}
    ranked = sorted(near, key=lambda length: (near[length], length), reverse=True)
    top = near[ranked[0]] if ranked else 0
    if not (top >= 2 and top >= 0.25 * len(long_lines)) and not (top >= 6 and top >= 0.1 * len(long_lines)):
        return ()
    widths = [ranked[0]]
    for length in ranked[1:]:
        if near[length] >= 4 and near[length] >= 0.08 * len(long_lines) and all(abs(length - w) > 1 for w in widths):
            widths.append(length)
    return tuple(widths)


def _at_width(length: int, widths: tuple[int, ...], slack: int) -> bool:
    return any(w - slack <= length <= w for w in widths)


def _should_join(joined: str, prev: str, line: str, width: tuple[int, ...], *, across_blank: bool, prev_len: int = 0) -> bool:
    if not prev or "\t" in prev or "\t" in line:
        return False
    plen = max(prev_len, len(prev))
    if TITLE_TAIL.fullmatch(line) and joined == prev and not across_blank and not re.search(r"[，。；：]", prev):
        return not match_marker(prev) and len(prev) >= 16  # a long title wrapped before its last word
    if len(line) <= 2 and CJK_ONLY.fullmatch(line) and not across_blank and prev[-1] not in TERMINAL and len(prev) >= 16:
        return True  # "…整改情况的报" / "告": a wrap one or two characters before the end
    if line[0] in "，。、；：！？）》”’" and prev[-1] not in "。！？":
        return True  # no paragraph starts with closing punctuation: the wrap fell just before it
    if prev[-1] in TERMINAL:
        # At the wrap width a line may end in a closing quote (“四早”|要求) or even a full stop that
        # is not the paragraph's end; elsewhere such a line ends its paragraph.
        quote = prev[-1] in "”’」』" and (len(prev) < 2 or prev[-2] not in "。！？!?…")
        wrapped = not across_blank and _at_width(plen, width, 1 if quote else 0)
        # "县委巡察办：" (an addressee) or "…如下：" before "一是…" ends there; "…。整改情况：" at the width need not
        lead_in = prev[-1] in "：:" and (not re.search(r"[，。；]", prev) or re.match(r"一是|其一|首先|第一", line))
        if not wrapped or lead_in or (not quote and prev[-1] not in "。；;：:"):
            return False
    if match_marker(line) or is_date_line(line) or CLOSING.match(line) or is_date_line(prev):
        return False
    titled = TITLE_WORDS.search(prev) and not re.search(r"[，。；]", prev)  # "…报告" ends a title, not "现将…报告"
    full_width = _at_width(plen, width, 1) and not titled
    marker = match_marker(joined)
    if marker and "。" not in joined[marker.end:] and not full_width:
        return False  # a heading line on its own (unless it was wrapped at the page width)
    if prev.endswith(("：", ":")) and not full_width:
        return False
    clearly_open = prev[-1] in INCOMPLETE_END
    if across_blank:
        return clearly_open or full_width
    # A comma inside and no sentence end: prose cut in half (a title or signature has neither).
    # ("党组成员、副局长 赵敏": a 、 alone is no sign of prose in a short line)
    commas = re.search(r"[，；]", prev) or (len(prev) >= 20 and "、" in prev)
    prose = bool(commas) and len(prev) >= 8 and not TITLE_WORDS.search(prev)
    return clearly_open or full_width or prose or len(prev) >= 40


CJK_ONLY = re.compile(f"[{CJK}]+")
_FULL_TO_HALF = {c: c - 0xFEE0 for c in range(ord("０"), ord("９") + 1)}
_FULL_TO_HALF.update({c: c - 0xFEE0 for c in range(ord("Ａ"), ord("Ｚ") + 1)})
_FULL_TO_HALF.update({c: c - 0xFEE0 for c in range(ord("ａ"), ord("ｚ") + 1)})
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT_IN_CN = re.compile(rf"(?<=[{CJK}）”》])([,;:?!])|([,;:?!])(?=[{CJK}“《（])")
_STOP_IN_CN = re.compile(rf"(?<=[{CJK}])\.(?=[{CJK}“]|$)")  # "学习10次.下一步" (never 1. or 3.5)
_DIGIT_DOT = re.compile(r"(?<=\d)．(?=\d)")
_PARENS_IN_CN = re.compile(rf"\(([^()\n]*[{CJK}][^()\n]*)\)")
_SPACE_IN_CN = re.compile(rf"(?<=[{CJK}，。、；：！？（）“”《》])[ \u3000\u00a0]+(?=[{CJK}，。、；：！？（）“”《》])")


def normalize_width(line: str) -> str:
    """ASCII letters/digits half-width; Chinese punctuation full-width in Chinese context.

    A heading marker at the start of the line is kept as written (checks flag "(一)" misuse).
    """
    line = line.translate(_FULL_TO_HALF)
    marker = match_marker(line)
    head, body = (line[: marker.end], line[marker.end:]) if marker else ("", line)
    body = _PUNCT_IN_CN.sub(lambda m: _HALF_PUNCT[m.group(1) or m.group(2)], body)
    body = _STOP_IN_CN.sub("。", body)
    body = _PARENS_IN_CN.sub(lambda m: f"（{m.group(1)}）", body)
    body = _DIGIT_DOT.sub(".", body).replace("％", "%")  # 7．2％ → 7.2%
    return head + body


def clean_text(raw: str, *, join_lines: bool = True) -> CleanResult:
    """Remove noise from ``raw`` and record each removal with a reason and its 1-based line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_ZERO_WIDTH)
    lines = [s.strip(" \u3000\u00a0\t") if "\t" not in s.strip() else s.strip() for s in text.split("\n")]
    removals: list[Removal] = []

    reasons = _line_noise(lines)
    cores = _watermark_cores([lines[i] for i in reasons])
    index = _bigram_index(cores)
    for i in [i for i in reasons if cores]:
        # A line of text with the watermark stamped into it (whole, or cut by a wrap) is text.
        near = _candidates(lines[i], index)
        if not near:
            continue
        rest = _strip_marks(lines[i], near)
        if rest != re.sub(r"\s+", "", lines[i]) and len(rest) >= 6 and noise_score(rest) < 4:
            del reasons[i]
    page_breaks = _page_breaks(lines, reasons)
    for i, reason in sorted(reasons.items()):
        removals.append(Removal(text=lines[i], reason=reason, line=i + 1))
        lines[i] = ""

    kept = [i for i, s in enumerate(lines) if s]
    physical = [len(s) for s in lines]
    for i, start, end, _, reason in sorted(_page_numbers(lines, kept), key=lambda c: (c[0], -c[1])):
        removals.append(Removal(text=lines[i][start:end], reason=reason, line=i + 1))
        lines[i] = lines[i][:start] + lines[i][end:]

    for i in kept:
        line = lines[i]
        for m in _URL.finditer(line):
            removals.append(Removal(text=m.group(0), reason="正文中的网址或邮箱（网站水印）", line=i + 1))
        line = _URL.sub("", line)
        for m in _INLINE_MARK.finditer(line):
            removals.append(Removal(text=m.group(0), reason="正文中的网站名或来源水印", line=i + 1))
        line = _INLINE_MARK.sub("", line)
        for m in _STRAY.finditer(line):
            removals.append(Removal(text=m.group(0), reason=f"词语中间多余的符号「{m.group(0)}」", line=i + 1))
        line = _STRAY.sub("", line)
        lines[i] = line.strip()

    marks = {core: re.compile(r"\s*".join(map(re.escape, core))) for core in cores}
    origin: list[int] = []
    lines = _join_broken(lines, physical, origin, page_breaks) if join_lines else _drop_extra_blanks(lines, origin)
    if marks:  # the watermark stamped across the running text as well (PDF copies)
        for k, line in enumerate(lines):
            for mark in (marks[c] for c in sorted(_candidates(line, index), key=len, reverse=True)):
                for m in mark.finditer(line):
                    removals.append(Removal(text=m.group(0), reason="正文中夹带的水印（与单独成行的水印相同）", line=origin[k] + 1))
                line = mark.sub("", line)
            lines[k] = line
    removals.sort(key=lambda r: (r.line or 0))
    lines = [normalize_width(_drop_stray_spaces(s)) for s in lines]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return CleanResult(text="\n".join(lines), removals=removals)


def _drop_stray_spaces(line: str) -> str:
    """Spaces between Chinese characters go, except between the phrases of a short title
    ("以学铸魂 以学促干"): runs of four or more characters on both sides, no sentence punctuation."""
    runs = re.split(r"[ \u3000\u00a0]+", line)
    if len(line) <= 40 and len(runs) > 1 and not re.search(r"[，。；：]", line):
        wide = re.search(r"[ \u3000\u00a0]{2,}|\u3000", line)  # a deliberate gap: "主任  李某某"
        if all(len(r) >= 4 for r in runs) or (wide and all(len(r) >= 2 for r in runs)):
            return " ".join(runs)
    return _SPACE_IN_CN.sub("", line)


def _drop_extra_blanks(lines: list[str], origin: list[int] | None = None) -> list[str]:
    origin = [] if origin is None else origin
    out: list[str] = []
    for k, s in enumerate(lines):
        if s or (out and out[-1]):
            out.append(s)
            origin.append(k)
    return out


def _watermark_cores(removed: list[str]) -> list[str]:
    """Removed lines that are a watermark (a site's words, short, no sentence, no number), without
    spaces: they may also be stamped inside a paragraph, perhaps cut by a wrap ("精品文档 仅供参考")."""
    out = []
    for text in dict.fromkeys(t.strip() for t in removed):
        core = re.sub(r"\s+", "", text)
        if not 4 <= len(core) <= 20 or re.search(r"[，。；：:,.]|\d", core):
            continue
        if noise_score(text) >= 4 or _SITE_NAME.fullmatch(core):
            out.append(core)
    return out


def _bigram_index(cores: list[str]) -> dict[str, set[str]]:
    """First and last two characters of each watermark → the watermarks (to find them in a line fast)."""
    index: dict[str, set[str]] = {}
    for core in cores:
        index.setdefault(core[:2], set()).add(core)
        index.setdefault(core[-2:], set()).add(core)
    return index


def _candidates(line: str, index: dict[str, set[str]]) -> set[str]:
    s = re.sub(r"\s+", "", line)
    found: set[str] = set()
    for k in range(len(s) - 1):
        found |= index.get(s[k : k + 2], set())
    return found


def _strip_marks(line: str, cores) -> str:
    """``line`` without spaces, whole watermarks, and a watermark's head at its end or tail at its start."""
    s = re.sub(r"\s+", "", line)
    for core in cores:
        s = s.replace(core, "")
        for k in range(len(core) - 1, 1, -1):
            if s.endswith(core[:k]):
                s = s[:-k]
                break
        for k in range(len(core) - 1, 1, -1):
            if s.startswith(core[-k:]):
                s = s[k:]
                break
    return s


def skeleton(text: str) -> str:
    """Text without layout: NFKC, no whitespace or invisible characters (used to verify no loss)."""
    folded = unicodedata.normalize("NFKC", text.translate(_ZERO_WIDTH)).replace("。", ".")
    return "".join(c for c in folded if not c.isspace() and unicodedata.category(c)[0] != "C")
