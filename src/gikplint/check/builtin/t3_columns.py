"""GK402 t3-columns: the applicant columns of table 3 are not the template's seven in order."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, quoted, table_location


class T3Columns(Check):
    variables = ("table", "where_", "missing", "expected")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t3")
        if grid is None:
            return
        for mc in grid.missing_columns:
            yield self.finding(report, rule, table_location("t3", line=mc.line), table=TABLE_NAMES["t3"],
                               where_="申请人情况表头", missing=quoted(mc.missing),
                               expected="、".join(c.label for c in grid.template.t3_columns))
