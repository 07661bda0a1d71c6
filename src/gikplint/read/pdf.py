"""PDF with a text layer, read with pypdfium2 (PDFium: Apache-2.0 / BSD-3).

PDFium gives each character and its box, and the page's vector paths. A
table is rebuilt from its ruling lines as a person sees it: the cells are the
smallest rectangles the lines enclose (intersections joined by lines, as
pdfplumber does it), a cell's characters are read line by line and joined
(so a label or header wrapped inside its cell, "商业⏎企业", is one text), and
the grid keeps merged cells spanning the positions they cover. A table-3
row's seven values are one row however the page wrapped its label. Text
outside the tables becomes one line per visual line, top to bottom, tables
in their place; page numbers ("- 3 -", "— 3 —") are page chrome, also when
they fall between the two halves of a table that spans a page break.

A PDF without a text layer (a scan) or one that needs a password is a
ReadError that says so and what to do. Pages, characters and ruling lines
are counted against limits before they are worked on, and PDFium itself
runs in a child process with a memory ceiling and the file's time budget.
"""
from __future__ import annotations

import bisect
import re

from gikplint.model import Cell, Document, Location, Paragraph, Table
from gikplint.read import MAX_BLOCKS, MAX_CELLS, ReadError, too_large
from gikplint.read.common import harvest_meta, is_chrome

MAX_PAGES = 300  # a report has a few dozen at most
MAX_CHARS = 200_000  # on one page
MAX_PATHS = 20_000  # vector paths on one page looked at for ruling lines
TOL = 3.0  # points: how far apart two ruling lines may be and still meet


def read_pdf(path: str, data: bytes) -> Document:
    """The PDF as a Document, read in a child process (see read.isolated):
    PDFium is native code, beyond the reach of the time budget."""
    from gikplint.read import isolated

    return isolated.run(_read_pdf, path, data, what="PDF ")


def _read_pdf(path: str, data: bytes) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ReadError("PDF 已加密（需要密码才能打开）：请向发布单位索取未加密的文件，或检查报告的 Word/网页版本。") from None
        raise ReadError("文件不是有效的 PDF 或已损坏：请重新下载，或检查报告的 Word/网页版本。") from None
    try:
        return _read(path, pdf)
    finally:
        pdf.close()


def _read(path: str, pdf) -> Document:
    import pypdfium2.raw as raw

    pages = len(pdf)
    if pages > MAX_PAGES:
        raise too_large("PDF 页数", pages, MAX_PAGES)
    lines: list[str] = []
    blocks: list = []
    meta: dict = {}
    cells_seen = [0]
    chars_seen = 0
    image_pages = []
    open_table = None  # the table that ended the last page: the next may continue it
    for number in range(1, pages + 1):
        page = pdf[number - 1]
        try:
            width, height = page.get_size()
            chars = _chars(page, height, raw)
            chars_seen += len(chars)
            paths, images = _objects(page, raw)
            if any(x1 - x0 > width / 4 and y1 - y0 > height / 8 for x0, y0, x1, y1 in images):
                image_pages.append(number)
            try:
                tables, rest = _tables(chars, paths, height)
            except ReadError:  # ruling lines past the caps: the page's text is still read, line by line
                tables, rest = [], chars
                meta.setdefault("notes", []).append(
                    f"PDF 第{number}页的表格线异常繁多（超过上限），这一页没有按表格读取，其中的表格未检查。")
            items = sorted([(t[0][0][1], "table", t) for t in tables]
                           + [(ln[0][2], "line", ln) for ln in _lines(rest)], key=lambda x: x[0])
            continuing = open_table
            ends = (items[0][0], items[-1][0]) if items else ()
            for top, kind, item in items:
                if kind == "line":
                    text = _join_line(item)
                    lines.append(text)
                    chrome = is_chrome(text) or (top in ends and _page_number(text, number))
                    if chrome:
                        harvest_meta(text, meta)
                    elif text.strip():
                        continuing = open_table = None
                    blocks.append(Paragraph(text.strip(), len(lines), Location(page=number), meta=chrome))
                else:
                    table = _table(item, number, lines, cells_seen)
                    if continuing is not None and len(continuing.grid[0]) == len(table.grid[0]):
                        _continue(continuing, table)
                    else:
                        blocks.append(table)
                        continuing = table
                    open_table = continuing
                if len(lines) > MAX_BLOCKS:
                    raise too_large("行", len(lines), MAX_BLOCKS)
        finally:
            page.close()
    if image_pages:
        meta["image_pages"] = image_pages
    if not chars_seen:
        if image_pages:
            raise ReadError("这份 PDF 没有文字层（是扫描件或图片）：gikplint 只能检查文字。请检查报告的 Word/WPS 原件，"
                            "或先用文字识别（OCR）转成文字再检查。")
        raise ReadError("PDF 中没有任何文字：请确认保存的是完整的年度报告。")
    blocks = [b for b in blocks if not isinstance(b, Paragraph) or b.text]
    if not blocks:
        raise ReadError("PDF 中没有任何文字：请确认保存的是完整的年度报告。")
    return Document(path, "pdf", blocks, lines, meta)


def _chars(page, height: float, raw) -> list[tuple[str, float, float, float, float, bool]]:
    """(character, left, top, right, bottom, the space before it) in top-down page
    coordinates: the loose box, the font's advance and its ascent and descent
    (a quotation mark's box is as tall as the ideograph's beside it). The characters PDFium only inferred are left out, but where
    it inferred a space the next character says so: PDFium knows the font's
    advances, a reader of ink boxes does not ("1 1" for 11 in justified text)."""
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        if n > MAX_CHARS:
            raise too_large("一页中的字符", n, MAX_CHARS)
        box = raw.FS_RECTF()
        out = []
        space = 0
        for i in range(n):
            code = raw.FPDFText_GetUnicode(tp.raw, i)
            if raw.FPDFText_IsGenerated(tp.raw, i) == 1:
                if code == 0x20:
                    space = max(space, _INFERRED)
                continue
            if code in (0, 0xFFFE, 0xFFFF) or code < 0x20:
                continue
            if code == 0x20 or code == 0x3000:
                space = _WRITTEN
                continue
            raw.FPDFText_GetLooseCharBox(tp.raw, i, box)
            out.append((chr(code), box.left, height - box.top, box.right, height - box.bottom, space))
            space = 0
        return out
    finally:
        tp.close()


def _objects(page, raw) -> tuple[list, list]:
    """The bounds (left, bottom, right, top) of the page's vector paths and of its images."""
    paths, images = [], []
    for obj in page.get_objects():
        if obj.type == raw.FPDF_PAGEOBJ_PATH:
            if len(paths) < MAX_PATHS:
                paths.append(obj.get_bounds())
        elif obj.type == raw.FPDF_PAGEOBJ_IMAGE and len(images) < MAX_PATHS:
            images.append(obj.get_bounds())
    return paths, images


def _page_number(text: str, page: int) -> bool:
    """A bare page number ("3", Word's default) as the first or last line of
    its page: about the page's own number (a cover may go unnumbered), never
    a 0 — a table cell's "0" at the foot of a page is not one."""
    s = text.strip()
    return s.isdigit() and len(s) <= 3 and int(s) > 0 and abs(int(s) - page) <= 2


# --- tables from ruling lines -----------------------------------------------
#
# Ruling lines are snapped: positions within TOL of each other are one line,
# so a crossing, a corner or a cell edge is an exact pair of numbers and the
# lattice is looked up, never searched.

MAX_CROSSINGS = 20_000  # horizontal × vertical lines on one page; a report's largest table has a few hundred
MAX_STEPS = 100_000  # steps spent looking for the cells of one page; a page of report tables takes a few thousand


def _rulings(paths, height: float):
    """Horizontal lines {y: [[x0, x1], …]} and vertical lines {x: [[y0, y1], …]},
    top-down: thin paths are lines; a rectangle gives its four edges."""
    h, v = [], []
    for x0, y0, x1, y1 in paths:
        w, hh = x1 - x0, y1 - y0
        top, bottom = height - y1, height - y0
        if hh <= 2.5 and w > TOL:
            h.append(((top + bottom) / 2, x0, x1))
        elif w <= 2.5 and hh > TOL:
            v.append(((x0 + x1) / 2, top, bottom))
        elif w > TOL and hh > TOL:
            h += [(top, x0, x1), (bottom, x0, x1)]
            v += [(x0, top, bottom), (x1, top, bottom)]
    return _snap(h), _snap(v)


class _Line(list):
    """One ruling line's segments, merged, in order: disjoint, with gaps wider than TOL."""

    starts: list[float] = []

    def covers(self, a: float, b: float) -> bool:
        """Whether one segment runs from a to b (within TOL): looked up, not scanned."""
        k = bisect.bisect_right(self.starts, a + TOL) - 1
        return k >= 0 and self[k][1] + TOL >= b


def _snap(segments) -> dict[float, "_Line"]:
    """Segments by line, each line's touching or overlapping segments merged."""
    lines: dict[float, list[list[float]]] = {}
    anchor = None
    for pos, a, b in sorted(segments):
        if anchor is None or pos - anchor > TOL:
            anchor = pos
        lines.setdefault(anchor, []).append([a, b])
    for pos, segs in lines.items():
        segs.sort()
        merged = _Line([segs[0]])
        for a, b in segs[1:]:
            if a <= merged[-1][1] + TOL:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        merged.starts = [s[0] for s in merged]
        lines[pos] = merged
    return lines


def _cells(h, v) -> list[tuple[float, float, float, float]]:
    """The smallest rectangles the ruling lines enclose: (left, top, right, bottom),
    found as pdfplumber finds them: from each crossing, the nearest crossing
    below-right that lines join to it on all four sides."""
    if len(h) * len(v) > MAX_CROSSINGS:
        raise too_large("一页中的表格线交叉", len(h) * len(v), MAX_CROSSINGS)
    points = {(x, y) for y, hs in h.items() for x, vs in v.items() if hs.covers(x, x) and vs.covers(y, y)}
    rows: dict[float, list[float]] = {}
    cols: dict[float, list[float]] = {}
    for x, y in sorted(points):
        rows.setdefault(y, []).append(x)
        cols.setdefault(x, []).append(y)
    cells, steps = [], 0
    for x, y in sorted(points, key=lambda p: (p[1], p[0])):
        row, col = rows[y], cols[x]
        found = None
        for by in col[bisect.bisect_right(col, y):]:
            if not v[x].covers(y, by):
                break
            for rx in row[bisect.bisect_right(row, x):]:
                steps += 1
                if not h[y].covers(x, rx):
                    break
                if (rx, by) in points and h[by].covers(x, rx) and v[rx].covers(y, by):
                    found = (x, y, rx, by)
                    break
            if found or steps > MAX_STEPS:
                break
        if steps > MAX_STEPS:
            raise too_large("一页中的表格线组合", steps, MAX_STEPS)
        if found:
            cells.append(found)
    return cells


def _tables(chars, paths, height: float):
    """([(cells with their characters)] per table, the characters outside every table)."""
    h, v = _rulings(paths, height)
    cells = _cells(h, v)
    if not cells:
        return [], chars
    xs, ys = sorted(v), sorted(h)
    box: dict[tuple[int, int], int] = {}  # each elementary box of the lattice → the cell covering it
    for k, (x0, y0, x1, y1) in enumerate(cells):
        for i in range(bisect.bisect_left(xs, x0), bisect.bisect_left(xs, x1)):
            for j in range(bisect.bisect_left(ys, y0), bisect.bisect_left(ys, y1)):
                box[i, j] = k
    inside: list[list] = [[] for _ in cells]
    rest = []
    for ch in chars:
        cx, cy = (ch[1] + ch[3]) / 2, (ch[2] + ch[4]) / 2
        k = box.get((bisect.bisect_right(xs, cx) - 1, bisect.bisect_right(ys, cy) - 1))
        if k is None:
            rest.append(ch)
        else:
            inside[k].append(ch)
    tables = []
    for group in _touching(cells):
        members = [(cells[i], inside[i]) for i in group]
        if len({c[0] for c, _ in members} | {c[2] for c, _ in members}) <= 2:
            rest.extend(ch for _, chs in members for ch in chs)  # one column: a box drawn around text
            continue
        tables.append(sorted(members, key=lambda m: (m[0][1], m[0][0])))
    return tables, rest


def _touching(cells) -> list[list[int]]:
    """Cells grouped into tables: those that share a corner."""
    parent = list(range(len(cells)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, y0, x1, y1) in enumerate(cells):
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(cells)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(cells[i][1] for i in g))


def _table(members, page: int, lines: list[str], cells_seen: list[int]) -> Table:
    """One table as a grid: merged cells stand in every position they cover."""
    xs = sorted({c[0] for c, _ in members} | {c[2] for c, _ in members})
    ys = sorted({c[1] for c, _ in members} | {c[3] for c, _ in members})
    col_of, row_of = {x: i for i, x in enumerate(xs)}, {y: i for i, y in enumerate(ys)}
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    cells_seen[0] += n_rows * n_cols
    if cells_seen[0] > MAX_CELLS:
        raise too_large("表格单元格", cells_seen[0], MAX_CELLS)
    first = len(lines) + 1
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for (x0, y0, x1, y1), chs in members:
        c0, c1, r0, r1 = col_of[x0], col_of[x1], row_of[y0], row_of[y1]
        cell = Cell(_join_lines(_lines(chs)), first + r0, r0, c0, Location(page=page))
        for r in range(r0, r1):
            for c in range(c0, c1):
                grid[r][c] = cell
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                row[c] = Cell("", first + r, r, c, Location(page=page))
    table = Table(grid, first, True, Location(page=page))
    for r, own in enumerate(table.rows()):
        lines.append("\t" + "\t".join(c.text.replace("\n", " ") for c in own if c.row == r))
    return table


_ENUMERATED = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}\s*[、.．])")


def _continue(table: Table, more: Table) -> None:
    """`more`, the top of the next page, is the rest of `table`: its rows are
    appended. A label cell that the page break cut in two ("（四）无" at the
    foot of one page, "法提供" at the top of the next) is one cell again: a
    cell of the first row continues the one above it when both are labels
    with another label to their right (a group column) and it does not start
    a new item with its own numeral; a blank cell there is the lower part of
    a merged label cell ("三、本年度办理结果"), the same cell again."""
    last, first = table.grid[-1], more.grid[0]
    offset = len(table.grid)
    for c, cell in enumerate(first):
        above = last[c]
        if cell is above or not above.text or _is_number(above.text) or not _label_right_of(first, c):
            continue
        if not cell.text:  # a merged label cell: the page break left its lower part blank
            pass
        elif _label_right_of(last, c) and not _ENUMERATED.match(cell.text) and not _is_number(cell.text):
            above.text += cell.text
        else:
            continue
        for row in more.grid:
            for k, x in enumerate(row):
                if x is cell:
                    row[k] = above
    kept = {id(x) for x in last}
    moved = set()
    for row in more.grid:
        for cell in row:
            if id(cell) not in kept and id(cell) not in moved:
                moved.add(id(cell))
                cell.row += offset
    table.grid.extend(more.grid)
    table.__dict__.pop("_rows", None)


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip()))


_NUMBER = re.compile(r"[-+]?[\d,，]*\.?\d+%?")


def _label_right_of(row, c: int) -> bool:
    return any(x.text and x is not row[c] and not _is_number(x.text) for x in row[c + 1:])


# --- characters into lines ----------------------------------------------------

def _lines(chars) -> list[list]:
    """Characters grouped into visual lines, each left to right, the lines top
    to bottom. Taken by the height of their centres, a character joins the
    line when its box overlaps the line's band by half its own height or
    the band's: a quotation mark (a small box high in the line) or a
    full stop (low in it) stays in its line."""
    lines: list[list] = []
    for ch in sorted(chars, key=lambda c: c[2] + c[4]):
        line = lines[-1] if lines else None
        if line is not None:
            overlap = min(line[1], ch[4]) - max(line[0], ch[2])
            if overlap >= 0.5 * min(line[1] - line[0], ch[4] - ch[2]):
                line[2].append(ch)
                line[0], line[1] = min(line[0], ch[2]), max(line[1], ch[4])
                continue
        lines.append([ch[2], ch[4], [ch]])
    return [sorted(chs, key=lambda c: c[1]) for _, _, chs in lines]


_INFERRED, _WRITTEN = 1, 2  # a space PDFium inferred from a gap; a space character in the document


def _join_line(chs) -> str:
    """A visual line's text: a space where the document has one; where
    PDFium inferred one from a gap, or the characters stand far apart (two
    runs of text side by side), a space too — but not between two Chinese
    characters or beside Chinese punctuation (justified text spreads them,
    the gap means nothing) nor inside a number ("96171 .6")."""
    out = []
    for i, ch in enumerate(chs):
        if i and (ch[5] == _WRITTEN or (ch[5] or ch[1] - chs[i - 1][3] > max(ch[4] - ch[2], 1.0))
                  and _spaced(chs[i - 1][0], ch[0])):
            out.append(" ")
        out.append(ch[0])
    return "".join(out)


def _spaced(a: str, b: str) -> bool:
    if a >= "\u2e80" and b >= "\u2e80" or a in _ZH_PUNCT or b in _ZH_PUNCT:
        return False
    return not (a.isdigit() and b == "." or a == "." and b.isdigit())


_ZH_PUNCT = frozenset("，。、；：？！“”‘’（）《》【】—…·")


def _join_lines(lines) -> str:
    """A cell's text: its lines joined (a label wrapped inside its cell is one
    label), with a space only between two Latin letters or digits."""
    out = ""
    for chs in lines:
        text = _join_line(chs).strip()
        if out and text and out[-1].isascii() and out[-1].isalnum() and text[0].isascii() and text[0].isalnum():
            out += " "
        out += text
    return out
