"""The page-dump shape: a sharing site's text view, one very long line per page, each starting with
its page number ("3、…"), page 1 with the title glued on, headings run into the text, ASCII , : ; ( ),
a banner sentence on top, and perhaps a second document beginning mid-page.

ASCII punctuation is made Chinese first (so markers and sentence ends can be read), the banner
sentence and the page numbers go (recorded), then the pages are read as one running text and cut
into lines at its title, addressee, run-in headings, closing, signature and date (``runin.py``).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..lines import Flag, Line, Reason, Shape, Text
from ...text.words import first_sentence_end
from ..runin import find_cuts
from ...text.markers import half_width
from .base import Pass
from .noise_lines import is_noise, noise_words
from .width import full_width_punctuation

PAGE_DUMP = frozenset({Shape.PAGE_DUMP})
_PAGE_NUMBER = re.compile(r"^(\d{1,3})、")


class PageDumpPunctuation(Pass):
    """(一)提高站位,迅速落实 → （一）提高站位，迅速落实: the whole line, markers too (layout only)."""

    name = "page_dump_punctuation"
    shapes = PAGE_DUMP

    def __call__(self, text: Text) -> None:
        for line in text.lines:
            line.text = full_width_punctuation(half_width(line.text))


class BannerSentence(Pass):
    """《X.docx》由会员分享，可在线阅读，更多相关《X.docx（20页珍藏版）》请在…上搜索。 glued to page 1."""

    name = "banner_sentence"
    shapes = PAGE_DUMP

    def __call__(self, text: Text) -> None:
        first = next((line for line in text.lines if line.text), None)
        if first is None:
            return
        end = first_sentence_end(first.text)
        sentence = first.text[: end + 1] if end >= 0 else ""
        if sentence and len(sentence) < len(first.text) and is_noise(sentence, text.rules, near_edge=True):
            words = "”“".join(noise_words(sentence, text.rules)[:4])
            text.remove(first, sentence, Reason.BANNER_SENTENCE, words=words)
            first.text = first.text[len(sentence) :].strip()


class PageDumpLines(Pass):
    """Page numbers off (recorded), the pages read as one text, cut into lines where structure runs in."""

    name = "page_dump_lines"
    shapes = PAGE_DUMP

    def __call__(self, text: Text) -> None:
        pages = [line for line in text.lines if line.text]
        for line, n in zip(pages, page_numbers([line.text for line in pages])):
            if n is not None:
                text.remove(line, f"{n}、", Reason.PAGE_DUMP_NUMBER, n=n)
                line.text, line.page = line.text[len(f"{n}、") :], n
        starts, offset = [], 0
        for line in pages:
            starts.append(offset)
            offset += len(line.text)
        stream = "".join(line.text for line in pages)
        bounds = [0, *find_cuts(stream, set(starts), text.rules), len(stream)]
        lines = []
        for a, b in zip(bounds, bounds[1:]):
            piece = stream[a:b].strip()
            if not piece:
                continue
            k = bisect_right(starts, a) - 1
            source = pages[k]
            flags = Flag.RUN_IN | (Flag.PAGE_START if a == starts[k] else Flag.NONE)
            lines.append(Line(piece, source.origin, source.page, flags))
        text.lines = lines


def page_numbers(lines: list[str]) -> list[int | None]:
    """Each page line's number ("3、" at its start) where the numbers run on (1、 2、 3、 …; a second
    dump may start again at 1); None where a line has none or its "N、" is not the next page."""
    leads = [int(m.group(1)) if (m := _PAGE_NUMBER.match(s)) else None for s in lines]
    following: list[int | None] = [None] * len(leads)
    nxt = None
    for k in range(len(leads) - 1, -1, -1):
        following[k] = nxt
        if leads[k] is not None:
            nxt = leads[k]
    out: list[int | None] = [None] * len(leads)
    expected = None
    for k, n in enumerate(leads):
        if n is None:
            continue
        if n == expected or following[k] == n + 1 or (expected is None and n == 1):
            out[k], expected = n, n + 1
    return out
