"""Noise inside a line of text: URLs and e-mail addresses, a site's name stamped into a paragraph,
and stray bars between the characters of a word. Each piece is cut out and recorded."""

from __future__ import annotations

import re

from ..lines import Reason, Text
from ...text.markers import CJK
from .base import Pass

_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9./?=&_%#:~+-]+|[A-Za-z0-9._-]+@[A-Za-z0-9-]+\.[A-Za-z.]+")
_STRAY = re.compile(rf"(?<=[{CJK}])[｜|丨¦]+(?=[{CJK}])")


class _Cut(Pass):
    reason: Reason

    def pattern(self, text: Text) -> re.Pattern[str]:
        raise NotImplementedError

    def __call__(self, text: Text) -> None:
        pattern = self.pattern(text)
        for line in text.lines:
            if not line.text:
                continue
            for m in pattern.finditer(line.text):
                text.remove(line, m.group(0), self.reason, text=m.group(0))
            line.text = pattern.sub("", line.text).strip()


class Urls(_Cut):
    """正文中的网址或邮箱: a web or mail address inside a line."""

    name = "urls"
    reason = Reason.URL

    def pattern(self, text: Text) -> re.Pattern[str]:
        return _URL


class SiteMarks(_Cut):
    """【某某范文网】, （来源：某某网）, 【精品】, (完整版): a site's name or tag stamped into the text."""

    name = "site_marks"
    reason = Reason.SITE_MARK

    def pattern(self, text: Text) -> re.Pattern[str]:
        return text.rules.inline_mark


class StraySymbols(_Cut):
    """理论｜学习: a bar between two Chinese characters (a site's word splitter)."""

    name = "stray_symbols"
    reason = Reason.STRAY_SYMBOL

    def pattern(self, text: Text) -> re.Pattern[str]:
        return _STRAY
