"""Plugins through the command line: the example province package through its
entry point, pinning, and broken plugins named and skipped."""
import re
from pathlib import Path

import pytest

from conftest import SEEDS, fake_plugin as _fake_plugin, raising_rule_plugin
from gikplint.testing import plugin_on_path

EXAMPLE_SRC = Path(__file__).resolve().parents[1] / "examples" / "gikplint-plugin-example" / "src"
REPORT = SEEDS / "001_d99c8dcb44f53e53.txt"  # contact phone 7333735 without its area code


@pytest.fixture
def example(tmp_path):
    """The example province plugin, visible through its entry point for the test only."""
    with plugin_on_path("huaihua", "gikplint_huaihua", EXAMPLE_SRC, tmp_path, "0.1.0"):
        yield


def test_the_example_plugin_lints_through_its_entry_point(gikplint, monkeypatch, example):
    monkeypatch.delenv("GIKPLINT_PLUGINS")  # every installed plugin
    r = gikplint("--format", "json", "--published", "2021-01-29", REPORT)
    codes = r.codes()
    assert {"HH201", "HH601", "HH703"} <= set(codes)
    assert "GK703" not in codes  # 29 January is within the national deadline, not 怀化's
    assert "GK403" in codes  # the national rules still run


def test_plugins_lists_name_version_and_what_each_adds(gikplint, monkeypatch, example):
    monkeypatch.setenv("GIKPLINT_PLUGINS", "huaihua")
    rows = {p["name"]: p for p in gikplint("plugins", "--format", "json").json["plugins"]}
    assert rows["national"]["rules"][0] == "GK101"
    assert rows["huaihua"]["version"] == "0.1.0"
    assert rows["huaihua"]["rules"] == ["HH201", "HH601", "HH703"]
    assert rows["huaihua"]["kinds"] == ["contact-phone"]
    assert "huaihua" in gikplint("plugins").out


def test_plugins_are_pinned_by_env_and_option(gikplint, monkeypatch, example):
    monkeypatch.setenv("GIKPLINT_PLUGINS", "")
    assert not [c for c in gikplint("--format", "json", REPORT).codes() if c.startswith("HH")]
    assert [c for c in gikplint("--format", "json", "--plugins", "huaihua", REPORT).codes() if c.startswith("HH")]
    monkeypatch.setenv("GIKPLINT_PLUGINS", "huaihua")
    assert "HH201" in gikplint("--format", "json", REPORT).codes()
    assert "HH201" in gikplint("explain", "HH201").out


def test_a_pinned_plugin_that_is_not_installed_is_a_usage_error(gikplint):
    r = gikplint("--plugins", "no-such-plugin", REPORT)
    assert r.code == 2 and "未安装" in r.err and "no-such-plugin" in r.err


@pytest.mark.parametrize("name,source,words", [
    ("brokenimport", "raise RuntimeError('no database here')\n", "no database here"),
    ("exitsonimport", "import sys\nsys.exit(3)\n", "sys.exit(3)"),
])
def test_a_plugin_that_fails_to_import_is_named_and_skipped(gikplint, tmp_path, monkeypatch, name, source, words):
    _fake_plugin(tmp_path, monkeypatch, name, source, pin=False)
    r = gikplint("--format", "json", REPORT)
    assert r.code == 1 and "GK403" in r.codes()
    assert name in r.err and "加载失败" in r.err and words in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("name,source", [
    ("brokenimport", "raise RuntimeError('no database here')\n"),
    ("exitsonimport", "import sys\nsys.exit(3)\n"),
])
def test_a_pinned_plugin_that_fails_to_import_is_a_usage_error(gikplint, tmp_path, monkeypatch, name, source):
    _fake_plugin(tmp_path, monkeypatch, name, source)
    r = gikplint("--format", "json", REPORT)
    assert r.code == 2 and name in r.err and "停止运行" in r.err and not r.out


@pytest.mark.parametrize("n,hook,body,words", [
    (1, "gikplint_rule_packs", "raise RuntimeError('pack store offline')", "pack store offline"),
    (2, "gikplint_rule_packs", "return 5", "应返回路径列表"),
    (3, "gikplint_check_kinds", "return ['not', 'a', 'dict']", "应返回"),
    (4, "gikplint_file_types", "return 'txt'", "应返回"),
    (5, "gikplint_output_formats", "return {'x': 1}", "应返回"),
    (6, "gikplint_default_config", "raise SystemExit(1)", "sys.exit(1)"),
    (7, "gikplint_default_config", "return {'select': 'GK1'}", "select"),
])
def test_a_plugin_hook_that_raises_or_returns_garbage_is_named_and_the_run_goes_on(
        gikplint, tmp_path, monkeypatch, n, hook, body, words):
    _fake_plugin(tmp_path, monkeypatch, f"garbage{n}", f"""
        from gikplint.plugin import hookimpl

        @hookimpl
        def {hook}():
            {body}
    """)
    r = gikplint("--format", "json", REPORT)
    assert r.code == 1 and "GK403" in r.codes(), r.err
    assert f"garbage{n}" in r.err and words in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("n,body,words", [
    (1, "raise RuntimeError('codec missing')", "codec missing"),
    (2, "return 'not a document'", "不是 Document"),
    (3, "raise SystemExit(2)", "sys.exit(2)"),
])
def test_a_plugin_reader_that_fails_is_gk903_naming_the_plugin(gikplint, tmp_path, monkeypatch, n, body, words):
    _fake_plugin(tmp_path, monkeypatch, f"badreader{n}", f"""
        from gikplint.plugin import hookimpl

        @hookimpl
        def gikplint_read(path, data):
            {body}
    """)
    good = tmp_path / "good.txt"
    good.write_bytes(REPORT.read_bytes())
    r = gikplint("--format", "json", good, good)
    (d,) = r.json["files"][0]["diagnostics"]
    assert d["code"] == "GK903" and f"badreader{n}" in d["message"] and words in d["message"]
    assert "损坏" not in d["message"]


def test_a_plugin_with_a_misspelt_hook_is_refused(gikplint, tmp_path, monkeypatch):
    _fake_plugin(tmp_path, monkeypatch, "misspelt", """
        from gikplint.plugin import hookimpl

        @hookimpl
        def gikplint_rule_pack():
            return []
    """, pin=False)
    r = gikplint("--format", "json", REPORT)
    assert "misspelt" in r.err and "不存在的钩子" in r.err
    assert "GK403" in r.codes()


def test_a_rule_of_a_plugin_that_raises_is_gk903_naming_the_plugin(gikplint, tmp_path, monkeypatch):
    raising_rule_plugin(tmp_path, monkeypatch)
    r = gikplint("--format", "json", REPORT)
    d = next(d for d in r.json["files"][0]["diagnostics"] if d["code"] == "GK903")
    assert "XX100" in d["message"] and "raising" in d["message"] and "kaput" in d["message"]
    assert "GK403" in r.codes()


def test_a_plugin_pack_may_not_use_the_gk_prefix(gikplint, tmp_path, monkeypatch):
    (tmp_path / "pack.yaml").write_text(
        "- {code: GK999, name: mine, severity: error, message: m, kind: cells, flag: blank}\n", encoding="utf-8")
    _fake_plugin(tmp_path, monkeypatch, "greedy", f"""
        from gikplint.plugin import hookimpl

        @hookimpl
        def gikplint_rule_packs():
            return [r"{tmp_path / 'pack.yaml'}"]
    """)
    r = gikplint(REPORT)
    assert r.code == 2 and "pack.yaml:1" in r.err and "GK 前缀为国家规则保留" in r.err


def test_a_plugin_reader_takes_over_a_file_type(gikplint, tmp_path, monkeypatch):
    _fake_plugin(tmp_path, monkeypatch, "csvreader", """
        from gikplint.plugin import hookimpl

        @hookimpl
        def gikplint_file_types():
            return [".rpt"]

        @hookimpl
        def gikplint_read(path, data):
            if not path.endswith(".rpt"):
                return None
            from gikplint.read.text import read_text
            return read_text(path, data.replace(b";", b"\\n"))
    """)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.rpt").write_bytes(REPORT.read_bytes())
    r = gikplint("--format", "json", folder)
    assert [f["path"].rsplit("/", 1)[-1] for f in r.json["files"]] == ["a.rpt"]
    assert "GK403" in r.codes()


import pytest as _pytest  # noqa: E402


@_pytest.mark.parametrize("n,pack,words", [
    (1, "- code: XX1\n  name: a\n  severity: error\n  message: m\n  kind: sum\n  table: [t3\n", "YAML 语法错误"),
    (2, "- {code: XX1, name: a, severity: error, message: m, kind: cells, flag: blank, colour: red}\n",
     "pack.yaml:1: XX1: cells 类规则不接受字段 'colour'"),
    (3, "- {code: XX1, name: a, severity: error, message: m, kind: telepathy}\n", "pack.yaml:1: XX1: 未知的检查类型"),
])
def test_a_bad_rule_pack_is_refused_with_file_line_and_exit_2(gikplint, tmp_path, monkeypatch, n, pack, words):
    (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    _fake_plugin(tmp_path, monkeypatch, f"badpack{n}", f"""
        from gikplint.plugin import hookimpl

        @hookimpl
        def gikplint_rule_packs():
            return [r"{tmp_path / 'pack.yaml'}"]
    """)
    r = gikplint(REPORT)
    assert r.code == 2 and words in r.err, r.err
    assert re.search(r"pack\.yaml:\d+:", r.err) and "Traceback" not in r.err
