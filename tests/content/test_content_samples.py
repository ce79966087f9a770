"""The sample corpus in corpus/samples/: clean, original exemplars of every genre, in mixed formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.types import GENRES

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "corpus" / "samples"
NAME = re.compile(r"^(?P<genre>[a-z_]+?)_(?P<unit>[a-z]+)_(?P<year>20\d\d)\.(?P<ext>txt|md|docx)$")
HAN = re.compile(r"[\u4e00-\u9fff]")


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.name != "README.md")


def read(path: Path) -> str:
    if path.suffix == ".docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def meta(path: Path) -> dict[str, str]:
    m = NAME.match(path.name)
    assert m, f"bad sample file name {path.name}"
    return m.groupdict()


FILES = sample_files()
IDS = [p.name for p in FILES]


def test_corpus_size_and_genre_coverage():
    assert 10 <= len(FILES) <= 14
    genres = [meta(p)["genre"] for p in FILES]
    assert set(genres) == set(GENRES)
    # Different units, years and formats.
    assert len({meta(p)["unit"] for p in FILES}) >= 4
    assert {int(meta(p)["year"]) for p in FILES} == {2021, 2022, 2023, 2024, 2025}


def test_formats_are_mixed():
    exts = [p.suffix for p in FILES]
    assert exts.count(".docx") == 1
    assert 1 <= exts.count(".md") <= 2
    not_utf8 = []
    for p in FILES:
        if p.suffix == ".txt":
            try:
                p.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                not_utf8.append(p.name)
    assert len(not_utf8) == 1, not_utf8
    # That one is GB18030 and says so by decoding cleanly to Chinese.
    assert "党风廉政建设" in (SAMPLES / not_utf8[0]).read_bytes().decode("gb18030")


def test_docx_has_real_heading_paragraphs():
    import docx

    (path,) = [p for p in FILES if p.suffix == ".docx"]
    paragraphs = docx.Document(str(path)).paragraphs
    styles = {p.style.name for p in paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    h1 = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert h1[0].startswith("一、") and len(h1) >= 3


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sample_length(path):
    n = len(HAN.findall(read(path)))
    assert 1200 <= n <= 3000, n


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sample_shape(path):
    text = read(path)
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]
    year = int(meta(path)["year"])
    # Title first; a date in full Arabic form near the end, in the report's year or early the next.
    assert len(lines[0]) >= 8
    dates = re.findall(r"(20\d\d)年(\d{1,2})月(\d{1,2})日", "\n".join(lines[-3:]))
    assert dates and int(dates[-1][0]) in (year, year + 1)
    assert not any(d.startswith("0") for d in dates[-1][1:]), "no leading zeros in dates"
    # Heading tree: level-1 and level-2 markers at line starts.
    assert len(re.findall(r"(?m)^(?:#+\s*)?[一二三四五六]、", text)) >= 3
    # Formulas of the genre (a speech has only its numbered points, no second level).
    if meta(path)["genre"] == "seminar_speech":
        assert "以上发言，不当之处请批评指正。" in text
    else:
        assert re.search(r"(?m)^(?:#+\s*)?（[一二三]）", text)
        assert re.search(r"现将.{2,40}如下[。，]", text), "opening formula 现将……如下。"
    assert re.search(r"特此报告。|请批评指正。|请予评议。", text) or meta(path)["genre"] in (
        "half_year_summary",
        "work_summary",
    )
    # In-paragraph enumeration appears somewhere in every report.
    assert "一是" in text and "二是" in text


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_sample_is_clean_and_fits_its_year(path, check_terms, legacy_placeholder):
    text = read(path)
    year = int(meta(path)["year"])
    assert check_terms(text, year) == []
    assert legacy_placeholder.findall(text) == []
    assert "\ufffd" not in text and "  " not in text
    assert not re.search(r"(?m)^\s*\d+\s*$", text), "no stray page numbers"


def _shingles(text: str, n: int) -> set[str]:
    flat = re.sub(r"\s+", "", text)
    return {flat[i : i + n] for i in range(len(flat) - n + 1)}


def test_samples_are_original(shared_corpus):
    """Nothing lifted from the real reports: no 40-character run in common (set phrases are shorter)."""
    theirs: set[str] = set()
    for p in shared_corpus.glob("*.txt"):
        raw = p.read_bytes()
        try:
            theirs |= _shingles(raw.decode("utf-8"), 40)
        except UnicodeDecodeError:
            theirs |= _shingles(raw.decode("gb18030", errors="replace"), 40)
    for p in FILES:
        common = _shingles(read(p), 40) & theirs
        assert not common, f"{p.name}: {sorted(common)[:2]}"


def test_samples_do_not_repeat_each_other():
    """Set phrases recur across reports; whole sentences (60 characters) must not."""
    seen: dict[str, str] = {}
    for p in FILES:
        for s in _shingles(read(p), 60):
            assert seen.setdefault(s, p.name) == p.name, f"{p.name} repeats {seen[s]}: {s}"
