"""GK604 stale-year: a sentence speaks of another year as the one reported on ("2019年全年…" in a 2020 report)."""
from __future__ import annotations

import re
from gikplint.check.base import Check, shown
from gikplint.model import Location
from gikplint.normalize import norm

# at the start of a sentence: "较2019年全年增长" compares, it is not copied forward
_RE = re.compile(r"(?:^|[。；])(?:[（(]?[一二三四五六七八九十\d]+[)）、.]?)?"
                 r"((\d{4})年(?:全年|度)?[，,]?(?:我|本|全)(?:局|委|办|市|县|区|单位|中心|院|部门|机关|厅|署|站|所|镇|乡|街道)"
                 r"|(\d{4})年全年)")


class StaleYear(Check):
    variables = ("match", "year", "report_year")

    def run(self, report, rule, ctx):
        if report.year is None:
            return
        for p in report.paragraphs():
            for m in _RE.finditer(norm(p.text)):
                text, year = m[1], m[2] or m[3]
                if int(year) < report.year:
                    yield self.finding(report, rule, Location(p.line, section="正文"),
                                       match=shown(text), year=year, report_year=report.year)
                    break
