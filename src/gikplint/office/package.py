"""A .docx opened for a surgical edit: its parts as they are, the main
part parsed, and written back with every untouched part's bytes, order and
zip entry unchanged."""
from __future__ import annotations

import io
import posixpath
import zipfile

from gikplint.read import ReadError
from gikplint.read.docx import STRICT_URI, W_URI, _open_main_part, _parse

W = "{%s}" % W_URI
REL_URI = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_URI = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _declaration(data: bytes) -> bytes:
    """The part's own XML declaration, kept as it was written (Word's double quotes)."""
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        if end > 0:
            return data[:end + 2] + (b"\r\n" if data[end + 2:end + 4] == b"\r\n" else b"\n" if data[end + 2:end + 3] == b"\n" else b"")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def serialize(root, original: bytes | None = None) -> bytes:
    from lxml import etree

    return _declaration(original or b"") + etree.tostring(root, encoding="UTF-8")


class Package:
    """The parts of a .docx in their order; `document` is word/document.xml parsed."""

    def __init__(self, data: bytes):
        xml = _open_main_part(data)  # the reader's bounds: no bomb, no encrypted or old-format file
        if STRICT_URI.encode() in xml[:4096]:
            raise ReadError("这份文件是“严格 Open XML”格式，gikplint 只能读取，不能在其中写入：请在 Word 中另存为普通的 .docx 后再试。")
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.infos = self.zip.infolist()
        names = [i.filename for i in self.infos]
        self.main = "word/document.xml" if "word/document.xml" in names else next(
            n for n in names if n.endswith("/document.xml") or n == "document.xml")
        self.original: dict[str, bytes] = {self.main: xml}
        self.document = _parse(xml)
        self.changed: dict[str, bytes] = {}
        self.added: list[tuple[str, bytes]] = []

    def read(self, name: str) -> bytes:
        if name not in self.original:
            info = self.zip.getinfo(name)
            if info.file_size > 16 * 1024 * 1024:
                raise ReadError("文件中的部件解压后过大，已拒绝处理：请检查文件来源。")
            self.original[name] = self.zip.read(name)
        return self.original[name]

    def has(self, name: str) -> bool:
        return name in {i.filename for i in self.infos} or any(n == name for n, _ in self.added)

    def rels_name(self) -> str:
        folder, base = posixpath.split(self.main)
        return posixpath.join(folder, "_rels", base + ".rels")

    def related(self, rel_type: str) -> str | None:
        """The part the main part relates to by `rel_type`, if any (its name in the package)."""
        from lxml import etree

        name = self.rels_name()
        if not self.has(name):
            return None
        rels = etree.fromstring(self.read(name))
        for rel in rels:
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(self.main), target))
                return path if self.has(path) else None
        return None

    def relate(self, rel_type: str, name: str, content_type: str) -> None:
        """Register a new part `name` of `content_type`, related from the main part."""
        from lxml import etree

        rels_name = self.rels_name()
        if self.has(rels_name):
            rels = etree.fromstring(self.read(rels_name))
        else:
            rels = etree.Element("{%s}Relationships" % REL_URI, nsmap={None: REL_URI})
        ids = {r.get("Id") for r in rels}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        etree.SubElement(rels, "{%s}Relationship" % REL_URI, Id=f"rId{n}", Type=rel_type,
                         Target=posixpath.relpath(name, posixpath.dirname(self.main)))
        self.put(rels_name, serialize(rels, self.original.get(rels_name)))
        ct = etree.fromstring(self.read("[Content_Types].xml"))
        etree.SubElement(ct, "{%s}Override" % CT_URI, PartName="/" + name, ContentType=content_type)
        self.put("[Content_Types].xml", serialize(ct, self.original["[Content_Types].xml"]))

    def put(self, name: str, data: bytes) -> None:
        if name in {i.filename for i in self.infos}:
            self.changed[name] = data
        else:
            self.added = [(n, d) for n, d in self.added if n != name] + [(name, data)]

    def save(self) -> bytes:
        """The package with the changes: untouched parts copied as they were (bytes, order, entries)."""
        self.changed[self.main] = serialize(self.document, self.original[self.main])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for info in self.infos:
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.external_attr, entry.create_system = info.external_attr, info.create_system
                if info.filename in self.changed:
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(entry, self.changed[info.filename])
                else:  # the part's bytes as they were, stored the same way
                    entry.compress_type = info.compress_type
                    z.writestr(entry, self.zip.read(info))
            for name, data in self.added:
                entry = zipfile.ZipInfo(name, self.infos[0].date_time if self.infos else (1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(entry, data)
        return out.getvalue()


def element(root, xpath: str | None):
    """The element an XPath of the reader names (w:p, w:tc or w:tr), or None."""
    if not xpath:
        return None
    try:
        found = root.xpath(xpath, namespaces={"w": W_URI})
    except Exception:  # noqa: BLE001 - an XPath that does not fit this document names nothing
        return None
    return found[0] if found else None


def paragraph_of(el):
    """The paragraph to anchor at: the element itself, a cell's first, a row's first cell's first."""
    if el is None:
        return None
    if el.tag == W + "p":
        return el
    if el.tag in (W + "tc", W + "tr"):
        return el.find(".//" + W + "p")
    return None
