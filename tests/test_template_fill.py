"""The real WPS blank template of the 2021 format (merged cells), filled with
balanced numbers: nothing at error level. Unbalance one cell and the
arithmetic rules name that column."""
import copy
import zipfile

import pytest
from lxml import etree

from conftest import FIXTURES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATE = FIXTURES / "real" / "template-2021-blank.docx"

T3 = {  # row label prefix → 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他
    "一、": [5, 2, 0, 1, 0, 0], "二、": [1, 0, 0, 0, 0, 0],
    "（一）": [3, 1, 0, 1, 0, 0], "（二）": [1, 0, 0, 0, 0, 0], "1.属于国家秘密": [1, 0, 0, 0, 0, 0],
    "1.本机关不掌握": [0, 1, 0, 0, 0, 0], "（七）": [5, 2, 0, 1, 0, 0], "四、": [1, 0, 0, 0, 0, 0],
}
T4 = [1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]


def _set(tc, value):
    p = tc.find(f"{W}p")
    for r in p.findall(f"{W}r"):
        p.remove(r)
    r = etree.SubElement(p, f"{W}r")
    etree.SubElement(r, f"{W}t").text = str(value)


def _text(el):
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def fill(tmp_path, change=None):
    """Fill every value cell; `change` = (row prefix, column index, new value)."""
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    t2, t3, t4 = root.iter(f"{W}tbl")
    for tr in t2.iter(f"{W}tr"):
        tcs = tr.findall(f"{W}tc")
        if len(tcs) > 1 and not _text(tcs[0]).startswith("信息内容"):
            for tc in tcs[1:]:
                _set(tc, 3)
    for tr in t3.iter(f"{W}tr"):
        tcs = tr.findall(f"{W}tc")
        label = "".join(_text(tc) for tc in tcs[:-7])
        if len(tcs) < 8 or "勾稽" in label or not label.strip():
            continue
        values = next((copy.copy(v) for k, v in T3.items() if k in label), [0] * 6)
        if change and change[0] in label:
            values[change[1]] = change[2]
        for tc, v in zip(tcs[-7:], values + [sum(T3.get(next((k for k in T3 if k in label), ""), [0] * 6))]):
            _set(tc, v)
    data = t4.findall(f"{W}tr")[-1]
    for tc, v in zip(data.findall(f"{W}tc"), T4):
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
    assert not [d for d in entry["diagnostics"] if d["code"] == "GK121"]
    assert entry["skipped"] == []


@pytest.mark.parametrize("change,expected", [
    (("一、", 0, 6), {"GK410": "自然人", "GK412": "一"}),  # 新收 自然人 6: the column and the row break
    (("（一）", 1, 2), {"GK411": "商业企业", "GK412": "（一）"}),  # a result row: the 七 sum and the row
    (("四、", 3, 1), {"GK410": "社会公益组织", "GK412": "四"}),
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
        assert any(name in (w or "") for pair in where for w in pair), where
        assert all(d["location"]["xpath"].startswith("/w:document/w:body/w:tbl") for d in found[code_])
