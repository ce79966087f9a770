"""ingest: read files, remove noise, split into documents, recover the heading tree, classify.

``parse_file(path)`` and ``parse_text(text)`` return a ``ParseResult`` (what ``bigan parse`` prints).
"""

from __future__ import annotations

from pathlib import Path

from ..checks.placeholders import find_legacy
from ..types import Document, ParseResult
from .classify import classify
from .clean import clean_text
from .parse import parse_document
from .read import iter_input_files, read_any
from .split import split_documents

__all__ = ["iter_input_files", "parse_file", "parse_text", "find_placeholders"]

PARSER_VERSION = "2"  # bump when parsing or cleaning changes what a file yields


find_placeholders = find_legacy  # legacy placeholders (X, XX, 20XX, *, × …): the checks area owns the rules


def parse_text(text: str, source: str = "<text>", *, join_lines: bool = True) -> ParseResult:
    cleaned = clean_text(text, join_lines=join_lines)
    documents: list[Document] = []
    for part in split_documents(cleaned.text):
        doc = parse_document(part)
        classify(doc)
        doc.placeholders = find_placeholders(doc.text)
        documents.append(doc)
    return ParseResult(source=source, noise=cleaned.removals, documents=documents)


def parse_file(path: str | Path) -> ParseResult:
    path = Path(path)
    text = read_any(path)
    if path.suffix.lower() == ".md":
        from .markdown import strip_markdown

        text = strip_markdown(text)
    # Word paragraphs are real paragraphs: only plain text has lines broken mid-sentence.
    return parse_text(text, source=str(path), join_lines=path.suffix.lower() != ".docx")
