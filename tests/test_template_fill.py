"""The real WPS blank template of the 2021 format (merged cells), filled with
the real, balanced numbers of the 淮安市人民政府 2024 report: nothing at error
level. Unbalance one cell and the arithmetic rules name that column."""
import zipfile

import pytest
from lxml import etree

from conftest import FIXTURES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATE = FIXTURES / "real" / "template-2021-blank.docx"

# 淮安市人民政府 2024年政府信息公开工作年度报告 (tests/fixtures/corpus/huaian-gov-2024.txt)
T2 = [[1, 0, 11], [8, 26, 66], [447228], [3985758], [88283], ["96171.6"]]
T3 = [  # in template row order: 7 values each
    [3001, 53, 0, 0, 61, 4, 3119], [34, 0, 0, 0, 0, 0, 34],
    [1288, 21, 0, 0, 50, 3, 1362], [447, 7, 0, 0, 0, 0, 454],
    [2, 0, 0, 0, 0, 0, 2], [30, 1, 0, 0, 0, 0, 31], [5, 0, 0, 0, 0, 0, 5], [6, 0, 0, 0, 0, 0, 6],
    [7, 1, 0, 0, 0, 0, 8], [12, 0, 0, 0, 0, 0, 12], [9, 0, 0, 0, 0, 0, 9], [105, 0, 0, 0, 0, 0, 105],
    [746, 12, 0, 0, 10, 1, 769], [11, 0, 0, 0, 0, 0, 11], [1, 0, 0, 0, 0, 0, 1],
    [56, 6, 0, 0, 0, 0, 62], [25, 0, 0, 0, 0, 0, 25], [0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 0, 1],
    [67, 3, 0, 0, 1, 0, 71], [6, 0, 0, 0, 0, 0, 6], [108, 2, 0, 0, 0, 0, 110],
    [2932, 53, 0, 0, 61, 4, 3050], [103, 0, 0, 0, 0, 0, 103],
]
T4 = [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _set(tc, value):
    p = tc.find(f"{W}p")
    for r in p.findall(f"{W}r"):
        p.remove(r)
    r = etree.SubElement(p, f"{W}r")
    etree.SubElement(r, f"{W}t").text = str(value)


def _text(el):
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def fill(tmp_path, change=None):
    """The template with every value cell filled; `change` = (row, column, value) of table 3."""
    t3 = [list(r) for r in T3]
    if change:
        t3[change[0]][change[1]] = change[2]
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    tbl2, tbl3, tbl4 = root.iter(f"{W}tbl")
    rows2 = [tr.findall(f"{W}tc") for tr in tbl2.iter(f"{W}tr")]
    data2 = [tcs for tcs in rows2 if len(tcs) > 1 and _text(tcs[0]) not in ("信息内容",)]
    for tcs, values in zip(data2, T2, strict=True):
        for tc, v in zip(tcs[1:], values, strict=True):
            _set(tc, v)
    data3 = [tr.findall(f"{W}tc") for tr in tbl3.iter(f"{W}tr")][3:]  # after three header rows
    for tcs, values in zip(data3, t3, strict=True):
        for tc, v in zip(tcs[-7:], values, strict=True):
            _set(tc, v)
    for tc, v in zip(tbl4.findall(f"{W}tr")[-1].findall(f"{W}tc"), T4, strict=True):
        _set(tc, v)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = tmp_path / "filled.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return out


def test_filled_template_has_nothing_at_error_level(lint_json, tmp_path):
    code, entry = lint_json(fill(tmp_path))
    assert code == 0
    assert entry["report"]["template"] == "2021"
    assert not [d for d in entry["diagnostics"] if d["severity"] == "error"], entry["diagnostics"]
    assert not [d for d in entry["diagnostics"] if d["code"] in ("GK121", "GK122", "GK131", "GK302", "GK303",
                                                                "GK401", "GK402", "GK604", "GK606")]
    # the template's own table wording is never a placeholder; its （文字描述） prompts are
    assert all("文字描述" in d["message"] for d in entry["diagnostics"] if d["code"] == "GK605")
    assert [s for s in entry["skipped"] if s["code"] in ("GK410", "GK411", "GK412", "GK502")] == []


@pytest.mark.parametrize("change,expected", [
    ((0, 0, 3002), {"GK410": "自然人", "GK412": "一"}),  # 一、本年新收 自然人: its column and its row
    ((2, 1, 22), {"GK411": "商业企业", "GK412": "（一）"}),  # （一）予以公开 商业企业: the results total and the row
    ((24, 4, 1), {"GK410": "法律服务机构", "GK412": "四"}),  # 四、结转下年度 法律服务机构
])
def test_one_unbalanced_cell_is_named_by_column(lint_json, tmp_path, change, expected):
    code, entry = lint_json(fill(tmp_path, change))
    assert code == 1
    found = {}
    for d in entry["diagnostics"]:
        if d["severity"] == "error":
            found.setdefault(d["code"], []).append(d)
    assert set(found) == set(expected), {k: [d["message"] for d in v] for k, v in found.items()}
    for code_, name in expected.items():
        where = [(d["location"].get("column"), d["location"].get("row")) for d in found[code_]]
        assert any(name == w for pair in where for w in pair), where
        assert all(d["location"]["xpath"].startswith("/w:document/w:body/w:tbl") for d in found[code_])
    column = COLUMNS[change[1]]
    assert any(column in d["message"] for ds in found.values() for d in ds)
