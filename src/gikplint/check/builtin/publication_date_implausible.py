"""GK704 publication-date-implausible: published or signed before the period closed, or later than the next year."""
from __future__ import annotations

import datetime as dt
from gikplint.check.base import Check
from gikplint.check.kinds.deadline import publication, report_kind
from gikplint.model import Location


class PublicationDateImplausible(Check):
    variables = ("date", "source", "deadline", "kind", "year", "problem")

    def run(self, report, rule, ctx):
        date, source, line = publication(report, ctx)
        if report.year is None or date is None:
            return
        y = report.year
        if date <= dt.date(y, 12, 31):
            problem = f"早于统计期限结束（{y}年12月31日），报告不可能在年度结束前完成"
        elif date.year > y + 1:
            problem = f"晚于{y + 1}年，与报告年度不符（是否年份写错？）"
        else:
            return
        kind = "县级以上地方人民政府年度报告" if report_kind(report, ctx) == "government" else "部门年度报告"
        yield self.finding(report, rule, Location(line, section="发布"), date=date.isoformat(), source=source,
                           kind=kind, year=y, deadline="", problem=problem)
