"""GK206 part-count-mismatch: the preamble's "由…N个部分组成" disagrees with six, or with the parts it lists."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.base import Check
from gikplint.model import Location
from gikplint.normalize import norm
from gikplint.parse import sections

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT_CHARS = frozenset("0123456789一二两三四五六七八九十")


def _part_count(s: str) -> tuple[str, int] | None:
    """The number N of the first "N个部分" and where it starts: found by
    looking for 个部分 and reading back over the numerals (a regular
    expression here would restart at every digit of a long run)."""
    at = s.find("个部分")
    while at >= 0:
        start = at
        while start > 0 and s[start - 1] in _COUNT_CHARS and at - start < 4:
            start -= 1
        if start < at:
            return s[start:at], start
        at = s.find("个部分", at + 1)
    return None


@dataclass(eq=False, repr=False)
class PartCountMismatch(Check):
    expected: int = 6
    variables = ("said", "expected", "listed")

    def run(self, report, rule, ctx):
        for p in report.preamble:
            s = norm(p.text)
            found = _part_count(s)
            if not found:
                continue
            number, at = found
            said = int(number) if number.isdigit() else _CN_NUM.get(number, 0)
            start = max(s.rfind("由", 0, at), s.rfind("包括", 0, at))
            listed_text = s[start + 1:at] if start >= 0 else ""
            listed = sum(1 for spec in sections.specs() if any(w in listed_text for w in spec.keywords))
            if said != self.expected or (listed and listed != said):
                yield self.finding(report, rule, Location(p.line, section="前言"),
                                   said=said, expected=self.expected, listed=listed or "未列出")
            return
