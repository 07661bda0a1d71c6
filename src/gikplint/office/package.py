"""A .docx opened for a surgical edit: its parts as they are, the main
part parsed, and written back with every untouched part's bytes, name and
order unchanged. Whatever is wrong with the package is a ReadError in
Chinese, never a traceback."""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib

from gikplint.read import ReadError
from gikplint.read.docx import STRICT_URI, W_URI, _open_main_part, _parse, main_part_name

W = "{%s}" % W_URI
REL_URI = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_URI = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
UTF8_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_BROKEN = "文件中的部件已损坏，gikplint 无法在副本中写入：请在 Word/WPS 中打开后另存为 .docx 再试。"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, KeyError)


def _declaration(data: bytes) -> bytes:
    """The part's own XML declaration, kept as it was written (Word's double
    quotes), when it declares UTF-8, the encoding the part is written in."""
    if data.startswith(b"<?xml"):
        end = data.find(b"?>")
        declared = re.search(rb"encoding\s*=\s*[\"']([A-Za-z0-9_.-]+)", data[:end]) if end > 0 else None
        if end > 0 and (declared is None or declared[1].lower() in (b"utf-8", b"utf8")):
            after = data[end + 2:end + 4]
            return data[:end + 2] + (b"\r\n" if after == b"\r\n" else b"\n" if after[:1] == b"\n" else b"")
    return UTF8_DECLARATION


def serialize(root, original: bytes | None = None) -> bytes:
    from lxml import etree

    return _declaration(original or b"") + etree.tostring(root, encoding="UTF-8")


def parse_xml(data: bytes):
    """Another part than the main one, parsed as the reader parses: no entities, no network, no DTD."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise ReadError(_BROKEN) from None


class Package:
    """The parts of a .docx in their order; `document` is the main part parsed."""

    def __init__(self, data: bytes):
        xml = _open_main_part(data)  # the reader's bounds: no bomb, no encrypted or old-format file
        if STRICT_URI.encode() in xml[:4096]:
            raise ReadError("这份文件是“严格 Open XML”格式，gikplint 只能读取，不能在其中写入：请在 Word 中另存为普通的 .docx 后再试。")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.zip.infolist()
        except _ZIP_ERRORS:
            raise ReadError(_BROKEN) from None
        for info in self.infos:
            if not info.filename.isascii() and not info.flag_bits & 0x800:
                raise ReadError("文件中有部件的名称不是 UTF-8 编码（常见于用压缩软件重新打包的文件），写入副本会改变它的名称："
                                "请在 Word/WPS 中打开后另存为 .docx 再试。")
        self.names = {i.filename for i in self.infos}
        self.main = main_part_name(self.names)
        self.original: dict[str, bytes] = {self.main: xml}
        self.document = _parse(xml)
        self.changed: dict[str, bytes] = {}
        self.added: list[tuple[str, bytes]] = []

    def read(self, name: str) -> bytes:
        if name not in self.original:
            try:
                info = self.zip.getinfo(name)
                if info.file_size > 16 * 1024 * 1024:
                    raise ReadError("文件中的部件解压后过大，已拒绝处理：请检查文件来源。")
                self.original[name] = self.zip.read(name)
            except _ZIP_ERRORS:
                raise ReadError(_BROKEN) from None
        return self.original[name]

    def has(self, name: str) -> bool:
        return name in self.names or any(n == name for n, _ in self.added)

    def rels_name(self) -> str:
        folder, base = posixpath.split(self.main)
        return posixpath.join(folder, "_rels", base + ".rels")

    def related(self, rel_type: str) -> str | None:
        """The name of the part the main part relates to by `rel_type` (which may be missing), if any."""
        name = self.rels_name()
        if not self.has(name):
            return None
        for rel in parse_xml(self.read(name)):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(posixpath.dirname(self.main), target))
        return None

    def relate(self, rel_type: str, name: str) -> None:
        """Relate the main part to the new part `name` by `rel_type`."""
        from lxml import etree

        rels_name = self.rels_name()
        if self.has(rels_name):
            rels = parse_xml(self.read(rels_name))
        else:
            rels = etree.Element("{%s}Relationships" % REL_URI, nsmap={None: REL_URI})
        ids = {r.get("Id") for r in rels}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        etree.SubElement(rels, "{%s}Relationship" % REL_URI, Id=f"rId{n}", Type=rel_type,
                         Target=posixpath.relpath(name, posixpath.dirname(self.main)))
        self.put(rels_name, serialize(rels, self.original.get(rels_name)))

    def declare(self, name: str, content_type: str) -> None:
        """Give the part `name` its content type, unless [Content_Types].xml already does."""
        from lxml import etree

        ct = parse_xml(self.read("[Content_Types].xml"))
        if any(o.get("PartName", "").lower() == "/" + name.lower() for o in ct.iter("{%s}Override" % CT_URI)):
            return
        etree.SubElement(ct, "{%s}Override" % CT_URI, PartName="/" + name, ContentType=content_type)
        self.put("[Content_Types].xml", serialize(ct, self.original["[Content_Types].xml"]))

    def put(self, name: str, data: bytes) -> None:
        if name in self.names:
            self.changed[name] = data
        else:
            self.added = [(n, d) for n, d in self.added if n != name] + [(name, data)]

    def save(self) -> bytes:
        """The package with the changes: untouched parts copied as they were (bytes, names, order)."""
        self.changed[self.main] = serialize(self.document, self.original[self.main])
        out = io.BytesIO()
        try:
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
        except _ZIP_ERRORS:
            raise ReadError(_BROKEN) from None
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
