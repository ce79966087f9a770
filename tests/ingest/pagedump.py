"""A generator of the page-dump shape: what a document-sharing site's text view makes of a report.

Every paragraph break is lost: the report's lines run into one text (headings into their
paragraphs, the title into the addressee); the text is cut into pages of a few hundred characters
anywhere (mid-word, mid-marker), each page one line starting with its number ("3、"), page 1 with
its "1、" glued to the title; some or all of ， ： ； （ ） become ASCII; a banner sentence names the
file; a second report may follow the first in the middle of a page.
"""

from __future__ import annotations

import random
import re

from pipeline.ingest.markdown import strip_markdown_line
from pipeline.text.markers import is_date_line

BANNER = "《{name}.docx》由会员分享,可在线阅读,更多相关《{name}.docx({pages}页珍藏版)》请在{site}上搜索。"
SITES = ["人人文库网", "文档分享网", "星海文档", "智库文库", "XX文档"]
_TO_ASCII = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}


def report_lines(text: str, *, markdown: bool = False, keep_closing: bool = True) -> list[str]:
    """The report's non-blank lines (Markdown markup gone); without its signature and date if asked."""
    lines = [strip_markdown_line(s) if markdown else s for s in text.replace("\r\n", "\n").split("\n")]
    lines = [s.strip() for s in lines if s and s.strip()]
    if not keep_closing:
        while lines and (is_date_line(lines[-1]) or (len(lines[-1]) <= 20 and not re.search(r"[。，]", lines[-1]))):
            lines.pop()  # the date and signature lines at the end
    return lines


def asciify(text: str, rng: random.Random, share: float) -> str:
    return "".join(_TO_ASCII[c] if c in _TO_ASCII and rng.random() < share else c for c in text)


def paginate(text: str, rng: random.Random, shortest: int = 300, longest: int = 900) -> list[str]:
    pages, at = [], 0
    while at < len(text):
        size = rng.randint(shortest, longest)
        if len(text) - (at + size) < shortest // 2:
            size = len(text) - at  # no tiny last page
        pages.append(text[at : at + size])
        at += size
    return pages


def page_dump(reports: list[list[str]], rng: random.Random, *, ascii_share: float = 1.0, banner: bool = True,
              shortest: int = 300, longest: int = 900) -> str:
    """One page dump holding the reports (each a list of lines) one after the other."""
    text = asciify("".join("".join(lines) for lines in reports), rng, ascii_share)
    pages = paginate(text, rng, shortest, longest)
    out = [f"{n}、{page}" for n, page in enumerate(pages, 1)]
    if banner:
        name = reports[0][0][:30]
        out.insert(0, BANNER.format(name=name, pages=len(pages), site=rng.choice(SITES)))
    return "\n".join(out)
