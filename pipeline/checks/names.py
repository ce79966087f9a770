"""Foreign names: units, places and people of another unit's report that a draft took over.

A name found in a draft (rules and vocabulary: prompts/names.yaml) is a *candidate* when the fact
sheet's strings (facts, unit, title, author …) do not contain it and it is not generic; it is
*foreign* when the exemplars or the corpus also contain it — it came from another unit's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..resources import shipped_prompts
from ..text.datafile import load_rules
from .vocab import load_vocab
from ..text.words import Token, compact, tokens


@dataclass
class NameRules:
    levels: dict[str, int] = field(default_factory=dict)
    organs: list[str] = field(default_factory=list)
    organ_endings: tuple[str, ...] = ()
    self_organs: dict[str, list[str]] = field(default_factory=dict)
    generic: set[str] = field(default_factory=set)
    kind_before: tuple[str, ...] = ()
    not_places: set[str] = field(default_factory=set)
    departments: tuple[str, ...] = ()
    numbered_bodies: tuple[str, ...] = ()
    surnames: str = ""
    titles: set[str] = field(default_factory=set)


def load_names(prompts: str | Path | None = None) -> NameRules:
    path = Path(prompts or shipped_prompts()) / "names.yaml"
    return load_rules(path, _build, what="名称规则表", kind="names")


def _build(data: dict) -> NameRules:
    levels = {str(k): int(v) for k, v in (data.get("levels") or {}).items()}
    return NameRules(
        levels=dict(sorted(levels.items(), key=lambda kv: -len(kv[0]))),  # 自治区 before 区
        organs=sorted((str(o) for o in data.get("organs", [])), key=len, reverse=True),
        organ_endings=tuple(str(e) for e in data.get("organ_endings", [])),
        self_organs={str(k): [str(x) for x in v] for k, v in (data.get("self_organs") or {}).items()},
        generic={str(g) for g in data.get("generic", [])},
        kind_before=tuple(sorted((str(k) for k in data.get("kind_before", [])), key=len, reverse=True)),
        not_places={str(w) for w in data.get("not_places", [])},
        departments=tuple(str(d) for d in data.get("departments", [])),
        numbered_bodies=tuple(str(b) for b in data.get("numbered_bodies", [])),
        surnames=str(data.get("surnames", "")),
        titles={str(t) for t in data.get("titles", [])},
    )


@dataclass
class Name:
    text: str  # as the draft writes it: 河阳镇党委, 区纪委监委, 全镇, 王立军
    start: int
    end: int
    kind: str  # place | organ | scope | person
    stem: str = ""  # a place without its level (河阳), to see the unit's own place written another way


def _level_at(word: str, rules: NameRules) -> str | None:
    for level in rules.levels:
        if word.startswith(level):
            return level
    return None


def _level_end(word: str, rules: NameRules) -> str | None:
    for level in rules.levels:
        if word.endswith(level):
            return level
    return None


def unit_levels(unit: str, rules: NameRules) -> set[str]:
    """The levels a unit's name contains: {县} for 中共青川县委宣传部, {区, 镇} for 中共澄江区河阳镇委员会."""
    return {lv for lv in rules.levels if lv in unit}


def _is_han(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _is_organ(words: str, rules: NameRules) -> bool:
    return words in rules.organs or (words.startswith(rules.departments) and words.endswith(rules.organ_endings))


def _organ_after(toks: list[Token], i: int, rest: str, rules: NameRules) -> int | None:
    """Index of the last token of the longest organ that follows a level: ``rest`` (what follows
    the level inside token i: 区委) or the next tokens (区 纪委 监委, 区 教育 体育局)."""
    if rest:
        return i if _is_organ(rest, rules) else None
    best = None
    words = ""
    for j in range(i + 1, min(i + 4, len(toks))):
        if not _is_han(toks[j].word):
            break
        words += toks[j].word
        if _is_organ(words, rules):
            best = j
        if not words.startswith(rules.departments) and not any(o.startswith(words) and o != words for o in rules.organs):
            break
    return best


def _numbered_body(toks: list[Token], last: int, rules: NameRules) -> int | None:
    """Index of the last token of 第二巡察组 after an organ (县委第二巡察组), or None."""
    j = last + 1
    if j >= len(toks) or not toks[j].word.startswith("第"):
        return None
    words = ""
    for k in range(j, min(j + 4, len(toks))):
        words += toks[k].word
        if words[1:].lstrip("一二三四五六七八九十0123456789").endswith(tuple(rules.numbered_bodies)) and len(words) > 2:
            return k
    return None


def _kind_before(text: str, start: int, rules: NameRules) -> bool:
    return any(text.endswith(k, 0, start) for k in rules.kind_before)


def _person_at(toks: list[Token], i: int, rules: NameRules) -> Name | None:
    t = toks[i]
    if not t.word or t.word[0] not in rules.surnames or t.word in rules.generic or not _is_han(t.word):
        return None
    prev = toks[i - 1].word if i else ""
    if t.flag.startswith("nr") and 2 <= len(t.word) <= 3:
        nxt = toks[i + 1].word if i + 1 < len(toks) else ""
        if nxt in rules.titles or prev in rules.titles:
            return Name(t.word, t.start, t.end, "person")
    if len(t.word) == 1 and t.flag.startswith("nr") and i + 2 < len(toks):
        given, title = toks[i + 1], toks[i + 2]
        if 1 <= len(given.word) <= 2 and _is_han(given.word) and title.word in rules.titles and given.word not in rules.titles:
            return Name(t.word + given.word, t.start, given.end, "person")
    return None


def find_names(text: str, unit: str = "", rules: NameRules | None = None, words: tuple[str, ...] | None = None) -> list[Name]:
    """Places, organs, scopes and people a text names (see the module and prompts/names.yaml);
    ``words``: what jieba keeps whole (default: prompts/gates.yaml ``words``)."""
    rules = rules or load_names()
    words = load_vocab().words if words is None else words
    own = unit_levels(unit, rules)
    own_rank = max((rules.levels[lv] for lv in own), default=None)
    toks = tokens(text, words)
    out: list[Name] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        # a place: 石湾镇 (one word), 河阳 + 镇, 澄江 + 区
        end_level = _level_end(t.word, rules)
        # (jieba tags a place it does not know as a person: 柳溪镇/nr, 青禾县/nr)
        if t.flag.startswith(("ns", "nr", "nz")) and end_level and len(t.word) - len(end_level) >= 2 \
                and t.word not in rules.not_places:
            out.append(Name(t.word, t.start, t.end, "place", t.word[: -len(end_level)]))
            i += 1
            continue
        # (a three-character stem only when jieba takes it for a name: 改扩建/j + 村 is no place)
        stem_ok = len(t.word) == 2 and t.flag[:1] in ("n", "j") or len(t.word) == 3 and t.flag.startswith(("ns", "nr", "nz"))
        # (nor when the stem is an organ itself: 市委 + 市政府 is 市委市政府, not a place 市委市)
        stem_organ = (lv := _level_at(t.word, rules)) is not None and t.word[len(lv):] in rules.organs
        if nxt is not None and stem_ok and not stem_organ and t.word not in rules.not_places and t.word not in rules.generic and _is_han(t.word):
            level = _level_at(nxt.word, rules)
            if level and nxt.word not in rules.titles and (nxt.word == level or nxt.word[len(level):] in rules.organs or nxt.flag in ("n", "zg", "ns", "nt", "j")):
                place = t.word + level
                out.append(Name(place, t.start, t.start + len(place), "place", t.word))
                i += 2
                continue
        # a level with an organ but no place, or a scope: 区纪委监委, 区教育体育局, 全区
        level = _level_at(t.word, rules)
        if level and not _kind_before(text, t.start, rules) and own_rank is not None and level not in own:
            rest = t.word[len(level):]
            last = _organ_after(toks, i, rest, rules)
            numbered = _numbered_body(toks, last, rules) if last is not None else None
            # the same level as the unit (区纪委监委 in a 县 report), or a numbered body of a level
            # below it (县委第二巡察组 in a 市 report): another unit, not the superior
            if last is not None and (rules.levels[level] == own_rank or numbered is not None and rules.levels[level] > own_rank):
                last = numbered if numbered is not None else last
                name = text[t.start : toks[last].end]
                out.append(Name(name, t.start, toks[last].end, "organ"))
                i = last + 1
                continue
        if t.word.startswith("全") and len(t.word) > 1 and (lv := _level_at(t.word[1:], rules)) and t.word == "全" + lv:
            if own_rank is not None and lv not in own and rules.levels[lv] >= own_rank:
                out.append(Name(t.word, t.start, t.end, "scope"))
        # an organ that names the writer's own unit
        for head, organs in rules.self_organs.items():
            for organ in organs:
                if t.word.startswith(organ) or (t.word == head and nxt is not None and organ == head + nxt.word[: len(organ) - len(head)]):
                    if head not in unit and not _kind_before(text, t.start, rules):
                        out.append(Name(organ, t.start, t.start + len(organ), "organ"))
                    break
            else:
                continue
            break
        # a person next to a title: 王立军同志, 部长张晓峰, 吴/建华/乡长 (jieba splits names it does not know)
        person = _person_at(toks, i, rules)
        if person is not None:
            out.append(person)
        i += 1
    return out


def foreign_names(
    text: str,
    allowed: list[str],
    references: list[str],
    unit: str = "",
    rules: NameRules | None = None,
    words: tuple[str, ...] | None = None,
) -> list[Name]:
    """Names in ``text`` not in ``allowed`` (nor generic) that occur in one of ``references``
    (exemplars, corpus texts): one per distinct name, at its first place."""
    rules = rules or load_names()
    allowed_c = [compact(a) for a in allowed if a]
    refs = [compact(r) for r in references if r]
    if not refs:
        return []
    seen: set[str] = set()
    out: list[Name] = []
    for name in find_names(text, unit, rules, words):
        core = compact(name.text)
        if core in seen or name.text in rules.generic or any(core in a for a in allowed_c):
            continue
        if name.stem and any(name.stem in a for a in allowed_c):
            continue  # the unit's own place written with another level (青川 → 青川县)
        if any(core in r for r in refs):
            seen.add(core)
            out.append(name)
    return out
