"""GK103 section-heading-variant: a heading worded otherwise than the template's.

A known variant is an info note giving the format's wording; a slip of a
character or two in a known wording ("行政法复议" for "行政复议") is a warning
that names the words as written and the right ones. The wording of 条例
第五十条 itself is never a finding: no one should be asked to change the
law's words."""
from __future__ import annotations

from gikplint.check.base import Check, section_location
from gikplint.model import severity_rank, SEVERITIES
from gikplint.normalize import loose, norm
from gikplint.parse import sections


class SectionHeadingVariant(Check):
    variables = ("number", "heading", "detail", "canonical")

    def run(self, report, rule, ctx):
        for s in report.sections:
            spec = sections.spec(s.number)
            canonical = spec.heading
            wording = norm(s.heading)[2:]
            if loose(wording) == loose(canonical[2:]) or sections.is_law_wording(s.number, wording):
                continue
            slip = sections.typo(s.number, wording)
            detail = f"，其中“{slip[0]}”应为“{slip[1]}”" if slip else ""
            f = self.finding(report, rule, section_location(s.number, s.line), number=s.numeral,
                             heading=s.heading.strip(), canonical=canonical, detail=detail)
            if slip:  # a typo is a level above a variant: warning where the rule is info
                f.severity = SEVERITIES[max(severity_rank(f.severity), severity_rank("warning"))]
            yield f
