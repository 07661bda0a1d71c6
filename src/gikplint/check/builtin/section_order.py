"""GK102 section-order: a section repeated, out of the order 一 to 六, or
numbered otherwise than its content (a heading is the section its wording
names: "一、主动公开政府信息情况" is the 二 part, numbered 一)."""
from __future__ import annotations

from gikplint.check.base import Check, section_location
from gikplint.normalize import norm
from gikplint.parse import sections


class SectionOrder(Check):
    variables = ("number", "heading", "detail", "canonical")

    def run(self, report, rule, ctx):
        first_line: dict[int, int] = {}
        highest = 0
        for s in report.sections:
            n = s.number
            written = norm(s.heading)[:1]
            if n in first_line:
                detail = f"重复出现（第 {first_line[n]} 行已有该部分）"
            elif n < highest:
                detail = f"出现在第{sections.spec(highest).numeral}部分之后，顺序不对（应为一至六依次排列）"
            else:
                first_line[n] = s.line
                highest = n
                if written == s.numeral or written not in sections.WRITTEN_NUMERALS:
                    continue
                detail = f"编号写作“{written}、”：按内容是第{s.numeral}部分，应编为“{s.numeral}、”"
            yield self.finding(report, rule, section_location(n, s.line), number=s.numeral, heading=s.heading.strip(),
                               detail=detail, canonical=sections.spec(n).heading)
