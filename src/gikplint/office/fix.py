"""gikplint fix: the corrections that are certain and mechanical (the
findings' model.Edit: a template label's known typo, table 3's altered note,
a blank 总计 the row determines), made in a copy.

Text is replaced character by character where it differs, inside the runs
that hold it, so every run keeps its formatting: 只记这一情形 → 只计这一情形
changes one character of one w:t. Whitespace is ignored when finding the
text and kept where it was."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from difflib import SequenceMatcher

from gikplint.normalize import squash
from gikplint.office.package import W, XML_SPACE, Package, element


@dataclass
class Change:
    where: str  # 第三部分表格 第7行 第2列, 第143行
    before: str  # the whole cell, paragraph or line as it was
    after: str


def _visible(ch: str) -> bool:
    return bool(squash(ch))


def replace_in(segments: list[str], old: str, new: str) -> list[str] | None:
    """`segments` (the texts of a paragraph's runs, or one line) with every
    occurrence of `old` — whitespace ignored — made `new`, changing only the
    characters that differ; None when `old` is not there."""
    chars = [(s, c) for s, text in enumerate(segments) for c, ch in enumerate(text) if _visible(ch)]
    flat = "".join(segments[s][c] for s, c in chars)
    o, n = squash(old), squash(new)
    if not o or o == n:
        return None
    ops = [op for op in SequenceMatcher(None, o, n, autojunk=False).get_opcodes() if op[0] != "equal"]
    slots: dict[tuple[int, int], str] = {}
    pos = flat.find(o)
    if pos < 0:
        return None
    found = False
    while pos >= 0:
        if flat.startswith(n, pos):  # already reads right (本年增/ in 本年增/减): nothing to do here
            pos = flat.find(o, pos + len(n))
            continue
        found = True
        for tag, i1, i2, j1, j2 in ops:
            if tag in ("replace", "delete"):
                for k in range(i1, i2):
                    slots[chars[pos + k]] = n[j1:j2] if k == i1 else ""
            elif i1 > 0:  # insert after the character before
                key = chars[pos + i1 - 1]
                slots[key] = slots.get(key, segments[key[0]][key[1]]) + n[j1:j2]
            else:
                key = chars[pos]
                slots[key] = n[j1:j2] + slots.get(key, segments[key[0]][key[1]])
        pos = flat.find(o, pos + len(o))
    if not found:
        return None
    return ["".join(slots.get((s, c), ch) for c, ch in enumerate(text)) for s, text in enumerate(segments)]


def _texts(el) -> list:
    """The w:t of an element that show (not inside a tracked deletion)."""
    return [t for t in el.iter(W + "t") if not any(a.tag == W + "del" for a in t.iterancestors())]


def _fill(el, text: str) -> bool:
    """Write `text` into a blank cell, in a run formatted as the paragraph
    mark (else as the cell before it): False when the cell is not blank."""
    from lxml import etree

    if el.tag != W + "tc" or "".join(t.text or "" for t in _texts(el)).strip():
        return False
    p = el.find(W + "p")
    if p is None:
        p = etree.SubElement(el, W + "p")
    rpr = None
    ppr = p.find(W + "pPr")
    if ppr is not None and ppr.find(W + "rPr") is not None:
        rpr = copy.deepcopy(ppr.find(W + "rPr"))
        for tracked in rpr.findall(W + "ins") + rpr.findall(W + "del"):
            rpr.remove(tracked)
    else:
        before = el.getprevious()
        run = before.find(".//" + W + "r") if before is not None and before.tag == W + "tc" else None
        if run is not None and run.find(W + "rPr") is not None:
            rpr = copy.deepcopy(run.find(W + "rPr"))
    r = etree.SubElement(p, W + "r")
    if rpr is not None:
        r.append(rpr)
    t = etree.SubElement(r, W + "t")
    t.text = text
    return True


def fix_docx(data: bytes, findings, place) -> tuple[bytes, list[Change]]:
    pkg = Package(data)
    changes: list[Change] = []
    done: set[tuple[str, str, str]] = set()
    for f in findings:
        for e in f.edits:
            if e.target is None or (e.target.xpath, e.old, e.new) in done:
                continue
            done.add((e.target.xpath, e.old, e.new))
            el = element(pkg.document, e.target.xpath)
            if el is None:
                continue
            nodes = _texts(el)
            before = "".join(t.text or "" for t in nodes)
            if not e.old:
                if _fill(el, e.new):
                    changes.append(Change(place(e.target), "", e.new))
                continue
            after = replace_in([t.text or "" for t in nodes], e.old, e.new)
            if after is None:
                continue
            for t, text in zip(nodes, after):
                if text != (t.text or ""):
                    t.text = text
                    if text != text.strip():
                        t.set(XML_SPACE, "preserve")
            changes.append(Change(place(e.target), before, "".join(after)))
    return (pkg.save() if changes else data), changes


def fix_text(text: str, findings) -> tuple[str, list[Change]]:
    lines = text.split("\n")
    changes: list[Change] = []
    for f in findings:
        for e in f.edits:
            if e.target is not None or not e.line or not (0 < e.line <= len(lines)) or not e.old:
                continue
            after = replace_in([lines[e.line - 1]], e.old, e.new)
            if after is None:
                continue
            changes.append(Change(f"第{e.line}行", lines[e.line - 1], after[0]))
            lines[e.line - 1] = after[0]
    return "\n".join(lines), changes


def diff(changes: list[Change], name: str) -> str:
    """The changes as a unified diff a person can read: each cell, paragraph or line before and after."""
    out = [f"--- {name}", f"+++ {name}（改正后）"]
    for c in changes:
        out.append(f"@@ {c.where} @@")
        out.append("-" + " ".join(c.before.split()) if c.before.strip() else "-（空）")
        out.append("+" + " ".join(c.after.split()))
    from gikplint.textsafe import clean

    return "\n".join(clean(line) for line in out) + "\n"
