"""GK301 t2-block-missing: a 第二十条 block of the format missing from table 2, or one the format does not have."""
from __future__ import annotations

from gikplint.check.base import Check, shown, table_location


class T2BlockMissing(Check):
    variables = ("block", "problem", "version")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t2")
        if grid is None:
            return
        tpl = grid.template
        seen = set(grid.blocks_seen) | {r.block for r in grid.rows if grid.info[r.key].status != "absent"}
        for b in tpl.t2_blocks:
            if b.key not in seen:
                yield self.finding(report, rule, table_location("t2", line=grid.line), block=b.caption,
                                   problem=f"缺少（{tpl.notice}格式有此项：{'、'.join(r.label for r in b.rows)}）",
                                   version=tpl.version)
        for h in grid.unknown_blocks:
            yield self.finding(report, rule, table_location("t2", line=h.line), block=shown(h.text),
                               problem=f"不属于{tpl.notice}格式（该格式的第二部分表格没有这一项）", version=tpl.version)
