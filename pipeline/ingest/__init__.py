"""ingest: read files, remove noise, split into documents, recover the heading tree, classify.

``parse_file(path)`` and ``parse_text(text)`` return a ``ParseResult`` (what ``bigan parse`` prints).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..text.placeholders import find_legacy
from ..types import Document, ParseResult
from .classify import classify
from .clean import clean_text
from .parse import parse_document
from .read import iter_input_files, read_any
from .rules import IngestRules, load_ingest_rules, rules_path
from .split import split_documents

__all__ = ["PARSER_VERSION", "iter_input_files", "parse_file", "parse_text", "find_placeholders", "parser_version"]

find_placeholders = find_legacy  # legacy placeholders (X, XX, 20XX, *, × …): the checks area owns the rules


def version_sources() -> list[Path]:
    """The code whose change changes what ingest yields: ingest itself, pipeline/text, types.py."""
    package = Path(__file__).resolve().parent
    root = package.parent
    return sorted([*package.rglob("*.py"), *(root / "text").rglob("*.py"), root / "types.py"])


def parser_version(prompts: str | Path | None = None) -> str:
    """A hash of the ingest code, the shared text vocabulary it reads with (pipeline/text: markers,
    numbers, placeholders …), the values it yields (types.py) and its rules file: whatever changes what a
    file yields changes it, so the store re-parses its files after an upgrade without anyone bumping a
    number by hand."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent.parent
    for path in version_sources():
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        digest.update(rules_path(prompts).read_bytes())
    except OSError:
        digest.update(b"no rules file")  # loading the rules will say what is wrong
    return "3." + digest.hexdigest()[:12]


PARSER_VERSION = parser_version()  # what the store records beside each file (pipeline/store/corpus.py)


def parse_text(text: str, source: str = "<text>", *, join_lines: bool = True, fmt: str | None = None,
               rules: IngestRules | None = None) -> ParseResult:
    """``fmt``: "txt", "md" or "docx" (where the text came from); ``join_lines=False`` as for .docx."""
    rules = rules or load_ingest_rules()
    cleaned = clean_text(text, join_lines=join_lines, fmt=fmt, rules=rules)
    documents: list[Document] = []
    for part in split_documents(cleaned.text):
        doc = parse_document(part, rules=rules)
        classify(doc)
        doc.placeholders = find_placeholders(doc.text)
        documents.append(doc)
    return ParseResult(source=source, noise=cleaned.removals, documents=documents)


def parse_file(path: str | Path, *, rules: IngestRules | None = None) -> ParseResult:
    path = Path(path)
    # Word paragraphs are real paragraphs and Markdown markup is layout: the shape decides.
    return parse_text(read_any(path), source=str(path), fmt=path.suffix.lower().lstrip("."), rules=rules)
