"""Structure of the recognised tables: values per row (GK403, GK501) and row
labels (GK404)."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.kinds import TABLE_ZH, Kind, cell_where, quoted
from gikplint.parse.normalize import norm
from gikplint.parse.tables import correct


def _runs(rows, key):
    """Consecutive rows sharing key(row) (not None), as lists."""
    out, current, last = [], [], object()
    for row in rows:
        k = key(row)
        if k is None:
            current, last = [], object()
            continue
        if k != last:
            current = []
            out.append(current)
        current.append(row)
        last = k
    return out


def _span(rows) -> str:
    if len(rows) == 1:
        return f"“{rows[0].brief}”行"
    return f"“{rows[0].brief}”至“{rows[-1].brief}”共 {len(rows)} 行"


@dataclass
class Shape(Kind):
    """Rows whose number of values differs from the template; for table 4 the
    15 values of its single data row, and its header groups."""

    table: str
    variables = ("table", "problem")

    def __post_init__(self):
        if self.table not in TABLE_ZH:
            raise ValueError(f"table 应为 {'/'.join(TABLE_ZH)} 之一，而不是 '{self.table}'")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        if self.table == "t4":
            yield from self._t4(report, rule, grid)
            return
        present = [r for r in grid.rows if grid.info[r.key].status != "absent"]
        for run in _runs(present, lambda r: None if grid.row_ok(r.key) else grid.info[r.key].filled):
            info = grid.info[run[0].key]
            cols = grid.columns[run[0].key]
            problem = (f"{_span(run)}各有 {info.filled} 个数值，应为 {len(cols)} 个"
                       f"（{'、'.join(c.brief for c in cols)}）")
            yield self.finding(report, rule, line=info.line, where=cell_where(self.table, run[0].key, None, info.where),
                               table=TABLE_ZH[self.table], problem=problem)

    def _t4(self, report, rule, grid):
        want = len(grid.rows) * len(grid.template.t4_columns)
        if grid.values_found != want:
            info = next((grid.info[r.key] for r in grid.rows if grid.info[r.key].line), None)
            groups = "、".join(f"{r.brief} {len(grid.template.t4_columns)} 个" for r in grid.rows)
            yield self.finding(report, rule, line=info.line if info else grid.line, where=cell_where("t4"),
                               table=TABLE_ZH["t4"],
                               problem=f"数据行有 {grid.values_found} 个数值，应为 {want} 个（{groups}）")
        # headers may also stand outside the table (Markdown sub-headings of an OCR'd report)
        texts = [t for t, _, _ in grid.headers]
        section = report.section(4)
        if section is not None:
            texts += [p.text for p in section.paragraphs() if len(p.text) <= 30]
        header = "".join(correct(norm(t), grid.template) for t in texts)
        missing = [g for g in grid.template.t4_groups if norm(g) not in header]
        if missing:
            yield self.finding(report, rule, line=grid.line, where=cell_where("t4"), table=TABLE_ZH["t4"],
                               problem=f"表头缺少{quoted(missing)}，无法确认各数值属于哪一组")


_STATUS_ZH = {
    "missing-label": "没有行标签（标签单元格可能被填成了数字）",
    "unknown-label": "的行标签与模板不符",
    "order": "位置不对（与模板行序不一致）",
    "absent": "缺失",
}


@dataclass
class RowLabels(Kind):
    """Row labels missing, unknown, out of order; template rows absent."""

    table: str = "t3"
    variables = ("table", "rows", "problem", "written")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        for run in _runs(grid.rows, lambda r: None if grid.info[r.key].status == "ok" else grid.info[r.key].status):
            info = grid.info[run[0].key]
            written = ""
            if info.status == "unknown-label" and len(run) == 1:
                written = f"（写作“{info.source_label}”）"
            line = info.line or grid.line
            yield self.finding(
                report, rule, line=line, where=cell_where(self.table, run[0].key, None, info.where),
                table=TABLE_ZH[self.table], rows=_span(run), problem=_STATUS_ZH[info.status], written=written,
            )
        for label, count, line in grid.extra:
            yield self.finding(
                report, rule, line=line, where=cell_where(self.table), table=TABLE_ZH[self.table],
                rows=f"“{label or '（无标签）'}”行", problem="不是模板中的行（多出的行）", written="",
            )
