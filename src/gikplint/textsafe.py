"""Report text and file names are untrusted: they reach terminals, CI logs,
GitHub annotations and XML. Before any of them is shown, control
characters (C0 and C1: ESC and OSC sequences, newlines, form feeds), bidi
overrides and the characters XML 1.0 forbids are replaced by a visible
escape (\\x1b, \\u202e), and a file name that is not valid UTF-8 is shown
with its bytes escaped (\\xb1) instead of failing the whole output."""
from __future__ import annotations

import os
import re

_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff]")


def _escape(m: re.Match) -> str:
    code = ord(m[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """`text` with every unsafe character replaced by a visible escape."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def shown_path(path) -> str:
    """A file name as it may be printed: undecodable bytes as \\xNN, then cleaned."""
    p = os.fspath(path)
    if isinstance(p, bytes):
        p = p.decode("utf-8", "backslashreplace")
    elif any("\ud800" <= ch <= "\udfff" for ch in p):
        p = os.fsencode(p).decode("utf-8", "backslashreplace")
    return clean(p)


def shown(text: str, limit: int = 40) -> str:
    """Text quoted from the report, as a message shows it: a report can hold
    a cell or a line of any length, a message quotes at most `limit` characters."""
    return text if len(text) <= limit else text[:limit // 2] + "…" + text[-8:]


_ERRNO_ZH = {
    "ENOENT": "文件或文件夹不存在", "EACCES": "没有权限", "EPERM": "没有权限", "ENOSPC": "磁盘已满",
    "EDQUOT": "磁盘配额已满", "ENOTDIR": "路径中有一项不是文件夹", "EISDIR": "这是一个文件夹",
    "EROFS": "只读的文件系统", "EEXIST": "已存在", "ENAMETOOLONG": "文件名过长", "EIO": "读写出错",
    "EBUSY": "正被占用", "ETXTBSY": "正被占用", "ELOOP": "符号链接循环", "EMFILE": "打开的文件过多",
    "ENXIO": "设备不存在", "EINVAL": "路径无效",
}


def os_reason(e: OSError) -> str:
    """What went wrong with a file, in Chinese (the system's own words for an error not listed)."""
    import errno

    return _ERRNO_ZH.get(errno.errorcode.get(e.errno or 0, ""), e.strerror or str(e))
