"""cells: a predicate on the cells the template requires, in the rows that
have the template's number of values (GK121, GK122, GK123).

    flag: blank         a blank cell ("", "-", "/"): one finding per table, naming the blank
                        columns of a single row, or the rows (zeros written as blanks all through)
    flag: not-number    text, or a decimal or a unit in a count column
    flag: negative      a negative count where the template does not allow one (2019 本年增/减 may be)
    flag: out-of-range  a number below `min` or above `max`
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check, line_name, line_unit, quoted, shown, table_location

Table = Literal["t2", "t3", "t4"]


@dataclass(eq=False, repr=False)
class Cells(Check):
    flag: Literal["blank", "not-number", "negative", "out-of-range"]
    tables: list[Table] = field(default_factory=lambda: ["t2", "t3", "t4"])
    # blank: a blank cell of these columns in a row that holds numbers is left
    # to the total's relation, which reports the column once with what it should hold
    except_totals: list[str] = field(default_factory=list)
    min: int | float | None = None  # out-of-range: the smallest allowed value
    max: int | float | None = None  # out-of-range: the largest allowed value
    variables = ("table", "row", "rows", "column", "value", "columns", "count")

    def __post_init__(self):
        if self.flag == "out-of-range" and self.min is None and self.max is None:
            raise ValueError("flag: out-of-range 需要 min 或 max")

    def run(self, report, rule, ctx):
        for name in self.tables:
            grid = report.tables.get(name)
            if grid is None:
                continue
            rows = [row for row in grid.rows if grid.row_ok(row.key)]
            if self.flag == "blank":
                yield from self._blanks(report, rule, name, grid, rows)
                continue
            for row in rows:
                yield from self._row(report, rule, name, grid, row)

    def _blanks(self, report, rule, name, grid, rows):
        """One finding for a table's blank cells: a single row's columns named,
        or, where blanks stand for 0 all through the table, its rows."""
        found = []
        for row in rows:
            cols = grid.columns[row.key]
            blanks = [c for c in cols if grid.get(row.key, c.key).blank]
            if self.except_totals and any(grid.get(row.key, c.key).kind in ("int", "decimal") for c in cols):
                blanks = [c for c in blanks if c.key not in self.except_totals]
            if blanks:
                found.append((row, blanks))
        if not found:
            return
        row, blanks = found[0]
        first = grid.get(row.key, blanks[0].key)
        if len(found) == 1:
            rows_text, columns = line_name(name, row.brief), quoted(c.brief for c in blanks)
        else:
            rows_text = f"“{row.brief}”等 {len(found)} {line_unit(name)}"
            columns = f" {sum(len(b) for _, b in found)} 个单元格"
        where = table_location(name, row.key, blanks[0].key, first.source, first.line,
                               rows=tuple(r.key for r, _ in found) if len(found) > 1 else None)
        yield self.finding(report, rule, where, table=TABLE_NAMES[name], row=row.brief, rows=rows_text,
                           column=blanks[0].brief, value=shown(first.raw), columns=columns,
                           count=sum(len(b) for _, b in found))

    def _row(self, report, rule, name, grid, row):
        cols = grid.columns[row.key]
        for col in cols:
            v = grid.get(row.key, col.key)
            if self._flagged(v, col):
                yield self.finding(report, rule, table_location(name, row.key, col.key, v.source, v.line),
                                   table=TABLE_NAMES[name], row=row.brief, rows=line_name(name, row.brief), column=col.brief,
                                   value=shown(v.raw), columns=f"“{col.brief}”", count=1)

    def _flagged(self, v, col) -> bool:
        if self.flag == "not-number":
            return v.kind == "text" or (v.kind == "decimal" or v.unit is not None) and not col.amount
        if v.number is None:
            return False
        if self.flag == "negative":
            return v.number < 0 and not col.signed
        return (self.min is not None and v.number < self.min) or (self.max is not None and v.number > self.max)
