"""Blocks → the token stream grammar/report.lark is written over.

The lexer decides what each block is (heading of which section, title,
signature, chrome, paragraph, table); the grammar decides how they group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from gikplint.model import Cell, Paragraph, Table
from gikplint.normalize import norm
from gikplint.parse import sections

_SPECS = sections.specs()
_INLINE_HEADING_RE = re.compile("|".join(
    f"{spec.numeral}、(?:{'|'.join(sorted(map(re.escape, spec.variants), key=len, reverse=True))})" for spec in _SPECS))
_FLAT = 800  # a paragraph this long holding several headings lost its line breaks
_HEADING_RE = re.compile(f"^([{sections.NUMERALS}])[、.]")
_DATE_RE = re.compile(r"^[(（]?(\d{4})年(\d{1,2})月(\d{1,2})日[)）]?$")
_SENTENCE_END = ("。", "；", ";")


def heading_number(text: str) -> int | None:
    """1–6 if the text is a top-level section heading, else None."""
    if len(text) > 200:  # a paragraph, not a heading (which is at most 40 characters once normalised)
        return None
    s = norm(text)
    m = _HEADING_RE.match(s)
    if not m or len(s) > 40 or s.endswith(_SENTENCE_END):
        return None
    n = sections.NUMERALS.index(m[1]) + 1
    rest = s[2:]
    return n if any(k in rest for k in _SPECS[n - 1].keywords) else None


def sign_date(text: str):
    m = _DATE_RE.match(norm(text))
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


@dataclass
class Tok:
    type: str
    index: int  # block index
    number: int | None = None  # section number for SECn
    text: str = ""


def _is_title_text(s: str) -> bool:
    return len(s) <= 60 and "报告" in s and ("政府信息公开" in s or "年度报告" in s)


def unflatten(blocks: list) -> list:
    """Split paragraphs that hold several section headings inline (a crawled
    page's article flattened to one line) before and after each heading."""
    out = []
    for b in blocks:
        if isinstance(b, Table) or b.meta or len(b.text) < _FLAT:
            out.append(b)
            continue
        hits = list(_INLINE_HEADING_RE.finditer(b.text))
        if len(hits) < 3:
            out.append(b)
            continue
        cuts = sorted({0, len(b.text), *(m.start() for m in hits), *(m.end() for m in hits)})
        for start, end in zip(cuts, cuts[1:]):
            part = b.text[start:end].strip()
            if part:
                out.append(Paragraph(part, b.line, b.source))
    return out


def lex(blocks: list) -> list[Tok]:
    """The token of each block. `blocks` is parse's own list: a table whose
    first cell holds a section heading is replaced there by a copy without
    it (the reader's table is left as it was)."""
    toks: list[Tok] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Table):
            first = next((c for row in b.rows() for c in row if not c.blank), None)
            n = heading_number(first.text) if first is not None else None
            if n:  # a heading typed into the table's first cell: lift it out
                toks.append(Tok(f"SEC{n}", i, n, first.text))
                blocks[i] = _without(b, first)
            toks.append(Tok("TABLE", i))
        elif b.meta:
            toks.append(Tok("META", i, text=b.text))
        else:
            n = heading_number(b.text)
            toks.append(Tok(f"SEC{n}", i, n, b.text) if n else Tok("PARA", i, text=b.text))
    _mark_title(toks, blocks)
    _mark_trailer(toks, blocks)
    return toks


def _without(table: Table, cell: Cell) -> Table:
    """A copy of `table` in which `cell` is blank."""
    blank = Cell("", cell.line, cell.row, cell.col, cell.source)
    grid = [[blank if c is cell else c for c in row] for row in table.grid]
    return Table(grid, table.line, table.structured, table.source)


def _mark_title(toks: list[Tok], blocks: list) -> None:
    """The title is among the first short paragraphs before the first heading."""
    head = []
    for t in toks:
        if t.type.startswith("SEC") or t.type == "TABLE":
            break
        if t.type == "PARA":
            if len(norm(t.text)) > 60:
                break
            head.append(t)
    for k, t in enumerate(head[:6]):
        s = norm(t.text)
        nxt = head[k + 1] if k + 1 < len(head) else None
        if (nxt is not None and len(s) <= 40 and "报告" not in s and not s.endswith(_SENTENCE_END)
                and nxt.index == t.index + 1 and _is_title_text(s + norm(nxt.text))):
            t.type = nxt.type = "TITLE"
            return
        if _is_title_text(s):
            t.type = "TITLE"
            return


def _mark_trailer(toks: list[Tok], blocks: list) -> None:
    """Signing date (and the agency above it) after the last section heading."""
    body = [t for t in toks if t.type != "META"]
    if not body or not any(t.type.startswith("SEC") for t in body):
        return
    last = body[-1]
    if last.type != "PARA" or not sign_date(last.text):
        return
    last.type = "DATE"
    prev = body[-2] if len(body) > 1 else None
    if prev is not None and prev.type == "PARA" and len(norm(prev.text)) <= 30 and not norm(prev.text).endswith(_SENTENCE_END):
        prev.type = "SIGNER"
