"""Linting files: configuration → rules → read → parse → check → suppressions
→ baseline. Never raises for a bad input: an unreadable file is a GK901
finding, a crash in the parser a GK903 one, a file that takes longer than
the time budget a GK901 that says so; a worker process that dies is a GK903
for the file it held, and the other files' results stand.

Session is the one entry point every command uses: it sets up the
configuration, plugins and rules, collects the files, and streams each
file's result in order. A result carries the parsed Report only as far as
the process that made it: an output that needs the Report (the HTML page)
prepares what it needs there, and what travels and is kept is the small
ReportInfo, so memory stays flat however many files a run has."""
from __future__ import annotations

import dataclasses
import os
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from gikplint import config as configuration
from gikplint.check import engine
from gikplint.check.base import CheckContext
from gikplint.check.loader import Rule
from gikplint.host import PluginFailure
from gikplint.model import Finding, Skip
from gikplint.read import LEGACY_SUFFIXES, NotAReport, ReadError, read, read_data
from gikplint.textsafe import clean, shown


def read_stdin() -> bytes:
    """Standard input, at most as much as a file may hold: an editor or a web form pipes a report in."""
    from gikplint.read import MAX_BYTES

    return sys.stdin.buffer.read(MAX_BYTES + 1)

DEFAULT_TIMEOUT = 30.0  # seconds per file: read + parse + check
_GRACE = 2.0  # a worker past its budget by this much is stuck outside Python: it is killed


@dataclass
class FileResult:
    path: str
    report: object | None = None  # gikplint.parse.report.Report where it was made, then its ReportInfo
    findings: list[Finding] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading could not do: said once, not a finding
    not_a_report: str | None = None  # why the file was skipped: "不是年度报告（…）", "是 gikplint 生成的…"
    fail_on: str = "error"
    payload: tuple = ()  # what each output prepared from the Report (see gikplint.emit.Output.prepare)
    sketch: object | None = None  # gikplint.batch.Sketch: its narrative, for --cross-agency
    late: list[Finding] = field(default_factory=list)  # findings the batch added after the worker (in findings too)


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
class Collected:
    """The files to lint, and those found in a folder but not read, with why."""

    files: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    excluded: int = 0  # files and folders left out by exclude patterns (a folder counts once)


def _outside(path: str, root: str) -> bool:
    """A link found while walking `root` that resolves outside it."""
    real = os.path.realpath(path)
    return real != root and not real.startswith(root.rstrip(os.sep) + os.sep)


def collect(paths: list[str], file_types: set[str], excluded=None, force_exclude: bool = False) -> Collected:
    """Files named on the command line (read as named, unless `force_exclude`
    and excluded), and every readable file under a folder that is not
    excluded: hidden folders and Word's ~$ lock files left out, symlinked
    folders not followed, and a symlinked file whose target lies outside the
    folder not read (a planted link to /etc/passwd). `excluded(path)` says
    whether a file or folder is excluded by the configuration or the command line."""
    out = Collected()
    excluded = excluded or (lambda path: False)
    for p in paths:
        if p != "-" and os.path.isdir(p):
            root = os.path.realpath(p)
            for folder, dirs, files in os.walk(p):
                kept = sorted(d for d in dirs if not d.startswith("."))
                dirs[:] = [d for d in kept if not excluded(os.path.join(folder, d))]
                out.excluded += len(kept) - len(dirs)  # a folder left out counts once
                for f in sorted(files):
                    if f.startswith((".", "~$")) or Path(f).suffix.lower() not in file_types:
                        continue
                    path = os.path.join(folder, f)
                    if excluded(path):
                        out.excluded += 1
                        continue
                    out.files.append(path)
                    if os.path.islink(path) and _outside(path, root):
                        out.refused[path] = ("是指向所检查文件夹之外的符号链接，为安全起见没有读取："
                                             "如确需检查，请在命令行直接写出这个文件。")
        elif force_exclude and p != "-" and excluded(p):
            out.excluded += 1
        else:
            out.files.append(p)
    out.files = list(dict.fromkeys(out.files))  # a file named twice (or in a folder named too) is linted once
    return out


class _Timeout(BaseException):
    """The file's time budget ran out (a BaseException: no `except Exception` swallows it)."""


class Linter:
    """One run: the plugins, their rules, the configuration, the command line."""

    def __init__(self, host, rules: list[Rule], config=None, fail_on=None, report_kind=None,
                 published=None, baseline=None, timeout: float | None = DEFAULT_TIMEOUT, refused=None,
                 codes: "CodeOptions | None" = None, reports_only: bool | None = None, stdin=None):
        self.host = host
        self.rules = rules
        self.config = config  # an explicit --config; else discovered per file
        self.fail_on = fail_on
        self.report_kind = report_kind
        self.published = published
        self.baseline = baseline
        self.timeout = timeout or None  # None or 0: no budget
        self.refused = refused or {}  # path → why it is not read
        self.codes = codes or CodeOptions()  # --select, --extend-select, --ignore
        self.reports_only = reports_only  # --reports-only; None: as the configuration says
        self.stdin = stdin  # (the name it goes by, its bytes) for the path "-"
        self.previous = None  # gikplint.previous.Previous: last year's reports, where the run pairs them
        self.cross_agency = False  # sketch each report for the batch's 雷同 check
        self.roster: dict = {}  # agency key → gikplint.batch.Expected (--roster): its kind and deadline
        self.defaults = host.default_config()
        self.finder = configuration.Finder()  # each folder's configuration, looked up once
        self._rules_for: dict = {}
        self.by_code = {r.code: r for r in rules}

    def settings(self, path: str) -> configuration.Settings:
        name = self.stdin[0] if path == "-" and self.stdin else path
        cfg = self.config or self.finder.find(name)
        s = cfg.settings_for(name, self.defaults)
        s.fail_on = self.fail_on or s.fail_on or "error"
        s.report_kind = self.report_kind or s.report_kind
        if self.reports_only is not None:
            s.reports_only = self.reports_only
        self.codes.apply(s)
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

    def engine_result(self, path: str, which: str, **values) -> FileResult:
        """A file's result that is one engine finding (GK901 or GK903)."""
        return FileResult(path, findings=[engine.engine_finding(self.by_code, which, **values)],
                          fail_on=self.fail_on or "error")

    def lint(self, path: str) -> FileResult:
        """Lint one file within the time budget (where a timer can interrupt:
        the main thread of a POSIX process)."""
        if path in self.refused:
            return self.engine_result(path, "GK901", reason=self.refused[path])
        if not self.timeout or not hasattr(signal, "setitimer") or not _main_thread():
            return self._lint(path)

        def expired(signum, frame):
            raise _Timeout

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            return self._lint(path)
        except _Timeout:
            return self.timed_out(path)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def timed_out(self, path: str) -> FileResult:
        return self.engine_result(path, "GK901", reason=(
            f"处理超时（超过 {self.timeout:g} 秒），已停止检查这个文件：文件可能异常庞大或是特制的，其他文件照常检查；"
            "如确属正常报告，可用 --timeout 或配置项 timeout 放宽时限"))

    def _lint(self, path: str) -> FileResult:
        s = self.settings(path)
        rules = self.rules_for(s)
        by_code = {**self.by_code, **{r.code: r for r in rules}}
        result = FileResult(self.stdin[0] if path == "-" and self.stdin else path, fail_on=s.fail_on)
        doc = None
        try:
            doc = read_data(self.stdin[0], self.stdin[1], self.host.read) if path == "-" else read(path, self.host.read)
            from gikplint.parse.report import parse

            result.report = parse(doc)
            result.notes = [clean(n) for n in result.report.notes]
            if not s.reports_only and result.report.not_a_report:
                result.not_a_report = result.report.not_a_report
                result.notes = []
                return result
        except NotAReport as e:  # gikplint's own result page; where only reports belong, an error all the same
            if not s.reports_only:
                result.not_a_report = str(e)
                return result
            result.findings.append(engine.engine_finding(by_code, "GK902", why=str(e)))
        except ReadError as e:
            result.findings.append(engine.engine_finding(by_code, "GK901", reason=str(e)))
        except (MemoryError, RecursionError) as e:
            reason = "内存不足" if isinstance(e, MemoryError) else "结构嵌套过深"
            result.findings.append(engine.engine_finding(
                by_code, "GK901", reason=f"文件内容异常（处理时{reason}），已停止检查这个文件：请检查文件来源，或在 Word/WPS 中重新另存后再检查。"))
        except Exception as e:  # noqa: BLE001 - whatever the file holds, never a traceback
            if isinstance(e, PluginFailure):
                result.findings.append(engine.engine_finding(by_code, "GK903", code=f"插件“{e.plugin}”的读取器",
                                                             error=e.error))
            elif doc is None:
                result.findings.append(engine.engine_finding(
                    by_code, "GK901", reason=f"读取时出错（{type(e).__name__}），文件可能已损坏：请在 Word/WPS 中重新另存后再检查。"))
            else:
                result.findings.append(engine.engine_finding(by_code, "GK903", code="解析器", error=f"{type(e).__name__}: {e}"))
        if result.report is not None:
            previous = None
            if self.previous is not None and self.previous.wanted(s) and not result.not_a_report:
                previous, why = self.previous.for_report(result.report, s)
                if why:
                    result.notes.append(clean(why))
            kind, deadlines = s.report_kind, s.deadlines
            if self.roster:  # the roster's kind and deadline for this agency win
                from gikplint.previous import agency_key

                expected = self.roster.get(agency_key(result.report.agency))
                if expected is not None:
                    kind = expected.kind or kind
                    if expected.deadline:
                        deadlines = {**deadlines, "department": expected.deadline, "government": expected.deadline}
            ctx = CheckContext(published=self.published, report_kind=kind, deadlines=deadlines,
                               previous=previous, thresholds=s.thresholds)
            result.findings, result.skips = engine.run(result.report, rules, ctx)
            from gikplint.suppress import apply

            result.findings = apply(result.findings, doc, {r.code: r for r in rules})
            from gikplint.locate import enrich

            enrich(doc, result.findings, result.report)
            if self.cross_agency and "GK802" in {r.code for r in rules} and not result.not_a_report:
                from gikplint.batch import sketch

                result.sketch = sketch(result.report)
                if not result.report.agency:
                    result.notes.append("没有找到报告的机关名称，未与本批次中其他机关的报告比较是否雷同（GK802）")
        wanted = {r.code for r in rules}
        result.findings = [f for f in result.findings if f.code in wanted]
        if self.baseline is not None:
            result.findings = self.baseline.new_findings(path, result.findings)
        return result


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


MANY_FILES = 8  # files named one by one (pre-commit passes them so) worth a worker per core


def effective_jobs(requested: int | None, files: int, folder: bool) -> int:
    """Worker processes for a run: by default one per core for folders and
    for eight files or more, and one for a few files; 0 means every core;
    never more than the files or twice the cores (more would only compete
    for them)."""
    cores = os.cpu_count() or 1
    if requested is None:
        requested = cores if folder or files >= MANY_FILES else 1
    elif requested == 0:
        requested = cores
    return max(1, min(requested, files, 2 * cores))


def finish(result: FileResult, prepare=None) -> FileResult:
    """Where the Report was made: let the outputs prepare what they need of
    it (`prepare(result)` → a tuple, one payload per output), then keep only
    its ReportInfo."""
    if result.report is not None and not isinstance(result.report, ReportInfo):
        if prepare is not None:
            result.payload = prepare(result)
        result.report = ReportInfo.of(result.report)
    return result


def lint_stream(linter: Linter, files: list[str], jobs: int, prepare=None, advance=None):
    """Lint `files` with `jobs` worker processes (1: in this process),
    yielding each FileResult in the order of `files`."""
    fork = None
    if jobs > 1 and len(files) > 1:
        import multiprocessing

        try:
            fork = multiprocessing.get_context("fork")
        except ValueError:  # no fork (Windows, macOS default): workers would re-import; run here
            fork = None
    if fork is None:
        for f in files:
            result = finish(linter.lint(f), prepare)
            if advance:
                advance()
            yield result
        return
    yield from _Pool(fork, linter, jobs, prepare).run(files, advance)


# --- a supervised pool of forked workers ---------------------------------
#
# Each worker takes one file at a time over a pipe. The parent watches every
# worker's pipe and process sentinel: a result is kept; a worker that dies
# (SIGKILL, the OOM killer) costs only the file it held, which becomes a
# GK903 naming it; a worker stuck past its budget (in C code the timer
# cannot interrupt) is killed and its file becomes a GK901. Interrupted
# (Ctrl-C, SIGTERM), the parent kills every worker before it exits.

_WORKER: dict = {}


def _serve(conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop, and kills us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    linter, prepare = _WORKER["linter"], _WORKER["prepare"]
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        index, path = job
        try:
            result = finish(linter.lint(path), prepare)
        except configuration.ConfigError as e:  # a broken configuration beside the file stops the whole run
            result = e
        try:
            conn.send((index, result))
        except (OSError, ValueError):
            return


@dataclass
class _Worker:
    process: object
    conn: object
    job: tuple[int, str] | None = None
    started: float = 0.0


class _Pool:
    def __init__(self, ctx, linter: Linter, jobs: int, prepare=None):
        self.ctx, self.linter, self.jobs, self.prepare = ctx, linter, jobs, prepare
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        _WORKER.update(linter=self.linter, prepare=self.prepare)
        process = self.ctx.Process(target=_serve, args=(child,), daemon=True)
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(1)
        worker.conn.close()

    def run(self, files: list[str], advance=None):
        from multiprocessing.connection import wait

        todo = deque(enumerate(files))
        done: dict[int, FileResult] = {}
        emitted = 0
        limit = self.linter.timeout + _GRACE if self.linter.timeout else None
        try:
            for _ in range(self.jobs):
                self._start()
            while emitted < len(files):
                for w in self.workers:
                    if w.job is None and todo:
                        w.job, w.started = todo.popleft(), time.monotonic()
                        w.conn.send(w.job)
                busy = [w for w in self.workers if w.job is not None]
                timeout = None
                if limit:
                    timeout = max(0.0, min(w.started + limit for w in busy) - time.monotonic())
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
                for w in busy:
                    index, path = w.job
                    if w.conn in ready:
                        try:
                            got, result = w.conn.recv()
                        except (EOFError, OSError):
                            pass  # it died while answering: below
                        else:
                            if isinstance(result, configuration.ConfigError):
                                raise result
                            done[got] = result
                            w.job = None
                            continue
                    if w.conn in ready or w.process.sentinel in ready:
                        self._retire(w)
                        done[index] = self._died(path, w.process.exitcode)
                        self._start()
                    elif limit and time.monotonic() - w.started > limit:
                        self._retire(w)
                        done[index] = self.linter.timed_out(path)
                        self._start()
                while emitted in done:
                    if advance:
                        advance()
                    yield done.pop(emitted)
                    emitted += 1
        finally:
            for w in list(self.workers):
                try:
                    w.conn.send(None)
                except (OSError, ValueError):
                    pass
                self._retire(w)
            _WORKER.clear()

    def _died(self, path: str, exitcode) -> FileResult:
        how = f"被信号 {-exitcode} 终止" if isinstance(exitcode, int) and exitcode < 0 else f"退出码 {exitcode}"
        hint = "，多半是内存不足被系统终止" if exitcode == -signal.SIGKILL else ""
        return self.linter.engine_result(path, "GK903", code="检查进程",
                                         error=f"处理这个文件的进程意外结束（{how}{hint}），这个文件没有检查完；其他文件照常检查")


# --- a run: what every command sets up -------------------------------------

class SetupError(Exception):
    """The run cannot start: configuration, plugins, rules or inputs (exit 2)."""


@dataclass
class Options:
    """What a run takes from the command line."""

    paths: list[str] = field(default_factory=list)
    config: str | None = None
    plugins: str | None = None
    fail_on: str | None = None
    report_kind: str | None = None
    published: object | None = None  # datetime.date
    baseline: str | None = None
    timeout: float | None = None
    jobs: int | None = None
    codes: "CodeOptions" = field(default_factory=lambda: CodeOptions())
    exclude: list[str] | None = None  # --exclude: replaces the configuration's and the default patterns
    extend_exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False  # files named one by one are excluded too (pre-commit names them)
    reports_only: bool | None = None
    stdin_filename: str | None = None
    previous: str | None = None  # --previous FILE: last year's report
    previous_dir: str | None = None  # --previous-dir DIR: last year's reports, paired by agency
    cross_agency: bool = False  # --cross-agency: 雷同 between the reports of different agencies
    roster: str | None = None  # --roster CSV: the agencies expected to publish


@dataclass
class CodeOptions:
    """--select, --extend-select and --ignore: over the configuration's, as ruff applies them."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def apply(self, s: configuration.Settings) -> None:
        if self.select is not None:
            s.select = list(self.select)
        if self.extend_select and s.select is not None:
            s.select = s.select + list(self.extend_select)
        s.ignore = s.ignore + list(self.ignore)

    def codes(self) -> list[tuple[str, str]]:
        return ([("--select", c) for c in self.select or []] + [("--extend-select", c) for c in self.extend_select]
                + [("--ignore", c) for c in self.ignore])


def unknown_codes(named: list[tuple[str, str]], codes: set[str]) -> list[tuple[str, str]]:
    """(where, value) of the codes and prefixes that name no rule there is."""
    return [(where, c) for where, c in named if not any(code.startswith(c) for code in codes)]


class Session:
    """The configuration, plugins and rules of one run, its files, and the
    stream of their results."""

    def __init__(self, options: Options):
        from gikplint.check.engine import load_rules
        from gikplint.check.loader import RuleError
        from gikplint.host import Host, PluginError, allow_list

        self.options = options
        self.roster = None  # --roster: the agencies expected to publish (gikplint.batch.Expected)
        self.finder = configuration.Finder()  # each folder's configuration, found once for collecting and linting
        self.stdin = None  # (the name it goes by, its bytes) when a path is "-"
        try:
            self.explicit = configuration.load(Path(options.config)) if options.config else None
            self.config = self.explicit or configuration.discover(str(Path.cwd() / "_"))
            self.host = Host(allow_list(options.plugins, self.config.data.get("plugins")))
        except (configuration.ConfigError, PluginError) as e:
            raise SetupError(f"配置有误：{e}") from None
        try:
            self.rules = load_rules(self.host)
        except RuleError as e:
            raise SetupError(f"规则文件有误：{e}") from None
        self.known = {r.code for r in self.rules}
        self._check_codes(options.codes.codes(), "命令行")
        self._check_codes(self._config_codes(self.config), str(self.config.path or "配置"))

    @property
    def problems(self) -> list[str]:
        """Plugins that were named and skipped."""
        return self.host.problems

    def _config_codes(self, config) -> list[tuple[str, str]]:
        data = config.data
        named = [(k, c) for k in ("select", "extend-select", "ignore") for c in data.get(k, [])]
        named += [("severity", c) for c in data.get("severity", {})]
        for i, ov in enumerate(data.get("overrides", [])):
            named += [(f"overrides[{i}].{k}", c) for k in ("select", "extend-select", "ignore") for c in ov.get(k, [])]
            named += [(f"overrides[{i}].severity", c) for c in ov.get("severity", {})]
        return named

    def _check_codes(self, named, where: str) -> None:
        """A code or prefix that names no rule is a usage error: selecting it
        would silently check nothing, ignoring it would hide a typo."""
        unknown = unknown_codes(named, self.known)
        if unknown:
            key, code = unknown[0]
            raise SetupError(f"{where}：{key} 中的“{code}”不是任何规则的代码或代码前缀（用 gikplint rules 查看全部规则）")

    def excluded(self, path: str) -> bool:
        o = self.options
        config = self.explicit or self.finder.find(path if not os.path.isdir(path) else os.path.join(path, "_"))
        extra = [(Path.cwd(), p) for p in o.extend_exclude]
        return config.excluded(path, extra, replace=o.exclude)  # --exclude replaces every `exclude` and the defaults

    def collect(self) -> Collected:
        try:
            collected = collect(self.options.paths, self.host.file_types(), self.excluded, self.options.force_exclude)
        except configuration.ConfigError as e:
            raise SetupError(f"配置有误：{e}") from None
        if "-" in collected.files:
            name = self.options.stdin_filename
            if name and self.options.force_exclude and self.excluded(name):  # as a file named on the command line
                collected.files.remove("-")
                collected.excluded += 1
            else:
                self.stdin = (name or "-", read_stdin())
        if not collected.files and not collected.excluded:
            readable = sorted(t for t in self.host.file_types() if t not in LEGACY_SUFFIXES)
            raise SetupError("没有找到可检查的文件（可检查 " + "、".join(readable) + "）。")
        for path in dict.fromkeys(collected.files):  # every configuration the run will use, checked before it starts
            path = self.options.stdin_filename or "" if path == "-" else path
            if path and not self.explicit:
                try:
                    config = self.finder.find(path)
                except configuration.ConfigError as e:
                    raise SetupError(f"配置有误：{e}") from None
                self._check_codes(self._config_codes(config), str(config.path or "配置"))
        return collected

    def linter(self, collected: Collected) -> Linter:
        baseline = None
        if self.options.baseline is not None:
            from gikplint.baseline import Baseline, BaselineError

            try:
                baseline = Baseline(Path(self.options.baseline))
            except BaselineError as e:
                raise SetupError(str(e)) from None
        o = self.options
        timeout = o.timeout if o.timeout is not None else self.config.data.get("timeout", DEFAULT_TIMEOUT)
        linter = Linter(self.host, self.rules, self.explicit, o.fail_on, o.report_kind, o.published, baseline,
                        timeout=timeout, refused=collected.refused, codes=o.codes, reports_only=o.reports_only,
                        stdin=self.stdin)
        linter.finder = self.finder  # the configurations collecting found
        configured = [c.data["previous-dir"] for c in linter.finder.found() if "previous-dir" in c.data]
        if self.explicit is not None and "previous-dir" in self.explicit.data:
            configured.append(self.explicit.data["previous-dir"])
        if o.roster:
            from gikplint import batch
            from gikplint.previous import agency_key

            try:
                self.roster = batch.read_roster(o.roster)
            except batch.BatchError as e:
                raise SetupError(str(e)) from None
            linter.roster = {agency_key(e.agency): e for e in self.roster}
        if o.cross_agency:
            from gikplint import batch

            try:
                batch.require()
            except batch.BatchError as e:
                raise SetupError(str(e)) from None
            linter.cross_agency = True
        if o.previous or o.previous_dir or configured:
            from gikplint.previous import Previous

            linter.previous = Previous(self.host.read, self.host.file_types(), o.previous, o.previous_dir)
            linter.previous.prepare(configured)  # before the pool forks: each folder read once
        return linter

    def results(self, collected: Collected, prepare=None, advance=None):
        """Each file's FileResult, in order. A configuration found beside a
        file that is broken stops the run (SetupError). With --cross-agency
        the results are held until every report is in, then compared."""
        jobs = effective_jobs(self.options.jobs, len(collected.files), any(os.path.isdir(p) for p in self.options.paths))
        linter = self.linter(collected)
        try:
            stream = lint_stream(linter, collected.files, jobs, prepare, advance)
            if not linter.cross_agency:
                yield from stream
                return
            results = list(stream)
        except configuration.ConfigError as e:
            raise SetupError(f"配置有误：{e}") from None
        self._cross_agency(linter, results)
        yield from results

    def _cross_agency(self, linter: Linter, results: list[FileResult]) -> None:
        """GK802 on each report whose narrative repeats reports of other agencies in the batch."""
        from gikplint import batch
        from gikplint.textsafe import shown_path

        sketches = [r.sketch for r in results]
        for r in results:
            r.sketch = None
        lowest = min([self.threshold] + [c.data.get("thresholds", {}).get("near-duplicate", self.threshold)
                                         for c in linter.finder.found()])
        for i, match in batch.similar(sketches, lowest).items():
            result = results[i]
            s = linter.settings(result.path)
            rule = next((r for r in linter.rules_for(s) if r.code == "GK802"), None)
            threshold = s.thresholds.get("near-duplicate", self.threshold)
            if rule is None or match.share < threshold:
                continue
            names = "、".join(f"“{clean(sketches[j].agency)}” {shown_path(results[j].path)}" for j in match.others)
            more = f"等 {match.count} 份" if match.count > len(match.others) else ""
            finding = Finding(rule.code, rule.name, rule.severity, rule.render(
                against=f"本批次中其他机关的报告（{names}{more}）", overall=f"{match.share:.0%}", sections="",
                threshold=f"{threshold:.0%}", passage=shown(match.passage, 60)), sketches[i].location,
                snippet=sketches[i].heading)  # what the fingerprint keys on: not the other files' paths
            findings = [finding]
            if linter.baseline is not None:
                findings = linter.baseline.new_findings(result.path, findings)
            result.findings.extend(findings)
            result.late.extend(findings)

    @property
    def threshold(self) -> float:
        """The run's near-duplicate threshold for finding pairs (each report's own decides its finding)."""
        from gikplint.config import THRESHOLDS

        return self.config.data.get("thresholds", {}).get("near-duplicate", THRESHOLDS["near-duplicate"][0])
