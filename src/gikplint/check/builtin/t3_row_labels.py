"""GK404 t3-row-labels: table-3 row labels missing, unknown or out of order; template rows absent; rows the template does not have."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location
from gikplint.check.builtin._rows import extra_rows, runs, span

_STATUS_ZH = {
    "missing-label": "没有行标签（标签单元格可能被填成了数字）",
    "unknown-label": "的行标签与模板不符",
    "order": "位置不对（与模板行序不一致）",
    "absent": "缺失",
}


class T3RowLabels(Check):
    variables = ("table", "rows", "problem", "written")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t3")
        if grid is None:
            return
        for run in runs(grid.rows, lambda r: None if grid.info[r.key].status in ("ok", "unsplit", "collapsed") else grid.info[r.key].status):
            info = grid.info[run[0].key]
            written = ""
            if info.status == "unknown-label" and len(run) == 1:
                written = f"（写作“{shown(info.source_label)}”）"
            yield self.finding(report, rule, table_location("t3", run[0].key, None, info.source, info.line or grid.line,
                                                            rows=tuple(r.key for r in run)),
                               table=TABLE_NAMES["t3"], rows=span(run), problem=_STATUS_ZH[info.status], written=written)
        yield from extra_rows(self, report, rule, "t3", grid.extra,
                              lambda rows: dict(rows=rows, problem="不是模板中的行（多出的行）", written=""))
