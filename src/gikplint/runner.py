"""Linting files: configuration → rules → read → parse → check → suppressions
→ baseline. Never raises for a bad input: an unreadable file is a GK901
finding, a crash in the parser a GK903 one."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from gikplint import config as configuration
from gikplint.check import engine
from gikplint.check.loader import Rule
from gikplint.model import Finding, Skip
from gikplint.read import ReadError, read


@dataclass
class FileResult:
    path: str
    report: object | None = None  # gikplint.parse.report.Report
    findings: list[Finding] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    fail_on: str = "error"


@dataclass
class ReportInfo:
    """What outputs other than html need of a Report; cheap to send between processes."""

    title: str | None
    agency: str | None
    year: int | None
    template: str | None
    published: object | None
    signed: object | None

    @classmethod
    def of(cls, report) -> "ReportInfo":
        return cls(report.title, report.agency, report.year, report.template, report.published, report.signed)


@dataclass
class Run:
    """What an output format gets: every file's result, the exit code, the rules."""

    results: list[FileResult]
    exit_code: int
    rules: list[Rule]
    quiet: bool = False


def collect(paths: list[str], file_types: set[str]) -> list[str]:
    """Files named on the command line, and every readable file under a folder
    (hidden folders and Word's ~$ lock files left out; symlinked folders not followed)."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if not f.startswith((".", "~$")) and Path(f).suffix.lower() in file_types)
        else:
            out.append(p)
    return out


class Linter:
    """One run: the plugins, their rules, the configuration, the command line."""

    def __init__(self, host, rules: list[Rule], config=None, fail_on=None, report_kind=None,
                 published=None, baseline=None):
        self.host = host
        self.rules = rules
        self.config = config  # an explicit --config; else discovered per file
        self.fail_on = fail_on
        self.report_kind = report_kind
        self.published = published
        self.baseline = baseline
        self.defaults = host.default_config()
        self._rules_for: dict = {}

    def settings(self, path: str) -> configuration.Settings:
        cfg = self.config or configuration.discover(path)
        s = cfg.settings_for(path, self.defaults)
        s.fail_on = self.fail_on or s.fail_on or "error"
        s.report_kind = self.report_kind or s.report_kind
        return s

    def rules_for(self, s: configuration.Settings) -> list[Rule]:
        key = s.key()
        if key not in self._rules_for:
            out = []
            for r in self.rules:
                if not s.wants(r.code):
                    continue
                prefix = max((p for p in s.severity if r.code.startswith(p)), key=len, default=None)
                out.append(dataclasses.replace(r, severity=s.severity[prefix]) if prefix else r)
            self._rules_for[key] = out
        return self._rules_for[key]

    def lint(self, path: str) -> FileResult:
        s = self.settings(path)
        rules = self.rules_for(s)
        by_code = {**{r.code: r for r in self.rules}, **{r.code: r for r in rules}}
        result = FileResult(path, fail_on=s.fail_on)
        doc = None
        try:
            doc = read(path, self.host.read)
            from gikplint.parse.report import parse

            context = {"published": self.published, "report_kind": s.report_kind, "deadlines": s.deadlines}
            result.report = parse(doc, context)
        except ReadError as e:
            result.findings.append(engine.engine_finding(by_code, "GK901", reason=str(e)))
        except Exception as e:  # noqa: BLE001 - whatever the file holds, never a traceback
            if doc is None:
                result.findings.append(engine.engine_finding(
                    by_code, "GK901", reason=f"读取时出错（{type(e).__name__}），文件可能已损坏：请在 Word/WPS 中重新另存后再检查。"))
            else:
                result.findings.append(engine.engine_finding(by_code, "GK903", code="解析器", error=f"{type(e).__name__}: {e}"))
        if result.report is not None:
            result.findings, result.skips = engine.run(result.report, rules)
            from gikplint.suppress import apply

            result.findings = apply(result.findings, doc, {r.code: r for r in rules})
        wanted = {r.code for r in rules}
        result.findings = [f for f in result.findings if f.code in wanted]
        if self.baseline is not None:
            result.findings = self.baseline.new_findings(path, result.findings)
        return result


# --- a process pool for folders: workers inherit the run's Linter when forked

_WORKER: dict = {}


def _work(args) -> FileResult:
    path, keep_report = args
    result = _WORKER["linter"].lint(path)
    if not keep_report and result.report is not None:
        result.report = ReportInfo.of(result.report)
    return result


def lint_many(linter: Linter, files: list[str], jobs: int, keep_reports: bool, advance=None) -> list[FileResult]:
    """Lint `files` with `jobs` worker processes (1: in this process), in order."""
    if jobs <= 1 or len(files) < 2:
        out = []
        for f in files:
            out.append(linter.lint(f))
            if advance:
                advance()
        return out
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _WORKER["linter"] = linter
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows, macOS default): workers would re-import; run here
        return lint_many(linter, files, 1, keep_reports, advance)
    chunk = max(1, min(64, len(files) // (jobs * 8) or 1))
    out = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        for result in pool.map(_work, [(f, keep_reports) for f in files], chunksize=chunk):
            out.append(result)
            if advance:
                advance()
    _WORKER.clear()
    return out
