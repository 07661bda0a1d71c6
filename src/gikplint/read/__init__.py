"""Readers: any supported file → one neutral Document.

Each reader raises ReadError with a Chinese message that says what is wrong
and what to do; the caller turns it into a GK901 finding. Readers never
write to their input, and every reader stays within the limits below: a
small hostile file must not expand into a large structure.
"""
from __future__ import annotations

import errno
import os
import stat

from gikplint.model import Document
from gikplint.textsafe import os_reason

MAX_BYTES = 50 * 1024 * 1024  # any input (a .docx may carry images); larger ones are refused unread
MAX_TEXT_BYTES = 10 * 1024 * 1024  # text and web pages: reports are well under 1 MB of text
MAX_BLOCKS = 200_000  # paragraphs, lines and table rows of one document
MAX_CELLS = 200_000  # grid positions of all tables of one document (merged cells counted per position)

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
DOCX_SUFFIXES = {".docx"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
LEGACY_SUFFIXES = {".doc", ".wps", ".wpt", ".dot"}
PDF_SUFFIXES = {".pdf"}


class ReadError(Exception):
    """The file cannot be read; the message (Chinese) says why and what to do."""


class NotAReport(Exception):
    """The file is readable but is plainly not a report (gikplint's own
    result page): skipped, with the message as the reason."""


def too_large(what: str, count: int, limit: int) -> ReadError:
    """A document that would expand beyond the readers' limits."""
    return ReadError(f"{what}超过上限（{count:,} 个，上限 {limit:,} 个），已拒绝读取：年度报告远小于此，"
                     "请确认选对了文件，或检查文件来源。")


def check_text_size(data: bytes, kind: str) -> None:
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(f"{kind}过大（{len(data) / 1048576:.1f} MB，上限 {MAX_TEXT_BYTES // 1048576} MB）："
                        "年度报告的文字通常不足 1 MB，请确认选对了文件。")


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "是文件夹"
    if stat.S_ISFIFO(mode):
        return "是管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "是套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备文件"
    return "不是普通文件"


def load_bytes(path: str | os.PathLike) -> bytes:
    """The file's bytes, at most MAX_BYTES. Opened without blocking and
    checked on the open descriptor: a FIFO or device put in a report's place
    after a directory listing is refused, never waited on."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ReadError("文件不存在（或是指向不存在文件的链接）：请检查路径是否正确。") from None
    except IsADirectoryError:
        raise ReadError("是文件夹，不是文件。") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ReadError("符号链接形成循环，无法打开。") from None
        raise ReadError(f"无法打开文件（{os_reason(e)}）：请检查文件权限。") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadError(f"{_kind_of(st.st_mode)}，不是普通文件，无法检查。")
        if st.st_size == 0:
            raise ReadError("文件为空（0 字节）：请确认保存的是完整的年度报告。")
        if st.st_size >= MAX_BYTES:
            raise ReadError(
                f"文件过大（{st.st_size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB）："
                "年度报告通常不足 1 MB，请确认没有嵌入大图片或选错文件。"
            )
        try:
            data = fh.read(MAX_BYTES)
        except OSError as e:
            raise ReadError(f"无法读取文件（{os_reason(e)}）：请检查文件权限。") from None
    if not data:
        raise ReadError("文件为空（0 字节）：请确认保存的是完整的年度报告。")
    return data


def read(path: str | os.PathLike, reader) -> Document:
    """`reader(path, data)` returns a Document or None: the plugins'
    gikplint_read, asked through the host (the national readers are one of them)."""
    return read_data(str(path), load_bytes(path), reader)


def read_data(path: str, data: bytes, reader) -> Document:
    """The same for bytes already in hand (standard input): `path` is the
    name they go by, whose suffix chooses the reader (.txt when it has none)."""
    if not data:
        raise ReadError("没有读到任何内容（标准输入为空）。")
    if len(data) > MAX_BYTES:
        raise ReadError(f"内容过大（超过 {MAX_BYTES // 1048576} MB）：年度报告通常不足 1 MB。")
    if path == "-" or not os.path.splitext(path)[1]:
        path = (path if path != "-" else "标准输入") + ".txt"
    doc = reader(str(path), data)
    if doc is None:
        suffix = os.path.splitext(str(path))[1].lower()
        raise ReadError(f"不支持的文件类型“{suffix or '无扩展名'}”：gikplint 可检查 .docx、.pdf、.html、.txt、.md 文件。")
    return doc
