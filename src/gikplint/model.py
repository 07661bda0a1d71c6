"""The neutral document every reader produces, and the findings rules produce.

Nothing here knows about file formats: a block knows where it came from (a
line in the derived text, and for .docx the paragraph/table index and an
XPath into word/document.xml) and that is all.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from gikplint.textsafe import clean

SEVERITIES = ("info", "warning", "error")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def severity_rank(sev: str) -> int:
    return SEVERITIES.index(sev)


@dataclass
class Cell:
    text: str
    line: int  # 1-based line in the derived text
    row: int = 0  # 0-based row of the cell's top-left corner in its table
    col: int = 0  # 0-based grid column of the cell's left edge
    where: dict[str, Any] = field(default_factory=dict)  # format coordinates

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Paragraph:
    text: str
    line: int
    where: dict[str, Any] = field(default_factory=dict)
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
    where: dict[str, Any] = field(default_factory=dict)

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


Block = Paragraph | Table


@dataclass
class Document:
    path: str
    kind: str  # "text", "markdown", "docx", "html"
    blocks: list[Block]
    lines: list[str]  # the derived text, for snippets
    meta: dict[str, Any] = field(default_factory=dict)  # published, page_title, encoding…

    def snippet(self, line: int | None) -> str:
        if line and 0 < line <= len(self.lines):
            return self.lines[line - 1]
        return ""


@dataclass
class Finding:
    code: str
    name: str
    severity: str
    message: str
    line: int | None = None
    where: dict[str, Any] = field(default_factory=dict)  # section/table/row/column, docx coords
    fix: str | None = None
    snippet: str | None = None

    def __post_init__(self):  # report text quoted in a finding is shown to people: no control characters
        self.message = clean(self.message)
        if self.snippet:
            self.snippet = clean(self.snippet)
        if self.fix:
            self.fix = clean(self.fix)

    def fingerprint(self) -> str:
        """Stable across unrelated edits: no line numbers and no positions
        (a .docx XPath counts paragraphs), only the logical path and text."""
        parts = [self.code]
        for key in ("section", "table", "row", "column"):
            if key in self.where:
                parts.append(f"{key}={self.where[key]}")
        parts.append(re.sub(r"\s+", "", self.snippet or self.message))
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass
class Skip:
    """A rule that did not run (fully) and says why: never a finding."""

    code: str
    message: str

    def __post_init__(self):
        self.message = clean(self.message)
