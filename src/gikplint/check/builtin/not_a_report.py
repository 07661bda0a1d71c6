"""GK902 not-a-report: the document has none of a report's structure; then no other rule runs."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.model import Location


class NotAReport(Check):
    def run(self, report, rule, ctx):
        if report.empty:
            yield self.finding(report, rule, Location(1))
