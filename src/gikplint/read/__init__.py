"""Readers: any supported file → one neutral Document.

Each reader raises ReadError with a Chinese message that says what is wrong
and what to do; the caller turns it into a GK901 finding. Readers never
write to their input.
"""
from __future__ import annotations

import os
from pathlib import Path

from gikplint.model import Document

MAX_BYTES = 50 * 1024 * 1024  # larger inputs are refused, not read (reports are well under 1 MB of text)

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
DOCX_SUFFIXES = {".docx"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
LEGACY_SUFFIXES = {".doc", ".wps", ".wpt", ".dot"}


class ReadError(Exception):
    """The file cannot be read; the message (Chinese) says why and what to do."""


def read(path: str | os.PathLike, reader=None) -> Document:
    """`reader(path, data)` returns a Document or None (the plugins' gikplint_read);
    by default the national readers."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ReadError("文件不存在：请检查路径是否正确。") from None
    except OSError as e:
        raise ReadError(f"无法访问文件（{e.strerror}）：请检查文件权限。") from None
    if not p.is_file():
        raise ReadError("不是普通文件，无法检查。")
    if size == 0:
        raise ReadError("文件为空（0 字节）：请确认保存的是完整的年度报告。")
    if size >= MAX_BYTES:
        raise ReadError(
            f"文件过大（{size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB）："
            "年度报告通常不足 1 MB，请确认没有嵌入大图片或选错文件。"
        )
    try:
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise ReadError(f"无法读取文件（{e.strerror}）：请检查文件权限。") from None
    if reader is None:
        from gikplint.national import gikplint_read as reader
    doc = reader(str(path), data)
    if doc is None:
        if suffix == ".pdf":
            raise ReadError("暂不支持 PDF：请检查报告的 Word 或网页版本，或先把 PDF 转成文字（如 pdftotext 报告.pdf 报告.txt）再检查。")
        raise ReadError(f"不支持的文件类型“{suffix or '无扩展名'}”：gikplint 可检查 .docx、.html、.txt、.md 文件。")
    return doc
