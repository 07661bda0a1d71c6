"""Reading the small files that steer a run (configuration, rule packs,
baselines): a regular file only (a FIFO or /dev/zero named in its place
would block or never end), bounded in size, UTF-8. Problems are raised as
SmallFileError with a Chinese reason; each caller adds the file's role."""
from __future__ import annotations

import os
import stat

from gikplint.textsafe import os_reason

MAX_BYTES = 4 * 1024 * 1024


class SmallFileError(Exception):
    pass


def read_text(path, limit: int = MAX_BYTES) -> str:
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise SmallFileError(f"不是 UTF-8 编码（第 {line} 行）：请用 UTF-8 保存") from None


def read_bytes(path, limit: int = MAX_BYTES) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SmallFileError("文件不存在") from None
    except OSError as e:
        raise SmallFileError(f"无法读取（{os_reason(e)}）") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a folder with an exception of its own
        os.close(fd)
        raise SmallFileError("不是普通文件")
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise SmallFileError(f"文件过大（上限 {limit // 1048576} MB）")
    return data
