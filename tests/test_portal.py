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


# pages about the reports that are not reports, though they list the six headings
ABOUT = {
    "tongzhi.html": "<html><body><p>关于做好2024年政府信息公开工作年度报告编制发布工作的通知</p>"
                    "<p>各单位：年度报告应包括以下内容：</p><p>一、总体情况</p><p>二、主动公开政府信息情况</p>"
                    "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
                    "<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></body></html>",
    "fabu.html": "<html><body><h1>我市发布2023年政府信息公开工作年度报告</h1>"
                 "<p>一、总体情况。2023年全市主动公开政府信息12000余条。</p><p>二、主动公开政府信息情况。全市制发规范性文件35件。</p>"
                 "<p>三、收到和处理政府信息公开申请情况。全年共收到申请356件。</p></body></html>",
    "yaodian.txt": "某某市2024年政务公开工作要点\n\n一、总体要求\n全面推进政务公开。\n二、主动公开政府信息\n加大主动公开力度。\n"
                   "三、依申请公开\n规范申请办理。\n四、行政复议和行政诉讼\n加强分析研判。\n",
    "tujie.md": "# 图解：某某市人民政府2023年政府信息公开工作年度报告\n\n## 一、总体情况\n全年主动公开政府信息1.2万条。\n\n"
                "## 二、主动公开政府信息情况\n制发规范性文件35件。\n\n## 三、收到和处理政府信息公开申请情况\n新收申请356件。\n",
}


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


def test_notices_news_plans_and_explainers_are_not_reports(gikplint, tmp_path):
    for name, text in ABOUT.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    r = gikplint("--format", "json", tmp_path)
    assert r.code == 0 and all(f.get("not_a_report") for f in r.json["files"]), r.json


def test_a_report_whose_headings_are_not_numbered_is_still_a_report(gikplint, tmp_path):
    """Word's automatic numbering leaves the headings without 一、…六、; a
    report cut short keeps its title over a body: checked, not skipped."""
    text = CLEAN.read_text(encoding="utf-8")
    import re

    (tmp_path / "unnumbered.txt").write_text(re.sub(r"(?m)^[一二三四五六]、", "", text), encoding="utf-8")
    (tmp_path / "cut.txt").write_text(text[:len(text) * 2 // 5], encoding="utf-8")
    (tmp_path / "titled.txt").write_text("淮安市人民政府2024年政府信息公开工作年度报告（2025年1月修订）\n" + text, encoding="utf-8")
    r = gikplint("--format", "json", tmp_path)
    assert not any(f.get("not_a_report") for f in r.json["files"]), r.json
    assert "GK104" not in r.codes(_index(r, "titled.txt"))


def _index(r, name):
    return next(i for i, f in enumerate(r.json["files"]) if f["path"].endswith(name))


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
    assert r.json["summary"]["excluded"] == 2  # the folder (not walked) and the .shtml file
    # a file named on the command line is linted as named, unless --force-exclude
    assert gikplint(portal / "archive" / "old.docx").code == 1
    forced = gikplint("--force-exclude", portal / "archive" / "old.docx", portal / "gkbg" / "clean.txt")
    assert forced.code == 0 and "按排除模式排除了 1 个文件" in forced.out
    # only excluded files named: nothing to check is not an error
    alone = gikplint("--force-exclude", portal / "archive" / "old.docx")
    assert alone.code == 0 and "共检查 0 个文件" in alone.out
    # a folder named on the command line whose files are all excluded: said, not "no files found"
    (portal / "archive" / "2019").mkdir()
    shutil.copy(DEFECTIVE, portal / "archive" / "2019" / "b.docx")
    (portal / "gikplint.toml").write_text('exclude = ["archive/**"]\n', encoding="utf-8")
    named = gikplint(portal / "archive")
    assert named.code == 0 and "按排除模式排除了 2 个文件或文件夹" in named.out


def test_exclude_and_extend_exclude_on_the_command_line(gikplint, portal, monkeypatch):
    (portal / "gikplint.toml").write_text('extend-exclude = ["news"]\n', encoding="utf-8")
    assert "2024-03-01.html" not in _by_name(gikplint("--format", "json", portal))
    # --exclude replaces the configuration's `exclude` (and the defaults), not its `extend-exclude`
    (portal / "venv").mkdir()
    shutil.copy(DEFECTIVE, portal / "venv" / "x.docx")
    r = gikplint("--format", "json", "--exclude", "defective.docx", portal)
    files = _by_name(r)
    assert "defective.docx" not in files and "2024-03-01.html" not in files and "x.docx" in files
    assert r.code == 1 and [f["path"] for f in r.json["files"] if f["diagnostics"]] == [str(portal / "venv" / "x.docx")]
    # the ways people write a pattern: ./, absolute, **/, ../
    for pattern in ("./venv", str(portal / "venv"), "**/venv", "venv/**"):
        monkeypatch.chdir(portal)
        assert "x.docx" not in _by_name(gikplint("--format", "json", "--exclude", pattern, ".")), pattern
    monkeypatch.chdir(portal / "gkbg")
    assert "x.docx" not in _by_name(gikplint("--format", "json", "--exclude", "../venv/**", ".."))
    monkeypatch.chdir(portal)  # a pattern with "/" is relative to the working folder
    r = gikplint("--format", "json", "--extend-exclude", "gkbg/defective.docx", ".")
    assert "defective.docx" not in _by_name(r) and "2024-03-01.html" not in _by_name(r)


def test_gikplints_own_result_page_is_not_linted(gikplint, portal):
    page = portal / "gkbg" / "检查结果.html"
    assert gikplint("--format", "html", "-o", page, portal / "gkbg").code == 1
    r = gikplint("--format", "json", portal / "gkbg")
    entry = _by_name(r)["检查结果.html"]
    assert "gikplint 生成的检查结果页面" in entry["not_a_report"] and not entry["diagnostics"]
    # written again where it lies: it is gikplint's page, not an input it may not overwrite
    assert gikplint("--format", "html", "-o", page, portal / "gkbg").code == 1
    # where only reports belong, a page that says it is gikplint's is an error all the same (it cannot hide a report)
    strict = _by_name(gikplint("--format", "json", "--reports-only", portal / "gkbg"))["检查结果.html"]
    assert [d["code"] for d in strict["diagnostics"]] == ["GK902"] and "gikplint 生成" in strict["diagnostics"][0]["message"]


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
