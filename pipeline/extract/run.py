"""`bigan facts extract`: materials → proposed facts per outline section → verified → fact sheet."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ..config import Settings
from ..schema.outline import Outline, load_outline
from ..errors import InputError
from ..types import GENRES, placeholder
from .assign import Assigner
from .materials import TITLE, read_materials
from .sentence import Sentence
from .sheet import Dropped, ExtractedFact, Extraction
from .verify import unsupported
from .with_rules import rule_proposals

_YEAR = re.compile(r"(20\d{2})年")


def guess_year(sentences: list[Sentence], files: list[Path] = ()) -> int | None:
    """The year the materials speak of most; a title or a file's name (理论教育股2024年工作总结)
    counts thrice, so that last year's figures quoted for comparison and plans do not outvote it."""
    counts: Counter[int] = Counter()
    for s in sentences:
        for y in _YEAR.findall(s.text):
            counts[int(y)] += 3 if s.where == TITLE else 1
    for f in files:
        for y in _YEAR.findall(f.name):
            counts[int(y)] += 3
    return counts.most_common(1)[0][0] if counts else None


def extract_facts(
    paths,
    genre: str,
    *,
    year: int | None = None,
    unit: str | None = None,
    settings: Settings | None = None,
    model=None,
    outline: Outline | None = None,
) -> tuple[Extraction, Outline]:
    """Read the materials and propose this year's facts per section of ``genre``'s outline.

    Offline (no model configured) the rules propose; with a model, the model proposes and groups.
    Either way every fact is checked against its source sentence, and dropped when it fails.
    """
    settings = settings or Settings()
    if genre not in GENRES:
        raise InputError(f"未知体裁 {genre!r}，应为：{', '.join(GENRES)}", field="--genre")
    outline = outline or load_outline(genre, settings.prompts)
    sentences, files = read_materials(paths, settings.prompts)
    year = year or guess_year(sentences, files)
    if year is None:
        raise InputError("材料中看不出年度，请用 --year 指定 (no year found)", field="--year")
    assigner = Assigner(outline, settings.prompts)

    if model is None and not settings.offline:
        from ..draft.model import get_model

        model = get_model(settings)
    if model is not None and not getattr(model, "offline", False):
        from .with_model import model_proposals

        proposals, dropped = model_proposals(sentences, outline, year, model, settings.prompts, unit=unit)
        mode = f"模型 {model.name} 提议，逐条核对原句"
    else:
        proposals, dropped = rule_proposals(sentences, assigner, year, settings.prompts, unit)
        mode = "离线规则"
    facts: list[ExtractedFact] = []
    for f in proposals:
        problems = unsupported(f.text, f.source.text)
        if problems:
            dropped.append(Dropped(f.text, f.source.source, "；".join(problems)))
            continue
        facts.append(f)
    if not facts:
        raise InputError("材料中没有找到可提取的事实（含数字或文件名的工作表述）(no facts found)", path=Path(str(files[0].parent)))
    extraction = Extraction(
        genre=genre, unit=unit or placeholder("单位全称"), year=year, facts=facts,
        files=sorted({s.file for s in sentences}), mode=mode, dropped=dropped,
    )
    return extraction, outline
