"""GK305 amount-implausible: more decimals than a money amount has (分 is the
2nd decimal of 元, the 6th of 万元), or a magnitude in 万元 that suggests 元."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location
from gikplint.normalize import norm


@dataclass(eq=False, repr=False)
class AmountImplausible(Check):
    max_decimals: int = 2  # in 元, or where no unit is given
    max_decimals_wan: int = 6  # in 万元
    max_wan: int = 1_000_000  # this many 万元 or more: 元 entered as 万元
    variables = ("table", "row", "column", "value", "problem")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t2")
        if grid is None:
            return
        for row, col, v, header_unit in grid.amounts():
            decimals = len(norm(v.raw).split(".")[1].rstrip("万元")) if "." in v.raw else 0
            wan = (v.unit or header_unit) == "万元"
            if decimals > (self.max_decimals_wan if wan else self.max_decimals):
                problem = (f"有 {decimals} 位小数，以万元计金额最多精确到分（六位小数）" if wan
                           else f"有 {decimals} 位小数，金额最多精确到分（元两位小数）")
            elif wan and v.number >= self.max_wan:
                problem = f"按万元计超过 {self.max_wan // 10000} 亿元，疑似把“元”当作“万元”填写"
            else:
                continue
            yield self.finding(report, rule, table_location("t2", row.key, col.key, v.source, v.line),
                               table=TABLE_NAMES["t2"], row=row.brief, column=col.brief, value=shown(v.raw), problem=problem)
