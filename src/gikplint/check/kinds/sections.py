"""The six sections: missing (GK101), order (GK102), heading wording
(GK103), empty or thin (GK106)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gikplint.check.kinds import NUMERAL_ZH, Kind
from gikplint.model import Table
from gikplint.parse.lexer import CANONICAL
from gikplint.parse.normalize import norm

_CHECKS = ("missing", "order", "variant", "empty")
_LOOSE_RE = re.compile(r"[、，,。.．:：（）()\s]")
_SENTENCE_RE = re.compile(r"[。！？!?；;]")


def _loose(text: str) -> str:
    return _LOOSE_RE.sub("", norm(text))


@dataclass(eq=False, repr=False)
class Sections(Kind):
    check: str  # missing | order | variant | empty
    thin: list = field(default_factory=list)  # empty: sections that also need more than one sentence
    variables = ("number", "heading", "detail", "canonical")

    def __post_init__(self):
        if self.check not in _CHECKS:
            raise ValueError(f"check 应为 {'/'.join(_CHECKS)} 之一，而不是 '{self.check}'")

    def run(self, report, rule):
        yield from getattr(self, "_" + self.check)(report, rule)

    def _variant(self, report, rule):
        for s in report.sections:
            canonical = CANONICAL[s.number]
            if _loose(s.heading) != _loose(canonical):
                yield self.finding(report, rule, line=s.line, where={"section": NUMERAL_ZH[s.number - 1]},
                                   number=NUMERAL_ZH[s.number - 1], heading=s.heading.strip(),
                                   canonical=canonical, detail="")

    def _empty(self, report, rule):
        for s in report.sections:
            has_table = any(isinstance(b, Table) for b in s.blocks)
            if has_table:
                continue
            text = "".join(p.text for p in s.paragraphs())
            if not text.strip():
                detail = "没有任何内容"
            elif s.number in self.thin and (
                    norm(text).rstrip("。.") in ("无", "没有", "暂无") or len(_SENTENCE_RE.findall(text.rstrip("。")) ) == 0):
                detail = f"只有一句话（“{text[:30]}”）"
            else:
                continue
            yield self.finding(report, rule, line=s.line, where={"section": NUMERAL_ZH[s.number - 1]},
                               number=NUMERAL_ZH[s.number - 1], heading=s.heading.strip(),
                               canonical=CANONICAL[s.number], detail=detail)

    def _missing(self, report, rule):
        present = {s.number for s in report.sections}
        for n in range(1, 7):
            if n in present:
                continue
            yield self.finding(report, rule, where={"section": NUMERAL_ZH[n - 1]},
                               number=NUMERAL_ZH[n - 1], heading=CANONICAL[n], detail="", canonical=CANONICAL[n])

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
                               number=NUMERAL_ZH[n - 1], heading=s.heading.strip(), detail=detail,
                               canonical=CANONICAL[n])
