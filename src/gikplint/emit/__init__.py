"""Outputs: one module per format; none computes what another needs.

An output takes results one at a time, in input order, and writes as they
come (`start`, `file` for each, `finish` with the run's Summary), so a run
of ten thousand reports keeps one in memory, not all. An output that needs
the parsed Report (the HTML page draws the tables) says so with
`needs_report` and does that part in `prepare`, which runs where the Report
was made (a worker process) and returns a small payload that travels with
the result to `file`.

A plugin's format may also be a plain function `write(run, stream)`: it
gets every result at the end (see gikplint.hookspecs).
"""
from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from gikplint.model import severity_rank
from gikplint.textsafe import clean


@dataclass
class Summary:
    """What a run found, counted as results went by."""

    files: int = 0
    files_with_findings: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    exit_code: int = 0
    by_rule: Counter = field(default_factory=Counter)  # (code, name, severity) → findings
    not_reports: int = 0  # files skipped: not an annual report (counted in files)
    excluded: int = 0  # files and folders left out by exclude patterns (not in files)
    agencies: set = field(default_factory=set)  # the agencies of the reports seen (for a roster)
    missing: list[str] | None = None  # --roster: the agencies expected that have no report (None: no roster)

    @property
    def reports(self) -> int:
        return self.files - self.not_reports

    def add(self, result) -> None:
        self.files += 1
        self.not_reports += bool(result.not_a_report)
        self.files_with_findings += bool(result.findings)
        agency = getattr(result.report, "agency", None)
        if agency:
            self.agencies.add(agency)
        for f in result.findings:
            setattr(self, _COUNTER[f.severity], getattr(self, _COUNTER[f.severity]) + 1)
            self.by_rule[(f.code, f.name, f.severity)] += 1

    @property
    def counts(self) -> dict[str, int]:
        return {"error": self.errors, "warning": self.warnings, "info": self.infos}


_COUNTER = {"error": "errors", "warning": "warnings", "info": "infos"}


class Output:
    needs_report = False
    binary = False  # writes bytes (xlsx): to a file, or to stdout that is not a terminal
    requires: tuple[str, str] | None = None  # (a module it imports, the extra that installs it)

    def __init__(self, stream, rules, quiet: bool = False):
        self.stream, self.rules, self.quiet = stream, rules, quiet

    def prepare(self, result):
        """Where the Report is (result.report): what `file` will need of it."""
        return None

    def start(self) -> None:
        pass

    def file(self, result, payload) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        pass

    @cached_property
    def titles(self) -> dict[str, str]:
        """Code → how people are shown the rule: its Chinese title (else its name)."""
        return {r.code: r.label for r in self.rules}


@dataclass
class Run:
    """What a plugin's write(run, stream) gets: every result, the exit code, the rules."""

    results: list
    exit_code: int
    rules: list
    quiet: bool = False


class Collecting(Output):
    """A plugin's write(run, stream) function as an output: results kept until the end."""

    def __init__(self, write, stream, rules, quiet=False):
        super().__init__(stream, rules, quiet)
        self.write, self.results = write, []

    def file(self, result, payload) -> None:
        self.results.append(result)

    def finish(self, summary: Summary) -> None:
        self.write(Run(self.results, summary.exit_code, self.rules, self.quiet), self.stream)


class Lazy:
    """A national format, imported only when it is used: pre-commit starts
    gikplint on every commit and most runs use one format."""

    def __init__(self, module: str):
        self.module = module

    def load(self) -> type[Output]:
        return importlib.import_module(f"gikplint.emit.{self.module}").OUTPUT


def output_class(spec):
    """The Output class behind a format (a plugin's write function has none)."""
    if isinstance(spec, Lazy):
        spec = spec.load()
    return spec if isinstance(spec, type) and issubclass(spec, Output) else None


def make(spec, stream, rules, quiet: bool = False) -> Output:
    """An Output from what gikplint_output_formats gave: a national Lazy
    format, an Output subclass, or a write(run, stream) function."""
    if isinstance(spec, Lazy):
        spec = spec.load()
    if isinstance(spec, type) and issubclass(spec, Output):
        return spec(stream, rules, quiet)
    return Collecting(spec, stream, rules, quiet)


def report_info(result) -> dict:
    r = result.report
    if r is None:
        return {"title": None, "agency": None, "year": None, "template": None}
    return {
        "title": clean(r.title) if r.title else None,
        "agency": clean(r.agency) if r.agency else None,
        "year": r.year,
        "template": r.template,
        "published": r.published.isoformat() if r.published else None,
        "signed": r.signed.isoformat() if r.signed else None,
    }


def severity_counts(result) -> dict[str, int]:
    """How many errors, warnings and infos one file has."""
    out = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        out[f.severity] += 1
    return out


def sorted_findings(result):
    return sorted(result.findings, key=lambda f: (f.line or 0, -severity_rank(f.severity), f.code))
