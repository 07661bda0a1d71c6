"""Portal pages (.html, .htm, .shtml): charset from the page or detected,
site navigation and footer dropped, tables with rowspan/colspan placed into
the grid, 发布日期/发布时间 and the page title kept as metadata, gikplint
comments kept as suppressions. Parsed with lxml's HTML parser."""
from __future__ import annotations

import re

from gikplint.model import Cell, Document, Paragraph, Table
from gikplint.read import ReadError
from gikplint.read.common import harvest_meta, is_chrome

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CJK_ENCODINGS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "section", "article", "blockquote",
          "pre", "center", "ul", "ol", "dl", "main", "td", "th", "tr", "tbody", "thead", "font", "span"}
_DROP_TAGS = {"script", "style", "noscript", "iframe", "nav", "header", "footer", "aside", "form", "button",
              "select", "input", "textarea", "svg", "object", "embed"}
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
        except (LookupError, UnicodeDecodeError):
            pass
    from gikplint.read.text import decode as decode_text

    return decode_text(data)


def _text(el) -> str:
    """Text of an element, <br> as a line break, dropped elements left out."""
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
    text, encoding = decode(data)
    from lxml import etree, html

    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8", no_network=True))
    except (etree.ParserError, ValueError):
        raise ReadError("网页内容为空或无法解析：请确认保存的是完整的报告网页。") from None
    meta: dict = {"encoding": encoding}
    title = root.find(".//title")
    if title is not None and title.text and title.text.strip():
        meta.setdefault("page_title", title.text.strip())
    for line in _text(root).splitlines():  # 发布日期 may sit in chrome that is dropped below
        if is_chrome(line.strip()):
            harvest_meta(line.strip(), meta)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        if el.tag in _DROP_TAGS or (el.tag in ("div", "ul", "table", "section") and _hinted(el, _CHROME_HINT_RE)
                                    and not _hinted(el, _CONTENT_HINT_RE)):
            parent = el.getparent()
            if parent is not None:
                _drop(el)
    body = root.find("body")
    if body is None:
        body = root
    lines: list[str] = []
    blocks: list = []
    tree = root.getroottree()
    _walk(body, blocks, lines, meta, tree)
    if not blocks:
        raise ReadError("网页中没有正文内容：请确认保存的是报告正文页面，而不是栏目页或跳转页。")
    doc = Document(path, "html", blocks, lines, meta)
    from gikplint.suppress import attach_ranges

    attach_ranges(doc)
    return doc


def _drop(el) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _paragraph(text: str, el, blocks, lines, meta, tree) -> None:
    for part in text.split("\n"):
        part = part.strip()
        if not part:
            continue
        lines.append(part)
        chrome = is_chrome(part)
        if chrome:
            harvest_meta(part, meta)
        where = {"xpath": tree.getpath(el)}
        if el.sourceline:
            where["source_line"] = el.sourceline
        blocks.append(Paragraph(part, len(lines), where, meta=chrome))


def _has_block_children(el) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _BLOCK or c.tag == "table") and c.tag not in ("font", "span")
               for c in el)


def _walk(el, blocks, lines, meta, tree) -> None:
    from gikplint.read.text import SUPPRESS_RE

    if el.text and el.text.strip() and _has_block_children(el):
        _paragraph(el.text, el, blocks, lines, meta, tree)
    for child in el:
        if not isinstance(child.tag, str):  # a comment: maybe a suppression
            m = SUPPRESS_RE.match(f"<!--{child.text or ''}-->")
            if m:
                codes = [c.strip().upper() for c in (m[2] or "").split(",") if c.strip()]
                meta.setdefault("suppressions", []).append({"kind": m[1], "codes": codes, "line": len(lines)})
        elif child.tag == "table":
            if child.find(".//table") is not None:  # a layout table: its cells hold the content
                for cell in _own_cells(child):
                    _walk(cell, blocks, lines, meta, tree)
            else:
                table = _table(child, blocks, lines, tree)
                if table is not None:
                    blocks.append(table)
        elif _has_block_children(child):
            _walk(child, blocks, lines, meta, tree)
        else:
            _paragraph(_text(child), child, blocks, lines, meta, tree)
        if child.tail and child.tail.strip():
            _paragraph(child.tail, el, blocks, lines, meta, tree)


def _own_cells(tbl):
    """The cells of this table, not of the tables nested in it."""
    return [c for c in tbl.iter("td", "th") if next(c.iterancestors("table")) is tbl]


def _table(tbl, blocks, lines, tree) -> Table | None:
    grid: list[list[Cell]] = []
    pending: dict[tuple[int, int], Cell] = {}  # (row, col) covered by a rowspan from above
    first = len(lines) + 1
    rows = [tr for tr in tbl.iter("tr")]
    for r, tr in enumerate(rows):
        line = len(lines) + 1
        row: list[Cell] = []
        col = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            while (r, col) in pending:
                row.append(pending.pop((r, col)))
                col += 1
            try:
                colspan = max(1, min(int(td.get("colspan", "1")), 64))
                rowspan = max(1, min(int(td.get("rowspan", "1")), 500))
            except ValueError:
                colspan = rowspan = 1
            where = {"xpath": tree.getpath(td)}
            if td.sourceline:
                where["source_line"] = td.sourceline
            cell = Cell(_text(td).strip(), line, r, col, where)
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
    if not grid or all(c.blank for row in grid for c in row):
        return None
    return Table(grid, first, True, {"xpath": tree.getpath(tbl)})
