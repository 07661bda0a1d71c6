"""The neutral document every reader produces, and the findings rules produce.

Nothing here knows about file formats: a block knows where it came from (a
Location: the line in the derived text, and the format's own coordinates,
for .docx the paragraph/table indexes and an XPath into word/document.xml,
for HTML the element and its source line) and that is all.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from functools import cached_property

from gikplint.textsafe import clean

SEVERITIES = ("info", "warning", "error")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def severity_rank(sev: str) -> int:
    return SEVERITIES.index(sev)


@dataclass(slots=True)
class Location:
    """Where a finding, a block or a cell is. `line` is 1-based in the
    derived text (the file itself for .txt/.md; one line per paragraph and
    per table row for .docx and HTML). The logical address (section, table,
    row, column: the template's own keys) is what baselines and SARIF key on;
    the format's own coordinates are what a person or a tool uses to find it."""

    line: int | None = None
    section: str | None = None  # 一…六, or 标题, 前言, 正文, 全文, 发布
    table: str | None = None  # t2, t3, t4
    row: str | None = None  # template row key
    column: str | None = None  # template column key
    block: str | None = None  # table 2: the 第二十条 item, （一）
    docx_paragraph: int | None = None  # .docx: counting from 1, every paragraph of the body in order
    docx_table: int | None = None
    docx_row: int | None = None
    docx_cell: int | None = None
    xpath: str | None = None  # .docx: into word/document.xml; HTML: the element
    source_line: int | None = None  # HTML: the line of the element in the page's source
    page: int | None = None  # PDF: the page, counting from 1
    rows: tuple[str, ...] | None = None  # a run of rows (GK403, GK404)

    def with_(self, **changes) -> "Location":
        """A copy with some fields changed (a hand-written replace: findings and cells make many)."""
        new = object.__new__(Location)
        for name in _LOCATION_FIELDS:
            object.__setattr__(new, name, changes[name] if name in changes else getattr(self, name))
        return new

    def as_dict(self) -> dict:
        """The JSON form: `line` always, every other field only when set."""
        out: dict = {"line": self.line}
        for name in _LOCATION_FIELDS[1:]:
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if name == "rows" else value
        return out


_LOCATION_FIELDS = tuple(f.name for f in dataclasses.fields(Location))
LOGICAL = ("section", "table", "row", "column")


@dataclass(slots=True)
class Cell:
    text: str
    line: int  # 1-based line in the derived text
    row: int = 0  # 0-based row of the cell's top-left corner in its table
    col: int = 0  # 0-based grid column of the cell's left edge
    source: Location | None = None  # the format's coordinates (docx cell, HTML element)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(slots=True)
class Paragraph:
    text: str
    line: int
    source: Location | None = None
    meta: bool = False  # page chrome (当前位置, 索引号, 发布日期…), not body


@dataclass
class Table:
    """A table as it arrived.

    ``grid`` is the resolved grid: merged cells (gridSpan, vMerge, colspan,
    rowspan) are one Cell object standing in every position they cover.
    ``structured`` is False for tables recovered from one-cell-per-line text,
    where row boundaries are unknown (then ``grid`` is a single row).
    """

    grid: list[list[Cell]]
    line: int
    structured: bool = True
    source: Location | None = None

    def rows(self) -> list[list[Cell]]:
        """Each row's own cells: spans counted once, vertical continuations left out."""
        return self._rows

    @cached_property
    def _rows(self) -> list[list[Cell]]:
        out = []
        for r, row in enumerate(self.grid):
            seen: set[int] = set()
            own = []
            for cell in row:
                if id(cell) in seen or (self.structured and cell.row != r):
                    continue
                seen.add(id(cell))
                own.append(cell)
            out.append(own)
        return out

    def texts(self) -> list[str]:
        return [c.text for row in self.rows() for c in row]

    def end_line(self) -> int:
        return max((c.line for row in self.grid for c in row), default=self.line)


Block = Paragraph | Table


@dataclass(slots=True)
class Suppression:
    """A comment in a .txt/.md/.html report: ``<!-- gikplint: disable=GK304 -->``
    (the next block) or ``disable-file`` (the whole file); no codes: every code."""

    kind: str  # "disable" | "disable-file"
    codes: tuple[str, ...]
    line: int


@dataclass
class Document:
    path: str
    kind: str  # "text", "markdown", "docx", "html"
    blocks: list[Block]
    lines: list[str]  # the derived text, for snippets
    meta: dict = field(default_factory=dict)  # published, page_title, encoding…
    suppressions: list[Suppression] = field(default_factory=list)

    def snippet(self, line: int | None) -> str:
        if line and 0 < line <= len(self.lines):
            return self.lines[line - 1]
        return ""


@dataclass(slots=True)
class Edit:
    """A correction that is certain and mechanical (gikplint fix applies it):
    in the text at `line` — the cell or paragraph `target` where the format
    has its own coordinates — `old` (compared without whitespace) becomes
    `new`. `old` empty: the blank cell `target` is filled with `new`."""

    line: int | None
    old: str
    new: str
    target: Location | None = None


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    location: Location = field(default_factory=Location)
    fix: str | None = None
    snippet: str | None = None
    edits: tuple[Edit, ...] = ()  # what `gikplint fix` may apply; empty: nothing is certain

    def __post_init__(self):  # report text quoted in a finding is shown to people: no control characters
        self.message = clean(self.message)
        if self.snippet:
            self.snippet = clean(self.snippet)
        if self.fix:
            self.fix = clean(self.fix)

    @property
    def line(self) -> int | None:
        return self.location.line

    def fingerprint(self) -> str:
        """Stable across unrelated edits: no line numbers and no positions
        (a .docx XPath counts paragraphs), only the logical path and text."""
        parts = [self.code]
        for key in LOGICAL:
            value = getattr(self.location, key)
            if value is not None:
                parts.append(f"{key}={value}")
        parts.append(re.sub(r"\s+", "", self.snippet or self.message))
        import hashlib  # here, not at import: its OpenSSL costs start-up time every run pays

        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass
class Skip:
    """A rule that did not run (fully) and says why: never a finding."""

    code: str
    message: str
    cause: str | None = None  # "blank": cells left blank (an unfilled template says so once)

    def __post_init__(self):
        self.message = clean(self.message)
