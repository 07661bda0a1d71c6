"""GK201 period-missing: no statistics-period statement (统计期限 …)."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.check.builtin.period_not_calendar_year import VARIABLES, values
from gikplint.model import Location


class PeriodMissing(Check):
    variables = VARIABLES

    def run(self, report, rule, ctx):
        if report.period is None:
            yield self.finding(report, rule, Location(report.first_line, section="前言"), **values(report))
