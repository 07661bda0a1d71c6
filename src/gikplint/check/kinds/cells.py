"""cells: a predicate on the cells the template requires, in the rows that
have the template's number of values (GK121, GK122, GK123).

    flag: blank         a blank cell ("", "-", "/"): one finding per row, naming its blank columns
    flag: not-number    text, or a decimal or a unit in a count column
    flag: negative      a negative count where the template does not allow one (2019 本年增/减 may be)
    flag: out-of-range  a number below `min` or above `max`
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check, quoted, shown, table_location

Table = Literal["t2", "t3", "t4"]


@dataclass(eq=False, repr=False)
class Cells(Check):
    flag: Literal["blank", "not-number", "negative", "out-of-range"]
    tables: list[Table] = field(default_factory=lambda: ["t2", "t3", "t4"])
    min: int | float | None = None  # out-of-range: the smallest allowed value
    max: int | float | None = None  # out-of-range: the largest allowed value
    variables = ("table", "row", "column", "value", "columns", "count")

    def __post_init__(self):
        if self.flag == "out-of-range" and self.min is None and self.max is None:
            raise ValueError("flag: out-of-range 需要 min 或 max")

    def run(self, report, rule, ctx):
        for name in self.tables:
            grid = report.tables.get(name)
            if grid is None:
                continue
            for row in grid.rows:
                if grid.row_ok(row.key):
                    yield from self._row(report, rule, name, grid, row)

    def _row(self, report, rule, name, grid, row):
        cols = grid.columns[row.key]
        if self.flag == "blank":
            blanks = [c for c in cols if grid.get(row.key, c.key).blank]
            if blanks:
                first = grid.get(row.key, blanks[0].key)
                yield self.finding(report, rule, table_location(name, row.key, blanks[0].key, first.source, first.line),
                                   table=TABLE_NAMES[name], row=row.brief, column=blanks[0].brief, value=shown(first.raw),
                                   columns=quoted(c.brief for c in blanks), count=len(blanks))
            return
        for col in cols:
            v = grid.get(row.key, col.key)
            if self._flagged(v, col):
                yield self.finding(report, rule, table_location(name, row.key, col.key, v.source, v.line),
                                   table=TABLE_NAMES[name], row=row.brief, column=col.brief, value=shown(v.raw),
                                   columns=f"“{col.brief}”", count=1)

    def _flagged(self, v, col) -> bool:
        if self.flag == "not-number":
            return v.kind == "text" or (v.kind == "decimal" or v.unit is not None) and not col.amount
        if v.number is None:
            return False
        if self.flag == "negative":
            return v.number < 0 and not col.signed
        return (self.min is not None and v.number < self.min) or (self.max is not None and v.number > self.max)
