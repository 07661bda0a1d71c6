"""The six sections, loaded from grammar/sections.yaml: the one source of
their numbers, headings, wordings and tables."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gikplint.resources import data_dir

NUMERALS = "一二三四五六"
WRITTEN_NUMERALS = "一二三四五六七八九十"  # what a heading may be numbered: a report may number its parts on past 六


@dataclass(frozen=True)
class SectionSpec:
    number: int
    numeral: str
    heading: str  # canonical, numbering included: 一、总体情况
    keywords: tuple[str, ...]
    variants: tuple[str, ...]
    table: str | None = None  # t2, t3, t4
    law: tuple[str, ...] = ()  # wordings of 条例 第五十条 itself

    def wordings(self) -> tuple[str, ...]:
        """The canonical wording (without its numbering) and every known variant, normalised."""
        return _wordings(self.number)


@lru_cache(maxsize=1)
def specs() -> tuple[SectionSpec, ...]:
    import yaml

    data = yaml.load((data_dir("grammar") / "sections.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(SectionSpec(d["number"], d["numeral"], d["heading"], tuple(d["keywords"]), tuple(d["variants"]),
                             d.get("table"), tuple(d.get("law", ()))) for d in data["sections"])


@lru_cache(maxsize=None)
def _wordings(number: int) -> tuple[str, ...]:
    from gikplint.normalize import loose

    s = spec(number)
    return tuple(dict.fromkeys(loose(w) for w in (s.heading[2:], *s.variants, *s.law)))


def is_law_wording(number: int, text: str) -> bool:
    """The heading (without its numbering) words the section as 条例 第五十条 does."""
    from gikplint.normalize import loose

    return loose(text) in {loose(w) for w in spec(number).law}


def closest(text: str, limit: int = 2) -> tuple[int, str, int] | None:
    """(section, wording, edits) of the known wording nearest to `text` (a
    heading without its numbering, loosely normalised), when at most
    `limit` characters are added, dropped or changed; None otherwise."""
    best = None
    for s in specs():
        for w in s.wordings():
            if len(w) < 6 or abs(len(w) - len(text)) > limit:
                continue
            d = edits(text, w, limit)
            if d is not None and (best is None or d < best[2]):
                best = (s.number, w, d)
    return best


def edits(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance when at most `limit`, else None (a banded table: short headings only)."""
    if abs(len(a) - len(b)) > limit:
        return None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        lo = max(1, i - limit)
        hi = min(len(b), i + limit)
        if lo > 1:
            cur[lo - 1] = limit + 1
        for j in range(lo, hi + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != b[j - 1]))
        if hi < len(b):
            cur[hi + 1:] = [limit + 1] * (len(b) - hi)
        if min(cur) > limit:
            return None
        prev = cur
    return prev[-1] if prev[-1] <= limit else None


_FUNCTION_WORDS = frozenset("的和及与之并")  # a wording that adds or swaps one of these is a variant, not a slip


def typo(number: int, text: str) -> tuple[str, str] | None:
    """(the words as written, the right words) when the heading of section
    `number` is a known wording with a slip of one character ("行政法复议"
    for "行政复议"). A character more or less of 的/和/及 ("主动公开政府信息
    的情况") is a variant, and so is anything further off: those are worded
    otherwise, not mistyped."""
    import difflib

    from gikplint.normalize import loose

    s = loose(text)
    hit = closest(s, limit=1)
    if hit is None or hit[0] != number or hit[2] != 1:
        return None
    right = hit[1]
    ops = [op for op in difflib.SequenceMatcher(None, s, right, autojunk=False).get_opcodes() if op[0] != "equal"]
    changed = "".join(s[i1:i2] + right[j1:j2] for _, i1, i2, j1, j2 in ops)
    if set(changed) <= _FUNCTION_WORDS:
        return None
    i1, i2, j1, j2 = ops[0][1], ops[-1][2], ops[0][3], ops[-1][4]
    return s[max(0, i1 - 2):i2 + 2], right[max(0, j1 - 2):j2 + 2]


def spec(number: int) -> SectionSpec:
    return specs()[number - 1]


def of_table(table: str) -> SectionSpec:
    return next(s for s in specs() if s.table == table)


def table_name(table: str) -> str:
    """How messages name a statistics table: 第三部分表格."""
    return f"第{of_table(table).numeral}部分表格"


TABLES = ("t2", "t3", "t4")
