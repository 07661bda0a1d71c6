"""The six sections, loaded from grammar/sections.yaml: the one source of
their numbers, headings, wordings and tables."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gikplint.resources import data_dir

NUMERALS = "一二三四五六"


@dataclass(frozen=True)
class SectionSpec:
    number: int
    numeral: str
    heading: str  # canonical, numbering included: 一、总体情况
    keywords: tuple[str, ...]
    variants: tuple[str, ...]
    table: str | None = None  # t2, t3, t4


@lru_cache(maxsize=1)
def specs() -> tuple[SectionSpec, ...]:
    import yaml

    data = yaml.load((data_dir("grammar") / "sections.yaml").read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(SectionSpec(d["number"], d["numeral"], d["heading"], tuple(d["keywords"]), tuple(d["variants"]),
                             d.get("table")) for d in data["sections"])


def spec(number: int) -> SectionSpec:
    return specs()[number - 1]


def of_table(table: str) -> SectionSpec:
    return next(s for s in specs() if s.table == table)


def table_name(table: str) -> str:
    """How messages name a statistics table: 第三部分表格."""
    return f"第{of_table(table).numeral}部分表格"


TABLES = ("t2", "t3", "t4")
