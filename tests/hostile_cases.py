"""Hostile inputs, one generator per class of attack: shared by
tests/test_hostile.py (what gikplint says about each) and bench/hostile.py
(how long each takes and how much memory, printed as a table).

Each generator returns (file name, bytes). They are small on disk and built
to hit one weakness: catastrophic backtracking, quadratic work, or a small
file that expands to a large structure.
"""
from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEED_TEXT = FIXTURES / "seeds" / "001_d99c8dcb44f53e53.txt"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'


def zip_bytes(files: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx(body: str, prolog: str = "", ns: str = W) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {ns}><w:body>{body}</w:body></w:document>'
    return zip_bytes({"word/document.xml": xml})


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _report_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


# ------------------------------------------------------------ backtracking

def long_number_in_a_stream_table() -> tuple[str, bytes]:
    """A table pasted one cell per line whose row carries a 31-digit number
    and a stray letter: the old row-value splitter tried 2^31 splits."""
    text = ("某局2021年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量 " + "1" * 31 + "x 0\n"
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n")
    return "digits.txt", text.encode("utf-8")


def suppression_comment_without_end() -> tuple[str, bytes]:
    return "suppress.txt", ("<!-- gikplint: disable=" + " " * 20_000 + "!\n" + "一、总体情况\n").encode("utf-8")


def markdown_separator_without_end() -> tuple[str, bytes]:
    return "pipes.md", ("|" + "-" * 20_000 + "|x\n|a|b|\n").encode("utf-8")


def heading_check_on_a_long_continuation() -> tuple[str, bytes]:
    return "continuation.txt", ("\t表头\n" + " " * 100_000 + "x\n").encode("utf-8")


def part_count_without_parts() -> tuple[str, bytes]:
    """A preamble with a long run of digits and no 个部分 after it: the old
    "N个部分" search restarted the run at every digit."""
    return "parts.txt", ("某局2021年政府信息公开工作年度报告\n报告由" + "1" * 100_000 + "部分组成。\n一、总体情况\n").encode()


def placeholder_run_without_suffix() -> tuple[str, bytes]:
    text = _report_text().replace("一、总体情况\n", "一、总体情况\n" + "X" * 100_000 + "\n", 1)
    return "placeholder.txt", text.encode("utf-8")


# --------------------------------------------------------- quadratic work

def many_paragraphs_in_a_content_control() -> tuple[str, bytes]:
    """100,000 paragraphs inside one w:sdt (with revision ids, so the part
    does not compress like a bomb): an XPath per paragraph by lxml's getpath()
    counted the siblings each time."""
    rng = random.Random(1)
    body = "".join(f'<w:p w:rsidR="{rng.getrandbits(32):08X}"/>' for _ in range(100_000))
    return "sdt.docx", docx("<w:sdt><w:sdtContent>" + body + "</w:sdtContent></w:sdt>")


def many_cells_in_a_page() -> tuple[str, bytes]:
    """A 1 MB page of paragraphs and table cells: an XPath per element by
    lxml's getpath() counted the siblings each time."""
    rows = "".join(f"<tr><td>{i}</td><td>0</td></tr>" for i in range(20_000))
    page = f"<html><body><div>{'<p>段落</p>' * 30_000}</div><table>{rows}</table></body></html>"
    return "big-page.html", page.encode("utf-8")


def one_long_cell_built_line_by_line() -> tuple[str, bytes]:
    """A table cell continued over 150,000 lines: each line was appended to
    the cell's text, copying it every time."""
    return "long-cell.txt", ("\t表头\n" + "续行文字\n" * 150_000).encode("utf-8")


def many_suppressions_and_findings() -> tuple[str, bytes]:
    """20,000 suppressions each followed by a placeholder the rules report:
    matching every finding against every suppression was quadratic."""
    text = _report_text()
    block = "".join(f"<!-- gikplint: disable=GK605 -->\n第{i}段写着XX年。\n" for i in range(20_000))
    return "suppressions.txt", text.replace("一、总体情况\n", "一、总体情况\n" + block, 1).encode("utf-8")


# ------------------------------------------------------------- expansion

def html_spans() -> tuple[str, bytes]:
    """13 KB of cells each claiming rowspan 500 and colspan 64."""
    cell = '<td rowspan="500" colspan="64">0</td>'
    rows = "".join(f"<tr>{cell * 4}</tr>" for _ in range(300))
    return "spans.html", f"<html><body><p>三、收到和处理政府信息公开申请情况</p><table>{rows}</table></body></html>".encode()


def docx_grid_spans() -> tuple[str, bytes]:
    """Rows that each skip 64 grid columns and hold cells spanning 64."""
    rng = random.Random(2)
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>'
    rows = "".join(f'<w:tr w:rsidR="{rng.getrandbits(32):08X}"><w:trPr><w:gridBefore w:val="64"/></w:trPr>'
                   + cell * 16 + "</w:tr>" for _ in range(12_000))
    return "gridspan.docx", docx("<w:tbl>" + rows + "</w:tbl>")


def zip_with_a_million_entries(entries: int = 900_000) -> tuple[str, bytes]:
    """A .docx under 50 MB whose central directory lists 900,000 members,
    all pointing at one empty local entry (written by hand: zipfile would
    take minutes). Python's zipfile built an object per entry."""
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"a"
    central = b"".join(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, 0, 0, 0, 5,
                                   0, 0, 0, 0, 0, 0) + b"%05x" % (i & 0xFFFFF) for i in range(entries))
    count = entries & 0xFFFF
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(local), 0)
    return "million.docx", local + central + end


def big_text(megabytes: int = 49) -> tuple[str, bytes]:
    line = "一、本年新收政府信息公开申请数量 0\n".encode("utf-8")
    return "big.txt", line * (megabytes * 1024 * 1024 // len(line))


def short_lines_text(lines: int = 3_000_000) -> tuple[str, bytes]:
    return "lines.txt", b"x\n" * lines


def huge_number_in_a_cell() -> tuple[str, bytes]:
    text = _report_text().replace("\t一、本年新收政府信息公开申请数量\n\t0\n",
                                  "\t一、本年新收政府信息公开申请数量\n\t" + "9" * 5000 + "\n", 1)
    return "huge-number.txt", text.encode("utf-8")


def deep_html(depth: int = 100_000) -> tuple[str, bytes]:
    return "deep.html", ("<div>" * depth + "一、总体情况" + "</div>" * depth).encode()


def deep_docx(depth: int = 5_000) -> tuple[str, bytes]:
    return "deep.docx", docx("<w:sdt><w:sdtContent>" * depth + para("一、总体情况") + "</w:sdtContent></w:sdt>" * depth)


def zip_bomb() -> tuple[str, bytes]:
    """A body that inflates 40 MB of spaces from a few hundred KB."""
    return "bomb.docx", zip_bytes({"word/document.xml": para("x") + " " * (40 * 1024 * 1024)})


def entity_bomb() -> tuple[str, bytes]:
    """Billion laughs in word/document.xml: entities are never expanded."""
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    return "lol.docx", docx(para("&lol9;"), prolog=lol)


def flattened_table_of_long_digit_runs(digits: int = 60) -> tuple[str, bytes]:
    """A crawled article whose table 3 runs together, every row a run of 60
    nines: each run has millions of splits into seven cells; the search for
    a certain one is bounded per table."""
    from gikplint.parse import templates

    rows = "".join(r.label + ("" if r.group else "9" * digits) for r in templates.load("2021").t3_rows)
    article = ("某局2021年政府信息公开工作年度报告 一、总体情况本局依法公开政府信息。二、主动公开政府信息情况"
               "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件000"
               f"三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计{rows}"
               "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉"
               f"复议后起诉{'9' * 400}五、存在的主要问题及改进情况无。六、其他需要报告的事项无。")
    return "flat.txt", ("标题: 某局2021年政府信息公开工作年度报告\n" + article * 3 + "\n").encode("utf-8")


def flattened_table_of_one_long_run() -> tuple[str, bytes]:
    """The same, with a single run of 4,000 digits: no cell is that long."""
    return flattened_table_of_long_digit_runs(4000)


# --- PDF: PDFium is native code, so what it does with these is bounded by the
# child process it runs in (memory ceiling, time budget) and by the reader's counts.

def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    from pdfmake import serialize  # beside this file, in tests/

    return serialize(objects, root)


def _stream(data: bytes) -> bytes:
    packer = zlib.compressobj(9)
    packed = b"".join(packer.compress(data[i:i + (1 << 20)]) for i in range(0, len(data), 1 << 20)) + packer.flush()
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


def _one_page_pdf(content: bytes, *more: bytes, size: bytes = b"595 842") -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s] /Contents 4 0 R " % size +
                 b"/Resources << /XObject << /X 5 0 R >> >> >>", content, *(more or (b"<< >>",))])


def pdf_flate_bomb(megabytes: int = 2048) -> tuple[str, bytes]:
    """A 2 MB PDF whose page content inflates to 2 GB of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    return "bomb.pdf", _one_page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
                                     + packed + b"\nendstream")


def pdf_path_flood(paths: int = 2_000_000) -> tuple[str, bytes]:
    """Two million line segments in 700 KB: PDFium builds an object for each."""
    return "paths.pdf", _one_page_pdf(_stream(b"0 0 m 1 1 l S\n" * paths))


def pdf_ruling_grid(lines: int = 1_000) -> tuple[str, bytes]:
    """A thousand horizontal and a thousand vertical ruling lines on the
    largest page there is: a million crossings, each a corner of a cell."""
    ops = b"".join(b"0 %d m 14400 %d l S\n" % (i * 14, i * 14) for i in range(lines))
    ops += b"".join(b"%d 0 m %d 14400 l S\n" % (i * 14, i * 14) for i in range(lines))
    return "grid.pdf", _one_page_pdf(_stream(ops), size=b"14400 14400")


def pdf_ruling_grid_under_the_cap() -> tuple[str, bytes]:
    """141 × 141 ruling lines: just under the cap, 19,881 crossings, every one a cell to find."""
    return pdf_ruling_grid(141)


def pdf_dashed_lattice() -> tuple[str, bytes]:
    """200 full-width rules crossed by 100 dashed verticals: every crossing is
    a corner, no cell closes, and each vertical is 200 segments to look through."""
    ops = [b"0 %.2f 1000 0.5 re f" % (9.75 + 8 * i) for i in range(200)]
    ops += [b"%.2f %.2f 0.5 3.5 re f" % (9.75 + 8 * x, 8.25 + 8 * y) for x in range(100) for y in range(200)]
    return "lattice.pdf", _one_page_pdf(_stream(b"\n".join(ops)), size=b"1000 1700")


def pdf_many_pages(pages: int = 100_000) -> tuple[str, bytes]:
    """A hundred thousand pages sharing one content stream."""
    kids = b" ".join(b"3 0 R" for _ in range(pages))
    return "pages.pdf", _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                              b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                              _stream(b"0 0 m 1 1 l S\n")])


def pdf_self_drawing_form() -> tuple[str, bytes]:
    """A form XObject that draws itself, and content nested a million arrays deep."""
    form = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >> "
            b"/Length 5 >>\nstream\n/X Do\nendstream")
    return "form.pdf", _one_page_pdf(_stream(b"/X Do\n" + b"[" * 1_000_000 + b"]" * 1_000_000), form)


CASES = [
    long_number_in_a_stream_table, suppression_comment_without_end, markdown_separator_without_end,
    heading_check_on_a_long_continuation, part_count_without_parts, placeholder_run_without_suffix,
    many_paragraphs_in_a_content_control, many_cells_in_a_page, one_long_cell_built_line_by_line,
    many_suppressions_and_findings, html_spans, docx_grid_spans, zip_with_a_million_entries, big_text,
    short_lines_text, huge_number_in_a_cell, deep_html, deep_docx, zip_bomb, entity_bomb,
    flattened_table_of_long_digit_runs, flattened_table_of_one_long_run, pdf_flate_bomb, pdf_dashed_lattice, pdf_path_flood, pdf_ruling_grid, pdf_ruling_grid_under_the_cap, pdf_many_pages, pdf_self_drawing_form,
]
