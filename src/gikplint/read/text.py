"""Plain text and Markdown: decoding, tab-led tables, pipe tables, chrome.

Tables arrive in real text three ways: tab-led cell lines with blank lines
between rows (text extracted from .docx), one cell per line (pasted from a
web page; recognised later, in parse, where the section is known), and
Markdown pipe rows. The first and last become Table blocks here.
"""
from __future__ import annotations

import re

from gikplint.model import Cell, Document, Paragraph, Suppression, Table
from gikplint.read import MAX_BLOCKS, ReadError, check_text_size, too_large
from gikplint.normalize import squash
from gikplint.read.common import harvest_meta, is_annotation, is_chrome, parse_suppression, split_chrome

# Every pattern here sees untrusted text: none has two quantifiers that can
# match the same characters one after the other (no catastrophic backtracking).
_HEADING_RE = re.compile(r"^[\s#]*[一二三四五六七八九十]+[、.．]")
_SEPARATOR_CHARS = frozenset(" \t:|-")
# Encodings a report plausibly comes in; charset-normalizer chooses among them.
_CANDIDATES = ["utf_8", "gb18030", "gbk", "gb2312", "big5", "utf_16"]


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name). UTF-8 (with or without BOM) first."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    if b"\x00" in data[:4096]:
        return _utf16_or_binary(data)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding is None:
        raise ReadError("无法识别文件编码：请在编辑器中将文件另存为 UTF-8 编码后再检查。")
    return str(best), best.encoding


def _utf16_or_binary(data: bytes) -> tuple[str, str]:
    """NUL bytes: UTF-16 saved without its byte-order mark, or not text at all."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if best is not None and best.encoding and best.chaos < 0.2:
        try:
            return data.decode(best.encoding), best.encoding
        except UnicodeDecodeError:
            pass
    raise ReadError("文件含有二进制内容（NUL 字节），不是文本文件：请提供 .docx、.txt 或 .html 格式的报告。")


def blank(line: str) -> bool:
    return not squash(line)


def read_text(path: str, data: bytes, kind: str = "text") -> Document:
    check_text_size(data, "文本文件")
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if len(lines) > MAX_BLOCKS:
        raise too_large("文件行数", len(lines), MAX_BLOCKS)
    if all(blank(l) for l in lines):
        raise ReadError("文件没有任何文字内容：请确认保存的是完整的年度报告。")
    if sum(ch.isprintable() or ch in "\t\n" for ch in text[:20000]) < 0.9 * min(len(text), 20000):
        raise ReadError("文件内容不是可读的文字（疑似二进制或编码错误）：请另存为 UTF-8 文本或直接检查 .docx。")
    meta: dict = {"encoding": encoding}
    blocks = []
    suppressions: list[Suppression] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            table, i = _tab_table(lines, i)
            if table is not None:
                blocks.append(table)
            continue
        if is_annotation(line):
            i += 1
            continue
        sup = parse_suppression(line)
        if sup:
            suppressions.append(Suppression(sup[0], tuple(sup[1]), i + 1))
            i += 1
            continue
        if _is_pipe_row(line):
            table, i = _pipe_table(lines, i)
            blocks.append(table)
            continue
        if not blank(line):
            split = split_chrome(line)
            if split:  # a portal's navigation ran into the article
                harvest_meta(split[0], meta)
                blocks.append(Paragraph(split[0], i + 1, meta=True))
                line = split[1]
            chrome = is_chrome(line)
            if chrome:
                harvest_meta(line, meta)
            blocks.append(Paragraph(line.strip(), i + 1, meta=chrome))
        i += 1
    return Document(path, kind, blocks, lines, meta, suppressions)


def _tab_table(lines: list[str], i: int) -> tuple[Table | None, int]:
    """Cells are lines led by a TAB; rows are separated by blank lines; a
    line without a TAB right after a non-empty cell continues that cell."""
    start = i
    rows: list[list[Cell]] = [[]]
    last: Cell | None = None  # the cell a continuation line would extend
    more: dict[int, list[str]] = {}  # continuation lines by cell, joined once at the end
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            for part in line.split("\t")[1:]:
                r = len(rows) - 1
                cell = Cell(part, i + 1, r, len(rows[-1]))
                rows[-1].append(cell)
                last = cell if part.strip() else None
        elif is_annotation(line):
            pass
        elif blank(line):
            if rows[-1]:
                rows.append([])
            last = None
        elif last is not None and not _HEADING_RE.match(line):
            more.setdefault(id(last), [last.text]).append(line)
        else:
            break
        i += 1
    rows = [r for r in rows if r]
    for row in rows:
        for cell in row:
            if id(cell) in more:
                cell.text = "\n".join(more[id(cell)])
    if not rows or all(c.blank for r in rows for c in r):
        return None, i
    return Table(rows, start + 1, True), i


def _is_pipe_row(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2


def _pipe_table(lines: list[str], i: int) -> tuple[Table, int]:
    start = i
    rows: list[list[Cell]] = []
    while i < len(lines) and (_is_pipe_row(lines[i]) or is_annotation(lines[i])):
        s = lines[i].strip()
        if is_annotation(s):
            pass
        elif not (_SEPARATOR_CHARS.issuperset(s) and "---" in s):  # not the |---|:--| line
            parts = s.strip("|").split("|")
            r = len(rows)
            rows.append([Cell(p.strip(), i + 1, r, c) for c, p in enumerate(parts)])
        i += 1
    return Table(rows, start + 1, True), i
