"""Where a finding is, in the terms of the document its author has open.

Checks place a finding by the template's logical address and the line of
the derived text. `enrich` adds the format's own coordinates where a check
could not (a row label, a header, table 3's note: parse keeps their lines,
not their cells) and resolves each certain correction (model.Edit) to the
cells or paragraphs that hold its text. `place` says it in Chinese: 第12段
in a .docx, 第三部分表格 第18行 第3列, 第3页 of a PDF, 第34行 of a text file.
"""
from __future__ import annotations

from gikplint.model import Document, Edit, Finding, Location, Paragraph, Table
from gikplint.normalize import squash
from gikplint.parse import sections

_OWN = ("docx_paragraph", "docx_table", "docx_row", "docx_cell", "xpath", "page", "source_line")
TABLE_NAMES = {t: sections.table_name(t) for t in sections.TABLES}  # 第三部分表格


def _index(doc: Document) -> dict[int, list[tuple[Location, str]]]:
    """line → (the format's coordinates, the text) of every paragraph and cell on it."""
    index: dict[int, list[tuple[Location, str]]] = {}
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            if block.source is not None:
                index.setdefault(block.line, []).append((block.source, block.text))
            continue
        rows = block.rows() if block.structured else block.grid
        for row in rows:
            for cell in row:
                if cell.source is not None:
                    index.setdefault(cell.line, []).append((cell.source, cell.text))
    return index


def _has_own(location: Location) -> bool:
    return any(getattr(location, name) is not None for name in _OWN)


def _row_of(source: Location) -> Location:
    """A cell's coordinates narrowed to its row."""
    xpath = source.xpath.rsplit("/w:tc", 1)[0] if source.xpath and "/w:tc" in source.xpath else source.xpath
    return source.with_(docx_cell=None, xpath=xpath)


def enrich(doc: Document | None, findings: list[Finding], report=None) -> None:
    """Give each finding placed only by a line the coordinates of what is on
    that line, and each edit the cells or paragraphs holding its text (an
    edit whose text is on none of them is dropped: it is no longer certain).
    With the `report`, a finding in a Word table that is one of its
    statistics tables is named by it (第三部分表格, not 第2个表格)."""
    if doc is None or not findings:
        return
    index = None
    for f in findings:
        if not f.edits and (f.line is None or _has_own(f.location)):
            continue
        if index is None:
            index = _index(doc)
        if f.edits:
            f.edits = tuple(_targets(f.edits, index, doc.kind, f.location))
        if f.line is None or _has_own(f.location):
            continue
        target = next((e.target for e in f.edits if e.target is not None and e.line == f.line), None)
        here = index.get(f.line, [])
        if target is None and here:
            first = here[0][0]
            target = first if len(here) == 1 or first.docx_cell is None else _row_of(first)
        if target is not None:
            f.location = f.location.with_(**{name: getattr(target, name) for name in _OWN})
    if report is not None and getattr(report, "tables", None):
        named = _statistics_tables(doc, report)
        for f in findings:
            if f.location.docx_table in named and f.location.table is None:
                f.location = f.location.with_(table=named[f.location.docx_table])


def _statistics_tables(doc: Document, report) -> dict[int, str]:
    """docx_table → t2/t3/t4: the Word tables the report's statistics tables were read from."""
    out = {}
    for block in doc.blocks:
        if isinstance(block, Table) and block.source is not None and block.source.docx_table:
            for name, grid in report.tables.items():
                if grid.line is not None and block.line <= grid.line <= block.end_line():
                    out[block.source.docx_table] = name
    return out


def _targets(edits, index, kind: str, where: Location):
    for e in edits:
        if e.target is not None:  # a cell the check named: said as the table it is in
            yield e if e.target.table else Edit(e.line, e.old, e.new, e.target.with_(section=where.section,
                                                                                       table=where.table))
            continue
        old = squash(e.old)
        if kind in ("text", "markdown"):  # a text file is edited by its lines
            yield e
            continue
        for source, text in index.get(e.line, []):
            if old and old in squash(text):
                yield Edit(e.line, e.old, e.new, source.with_(section=where.section, table=where.table))


def _label(table: str | None, key: str | None, which: str) -> str | None:
    if key is None:
        return None
    from gikplint.parse import templates

    if table in ("t2", "t3", "t4"):
        for version in templates.VERSIONS:
            for axis in templates.load(version).axis(table, which):
                if axis.key == key:
                    return axis.brief
    return key  # a key the templates do not name (a group written as one row): as it is


def labels(location: Location) -> tuple[str | None, str | None]:
    """The row's and the column's names as the template prints them (short forms for long rows)."""
    return _label(location.table, location.row, "rows"), _label(location.table, location.column, "columns")


def place(location: Location, with_labels: bool = False) -> str:
    """Where a finding is, as a person finds it in the document: 第12段;
    第三部分表格 第18行 第3列; 第3页; 第34行 of a text file; 网页源代码第120行.
    with_labels: also the table and the template's row and column
    (第三部分表格 “（一）予以公开”行“自然人”列). Empty when nothing places it."""
    loc = location
    parts: list[str] = []
    table = TABLE_NAMES.get(loc.table or "")
    if loc.page:
        parts.append(f"第{loc.page}页")
    if loc.docx_table:
        parts.append((table or f"第{loc.docx_table}个表格") + (f" 第{loc.docx_row}行" if loc.docx_row else "")
                     + (f" 第{loc.docx_cell}列" if loc.docx_cell else ""))
    elif loc.docx_paragraph:
        parts.append(f"第{loc.docx_paragraph}段")
    elif loc.source_line:
        parts.append(f"网页源代码第{loc.source_line}行")
    elif loc.line and not loc.page:
        parts.append(f"第{loc.line}行")
    if table and not loc.docx_table and (with_labels or loc.page):
        parts.append(table)
    if with_labels:
        row, column = labels(loc)
        named = (f"“{row}”{'栏' if loc.table == 't4' else '行'}" if row else "") + (f"“{column}”列" if column else "")
        if named:
            parts.append(named)
    if not parts and loc.section:
        section = str(loc.section)
        parts.append(f"第{section}部分" if len(section) == 1 and section in "一二三四五六" else section)
    return " ".join(parts)
