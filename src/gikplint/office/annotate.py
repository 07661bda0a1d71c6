"""gikplint annotate: a copy of the report with every finding as a comment
where it is — a Word comment (author "gikplint") anchored at its paragraph,
cell or row in a .docx; a ``<!-- gikplint: … -->`` line above its line in a
.txt or .md. Findings that have no place of their own (a missing section,
the publication date) go into one comment on the title."""
from __future__ import annotations

from gikplint.model import SEVERITY_ZH
from gikplint.office.package import (COMMENTS_CT, COMMENTS_TYPE, UTF8_DECLARATION, W, XML_SPACE, Package, element,
                                     paragraph_of, parse_xml)
from gikplint.textsafe import clean

AUTHOR, INITIALS = "gikplint", "GK"


def comment_lines(f, titles: dict) -> list[str]:
    """A finding as a comment says it: what, where the rule's name and level, and the fix."""
    lines = [f"{f.code} {titles.get(f.code, f.name)}（{SEVERITY_ZH[f.severity]}）：{f.message}"]
    if f.fix:
        lines.append(f"建议改为：{f.fix}")
    return [_xml_safe(clean(line)) for line in lines]


def _xml_safe(text: str) -> str:
    """Only characters XML 1.0 allows (clean() already took control characters out)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xD7FF or 0xE000 <= ord(ch) <= 0xFFFD
                   or 0x10000 <= ord(ch) <= 0x10FFFF)


def annotate_docx(data: bytes, findings, titles: dict, title: str | None = None) -> tuple[bytes, int]:
    """(the annotated copy, how many findings went into the one comment on the title)."""
    from lxml import etree

    pkg = Package(data)
    body = pkg.document.find(W + "body")
    comments_name = pkg.related(COMMENTS_TYPE)
    if comments_name and pkg.has(comments_name):
        comments = parse_xml(pkg.read(comments_name))
    else:
        comments = etree.Element(W + "comments", nsmap={"w": W[1:-1]})
        if comments_name is None:  # a relationship that names a missing part is kept, and its part written
            comments_name = _free_name(pkg, "comments")
            pkg.relate(COMMENTS_TYPE, comments_name)
    pkg.declare(comments_name, COMMENTS_CT)
    ns = {"w": W[1:-1]}
    used = [int(i) for i in comments.xpath("//w:comment/@w:id", namespaces=ns) if i.lstrip("-").isdigit()]
    used += [int(i) for i in pkg.document.xpath("//w:commentRangeStart/@w:id | //w:commentReference/@w:id",
                                                 namespaces=ns) if i.lstrip("-").isdigit()]
    next_id = max(used, default=-1) + 1
    elsewhere = []
    for f in findings:
        p = paragraph_of(element(pkg.document, f.location.xpath))
        if p is None:
            elsewhere.append(f)
            continue
        _comment(comments, next_id, comment_lines(f, titles))
        _anchor(p, next_id)
        next_id += 1
    if elsewhere:
        lines = ["以下问题涉及全文或没有具体位置："]
        for f in elsewhere:
            lines.extend(comment_lines(f, titles))
        _comment(comments, next_id, lines)
        _anchor(_title_paragraph(body, title), next_id)
    pkg.put(comments_name, UTF8_DECLARATION + etree.tostring(comments, encoding="UTF-8"))
    return pkg.save(), len(elsewhere)


def _free_name(pkg: Package, stem: str) -> str:
    import posixpath

    folder = posixpath.dirname(pkg.main)
    name, n = posixpath.join(folder, f"{stem}.xml"), 1
    while pkg.has(name):
        n += 1
        name = posixpath.join(folder, f"{stem}{n}.xml")
    return name


def _comment(comments, cid: int, lines: list[str]) -> None:
    from lxml import etree

    c = etree.SubElement(comments, W + "comment", {W + "id": str(cid), W + "author": AUTHOR, W + "initials": INITIALS})
    for i, line in enumerate(lines):
        p = etree.SubElement(c, W + "p")
        if i == 0:
            etree.SubElement(etree.SubElement(p, W + "r"), W + "annotationRef")
        t = etree.SubElement(etree.SubElement(p, W + "r"), W + "t")
        t.text = line
        t.set(XML_SPACE, "preserve")


def _anchor(p, cid: int) -> None:
    """The comment's range around the paragraph's content, and its mark at the end."""
    from lxml import etree

    start = etree.Element(W + "commentRangeStart", {W + "id": str(cid)})
    ppr = p.find(W + "pPr")
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    etree.SubElement(p, W + "commentRangeEnd", {W + "id": str(cid)})
    etree.SubElement(etree.SubElement(p, W + "r"), W + "commentReference", {W + "id": str(cid)})


def _title_paragraph(body, title: str | None):
    """The paragraph holding the report's title (its start, where the title
    runs over two), else the first paragraph with text, else the first paragraph."""
    from lxml import etree

    from gikplint.normalize import squash

    want = squash(title or "")
    first = first_text = None
    for p in body.iter(W + "p"):
        first = first if first is not None else p
        text = squash("".join(t.text or "" for t in p.iter(W + "t")))
        if not text:
            continue
        first_text = first_text if first_text is not None else p
        if want and len(text) >= 4 and (want.startswith(text) or text.startswith(want)):
            return p
    if first_text is not None:
        return first_text
    if first is None:
        first = etree.Element(W + "p")
        body.insert(0, first)
    return first


def annotate_text(text: str, findings, titles: dict) -> tuple[str, int]:
    """A text report with each finding as a comment line above its line; those without a line at the top."""
    lines = text.split("\n")
    above: dict[int, list[str]] = {}
    top: list[str] = []
    for f in findings:
        said = "；".join(comment_lines(f, titles)).replace("-->", "--＞").replace("\n", " ")
        note = f"<!-- gikplint: {said} -->"
        if f.line and 0 < f.line <= len(lines):
            above.setdefault(f.line, []).append(note)
        else:
            top.append(note)
    out = list(top)
    for n, line in enumerate(lines, 1):
        indent = line[:len(line) - len(line.lstrip(" "))] if not line.startswith("\t") else ""
        out.extend(indent + note for note in above.get(n, []))
        out.append(line)
    return "\n".join(out), len(top)
