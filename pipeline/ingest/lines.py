"""What the clean passes work on: one record per line, the reason codes, and the shared state.

A ``Line`` keeps where it came from (``origin``: its index in the raw text), the page it sits on
when that is known, and flags the passes leave for each other. A line found to be noise carries a
``Noise`` (reason code + message) until the drop pass records it as a ``Removal``. Code compares
reason codes, never the messages (they are for the writer).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..types import Removal
from ..text.markers import fold
from .rules import IngestRules


class Shape(str, enum.Enum):
    """How the text was laid out where it came from: decides which passes run."""

    LINES = "line_per_paragraph"  # one paragraph per line (Word copied as text, most web pages)
    WRAPPED = "hard_wrapped"  # lines broken at a fixed width (PDF copies)
    PAGE_DUMP = "page_dump"  # one very long line per page, headings run into the text
    MARKDOWN = "markdown"
    DOCX = "docx_paragraphs"  # Word paragraphs: real paragraphs, never re-joined


class Flag(enum.Flag):
    NONE = 0
    PAGE_BREAK = enum.auto()  # removed page furniture between two lines of running text: no paragraph break
    PAGE_START = enum.auto()  # the first line of a page (page dump)
    RUN_IN = enum.auto()  # cut out of running text at a heading, title or closing (page dump)


class Reason(str, enum.Enum):
    """Why a piece of text was removed (the code travels with each Removal as ``code``)."""

    PAGE_LINE = "page_line"
    BREADCRUMB = "breadcrumb"
    MENU = "menu"
    READ_MORE = "read_more"
    SITE_CONTACT = "site_contact"
    SITE_SHARER = "site_sharer"
    SITE_PAGE_COUNT = "site_page_count"
    SITE_PROMOTION = "site_promotion"
    LONE_PAGE_NUMBER = "lone_page_number"
    RUNNING_HEADER = "running_header"
    FOOTER_WATERMARK = "footer_watermark"
    SITE_NAME = "site_name"
    REPEATED_LINE = "repeated_line"
    TOP_BANNER = "top_banner"
    BOTTOM_BLOCK = "bottom_block"
    PAGE_NUMBER_IN_SENTENCE = "page_number_in_sentence"
    PAGE_NUMBER_BETWEEN_SENTENCES = "page_number_between_sentences"
    PAGE_NUMBER_CUT_LINE = "page_number_cut_line"
    PAGE_NUMBER_BEFORE_MARKER = "page_number_before_marker"
    PAGE_NUMBER_NO_SIBLING = "page_number_no_sibling"
    PAGE_DUMP_NUMBER = "page_dump_number"
    BANNER_SENTENCE = "banner_sentence"
    URL = "url"
    SITE_MARK = "site_mark"
    STRAY_SYMBOL = "stray_symbol"
    STAMPED_WATERMARK = "stamped_watermark"

    def message(self, **detail) -> str:
        return _MESSAGES[self].format(**detail)


_MESSAGES = {
    Reason.PAGE_LINE: "页码或页眉页脚",
    Reason.BREADCRUMB: "网站的导航路径（首页 > 栏目 > …）",
    Reason.MENU: "网站的菜单或按钮行（收藏 | 分享 | 下载 …）",
    Reason.READ_MORE: "“推荐阅读”类链接行（此处往往分隔两篇文档）",
    Reason.SITE_CONTACT: "联系方式或广告：含“{words}”",
    Reason.SITE_SHARER: "文档分享网站的横幅（分享者、来源）：含“{words}”",
    Reason.SITE_PAGE_COUNT: "分享网站的页数说明：含“{words}”",
    Reason.SITE_PROMOTION: "分享网站或商家的宣传、水印：含“{words}”",
    Reason.LONE_PAGE_NUMBER: "插入句中的页码「{text}」（单独成行，上一行没有说完）",
    Reason.RUNNING_HEADER: "页脚旁重复出现的页眉（报告简称）",
    Reason.FOOTER_WATERMARK: "页脚旁的网站水印",
    Reason.SITE_NAME: "网站名水印",
    Reason.REPEATED_LINE: "重复出现 {count} 次的页眉/页脚或水印",
    Reason.TOP_BANNER: "文档开头的分享网站横幅（与广告行相邻）",
    Reason.BOTTOM_BLOCK: "文档末尾的广告或联系方式（与广告行相邻）",
    Reason.PAGE_NUMBER_IN_SENTENCE: "插入句中的页码「{n}、」（前后文是同一句话）",
    Reason.PAGE_NUMBER_BETWEEN_SENTENCES: "插入句间的页码「{n}、」（与前后页码连成一串）",
    Reason.PAGE_NUMBER_CUT_LINE: "插入句中的页码「{n}、」（上一行没有说完）",
    Reason.PAGE_NUMBER_BEFORE_MARKER: "插入段首的页码「{n}、」（后面紧跟另一个标题序号）",
    Reason.PAGE_NUMBER_NO_SIBLING: "插入段首的页码「{n}、」（前面没有同级的 {previous}、，后文也不像标题）",
    Reason.PAGE_DUMP_NUMBER: "整页粘成一行的页面开头的页码「{n}、」",
    Reason.BANNER_SENTENCE: "与正文粘连的分享网站横幅：含“{words}”",
    Reason.URL: "正文中的网址或邮箱（网站水印）",
    Reason.SITE_MARK: "正文中的网站名或来源水印",
    Reason.STRAY_SYMBOL: "词语中间多余的符号「{text}」",
    Reason.STAMPED_WATERMARK: "正文中夹带的水印（与单独成行的水印相同）",
}

# Page furniture: where it stood between two lines of running text, the break was a page's, not a paragraph's.
PAGE_FURNITURE = frozenset(
    {Reason.PAGE_LINE, Reason.RUNNING_HEADER, Reason.FOOTER_WATERMARK, Reason.LONE_PAGE_NUMBER, Reason.REPEATED_LINE}
)


@dataclass(frozen=True)
class Noise:
    """A whole line judged to be noise, not yet removed."""

    reason: Reason
    message: str


@dataclass
class Line:
    text: str
    origin: int  # index of the raw line it starts on (Removal.line is origin + 1)
    page: int | None = None
    flags: Flag = Flag.NONE
    noise: Noise | None = None
    wrapped_length: int = 0  # its length as wrapped, before a page number was cut from its start
    _folded: tuple[str, str] = field(default=("", ""), repr=False, compare=False)

    def folded(self) -> str:
        """The text with full-width letters and digits as ASCII (kept until the text changes)."""
        if self._folded[0] is not self.text:
            self._folded = (self.text, fold(self.text))
        return self._folded[1]


@dataclass
class Text:
    """The state the passes share: the lines, what was removed so far, the shape and the rules."""

    lines: list[Line]
    rules: IngestRules
    shape: Shape = Shape.LINES
    removals: list[Removal] = field(default_factory=list)
    watermarks: list[str] = field(default_factory=list)  # watermark lines without spaces (精品文档仅供参考)

    def remove(self, line: Line, piece: str, reason: Reason, **detail) -> None:
        """Record ``text`` (a whole line or a piece of it) as removed from ``line``."""
        self.removals.append(Removal(text=piece, reason=reason.message(**detail), line=line.origin + 1, code=reason.value))

    def mark(self, line: Line, reason: Reason, **detail) -> None:
        """Judge the whole line to be noise (the first judgement stands)."""
        if line.noise is None:
            line.noise = Noise(reason, reason.message(**detail))

    def drop(self, line: Line) -> None:
        """Remove a line judged to be noise: record it with its judgement and empty it."""
        noise = line.noise
        self.removals.append(Removal(text=line.text, reason=noise.message, line=line.origin + 1, code=noise.reason.value))
        line.text, line.noise = "", None
