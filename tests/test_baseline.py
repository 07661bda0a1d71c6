"""Baselines through the command line: recorded findings are not reported
again, unrelated edits keep them matching, fixed ones are pruned on rewrite."""
import json
import shutil

from conftest import SEEDS

REPORT = SEEDS / "001_d99c8dcb44f53e53.txt"


def _setup(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(REPORT, report)
    return report, tmp_path / "baseline.json"


def test_baselined_findings_are_not_reported(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    w = gikplint("baseline", "write", base, report)
    assert w.code == 0 and base.is_file()
    entries = json.loads(base.read_text(encoding="utf-8"))["files"]["report.txt"]
    assert {e["code"] for e in entries.values()} >= {"GK304", "GK403"}
    r = gikplint("--format", "json", "--baseline", base, report)
    assert r.code == 0 and r.codes() == []


def test_an_unrelated_edit_keeps_every_entry_matching(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    gikplint("baseline", "write", base, report)
    text = report.read_text(encoding="utf-8")
    text = text.replace("一、总体情况\n", "一、总体情况\n2020年，我局新增了一段与表格无关的说明。\n\n")
    report.write_text(text, encoding="utf-8")
    assert gikplint("--format", "json", "--baseline", base, report).codes() == []


def test_only_new_findings_are_reported(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    gikplint("baseline", "write", base, report)
    report.write_text(report.read_text(encoding="utf-8").replace("（国务院令第711号", "（国务院令第492号"), encoding="utf-8")
    r = gikplint("--format", "json", "--baseline", base, report)
    assert r.code == 1 and r.codes() == ["GK204"]


def test_rewriting_prunes_fixed_entries(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    gikplint("baseline", "write", base, report)
    report.write_text(report.read_text(encoding="utf-8").replace("3000644.004", "300.06万元"), encoding="utf-8")
    gikplint("baseline", "write", base, report)
    codes = {e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["files"]["report.txt"].values()}
    assert "GK304" not in codes and "GK305" not in codes and "GK403" in codes


def test_a_missing_or_broken_baseline_is_a_usage_error(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    assert gikplint("--baseline", base, report).code == 2
    base.write_text("{not json", encoding="utf-8")
    r = gikplint("--baseline", base, report)
    assert r.code == 2 and "基线" in r.err


def test_writing_for_some_files_keeps_the_others_entries(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    other = tmp_path / "other.txt"
    shutil.copy(SEEDS / "002_48546315720be920.txt", other)
    assert gikplint("baseline", "write", base, report, other).code == 0
    both = json.loads(base.read_text(encoding="utf-8"))["files"]
    assert set(both) == {"report.txt", "other.txt"}
    report.write_text(report.read_text(encoding="utf-8").replace("3000644.004", "300.06万元"), encoding="utf-8")
    w = gikplint("baseline", "write", base, report)
    assert w.code == 0 and "保留了其他 1 个文件原有的记录" in w.out
    files = json.loads(base.read_text(encoding="utf-8"))["files"]
    assert files["other.txt"] == both["other.txt"]
    assert "GK304" not in {e["code"] for e in files["report.txt"].values()}
    # a file that no longer exists loses its entries
    other.unlink()
    gikplint("baseline", "write", base, report)
    assert set(json.loads(base.read_text(encoding="utf-8"))["files"]) == {"report.txt"}


def test_baseline_write_takes_the_lint_options(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    gikplint("baseline", "write", "--select", "GK304", "--published", "2021-01-20", base, report)
    codes = {e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["files"]["report.txt"].values()}
    assert codes == {"GK304"}
    assert gikplint("baseline", "write", "--select", "GK999", base, report).code == 2


def test_baseline_write_never_overwrites_what_is_not_a_baseline(gikplint, tmp_path):
    report, base = _setup(tmp_path)
    before = report.read_bytes()
    r = gikplint("baseline", "write", report, tmp_path)  # the arguments swapped
    assert r.code == 2 and "基线" in r.err and report.read_bytes() == before
    base.write_text('{"version": 1, "files": []}', encoding="utf-8")
    r = gikplint("baseline", "write", base, report)
    assert r.code == 2 and base.read_text(encoding="utf-8") == '{"version": 1, "files": []}'
    r = gikplint("baseline", "write", tmp_path / "no" / "such" / "b.json", report)
    assert r.code == 2 and "无法写入基线文件" in r.err and "Traceback" not in r.err


def test_a_folder_or_an_empty_name_is_no_baseline(gikplint, tmp_path):
    report, _ = _setup(tmp_path)
    for args in (["baseline", "write", tmp_path, report], ["baseline", "write", "", report],
                 ["--baseline", tmp_path, report], ["--baseline", "", report]):
        r = gikplint(*args)
        assert r.code == 2 and "Traceback" not in r.err and "基线" in r.err, args


def test_a_file_name_that_is_not_utf8_is_recorded(gikplint, tmp_path):
    import os

    folder = tmp_path / "reports"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"bad\xff.txt")
    with open(odd, "wb") as f:
        f.write(REPORT.read_bytes())
    base = tmp_path / "b.json"
    assert gikplint("baseline", "write", base, folder).code == 0
    assert not (tmp_path / "b.json.tmp").exists()
    assert gikplint("--baseline", base, folder).code == 0  # every finding matched again
