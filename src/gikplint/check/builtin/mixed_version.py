"""GK702 mixed-version: the tables mix signals of both formats."""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.check.builtin.template_version_mismatch import VARIABLES, grid_line
from gikplint.model import Location


class MixedVersion(Check):
    variables = VARIABLES

    def run(self, report, rule, ctx):
        if len(report.signals) > 1:
            signals = "；".join(f"{v}年格式：" + "、".join(found) for v, found in sorted(report.signals.items()))
            yield self.finding(report, rule, Location(grid_line(report), section="二"), year=report.year or "",
                               found="", expected="", found_notice="", expected_notice="", signals=signals)
