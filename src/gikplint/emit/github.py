"""--format github: workflow commands that GitHub Actions shows as annotations."""
from __future__ import annotations

from gikplint.emit import counts, sorted_findings
from gikplint.textsafe import shown_path

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def write(run, stream) -> None:
    for r in run.results:
        for f in sorted_findings(r):
            line = f.location.source_line or f.line or 1
            message = f.message + (f"（建议改为：{f.fix}）" if f.fix else "")
            stream.write(f"::{LEVEL[f.severity]} file={_prop(shown_path(r.path))},line={line},"
                         f"title={_prop(f'{f.code} {f.name}')}::{_data(message)}\n")
    c = counts(run.results)
    stream.write(f"gikplint：共检查 {len(run.results)} 个文件：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}。\n")
