"""Facts proposed by the offline rules (rules.py), placed in the outline (assign.py): what extraction
uses without a model, and for a batch the model's reply could not be read."""

from __future__ import annotations

from .assign import Assigner
from .rules import propose_all
from .sentence import Sentence
from .sheet import Dropped, ExtractedFact


def rule_proposals(sentences: list[Sentence], assigner: Assigner, year: int, prompts_dir, unit=None) -> tuple[list[ExtractedFact], list[Dropped]]:
    """The offline rules' facts, each put in its section (and sub-heading); nothing is dropped."""
    out: list[ExtractedFact] = []
    for c in propose_all(sentences, year, prompts_dir, unit):
        section = assigner.section_for(c.text, c.role, c.sentence.heading)
        heading = assigner.sub_heading(section, c.text, c.sentence.heading, c.sentence.file)
        out.append(ExtractedFact(section.id, heading, c.text, c.sentence))
    return out, []
