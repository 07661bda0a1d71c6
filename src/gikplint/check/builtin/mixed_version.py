"""GK702 mixed-version: the tables mix signals of both formats, or table 3
writes a group as one row the other format's way (a 2021 table with the
2019 single row （六）其他处理)."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location
from gikplint.check.builtin.template_version_mismatch import VARIABLES, grid_line
from gikplint.model import Location
from gikplint.parse import templates


class MixedVersion(Check):
    variables = VARIABLES

    def run(self, report, rule, ctx):
        if len(report.signals) > 1:
            signals = "；".join(f"{v}年格式：" + "、".join(found) for v, found in sorted(report.signals.items()))
            yield self.finding(report, rule, Location(grid_line(report), section="二"), year=report.year or "",
                               found="", expected="", found_notice="", expected_notice="", signals=signals)
        grid = report.tables.get("t3")
        for group in (grid.collapsed.values() if grid is not None else ()):
            other = next(templates.load(v).notice for v in templates.VERSIONS if v != grid.template.version)
            rows = "、".join(f"“{r.label}”" for r in group.rows)
            signals = (f"{TABLE_NAMES['t3']}把“{shown(group.written)}”填作一行（{other}格式的写法），"
                       f"{grid.template.notice}格式分为 {len(group.rows)} 行：{rows}；各项办理结果之和按这一行核对")
            yield self.finding(report, rule, table_location("t3", group.axis.key, None, group.source, group.line),
                               year=report.year or "", found="", expected="", found_notice="", expected_notice="",
                               signals=signals)
