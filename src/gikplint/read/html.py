"""Portal pages (.html, .htm, .shtml): charset from the page or detected,
site navigation and footer dropped, tables with rowspan/colspan placed into
the grid, 发布日期/发布时间 and the page title kept as metadata, gikplint
comments kept as suppressions. Parsed with lxml's HTML parser.

One pass over the tree: element paths are built while walking (no getpath()
per element), and spans never reach beyond the table's own rows."""
from __future__ import annotations

import re

from gikplint.model import Cell, Document, Location, Paragraph, Suppression, Table
from gikplint.read import MAX_BLOCKS, MAX_CELLS, NotAReport, ReadError, check_text_size, too_large
from gikplint.read.common import harvest_meta, is_chrome, parse_suppression

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CJK_ENCODINGS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "section", "article", "blockquote",
          "pre", "center", "ul", "ol", "dl", "main", "td", "th", "tr", "tbody", "thead", "font", "span"}
_DROPPED = "gikplint-dropped"  # site chrome found by its id or class
_DROP_TAGS = {"script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
              "select", "input", "textarea", "svg", "object", "embed", _DROPPED}
_CHROME_HINT_RE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|header|head|breadcrumb|crumb|share|sidebar|"
                             r"toolbar|location|position|bottom|copyright|search|topbar)(?:$|[\s_-])", re.I)
_CONTENT_HINT_RE = re.compile(r"content|article|zoom|trs_editor|detail|main|text|zw|nr", re.I)


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    m = _META_CHARSET_RE.search(data[:4096])
    if m:
        name = m[1].decode("ascii").lower()
        name = _CJK_ENCODINGS.get(name, name)
        try:
            return data.decode(name), name
        except (LookupError, UnicodeError):  # unknown, not a text encoding, or Python's "undefined" codec
            pass
    from gikplint.read.text import decode as decode_text

    return decode_text(data)


def _text(el) -> str:
    """Text of an element, <br> as a line break, dropped elements left out."""
    if not len(el):  # most cells and paragraphs: text only
        return (el.text or "").replace("\xa0", " ") if el.tag != "br" else "\n"
    out = []

    def walk(node):
        if node.tag is not None and isinstance(node.tag, str):
            if node.tag == "br":
                out.append("\n")
            elif node.text:
                out.append(node.text)
            for child in node:
                if isinstance(child.tag, str) and child.tag not in _DROP_TAGS:
                    walk(child)
                if child.tail:
                    out.append(child.tail)

    walk(el)
    return "".join(out).replace("\xa0", " ")


def _hinted(el, pattern) -> bool:
    hint = f"{el.get('id', '')} {el.get('class', '')}"
    return bool(hint.strip()) and bool(pattern.search(hint))


def read_html(path: str, data: bytes) -> Document:
    check_text_size(data, "网页文件")
    text, encoding = decode(data)
    from lxml import etree, html

    parser = html.HTMLParser(encoding="utf-8", no_network=True)
    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        raise ReadError("网页内容为空或无法解析：请确认保存的是完整的报告网页。") from None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise ReadError("网页结构嵌套过深（超过 256 层，正常网页远少于此），无法可靠读取：请保存报告正文页面，"
                        "或把正文复制到 Word/WPS 另存为 .docx 再检查。")
    generator = root.find(".//meta[@name='generator']")
    if generator is not None and (generator.get("content") or "").startswith("gikplint"):
        raise NotAReport("是 gikplint 生成的检查结果页面")
    meta: dict = {"encoding": encoding}
    title = root.find(".//title")
    if title is not None and title.text and title.text.strip():
        meta.setdefault("page_title", title.text.strip())
    for line in _text(root).splitlines():  # 发布日期 may sit in chrome that is dropped below
        if is_chrome(line.strip()):
            harvest_meta(line.strip(), meta)
    for el in root.iter("div", "ul", "table", "section"):
        if _hinted(el, _CHROME_HINT_RE) and not _hinted(el, _CONTENT_HINT_RE):
            el.tag = _DROPPED  # left out from here on, its tail text kept
    body = root.find("body")
    if body is None:
        body = root
    lines: list[str] = []
    blocks: list = []
    suppressions: list[Suppression] = []
    _walk(body, "/html/body" if body is not root else "/html", blocks, lines, meta, suppressions, [0])
    if not blocks:
        raise ReadError("网页中没有正文内容：请确认保存的是报告正文页面，而不是栏目页或跳转页。")
    return Document(path, "html", blocks, lines, meta, suppressions)


def _paragraph(text: str, el, path: str, blocks, lines, meta) -> None:
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        lines.append(part)
        if len(lines) > MAX_BLOCKS:
            raise too_large("段落和表格行", len(lines), MAX_BLOCKS)
        chrome = is_chrome(part)
        if chrome:
            harvest_meta(part, meta)
        blocks.append(Paragraph(part, len(lines), Location(xpath=path, source_line=el.sourceline or None), meta=chrome))


def _has_block_children(el) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _BLOCK or c.tag == "table") and c.tag not in ("font", "span")
               for c in el)


def _elements(el, path: str):
    """(child, its path) for the element children of `el`, paths built while
    walking and read as lxml's getpath() would (a step carries its index
    when its parent has more than one child of that name)."""
    totals: dict[str, int] = {}
    for child in el:
        if isinstance(child.tag, str):
            totals[child.tag] = totals.get(child.tag, 0) + 1
    counts: dict[str, int] = {}
    for child in el:
        if isinstance(child.tag, str):
            counts[child.tag] = counts.get(child.tag, 0) + 1
            step = f"{child.tag}[{counts[child.tag]}]" if totals[child.tag] > 1 else child.tag
            yield child, f"{path}/{step}"
        else:
            yield child, path


def _walk(el, path: str, blocks, lines, meta, suppressions, cells: list[int]) -> None:
    if el.text and el.text.strip() and _has_block_children(el):
        _paragraph(el.text, el, path, blocks, lines, meta)
    for child, child_path in _elements(el, path):
        if child.tag in _DROP_TAGS:
            pass
        elif not isinstance(child.tag, str):  # a comment: maybe a suppression
            sup = parse_suppression(f"<!--{child.text or ''}-->")
            if sup:
                suppressions.append(Suppression(sup[0], tuple(sup[1]), len(lines)))
        elif child.tag == "table":
            rows = list(_rows(child, child_path))
            if any(cell.find(".//table") is not None for _, _, tds in rows for cell, _ in tds):
                for _, _, tds in rows:  # a layout table: its cells hold the content
                    for cell, cell_path in tds:
                        _walk(cell, cell_path, blocks, lines, meta, suppressions, cells)
            else:
                table = _table(rows, child_path, lines, cells)
                if table is not None:
                    blocks.append(table)
        elif _has_block_children(child):
            _walk(child, child_path, blocks, lines, meta, suppressions, cells)
        else:
            _paragraph(_text(child), child, child_path, blocks, lines, meta)
        if child.tail and child.tail.strip():
            _paragraph(child.tail, el, path, blocks, lines, meta)


def _rows(tbl, path: str):
    """(tr, its path, [(td or th, its path)]) of this table's own rows, through
    thead/tbody/tfoot, not those of tables nested in its cells."""
    for child, child_path in _elements(tbl, path):
        if child.tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child, child_path)
        elif child.tag == "tr":
            yield child, child_path, [(td, p) for td, p in _elements(child, child_path) if td.tag in ("td", "th")]


def _table(rows, path: str, lines, cells: list[int]) -> Table | None:
    grid: list[list[Cell]] = []
    pending: dict[tuple[int, int], Cell] = {}  # (row, col) covered by a rowspan from above
    first = len(lines) + 1
    for r, (tr, _, tds) in enumerate(rows):
        line = len(lines) + 1
        row: list[Cell] = []
        col = 0
        for td, td_path in tds:
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            try:
                colspan = max(1, min(int(td.get("colspan", "1")), 64))
                rowspan = max(1, min(int(td.get("rowspan", "1")), len(rows) - r))  # never past the last row
            except ValueError:
                colspan = rowspan = 1
            cells[0] += colspan * rowspan
            if cells[0] > MAX_CELLS:
                raise too_large("表格单元格", cells[0], MAX_CELLS)
            cell = Cell(_text(td).strip(), line, r, col, Location(xpath=td_path, source_line=td.sourceline or None))
            for c in range(col, col + colspan):
                row.append(cell)
                for rr in range(r + 1, r + rowspan):
                    pending[(rr, c)] = cell
            col += colspan
        while (r, col) in pending:
            row.append(pending.pop((r, col)))
            col += 1
        grid.append(row)
        seen, texts = set(), []
        for c in row:
            if id(c) not in seen:
                seen.add(id(c))
                texts.append(c.text.replace("\n", " ") if c.row == r else "")
        lines.append("\t" + "\t".join(texts))
        if len(lines) > MAX_BLOCKS:
            raise too_large("段落和表格行", len(lines), MAX_BLOCKS)
    if not grid or all(c.blank for row in grid for c in row):
        return None
    return Table(grid, first, True, Location(xpath=path))
