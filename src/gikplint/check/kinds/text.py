"""Checks on the narrative text: title (GK104), statistics period (GK201, GK202)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gikplint.check.kinds import Kind


def _first_line(report) -> int:
    if report.preamble:
        return report.preamble[0].line
    return next((b.line for b in report.doc.blocks if hasattr(b, "line")), 1)


@dataclass
class Title(Kind):
    check: str = "missing"
    variables = ()

    def __post_init__(self):
        if self.check != "missing":
            raise ValueError(f"check 应为 missing，而不是 '{self.check}'")

    def run(self, report, rule):
        if not report.title:
            yield self.finding(report, rule, line=_first_line(report), where={"section": "标题"})


@dataclass
class Period(Kind):
    check: str  # missing | calendar-year
    variables = ("period", "year")

    def __post_init__(self):
        if self.check not in ("missing", "calendar-year"):
            raise ValueError(f"check 应为 missing 或 calendar-year，而不是 '{self.check}'")

    def run(self, report, rule):
        p = report.period
        if self.check == "missing":
            if p is None:
                yield self.finding(report, rule, line=_first_line(report), where={"section": "前言"},
                                   period="", year=report.year or "")
            return
        if p is None or report.year is None:
            return
        y = report.year
        if p.start != dt.date(y, 1, 1) or p.end != dt.date(y, 12, 31):
            yield self.finding(report, rule, line=p.line, where={"section": "前言"}, period=p.text, year=y)
