"""GK801 carry-over-mismatch: per column, 二、上年结转 (this year) = 四、结转下年度继续办理 (last year).
Runs when the run has last year's report (ctx.previous, paired from
--previous or --previous-dir); without one it finds nothing: whether one
was found is the run's note, not the rule's.
Only rows read whole are compared."""
from __future__ import annotations

from gikplint.check.base import Check, table_location
from gikplint.check.builtin._rows import count
from gikplint.model import Skip


class CarryOver(Check):
    """GK801: per column, 二、上年结转 (this year) = 四、结转下年度继续办理 (last year)."""

    variables = ("column", "this", "last", "last_year")

    def run(self, report, rule, ctx):
        previous = ctx.previous
        if previous is None:
            return
        this, last = report.tables.get("t3"), previous.tables.get("t3")
        if this is None or last is None:
            which = "本报告" if this is None else "上一年度报告"
            yield Skip(rule.code, f"{which}没有可读的第三部分表格，未核对上年结转")
            return
        for col in this.template.t3_columns:
            now, before = count(this, "二", col.key), count(last, "四", col.key)
            if now is None or before is None or now.number == before.number:
                continue
            yield self.finding(report, rule, table_location("t3", row="二", column=col.key, source=now.source,
                                                            line=now.line),
                               column=col.label, this=now.raw, last=before.raw, last_year=previous.year or "上一")
