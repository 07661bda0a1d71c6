"""GK802 near-duplicate: sections 一, 五 and 六 repeat last year's text (雷同).
Runs when the run has last year's report (ctx.previous, paired from
--previous or --previous-dir); without one it finds nothing: whether one
was found is the run's note, not the rule's."""
from __future__ import annotations

import re
from dataclasses import dataclass

from gikplint.check.base import Check, section_location, shown
from gikplint.model import Skip

_NARRATIVE = (1, 5, 6)  # 总体情况, 存在的主要问题及改进情况, 其他需要报告的事项: where copying shows
_SHINGLE = 8  # characters: a run this long shared by both texts is copied, not chance
_MIN_TEXT = 120  # characters of masked text below which a section says too little to compare
_NUMBERS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二三四五六七八九十百千万]+(?=[年月日件条个次项人])")
_SPACE = re.compile(r"\s+")


def masked(text: str, agencies: list[str]) -> str:
    """The text as copying is judged: no spaces, numbers (years, counts) and agency names masked."""
    text = _SPACE.sub("", text)
    for name in sorted({a for a in agencies if a}, key=len, reverse=True):
        text = text.replace(name, "〇")
    return _NUMBERS.sub("#", text)


def copied(this: str, last: str) -> tuple[float, str]:
    """(the share of this text's characters inside runs it shares with last, the longest such run)."""
    if len(this) < _SHINGLE or len(last) < _SHINGLE:
        return 0.0, ""
    seen = {last[i:i + _SHINGLE] for i in range(len(last) - _SHINGLE + 1)}
    covered = bytearray(len(this))
    best, start, run = (0, 0), None, 0
    for i in range(len(this) - _SHINGLE + 1):
        if this[i:i + _SHINGLE] in seen:
            covered[i:i + _SHINGLE] = b"\x01" * _SHINGLE
            start = i if start is None else start
            run = i + _SHINGLE - start
            if run > best[1] - best[0]:
                best = (start, start + run)
        else:
            start = None
    return sum(covered) / len(this), this[best[0]:best[1]]


@dataclass
class NearDuplicate(Check):
    """GK802: sections 一, 五 and 六 repeat last year's text (years, numbers
    and agency names masked) at or above `threshold` (宿迁's criterion: 50 %)."""

    threshold: float = 0.5

    variables = ("overall", "sections", "threshold", "passage", "last_year")

    def run(self, report, rule, ctx):
        previous = ctx.previous
        if previous is None:
            return
        threshold = ctx.thresholds.get("near-duplicate", self.threshold)
        agencies = [report.agency, previous.agency]
        parts, this_all, last_all = [], [], []
        for number in _NARRATIVE:
            now, before = report.section(number), previous.section(number)
            if now is None or before is None:
                continue
            a = masked("".join(p.text for p in now.paragraphs()), agencies)
            b = masked("".join(p.text for p in before.paragraphs()), agencies)
            if len(a) < _MIN_TEXT or len(b) < _MIN_TEXT:
                continue
            share, _ = copied(a, b)
            parts.append((now, share))
            this_all.append(a)
            last_all.append(b)
        if not parts:
            yield Skip(rule.code, "第一、五、六部分的文字太少或缺少，未与上一年度报告比较重复率")
            return
        overall, passage = copied("".join(this_all), "".join(last_all))
        if overall < threshold:
            return
        sections = "，".join(f"第{s.numeral}部分 {share:.0%}" for s, share in parts)
        first = max(parts, key=lambda p: p[1])[0]
        yield self.finding(report, rule, section_location(first.number, first.line),
                           overall=f"{overall:.0%}", sections=sections, threshold=f"{threshold:.0%}",
                           passage=shown(passage, 60), last_year=previous.year or "上一")
