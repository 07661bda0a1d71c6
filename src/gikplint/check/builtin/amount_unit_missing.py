"""GK304 amount-unit-missing: a money amount without a unit where the template prints none (2019 采购总金额), or in 元 under a 万元 header (2021 本年收费金额)."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location


class AmountUnitMissing(Check):
    variables = ("table", "row", "column", "value", "unit")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t2")
        if grid is None:
            return
        for row, col, v, header_unit in grid.amounts():
            if v.number == 0:
                continue
            if header_unit is None and v.unit is None:
                unit = "没有写单位（模板表头未印单位），请写明“元”或“万元”"
            elif header_unit == "万元" and v.unit == "元":
                unit = "以“元”填写，而表头单位是“万元”，请换算为万元"
            else:
                continue
            yield self.finding(report, rule, table_location("t2", row.key, col.key, v.source, v.line),
                               table=TABLE_NAMES["t2"], row=row.brief, column=col.brief, value=shown(v.raw), unit=unit)
