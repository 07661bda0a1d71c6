"""GK401 t3-note: table 3's 勾稽 note is missing or altered."""
from __future__ import annotations

from gikplint.check.base import TABLE_NAMES, Check, shown, table_location
from gikplint.model import Edit
from gikplint.normalize import loose


class T3Note(Check):
    variables = ("table", "problem", "note")

    def run(self, report, rule, ctx):
        grid = report.tables.get("t3")
        if grid is None:
            return
        want = grid.template.t3_note
        if grid.note is None:
            yield self.finding(report, rule, table_location("t3", line=grid.line), table=TABLE_NAMES["t3"],
                               problem="缺少左上角的勾稽关系说明", note=want)
        elif loose(grid.note.text) != loose(want):
            f = self.finding(report, rule, table_location("t3", line=grid.note.line), table=TABLE_NAMES["t3"],
                             problem=f"勾稽关系说明被改动（写作“{shown(grid.note.text.strip(), 80)}”）", note=want)
            written = grid.note.text.strip()
            if not grid.flat and grid.note.whole and _alone(written, want):  # the note itself: restore it there
                f.edits = (Edit(grid.note.line, written, want if written[:1] in "（(" else want.strip("（）")),)
            yield f


def _alone(written: str, want: str) -> bool:
    """The written text is the note and nothing more (no sentence around it):
    it opens as the note does and is not longer than the note."""
    w = loose(written)
    return w.startswith(loose("本列数据")) and len(w) <= len(loose(want)) + 2
