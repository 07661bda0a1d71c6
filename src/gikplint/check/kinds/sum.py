"""sum: an arithmetic relation over labelled cells, per column or per row
(GK306, GK410, GK411, GK412, GK502). The relation names cells by the keys of
grammar/tables-*.yaml in the expression language of check/expr.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check, quoted, table_location
from gikplint.check.expr import parse_relation
from gikplint.model import Skip
from gikplint.parse import templates

_DETAIL_LIMIT = 6  # beyond this many terms a side is summarised, not spelled out


@dataclass(eq=False, repr=False)
class Sum(Check):
    table: Literal["t2", "t3", "t4"]
    for_each: Literal["column", "row"]  # column: the relation's names are rows; row: they are columns
    relation: str
    only: list[str] = field(default_factory=list)  # restrict to these rows/columns (keys)
    variables = ("table", "subject", "lhs", "lhs_detail", "rhs", "rhs_detail", "op")

    def __post_init__(self):
        self._rel = parse_relation(self.relation)
        self._cache: dict = {}
        names_on = "rows" if self.for_each == "column" else "columns"
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
        skipped: dict[str, list[str]] = {}
        resolved = self._resolved(grid.template, names)
        ok_rows = {r.key for r in rows if grid.row_ok(r.key)}
        for line in lines:
            cells = [(sign, a, self._cell(grid, line, a)) for side in resolved for sign, a in side]
            row_keys = [line.key] if self.for_each == "row" else [a.key for _, a, _ in cells]
            if self.for_each == "row" and line.key not in grid.columns:
                continue
            if not ok_rows.issuperset(row_keys):
                if any(grid.unsplit(k) for k in row_keys):
                    continue  # the report's note already says these cells could not be told apart
                skipped.setdefault("涉及的行数值个数不对", []).append(line.brief)
                continue
            values = [c for _, _, c in cells]
            if any(v is None or v.blank for v in values):
                skipped.setdefault("有空白单元格", []).append(line.brief)
                continue
            if any(v.kind not in ("int", "decimal") for v in values):
                skipped.setdefault("有单元格不是数字", []).append(line.brief)
                continue
            n = len(resolved[0])
            lhs = sum(sign * v.number for sign, _, v in cells[:n])
            rhs = sum(sign * v.number for sign, _, v in cells[n:])
            if self._rel.holds(lhs, rhs):
                continue
            first = cells[0][2]
            subject = f"“{line.brief}”{'列' if self.for_each == 'column' else '行'}"
            where = table_location(self.table, line.key if self.for_each == "row" else None,
                                   line.key if self.for_each == "column" else None, first.source, first.line)
            yield self.finding(report, rule, where, table=TABLE_NAMES[self.table], subject=subject,
                               lhs=lhs, rhs=rhs, op=self._rel.op,
                               lhs_detail=_detail(cells[:n]), rhs_detail=_detail(cells[n:]))
        unit = "列" if self.for_each == "column" else "行"
        for reason, subjects in skipped.items():
            yield Skip(rule.code, f"{TABLE_NAMES[self.table]}有 {len(subjects)} {unit}因{reason}而未检查（{rule.name}）：{quoted(subjects)}")

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
        return grid.get(line.key, axis.key)


def _detail(cells) -> str:
    if len(cells) > _DETAIL_LIMIT:
        return f"{cells[0][1].brief}等 {len(cells)} 项之和"
    out = ""
    for i, (sign, axis, value) in enumerate(cells):
        op = "" if i == 0 and sign > 0 else (" − " if sign < 0 else " + ")
        out += f"{op}{axis.brief}（{value.raw}）"
    return out
