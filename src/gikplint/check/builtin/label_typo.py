"""GK131 label-typo: a template label with a known corruption; the finding carries the corrected label."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location
from gikplint.model import Edit


@dataclass(eq=False, repr=False)
class LabelTypo(Check):
    tables: list[Literal["t2", "t3", "t4"]] = field(default_factory=lambda: ["t2", "t3", "t4"])
    variables = ("table", "label", "fixed", "count")

    def run(self, report, rule, ctx):
        for name in self.tables:
            grid = report.tables.get(name)
            if grid is None:
                continue
            for t in grid.typos:
                f = self.finding(report, rule, table_location(name, line=t.line), fix=t.fixed,
                                 table=TABLE_NAMES[name], label=shown(t.text), fixed=shown(t.fixed), count=t.count)
                if not grid.flat:  # where cells ran together, which words are the label is not certain
                    f.edits = tuple(Edit(line, t.text, t.fixed) for line in dict.fromkeys(t.lines))
                yield f
