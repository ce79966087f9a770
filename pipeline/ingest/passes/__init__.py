"""The clean passes, in the order they run (``PIPELINE``); each one a small named object with a switch.

Every pass serves some shapes (``Pass.shapes``): a page dump is cut into lines at its run-in
headings, a Word document keeps its paragraphs, only plain text has lines joined.
"""

from __future__ import annotations

from .base import Pass
from .furniture import BottomBlock, DropNoiseLines, FooterNeighbours, LonePageNumbers, RepeatedLines, SiteNames, TopBanner
from .inline import SiteMarks, StraySymbols, Urls
from .join import DropBlankRuns, JoinBrokenLines
from .layout import StripMarkdown
from .noise_lines import PageLines, ScoredNoise, SiteNavigation
from .page_dump import BannerSentence, PageDumpLines, PageDumpPunctuation
from .page_numbers import PastedPageNumbers
from .watermarks import StampedWatermarks, WatermarkLines
from .width import Width

PIPELINE: tuple[type[Pass], ...] = (
    StripMarkdown,
    PageDumpPunctuation,
    BannerSentence,
    # whole lines judged noise (each pass leaves a line already judged alone)
    PageLines,
    SiteNavigation,
    ScoredNoise,
    LonePageNumbers,
    FooterNeighbours,
    SiteNames,
    RepeatedLines,
    TopBanner,
    BottomBlock,
    WatermarkLines,
    DropNoiseLines,
    # a page dump: page numbers off, cut into lines at run-in structure
    PageDumpLines,
    # pieces of lines
    PastedPageNumbers,
    Urls,
    SiteMarks,
    StraySymbols,
    # paragraphs
    JoinBrokenLines,
    DropBlankRuns,
    StampedWatermarks,
    Width,
)

__all__ = ["PIPELINE", "Pass"]
