"""Checks on single cells: blanks (GK121) and money units (GK304)."""
from __future__ import annotations

from dataclasses import dataclass, field

from gikplint.check.kinds import TABLE_ZH, Kind, cell_where, quoted
from gikplint.parse.normalize import norm


@dataclass
class BlankCells(Kind):
    """A cell the template requires is blank, "-" or "/"; one finding per row."""

    tables: list = field(default_factory=lambda: ["t2", "t3", "t4"])
    variables = ("table", "row", "columns", "count")

    def __post_init__(self):
        bad = [t for t in self.tables if t not in TABLE_ZH]
        if bad:
            raise ValueError(f"tables 只能包含 {'/'.join(TABLE_ZH)}，不能包含 {bad}")

    def run(self, report, rule):
        for name in self.tables:
            grid = report.tables.get(name)
            if grid is None:
                continue
            for row in grid.rows:
                if not grid.row_ok(row.key):
                    continue
                cols = grid.columns[row.key]
                blanks = [c for c in cols if grid.get(row.key, c.key).blank]
                if not blanks:
                    continue
                first = grid.get(row.key, blanks[0].key)
                yield self.finding(
                    report, rule, line=first.line,
                    where=cell_where(name, row.key, blanks[0].key, first.where),
                    table=TABLE_ZH[name], row=row.brief, columns=quoted(c.brief for c in blanks), count=len(blanks),
                )


@dataclass
class AmountUnit(Kind):
    """Money amounts need a unit: where the template prints none (2019 采购总金额)
    the cell must carry 元 or 万元; where it prints 万元 (2021 本年收费金额) the
    cell must not be given in 元."""

    table: str = "t2"
    variables = ("table", "row", "column", "value", "unit")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        header_units = _header_units(grid)
        for row in grid.rows:
            for col in grid.columns.get(row.key, []):
                if not col.amount:
                    continue
                v = grid.get(row.key, col.key)
                if v is None or v.kind not in ("int", "decimal") or v.number == 0:
                    continue
                expected = col.unit or header_units.get(col.key)
                if expected is None and v.unit is None:
                    unit = "没有写单位（模板表头未印单位），请写明“元”或“万元”"
                elif expected == "万元" and v.unit == "元":
                    unit = "以“元”填写，而表头单位是“万元”，请换算为万元"
                else:
                    continue
                yield self.finding(
                    report, rule, line=v.line, where=cell_where(self.table, row.key, col.key, v.where),
                    table=TABLE_ZH[self.table], row=row.brief, column=col.brief, value=v.raw, unit=unit,
                )


def _header_units(grid) -> dict[str, str]:
    """A unit the report itself wrote into a header: 采购总金额（万元）."""
    out = {}
    for text, _, block in grid.headers:
        s = norm(text)
        for cols in grid.columns.values():
            for c in cols:
                if c.amount and s.startswith(norm(c.label)) and s != norm(c.label):
                    rest = s[len(norm(c.label)):]
                    if "万元" in rest:
                        out[c.key] = "万元"
                    elif "元" in rest:
                        out[c.key] = "元"
    return out
