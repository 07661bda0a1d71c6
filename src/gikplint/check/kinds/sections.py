"""GK101 missing-section, GK102 section-order."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.kinds import NUMERAL_ZH, Kind
from gikplint.parse.lexer import CANONICAL


@dataclass
class Sections(Kind):
    check: str  # missing | order
    variables = ("number", "heading", "detail")

    def __post_init__(self):
        if self.check not in ("missing", "order"):
            raise ValueError(f"check 应为 missing 或 order，而不是 '{self.check}'")

    def run(self, report, rule):
        if self.check == "missing":
            yield from self._missing(report, rule)
        else:
            yield from self._order(report, rule)

    def _missing(self, report, rule):
        present = {s.number for s in report.sections}
        for n in range(1, 7):
            if n in present:
                continue
            yield self.finding(report, rule, where={"section": NUMERAL_ZH[n - 1]},
                               number=NUMERAL_ZH[n - 1], heading=CANONICAL[n], detail="")

    def _order(self, report, rule):
        first_line: dict[int, int] = {}
        highest = 0
        for s in report.sections:
            n = s.number
            if n in first_line:
                detail = f"重复出现（第 {first_line[n]} 行已有该部分）"
            elif n < highest:
                detail = f"出现在第{NUMERAL_ZH[highest - 1]}部分之后，顺序不对（应为一至六依次排列）"
            else:
                first_line[n] = s.line
                highest = n
                continue
            yield self.finding(report, rule, line=s.line, where={"section": NUMERAL_ZH[n - 1]},
                               number=NUMERAL_ZH[n - 1], heading=s.heading.strip(), detail=detail)
