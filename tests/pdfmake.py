"""Small PDFs written by hand for the PDF reader's tests and hostile cases.

Chinese text is set in the non-embedded CJK font STSong-Light with the
predefined UniGB-UTF16-H encoding (the bytes are UTF-16): every PDF reader
maps it back to Unicode from the Adobe-GB1 tables it carries, so no font
file is needed. Ruling lines are stroked paths, as Word and WPS draw table
borders. Coordinates are in points from the top-left corner of an A4 page.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field

WIDTH, HEIGHT = 595, 842


@dataclass
class Page:
    texts: list[tuple[float, float, float, str]] = field(default_factory=list)  # x, y (baseline), size, text
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1
    image: bool = False  # a full-page image (a scan)

    def text(self, x: float, y: float, text: str, size: float = 12) -> "Page":
        self.texts.append((x, y, size, text))
        return self

    def line(self, x0: float, y0: float, x1: float, y1: float) -> "Page":
        self.lines.append((x0, y0, x1, y1))
        return self

    def grid(self, x: float, y: float, widths: list[float], rows: list[list[str]], height: float = 20,
             size: float = 10) -> float:
        """A ruled table, one text per cell ("" for none); returns the y below it."""
        xs = [x]
        for w in widths:
            xs.append(xs[-1] + w)
        for r, row in enumerate(rows):
            top = y + r * height
            for c, text in enumerate(row):
                if text:
                    self.text(xs[c] + 2, top + height - 6, text, size)
        for r in range(len(rows) + 1):
            self.line(xs[0], y + r * height, xs[-1], y + r * height)
        for cx in xs:
            self.line(cx, y, cx, y + len(rows) * height)
        return y + len(rows) * height


def _utf16(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex() + ">"


def _content(page: Page) -> bytes:
    ops = []
    for x, y, size, text in page.texts:
        if len(text) == 1 and not text.isascii():
            text += " "  # PDFium drops a string of one two-byte code in this encoding
        ops.append(f"BT /F1 {size} Tf {x:.2f} {HEIGHT - y:.2f} Td {_utf16(text)} Tj ET")
    if page.lines:
        ops.append("0.5 w")
        for x0, y0, x1, y1 in page.lines:
            ops.append(f"{x0:.2f} {HEIGHT - y0:.2f} m {x1:.2f} {HEIGHT - y1:.2f} l S")
    if page.image:
        ops.append(f"q {WIDTH} 0 0 {HEIGHT} 0 0 cm /Im1 Do Q")
    return "\n".join(ops).encode("ascii")


def build(pages: list[Page], encrypted: bool = False, deflate: bool = True) -> bytes:
    """The PDF's bytes. `encrypted`: a standard security handler with a user
    password (not the empty one), so no reader can open it without one."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
               b"/DescendantFonts [3 0 R] >>")
    add(b"")  # placeholder for the catalog's pages reference order
    add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 4 0 R /DW 1000 /W [1 95 500] >>")
    add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    page_ids = []
    pages_id = 6 + 2 * len(pages)
    for page in pages:
        data = _content(page)
        if deflate:
            data = zlib.compress(data)
            stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        else:
            stream = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                            % (pages_id, WIDTH, HEIGHT, stream, font, image)))
    kids = " ".join(f"{i} 0 R" for i in page_ids).encode()
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages))) == pages_id
    objects[1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    catalog = 2
    encrypt = None
    if encrypted:
        encrypt = add(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>")
    extra = b" /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16) + (b" /Encrypt %d 0 R" % encrypt if encrypt else b"")
    return serialize(objects, catalog, extra, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")


def serialize(objects: list[bytes], root: int, extra: bytes = b"", header: bytes = b"%PDF-1.7\n") -> bytes:
    """Numbered objects (1…), the cross-reference table and the trailer
    (`extra`: more trailer entries), as a PDF file lays them out."""
    out = bytearray(header)
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, extra, xref)
    return bytes(out)


# --- a whole report laid out as Word would print it ----------------------------

LEFT, RIGHT, TOP, BOTTOM = 60.0, 535.0, 60.0, 780.0
SIZE, LEADING = 12.0, 16.0
CELL_SIZE, CELL_LEADING = 8.0, 10.0


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Soft-wrapped lines as a word processor breaks them: Chinese one em wide, ASCII half."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = size / 2 if ch.isascii() else size
        if line and used + w > width:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    return lines + [line]


class _Layout:
    def __init__(self, footer: str = "- {n} -"):
        self.pages: list[Page] = []
        self.footer_text = footer  # Word's default page number is the bare number: "{n}"
        self.new_page()

    def new_page(self):
        if self.pages:
            self.footer()
        self.pages.append(Page())
        self.y = TOP

    def footer(self):
        n = len(self.pages)
        self.page.text(280, 815, self.footer_text.format(n=n), 10)

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def paragraph(self, text: str):
        for line in _wrap(text, RIGHT - LEFT, SIZE):
            if self.y + LEADING > BOTTOM:
                self.new_page()
            self.y += LEADING
            self.page.text(LEFT, self.y, line, SIZE)

    def table(self, grid):
        """Each cell's rectangle drawn on the page it falls on; a row that
        does not fit starts a new page, a merged cell cut by the break keeps
        its text above it (as Word prints it)."""
        n_cols = len(grid[0])
        label_cols = max((c for row in grid for c, cell in enumerate(row)
                          if cell.text.strip() and not cell.text.strip().replace(".", "").isdigit()), default=0) + 1
        widths = [(RIGHT - LEFT) * 0.55 / label_cols] * label_cols
        widths += [(RIGHT - LEFT) * 0.45 / max(1, n_cols - label_cols)] * (n_cols - label_cols)
        xs = [LEFT]
        for w in widths:
            xs.append(xs[-1] + w)
        heights = []
        for r, row in enumerate(grid):
            h = CELL_LEADING + 6
            for c, cell in enumerate(row):
                if cell.row == r and (c == 0 or row[c - 1] is not cell) and _rows_spanned(grid, r, c) == 1:
                    h = max(h, len(_wrap(cell.text, _span_width(row, c, xs) - 4, CELL_SIZE)) * CELL_LEADING + 6)
            heights.append(h)
        self.y += 6
        placed: dict[int, tuple[int, float]] = {}  # cell → (page, top) where its text went
        tops = []
        for r, row in enumerate(grid):
            if self.y + heights[r] > BOTTOM:
                self._close_spans(grid, r, xs, tops)
                self.new_page()
                tops = []
            tops.append((r, self.y))
            for c, cell in enumerate(row):
                if c and row[c - 1] is cell:
                    continue
                key = id(cell)
                if key not in placed:
                    placed[key] = (len(self.pages), self.y)
                    for k, line in enumerate(_wrap(cell.text, _span_width(row, c, xs) - 4, CELL_SIZE)):
                        if line:
                            self.page.text(xs[c] + 2, self.y + (k + 1) * CELL_LEADING,
                                           line, CELL_SIZE)
                right = xs[c + _cols_spanned(row, c)]
                self.page.line(xs[c], self.y, xs[c], self.y + heights[r])
                self.page.line(right, self.y, right, self.y + heights[r])
                if cell.row == r:
                    self.page.line(xs[c], self.y, right, self.y)
                below = grid[r + 1][c] if r + 1 < len(grid) else None
                if below is not cell:
                    self.page.line(xs[c], self.y + heights[r], right, self.y + heights[r])
            self.y += heights[r]
        self.y += 6

    def _close_spans(self, grid, r, xs, tops):
        """At a page break every cell is closed by a line at the foot of the page."""
        if tops:
            self.page.line(xs[0], self.y, xs[-1], self.y)

    def finish(self) -> list[Page]:
        self.footer()
        return self.pages


def _cols_spanned(row, c: int) -> int:
    n = 1
    while c + n < len(row) and row[c + n] is row[c]:
        n += 1
    return n


def _rows_spanned(grid, r: int, c: int) -> int:
    n = 1
    while r + n < len(grid) and grid[r + n][c] is grid[r][c]:
        n += 1
    return n


def _span_width(row, c: int, xs) -> float:
    return xs[c + _cols_spanned(row, c)] - xs[c]


def report(blocks, footer: str = "- {n} -") -> bytes:
    """A report's blocks (the Document a .docx reads as) printed to PDF."""
    from gikplint.model import Table

    layout = _Layout(footer)
    for b in blocks:
        if isinstance(b, Table):
            layout.table(b.grid)
        elif b.text.strip():
            layout.paragraph(b.text.strip())
    return build(layout.finish())
