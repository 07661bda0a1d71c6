"""What every check shares: the Check base class, the context it runs in,
and how it words and places a finding.

A check is a dataclass whose fields are exactly the YAML keys its rules
accept (validated against their type annotations when a pack loads); its
`variables` name the placeholders its messages may use; `run(report, rule,
ctx)` yields Findings and, where it could not check something, Skips. It
compares facts the Report carries: it never reads the Document, re-runs a
caption pattern or re-corrects a label (parse did that once)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Iterator

from gikplint.model import Finding, Location, Skip
from gikplint.parse import sections
from gikplint.textsafe import shown  # noqa: F401 - checks quote report text through it



@dataclass
class CheckContext:
    """What a run knows beyond the report, passed to every check (as Vale
    passes its config and SQLFluff a RuleContext)."""

    published: dt.date | None = None  # --published: the day the report goes out
    report_kind: str | None = None  # department | government, from --report-kind or configuration
    deadlines: dict[str, str] = field(default_factory=dict)  # the configuration's publication deadlines
    previous: object | None = None  # last year's Report (--previous, --previous-dir), when the run pairs one
    thresholds: dict[str, float] = field(default_factory=dict)  # the configuration's: near-duplicate, year-over-year-jump
    cache: dict = field(default_factory=dict)  # per report: shared by checks that compute the same thing


class Check:
    variables: ClassVar[tuple[str, ...]] = ()

    def run(self, report, rule, ctx: CheckContext) -> Iterator[Finding | Skip]:  # pragma: no cover - interface
        raise NotImplementedError

    @staticmethod
    def finding(report, rule, location: Location, fix: str | None = None, excerpt: str | None = None,
                **values) -> Finding:
        """The rule's finding at `location`. What it shows of the report: `excerpt`
        when given (the words a pattern matched, in their sentence), else the
        row of a table whose cells ran together, else the line — unless the
        line is a whole article that lost its line breaks (then nothing, not
        its first words)."""
        if excerpt is None:
            excerpt = report.snippet(location.line) or None
            grid = report.tables.get(location.table) if location.table else None
            if grid is not None and grid.flat:
                excerpt = grid.row_text(location.row) if location.row else None
            elif excerpt is not None and location.line in report.flattened_lines():
                excerpt = None
        return Finding(rule.code, rule.name, rule.severity, rule.render(**values), location, fix, excerpt)


def excerpt(text: str, start: int, end: int, around: int = 20) -> str:
    """The matched words with a little of the text on either side."""
    a, z = max(0, start - around), min(len(text), end + around)
    return ("…" if a else "") + text[a:z] + ("…" if z < len(text) else "")


def quoted(items, limit: int = 6) -> str:
    items = [f"“{i}”" for i in items]
    if len(items) > limit:
        return "、".join(items[:limit]) + f"等 {len(items)} 项"
    return "、".join(items)


def table_location(table: str, row: str | None = None, column: str | None = None,
                   source: Location | None = None, line: int | None = None, **more) -> Location:
    """The logical address of a cell, row or table (section, table, row and
    column keys) on top of the format's own coordinates, where there are any."""
    return (source or Location()).with_(line=line, section=sections.of_table(table).numeral, table=table,
                                        row=row, column=column, **more)


def section_location(number: int, line: int | None = None) -> Location:
    return Location(line, section=sections.spec(number).numeral)


TABLE_NAMES = {t: sections.table_name(t) for t in sections.TABLES}  # 第三部分表格


def line_unit(table: str) -> str:
    """What an author calls a template row of the table: table 4's three
    "rows" (行政复议, 未经复议直接起诉, 复议后起诉) are column groups side by side, 栏."""
    return "栏" if table == "t4" else "行"


def line_name(table: str, brief: str) -> str:
    """A template row as the author sees it: “规章”行, “行政复议”栏."""
    return f"“{brief}”{line_unit(table)}"
