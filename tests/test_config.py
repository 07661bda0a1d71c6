"""Configuration files through the command line."""
import shutil

import pytest

from conftest import SEEDS

REPORT = SEEDS / "001_d99c8dcb44f53e53.txt"  # errors GK304 GK403; warnings GK131 GK305


@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "2020").mkdir()
    shutil.copy(REPORT, tmp_path / "2020" / "report.txt")
    return tmp_path


def test_pyproject_section_selects_and_ignores(gikplint, repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "portal"\n\n[tool.gikplint]\nignore = ["GK131", "GK3"]\n',
                                         encoding="utf-8")
    codes = gikplint("--format", "json", repo / "2020" / "report.txt").codes()
    assert "GK403" in codes and not {"GK131", "GK304", "GK305"} & set(codes)


def test_the_nearest_configuration_wins(gikplint, repo):
    (repo / "gikplint.toml").write_text('ignore = ["GK403"]\n', encoding="utf-8")
    (repo / "2020" / ".gikplint.toml").write_text('select = ["GK3"]\n', encoding="utf-8")
    codes = set(gikplint("--format", "json", repo / "2020" / "report.txt").codes())
    assert codes == {"GK304", "GK305"}


def test_extend_inherits_explicitly(gikplint, repo):
    (repo / "base.toml").write_text('ignore = ["GK131"]\n[severity]\nGK403 = "warning"\n', encoding="utf-8")
    (repo / "2020" / "gikplint.toml").write_text('extend = "../base.toml"\nignore = ["GK305"]\n', encoding="utf-8")
    r = gikplint("--format", "json", repo / "2020" / "report.txt")
    codes = r.codes()
    assert "GK131" in codes and "GK305" not in codes  # the child's ignore replaces the base's
    assert next(d for d in r.json["files"][0]["diagnostics"] if d["code"] == "GK403")["severity"] == "warning"


def test_severity_and_fail_on_change_the_exit_code(gikplint, repo):
    (repo / "gikplint.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert gikplint(repo / "2020" / "report.txt").code == 0
    (repo / "gikplint.toml").write_text('[severity]\nGK3 = "info"\nGK403 = "warning"\n', encoding="utf-8")
    assert gikplint(repo / "2020" / "report.txt").code == 0
    assert gikplint("--fail-on", "warning", repo / "2020" / "report.txt").code == 1


def test_per_path_overrides(gikplint, repo):
    (repo / "gikplint.toml").write_text('[[overrides]]\npaths = ["2020/**"]\nignore = ["GK4"]\n', encoding="utf-8")
    shutil.copy(REPORT, repo / "other.txt")
    r = gikplint("--format", "json", repo / "2020" / "report.txt", repo / "other.txt")
    assert "GK403" not in r.codes(0) and "GK403" in r.codes(1)


def test_explicit_config_overrides_discovery(gikplint, repo, tmp_path_factory):
    (repo / "gikplint.toml").write_text('ignore = ["GK403"]\n', encoding="utf-8")
    other = tmp_path_factory.mktemp("elsewhere") / "ci.toml"
    other.write_text('ignore = ["GK304"]\n', encoding="utf-8")
    codes = gikplint("--format", "json", "--config", other, repo / "2020" / "report.txt").codes()
    assert "GK403" in codes and "GK304" not in codes


def test_deadlines_and_report_kind_from_configuration(gikplint, repo):
    report = repo / "2020" / "report.txt"
    assert "GK703" not in gikplint("--format", "json", "--published", "2021-01-30", report).codes()
    (repo / "gikplint.toml").write_text('[deadlines]\ndepartment = "01-28"\n', encoding="utf-8")
    assert "GK703" in gikplint("--format", "json", "--published", "2021-01-30", report).codes()
    (repo / "gikplint.toml").write_text('report-kind = "government"\n', encoding="utf-8")
    assert "GK703" not in gikplint("--format", "json", "--published", "2021-03-01", report).codes()


@pytest.mark.parametrize("text,words", [
    ('ignroe = ["GK121"]\n', "ignroe: 未知的配置项"),
    ('fail-on = "fatal"\n', "fail-on: 应为"),
    ('ignore = "GK121"\n', "ignore: 应为规则代码"),
    ('[severity]\nGK121 = "loud"\n', "severity: 应形如"),
    ('[deadlines]\ndepartment = "1月28日"\n', "deadlines: 应形如"),
    ('[[overrides]]\nignore = ["GK1"]\n', "overrides[0].paths"),
    ('[[overrides]]\npaths = ["*"]\ncolour = 1\n', "overrides[0].colour: 未知的配置项"),
    ('extend = "missing.toml"\n', "missing.toml"),
    ('ignore = [\n', "TOML 语法错误"),
])
def test_a_bad_configuration_is_a_usage_error_naming_file_and_key(gikplint, repo, text, words):
    (repo / "gikplint.toml").write_text(text, encoding="utf-8")
    r = gikplint(repo / "2020" / "report.txt")
    assert r.code == 2
    assert "gikplint.toml" in r.err and words in r.err, r.err
