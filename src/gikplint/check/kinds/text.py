"""Checks on the narrative text: title (GK104, GK105), statistics period
(GK201, GK202, GK207), part count (GK206), patterns (GK203, GK204, GK205,
GK605, GK606), required topics (GK602, GK603), stale years (GK604) and
counts the narrative states (GK601)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gikplint.check.kinds import NUMERAL_ZH, TABLE_ZH, Kind, cell_where, compile_pattern
from gikplint.model import Skip
from gikplint.parse.normalize import norm

_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _first_line(report) -> int:
    if report.preamble:
        return report.preamble[0].line
    return next((b.line for b in report.doc.blocks if hasattr(b, "line")), 1)


def _one_of(value, allowed, name):
    if value not in allowed:
        raise ValueError(f"{name} 应为 {'/'.join(allowed)} 之一，而不是 '{value}'")


@dataclass(eq=False, repr=False)
class Title(Kind):
    check: str = "missing"  # missing | wording
    variables = ("title", "problem")

    def __post_init__(self):
        _one_of(self.check, ("missing", "wording"), "check")

    def run(self, report, rule):
        if self.check == "missing":
            if not report.title:
                yield self.finding(report, rule, line=_first_line(report), where={"section": "标题"}, title="", problem="")
            return
        if not report.title:
            return
        s = norm(report.title)
        problems = []
        if not re.search(r"\d{4}年", s):
            problems.append("没有写明年度")
        if not report.agency:
            problems.append("没有写明机关名称")
        if "政府信息公开工作年度报告" not in s:
            problems.append("把“工作年度报告”写成了“工作报告”" if "工作报告" in s else "没有“政府信息公开工作年度报告”字样")
        if problems:
            yield self.finding(report, rule, line=report.title_line, where={"section": "标题"},
                               title=report.title, problem="，".join(problems))


@dataclass(eq=False, repr=False)
class Period(Kind):
    check: str  # missing | calendar-year | year-match
    variables = ("period", "year", "title_year", "period_year")

    def __post_init__(self):
        _one_of(self.check, ("missing", "calendar-year", "year-match"), "check")

    def run(self, report, rule):
        p = report.period
        values = dict(period=p.text if p else "", year=report.year or "", title_year="", period_year="")
        if self.check == "missing":
            if p is None:
                yield self.finding(report, rule, line=_first_line(report), where={"section": "前言"}, **values)
            return
        if p is None or p.start is None or p.end is None:
            return
        if self.check == "calendar-year":
            y = p.start.year
            if p.start != dt.date(y, 1, 1) or p.end != dt.date(y, 12, 31):
                yield self.finding(report, rule, line=p.line, where={"section": "前言"}, **values)
            return
        m = re.search(r"(\d{4})年", norm(report.title or ""))
        if m and int(m[1]) != p.start.year:
            values.update(title_year=m[1], period_year=p.start.year)
            yield self.finding(report, rule, line=p.line, where={"section": "前言"}, **values)


_COUNT_CHARS = frozenset("0123456789一二两三四五六七八九十")


def _part_count(s: str) -> tuple[str, int] | None:
    """The number N of the first "N个部分" and where it starts: found by
    looking for 个部分 and reading back over the numerals (a regular
    expression here would restart at every digit of a long run)."""
    at = s.find("个部分")
    while at >= 0:
        start = at
        while start > 0 and s[start - 1] in _COUNT_CHARS and at - start < 4:
            start -= 1
        if start < at:
            return s[start:at], start
        at = s.find("个部分", at + 1)
    return None


@dataclass(eq=False, repr=False)
class PartCount(Kind):
    """The preamble says the report has N parts ("由…5 个部分组成"): N must be
    `expected`, and so must the number of sections the sentence names."""

    expected: int = 6
    variables = ("said", "expected", "listed")

    def run(self, report, rule):
        from gikplint.parse.lexer import KEYWORDS

        for p in report.preamble:
            s = norm(p.text)
            found = _part_count(s)
            if not found:
                continue
            number, at = found
            said = int(number) if number.isdigit() else _CN_NUM.get(number, 0)
            start = max(s.rfind("由", 0, at), s.rfind("包括", 0, at))
            listed_text = s[start + 1:at] if start >= 0 else ""
            listed = sum(1 for words in KEYWORDS.values() if any(w in listed_text for w in words))
            if said != self.expected or (listed and listed != said):
                yield self.finding(report, rule, line=p.line, where={"section": "前言"},
                                   said=said, expected=self.expected, listed=listed or "未列出")
            return


@dataclass(eq=False, repr=False)
class Pattern(Kind):
    """Text that must (mode: require) or must not (mode: forbid) appear.

    patterns: a list of {regex, say, min_year, max_year}; a pattern applies
    only to reports whose year lies in [min_year, max_year] (and is skipped
    when the year is unknown and either bound is set). scope: preamble,
    narrative (all paragraphs), or everything (paragraphs and table cells)."""

    patterns: list
    mode: str = "forbid"
    scope: str = "narrative"
    variables = ("match", "say")

    def __post_init__(self):
        _one_of(self.mode, ("forbid", "require"), "mode")
        _one_of(self.scope, ("preamble", "narrative", "everything"), "scope")
        self._compiled = []
        for p in self.patterns:
            if not isinstance(p, dict) or "regex" not in p:
                raise ValueError("patterns 的每一项应形如 {regex: …, say: …}")
            unknown = set(p) - {"regex", "say", "min_year", "max_year"}
            if unknown:
                raise ValueError(f"patterns 的项不接受字段 {sorted(unknown)}（可用：regex, say, min_year, max_year）")
            self._compiled.append((compile_pattern(p["regex"]), p))

    def _blocks(self, report):
        cache = report.context.setdefault("_pattern_blocks", {})  # shared by every pattern rule
        if self.scope not in cache:
            cache[self.scope] = self._collect(report)
        return cache[self.scope]

    def _collect(self, report):
        if self.scope == "preamble":
            if not report.preamble:
                return []
            # one block: PDF text wraps a paragraph, and a name, over several lines
            first = report.preamble[0]
            return [("".join(p.text for p in report.preamble), first.line, first.where)]
        out = [(p.text, p.line, p.where) for p in report.paragraphs()]
        out += [(report.doc.snippet(s.line) or s.heading, s.line, {"section": NUMERAL_ZH[s.number - 1]})
                for s in report.sections]
        if report.title_line:
            out.append((report.doc.snippet(report.title_line), report.title_line, {"section": "标题"}))
        if self.scope == "everything":
            from gikplint.model import Table
            from gikplint.parse.tables import is_value_text

            for b in report.doc.blocks:
                if isinstance(b, Table):  # labels and notes; a number is never a placeholder
                    out.extend((c.text, c.line, c.where) for row in b.rows() for c in row
                               if c.text and not is_value_text(c.text))
        return out

    def _applies(self, report, p) -> bool:
        lo, hi = p.get("min_year"), p.get("max_year")
        if lo is None and hi is None:
            return True
        if report.year is None:
            return False
        return (lo is None or report.year >= lo) and (hi is None or report.year <= hi)

    def run(self, report, rule):
        active = [(rx, p) for rx, p in self._compiled if self._applies(report, p)]
        blocks = self._blocks(report)
        for rx, p in active:
            hits = [(text, line, where, m) for text, line, where in blocks for m in [rx.search(text)] if m]
            if self.mode == "require":
                if not hits:
                    yield self.finding(report, rule, line=blocks[0][1] if blocks else _first_line(report),
                                       where={"section": "前言" if self.scope == "preamble" else "全文"},
                                       match="", say=p.get("say", ""))
                continue
            for _, line, where, m in hits:
                yield self.finding(report, rule, line=line, where=dict(where), match=m[0], say=p.get("say", ""))


@dataclass(eq=False, repr=False)
class SectionKeywords(Kind):
    """A section must speak of each topic: `topics` is a list of {name, words};
    a topic is covered when any of its words occurs in the section."""

    section: int
    topics: list
    min_year: int | None = None
    variables = ("number", "heading", "missing")

    def __post_init__(self):
        if self.section not in range(1, 7):
            raise ValueError("section 应为 1 至 6")
        for t in self.topics:
            if not isinstance(t, dict) or set(t) != {"name", "words"}:
                raise ValueError("topics 的每一项应形如 {name: …, words: [...]}")

    def run(self, report, rule):
        if self.min_year is not None and (report.year is None or report.year < self.min_year):
            return
        s = report.section(self.section)
        if s is None:
            return
        text = norm(s.text())
        missing = [t["name"] for t in self.topics if not any(norm(w) in text for w in t["words"])]
        if missing:
            yield self.finding(report, rule, line=s.line, where={"section": NUMERAL_ZH[self.section - 1]},
                               number=NUMERAL_ZH[self.section - 1], heading=s.heading.strip(),
                               missing="、".join(missing))


@dataclass(eq=False, repr=False)
class StaleYear(Kind):
    """Sentences that speak of another year as the one being reported on:
    "2019年全年…", "2019年，我局…" in a 2020 report (copied forward)."""

    variables = ("match", "year", "report_year")

    # at the start of a sentence: "较2019年全年增长" compares, it is not copied forward
    _RE = re.compile(r"(?:^|[。；])(?:[（(]?[一二三四五六七八九十\d]+[)）、.]?)?"
                     r"((\d{4})年(?:全年|度)?[，,]?(?:我|本|全)(?:局|委|办|市|县|区|单位|中心|院|部门|机关|厅|署|站|所|镇|乡|街道)"
                     r"|(\d{4})年全年)")

    def run(self, report, rule):
        if report.year is None:
            return
        for p in report.paragraphs():
            for m in self._RE.finditer(norm(p.text)):
                text, year = m[1], m[2] or m[3]
                if int(year) < report.year:
                    yield self.finding(report, rule, line=p.line, where={"section": "正文"},
                                       match=text, year=year, report_year=report.year)
                    break


def _cell_sum(grid, spec: str):
    """'一/总计 + 二/总计' → the sum, or None when a cell is missing, blank or not a number."""
    total = 0
    for part in spec.split("+"):
        row, col = (x.strip() for x in part.split("/"))
        if not grid.row_ok(row):
            return None
        v = grid.get(row, col)
        if v is None or v.kind not in ("int", "decimal"):
            return None
        total += v.number
    return total


@dataclass(eq=False, repr=False)
class NarrativeCounts(Kind):
    """Counts the narrative states, held against the tables.

    claims: a list of {regex, table, sums, value?, say}: `regex` finds the
    claim (its first group is the number, or `value` gives it, e.g. 0 for
    "未收到…申请"); `sums` lists cell sums ('row/column + row/column') of which
    at least one must equal it."""

    claims: list
    variables = ("said", "number", "table", "cells", "actual")

    def __post_init__(self):
        self._compiled = []
        for c in self.claims:
            missing = {"regex", "table", "sums", "say"} - set(c)
            if missing:
                raise ValueError(f"claims 的项缺少 {sorted(missing)}")
            if c["table"] not in TABLE_ZH:
                raise ValueError(f"claims 的 table 应为 {'/'.join(TABLE_ZH)} 之一")
            self._compiled.append((compile_pattern(c["regex"]), c))

    def run(self, report, rule):
        for rx, c in self._compiled:
            grid = report.tables.get(c["table"])
            if grid is None:
                continue
            for p in report.paragraphs():
                m = rx.search(norm(p.text))
                if not m:
                    continue
                number = int(c["value"]) if "value" in c else int(m[1])
                actual = [_cell_sum(grid, s) for s in c["sums"]]
                if any(a is None for a in actual):
                    yield Skip(rule.code, f"{TABLE_ZH[c['table']]}相关单元格为空或结构异常，未核对正文“{m[0]}”。")
                    break
                if number not in actual:
                    yield self.finding(report, rule, line=p.line, where=cell_where(c["table"]),
                                       said=m[0], number=number, table=TABLE_ZH[c["table"]],
                                       cells=c["say"], actual=actual[0])
                break
