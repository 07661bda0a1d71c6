"""GK302 t2-header-mismatch: the column headers of a table-2 block differ from the template (known typos are GK131's)."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, quoted, table_location


class T2HeaderMismatch(Check):
    variables = ("table", "where_", "missing", "expected")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t2")
        if grid is None:
            return
        blocks = {b.key: b for b in grid.template.t2_blocks}
        for mc in grid.missing_columns:
            b = blocks[mc.block]
            yield self.finding(report, rule, table_location("t2", block=b.key, line=mc.line), table=TABLE_NAMES["t2"],
                               where_=f"{b.caption}的表头", missing=quoted(mc.missing),
                               expected="、".join(c.label for c in b.columns))
