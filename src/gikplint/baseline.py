"""Baselines: record today's findings, then report only new ones.

Entries are keyed by the finding's fingerprint (rule + section/table/row/
column + normalised text of the offending line), never by line numbers, so
editing an unrelated paragraph keeps every entry matching. File paths are
stored relative to the baseline file. Rewriting a baseline replaces the
entries of the files checked (fixed findings are pruned) and keeps those of
the other files that still exist, so writing it for one folder or one file
never drops the rest."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from gikplint import __version__
from gikplint.textsafe import shown_path

VERSION = 1


class BaselineError(Exception):
    pass


def _key(path: str, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.abspath(path)).as_posix()


def previous(file: Path) -> dict:
    """The entries already in file (none if it does not exist yet). A file
    that is not a valid baseline is a BaselineError: it is never overwritten."""
    return Baseline(file).files if os.path.lexists(file) else {}


def write(file: Path, results, kept: dict) -> tuple[int, int]:
    """Record the findings of results in file, keeping kept's entries for the
    files not checked that still exist; returns (findings recorded, files kept)."""
    root = file.resolve().parent
    checked = set()
    files = {}
    for r in results:
        checked.add(_key(r.path, root))
        entries: dict[str, dict] = {}
        for f in r.findings:
            e = entries.setdefault(f.fingerprint(), {"code": f.code, "message": f.message, "count": 0})
            e["count"] += 1
        if entries:
            files[_key(r.path, root)] = dict(sorted(entries.items()))
    count = sum(e["count"] for entries in files.values() for e in entries.values())
    others = 0
    for key, entries in kept.items():
        if key not in checked and (root / key).exists():
            files[key] = entries
            others += 1
    doc = {"version": VERSION, "generator": f"gikplint {__version__}", "files": dict(sorted(files.items()))}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not valid UTF-8: its bytes as \\udcxx escapes
        text = json.dumps(doc, ensure_ascii=True, indent=2) + "\n"
    tmp = file.with_name(file.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, file)
    except OSError as e:
        from gikplint.textsafe import os_reason

        if tmp.is_file():
            tmp.unlink(missing_ok=True)
        raise BaselineError(f"{shown_path(file)}: 无法写入基线文件（{os_reason(e)}）") from None
    return count, others


def _valid(files) -> bool:
    """files: {path: {fingerprint: {code, message, count}}}."""
    return isinstance(files, dict) and all(
        isinstance(entries, dict) and all(
            isinstance(fp, str) and isinstance(e, dict) and isinstance(e.get("count", 1), int)
            and not isinstance(e.get("count", 1), bool) for fp, e in entries.items())
        for entries in files.values())


class Baseline:
    def __init__(self, file: Path):
        from gikplint.smallfile import SmallFileError, read_text

        if not str(file) or os.path.isdir(file):
            raise BaselineError(f"{shown_path(file)}: 是文件夹，不是基线文件：请写出基线文件名，如 gikplint-baseline.json")
        try:
            text = read_text(file, 64 * 1024 * 1024)
        except SmallFileError as e:
            if str(e) == "文件不存在":
                raise BaselineError(f"{file}: 基线文件不存在（用 gikplint baseline write {file} 路径… 生成）") from None
            raise BaselineError(f"{file}: 不能作为基线文件：{e}") from None
        try:
            doc = json.loads(text)
        except ValueError as e:
            where = f"第 {e.lineno} 行第 {e.colno} 列" if isinstance(e, json.JSONDecodeError) else "内容"
            raise BaselineError(f"{file}: 不是有效的基线文件（JSON {where}有误）") from None
        except RecursionError:
            raise BaselineError(f"{file}: 不是有效的基线文件（JSON 嵌套过深）") from None
        if not isinstance(doc, dict) or doc.get("version") != VERSION or not _valid(doc.get("files")):
            raise BaselineError(f"{file}: 不是第 {VERSION} 版的 gikplint 基线文件（或内容的结构不对）：请用 gikplint baseline write 重新生成")
        self.root = file.resolve().parent
        self.files = doc["files"]

    def new_findings(self, path: str, findings):
        """The findings not in the baseline (each entry absorbs as many as its count)."""
        left = Counter({fp: e.get("count", 1) for fp, e in self.files.get(_key(path, self.root), {}).items()})
        out = []
        for f in findings:
            fp = f.fingerprint()
            if left[fp] > 0:
                left[fp] -= 1
            else:
                out.append(f)
        return out
