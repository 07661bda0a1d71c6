"""GK107 table-missing: section 二, 三 or 四 has no recognisable statistics table
(not where a PDF has a picture on the section's pages: the table may be that
picture, and the report's note says it could not be read)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check
from gikplint.model import Location
from gikplint.parse import sections


@dataclass(eq=False, repr=False)
class TableMissing(Check):
    tables: list[Literal["t2", "t3", "t4"]] = field(default_factory=lambda: ["t2", "t3", "t4"])
    variables = ("table", "number", "heading")

    def run(self, report, rule, ctx):
        for name in self.tables:
            if name in report.tables or name in getattr(report, "pictured", ()):
                continue  # found, or maybe a picture of it (the report's note says so)
            spec = sections.of_table(name)
            s = report.section(spec.number)
            yield self.finding(report, rule, Location(s.line if s else None, section=spec.numeral),
                               table=TABLE_NAMES[name], number=spec.numeral,
                               heading=s.heading.strip() if s else "（该部分也缺失）")
