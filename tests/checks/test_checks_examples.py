"""The checker on real drafts: every example fact sheet drafted offline (numbers only from the
facts), exported to .docx and .md, read back and checked — nothing spurious may come up, and no
gate finding: the offline composer is what drafting falls back to when a section fails its gates."""

from __future__ import annotations

import json

import pytest

from pipeline.types import GENRES

SPURIOUS = ("GROUNDING_UNKNOWN_NUMBER", "PLACEHOLDER_LEGACY", "TERMS_", "TIME_", "STRUCTURE_")
# The offline composer is the gates' fallback: a draft it writes must pass every gate.
GATES = ("GROUNDING_UNUSED_FACT", "GROUNDING_FACT_ALTERED", "COPY_", "NAMES_", "MARKUP_", "PLACEHOLDER_WRAPPED_FACT",
         "REPEAT_", "CLAIM_")


@pytest.mark.slow
@pytest.mark.parametrize("genre", GENRES)
def test_offline_drafts_check_clean(cli, repo, tmp_path, genre):
    facts = repo / "examples" / f"{genre}.yaml"
    if not facts.is_file():
        pytest.skip(f"no example fact sheet for {genre}")
    code, _, err = cli("draft", facts, "-o", tmp_path / "d.docx", "--md", tmp_path / "d.md", "--json", tmp_path / "d.json")
    assert code == 0, err
    for name in ("d.docx", "d.md", "d.json"):
        code, out, err = cli("check", tmp_path / name, "--facts", facts, "--json")
        assert code in (0, 1), err
        found = [f for f in json.loads(out)["findings"] if f["code"].startswith(SPURIOUS + GATES)]
        assert found == [], (name, found)
