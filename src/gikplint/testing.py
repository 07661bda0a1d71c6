"""Rule cases as data, for gikplint's own rules and a plugin's (as SQLFluff's
load_test_cases): YAML files listing real report text and what must and
must not be found in it, each run through the command line.

A case:

    - id: HH201 fires on a phone number without its area code
      base: report.txt            # a file under the cases' fixtures folder, or
      text: "…"                   # the report text itself (suffix: .txt by default)
      replace: [[old, new], ...]  # edits applied in order; each `old` must occur
      sub: [[regex, new], ...]    # the same, by regular expression
      args: [--published, 2022-01-30]
      previous: {base: last-year.txt, replace: [...]}   # last year's report (--previous), made the same way
      expect: [HH201]             # codes that must be found
      not: [GK703]                # codes that must not be (GK903, a rule that crashed, never may)
      names: {GK121: 一}          # some finding of the code names this row, column or section
      fix: {GK131: 结果维持}      # some finding of the code carries this fix
      lines: {HH201: 3}           # some finding of the code is on this line
      messages: {HH201: 区号}     # some finding of the code says this
      counts: {GK601: 1}          # exactly this many findings of the code
      severities: {GK103: warning}  # some finding of the code has this severity
      notes: [连成了一串]          # some note of the file (what reading could not do) says this

In a plugin's tests (it need not be installed: `plugin_on_path` makes its
entry point visible for the test, and nothing is left behind):

    from gikplint.testing import load_cases, plugin_on_path, run_case

    CASES = load_cases(Path(__file__).parent / "cases")

    @pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
    def test_rule_case(case, tmp_path):
        with plugin_on_path("huaihua", "gikplint_huaihua", SRC, tmp_path):
            run_case(case, tmp_path, plugins="huaihua")
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Case:
    id: str
    source: Path  # the YAML file it came from
    base: str | None = None
    text: str | None = None
    suffix: str = ".txt"
    replace: list = field(default_factory=list)
    sub: list = field(default_factory=list)
    args: list = field(default_factory=list)
    expect: list = field(default_factory=list)
    not_: list = field(default_factory=list)
    names: dict = field(default_factory=dict)
    fix: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    messages: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    severities: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    previous: dict | None = None  # last year's report: {base|text, replace, sub, suffix}


def load_cases(*paths) -> list[Case]:
    """Every case in the given YAML files, or in the *.yaml files of the given folders."""
    import yaml

    files = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    out = []
    for f in files:
        for d in yaml.safe_load(f.read_text(encoding="utf-8")) or []:
            d = dict(d)
            d["not_"] = d.pop("not", [])
            out.append(Case(source=f, **d))
    return out


def materialise(case: Case, tmp_path: Path, fixtures: Path | None = None) -> Path:
    """The case's report as a file: its text, or its base file with the edits applied."""
    if case.text is not None:
        path = tmp_path / ("case" + case.suffix)
        path.write_text(case.text, encoding="utf-8")
        return path
    base = Path(fixtures or case.source.parent) / case.base
    if not case.replace and not case.sub:
        return base
    text = base.read_text(encoding="utf-8")
    for old, new in case.replace:
        assert old in text, f"{case.id}: {old!r} not in {case.base}"
        text = text.replace(old, new, 1)
    for pattern, new in case.sub:
        text, n = re.subn(pattern, new, text)
        assert n, f"{case.id}: {pattern!r} matches nothing in {case.base}"
    path = tmp_path / base.name
    path.write_text(text, encoding="utf-8")
    return path


def lint(path: Path, args=(), plugins: str = "") -> dict:
    """The JSON entry of one file, linted in-process with exactly `plugins` loaded."""
    from gikplint.cli import main

    out, err = io.StringIO(), io.StringIO()
    previous = os.environ.get("GIKPLINT_PLUGINS")
    os.environ["GIKPLINT_PLUGINS"] = plugins
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--format", "json", *map(str, args), str(path)])
    finally:
        if previous is None:
            del os.environ["GIKPLINT_PLUGINS"]
        else:
            os.environ["GIKPLINT_PLUGINS"] = previous
    assert code in (0, 1), f"gikplint exited {code}: {err.getvalue()}"
    return json.loads(out.getvalue())["files"][0]


def run_case(case: Case, tmp_path: Path, fixtures: Path | None = None, plugins: str = "") -> list[dict]:
    """Lint the case's report and assert what it says; returns the findings."""
    args = list(case.args)
    if case.previous is not None:
        folder = Path(tmp_path) / "previous"
        folder.mkdir(exist_ok=True)
        last = Case(id=f"{case.id} (previous)", source=case.source, **case.previous)
        args += ["--previous", materialise(last, folder, fixtures)]
    entry = lint(materialise(case, tmp_path, fixtures), args, plugins)
    found = entry["diagnostics"]
    codes = {d["code"] for d in found}
    missing = set(case.expect) - codes
    assert not missing, f"expected {sorted(missing)}, got {sorted(codes)}"
    unwanted = (set(case.not_) | {"GK903"}) & codes  # a rule that crashed is never fine
    assert not unwanted, f"must not report {sorted(unwanted)}: " + "; ".join(
        d["message"] for d in found if d["code"] in unwanted)
    of = lambda code: [d for d in found if d["code"] == code]  # noqa: E731
    for code, word in case.names.items():
        places = [(d["location"].get("row"), d["location"].get("column"), d["location"].get("section")) for d in of(code)]
        assert any(word in str(p) for p in places), f"{code} does not name {word}: {places}"
    for code, fix in case.fix.items():
        fixes = [d.get("fix") for d in of(code)]
        assert fix in fixes, f"{code} carries no fix {fix!r}: {fixes}"
    for code, line in case.lines.items():
        lines = [d["location"]["line"] for d in of(code)]
        assert line in lines, f"{code} is not on line {line}: {lines}"
    for code, words in case.messages.items():
        messages = [d["message"] for d in of(code)]
        assert any(str(words) in m for m in messages), f"{code} does not say {words!r}: {messages}"
    for code, n in case.counts.items():
        assert len(of(code)) == n, f"{code} found {len(of(code))} times, not {n}: " + "; ".join(d["message"] for d in of(code))
    for code, level in case.severities.items():
        levels = [d["severity"] for d in of(code)]
        assert level in levels, f"{code} is never {level}: {levels}"
    for words in case.notes:
        notes = entry.get("notes", [])
        assert any(str(words) in n for n in notes), f"no note says {words!r}: {notes}"
    return found


@contextmanager
def plugin_on_path(name: str, module: str, src: Path, tmp_path: Path, version: str = "0.0.0"):
    """While the block runs, `module` (a package under the folder `src`) is
    an installed gikplint plugin called `name`: a dist-info with its entry
    point in a temporary folder on sys.path. A plugin is tested through its
    entry point without being installed, so its rules never stay active in
    the tester's environment."""
    site = Path(tmp_path) / f"site-{name}"
    dist = site / f"{name}-{version}.dist-info"
    dist.mkdir(parents=True, exist_ok=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[gikplint]\n{name} = {module}\n", encoding="utf-8")
    added = [str(site), str(src)]
    sys.path[:0] = added
    try:
        yield
    finally:
        for p in added:
            sys.path.remove(p)
