"""What the table-row checks share: runs of rows with the same problem,
naming them, and reporting rows the template does not have."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, shown, table_location

EXTRA_LIMIT = 5  # beyond this many extra rows, one finding says how many


def runs(rows, key):
    """Consecutive rows sharing key(row) (not None), as lists."""
    out, current, last = [], [], object()
    for row in rows:
        k = key(row)
        if k is None:
            current, last = [], object()
            continue
        if k != last:
            current = []
            out.append(current)
        current.append(row)
        last = k
    return out


def span(rows) -> str:
    if len(rows) == 1:
        return f"“{rows[0].brief}”行"
    return f"“{rows[0].brief}”至“{rows[-1].brief}”共 {len(rows)} 行"


def extra_rows(check, report, rule, table: str, extra, values):
    """Findings for rows the template does not have: one each, or one for
    them all when there are more than EXTRA_LIMIT."""
    if len(extra) > EXTRA_LIMIT:
        first, last = extra[0].line, extra[-1].line
        rows = f"第 {first}–{last} 行间共 {len(extra)} 行（如“{shown(extra[0].label) or '（无标签）'}”）"
        yield check.finding(report, rule, table_location(table, line=first), table=TABLE_NAMES[table], **values(rows))
        return
    for e in extra:
        yield check.finding(report, rule, table_location(table, line=e.line), table=TABLE_NAMES[table],
                            **values(f"“{shown(e.label) or '（无标签）'}”行"))


def count(grid, row: str, col: str):
    """A cell's count, or None when the table is missing, the cell blank or
    text, or its row not read whole (the cross-year rules compare only these)."""
    if grid is None or not grid.row_ok(row):
        return None
    v = grid.get(row, col)
    return v if v is not None and v.kind == "int" else None
