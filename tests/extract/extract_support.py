"""Helpers for the extract tests: build the fictional departments' materials (.docx/.txt/.xlsx)
from tests/extract/data/materials_2024.yaml, and score an extraction against its gold facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
MATERIALS = DATA / "materials_2024.yaml"
HELDOUT = DATA / "materials_heldout_2024.yaml"


def spec(path: Path = MATERIALS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def build_materials(folder: Path, data: dict | None = None) -> Path:
    """Write every file of the spec into ``folder`` (the way departments send them in)."""
    data = data or spec()
    folder.mkdir(parents=True, exist_ok=True)
    for f in data["files"]:
        path = folder / f["name"]
        if path.suffix == ".txt":
            path.write_text("\n".join(f["paragraphs"]) + "\n", encoding="utf-8")
        elif path.suffix == ".docx":
            from docx import Document

            doc = Document()
            for p in f["paragraphs"]:
                doc.add_paragraph(p)
            doc.save(path)
        elif path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.Workbook()
            book.remove(book.active)
            for title, rows in f["sheets"].items():
                sheet = book.create_sheet(title)
                for row in rows:
                    sheet.append(row)
            book.save(path)
    return folder


@dataclass
class Score:
    extracted: int
    gold: int
    true_positive: int  # extracted facts that are a gold fact in its gold section
    found: int  # gold facts extracted (in the right section)
    found_any_section: int  # gold facts extracted, whatever the section
    false: list[str]
    missed: list[str]

    @property
    def precision(self) -> float:
        return self.true_positive / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    def line(self) -> str:
        return (f"precision {self.precision:.2f} ({self.true_positive}/{self.extracted}), "
                f"recall {self.recall:.2f} ({self.found}/{self.gold}), "
                f"recall ignoring sections {self.found_any_section / self.gold:.2f}")


def score(extraction, gold: list[dict]) -> Score:
    """A fact matches a gold fact when it comes from the same file and its source sentence holds
    the gold's distinctive words; it is right when it is also in the gold's section."""
    def matches(fact, g) -> bool:
        return fact.source.file == g["file"] and g["has"] in fact.source.text

    tp = 0
    false = []
    for f in extraction.facts:
        if any(matches(f, g) and f.section == g["section"] for g in gold):
            tp += 1
        else:
            false.append(f"{f.section}: {f.text}")
    found = sum(1 for g in gold if any(matches(f, g) and f.section == g["section"] for f in extraction.facts))
    found_any = sum(1 for g in gold if any(matches(f, g) for f in extraction.facts))
    missed = [f"{g['section']}: {g['has']}" for g in gold if not any(matches(f, g) and f.section == g["section"] for f in extraction.facts)]
    return Score(len(extraction.facts), len(gold), tp, found, found_any, false, missed)
