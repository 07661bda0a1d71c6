"""Blocks → the token stream grammar/report.lark is written over.

The lexer decides what each block is (heading of which section, title,
signature, chrome, paragraph, table); the grammar decides how they group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from gikplint.model import Paragraph, Table
from gikplint.parse.normalize import norm

NUMERALS = "一二三四五六"
CANONICAL = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
# What a heading's wording must contain to be the heading of its numbered
# section (domain.md §2 lists the variants; all of them contain one of these).
KEYWORDS = {
    1: ("总体情况", "概述", "总体"),
    2: ("主动公开",),
    3: ("申请",),
    4: ("复议", "诉讼"),
    5: ("问题", "改进"),
    6: ("其他",),
}
# Known wordings of the six headings (domain.md §2), for finding them inside
# text that lost its line breaks (crawled pages flatten a whole article).
VARIANTS = {
    1: ["总体情况", "概述"],
    2: ["主动公开政府信息情况", "行政机关主动公开政府信息情况"],
    3: ["收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请的情况", "政府信息公开申请情况", "依申请公开情况"],
    4: ["政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
        "政府信息公开行政复议及行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况", "行政复议和诉讼情况"],
    5: ["存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在的主要问题及改进措施",
        "存在问题及改进情况"],
    6: ["其他需要报告的事项", "其他事项"],
}
_INLINE_HEADING_RE = re.compile("|".join(
    f"{NUMERALS[n - 1]}、(?:{'|'.join(sorted(map(re.escape, words), key=len, reverse=True))})"
    for n, words in VARIANTS.items()))
_FLAT = 800  # a paragraph this long holding several headings lost its line breaks
_HEADING_RE = re.compile(r"^([一二三四五六])[、.]")
_DATE_RE = re.compile(r"^[(（]?(\d{4})年(\d{1,2})月(\d{1,2})日[)）]?$")
_SENTENCE_END = ("。", "；", ";")


def heading_number(text: str) -> int | None:
    """1–6 if the text is a top-level section heading, else None."""
    s = norm(text)
    m = _HEADING_RE.match(s)
    if not m or len(s) > 40 or s.endswith(_SENTENCE_END):
        return None
    n = NUMERALS.index(m[1]) + 1
    rest = s[2:]
    return n if any(k in rest for k in KEYWORDS[n]) else None


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
                out.append(Paragraph(part, b.line, dict(b.where)))
    return out


def lex(blocks: list) -> list[Tok]:
    toks: list[Tok] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Table):
            first = next((c for row in b.rows() for c in row if not c.blank), None)
            n = heading_number(first.text) if first is not None else None
            if n:  # a heading typed into the table's first cell: lift it out
                toks.append(Tok(f"SEC{n}", i, n, first.text))
                first.text = ""
            toks.append(Tok("TABLE", i))
        elif b.meta:
            toks.append(Tok("META", i, text=b.text))
        else:
            n = heading_number(b.text)
            toks.append(Tok(f"SEC{n}", i, n, b.text) if n else Tok("PARA", i, text=b.text))
    _mark_title(toks, blocks)
    _mark_trailer(toks, blocks)
    return toks


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
