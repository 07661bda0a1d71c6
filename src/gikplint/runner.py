"""One file in, one FileResult out: read → parse → check. Never raises for
a bad input: an unreadable file is a GK901 finding, a crash a GK903 one."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gikplint.check import engine
from gikplint.check.loader import Rule
from gikplint.model import Finding, Skip
from gikplint.read import SUPPORTED_SUFFIXES, ReadError, read, supported


@dataclass
class FileResult:
    path: str
    report: object | None = None  # gikplint.parse.report.Report
    findings: list[Finding] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)


def collect(paths: list[str]) -> list[str]:
    """Files named on the command line, and every supported file under a folder."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if not f.startswith((".", "~$")) and supported(Path(f)))
        else:
            out.append(p)
    return out


def lint_file(path: str, rules: list[Rule], context: dict | None = None) -> FileResult:
    """`context` carries what the run knows beyond the file: published (a date
    from --published), report_kind ("department" or "government")."""
    by_code = {r.code: r for r in rules}
    result = FileResult(path)
    if Path(path).suffix.lower() not in SUPPORTED_SUFFIXES and os.path.exists(path):
        kinds = "、".join(sorted(SUPPORTED_SUFFIXES))
        result.findings.append(engine.engine_finding(
            by_code, "GK901", reason=f"不支持的文件类型“{Path(path).suffix or '无扩展名'}”：gikplint 可检查 {kinds} 文件。"))
        return result
    try:
        doc = read(path)
    except ReadError as e:
        result.findings.append(engine.engine_finding(by_code, "GK901", reason=str(e)))
        return result
    except Exception as e:  # noqa: BLE001 - whatever the file holds, never a traceback
        result.findings.append(engine.engine_finding(
            by_code, "GK901", reason=f"读取时出错（{type(e).__name__}），文件可能已损坏：请在 Word/WPS 中重新另存后再检查。"))
        return result
    try:
        from gikplint.parse.report import parse

        result.report = parse(doc, context)
    except Exception as e:  # noqa: BLE001
        result.findings.append(engine.engine_finding(by_code, "GK903", code="解析器", error=f"{type(e).__name__}: {e}"))
        return result
    result.findings, result.skips = engine.run(result.report, rules)
    return result
