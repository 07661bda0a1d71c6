"""GK106 section-empty: a section with no content; the `thin` ones also with only one sentence or 无."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from gikplint.check.base import Check, section_location
from gikplint.normalize import norm
from gikplint.parse import sections

_SENTENCE_RE = re.compile(r"[。！？!?；;]")


@dataclass(eq=False, repr=False)
class SectionEmpty(Check):
    thin: list[int] = field(default_factory=list)  # sections that also need more than one sentence
    variables = ("number", "heading", "detail", "canonical")

    def run(self, report, rule, ctx):
        for s in report.sections:
            if s.has_table:
                continue
            text = "".join(p.text for p in s.paragraphs())
            if not text.strip():
                detail = "没有任何内容"
            elif s.number in self.thin and (
                    norm(text).rstrip("。.") in ("无", "没有", "暂无") or len(_SENTENCE_RE.findall(text.rstrip("。"))) == 0):
                detail = f"只有一句话（“{text[:30]}”）"
            else:
                continue
            yield self.finding(report, rule, section_location(s.number, s.line), number=s.numeral,
                               heading=s.heading.strip(), canonical=sections.spec(s.number).heading, detail=detail)
