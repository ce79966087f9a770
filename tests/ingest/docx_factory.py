"""Build .docx files with real Word auto-numbering (numbering.xml), as Word itself writes them."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# One multi-level list: 一、 / （一） / 1. / （1）, as a Chinese report template defines it.
ABSTRACT = f"""
<w:abstractNum {W_NS} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def numbered_docx(path: Path, items: list[tuple[int | None, str]], table: list[list[str]] | None = None,
                  table_after: int | None = None) -> Path:
    """items: (ilvl or None for a plain paragraph, text). The table goes after item ``table_after``."""
    doc = Document()
    numbering = doc.part.numbering_part.element
    # abstractNum elements must precede num elements in numbering.xml.
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(parse_xml(ABSTRACT))
    else:
        numbering.append(parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    for n, (ilvl, text) in enumerate(items):
        p = doc.add_paragraph(text)
        if ilvl is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
            )
        if table and table_after == n:
            t = doc.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    t.cell(r, c).text = value
    doc.save(str(path))
    return path

