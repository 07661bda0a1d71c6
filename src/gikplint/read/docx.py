"""Word .docx (Word and WPS): paragraphs and tables in body order.

The hot path reads word/document.xml with lxml directly (python-docx's proxy
objects cost several times as much). Merged cells (w:gridSpan, w:vMerge) are
resolved into a grid here, once. Text comes from every run, insertions
(w:ins) included; deletions (w:del) are left out.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from gikplint.model import Cell, Document, Paragraph, Table
from gikplint.read import ReadError
from gikplint.read.common import harvest_meta, is_chrome

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDTC = W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent"
_T, _TAB, _BR, _CR, _DEL = W + "t", W + "tab", W + "br", W + "cr", W + "del"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_XML_BYTES = 64 * 1024 * 1024  # uncompressed word/document.xml
MAX_RATIO = 200  # uncompressed / compressed, beyond which it is a zip bomb
MAX_TOTAL = 512 * 1024 * 1024  # declared uncompressed size of the whole archive
MAX_MEMBERS = 10_000


def _open_main_part(data: bytes) -> bytes:
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError("文件已加密（设置了打开密码）：请在 Word/WPS 中取消密码后另存为 .docx 再检查。")
        raise ReadError("这是旧版 Word/WPS 格式（.doc/.wps），不是 .docx：请在 Word 或 WPS 中“另存为” .docx 后再检查。")
    if not data.startswith(b"PK"):
        raise ReadError("文件不是有效的 .docx（内容不是 Word 文档）：请确认文件完整，必要时在 Word/WPS 中重新另存为 .docx。")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ReadError("文件已损坏或不完整（无法按 .docx 解压）：请重新下载或在 Word/WPS 中重新另存为 .docx。") from None
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_TOTAL:  # checked before inflating anything
        raise ReadError("文件解压后异常巨大（疑似压缩炸弹），已拒绝读取：请检查文件来源。")
    name = "word/document.xml"
    if name not in names:
        name = next((n for n in names if n.endswith("/document.xml") or n == "document.xml"), "")
        if not name:
            raise ReadError("文件中没有 Word 正文（缺少 word/document.xml）：请确认它是 Word/WPS 保存的 .docx。")
    info = zf.getinfo(name)
    if info.file_size > MAX_XML_BYTES or (
        info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
    ):
        raise ReadError("文件正文解压后异常巨大（疑似压缩炸弹），已拒绝读取：请检查文件来源。")
    try:
        with zf.open(info) as fh:
            xml = fh.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise ReadError("文件已损坏（正文无法解压）：请重新下载或在 Word/WPS 中重新另存为 .docx。") from None
    if len(xml) > MAX_XML_BYTES:
        raise ReadError("文件正文解压后异常巨大（疑似压缩炸弹），已拒绝读取：请检查文件来源。")
    return xml


def _text(el, has_del: bool) -> str:
    """All run text of a paragraph (or cell), tabs and breaks kept, deletions left out
    (`has_del`: the document has tracked deletions at all; most have none)."""
    out = []
    for node in el.iter(_T, _TAB, _BR, _CR):
        if has_del and any(a.tag == _DEL for a in node.iterancestors()):
            continue
        if node.tag == _T:
            out.append(node.text or "")
        elif node.tag == _TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _body_items(parent, nested=False):
    """(element, inside a content control) for the body's paragraphs and tables, in order."""
    for el in parent:
        if el.tag == _SDT:
            content = el.find(_SDTC)
            if content is not None:
                yield from _body_items(content, True)
        elif el.tag in (_P, _TBL):
            yield el, nested


def read_docx(path: str, data: bytes) -> Document:
    xml = _open_main_part(data)
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raise ReadError("文件正文（word/document.xml）不是完整的 XML，文件可能已损坏：请在 Word/WPS 中重新另存为 .docx。") from None
    body = root.find(W + "body")
    if body is None:
        raise ReadError("文件中没有正文内容：请确认它是完整的年度报告。")
    tree = root.getroottree()
    has_del = body.find(".//" + _DEL) is not None
    lines: list[str] = []
    blocks = []
    meta: dict = {}
    p_index = t_index = 0  # every paragraph and table, in order
    own_p = own_t = 0  # the body's own children: their XPath positions (inside a content control: lxml's path)
    for el, nested in _body_items(body):
        if el.tag == _P:
            p_index += 1
            own_p += not nested
            text = _text(el, has_del)
            xpath = tree.getpath(el) if nested else f"/w:document/w:body/w:p[{own_p}]"
            for part in text.split("\n"):
                lines.append(part)
                if part.strip():
                    chrome = is_chrome(part)
                    if chrome:
                        harvest_meta(part, meta)
                    where = {"docx_paragraph": p_index, "xpath": xpath}
                    blocks.append(Paragraph(part.strip(), len(lines), where, meta=chrome))
        else:
            t_index += 1
            own_t += not nested
            base = tree.getpath(el) if nested else f"/w:document/w:body/w:tbl[{own_t}]"
            table = _table(el, t_index, base, lines, has_del)
            if table is not None:
                blocks.append(table)
    if not blocks:
        raise ReadError("文档正文为空（没有任何文字或表格）：请确认保存的是完整的年度报告。")
    return Document(path, "docx", blocks, lines, meta)


_GRIDSPAN, _VMERGE = W + "gridSpan", W + "vMerge"


def _cell(tc, has_del: bool) -> tuple[str, int, str | None]:
    """(text, gridSpan, vMerge) of a cell in one pass over it: its w:tcPr comes
    before its first paragraph, and its paragraphs become lines."""
    if has_del:
        pr = tc.find(W + "tcPr")
        gs = pr.find(_GRIDSPAN) if pr is not None else None
        vm = pr.find(_VMERGE) if pr is not None else None
        text = "\n".join(_text(p, True) for p in tc.iter(_P))
        return text, _span(gs), (vm.get(W + "val", "continue") if vm is not None else None)
    out: list[str] = []
    span, vmerge, in_text = 1, None, False
    for node in tc.iter(_GRIDSPAN, _VMERGE, _P, _T, _TAB, _BR, _CR):
        tag = node.tag
        if tag == _T:
            out.append(node.text or "")
        elif tag == _P:
            if in_text:
                out.append("\n")
            in_text = True
        elif tag == _TAB:
            out.append("\t")
        elif tag == _GRIDSPAN:
            if not in_text:
                span = _span(node)
        elif tag == _VMERGE:
            if not in_text:
                vmerge = node.get(W + "val", "continue")
        else:
            out.append("\n")
    return "".join(out), span, vmerge


def _span(el, default: int = 1) -> int:
    """A w:gridSpan's (or w:gridBefore's) count of grid columns, within sane bounds."""
    if el is None:
        return default
    try:
        return max(0, min(int(el.get(W + "val", str(default))), 64)) or default
    except ValueError:
        return default


def _table(tbl, t_index: int, base: str, lines: list[str], has_del: bool) -> Table | None:
    grid: list[list[Cell]] = []
    first_line = len(lines) + 1
    for r, tr in enumerate(tbl.findall(_TR)):  # a nested table's rows stay in its cell's text
        line = len(lines) + 1
        row: list[Cell] = []
        trpr = tr.find(W + "trPr")
        before = trpr.find(W + "gridBefore") if trpr is not None else None
        col = _span(before, 0)  # grid columns left empty before the first cell
        row.extend([Cell("", line, r, c) for c in range(col)])
        above_row = grid[-1] if grid else None
        texts = []
        for c_index, tc in enumerate(tr.findall(_TC), 1):
            text, span, vmerge = _cell(tc, has_del)
            if vmerge == "continue" and above_row is not None and col < len(above_row):
                cell = above_row[col]
                texts.append("")
            else:
                text = text.strip()
                cell = Cell(text, line, r, col, {"docx_table": t_index, "docx_row": r + 1, "docx_cell": c_index,
                                                 "xpath": f"{base}/w:tr[{r + 1}]/w:tc[{c_index}]"})
                texts.append(text.replace("\n", " "))
            row.extend([cell] * span)
            col += span
        grid.append(row)
        lines.append("\t" + "\t".join(texts))
    if not grid or all(c.blank for row in grid for c in row):
        return None
    return Table(grid, first_line, True, {"docx_table": t_index, "xpath": base})
