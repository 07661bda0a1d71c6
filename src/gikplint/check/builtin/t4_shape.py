"""GK501 t4-shape: table 4's data row has other than 15 values, or its header groups are missing."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, quoted, table_location


class T4Shape(Check):
    variables = ("table", "problem")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t4")
        if grid is None:
            return
        cols = grid.template.t4_columns
        want = len(grid.rows) * len(cols)
        if grid.values_found != want and not any(grid.unsplit(r.key) for r in grid.rows):
            info = next((grid.info[r.key] for r in grid.rows if grid.info[r.key].line), None)
            groups = "、".join(f"{r.brief} {len(cols)} 个" for r in grid.rows)
            yield self.finding(report, rule, table_location("t4", line=info.line if info else grid.line),
                               table=TABLE_NAMES["t4"],
                               problem=f"数据行有 {grid.values_found} 个数值，应为 {want} 个（{groups}）")
        if grid.missing_groups:
            yield self.finding(report, rule, table_location("t4", line=grid.line), table=TABLE_NAMES["t4"],
                               problem=f"表头缺少{quoted(grid.missing_groups)}，无法确认各数值属于哪一组")
