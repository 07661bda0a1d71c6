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
