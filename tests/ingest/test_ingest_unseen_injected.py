"""Sharing-site noise injected into the clean sample reports at random: banners of invented sites at
the top and bottom, page footers and watermarks at page breaks, page numbers pasted as "N、" at the
start of a page's text, and hard wraps. Parsing the noisy copy must give back exactly what the clean
report gives (same text, title, genre, year, tree), whatever the names, numbers and positions."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from pipeline.ingest import parse_text
from pipeline.ingest.read import read_any

SAMPLES = sorted((Path(__file__).parents[2] / "corpus" / "samples").glob("*.txt"))
_HAN = "云山河清青石桥松竹兰溪泉林风明华新安乐金川峰岭星辰海晨光远博雅智慧"


def _han(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_HAN) for _ in range(n))


def _ascii(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))


def _site(rng: random.Random) -> str:
    return _han(rng, rng.randint(2, 4)) + rng.choice(["文库", "文档网", "资料网", "范文网", "办公网", "文档"])


BANNERS = [
    lambda r: f"本文档由用户“{_han(r, 3)}”上传分享，仅供参考",
    lambda r: f"{_site(r)}  专业文档分享平台",
    lambda r: f"下载文档可编辑，更多精品资料请访问 www.{_ascii(r, 8)}.com",
    lambda r: f"微信：{_ascii(r, 6)}{r.randint(10, 99)}  电话：1{r.choice('3589')}{r.randint(10**8, 10**9 - 1)}",
    lambda r: f"扫码关注公众号“{_han(r, 4)}”获取更多精品范文",
    lambda r: "精品文档 仅供参考",
    lambda r: "免费下载 | 立即下载 | 付费阅读",
    lambda r: f"上传者：{_ascii(r, 5)}  上传于{r.randint(2015, 2024)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}  浏览 {r.randint(10, 9999)} 次",
    lambda r: "(此文档为word格式，可任意修改编辑!)",
    lambda r: f"相关热词搜索：{_han(r, 4)} {_han(r, 3)} 范文",
    lambda r: f"版权声明：本站文档均由用户上传，如有侵权请联系QQ{r.randint(10**7, 10**9)}删除。",
    lambda r: f"首页 > {_han(r, 4)} > {_han(r, 3)}材料",
]
FOOTERS = [
    lambda p, n: f"第 {p} 页 共 {n} 页",
    lambda p, n: f"- {p} -",
    lambda p, n: f"{p} / {n}",
    lambda p, n: f"— {p} —",
    lambda p, n: f"第{p}页/共{n}页",
]


def _wrap(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    return [line[i : i + width] for i in range(0, len(line), width)]


def inject(clean: str, rng: random.Random) -> str:
    lines = [s for s in clean.split("\n") if s.strip()]
    width = rng.choice([None, 31, 36, 40])
    footer = rng.choice(FOOTERS + [None])  # some copies show page numbers only as the pasted "N、"
    watermark = rng.choice([None, _site(rng), "精品文档 仅供参考"])
    paste_numbers = rng.random() < 0.6
    pages = max(2, len(lines) // rng.randint(6, 12))
    breaks = sorted(rng.sample(range(2, len(lines)), min(pages - 1, len(lines) - 2)))
    out = [rng.choice(BANNERS)(rng) for _ in range(rng.randint(1, 3))] + [""]
    page = 1
    for i, line in enumerate(lines):
        if i in breaks:
            page += 1
            if watermark:
                out.append(watermark)
            if footer:
                out.append(footer(page - 1, pages))
            if paste_numbers or not footer:
                line = f"{page}、{line}"
        if watermark and len(line) > 60 and rng.random() < 0.15:
            cut = rng.randint(20, len(line) - 20)  # the watermark stamped across the text (PDF copies)
            line = line[:cut] + watermark + line[cut:]
        out.extend(_wrap(line, width) if width else [line])
    if watermark:
        out.append(watermark)
    if footer:
        out.append(footer(page, pages))
    out += [rng.choice(BANNERS)(rng) for _ in range(rng.randint(1, 2))]
    return "\n".join(out)


def _view(result):
    return [(d.title, d.genre, d.year, d.text, _tree(d.sections)) for d in result.documents]


def _tree(sections):
    return [(s.marker, s.heading, s.paragraphs, _tree(s.children)) for s in sections]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_injected_noise_gives_back_the_clean_report(sample, seed):
    clean = read_any(sample)
    rng = random.Random(f"{sample.name}:{seed}")
    noisy = inject(clean, rng)
    want, got = _view(parse_text(clean)), _view(parse_text(noisy))
    assert got == want, noisy


def test_over_many_random_noisings_no_text_is_lost_and_no_noise_is_left():
    """400 noisy copies: the words are always exactly the clean report's (nothing lost, no noise left);
    the layout is exactly the same in at least 95 % (the rest: a wrap that falls right after a 。 before
    "1." or after a "：" before "一是", where a hard-wrapped text cannot tell a new paragraph from a
    continued one)."""
    from pipeline.ingest.clean import skeleton

    exact = total = 0
    for sample in SAMPLES:
        clean = read_any(sample)
        want = parse_text(clean)
        for seed in range(3, 43):
            got = parse_text(inject(clean, random.Random(f"{sample.name}:{seed}")))
            total += 1
            exact += _view(got) == _view(want)
            words = [skeleton("".join(d.text for d in r.documents)) for r in (want, got)]
            assert words[0] == words[1], (sample.name, seed)
    assert exact / total >= 0.95, (exact, total)


def test_three_noisy_reports_in_one_file_come_apart_whole():
    """Pasted one after the other with the sites' banners between them (no "推荐阅读" line), each with its
    own page numbers from 2 again: three documents, nothing lost, no page number left."""
    from pipeline.ingest.clean import skeleton

    for n in range(40):
        picked = [SAMPLES[(n + k) % len(SAMPLES)] for k in (0, 3, 7)]
        text = "\n".join(inject(read_any(p), random.Random(n * 10 + k)) for k, p in enumerate(picked))
        got = parse_text(text).documents
        want = [d for p in picked for d in parse_text(read_any(p)).documents]
        assert [(d.title, d.genre) for d in got] == [(d.title, d.genre) for d in want], n
        assert skeleton("".join(d.text for d in got)) == skeleton("".join(d.text for d in want)), n
