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
SHINGLE = 8  # characters: a run this long shared by both texts is copied, not chance
_MIN_TEXT = 120  # characters of masked text below which a section says too little to compare
_NUMBERS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[〇零一二三四五六七八九十百千万]+(?=[年月日件条个次项人])")
_SPACE = re.compile(r"\s+")


def masked(text: str, agencies: list[str]) -> str:
    """The text as copying is judged: no spaces, numbers (years, counts) and agency names masked."""
    text = _SPACE.sub("", text)
    for name in sorted({a for a in agencies if a}, key=len, reverse=True):
        text = text.replace(name, "〇")
    return _NUMBERS.sub("#", text)


def narrative_sections(report) -> list[tuple[object, str]]:
    """(section, its text) of sections 一, 五 and 六 that the report has."""
    out = []
    for number in _NARRATIVE:
        section = report.section(number)
        if section is not None:
            out.append((section, "".join(p.text for p in section.paragraphs())))
    return out


def shingles(text: str) -> set[str]:
    """The runs of SHINGLE characters of a (masked) text."""
    return {text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def shared(mine: set[str], seen: set[str]) -> float:
    """The share of a text's runs of SHINGLE characters (`mine`) that another's (`seen`) also has."""
    return len(mine & seen) / len(mine) if mine else 0.0


def longest(this: str, seen: set[str]) -> str:
    """The longest stretch of this text made of runs that `seen` holds."""
    best, start = (0, 0), None
    for i in range(len(this) - SHINGLE + 1):
        if this[i:i + SHINGLE] in seen:
            start = i if start is None else start
            if i + SHINGLE - start > best[1] - best[0]:
                best = (start, i + SHINGLE)
        else:
            start = None
    return this[best[0]:best[1]]


def copied(this: str, last: str) -> tuple[float, str]:
    """(the share of this text's runs of SHINGLE characters that last also has,
    the longest stretch of this text made of such runs)."""
    seen = shingles(last)
    return shared(shingles(this), seen), longest(this, seen)


@dataclass
class NearDuplicate(Check):
    """GK802: sections 一, 五 and 六 repeat last year's text (years, numbers
    and agency names masked) at or above `threshold` (宿迁's criterion: 50 %)."""

    threshold: float = 0.5

    variables = ("against", "overall", "sections", "threshold", "passage")

    def run(self, report, rule, ctx):
        previous = ctx.previous
        if previous is None:
            return
        threshold = ctx.thresholds.get("near-duplicate", self.threshold)
        agencies = [report.agency, previous.agency]
        parts, this_all, last_all = [], [], []
        before_all = dict((s.number, text) for s, text in narrative_sections(previous))
        for now, text in narrative_sections(report):
            if now.number not in before_all:
                continue
            a, b = masked(text, agencies), masked(before_all[now.number], agencies)
            if len(a) < _MIN_TEXT or len(b) < _MIN_TEXT:
                continue
            parts.append((now, shared(shingles(a), shingles(b))))  # the passage is taken once, over all parts
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
                           against=f" {previous.year or '上一'} 年度报告", overall=f"{overall:.0%}",
                           sections=f"（{sections}）", threshold=f"{threshold:.0%}", passage=shown(passage, 60))
