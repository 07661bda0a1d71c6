"""GK403 t3-row-shape: table-3 rows with other than seven values."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, table_location
from gikplint.check.builtin._rows import runs, span


class T3RowShape(Check):
    variables = ("table", "problem")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t3")
        if grid is None:
            return
        present = [r for r in grid.rows if grid.info[r.key].status not in ("absent", "unsplit", "collapsed")]
        for run in runs(present, lambda r: None if grid.row_ok(r.key) else grid.info[r.key].filled):
            info = grid.info[run[0].key]
            cols = grid.columns[run[0].key]
            problem = (f"{span(run)}各有 {info.filled} 个数值，应为 {len(cols)} 个"
                       f"（{'、'.join(c.brief for c in cols)}）")
            yield self.finding(report, rule, table_location("t3", run[0].key, None, info.source, info.line,
                                                            rows=tuple(r.key for r in run)),
                               table=TABLE_NAMES["t3"], problem=problem)
