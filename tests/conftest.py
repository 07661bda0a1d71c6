import json
import textwrap
from pathlib import Path

import pytest

from gikplint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path_factory):
    """No installed plugin and no configuration of the checkout leak into a
    test: plugins are pinned to none (tests of plugins pin their own), and the
    working directory is an empty folder."""
    monkeypatch.setenv("GIKPLINT_PLUGINS", "")
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    @property
    def json(self):
        return json.loads(self.out)

    def codes(self, index=0):
        return [d["code"] for d in self.json["files"][index]["diagnostics"]]


@pytest.fixture
def gikplint(capsys):
    """Run the command line in-process: gikplint("--format", "json", path)."""

    def run(*args):
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def lint_json(gikplint):
    """Lint one file and return (exit code, file entry of the JSON output)."""

    def run(path, *extra):
        r = gikplint("--format", "json", *extra, path)
        assert r.code in (0, 1), r.err
        return r.code, r.json["files"][0]

    return run


def fake_plugin(tmp_path, monkeypatch, name, source, pin=True):
    """An installed plugin: a module and a dist-info with its entry point;
    pinned with GIKPLINT_PLUGINS, or (pin=False) loaded as every installed plugin is."""
    (tmp_path / f"{name}_mod.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist = tmp_path / f"{name}-0.0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[gikplint]\n{name} = {name}_mod\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    if pin:
        monkeypatch.setenv("GIKPLINT_PLUGINS", name)
    else:
        monkeypatch.delenv("GIKPLINT_PLUGINS", raising=False)


def raising_rule_plugin(tmp_path, monkeypatch, name="raising"):
    """An installed plugin whose one rule (XX100) raises ValueError("kaput") on every report."""
    (tmp_path / "pack.yaml").write_text(
        "- {code: XX100, name: boom, severity: error, message: m, kind: boom}\n", encoding="utf-8")
    fake_plugin(tmp_path, monkeypatch, name, f"""
        from dataclasses import dataclass
        from gikplint.check.kinds import Kind
        from gikplint.plugin import hookimpl

        @dataclass
        class Boom(Kind):
            def run(self, report, rule, ctx):
                raise ValueError("kaput")

        @hookimpl
        def gikplint_check_kinds():
            return {{"boom": Boom}}

        @hookimpl
        def gikplint_rule_packs():
            return [r"{tmp_path / 'pack.yaml'}"]
    """)


def read_doc(path):
    """A file read by the national readers, as the runner reads it."""
    from gikplint.national import gikplint_read
    from gikplint.read import read

    return read(path, gikplint_read)


def national_rules():
    """The national rules, as a run with no plugin loads them."""
    from gikplint.check.engine import load_rules
    from gikplint.host import Host

    return load_rules(Host(allow=[]))
