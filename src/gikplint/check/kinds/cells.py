"""Checks on single cells: blanks (GK121) and money units (GK304)."""
from __future__ import annotations

from dataclasses import dataclass, field

from gikplint.check.kinds import TABLE_ZH, Kind, cell_where, quoted
from gikplint.parse.normalize import norm, squash


def _fixed(text: str, tpl) -> str:
    """The label as written, with the known typos replaced (full-width kept)."""
    for wrong, right in tpl.typos:
        if wrong in text and right not in text:
            text = text.replace(wrong, right)
    for wrong, right in tpl.whole_typos:
        if norm(text) == wrong:
            text = right
    return text


def _check_tables(tables) -> None:
    bad = [t for t in tables if t not in TABLE_ZH]
    if bad:
        raise ValueError(f"tables 只能包含 {'/'.join(TABLE_ZH)}，不能包含 {bad}")


def _well_formed_rows(report, tables):
    """(table name, grid, row) for every row with the template's number of values."""
    for name in tables:
        grid = report.tables.get(name)
        if grid is None:
            continue
        for row in grid.rows:
            if grid.row_ok(row.key):
                yield name, grid, row


@dataclass(eq=False, repr=False)
class BlankCells(Kind):
    """A cell the template requires is blank, "-" or "/"; one finding per row."""

    tables: list = field(default_factory=lambda: ["t2", "t3", "t4"])
    variables = ("table", "row", "columns", "count")

    def __post_init__(self):
        _check_tables(self.tables)

    def run(self, report, rule):
        for name, grid, row in _well_formed_rows(report, self.tables):
            blanks = [c for c in grid.columns[row.key] if grid.get(row.key, c.key).blank]
            if not blanks:
                continue
            first = grid.get(row.key, blanks[0].key)
            yield self.finding(
                report, rule, line=first.line,
                where=cell_where(name, row.key, blanks[0].key, first.where),
                table=TABLE_ZH[name], row=row.brief, columns=quoted(c.brief for c in blanks), count=len(blanks),
            )


@dataclass(eq=False, repr=False)
class AmountUnit(Kind):
    """Money amounts need a unit: where the template prints none (2019 采购总金额)
    the cell must carry 元 or 万元; where it prints 万元 (2021 本年收费金额) the
    cell must not be given in 元."""

    table: str = "t2"
    variables = ("table", "row", "column", "value", "unit")

    def run(self, report, rule):
        for row, col, v, header_unit in _amounts(report.tables.get(self.table)):
            if v.number == 0:
                continue
            if header_unit is None and v.unit is None:
                unit = "没有写单位（模板表头未印单位），请写明“元”或“万元”"
            elif header_unit == "万元" and v.unit == "元":
                unit = "以“元”填写，而表头单位是“万元”，请换算为万元"
            else:
                continue
            yield self.finding(
                report, rule, line=v.line, where=cell_where(self.table, row.key, col.key, v.where),
                table=TABLE_ZH[self.table], row=row.brief, column=col.brief, value=v.raw, unit=unit,
            )


def _amounts(grid):
    """(row, column, value, the unit its header gives or None) of every money cell holding a number."""
    if grid is None:
        return
    header_units = _header_units(grid)
    for row in grid.rows:
        for col in grid.columns.get(row.key, []):
            v = grid.get(row.key, col.key)
            if col.amount and v is not None and v.kind in ("int", "decimal"):
                yield row, col, v, col.unit or header_units.get(col.key)


def _header_units(grid) -> dict[str, str]:
    """A unit the report itself wrote into a header: 采购总金额（万元）."""
    out = {}
    for text, _, _ in grid.headers:
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


@dataclass(eq=False, repr=False)
class CellValues(Kind):
    """check: number — a count cell holds text or a non-integer (GK122);
    check: negative — a count is negative where the template does not allow it (GK123)."""

    check: str
    tables: list = field(default_factory=lambda: ["t2", "t3", "t4"])
    variables = ("table", "row", "column", "value")

    def __post_init__(self):
        if self.check not in ("number", "negative"):
            raise ValueError(f"check 应为 number 或 negative，而不是 '{self.check}'")
        _check_tables(self.tables)

    def run(self, report, rule):
        for name, grid, row in _well_formed_rows(report, self.tables):
            for col in grid.columns[row.key]:
                v = grid.get(row.key, col.key)
                if self.check == "number":
                    bad = v.kind == "text" or (v.kind == "decimal" or v.unit is not None) and not col.amount
                else:
                    bad = v.number is not None and v.number < 0 and not col.signed
                if bad:
                    yield self.finding(report, rule, line=v.line, where=cell_where(name, row.key, col.key, v.where),
                                       table=TABLE_ZH[name], row=row.brief, column=col.brief, value=v.raw)


@dataclass(eq=False, repr=False)
class AmountPlausible(Kind):
    """Money amounts with more than `max_decimals` decimals, or in 万元 at a
    magnitude (≥ `max_wan` 万元) that suggests 元 were entered as 万元."""

    table: str = "t2"
    max_decimals: int = 2
    max_wan: int = 1_000_000
    variables = ("table", "row", "column", "value", "problem")

    def run(self, report, rule):
        for row, col, v, header_unit in _amounts(report.tables.get(self.table)):
            decimals = len(norm(v.raw).split(".")[1].rstrip("万元")) if "." in v.raw else 0
            if decimals > self.max_decimals:
                problem = f"有 {decimals} 位小数，金额最多精确到分（元两位小数）"
            elif (v.unit or header_unit) == "万元" and v.number >= self.max_wan:
                problem = f"按万元计超过 {self.max_wan // 10000} 亿元，疑似把“元”当作“万元”填写"
            else:
                continue
            yield self.finding(report, rule, line=v.line, where=cell_where(self.table, row.key, col.key, v.where),
                               table=TABLE_ZH[self.table], row=row.brief, column=col.brief, value=v.raw,
                               problem=problem)


@dataclass(eq=False, repr=False)
class LabelTypos(Kind):
    """Template labels with a known corruption (grammar/tables-*.yaml `typos`);
    the finding carries the corrected label as its fix."""

    tables: list = field(default_factory=lambda: ["t2", "t3", "t4"])
    variables = ("table", "label", "fixed", "count")

    def run(self, report, rule):
        from gikplint.parse.tables import correct

        for name in self.tables:
            grid = report.tables.get(name)
            if grid is None:
                continue
            labels = [(t, ln) for t, ln, _ in grid.headers]
            labels += [(i.source_label, i.line) for i in grid.info.values() if i.source_label]
            seen: dict[str, list] = {}
            for text, line in labels:
                if correct(norm(text), grid.template) == norm(text):
                    continue
                s = squash(text)
                seen.setdefault(s, [_fixed(s, grid.template), line, 0])[2] += 1
            for s, (fixed, line, count) in seen.items():
                yield self.finding(report, rule, line=line, where=cell_where(name), fix=fixed,
                                   table=TABLE_ZH[name], label=s, fixed=fixed, count=count)
