"""GK804 year-over-year-jump: a key count grew or shrank more than fivefold.
Runs when the run has last year's report (ctx.previous, paired from
--previous or --previous-dir); without one it finds nothing: whether one
was found is the run's note, not the rule's."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.base import Check, table_location
from gikplint.check.builtin._rows import count


def _key_counts(report) -> dict[str, tuple[int, object]]:
    """The counts GK804 follows: name → (number, where it is)."""
    out = {}
    t3, t4, t2 = report.tables.get("t3"), report.tables.get("t4"), report.tables.get("t2")
    received = count(t3, "一", "总计")
    if received is not None:
        out["本年新收政府信息公开申请"] = (received.number, _at("t3", "一", "总计", received))
    if t4 is not None and all(t4.row_ok(r.key) for r in t4.rows):
        review = t4.get("行政复议", "总计")
        suits = [t4.get(r, "总计") for r in ("未经复议直接起诉", "复议后起诉")]
        if review is not None and review.kind == "int":
            out["行政复议"] = (review.number, _at("t4", "行政复议", "总计", review))
        if all(v is not None and v.kind == "int" for v in suits):
            out["行政诉讼"] = (suits[0].number + suits[1].number, _at("t4", "未经复议直接起诉", "总计", suits[0]))
    if t2 is not None:
        column = "本年制发件数" if t2.template.version == "2021" else "本年新制作数量"
        rows = ("规章", "行政规范性文件") if t2.template.version == "2021" else ("规章", "规范性文件")
        values = [count(t2, r, column) for r in rows]
        if all(v is not None for v in values):
            out["制发规章和规范性文件"] = (sum(v.number for v in values), _at("t2", rows[0], column, values[0]))
    return out


def _at(table: str, row: str, column: str, value):
    return table_location(table, row=row, column=column, source=value.source, line=value.line)


@dataclass
class YearOverYearJump(Check):
    """GK804: a key count grew or shrank more than `factor`-fold (and the larger is at least `floor`)."""

    factor: float = 5.0
    floor: int = 10

    variables = ("what", "this", "last", "ratio", "last_year", "factor")

    def run(self, report, rule, ctx):
        previous = ctx.previous
        if previous is None:
            return
        factor = ctx.thresholds.get("year-over-year-jump", self.factor)
        before = _key_counts(previous)
        for what, (now, where) in _key_counts(report).items():
            if what not in before:
                continue
            last = before[what][0]
            high, low = max(now, last), min(now, last)
            if high < self.floor or high <= factor * low:
                continue
            ratio = "从无到有" if last == 0 else ("降为零" if now == 0 else f"{high / low:.1f} 倍")
            yield self.finding(report, rule, where, what=what, this=now, last=last, ratio=ratio, last_year=previous.year or "上一",
                               factor=f"{factor:g}")
