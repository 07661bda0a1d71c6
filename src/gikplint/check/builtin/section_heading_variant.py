"""GK103 section-heading-variant: a heading worded otherwise than the template's."""
from __future__ import annotations

from gikplint.check.base import Check, section_location
from gikplint.normalize import loose
from gikplint.parse import sections


class SectionHeadingVariant(Check):
    variables = ("number", "heading", "detail", "canonical")

    def run(self, report, rule, ctx):
        for s in report.sections:
            canonical = sections.spec(s.number).heading
            if loose(s.heading) != loose(canonical):
                yield self.finding(report, rule, section_location(s.number, s.line), number=s.numeral,
                                   heading=s.heading.strip(), canonical=canonical, detail="")
