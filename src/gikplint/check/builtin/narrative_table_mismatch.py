"""GK601 narrative-table-mismatch: counts the narrative states ("收到申请N件",
"未收到申请", "行政复议N件", "制发行政规范性文件N件") contradict the tables.

A claim about cells the report's format does not have (a 2019 column in a
2021 table) does not apply; one about cells whose run-together digits could
not be split says nothing (the report's note has said why); a sentence two
claims both read is one finding."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check, excerpt, shown, table_location
from gikplint.check.kinds import compile_pattern
from gikplint.model import Skip
from gikplint.normalize import norm


@dataclass
class Claim:
    regex: str  # finds the claim; its first group is the number, unless `value` gives it
    table: Literal["t2", "t3", "t4"]
    sums: list[str]  # cell sums ("一/总计 + 二/总计"), of which at least one must equal the claim
    say: str  # how the message names the cells
    value: int | None = None  # the number a claim states in words ("未收到…申请": 0)


def _applies(grid, spec: str) -> bool:
    """The cells of a sum exist in this format's table."""
    for part in spec.split("+"):
        row, col = (x.strip() for x in part.split("/"))
        if col not in {c.key for c in grid.columns.get(row, [])}:
            return False
    return True


def _unsplit(grid, spec: str) -> bool:
    return any(grid.unsplit(part.split("/")[0].strip()) for part in spec.split("+"))


def _cell_sum(grid, spec: str):
    """'一/总计 + 二/总计' → the sum, or None when a cell is missing, blank or not a number."""
    total = 0
    for part in spec.split("+"):
        row, col = (x.strip() for x in part.split("/"))
        if not grid.row_ok(row):
            return None
        v = grid.get(row, col)
        if v is None or v.kind not in ("int", "decimal"):
            return None
        total += v.number
    return total


@dataclass(eq=False, repr=False)
class NarrativeTableMismatch(Check):
    claims: list[Claim]
    variables = ("said", "number", "table", "cells", "actual")

    def __post_init__(self):
        for c in self.claims:
            if any(len(part.split("/")) != 2 for s in c.sums for part in s.split("+")):
                raise ValueError(f"claims 的 sums 应形如 '一/总计 + 二/总计'，而不是 {c.sums}")
        self._compiled = [(compile_pattern(c.regex), c) for c in self.claims]

    def run(self, report, rule, ctx):
        said: set = set()  # (paragraph, table, cells, number): a sentence read by two claims is one finding
        for rx, c in self._compiled:
            grid = report.tables.get(c.table)
            if grid is None or not all(_applies(grid, s) for s in c.sums):
                continue
            for p in report.paragraphs():
                text = norm(p.text)
                m = rx.search(text)
                if not m:
                    continue
                number = c.value if c.value is not None else int(m[1])
                key = (p.line, c.table, c.sums[0], number)
                if key in said:
                    break
                said.add(key)
                if any(_unsplit(grid, s) for s in c.sums):
                    break
                actual = [_cell_sum(grid, s) for s in c.sums]
                if any(a is None for a in actual):
                    yield Skip(rule.code, f"{TABLE_NAMES[c.table]}相关单元格为空或结构异常，未核对正文“{shown(m[0])}”。")
                    break
                if number not in actual:
                    yield self.finding(report, rule, table_location(c.table, line=p.line),
                                       excerpt=excerpt(p.text, *_span(p.text, m[0])),
                                       said=shown(m[0]), number=number, table=TABLE_NAMES[c.table], cells=c.say,
                                       actual=actual[0])
                break


def _span(text: str, normed_match: str) -> tuple[int, int]:
    """Where a match found in the normalised text stands in the text as
    written (spaces and full-width forms differ): its first and last
    characters looked up, or the whole text."""
    start = text.find(normed_match[:2])
    end = text.find(normed_match[-2:], max(start, 0))
    if start < 0 or end < 0:
        return 0, min(len(text), 40)
    return start, end + 2
