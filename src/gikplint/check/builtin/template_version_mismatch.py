"""GK701 template-version-mismatch: the tables follow the other format than the report year requires."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.model import Location
from gikplint.parse import templates

VARIABLES = ("year", "found", "expected", "found_notice", "expected_notice", "signals")


def grid_line(report):
    return min((g.line for g in report.tables.values() if g.line), default=None)


class TemplateVersionMismatch(Check):
    variables = VARIABLES

    def run(self, report, rule, ctx):
        if report.year is None or report.template is None:
            return
        want = templates.for_year(report.year)
        if report.template != want.version:
            yield self.finding(report, rule, Location(grid_line(report), section="二"), year=report.year,
                               found=report.template, expected=want.version,
                               found_notice=templates.load(report.template).notice, expected_notice=want.notice,
                               signals="")
