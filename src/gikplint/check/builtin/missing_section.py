"""GK101 missing-section: one of the six mandated sections is absent."""
from __future__ import annotations

from gikplint.check.base import Check, section_location
from gikplint.parse import sections


class MissingSection(Check):
    variables = ("number", "heading", "detail", "canonical")

    def run(self, report, rule, ctx):
        present = {s.number for s in report.sections}
        for spec in sections.specs():
            if spec.number not in present:
                yield self.finding(report, rule, section_location(spec.number), number=spec.numeral,
                                   heading=spec.heading, detail="", canonical=spec.heading)
