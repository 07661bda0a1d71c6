"""A portal's content repository through the command line: files that are
not reports are skipped with a note (strict with reports-only), exclude
patterns from the configuration and the command line, --force-exclude for
files named one by one, gikplint's own result page left alone, and a gate
that never silently checks less (unknown codes, inherited overrides)."""
import shutil

import pytest

from conftest import FIXTURES, SEEDS

CLEAN = FIXTURES / "corpus" / "huaian-gov-2024.txt"
DEFECTIVE = SEEDS / "001_d99c8dcb44f53e53.docx"  # errors GK304 GK403

NEWS = """<html><head><meta charset="utf-8"><title>我县召开2024年政务公开工作会议_某某县人民政府</title></head>
<body><div class="nav">首页 > 新闻动态</div><h1>我县召开2024年政务公开工作会议</h1>
<p>3月1日，我县召开2024年政务公开工作会议，传达学习上级有关文件精神，部署全年政务公开重点工作。</p>
<p>会议要求，各单位要认真做好政府信息公开工作年度报告的编制和发布工作。</p></body></html>"""

LISTING = """<html><head><meta charset="utf-8"><title>政府信息公开年报_某某县人民政府</title></head>
<body><div class="nav">首页 > 政府信息公开 > 政府信息公开年报</div><ul>
<li><a href="a.html">某某县人民政府2023年政府信息公开工作年度报告</a> 2024-01-20</li>
<li><a href="b.html">某某县人民政府2022年政府信息公开工作年度报告</a> 2023-01-18</li></ul></body></html>"""

ATTACHMENT = """<html><head><meta charset="utf-8"><title>某某县财政局2023年政府信息公开工作年度报告</title></head>
<body><h1>某某县财政局2023年政府信息公开工作年度报告</h1><p>发布日期：2024-01-22</p>
<p>附件：<a href="nb.pdf">某某县财政局2023年政府信息公开工作年度报告.pdf</a></p></body></html>"""


@pytest.fixture
def portal(tmp_path):
    """README.md, news pages and a list of reports beside a clean and a defective report."""
    root = tmp_path / "portal"
    (root / ".git").mkdir(parents=True)
    (root / "README.md").write_text("# 门户网站内容\n\n本仓库存放政府网站各栏目的页面。\n", encoding="utf-8")
    (root / "news").mkdir()
    (root / "news" / "2024-03-01.html").write_text(NEWS, encoding="utf-8")
    (root / "gkbg").mkdir()
    (root / "gkbg" / "index.html").write_text(LISTING, encoding="utf-8")
    (root / "gkbg" / "czj-2023.html").write_text(ATTACHMENT, encoding="utf-8")
    shutil.copy(CLEAN, root / "gkbg" / "clean.txt")
    shutil.copy(DEFECTIVE, root / "gkbg" / "defective.docx")
    return root


NOT_REPORTS = {"README.md", "2024-03-01.html", "index.html", "czj-2023.html"}


def _by_name(r):
    return {f["path"].rsplit("/", 1)[-1]: f for f in r.json["files"]}


def test_files_that_are_not_reports_are_skipped_with_a_note(gikplint, portal):
    r = gikplint("--format", "json", portal)
    files = _by_name(r)
    assert r.code == 1 and {n for n, f in files.items() if f.get("not_a_report")} == NOT_REPORTS
    assert all(not files[n]["diagnostics"] for n in NOT_REPORTS)
    assert "附件" in files["czj-2023.html"]["not_a_report"]
    assert r.json["summary"]["not_reports"] == 4 and set(_by_name(r)["defective.docx"]["diagnostics"][0]) >= {"code"}
    human = gikplint(portal)
    assert "README.md：不是年度报告" in human.out and "另有 4 个文件不是年度报告，已跳过" in human.out
    assert "共检查 2 个文件" in human.out and "GK101" not in human.out


def test_files_named_one_by_one_as_pre_commit_does(gikplint, portal):
    names = [portal / "README.md", portal / "news" / "2024-03-01.html", portal / "gkbg" / "index.html",
             portal / "gkbg" / "clean.txt"]
    r = gikplint(*names)
    assert r.code == 0 and r.err == "", r.out
    assert gikplint(*names, portal / "gkbg" / "defective.docx").code == 1


@pytest.mark.parametrize("how", ["flag", "config"])
def test_reports_only_makes_a_file_that_is_not_a_report_an_error(gikplint, portal, how):
    args = ["--format", "json"]
    if how == "flag":
        args.append("--reports-only")
    else:
        (portal / "gkbg" / "gikplint.toml").write_text("reports-only = true\n", encoding="utf-8")
    r = gikplint(*args, portal / "gkbg")
    files = _by_name(r)
    assert r.code == 1 and [d["code"] for d in files["index.html"]["diagnostics"]] == ["GK902"]
    assert [d["code"] for d in files["czj-2023.html"]["diagnostics"]] == ["GK902"]
    assert not any(f.get("not_a_report") for f in files.values())
    assert not files["clean.txt"]["diagnostics"]


def test_exclude_patterns_from_the_configuration(gikplint, portal):
    (portal / "archive").mkdir()
    shutil.copy(DEFECTIVE, portal / "archive" / "old.docx")
    (portal / "gikplint.toml").write_text('exclude = ["archive", "*.shtml"]\n', encoding="utf-8")
    shutil.copy(DEFECTIVE, portal / "gkbg" / "page.shtml")
    r = gikplint("--format", "json", portal)
    assert "old.docx" not in _by_name(r) and "page.shtml" not in _by_name(r)
    assert r.json["summary"]["excluded"] == 1  # the folder is not walked; the .shtml file is counted
    # a file named on the command line is linted as named, unless --force-exclude
    assert gikplint(portal / "archive" / "old.docx").code == 1
    forced = gikplint("--force-exclude", portal / "archive" / "old.docx", portal / "gkbg" / "clean.txt")
    assert forced.code == 0 and "按排除模式排除了 1 个文件" in forced.out
    # only excluded files named: nothing to check is not an error
    alone = gikplint("--force-exclude", portal / "archive" / "old.docx")
    assert alone.code == 0 and "共检查 0 个文件" in alone.out


def test_exclude_and_extend_exclude_on_the_command_line(gikplint, portal, monkeypatch):
    (portal / "gikplint.toml").write_text('extend-exclude = ["news"]\n', encoding="utf-8")
    assert "2024-03-01.html" not in _by_name(gikplint("--format", "json", portal))
    # --exclude replaces the configuration's patterns (and the defaults)
    r = gikplint("--format", "json", "--exclude", "defective.docx", portal)
    assert "defective.docx" not in _by_name(r) and "2024-03-01.html" in _by_name(r) and r.code == 0
    monkeypatch.chdir(portal)  # a pattern with "/" is relative to the working folder
    r = gikplint("--format", "json", "--extend-exclude", "gkbg/defective.docx", ".")
    assert "defective.docx" not in _by_name(r) and "2024-03-01.html" not in _by_name(r)


def test_gikplints_own_result_page_is_not_linted(gikplint, portal):
    page = portal / "gkbg" / "检查结果.html"
    assert gikplint("--format", "html", "-o", page, portal / "gkbg").code == 1
    r = gikplint("--format", "json", "--reports-only", portal / "gkbg")
    entry = _by_name(r)["检查结果.html"]
    assert "gikplint 生成的检查结果页面" in entry["not_a_report"] and not entry["diagnostics"]


@pytest.mark.parametrize("args, named", [
    (["--select", "GK999"], "GK999"),
    (["--ignore", "GK4,XX1"], "XX1"),
    (["--extend-select", "HH201"], "HH201"),  # a plugin's code, with no plugin loaded
])
def test_an_unknown_code_on_the_command_line_is_exit_2_naming_it(gikplint, args, named):
    r = gikplint(*args, CLEAN)
    assert r.code == 2 and named in r.err and not r.out


@pytest.mark.parametrize("text", ['select = ["GK9999"]\n', 'ignore = ["GK2", "GK77"]\n',
                                  '[[overrides]]\npaths = ["*"]\nignore = ["XY1"]\n'])
def test_an_unknown_code_in_the_configuration_is_exit_2_naming_file_and_code(gikplint, portal, text):
    (portal / "gkbg" / "gikplint.toml").write_text(text, encoding="utf-8")
    r = gikplint(portal / "gkbg" / "clean.txt")
    assert r.code == 2 and "gikplint.toml" in r.err and not r.out


def test_known_codes_and_prefixes_select_what_they_name(gikplint):
    r = gikplint("--format", "json", "--select", "GK4,GK304", SEEDS / "001_d99c8dcb44f53e53.txt")
    assert r.code == 1 and set(r.codes()) == {"GK403", "GK304"}
    r = gikplint("--format", "json", "--select", "GK3", "--ignore", "GK304", "--extend-select", "GK403",
                 SEEDS / "001_d99c8dcb44f53e53.txt")
    assert set(r.codes()) == {"GK305", "GK403"}


def test_extend_keeps_the_parents_per_path_overrides(gikplint, portal):
    (portal / "base.toml").write_text('[[overrides]]\npaths = ["gkbg/*"]\nignore = ["GK4"]\n', encoding="utf-8")
    (portal / "gkbg" / "gikplint.toml").write_text('extend = "../base.toml"\nignore = ["GK131"]\n', encoding="utf-8")
    codes = set(gikplint("--format", "json", portal / "gkbg" / "defective.docx").codes())
    assert "GK304" in codes and not {"GK403", "GK131"} & codes
