"""section-keywords: a section must speak of each topic; a topic is covered
when any of its words occurs in the section (GK602, GK603)."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.base import Check, section_location
from gikplint.normalize import norm


@dataclass
class Topic:
    name: str
    words: list[str]


@dataclass(eq=False, repr=False)
class SectionKeywords(Check):
    section: int
    topics: list[Topic]
    min_year: int | None = None  # only reports of this year or later
    variables = ("number", "heading", "missing")

    def __post_init__(self):
        if self.section not in range(1, 7):
            raise ValueError("section 应为 1 至 6")

    def run(self, report, rule, ctx):
        if self.min_year is not None and (report.year is None or report.year < self.min_year):
            return
        s = report.section(self.section)
        if s is None:
            return
        text = norm(s.text())
        missing = [t.name for t in self.topics if not any(norm(w) in text for w in t.words)]
        if missing:
            yield self.finding(report, rule, section_location(self.section, s.line), number=s.numeral,
                               heading=s.heading.strip(), missing="、".join(missing))
