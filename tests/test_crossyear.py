"""Last year's report through the command line: --previous, --previous-dir
pairing by agency and year, `previous-dir` and thresholds in the
configuration, and what cannot be paired said as a note, never a finding."""
import shutil

from conftest import FIXTURES, SEEDS

THIS = FIXTURES / "corpus" / "huaian-gov-2024.txt"


def _last_year(folder, *edits):
    text = THIS.read_text(encoding="utf-8").replace("2024 年", "2023 年")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "淮安市人民政府2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_previous_dir_pairs_each_report_with_its_agencys_last_year(gikplint, tmp_path):
    _last_year(tmp_path / "2023")
    shutil.copy(SEEDS / "004_dda405f3101c73c3.txt", tmp_path / "2023" / "other-agency.txt")
    (tmp_path / "2024").mkdir()
    shutil.copy(THIS, tmp_path / "2024" / "huaian.txt")
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.txt", tmp_path / "2024" / "zhangshu.txt")
    r = gikplint("--format", "json", "--previous-dir", tmp_path / "2023", tmp_path / "2024")
    files = {f["path"].rsplit("/", 1)[-1]: f for f in r.json["files"]}
    assert {"GK801", "GK802", "GK803"} <= {d["code"] for d in files["huaian.txt"]["diagnostics"]}
    assert not files["huaian.txt"]["notes"]
    unmatched = files["zhangshu.txt"]
    assert not {d["code"] for d in unmatched["diagnostics"]} & {"GK801", "GK802", "GK803", "GK804"}
    assert any("没有找到樟树市机关事务管理局 2019 年度的报告" in n for n in unmatched["notes"])


def test_previous_dir_from_the_configuration_with_thresholds(gikplint, tmp_path):
    _last_year(tmp_path / "2023", ("5500 余条", "5200 余条"))
    (tmp_path / "2024").mkdir()
    shutil.copy(THIS, tmp_path / "2024" / "huaian.txt")
    config = tmp_path / "2024" / "gikplint.toml"
    config.write_text('previous-dir = "../2023"\n', encoding="utf-8")
    assert "GK802" in gikplint("--format", "json", tmp_path / "2024").codes()
    config.write_text('previous-dir = "../2023"\n[thresholds]\nnear-duplicate = 1.0\nyear-over-year-jump = 2\n',
                      encoding="utf-8")
    assert "GK802" in gikplint("--format", "json", tmp_path / "2024").codes()  # 100 % reaches 1.0
    _last_year(tmp_path / "2023", ("一、本年新收政府信息公开申请数量 3001 53 0 0 61 4 3119",
                                   "一、本年新收政府信息公开申请数量 1000 53 0 0 61 4 1118"))
    codes = gikplint("--format", "json", tmp_path / "2024").codes()
    assert "GK804" in codes  # 3119 / 1118 = 2.8 > 2
    config.write_text('previous-dir = "../2023"\n[thresholds]\nyear-over-year-jump = 5\n', encoding="utf-8")
    assert "GK804" not in gikplint("--format", "json", tmp_path / "2024").codes()


def test_a_previous_report_of_the_wrong_year_or_unreadable_is_a_note(gikplint, tmp_path):
    r = gikplint("--format", "json", "--previous", SEEDS / "001_d99c8dcb44f53e53.txt", THIS)
    entry = r.json["files"][0]
    assert any("不是本报告（2024 年度）的上一年度" in n for n in entry["notes"])
    assert not {d["code"] for d in entry["diagnostics"]} & {"GK801", "GK802", "GK803", "GK804"}
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    entry = gikplint("--format", "json", "--previous", broken, THIS).json["files"][0]
    assert any("无法读取" in n for n in entry["notes"]) and entry["diagnostics"] == []


def test_bad_previous_options_and_settings_are_exit_2(gikplint, tmp_path):
    assert gikplint("--previous", tmp_path / "missing.docx", THIS).code == 2
    assert gikplint("--previous-dir", tmp_path / "missing", THIS).code == 2
    assert gikplint("--previous", THIS, "--previous-dir", tmp_path, THIS).code == 2
    shutil.copy(THIS, tmp_path / "r.txt")
    for text, words in (('previous-dir = "nowhere"\n', "previous-dir"),
                        ('[thresholds]\nnear-duplicate = 2\n', "thresholds.near-duplicate"),
                        ('[thresholds]\nsimilarity = 0.5\n', "thresholds.similarity")):
        (tmp_path / "gikplint.toml").write_text(text, encoding="utf-8")
        r = gikplint(tmp_path / "r.txt")
        assert r.code == 2 and words in r.err, (text, r.err)


# --- across agencies, in one batch ------------------------------------------

def _agencies(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    text = THIS.read_text(encoding="utf-8")
    (folder / "huaian.txt").write_text(text, encoding="utf-8")
    (folder / "suqian.txt").write_text(text.replace("淮安", "宿迁"), encoding="utf-8")
    (folder / "huaian-2023.txt").write_text(text.replace("2024 年", "2023 年"), encoding="utf-8")  # the same agency
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    return folder


def test_cross_agency_finds_copies_between_agencies_on_both_reports(gikplint, tmp_path):
    folder = _agencies(tmp_path)
    r = gikplint("--format", "json", "--cross-agency", folder)
    found = {f["path"].rsplit("/", 1)[-1]: [d for d in f["diagnostics"] if d["code"] == "GK802"] for f in r.json["files"]}
    assert [d["message"] for d in found["huaian.txt"]] and "“宿迁市人民政府”" in found["huaian.txt"][0]["message"]
    assert "“淮安市人民政府”" in found["suqian.txt"][0]["message"]
    assert len(found["huaian-2023.txt"]) == 1 and "宿迁" in found["huaian-2023.txt"][0]["message"]
    assert "“淮安市人民政府”" not in found["huaian-2023.txt"][0]["message"]  # its own agency is not another
    assert not any(found[p.name] for p in SEEDS.glob("*.txt"))  # different reports of different agencies
    # without --cross-agency, nothing is compared
    plain = gikplint("--format", "json", folder)
    assert "GK802" not in {d["code"] for f in plain.json["files"] for d in f["diagnostics"]}
    # ignored where the configuration says so
    (folder / "gikplint.toml").write_text('ignore = ["GK802"]\n', encoding="utf-8")
    assert "GK802" not in gikplint("--format", "json", "--cross-agency", folder).codes()


def test_cross_agency_and_xlsx_say_which_extra_they_need(gikplint, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "datasketch", None)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    r = gikplint("--cross-agency", THIS)
    assert r.code == 2 and "gikplint[batch]" in r.err
    r = gikplint("--format", "xlsx", "-o", tmp_path / "x.xlsx", THIS)
    assert r.code == 2 and "gikplint[batch]" in r.err and not (tmp_path / "x.xlsx").exists()


def test_a_roster_lists_missing_agencies_and_sets_their_deadline(gikplint, tmp_path):
    folder = _agencies(tmp_path)
    roster = tmp_path / "名单.csv"
    roster.write_text("机关,类型,时限\n淮安市人民政府,政府,03-31\n连云港市人民政府,,\n"
                      "樟树市机关事务管理局,部门,01-10\n", encoding="gb18030")
    r = gikplint("--format", "json", "--roster", roster, folder)
    assert r.json["summary"]["missing"] == ["连云港市人民政府"]
    human = gikplint("--roster", roster, folder)
    assert "名单中有 1 个机关没有报告：连云港市人民政府" in human.out
    # 樟树市机关事务管理局's report, published 2021-01-15: late by the roster's 01-10, not by the law's 01-31
    entry = next(f for f in r.json["files"] if f["path"].endswith("001_d99c8dcb44f53e53.txt"))
    late = gikplint("--format", "json", "--roster", roster, "--published", "2021-01-15", folder / entry["path"].rsplit("/", 1)[-1])
    assert "GK703" in late.codes() and "GK703" not in gikplint("--format", "json", "--published", "2021-01-15",
                                                            folder / "001_d99c8dcb44f53e53.txt").codes()
    for bad, words in (("名称\n", "机关"), ("机关,类型\nA,省\n", "第 2 行"), ("机关,时限\nA,13-01\n", "时限")):
        roster.write_text(bad.replace("名称", "x"), encoding="utf-8")
        r = gikplint("--roster", roster, folder)
        assert r.code == 2 and words in r.err, r.err


def test_previous_dir_reads_every_format_a_pdf_included(gikplint, tmp_path):
    (tmp_path / "2024").mkdir()
    shutil.copy(FIXTURES / "real" / "huaian-gov-2024.pdf", tmp_path / "2024" / "淮安.pdf")
    (tmp_path / "2025").mkdir()
    (tmp_path / "2025" / "huaian.txt").write_text(THIS.read_text(encoding="utf-8").replace("2024 年", "2025 年"),
                                                  encoding="utf-8")
    r = gikplint("--format", "json", "--previous-dir", tmp_path / "2024", tmp_path / "2025")
    entry = r.json["files"][0]
    assert not entry["notes"] and {"GK801", "GK802"} <= {d["code"] for d in entry["diagnostics"]}


def test_previous_dir_skips_pages_that_are_not_reports_and_previous_names_another_agency(gikplint, tmp_path):
    old = tmp_path / "2023"
    _last_year(old)
    (old / "a-news.html").write_text('<html><body><h1>淮安市人民政府2023年政府信息公开工作年度报告</h1>'
                                     "<p>点击下载附件</p></body></html>", encoding="utf-8")
    entry = gikplint("--format", "json", "--previous-dir", old, THIS).json["files"][0]
    assert "GK801" in {d["code"] for d in entry["diagnostics"]} and not [s for s in entry["skipped"] if s["code"].startswith("GK8")]
    other = tmp_path / "other-2023.txt"
    other.write_text(THIS.read_text(encoding="utf-8").replace("2024 年", "2023 年").replace("淮安", "宿迁"),
                     encoding="utf-8")
    entry = gikplint("--format", "json", "--previous", other, THIS).json["files"][0]
    assert any("不是本报告的机关" in n for n in entry["notes"])
    assert not {d["code"] for d in entry["diagnostics"]} & {"GK801", "GK802", "GK803", "GK804"}


def test_a_short_report_copied_from_a_long_one_is_found(gikplint, tmp_path):
    """Its own share is high though the two texts' Jaccard similarity is low."""
    import re

    folder = tmp_path / "batch"
    folder.mkdir()
    long = THIS.read_text(encoding="utf-8")
    shutil.copy(THIS, folder / "huaian.txt")
    first = re.search(r"一、总体情况\n(.*?)\n（二）", long, re.S)[1]  # 淮安's opening paragraphs
    seed = (SEEDS / "000_c0585c8bd0bdfd5d.txt").read_text(encoding="utf-8")
    copied = re.sub(r"(一、总体情况\n).*?(\n二、)", lambda m: m[1] + first + m[2], seed, count=1, flags=re.S)
    (folder / "zhangshu.txt").write_text(copied, encoding="utf-8")
    r = gikplint("--format", "json", "--cross-agency", "--select", "GK802", folder)
    found = {f["path"].rsplit("/", 1)[-1]: [d["message"] for d in f["diagnostics"]] for f in r.json["files"]}
    assert found["zhangshu.txt"] and "淮安市人民政府" in found["zhangshu.txt"][0]
    assert found["huaian.txt"] == []  # most of 淮安's text is its own


def test_cross_agency_findings_are_in_the_html_sections_and_baselines_hold_them(gikplint, tmp_path, monkeypatch):
    folder = tmp_path / "batch"
    folder.mkdir()
    text = THIS.read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("淮安", "宿迁"), encoding="utf-8")
    (folder / "c.txt").write_text((SEEDS / "004_dda405f3101c73c3.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "page.html"
    gikplint("--format", "html", "-o", out, "--cross-agency", folder)
    sections = out.read_text(encoding="utf-8").split('<section class="file"')[1:]
    assert sum("本批次中其他机关的报告（" in s for s in sections) == 2
    assert all("未发现问题" not in s for s in sections if "本批次中其他机关的报告（" in s)
    # written from one folder, checked from another with the files named one by one
    monkeypatch.chdir(folder)
    assert gikplint("baseline", "write", tmp_path / "b.json", "--cross-agency", ".").code == 0
    monkeypatch.chdir(tmp_path)
    r = gikplint("--format", "json", "--baseline", tmp_path / "b.json", "--cross-agency",
                 folder / "a.txt", folder / "b.txt", folder / "c.txt")
    assert "GK802" not in r.codes(0) and "GK802" not in r.codes(1)


def test_bad_rosters_and_odd_batches_do_not_crash(gikplint, tmp_path):
    big = tmp_path / "big.csv"
    big.write_text('机关\n"' + "x" * 200000 + '"\n', encoding="utf-8")
    for roster in (big, tmp_path):
        r = gikplint("--roster", roster, THIS)
        assert r.code == 2 and "名单" in r.err and "Traceback" not in r.err
    r = gikplint("--format", "json", THIS, THIS)  # the same file twice is checked once
    assert len(r.json["files"]) == 1
    nameless = tmp_path / "nameless.txt"
    nameless.write_text((SEEDS / "004_dda405f3101c73c3.txt").read_text(encoding="utf-8"), encoding="utf-8")
    entry = gikplint("--format", "json", "--cross-agency", nameless, THIS).json["files"][0]
    assert any("没有找到报告的机关名称" in n for n in entry["notes"])
