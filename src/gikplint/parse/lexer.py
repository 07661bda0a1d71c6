"""Blocks → the token stream grammar/report.lark is written over.

The lexer decides what each block is (heading of which section, title,
signature, chrome, paragraph, table); the grammar decides how they group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from gikplint.model import Cell, Paragraph, Table
from gikplint.normalize import loose, norm
from gikplint.parse import sections

_SPECS = sections.specs()
_INLINE_HEADING_RE = re.compile("|".join(
    f"{spec.numeral}、(?:{'|'.join(sorted(map(re.escape, spec.variants), key=len, reverse=True))})" for spec in _SPECS))
_FLAT = 800  # a paragraph this long holding several headings lost its line breaks
_HEADING_RE = re.compile(f"^([{sections.WRITTEN_NUMERALS}])[、.]")
_DATE_RE = re.compile(r"^[(（]?(\d{4})年(\d{1,2})月(\d{1,2})日[)）]?$")
_SENTENCE_END = ("。", "；", ";")


def heading_number(text: str) -> int | None:
    """1–6 if the text is a top-level section heading, else None. A heading
    is the section its wording names: the numeral's own section when the
    wording has that section's keyword, else the section whose known wording
    it is, within a slip of a character or two, whatever its numeral (a
    report that numbers the parts differently is misnumbered, GK102)."""
    if len(text) > 200:  # a paragraph, not a heading (which is at most 40 characters once normalised)
        return None
    s = norm(text)
    m = _HEADING_RE.match(s)
    if not m or len(s) > 40 or s.endswith(_SENTENCE_END):
        return None
    rest = s[2:]
    if m[1] in sections.NUMERALS:
        n = sections.NUMERALS.index(m[1]) + 1
        if any(k in rest for k in _SPECS[n - 1].keywords):
            return n
    hit = sections.closest(loose(rest))
    return hit[0] if hit else None


def sign_date(text: str):
    m = _DATE_RE.match(norm(text))
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


@dataclass
class Tok:
    type: str
    index: int  # block index
    number: int | None = None  # section number for SECn
    text: str = ""


def is_title_text(s: str) -> bool:
    """A (normalised) text that reads as a report's title: short, naming the
    report; not a sentence about it ("本报告依据《…条例》…", a preamble's
    first printed line; a title set in 《》 as a whole is still a title),
    nor a notice about reports ("关于做好…年度报告编制发布工作的通知")."""
    inner = s[1:-1] if s.startswith("《") and s.endswith("》") else s
    return (len(s) <= 60 and "报告" in s and ("政府信息公开" in s or "年度报告" in s)
            and not s.startswith(_PREAMBLE_OPENINGS) and "《" not in inner and not OTHER_DOCUMENT_RE.search(inner))


_PREAMBLE_OPENINGS = ("本报告", "根据", "依据", "按照", "依照", "现将", "为")
# a line that names another document about the reports: a notice, a plan, news of one, an explainer
OTHER_DOCUMENT_RE = re.compile(r"^关于|^(?:图解|解读|一图读懂|图说|政策解读)|(?:发布|公布|印发)[^，。；]*年度报告"
                               r"|(?:通知|通报|意见|函|批复|公告|方案|要点|计划|办法|规定|总结)$")


def unflatten(blocks: list) -> list:
    """Split paragraphs that lost their line breaks: one that holds several
    section headings inline (a crawled page's article flattened to one line)
    before and after each heading, and a first paragraph that opens with the
    title and runs on into the preamble ("某局2019年政府信息公开工作年度报告 根据…")."""
    out = []
    first = True
    for b in blocks:
        if isinstance(b, Table) or b.meta:
            out.append(b)
            continue
        if first:
            first = False
            title = _title_prefix(b.text)
            if title:
                out.append(Paragraph(title, b.line, b.source))
                b = Paragraph(b.text[len(title):].strip(), b.line, b.source)
        if len(b.text) < _FLAT:
            out.append(b)
            continue
        hits = [(m.start(), m.end()) for m in _INLINE_HEADING_RE.finditer(b.text)]
        if len(hits) < 3:
            out.append(b)
            continue
        hits += _inexact_headings(b.text, hits)
        cuts = sorted({0, len(b.text), *(a for a, _ in hits), *(z for _, z in hits)})
        for start, end in zip(cuts, cuts[1:]):
            part = b.text[start:end].strip()
            if part:
                out.append(Paragraph(part, b.line, b.source))
    return out


_NUMBERED_RE = re.compile(f"[{sections.NUMERALS}]、")
_INEXACT_TRIES = 20  # places a numeral is tried at, per paragraph: "一、" recurs in lists
_HEADING_END = set("0123456789（(。，；：:")


def _inexact_headings(text: str, exact: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inline headings of a flattened article worded otherwise than any known
    wording: a slip of a character or two ("四、政府信息公开行政法复议、行政诉讼情况"),
    or a known wording's first words with the section's keyword, ending where
    the text turns to numbers or punctuation ("五、存在的主要问题及明年工作计划2024年…")."""
    out = []
    found = {text[a] for a, _ in exact}  # numerals already heading a section: looked for no further
    tried: dict[str, int] = {}
    for m in _NUMBERED_RE.finditer(text):
        if m[0][0] in found or any(a <= m.start() < z for a, z in exact):
            continue
        tried[m[0][0]] = tried.get(m[0][0], 0) + 1
        if tried[m[0][0]] > _INEXACT_TRIES:
            continue
        n = sections.NUMERALS.index(m[0][0]) + 1
        spec = _SPECS[n - 1]
        window = text[m.end():m.end() + 40]
        best = None
        for w in spec.wordings():
            for size in range(max(4, len(w) - 2), len(w) + 4):
                d = sections.edits(loose(window[:size]), w, 2)
                if d is not None and (best is None or (d, -size) < best):
                    best = (d, -size)
        if best is not None:
            out.append((m.start(), m.end() - best[1]))
            continue
        head = loose(window)
        if any(_common_prefix(head, w) >= 6 for w in spec.wordings()):
            end = next((i for i, ch in enumerate(window) if ch in _HEADING_END), len(window))
            if 4 <= end <= 30 and any(k in window[:end] for k in spec.keywords):
                out.append((m.start(), m.end() + end))
    return out


def _common_prefix(a: str, b: str) -> int:
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return k


_TITLE_PREFIX_RE = re.compile(r"[^\s。，；：:]{4,60}?报告(?=\s)")


def _title_prefix(text: str) -> str | None:
    """The title at the start of a paragraph that runs on, set off by a space."""
    m = _TITLE_PREFIX_RE.match(text)
    if m is None or len(text) - m.end() < 4 or "政府信息公开" not in m[0] or not is_title_text(norm(m[0])):
        return None
    return m[0]


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
                and nxt.index == t.index + 1 and is_title_text(s + norm(nxt.text))):
            t.type = nxt.type = "TITLE"
            return
        if is_title_text(s):
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
