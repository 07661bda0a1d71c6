"""GK202 period-not-calendar-year: the stated period is not 1 January to 31 December of one year."""
from __future__ import annotations

import datetime as dt
from gikplint.check.base import Check
from gikplint.model import Location

VARIABLES = ("period", "year", "title_year", "period_year")


def values(report) -> dict:
    p = report.period
    return dict(period=p.text if p else "", year=report.year or "", title_year="", period_year="")


class PeriodNotCalendarYear(Check):
    variables = VARIABLES

    def run(self, report, rule, ctx):
        p = report.period
        if p is None or p.start is None or p.end is None:
            return
        y = p.start.year
        if p.start != dt.date(y, 1, 1) or p.end != dt.date(y, 12, 31):
            yield self.finding(report, rule, Location(p.line, section="前言"), **values(report))
