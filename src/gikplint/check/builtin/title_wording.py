"""GK105 title-wording: a title without the year or the agency, or saying 工作报告 for 工作年度报告."""
from __future__ import annotations

import re
from gikplint.check.base import Check
from gikplint.model import Location
from gikplint.normalize import norm


class TitleWording(Check):
    variables = ("title", "problem")

    def run(self, report, rule, ctx):
        if not report.title:
            return
        s = norm(report.title)
        problems = []
        if not re.search(r"\d{4}年", s):
            problems.append("没有写明年度")
        if not report.agency:
            problems.append("没有写明机关名称")
        if "政府信息公开工作年度报告" not in s:
            problems.append("把“工作年度报告”写成了“工作报告”" if "工作报告" in s else "没有“政府信息公开工作年度报告”字样")
        if problems:
            yield self.finding(report, rule, Location(report.title_line, section="标题"),
                               title=report.title, problem="，".join(problems))
