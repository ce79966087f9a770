"""Section-aware chunks: one per leaf section, or per run of its paragraphs when it is long.

A chunk's ``text`` is the body only; its ``heading_path`` (the headings from level 1 down, with
their markers) is the context that is embedded and indexed with it (see ``context_text``), so a
search for "理论学习中心组" finds the paragraph under "（一）加强理论武装" too.

Chunk.metadata holds flat scalars only (Chroma's rule); keys whose value is unknown are left out:
  source         file the chunk came from (as ingested: the resolved path)
  title          document title          genre, year, org_level   from classification
  role           the section's role (inherited from the nearest ancestor that has one)
  heading_path   headings joined by " › "  ("" for the opening paragraphs before any heading)
  level          depth of the section (0 for the opening paragraphs and the closing lines)
  part           "opening" (before the first heading), "body", or "closing" (特此报告。, signature, date)
  placeholders   how many legacy placeholders (X, XX, 20XX, *, …) the chunk text holds
  content_hash   sha256 of the text (first 16 hex)
  doc_index      which document of the file (a file may hold several)
  chunk_index    order of the chunk within its document
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from ..text.placeholders import find_legacy
from ..types import Chunk, Document, Section
from .tokens import count_tokens, truncate_tokens

CHUNKER_VERSION = "1"  # bump when chunking changes what a document yields (the store re-chunks old files)
MAX_TOKENS = 350  # a paragraph run stays under this; long enough to show a section's style
PATH_SEP = " › "
OPENING = "（开头）"  # pseudo heading shown for the paragraphs before the first heading

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
def count_placeholders(text: str) -> int:
    """Legacy placeholders (X, XX, 20XX, *, × …) by the one checker's rules."""
    return len(find_legacy(text))


def heading_label(section: Section) -> str:
    return f"{section.marker}{section.heading}".strip()


def context_text(heading_path: list[str], text: str) -> str:
    """What is embedded and BM25-indexed: the heading path, then the body."""
    return (PATH_SEP.join(heading_path) + "\n" + text) if heading_path else text


def _split_long_paragraph(paragraph: str, budget: int) -> list[str]:
    """Cut a paragraph above the budget at sentence ends; a lone huge sentence by tokens."""
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(paragraph) if s):
        while count_tokens(sentence) > budget:  # no sentence end in sight: hard cut
            head = truncate_tokens(sentence, budget) or sentence[:1]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
            sentence = sentence[len(head):]
        if current and count_tokens(current + sentence) > budget:
            pieces.append(current)
            current = sentence
        else:
            current += sentence
    if current:
        pieces.append(current)
    return pieces


def split_paragraphs(paragraphs: list[str], budget: int = MAX_TOKENS) -> list[str]:
    """Group consecutive paragraphs into runs of at most ``budget`` tokens (joined by newlines)."""
    runs: list[str] = []
    current: list[str] = []
    used = 0
    for para in (p.strip() for p in paragraphs):
        if not para:
            continue
        n = count_tokens(para)
        if n > budget:
            if current:
                runs.append("\n".join(current))
                current, used = [], 0
            runs.extend(_split_long_paragraph(para, budget))
            continue
        if current and used + n + 1 > budget:
            runs.append("\n".join(current))
            current, used = [], 0
        current.append(para)
        used += n + 1
    if current:
        runs.append("\n".join(current))
    return runs


def _sections_with_paths(
    sections: list[Section], parents: list[str], inherited_role: str | None
) -> Iterator[tuple[Section, list[str], str | None]]:
    for section in sections:
        path = parents + [heading_label(section)]
        role = section.role or inherited_role
        yield section, path, role
        yield from _sections_with_paths(section.children, path, role)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def chunk_id(source: str, doc_index: int, heading_path: list[str], text: str, ordinal: int) -> str:
    """Stable: the same source, place and text always give the same id."""
    key = "\x1f".join([source, str(doc_index), PATH_SEP.join(heading_path), content_hash(text), str(ordinal)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def chunk_document(
    doc: Document, source: str, doc_index: int = 0, max_tokens: int = MAX_TOKENS
) -> list[Chunk]:
    """The chunks of one parsed document, in document order.

    Every paragraph of the document lands in exactly one chunk: the opening paragraphs (before
    the first heading), each section's own paragraphs (a parent's lead-in text as well as a
    leaf's body) and the closing lines, split into runs of at most ``max_tokens`` tokens.
    """
    # (path, role, level, part, paragraphs)
    units: list[tuple[list[str], str | None, int, str, list[str]]] = []
    if doc.preamble:
        units.append(([], "other", 0, "opening", doc.preamble))
    for section, path, role in _sections_with_paths(doc.sections, [], None):
        if section.paragraphs:
            units.append((path, role, section.level, "body", section.paragraphs))
    closing = getattr(doc, "closing", None) or []
    if closing:
        units.append(([], "other", 0, "closing", closing))

    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for path, role, level, part, paragraphs in units:
        for text in split_paragraphs(paragraphs, max_tokens):
            base = chunk_id(source, doc_index, path, text, 0)
            ordinal = seen.get(base, 0)  # identical text twice under one heading: keep both
            seen[base] = ordinal + 1
            metadata = {
                "source": source,
                "title": doc.title,
                "genre": doc.genre,
                "year": doc.year,
                "org_level": doc.org_level,
                "unit": doc.unit,
                "role": role,
                "heading_path": PATH_SEP.join(path),
                "level": level,
                "part": part,
                "placeholders": count_placeholders(text),
                "content_hash": content_hash(text),
                "doc_index": doc_index,
                "chunk_index": len(chunks),
                "tokens": count_tokens(text),
            }
            chunks.append(
                Chunk(
                    id=chunk_id(source, doc_index, path, text, ordinal),
                    text=text,
                    heading_path=list(path),
                    metadata={k: v for k, v in metadata.items() if v is not None},
                )
            )
    return chunks


def heading_path_of(metadata: dict) -> list[str]:
    """Back from the flat metadata string to the list (what SearchHit users want)."""
    joined = metadata.get("heading_path") or ""
    return joined.split(PATH_SEP) if joined else []
