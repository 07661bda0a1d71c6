"""sum: an arithmetic relation over labelled cells, per column or per row
(GK306, GK410, GK411, GK412, GK502). The relation names cells by the keys of
grammar/tables-*.yaml in the expression language of check/expr.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check, line_name, line_unit, quoted, table_location
from gikplint.check.expr import parse_relation
from gikplint.model import Edit, Finding, Skip
from gikplint.parse import templates

_DETAIL_LIMIT = 6  # beyond this many terms a side is summarised, not spelled out


@dataclass(eq=False, repr=False)
class Sum(Check):
    table: Literal["t2", "t3", "t4"]
    for_each: Literal["column", "row"]  # column: the relation's names are rows; row: they are columns
    relation: str
    only: list[str] = field(default_factory=list)  # restrict to these rows/columns (keys)
    # for_each: row with one cell on the left (a 总计): where that cell is left
    # blank while the row holds numbers, one finding for all such rows, worded
    # by this template ({table}, {column}, {rows}, {count}, {totals}: what each
    # should hold, blanks on the right counted as 0), instead of a skip note
    blank_total: str | None = None
    variables = ("table", "subject", "lhs", "lhs_detail", "rhs", "rhs_detail", "op")

    def blank_total_variables(self) -> tuple[str, ...]:
        return ("table", "column", "rows", "count", "totals")

    def __post_init__(self):
        self._rel = parse_relation(self.relation)
        self._cache: dict = {}
        names_on = "rows" if self.for_each == "column" else "columns"
        if self.blank_total is not None:
            if self.for_each != "row" or len(self._rel.lhs) != 1 or self._rel.lhs[0].wildcard:
                raise ValueError("blank_total 只用于 for_each: row、左边只有一个单元格的关系式（如“总计 = …”）")
            try:
                self.blank_total.format(**{v: "" for v in self.blank_total_variables()})
            except (KeyError, IndexError, ValueError) as e:
                raise ValueError(f"blank_total 中的占位符有误（{e}）：可用 {', '.join(self.blank_total_variables())}") from None
        for term in self._rel.terms:
            if not any(term.resolve(templates.load(v).axis(self.table, names_on)) for v in templates.VERSIONS):
                raise ValueError(f"关系式中的 '{term.name}' 不是{TABLE_NAMES[self.table]}的{'行' if names_on == 'rows' else '列'}名")

    def run(self, report, rule, ctx):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        rows, cols = grid.rows, grid.template.axis(self.table, "columns")
        lines, names = (cols, rows) if self.for_each == "column" else (rows, cols)
        if self.only:
            lines = [a for a in lines if a.key in self.only]
        if self.for_each == "row" and grid.collapsed:  # a group written as one row is checked as that row
            lines = [a for a in lines if grid.info.get(a.key) is None or grid.info[a.key].status != "collapsed"]
            lines += [g.axis for g in grid.collapsed.values() if not self.only or g.axis.key in self.only]
        skipped: dict[str, list[str]] = {}
        resolved = self._resolved(grid.template, names)
        if not all(resolved) or any(not t.resolve(names) for t in self._rel.terms):
            return  # the relation is about cells this format does not have (GK306 on a 2021 table)
        blank_totals: list[tuple] = []
        ok_rows = {r.key for r in rows if grid.row_ok(r.key)} | set(grid.collapsed)
        for line in lines:
            sides = [[(sign, a, self._cell(grid, line, a)) for sign, a in side] for side in resolved]
            if grid.collapsed and self.for_each == "column":
                sides = [_collapse(side, grid, line) for side in sides]
            cells = sides[0] + sides[1]
            row_keys = [line.key] if self.for_each == "row" else [a.key for _, a, _ in cells]
            if self.for_each == "row" and line.key not in grid.columns and line.key not in grid.collapsed:
                continue
            if not ok_rows.issuperset(row_keys):
                if any(grid.unsplit(k) for k in row_keys):
                    continue  # the report's note already says these cells could not be told apart
                skipped.setdefault("涉及的行数值个数不对", []).append(line.brief)
                continue
            values = [c for _, _, c in cells]
            if self.blank_total is not None and _blank_total(sides):
                blank_totals.append((line, sides))
                continue
            if any(v is None or v.blank for v in values):
                skipped.setdefault("有空白单元格", []).append(line.brief)
                continue
            if any(v.kind not in ("int", "decimal") for v in values):
                skipped.setdefault("有单元格不是数字", []).append(line.brief)
                continue
            n = len(sides[0])
            lhs = sum(sign * v.number for sign, _, v in cells[:n])
            rhs = sum(sign * v.number for sign, _, v in cells[n:])
            if self._rel.holds(lhs, rhs):
                continue
            first = cells[0][2]
            subject = f"“{line.brief}”列" if self.for_each == "column" else line_name(self.table, line.brief)
            where = table_location(self.table, line.key if self.for_each == "row" else None,
                                   line.key if self.for_each == "column" else None, first.source, first.line)
            yield self.finding(report, rule, where, table=TABLE_NAMES[self.table], subject=subject,
                               lhs=lhs, rhs=rhs, op=self._rel.op,
                               lhs_detail=_detail(cells[:n]), rhs_detail=_detail(cells[n:]))
        if blank_totals:
            yield self._blank_totals(report, rule, blank_totals)
        unit = "列" if self.for_each == "column" else line_unit(self.table)
        for reason, subjects in skipped.items():
            yield Skip(rule.code, f"{TABLE_NAMES[self.table]}有 {len(subjects)} {unit}因{reason}而未检查：{quoted(subjects)}",
                       "blank" if reason == "有空白单元格" else None)

    def _blank_totals(self, report, rule, found):
        """One finding for the rows whose total was left blank: what each should hold."""
        column = found[0][1][0][0][1]
        totals = [f"“{line.brief}”应为 {sum(sign * v.number for sign, _, v in sides[1] if v is not None and not v.blank)}"
                  for line, sides in found]
        shown_totals = "、".join(totals[:_DETAIL_LIMIT]) + (f"等 {len(totals)} 行" if len(totals) > _DETAIL_LIMIT else "")
        first = found[0][1][0][0][2]
        unit = line_unit(self.table)
        rows = (line_name(self.table, found[0][0].brief) if len(found) == 1
                else f"“{found[0][0].brief}”至“{found[-1][0].brief}”共 {len(found)} {unit}")
        where = table_location(self.table, found[0][0].key, column.key, first.source if first else None,
                               first.line if first else None, rows=tuple(line.key for line, _ in found))
        text = self.blank_total.format(table=TABLE_NAMES[self.table], column=column.brief, rows=rows,
                                       count=len(found), totals=shown_totals)
        return Finding(rule.code, rule.name, rule.severity, text, where, None,
                       report.snippet(where.line) if where.line and not report.tables[self.table].flat else None,
                       tuple(e for e in (_fill_total(sides) for _, sides in found) if e is not None))

    def _resolved(self, template, names):
        """Both sides' (sign, axis) terms for a template: resolved once per format version."""
        key = template.version
        if key not in self._cache:
            self._cache[key] = [[(t.sign, a) for t in side for a in t.resolve(names)]
                                for side in (self._rel.lhs, self._rel.rhs)]
        return self._cache[key]

    def _cell(self, grid, line, axis):
        if self.for_each == "column":
            return grid.get(axis.key, line.key)
        if line.key in grid.collapsed:
            return grid.collapsed[line.key].cells.get(axis.key)
        return grid.get(line.key, axis.key)


def _fill_total(sides) -> Edit | None:
    """What `gikplint fix` writes into a blank total: only where every other
    cell of the row is a number and the total is a cell of a Word table."""
    (_, _, total), = sides[0]
    if total.source is None or total.source.docx_cell is None:
        return None
    if not all(v is not None and v.kind in ("int", "decimal") for _, _, v in sides[1]):
        return None
    return Edit(total.line, "", str(sum(sign * v.number for sign, _, v in sides[1])), total.source)


def _blank_total(sides) -> bool:
    """The one cell on the left is blank while some cell on the right holds a
    number (and every other cell on the right is a number or blank)."""
    (_, _, total), = sides[0]
    right = [v for _, _, v in sides[1]]
    return (total is not None and total.blank and any(v is not None and v.kind in ("int", "decimal") for v in right)
            and all(v is not None and (v.blank or v.kind in ("int", "decimal")) for v in right))


def _collapse(side, grid, column):
    """A side's terms with the rows of a group written as one row (the other
    format's way) replaced by that one row: （六）其他处理 for its three rows."""
    out, seen = [], set()
    for sign, axis, value in side:
        group = grid.collapsed.get(axis.parent) if axis.parent else None
        if group is None:
            out.append((sign, axis, value))
        elif axis.parent not in seen:
            seen.add(axis.parent)
            out.append((sign, group.axis, group.cells.get(column.key)))
    return out


def _detail(cells) -> str:
    if len(cells) > _DETAIL_LIMIT:
        return f"{cells[0][1].brief}等 {len(cells)} 项之和"
    out = ""
    for i, (sign, axis, value) in enumerate(cells):
        op = "" if i == 0 and sign > 0 else (" − " if sign < 0 else " + ")
        out += f"{op}{axis.brief}（{value.raw}）"
    return out
