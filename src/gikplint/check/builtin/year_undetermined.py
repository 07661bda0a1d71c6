"""GK705 year-undetermined: the report year cannot be determined; year-dependent rules are skipped."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.model import Location


class YearUndetermined(Check):
    def run(self, report, rule, ctx):
        if report.year is None:
            yield self.finding(report, rule, Location(report.title_line or 1, section="标题"))
