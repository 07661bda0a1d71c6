"""pattern: text that must (mode: require) or must not (mode: forbid)
appear, in the preamble, the narrative, or everywhere including table
labels (GK203, GK204, GK205, GK605, GK606)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gikplint.check.base import Check, excerpt, shown
from gikplint.check.kinds import compile_pattern
from gikplint.model import Location


@dataclass
class PatternSpec:
    regex: str
    say: str = ""  # what the message says about a match
    min_year: int | None = None  # the pattern applies only to reports of these years
    max_year: int | None = None  # (and not when the year is unknown and a bound is set)


@dataclass(eq=False, repr=False)
class Pattern(Check):
    patterns: list[PatternSpec]
    mode: Literal["forbid", "require"] = "forbid"
    scope: Literal["preamble", "narrative", "everything"] = "narrative"
    variables = ("match", "say")

    def __post_init__(self):
        self._compiled = [(compile_pattern(p.regex), p) for p in self.patterns]

    @staticmethod
    def _applies(report, p: PatternSpec) -> bool:
        if p.min_year is None and p.max_year is None:
            return True
        if report.year is None:
            return False
        return (p.min_year is None or report.year >= p.min_year) and (p.max_year is None or report.year <= p.max_year)

    def run(self, report, rule, ctx):
        texts = report.texts(self.scope)
        for rx, p in self._compiled:
            if not self._applies(report, p):
                continue
            hits = [(t, m) for t in texts for m in [rx.search(t.text)] if m]
            if self.mode == "require":
                if not hits:
                    line = texts[0].location.line if texts else report.first_line
                    yield self.finding(report, rule, Location(line, section="前言" if self.scope == "preamble" else "全文"),
                                       match="", say=p.say)
                continue
            for t, m in hits:
                yield self.finding(report, rule, t.location, excerpt=excerpt(t.text, m.start(), m.end()),
                                   match=shown(m[0]), say=p.say)
