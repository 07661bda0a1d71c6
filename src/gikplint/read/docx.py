"""Word .docx (Word and WPS): paragraphs and tables in body order.

The hot path reads word/document.xml with lxml directly (python-docx's proxy
objects cost several times as much). Merged cells (w:gridSpan, w:vMerge) are
resolved into a grid here, once. Text comes from every run, insertions
(w:ins) included; deletions (w:del) are left out, and so is the fallback copy
of a text box (mc:Fallback repeats what mc:Choice holds). Content controls
(w:sdt) and custom XML (w:customXml) are read through, at any level.

Every step is linear in the size of the part and bounded: the archive's
directory is checked before zipfile reads it, the main part before it is
inflated, and the grid before it is built.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from gikplint.model import Cell, Document, Location, Paragraph, Table
from gikplint.read import MAX_BLOCKS, MAX_CELLS, ReadError, too_large
from gikplint.read.common import harvest_meta, is_chrome

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_URI = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # ISO 29500 Strict: the same elements
W = "{%s}" % W_URI
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = W + "p", W + "tbl", W + "tr", W + "tc"
_SDT, _SDTC, _CUSTOM = W + "sdt", W + "sdtContent", W + "customXml"
_T, _TAB, _BR, _CR, _DEL = W + "t", W + "tab", W + "br", W + "cr", W + "del"
_ALTCHUNK, _FALLBACK = W + "altChunk", MC + "Fallback"
_GRIDSPAN, _VMERGE = W + "gridSpan", W + "vMerge"
_PREFIX = {_P: "w:p", _TBL: "w:tbl", _TR: "w:tr", _TC: "w:tc", _SDT: "w:sdt", _CUSTOM: "w:customXml"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_XML_BYTES = 16 * 1024 * 1024  # uncompressed word/document.xml (real reports: well under 2 MB)
MAX_RATIO = 200  # uncompressed / compressed, beyond which it is a zip bomb
MAX_TOTAL = 512 * 1024 * 1024  # declared uncompressed size of the whole archive
MAX_MEMBERS = 10_000  # a .docx has a few dozen parts
_BOMB = "文件解压后异常巨大（疑似压缩炸弹），已拒绝读取：请检查文件来源。"


def _directory_size(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of the zip central directory, read from the end
    record without building the directory (zipfile makes an object per entry)."""
    tail = data[-(65536 + 22):]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    _, _, _, _, entries, size, _, _ = struct.unpack("<IHHHHIIH", tail[at:at + 22])
    zip64 = tail.rfind(b"PK\x06\x06", 0, at)  # Zip64 end record: the counts may not fit 16/32 bits
    if zip64 >= 0 and len(tail) - zip64 >= 56:
        entries, size = struct.unpack("<QQ", tail[zip64 + 32:zip64 + 48])
    return entries, size


def main_part_name(names) -> str:
    """The main part: word/document.xml, else the first other document.xml by name (never by chance)."""
    if "word/document.xml" in names:
        return "word/document.xml"
    return min((n for n in names if n.endswith("/document.xml") or n == "document.xml"), default="")


def _open_main_part(data: bytes) -> bytes:
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError("文件已加密（设置了打开密码）：请在 Word/WPS 中取消密码后另存为 .docx 再检查。")
        raise ReadError("这是旧版 Word/WPS 格式（.doc/.wps），不是 .docx：请在 Word 或 WPS 中“另存为” .docx 后再检查。")
    if not data.startswith(b"PK"):
        raise ReadError("文件不是有效的 .docx（内容不是 Word 文档）：请确认文件完整，必要时在 Word/WPS 中重新另存为 .docx。")
    directory = _directory_size(data)
    if directory is not None and (directory[0] > MAX_MEMBERS or directory[1] > MAX_MEMBERS * 1024):
        raise ReadError(f"压缩包中的条目异常之多（{directory[0]:,} 个，.docx 通常只有几十个），已拒绝读取：请检查文件来源。")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error, NotImplementedError):
        raise ReadError("文件已损坏或不完整（无法按 .docx 解压）：请重新下载或在 Word/WPS 中重新另存为 .docx。") from None
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_TOTAL:  # checked before inflating anything
        raise ReadError(_BOMB)
    name = main_part_name(names)
    if not name:
        raise ReadError("文件中没有 Word 正文（缺少 word/document.xml）：请确认它是 Word/WPS 保存的 .docx。")
    info = zf.getinfo(name)
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ReadError(_BOMB)
    if info.file_size > MAX_XML_BYTES:
        raise ReadError(f"文件正文解压后过大（{info.file_size / 1048576:.0f} MB，上限 {MAX_XML_BYTES // 1048576} MB；"
                        "年度报告的正文通常不足 2 MB），已拒绝读取：请检查文件来源，或把正文复制到新文档另存后再检查。")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        method = {9: "Deflate64", zipfile.ZIP_BZIP2: "BZIP2", zipfile.ZIP_LZMA: "LZMA"}.get(
            info.compress_type, f"第 {info.compress_type} 种")
        raise ReadError(f"文件用 {method} 方式压缩（常见于用压缩软件重新打包的文件），Word 本身不会这样保存，gikplint 无法解压："
                        "请用 Word/WPS 打开后重新另存为 .docx。")
    try:
        with zf.open(info) as fh:
            xml = fh.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise ReadError("文件已损坏（正文无法解压）：请重新下载或在 Word/WPS 中重新另存为 .docx。") from None
    if len(xml) > MAX_XML_BYTES:
        raise ReadError(_BOMB)
    return xml


def _parse(xml: bytes):
    from lxml import etree

    if STRICT_URI.encode() in xml[:4096]:  # Strict Open XML names the same elements in another namespace
        xml = xml.replace(STRICT_URI.encode(), W_URI.encode())
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as e:
        if "Excessive depth" in str(e):
            raise ReadError("文档结构嵌套过深（超过 256 层，正常的 Word 文档远少于此），已拒绝读取：请在 Word/WPS 中打开后"
                            "复制正文到新文档，另存为 .docx 再检查。") from None
        raise ReadError("文件正文（word/document.xml）不是完整的 XML，文件可能已损坏：请在 Word/WPS 中重新另存为 .docx。") from None


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


def _children(parent, path: str, wanted: tuple[str, ...], nested: bool = False):
    """(element, its XPath, inside a wrapper) for the `wanted` children of
    `parent`, in order, reading through content controls (w:sdt) and custom
    XML (w:customXml). XPaths are built while walking (one pass, no
    getpath()) and read as lxml's getpath() would: a step carries its index
    when its parent has more than one child of that name, and always at the
    body's own level and for rows and cells."""
    totals: dict[str, int] = {}
    for el in parent:
        totals[el.tag] = totals.get(el.tag, 0) + 1
    counts: dict[str, int] = {}
    for el in parent:
        tag = el.tag
        if tag in wanted or tag == _SDT or tag == _CUSTOM:
            counts[tag] = counts.get(tag, 0) + 1
            wrapper = tag == _SDT or tag == _CUSTOM
            indexed = totals[tag] > 1 or not (nested or wrapper)
            here = f"{path}/{_PREFIX[tag]}" + (f"[{counts[tag]}]" if indexed else "")
            if tag == _SDT:
                content = el.find(_SDTC)
                if content is not None:
                    yield from _children(content, here + "/w:sdtContent", wanted, True)
            elif tag == _CUSTOM:
                yield from _children(el, here, wanted, True)
            else:
                yield el, here, nested


def read_docx(path: str, data: bytes) -> Document:
    root = _parse(_open_main_part(data))
    body = root.find(W + "body")
    if body is None:
        raise ReadError("文件中没有正文内容：请确认它是完整的年度报告。")
    if body.find(".//" + _ALTCHUNK) is not None:
        raise ReadError("正文通过“altChunk”嵌入了另一种格式的内容（常见于由网页或其他系统导出的文件），gikplint 无法读取这部分："
                        "请在 Word/WPS 中打开后“另存为” .docx（保存时嵌入内容会转成正文）再检查。")
    for fallback in list(body.iter(_FALLBACK)):  # the fallback copy of a text box: its text is already in mc:Choice
        fallback.getparent().remove(fallback)
    has_del = body.find(".//" + _DEL) is not None
    lines: list[str] = []
    blocks = []
    meta: dict = {}
    p_index = t_index = 0  # every paragraph and table, in order
    cells = [0]  # grid positions so far, against MAX_CELLS
    for el, xpath, _ in _children(body, "/w:document/w:body", (_P, _TBL)):
        if el.tag == _P:
            p_index += 1
            text = _text(el, has_del)
            for part in text.split("\n"):
                lines.append(part)
                if part.strip():
                    chrome = is_chrome(part)
                    if chrome:
                        harvest_meta(part, meta)
                    blocks.append(Paragraph(part.strip(), len(lines), Location(docx_paragraph=p_index, xpath=xpath),
                                            meta=chrome))
        else:
            t_index += 1
            table = _table(el, t_index, xpath, lines, has_del, cells)
            if table is not None:
                blocks.append(table)
        if len(lines) > MAX_BLOCKS:
            raise too_large("段落和表格行", len(lines), MAX_BLOCKS)
    if not blocks:
        raise ReadError("文档正文为空（没有任何文字或表格）：请确认保存的是完整的年度报告。")
    return Document(path, "docx", blocks, lines, meta)


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


def _rows(tbl, base: str, has_del: bool):
    """(grid columns skipped before the first cell, [(text, gridSpan, vMerge,
    cell number, XPath)]) of each row of a table, in order."""
    if not has_del:
        rows = _rows_in_one_pass(tbl, base)
        if rows is not None:
            yield from rows
            return
    for tr, tr_path, _ in _children(tbl, base, (_TR,)):  # a nested table's rows stay in its cell's text
        trpr = tr.find(W + "trPr")
        before = _span(trpr.find(W + "gridBefore") if trpr is not None else None, 0)
        yield before, [(*_cell(tc, has_del), c, tc_path)
                       for c, (tc, tc_path, _) in enumerate(_children(tr, tr_path, (_TC,)), 1)]


_GRIDBEFORE = W + "gridBefore"


def _rows_in_one_pass(tbl, base: str) -> list | None:
    """_rows for a plain table, in one walk over it instead of one per cell;
    None when the table holds a nested table, a content control or custom XML."""
    rows = []
    r = 0
    before, cells = 0, None
    c = 0
    out: list[str] = []
    span, vmerge, in_text = 1, None, False
    for node in tbl.iter(_TR, _GRIDBEFORE, _TC, _GRIDSPAN, _VMERGE, _P, _T, _TAB, _BR, _CR, _TBL, _SDT, _CUSTOM):
        tag = node.tag
        if tag == _T:
            out.append(node.text or "")
        elif tag == _P:
            if in_text:
                out.append("\n")
            in_text = True
        elif tag == _TC:
            if c:
                cells.append(("".join(out), span, vmerge, c, f"{base}/w:tr[{r}]/w:tc[{c}]"))
            c += 1
            out, span, vmerge, in_text = [], 1, None, False
        elif tag == _TR:
            if r:
                if c:
                    cells.append(("".join(out), span, vmerge, c, f"{base}/w:tr[{r}]/w:tc[{c}]"))
                rows.append((before, cells))
            r += 1
            before, cells, c = 0, [], 0
        elif tag == _TAB:
            out.append("\t")
        elif tag == _GRIDSPAN:
            if not in_text:
                span = _span(node)
        elif tag == _VMERGE:
            if not in_text:
                vmerge = node.get(W + "val", "continue")
        elif tag == _GRIDBEFORE:
            before = _span(node, 0)
        elif tag == _BR or tag == _CR:
            out.append("\n")
        elif node is not tbl:  # a nested table, a content control or custom XML: walk the structure instead
            return None
    if r:
        if c:
            cells.append(("".join(out), span, vmerge, c, f"{base}/w:tr[{r}]/w:tc[{c}]"))
        rows.append((before, cells))
    return rows


def _table(tbl, t_index: int, base: str, lines: list[str], has_del: bool, cells: list[int]) -> Table | None:
    grid: list[list[Cell]] = []
    first_line = len(lines) + 1
    for r, (before, tcs) in enumerate(_rows(tbl, base, has_del)):
        line = len(lines) + 1
        row: list[Cell] = [Cell("", line, r, c) for c in range(before)]  # grid columns left empty before the first cell
        col = before
        above_row = grid[-1] if grid else None
        texts = []
        for text, span, vmerge, c_index, tc_path in tcs:
            if vmerge == "continue" and above_row is not None and col < len(above_row):
                cell = above_row[col]
                texts.append("")
            else:
                text = text.strip()
                cell = Cell(text, line, r, col, Location(None, docx_table=t_index, docx_row=r + 1, docx_cell=c_index,
                                                        xpath=tc_path))
                texts.append(text.replace("\n", " "))
            row.extend([cell] * span)
            col += span
        cells[0] += len(row)
        if cells[0] > MAX_CELLS:
            raise too_large("表格单元格", cells[0], MAX_CELLS)
        grid.append(row)
        lines.append("\t" + "\t".join(texts))
    if not grid or all(c.blank for row in grid for c in row):
        return None
    return Table(grid, first_line, True, Location(docx_table=t_index, xpath=base))
