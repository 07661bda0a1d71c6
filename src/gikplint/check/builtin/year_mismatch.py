"""GK207 year-mismatch: the title's year and the statistics period's disagree."""
from __future__ import annotations

import re
from gikplint.check.base import Check
from gikplint.check.builtin.period_not_calendar_year import VARIABLES, values
from gikplint.model import Location
from gikplint.normalize import norm


class YearMismatch(Check):
    variables = VARIABLES

    def run(self, report, rule, ctx):
        p = report.period
        if p is None or p.start is None or p.end is None:
            return
        m = re.search(r"(\d{4})年", norm(report.title or ""))
        if m and int(m[1]) != p.start.year:
            yield self.finding(report, rule, Location(p.line, section="前言"),
                               **{**values(report), "title_year": m[1], "period_year": p.start.year})
