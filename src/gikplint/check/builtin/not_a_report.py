"""GK902 not-a-report: the document has none of a report's structure; then no
other rule runs. Reached only with reports-only: otherwise such a file is
skipped (a portal repository holds README.md and news pages beside its reports)."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.model import Location


class NotAReport(Check):
    variables = ("why",)

    def run(self, report, rule, ctx):
        if report.not_a_report:
            yield self.finding(report, rule, Location(1), why=report.not_a_report)
