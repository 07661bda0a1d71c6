"""GK104 title-missing: no title naming agency, year and 政府信息公开工作年度报告."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.model import Location


class TitleMissing(Check):
    variables = ("title", "problem")

    def run(self, report, rule, ctx):
        if not report.title:
            yield self.finding(report, rule, Location(report.first_line, section="标题"), title="", problem="")
