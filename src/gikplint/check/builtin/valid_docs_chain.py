"""GK803 valid-docs-chain (2021 format): 现行有效件数 = last year's + 本年制发件数 − 本年废止件数.
Runs when the run has last year's report (ctx.previous, paired from
--previous or --previous-dir); without one it finds nothing: whether one
was found is the run's note, not the rule's."""
from __future__ import annotations

from gikplint.check.base import Check, table_location
from gikplint.check.builtin._rows import count


class ValidDocsChain(Check):
    """GK803 (2021 format): 现行有效件数 = last year's + 本年制发件数 − 本年废止件数, per row of 第二十条第（一）项."""

    variables = ("row", "this", "last", "issued", "repealed", "expected", "last_year")

    def run(self, report, rule, ctx):
        previous = ctx.previous
        if previous is None:
            return
        this, last = report.tables.get("t2"), previous.tables.get("t2")
        if this is None or last is None or this.template.version != "2021" or last.template.version != "2021":
            return  # the chain exists only between two reports in the 2021 format
        for row in ("规章", "行政规范性文件"):
            now, before = count(this, row, "现行有效件数"), count(last, row, "现行有效件数")
            issued, repealed = count(this, row, "本年制发件数"), count(this, row, "本年废止件数")
            if None in (now, before, issued, repealed):
                continue
            expected = before.number + issued.number - repealed.number
            if now.number != expected:
                yield self.finding(report, rule, table_location("t2", row=row, column="现行有效件数", source=now.source,
                                                                line=now.line),
                                   row=row, this=now.raw, last=before.raw, issued=issued.raw, repealed=repealed.raw,
                                   expected=expected, last_year=previous.year or "上一")
