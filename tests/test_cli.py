"""The command line as users meet it: exit codes, the JSON contract, bad
input that becomes GK901 without stopping the other files, inputs never written."""
import hashlib
import io
import re
import shutil
import zipfile

import pytest

from conftest import FIXTURES, SEEDS

CLEAN = FIXTURES / "corpus" / "huaian-gov-2024.txt"  # a real report gikplint finds nothing in
DEFECTIVE = SEEDS / "001_d99c8dcb44f53e53.txt"  # errors: GK304, GK403
WARNINGS_ONLY = SEEDS / "002_48546315720be920.txt"


def test_clean_report_exits_0(gikplint):
    r = gikplint(CLEAN)
    assert r.code == 0
    assert "共检查 1 个文件" in r.out


def test_errors_exit_1_and_name_the_file(gikplint):
    r = gikplint(DEFECTIVE)
    assert r.code == 1
    assert DEFECTIVE.name in r.out and "GK403" in r.out
    assert "\x1b" not in r.out  # no colour codes when the output is not a terminal


def test_fail_on_sets_the_level_that_fails(gikplint, tmp_path):
    only_warning = tmp_path / "r.txt"
    text = CLEAN.read_text(encoding="utf-8")
    only_warning.write_text(text.replace("统计期限", "时间范围"), encoding="utf-8")  # GK201, a warning
    assert gikplint("--format", "json", only_warning).codes() == ["GK201"]
    assert gikplint(only_warning).code == 0
    assert gikplint("--fail-on", "warning", only_warning).code == 1
    assert gikplint("--fail-on", "never", DEFECTIVE).code == 0


@pytest.mark.parametrize("args", [
    ["--format", "xml", str(CLEAN)],
    ["--no-such-option", str(CLEAN)],
    [],
])
def test_usage_errors_exit_2_in_chinese(gikplint, args):
    r = gikplint(*args)
    assert r.code == 2
    assert "参数错误" in r.err


def test_folder_without_reports_is_a_usage_error(gikplint, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    r = gikplint(tmp_path)
    assert r.code == 2 and "没有找到可检查的文件" in r.err


def test_json_contract(gikplint):
    r = gikplint("--format", "json", DEFECTIVE, CLEAN)
    doc = r.json
    assert doc["version"] == 1
    first = doc["files"][0]
    assert first["path"] == str(DEFECTIVE)
    assert first["report"] == {**first["report"], "title": "樟树市机关事务管理局2020年政府信息公开工作年度报告",
                               "agency": "樟树市机关事务管理局", "year": 2020, "template": "2019"}
    d = next(d for d in first["diagnostics"] if d["code"] == "GK403")
    assert set(d) >= {"code", "name", "severity", "message", "location"}
    assert d["name"] == "t3-row-shape" and d["severity"] == "error"
    assert isinstance(d["location"]["line"], int) and d["location"]["line"] >= 1
    assert d["location"]["table"] == "t3" and d["location"]["section"] == "三"
    assert DEFECTIVE.read_text(encoding="utf-8").splitlines()[d["location"]["line"] - 1].strip()
    assert doc["files"][1]["report"]["template"] == "2021"
    assert doc["summary"]["files"] == 2 and doc["summary"]["errors"] >= 2 and doc["summary"]["exit_code"] == 1


def test_line_numbers_point_at_the_offending_line(lint_json):
    _, entry = lint_json(DEFECTIVE)
    d = next(d for d in entry["diagnostics"] if d["code"] == "GK304")
    line = DEFECTIVE.read_text(encoding="utf-8").splitlines()[d["location"]["line"] - 1]
    assert "3000644.004" in line


def test_docx_findings_carry_the_xpath_of_the_cell(lint_json):
    _, entry = lint_json(SEEDS / "001_d99c8dcb44f53e53.docx")
    d = next(d for d in entry["diagnostics"] if d["code"] == "GK304")
    assert d["location"]["xpath"].startswith("/w:document/w:body/w:tbl")


def _zip(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
BAD_INPUTS = {
    "truncated.docx": ((SEEDS / "000_c0585c8bd0bdfd5d.docx").read_bytes()[:3000], "损坏"),
    "not-a-zip.docx": (b"this is not a word file at all", "不是有效的 .docx"),
    "legacy.doc": (OLE + b"WordDocument", "另存为"),
    "legacy-renamed.docx": (OLE + b"WordDocument", "旧版"),
    "encrypted.docx": (OLE + "EncryptionInfo".encode("utf-16-le"), "已加密"),
    "no-body.docx": (_zip({"[Content_Types].xml": "<Types/>"}), "没有 Word 正文"),
    "empty-body.docx": (_zip({"word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                                    'wordprocessingml/2006/main"><w:body/></w:document>'}), "正文为空"),
    "broken-xml.docx": (_zip({"word/document.xml": "<w:document><w:body>"}), "不是完整的 XML"),
    "empty.txt": (b"", "文件为空"),
    "binary.txt": (b"\x00\x01\x02garbage\x00" * 100, "二进制"),
    "report.pdf": (b"%PDF-1.4", "不是有效的 PDF"),
    "report.odt": (b"PK\x03\x04", "不支持的文件类型"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_a_gk901_with_a_chinese_reason(gikplint, tmp_path, name):
    data, words = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    r = gikplint("--format", "json", path)
    assert r.code == 1
    diags = r.json["files"][0]["diagnostics"]
    assert [d["code"] for d in diags] == ["GK901"]
    assert words in diags[0]["message"], diags[0]["message"]
    assert "Traceback" not in r.out + r.err


def test_missing_file_is_a_gk901(gikplint, tmp_path):
    r = gikplint("--format", "json", tmp_path / "nope.docx")
    assert r.codes() == ["GK901"] and "不存在" in r.json["files"][0]["diagnostics"][0]["message"]


def test_one_bad_file_does_not_stop_the_others(gikplint, tmp_path):
    (tmp_path / "a-broken.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "b-good.txt").write_bytes(DEFECTIVE.read_bytes())
    (tmp_path / "c-good.docx").write_bytes((SEEDS / "000_c0585c8bd0bdfd5d.docx").read_bytes())
    r = gikplint("--format", "json", tmp_path)
    files = {f["path"].rsplit("/", 1)[-1]: [d["code"] for d in f["diagnostics"]] for f in r.json["files"]}
    assert files["a-broken.docx"] == ["GK901"]
    assert "GK403" in files["b-good.txt"]
    assert "c-good.docx" in files


def test_folder_is_searched_recursively_for_supported_files(gikplint, tmp_path):
    sub = tmp_path / "2020" / "审计局"
    sub.mkdir(parents=True)
    (sub / "report.txt").write_bytes(DEFECTIVE.read_bytes())
    (sub / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("ignored", encoding="utf-8")
    r = gikplint("--format", "json", tmp_path)
    assert [f["path"].rsplit("/", 1)[-1] for f in r.json["files"]] == ["report.txt"]


def test_inputs_are_never_written(gikplint, tmp_path):
    targets = sorted(SEEDS.glob("*")) + [FIXTURES / "real" / "shanghai-office-2019.docx"]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets}
    stats = {p: p.stat().st_mtime_ns for p in targets}
    gikplint(*targets)
    gikplint("--format", "json", SEEDS)
    assert before == {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in targets}
    assert stats == {p: p.stat().st_mtime_ns for p in targets}


def test_rules_lists_every_rule_as_json(gikplint):
    r = gikplint("rules", "--format", "json")
    rules = r.json["rules"]
    codes = [x["code"] for x in rules]
    assert r.code == 0 and codes == sorted(codes)
    assert {"GK101", "GK410", "GK901"} <= set(codes)
    assert all(set(x) >= {"code", "name", "severity", "kind"} for x in rules)


def test_version(gikplint):
    r = gikplint("--version")
    assert r.code == 0 and r.out.startswith("gikplint ")


def test_jobs_give_the_same_result_as_one_process(gikplint):
    one = gikplint("--format", "json", "--jobs", "1", SEEDS).json
    two = gikplint("--format", "json", "--jobs", "2", SEEDS).json
    assert one == two and len(one["files"]) == 10
    assert gikplint("--format", "json", "--jobs", "0", SEEDS).json == one  # 0: every core
    assert gikplint("--jobs", "-1", SEEDS).code == 2


# --- conventions users know from ruff and SQLFluff ---------------------------

def _pipe(*args, data: bytes, cwd=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "gikplint", *map(str, args)], input=data, capture_output=True,
                          cwd=cwd, timeout=120)


def test_standard_input_is_linted_as_a_file(tmp_path):
    text = (SEEDS / "001_d99c8dcb44f53e53.txt").read_bytes()
    r = _pipe("--format", "json", "-", data=text)
    import json

    doc = json.loads(r.stdout)
    assert r.returncode == 1 and doc["files"][0]["path"] == "-"
    assert {"GK304", "GK403"} <= {d["code"] for d in doc["files"][0]["diagnostics"]}
    # --stdin-filename: the name shown, the reader chosen by its suffix, the configuration beside it
    (tmp_path / "gikplint.toml").write_text('ignore = ["GK3"]\n', encoding="utf-8")
    page = (FIXTURES / "real" / "shanghai-office-2019.html").read_bytes()
    r = _pipe("--format", "json", "--stdin-filename", tmp_path / "报告.html", "-", data=page)
    entry = json.loads(r.stdout)["files"][0]
    assert entry["path"].endswith("报告.html") and entry["report"]["published"] == "2020-01-31"  # read as HTML
    r = _pipe("--format", "json", "--stdin-filename", tmp_path / "r.txt", "-", data=text)
    assert not any(d["code"].startswith("GK3") for d in json.loads(r.stdout)["files"][0]["diagnostics"])
    empty = _pipe("-", data=b"")
    assert empty.returncode == 1 and "标准输入为空" in empty.stdout.decode("utf-8")


def test_exit_zero_and_statistics(gikplint):
    defective = SEEDS / "001_d99c8dcb44f53e53.txt"
    assert gikplint("--exit-zero", defective).code == 0
    assert gikplint("--exit-zero", "--select", "GK999", defective).code == 2  # usage errors stay 2
    r = gikplint("--statistics", defective)
    assert r.code == 1 and "按规则统计" in r.out and "│" not in r.out
    assert re.search(r"^\s+4\s+警告\s+GK131 模板标签错字$", r.out, re.M)


@pytest.mark.parametrize("args", [["rules", "-V"], [str(CLEAN), "--version"], ["--format", "json", "-V", str(CLEAN)]])
def test_version_anywhere(gikplint, args):
    r = gikplint(*args)
    assert r.code == 0 and r.out.startswith("gikplint ") and r.out.count("\n") == 1


def test_options_before_a_command_are_options_not_file_names(gikplint, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('ignore = ["GK4"]\n', encoding="utf-8")
    r = gikplint("--plugins", "", "rules", "--format", "json")
    assert r.code == 0 and r.json["rules"]
    r = gikplint("--config", config, "explain", "GK410")
    assert r.code == 0 and "勾稽关系不平衡" in r.out
    r = gikplint("--config", config, "--format", "json", SEEDS / "001_d99c8dcb44f53e53.txt")
    assert "GK403" not in r.codes()


def test_jobs_0_means_every_core(gikplint):
    one = gikplint("--format", "json", "--jobs", "1", SEEDS).json
    assert gikplint("--format", "json", "-j", "0", SEEDS).json == one


# --- Chinese throughout ------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--no-such-option", str(CLEAN)], "无法识别的参数：--no-such-option"),
    (["rules", "--format", "xml"], "没有 'xml' 这一项（可选：'human', 'json'）"),
    (["--published", str(CLEAN)], "日期应形如 2021-01-31"),
    (["--fail-on"], "后面应有一个值"),
    (["--jobs", "many", str(CLEAN)], "应为 0（全部核数）或正整数"),
    (["baseline"], "缺少参数"),
    ([], "缺少参数：PATH"),
])
def test_usage_errors_are_in_chinese(gikplint, args, words):
    r = gikplint(*args)
    assert r.code == 2 and words in r.err and r.err.startswith("用法：gikplint"), r.err
    assert not re.search(r"usage:|error:|invalid|expected|required", r.err)


def test_help_is_in_chinese(gikplint):
    r = gikplint("--help")
    assert r.code == 0 and r.out.startswith("用法：gikplint") and "显示本帮助后退出" in r.out
    r = gikplint("lint", "-h")
    assert "选项" in r.out and "--stdin-filename" in r.out and not re.search(r"usage:|show this help", r.out)


@pytest.mark.parametrize("text, words", [
    ('select = [GK4]\n', "第 1 行第 11 列：值的写法不对（文字要加引号"),
    ('fail-on = "error\n', "第 1 行第 17 列：字符串到行尾还没有结束"),
    ('[severity\n', "第 1 行第 10 列：表头应以“]”结尾"),
])
def test_toml_errors_are_said_in_chinese_with_file_and_line(gikplint, tmp_path, text, words):
    (tmp_path / "gikplint.toml").write_text(text, encoding="utf-8")
    shutil.copy(CLEAN, tmp_path / "r.txt")
    r = gikplint(tmp_path / "r.txt")
    assert r.code == 2 and "gikplint.toml" in r.err and words in r.err, r.err


def test_an_empty_folder_names_only_the_types_that_are_read(gikplint, tmp_path):
    r = gikplint(tmp_path)
    assert r.code == 2 and ".docx" in r.err and ".pdf" in r.err and ".doc、" not in r.err and ".wps" not in r.err


def test_rules_go_by_chinese_titles_for_people_and_slugs_for_tools(gikplint):
    defective = SEEDS / "001_d99c8dcb44f53e53.txt"
    assert "[金额缺少单位]" in gikplint(defective).out
    assert "title=GK304 金额缺少单位" in gikplint("--format", "github", defective).out
    entry = next(d for d in gikplint("--format", "json", defective).json["files"][0]["diagnostics"] if d["code"] == "GK304")
    assert entry["name"] == "amount-unit-missing"
    rows = {r["code"]: r for r in gikplint("rules", "--format", "json").json["rules"]}
    assert rows["GK304"]["title"] == "金额缺少单位" and all(r["title"] for r in rows.values())


def test_standard_input_is_held_to_the_configuration_of_its_name(tmp_path):
    (tmp_path / "gikplint.toml").write_text('select = ["GK999"]\n', encoding="utf-8")
    r = _pipe("--stdin-filename", tmp_path / "r.txt", "-", data=CLEAN.read_bytes())
    assert r.returncode == 2 and "GK999" in r.stderr.decode("utf-8")
    (tmp_path / "gikplint.toml").write_text('exclude = ["r.txt"]\n', encoding="utf-8")
    r = _pipe("--force-exclude", "--stdin-filename", tmp_path / "r.txt", "-", data=DEFECTIVE.read_bytes())
    assert r.returncode == 0 and "按排除模式排除了 1 个文件或文件夹" in r.stdout.decode("utf-8")
