"""GK206 part-count-mismatch: the preamble's "由…N个部分组成" disagrees with six, or with the parts it lists."""
from __future__ import annotations

import re
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


_PRIORITY = (4, 5, 2, 3, 1, 6)  # a part naming 申请 and 复议 is the 复议 part; 其他 last
_JOINERS = re.compile("以及|和|及")


def _section_of(text: str) -> int | None:
    return next((n for n in _PRIORITY if any(k in text for k in sections.spec(n).keywords)), None)


def _listed(text: str) -> int:
    """How many parts a list names: its items are set off by 、 or ，, an item
    joined to the next by 和/及 is two where the two name different parts
    ("…改进情况和其他需要报告的事项"), and pieces of one part's name set off
    anyway ("行政复议、行政诉讼情况") are one item. An item that names no known
    part (政府信息公开情况统计表) still counts; a short piece before a part's
    name is part of it ("收到和处理…申请情况")."""
    parts: list[int | str] = []
    for item in re.split("[、，,；;]", text):
        if not item.strip():
            continue
        named: list[int | str] = []
        for piece in _JOINERS.split(item):
            n = _section_of(piece)
            if n is None and (not named or len(piece) < 5):
                continue  # the start of a part's name, or a word joined to the part before
            named.append(n if n is not None else piece)
        for n in named or [item]:
            if not parts or parts[-1] != n or isinstance(n, str):
                parts.append(n)
    return len(parts)


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
            listed = _listed(listed_text)
            if said != self.expected or (listed and listed != said):
                yield self.finding(report, rule, Location(p.line, section="前言"),
                                   said=said, expected=self.expected, listed=listed or "未列出")
            return
