"""GK303 t2-row-label: a table-2 row label that differs from the template; rows the template does not have."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location
from gikplint.check.builtin._rows import extra_rows
from gikplint.normalize import norm


class T2RowLabel(Check):
    variables = ("table", "row", "expected", "problem")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t2")
        if grid is None:
            return
        for r in grid.rows:
            info = grid.info[r.key]
            if not info.source_label:
                continue
            s, want = norm(info.source_label), norm(r.label)
            if s == want or (s.startswith(want) and s[len(want):len(want) + 1] in ("(", "（")):
                continue  # equal, or the label with a provincial note in brackets
            yield self.finding(report, rule, table_location("t2", r.key, None, info.source, info.line),
                               table=TABLE_NAMES["t2"], row=f"“{shown(info.source_label)}”行", expected=r.label,
                               problem=f"与模板不符，应为“{r.label}”")
        yield from extra_rows(self, report, rule, "t2", grid.extra,
                              lambda rows: dict(row=rows, expected="", problem="不是模板中的行（多出的行）"))
        for line in grid.empty_rows:
            yield self.finding(report, rule, table_location("t2", line=line), table=TABLE_NAMES["t2"],
                               row="有一行", expected="", problem="是多出的空行（没有标签也没有数字），请删除")
