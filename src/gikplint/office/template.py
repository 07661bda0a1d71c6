"""gikplint new: the mandated format for a report year as a blank .docx —
60号 for 2019 and 2020, 30号 from 2021 — built from grammar/sections.yaml
and grammar/tables-*.yaml, the files the linter reads, so the template and
the linter cannot disagree: title, preamble (legal basis, the six parts,
the statistics period), the six headings, tables 2, 3 and 4 with the
template's labels, merged headers and 勾稽 note, and placeholders where the
author writes."""
from __future__ import annotations

import io

from gikplint.parse import sections, templates

PLACEHOLDER = "（文字描述）"
NOTICE_TITLES = {
    "2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》",
    "2021": "《中华人民共和国政府信息公开工作年度报告格式》",
}
_SIX = "、".join(s.heading.split("、", 1)[1] for s in sections.specs())

BODY_FONT, HEADING_FONT, TITLE_FONT, TABLE_FONT = "仿宋_GB2312", "黑体", "方正小标宋简体", "宋体"


def title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def preamble(agency: str, year: int, tpl) -> list[str]:
    return [
        f"本报告由{agency}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"{NOTICE_TITLES[tpl.version]}（{tpl.notice}）要求编制。",
        f"全文包括{_SIX}六个部分。",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "本报告电子版可在××（网站名称及网址）查阅或下载。如对本报告有疑问，请与××联系（地址：××；电话：××；邮编：××）。",
    ]


def generate(year: int, agency: str | None = None) -> bytes:
    """The blank report of `year` for `agency` (×× where none is given), as .docx bytes."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    tpl = templates.for_year(year)
    agency = agency or "××"
    doc = Document()
    _fonts(doc.styles["Normal"], BODY_FONT, Pt(16))
    doc.core_properties.title = title(agency, year)
    doc.core_properties.author = "gikplint"
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, title(agency, year), TITLE_FONT, Pt(22))
    for text in preamble(agency, year, tpl):
        _indented(doc.add_paragraph(text))
    for spec in sections.specs():
        _run(doc.add_paragraph(), spec.heading, HEADING_FONT, Pt(16))
        table = {"t2": _table2, "t3": _table3, "t4": _table4}.get(spec.table or "")
        if table is not None:
            t = table(doc, tpl)
            _widths(t, WIDTHS[spec.table](len(t.columns)))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for row in t.rows:
                for cell in row.cells:
                    for para in cell.paragraphs:
                        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                        for run in para.runs:
                            _font(run, TABLE_FONT, Pt(9 if spec.table != "t2" else 10.5))
            doc.add_paragraph()
        else:
            placeholder = PLACEHOLDER
            if spec.number == 6 and tpl.version == "2021":
                placeholder = "（文字描述，收取信息处理费情况在此处报告。）"
            _indented(doc.add_paragraph(placeholder))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


WIDTHS = {  # centimetres across the 16.5 cm between A4's margins
    "t2": lambda n: [4.5] + [12.0 / (n - 1)] * (n - 1),
    "t3": lambda n: [1.4, 1.8, 4.2] + [9.1 / (n - 3)] * (n - 3),
    "t4": lambda n: [16.5 / n] * n,
}


def _widths(table, cm: list[float]) -> None:
    """The grid's column widths, and each cell's the sum of the columns it
    spans (Word lays a table out by its cells, LibreOffice and WPS by its grid)."""
    from docx.shared import Cm

    table.autofit = False
    grid = [cm[min(i, len(cm) - 1)] for i in range(len(table.columns))]
    for column, width in zip(table.columns, grid):
        column.width = Cm(width)
    for tr in table._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(grid[col:col + span]))
            col += span


def _fonts(style, name: str, size) -> None:
    from docx.oxml.ns import qn

    style.font.name = name
    style.font.size = size
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _font(run, name: str, size) -> None:
    from docx.oxml.ns import qn

    run.font.name = name
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _run(paragraph, text: str, font: str, size):
    run = paragraph.add_run(text)
    _font(run, font, size)
    return run


def _indented(paragraph):
    from docx.shared import Pt

    paragraph.paragraph_format.first_line_indent = Pt(32)
    return paragraph


def _put(cell, text: str) -> None:
    cell.paragraphs[0].add_run(text)


def _merge(table, r1: int, c1: int, r2: int, c2: int, text: str | None = None):
    cell = table.cell(r1, c1).merge(table.cell(r2, c2)) if (r1, c1) != (r2, c2) else table.cell(r1, c1)
    if text is not None:
        _put(cell, text)
    return cell


def _spans(n: int, width: int = 3) -> list[int]:
    """How `n` value columns share a block's `width` grid columns: the last takes what is left."""
    return [1] * (n - 1) + [width - n + 1]


def _table2(doc, tpl):
    """第二十条 blocks: a caption row, a header row (信息内容 and the block's columns), the block's rows."""
    count = sum(2 + len(b.rows) for b in tpl.t2_blocks)
    table = doc.add_table(rows=count, cols=4)
    r = 0
    for b in tpl.t2_blocks:
        _merge(table, r, 0, r, 3, b.caption)
        header = [("信息内容", 1)] + list(zip((c.label for c in b.columns), _spans(len(b.columns))))
        rows = [[(row.label, 1)] + [("", s) for s in _spans(len(b.columns))] for row in b.rows]
        for offset, cells in enumerate([header] + rows, 1):
            col = 0
            for text, span in cells:
                _merge(table, r + offset, col, r + offset, col + span - 1, text or None)
                col += span
        r += 2 + len(b.rows)
    return table


def _table3(doc, tpl):
    """Three header rows (the 勾稽 note over 3×3, 申请人情况, 法人或其他组织 over its five),
    then the data rows with their group labels merged down the left."""
    cols = tpl.t3_columns
    rows = tpl.t3_rows
    table = doc.add_table(rows=3 + len(rows) - _groups_without_row(rows), cols=3 + len(cols))
    _merge(table, 0, 0, 2, 2, tpl.t3_note)
    _merge(table, 0, 3, 0, 2 + len(cols), "申请人情况")
    first, last = cols[0], cols[-1]
    _merge(table, 1, 3, 2, 3, first.label)
    _merge(table, 1, 4, 1, 1 + len(cols), "法人或其他组织")
    for i, c in enumerate(cols[1:-1]):
        _put(table.cell(2, 4 + i), c.label)
    _merge(table, 1, 2 + len(cols), 2, 2 + len(cols), last.label)
    r = 3
    top = None  # (row, label) of the top-level group (三、本年度办理结果) open
    sub = None  # (row, label) of the sub-group open ((三)不予公开)
    spans: list[tuple[int, int, int, str]] = []  # (first row, last row, column, label) merged down
    for axis in rows:
        if axis.group and axis.key in ("三",):
            top = (r, axis.label)
            continue
        if axis.group:
            if sub is not None:
                spans.append((sub[0], r - 1, 1, sub[1]))
            sub = (r, axis.label)
            continue
        if axis.parent is None:
            if sub is not None:
                spans.append((sub[0], r - 1, 1, sub[1]))
                sub = None
            if not axis.label.startswith(("（",)) and top is not None:  # 四、结转下年度: the result rows end
                spans.append((top[0], r - 1, 0, top[1]))
                top = None
        if top is None:
            _merge(table, r, 0, r, 2, axis.label)
        elif axis.parent is None:
            _merge(table, r, 1, r, 2, axis.label)
        else:
            _put(table.cell(r, 2), axis.label)
        r += 1
    for first_row, last_row, col, label in spans:
        _merge(table, first_row, col, last_row, col, label)
    return table


def _groups_without_row(rows) -> int:
    return sum(1 for a in rows if a.group)


def _table4(doc, tpl):
    """行政复议 (5) | 行政诉讼 (10: 未经复议直接起诉, 复议后起诉); the five results under each; one data row."""
    cols = tpl.t4_columns
    n = len(cols)
    table = doc.add_table(rows=4, cols=3 * n)
    review, suit, direct, after = tpl.t4_groups
    _merge(table, 0, 0, 0, n - 1, review)
    _merge(table, 0, n, 0, 3 * n - 1, suit)
    for i, c in enumerate(cols):
        _merge(table, 1, i, 2, i, c.label)
    _merge(table, 1, n, 1, 2 * n - 1, direct)
    _merge(table, 1, 2 * n, 1, 3 * n - 1, after)
    for g in (1, 2):
        for i, c in enumerate(cols):
            _put(table.cell(2, g * n + i), c.label)
    return table
