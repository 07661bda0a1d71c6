"""For the officer in Word or WPS: locations in the document's own terms,
the annotated copy, the corrected copy and the blank template of a year."""
import hashlib
import os
import shutil
import subprocess
import zipfile

import docx
import pytest
from lxml import etree

from conftest import FIXTURES, SEEDS
from test_template_fill import fill

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_URI
NS = {"w": W_URI}
TEMPLATE = FIXTURES / "real" / "template-2021-blank.docx"
SEED_DOCX = sorted(SEEDS.glob("*.docx"))
# the rules about a report's structure: a generated template must give none of them
STRUCTURAL = ("GK1", "GK2", "GK3", "GK4", "GK5", "GK7")


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _diagnostics(lint_json, path, *extra):
    return lint_json(path, *extra)[1]["diagnostics"]


# ------------------------------------------------------------ locations

def test_a_docx_finding_says_table_row_and_column_as_word_shows_them(lint_json):
    found = _diagnostics(lint_json, SEEDS / "001_d99c8dcb44f53e53.docx")
    gk304 = next(d for d in found if d["code"] == "GK304")
    loc = gk304["location"]
    assert loc["where"] == "第二部分表格 第18行 第3列 “政府集中采购”行“采购总金额”列"
    assert (loc["row_label"], loc["column_label"]) == ("政府集中采购", "采购总金额")
    assert loc["line"] == 34  # the derived-text line stays for tools
    table = docx.Document(str(SEEDS / "001_d99c8dcb44f53e53.docx")).tables[loc["docx_table"] - 1]
    row = table.rows[loc["docx_row"] - 1]
    visible = list(dict.fromkeys(c._tc for c in row.cells))  # a merged cell counts once, as Word shows it
    assert "3000644.004" in "".join(t.text or "" for t in visible[loc["docx_cell"] - 1].iter(W + "t"))


def test_a_label_typo_is_placed_at_its_cell(lint_json):
    """GK131 was placed only by its derived-text line; now by the cell that holds the label."""
    found = _diagnostics(lint_json, SEEDS / "001_d99c8dcb44f53e53.docx")
    typos = {d["fix"]: d["location"] for d in found if d["code"] == "GK131"}
    assert typos["结果维持"]["where"].startswith("第四部分表格 第3行 第1列")
    assert typos["1.信访举报投诉类申请"]["where"].startswith("第三部分表格 第19行 第3列")


def test_a_paragraph_finding_says_which_paragraph_counting_every_paragraph_mark(lint_json):
    path = SEEDS / "000_c0585c8bd0bdfd5d.docx"
    found = _diagnostics(lint_json, path)
    paragraphs = docx.Document(str(path)).paragraphs  # body paragraphs in order, empty ones included
    placed = [d for d in found if "docx_paragraph" in d["location"]]
    assert placed
    from conftest import read_doc

    lines = read_doc(str(path)).lines  # the derived text the finding's line counts in
    for d in placed:
        n = d["location"]["docx_paragraph"]
        assert d["location"]["where"].startswith(f"第{n}段")
        assert lines[d["location"]["line"] - 1].strip() in paragraphs[n - 1].text, d


def test_human_output_leads_with_the_place(gikplint):
    out = gikplint(SEEDS / "001_d99c8dcb44f53e53.docx").out
    assert "  第二部分表格 第18行 第3列  错误  GK304 " in out
    txt = gikplint(SEEDS / "001_d99c8dcb44f53e53.txt").out
    assert "   第91行  错误  GK304 " in txt


def test_sarif_carries_the_place(gikplint):
    sarif = gikplint("--format", "sarif", SEEDS / "001_d99c8dcb44f53e53.docx").json
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "GK304")
    location = result["locations"][0]
    assert location["message"]["text"].startswith("第二部分表格 第18行 第3列")
    assert location["physicalLocation"]["region"]["properties"]["row"] == 18


def test_html_report_shows_the_place(gikplint, tmp_path):
    out = tmp_path / "r.html"
    gikplint("--format", "html", "-o", out, SEEDS / "001_d99c8dcb44f53e53.docx")
    assert "第二部分表格 第18行 第3列 “政府集中采购”行“采购总金额”列" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------ annotate

def _comments(path):
    return list(docx.Document(str(path)).comments)


def _anchored_paragraphs(path):
    """comment id → the paragraph element holding its commentRangeStart."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return {s.get(W + "id"): s.getparent() for s in root.iter(W + "commentRangeStart")}, root


@pytest.mark.parametrize("path", SEED_DOCX, ids=[p.name for p in SEED_DOCX])
def test_annotate_writes_one_comment_per_finding_at_its_place(gikplint, lint_json, tmp_path, path):
    report = tmp_path / path.name
    shutil.copy(path, report)
    before = _digest(report)
    found = _diagnostics(lint_json, report)
    r = gikplint("annotate", report)
    assert r.code == 0, r.err
    copy = tmp_path / (path.stem + ".gikplint.docx")
    assert _digest(report) == before  # the input is never written
    comments = _comments(copy)
    placed = [d for d in found if "xpath" in d["location"]]
    elsewhere = len(found) - len(placed)
    assert len(comments) == len(placed) + (1 if elsewhere else 0)
    assert {c.author for c in comments} == {"gikplint"}
    anchors, root = _anchored_paragraphs(copy)
    assert len(anchors) == len(comments)
    for d in placed:  # each comment sits in the paragraph, cell or row its finding names
        target = root.xpath(d["location"]["xpath"], namespaces=NS)[0]
        mine = [c for c in comments if c.text.startswith(d["code"]) and d["message"][:30] in c.text]
        assert any(anchors[str(c.comment_id)] is target or target in anchors[str(c.comment_id)].iterancestors()
                   for c in mine), d
    if elsewhere:
        title = next(c for c in comments if c.text.startswith("以下问题涉及全文"))
        assert anchors[str(title.comment_id)].xpath("string()").strip()  # on the title, a paragraph with text


def _with_tracked_changes(report):
    """The seed with a tracked insertion and deletion in a paragraph and in a table cell."""
    with zipfile.ZipFile(SEEDS / "001_d99c8dcb44f53e53.docx") as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    out = []
    for info, data in parts:
        if info.filename == "word/document.xml":
            root = etree.fromstring(data)
            for i, p in enumerate([next(p for p in root.iter(W + "p") if p.find(W + "r") is not None),
                                   next(root.iter(W + "tc")).find(W + "p")]):
                ins = etree.SubElement(p, W + "ins", {W + "id": str(900 + i), W + "author": "李四"})
                etree.SubElement(etree.SubElement(ins, W + "r"), W + "t").text = "（新增）"
                deleted = etree.SubElement(p, W + "del", {W + "id": str(910 + i), W + "author": "李四"})
                etree.SubElement(etree.SubElement(deleted, W + "r"), W + "delText").text = "删去的字"
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((info, data))
    with zipfile.ZipFile(report, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in out:
            z.writestr(info.filename, data)


@pytest.mark.parametrize("tracked", [False, True], ids=["plain", "tracked-changes"])
def test_annotate_changes_nothing_but_the_comments(gikplint, tmp_path, tracked):
    report = tmp_path / "r.docx"
    if tracked:
        _with_tracked_changes(report)
    else:
        shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", report)
    assert gikplint("annotate", report, "-o", tmp_path / "out.docx").code == 0
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(tmp_path / "out.docx") as b:
        names = a.namelist()
        assert b.namelist()[:len(names)] == names  # the parts in their order, the comments part after them
        registers = {"word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in names:
            if name not in registers:
                assert a.read(name) == b.read(name), name  # byte for byte
        original, annotated = etree.fromstring(a.read("word/document.xml")), etree.fromstring(b.read("word/document.xml"))
        assert b.read("word/document.xml").startswith(a.read("word/document.xml")[:a.read("word/document.xml").index(b"?>") + 2])
    for el in list(annotated.iter(W + "commentRangeStart", W + "commentRangeEnd")):
        el.getparent().remove(el)
    for ref in list(annotated.iter(W + "commentReference")):
        ref.getparent().getparent().remove(ref.getparent())
    assert etree.tostring(annotated, method="c14n") == etree.tostring(original, method="c14n")


def test_annotate_keeps_existing_comments_and_numbers_its_own_after_them(gikplint, tmp_path):
    report = tmp_path / "r.docx"
    d = docx.Document(str(SEEDS / "004_dda405f3101c73c3.docx"))
    d.add_comment(d.paragraphs[1].runs, text="请办公室核对", author="张三", initials="ZS")
    d.save(str(report))
    assert gikplint("annotate", report).code == 0
    comments = _comments(tmp_path / "r.gikplint.docx")
    assert [c.author for c in comments].count("张三") == 1
    assert next(c for c in comments if c.author == "张三").text == "请办公室核对"
    ids = [c.comment_id for c in comments]
    assert len(ids) == len(set(ids)) and len(comments) > 1


def test_annotate_the_real_and_the_generated_templates(gikplint, tmp_path):
    generated = tmp_path / "new.docx"
    assert gikplint("new", "--year", "2025", "--agency", "某某市审计局", "-o", generated).code == 0
    for path in (TEMPLATE, generated):
        r = gikplint("annotate", path, "-o", tmp_path / "a.docx")
        assert r.code == 0, r.err
        comments = _comments(tmp_path / "a.docx")
        assert comments and any("报告尚未填写" in c.text for c in comments)


def test_annotate_a_text_report_puts_each_finding_above_its_line(gikplint, lint_json, tmp_path):
    report = tmp_path / "r.txt"
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.txt", report)
    found = _diagnostics(lint_json, report)
    assert gikplint("annotate", report).code == 0
    lines = (tmp_path / "r.gikplint.txt").read_text(encoding="utf-8").split("\n")
    notes = [i for i, line in enumerate(lines) if line.lstrip().startswith("<!-- gikplint: GK")]
    assert len(notes) == len(found)
    gk304 = next(i for i in notes if "GK304" in lines[i])
    assert "3000644.004" in next(line for line in lines[gk304 + 1:] if not line.lstrip().startswith("<!--"))
    # the copy reads as the report: the same findings (the comments are not text of the report)
    again = _diagnostics(lint_json, tmp_path / "r.gikplint.txt")
    assert sorted(d["code"] for d in again) == sorted(d["code"] for d in found)


def test_annotate_refuses_what_it_cannot_write(gikplint, tmp_path):
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", report)
    before = _digest(report)
    r = gikplint("annotate", report, "-o", report)
    assert r.code == 2 and "从不改写输入文件" in r.err and _digest(report) == before
    pdf = tmp_path / "r.pdf"
    shutil.copy(FIXTURES / "real" / "huaian-gov-2024.pdf", pdf)
    r = gikplint("annotate", pdf)
    assert r.code == 2 and "只能处理 .docx、.txt 和 .md" in r.err
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    r = gikplint("annotate", broken)
    assert r.code == 2 and "损坏" in r.err and "Traceback" not in r.err
    r = gikplint("annotate", tmp_path / "missing.docx")
    assert r.code == 2 and "不存在" in r.err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")
def test_libreoffice_opens_the_annotated_copy_and_the_template(gikplint, tmp_path):
    """LibreOffice converts both without complaint: the copy with its comments as PDF notes."""
    import pypdfium2

    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", tmp_path / "r.docx")
    assert gikplint("annotate", tmp_path / "r.docx").code == 0
    assert gikplint("new", "--year", "2020", "-o", tmp_path / "t.docx").code == 0
    notes = '{"ExportNotes":{"type":"boolean","value":"true"}}'
    for name, comments in (("r.gikplint", 7), ("t", 0)):
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", f"pdf:writer_pdf_Export:{notes}", "--outdir", str(tmp_path),
                               str(tmp_path / f"{name}.docx")], capture_output=True, timeout=180)
        assert done.returncode == 0, done.stderr
        pdf = pypdfium2.PdfDocument(str(tmp_path / f"{name}.pdf"))
        assert len(pdf) >= 2
        text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        assert "收到和处理政府信息公开申请情况" in text
        annots = sum(pypdfium2.raw.FPDFPage_GetAnnotCount(pdf[i]) for i in range(len(pdf)))
        assert annots >= comments and (annots == 0) == (comments == 0)


# ------------------------------------------------------------ fix

def test_fix_corrects_the_label_typos_in_place_keeping_the_runs(gikplint, lint_json, tmp_path):
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", report)
    before = _digest(report)
    assert {d["code"] for d in _diagnostics(lint_json, report)} >= {"GK131"}
    r = gikplint("fix", report)
    assert r.code == 0 and "已改正 6 处" in r.out and "结果维护 → 结果维持" in r.out
    assert _digest(report) == before
    fixed = tmp_path / "r.fixed.docx"
    assert "GK131" not in {d["code"] for d in _diagnostics(lint_json, fixed)}
    # the rest is as it was: the same findings but the fixed ones
    assert sorted(d["code"] for d in _diagnostics(lint_json, fixed)) == sorted(
        d["code"] for d in _diagnostics(lint_json, report) if d["code"] != "GK131")
    with zipfile.ZipFile(report) as a, zipfile.ZipFile(fixed) as b:
        old, new = etree.fromstring(a.read("word/document.xml")), etree.fromstring(b.read("word/document.xml"))
        assert [a.read(n) == b.read(n) for n in a.namelist() if n != "word/document.xml"] == \
            [True] * (len(a.namelist()) - 1)
    # every run and its formatting kept: only the text of the w:t that held a wrong character changed
    old_runs, new_runs = list(old.iter(W + "r")), list(new.iter(W + "r"))
    assert len(old_runs) == len(new_runs)
    changed = [(o, n) for o, n in zip(old_runs, new_runs) if etree.tostring(o) != etree.tostring(n)]
    assert changed and len(changed) <= 8
    for o, n in changed:
        assert etree.tostring(o.find(W + "rPr")) == etree.tostring(n.find(W + "rPr"))


@pytest.mark.parametrize("stem", ["001_d99c8dcb44f53e53", "004_dda405f3101c73c3"])
def test_fix_a_text_report(gikplint, lint_json, tmp_path, stem):
    report = tmp_path / "r.txt"
    shutil.copy(SEEDS / f"{stem}.txt", report)
    r = gikplint("fix", report)
    assert r.code == 0 and "已改正" in r.out
    assert "GK131" not in {d["code"] for d in _diagnostics(lint_json, tmp_path / "r.fixed.txt")}


def test_fix_diff_shows_the_changes_and_writes_nothing(gikplint, tmp_path):
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "004_dda405f3101c73c3.docx", report)
    r = gikplint("fix", report, "--diff")
    assert r.code == 0
    assert "-结果维护\n+结果维持\n" in r.out and r.out.startswith("--- ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


def test_fix_restores_the_altered_note(gikplint, lint_json, tmp_path):
    """上高县审计局 2020: the note's words were replaced by 0 in a search-and-replace."""
    text = (SEEDS / "003_095ca55cda99f324.txt").read_text(encoding="utf-8")
    assert "第一项加第二项之和，等于第三项加第四项之和" in text
    report = tmp_path / "r.txt"
    report.write_text(text.replace("第一项加第二项之和，等于第三项加第四项之和", "0之和，等于0之和", 1), encoding="utf-8")
    assert "GK401" in {d["code"] for d in _diagnostics(lint_json, report)}
    r = gikplint("fix", report)
    assert r.code == 0 and "0之和，等于0之和" in r.out
    codes = {d["code"] for d in _diagnostics(lint_json, tmp_path / "r.fixed.txt")}
    assert "GK401" not in codes


def test_fix_completes_a_truncated_label(gikplint, lint_json, tmp_path):
    d = docx.Document(str(SEEDS / "000_c0585c8bd0bdfd5d.docx"))
    cell = next(c for t in d.tables for row in t.rows for c in row.cells if c.text.strip() == "本年增/减")
    cell.paragraphs[0].runs[-1].text = cell.paragraphs[0].runs[-1].text.replace("减", "")
    assert cell.text.strip() == "本年增/"
    report = tmp_path / "r.docx"
    d.save(str(report))
    assert any(x["code"] == "GK131" and x["fix"] == "本年增/减" for x in _diagnostics(lint_json, report))
    r = gikplint("fix", report)
    assert r.code == 0 and "本年增/ → 本年增/减" in r.out
    assert r.out.count("→") == 1  # the other 本年增/减 headers already read right
    assert not any(x["code"] == "GK131" for x in _diagnostics(lint_json, tmp_path / "r.fixed.docx"))


def test_fix_fills_a_blank_total_only_when_the_row_determines_it(gikplint, lint_json, tmp_path):
    report = fill(tmp_path, (2, 6, ""))  # （一）予以公开 总计 left blank; 1288+21+50+3 = 1362
    found = _diagnostics(lint_json, report)
    assert any(d["code"] == "GK412" and "1362" in d["message"] for d in found)
    r = gikplint("fix", report, "-o", tmp_path / "fixed.docx")
    assert r.code == 0 and "（空） → 1362" in r.out
    assert not [d for d in _diagnostics(lint_json, tmp_path / "fixed.docx") if d["severity"] == "error"]
    # a row with another blank cell: its total is not certain, nothing is written
    t3 = tmp_path / "two"
    t3.mkdir()
    report = fill(t3, (2, 6, ""))
    with zipfile.ZipFile(report) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    row = list(list(root.iter(W + "tbl"))[1].iter(W + "tr"))[5]  # （一）予以公开
    row.findall(W + "tc")[-2].find(W + "p").find(W + "r").find(W + "t").text = ""  # 其他 blank as well
    parts["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(report, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    r = gikplint("fix", report)
    assert r.code == 0 and "没有可以自动改正的问题" in r.out
    assert not (t3 / "filled.fixed.docx").exists()


def test_fix_on_a_clean_report_says_so(gikplint, tmp_path):
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "000_c0585c8bd0bdfd5d.docx", report)
    r = gikplint("fix", report)
    assert r.code == 0 and "没有可以自动改正的问题" in r.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx"]


# ------------------------------------------------------------ new

@pytest.mark.parametrize("year,fmt", [(2019, "2019"), (2020, "2019"), (2021, "2021"), (2025, "2021")])
def test_new_generates_the_format_of_the_year_with_no_structural_finding(gikplint, lint_json, tmp_path, year, fmt):
    out = tmp_path / "t.docx"
    r = gikplint("new", "--year", year, "--agency", "某某市审计局", "-o", out)
    assert r.code == 0, r.err
    code, entry = lint_json(out)
    assert entry["report"]["template"] == fmt and entry["report"]["year"] == year
    assert entry["report"]["agency"] == "某某市审计局"
    assert [d["code"] for d in entry["diagnostics"]] == ["GK605"]  # one note: not yet filled in
    assert "报告尚未填写" in entry["diagnostics"][0]["message"]
    assert not [d for d in entry["diagnostics"] if d["code"].startswith(STRUCTURAL) and d["code"] != "GK605"]
    assert not [s for s in entry["skipped"] if s["code"] in ("GK410", "GK411", "GK412", "GK502", "GK306")]


def test_new_template_tables_are_the_formats_own(tmp_path, gikplint):
    out = tmp_path / "t.docx"
    gikplint("new", "--year", "2021", "-o", out)
    d = docx.Document(str(out))
    t2, t3, t4 = d.tables
    assert t3.cell(0, 0).text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert t3.cell(2, 2)._tc is t3.cell(0, 0)._tc  # the note is merged over three rows and three columns
    assert t3.cell(1, 3)._tc is t3.cell(2, 3)._tc and t3.cell(1, 3).text == "自然人"
    assert len(t3.rows) == 3 + 25 and len(t4.columns) == 15 and len(t4.rows) == 4
    assert "本年收费金额（单位：万元）" in [c.text for row in t2.rows for c in row.cells]
    assert d.paragraphs[0].text == "××2021年政府信息公开工作年度报告"


def test_new_refuses_a_bad_year_and_an_existing_file(gikplint, tmp_path):
    assert gikplint("new", "--year", "2018").code == 2
    out = tmp_path / "t.docx"
    out.write_bytes(b"mine")
    r = gikplint("new", "--year", "2025", "-o", out)
    assert r.code == 2 and "已存在" in r.err and out.read_bytes() == b"mine"
    assert gikplint("new", "--year", "2025", "-o", out, "--force").code == 0
    r = gikplint("new", "--year", "2025", "--agency", "局\x1b[2J", "-o", tmp_path / "x.docx")
    assert r.code == 2 and "\x1b" not in r.err


# ------------------------------------------------------------ an unfilled template, said once

def test_the_real_wps_template_gets_one_note_not_one_per_blank(lint_json):
    found = _diagnostics(lint_json, TEMPLATE)
    codes = [d["code"] for d in found]
    assert codes.count("GK605") == 1 and "GK121" not in codes and "GK106" not in codes and "GK602" not in codes
    note = next(d for d in found if d["code"] == "GK605")
    assert "200 个单元格" in note["message"]


def test_one_number_written_and_the_blank_cells_are_findings_again(lint_json, tmp_path):
    """A template with a number in it is being filled in: its blank cells are findings of their own."""
    with zipfile.ZipFile(TEMPLATE) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    row = list(list(root.iter(W + "tbl"))[1].iter(W + "tr"))[3]  # 一、本年新收, 自然人
    p = row.findall(W + "tc")[-7].find(W + "p")
    etree.SubElement(etree.SubElement(p, W + "r"), W + "t").text = "3"
    parts["word/document.xml"] = etree.tostring(root)
    report = tmp_path / "started.docx"
    with zipfile.ZipFile(report, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    found = _diagnostics(lint_json, report)
    codes = [d["code"] for d in found]
    assert codes.count("GK121") == 3 and not any("报告尚未填写" in d["message"] for d in found)
    assert codes.count("GK605") == 3  # each （文字描述） left, at its paragraph


# ------------------------------------------------------------ what an independent review found

def _seed_text_with(tmp_path, stem, after, line, name="r.txt"):
    lines = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    at = next(i for i, text in enumerate(lines) if after in text)
    lines.insert(at + 1, line)
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_prose_that_mentions_the_note_is_neither_the_note_nor_corrected(gikplint, lint_json, tmp_path):
    """A sentence of section 三 saying the figures were checked is not table 3's note."""
    path = _seed_text_with(tmp_path, "000_c0585c8bd0bdfd5d", "三、收到和处理政府信息公开申请情况",
                           "本年度我局共收到政府信息公开申请12件，均已按期答复，表中各项数据已逐项核对勾稽关系。")
    assert "GK401" not in {d["code"] for d in _diagnostics(lint_json, path)}
    r = gikplint("fix", path, "--diff")
    assert "逐项核对勾稽关系" not in r.out


def test_a_table_of_dashes_is_not_an_unfilled_template(lint_json, tmp_path):
    """Every cell "—": the author wrote something, and each table says so as before (GK121)."""
    d = docx.Document(str(SEEDS / "000_c0585c8bd0bdfd5d.docx"))
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                if c.text.strip().replace(".", "").isdigit():
                    for p in c.paragraphs:
                        for run in p.runs:
                            run.text = ""
                    c.paragraphs[0].runs[0].text = "—" if c.paragraphs[0].runs else ""
    path = tmp_path / "dashes.docx"
    d.save(str(path))
    found = _diagnostics(lint_json, path)
    assert not any("报告尚未填写" in x["message"] for x in found)
    assert "GK121" in [x["code"] for x in found]


def test_a_report_missing_tables_is_not_an_unfilled_template(lint_json, tmp_path):
    """Only table 4 left, and it blank: the missing tables and the empty cells are findings."""
    d = docx.Document(str(TEMPLATE))
    for t in d.tables[:2]:
        t._tbl.getparent().remove(t._tbl)
    path = tmp_path / "t4-only.docx"
    d.save(str(path))
    codes = [x["code"] for x in _diagnostics(lint_json, path)]
    assert "GK107" in codes and "GK121" in codes and codes.count("GK605") == 3


def test_annotated_copy_of_an_indented_text_lints_as_the_original(gikplint, lint_json, tmp_path):
    text = (SEEDS / "002_48546315720be920.txt").read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_text("\n".join("  " + line if line.strip() and not line.startswith("\t") else line
                              for line in text.split("\n")), encoding="utf-8")
    before = sorted(d["code"] for d in _diagnostics(lint_json, path))
    assert gikplint("annotate", path).code == 0
    assert sorted(d["code"] for d in _diagnostics(lint_json, tmp_path / "r.gikplint.txt")) == before


def _package(tmp_path, name, change):
    """The seed .docx with its parts changed by `change(parts)` (a dict name → bytes, in order)."""
    with zipfile.ZipFile(SEEDS / "001_d99c8dcb44f53e53.docx") as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    change(parts)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


_COMMENTS_REL = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                 b'comments" Target="comments.xml"/></Relationships>')


def _relate_comments(parts):
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", _COMMENTS_REL)


@pytest.mark.parametrize("case", ["malformed-comments", "malformed-rels", "no-content-types", "bad-crc"])
def test_a_broken_package_is_a_message_not_a_traceback(gikplint, tmp_path, case):
    def change(parts):
        if case == "malformed-comments":
            _relate_comments(parts)
            parts["word/comments.xml"] = b"<w:comments"
        elif case == "malformed-rels":
            parts["word/_rels/document.xml.rels"] = b"<Relationships"
        elif case == "no-content-types":
            del parts["[Content_Types].xml"]

    path = _package(tmp_path, f"{case}.docx", change)
    if case == "bad-crc":  # a part other than the body whose bytes no longer match its checksum
        data = bytearray(path.read_bytes())
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/styles.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
        data[start + 10] ^= 0xFF
        path.write_bytes(bytes(data))
    r = gikplint("annotate", path)
    assert r.code == 2, r.err
    assert "Traceback" not in r.err and r.err.startswith("gikplint：") and "另存为" in r.err


def test_a_dangling_comments_relationship_is_used_not_doubled(gikplint, tmp_path):
    path = _package(tmp_path, "dangling.docx", _relate_comments)
    assert gikplint("annotate", path, "-o", tmp_path / "out.docx").code == 0
    with zipfile.ZipFile(tmp_path / "out.docx") as z:
        rels = z.read("word/_rels/document.xml.rels")
        types = z.read("[Content_Types].xml")
    assert rels.count(b"relationships/comments") == 1
    assert types.count(b'PartName="/word/comments.xml"') == 1
    assert len(_comments(tmp_path / "out.docx")) == 7


def test_a_body_declared_in_another_encoding_stays_readable(gikplint, lint_json, tmp_path):
    def change(parts):
        xml = parts["word/document.xml"].decode("utf-8")
        xml = xml[xml.index("?>") + 2:]
        parts["word/document.xml"] = '<?xml version="1.0" encoding="GBK" standalone="yes"?>'.encode() + xml.encode("gbk")

    path = _package(tmp_path, "gbk.docx", change)
    assert gikplint("annotate", path, "-o", tmp_path / "out.docx").code == 0
    assert len(_diagnostics(lint_json, tmp_path / "out.docx")) == len(_diagnostics(lint_json, path))


def test_part_names_that_are_not_utf8_are_refused_not_renamed(gikplint, tmp_path):
    path = tmp_path / "cp437.docx"
    with zipfile.ZipFile(SEEDS / "001_d99c8dcb44f53e53.docx") as src, zipfile.ZipFile(path, "w") as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr(zipfile.ZipInfo("word/media/\u00e9.png"), b"png")  # written with the UTF-8 flag…
    data = bytearray(path.read_bytes())
    for marker in (b"PK\x03\x04", b"PK\x01\x02"):  # …which we clear: an archiver's cp437 name
        at = data.rfind(marker)
        flags = at + (7 if marker == b"PK\x03\x04" else 9)  # the high byte: bit 11 is 0x08 there
        data[flags] &= ~0x08
    path.write_bytes(bytes(data))
    r = gikplint("annotate", path)
    assert r.code == 2 and "UTF-8" in r.err


def test_copies_are_written_as_ordinary_files_through_links_and_kept_when_they_exist(gikplint, tmp_path):
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", report)
    old = os.umask(0o022)
    try:
        assert gikplint("annotate", report).code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "r.gikplint.docx").stat().st_mode & 0o777 == 0o644
    r = gikplint("annotate", report)  # the copy may hold the officer's replies: kept
    assert r.code == 2 and "已存在" in r.err and "--force" in r.err
    assert gikplint("annotate", report, "--force").code == 0
    real = tmp_path / "real.docx"
    real.write_bytes(b"")
    link = tmp_path / "link.docx"
    link.symlink_to(real)
    assert gikplint("fix", report, "-o", link).code == 0
    assert link.is_symlink() and real.stat().st_size > 0


def test_findings_without_a_place_go_on_the_title_not_the_breadcrumb(gikplint, lint_json, tmp_path):
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "002_48546315720be920.docx", report)
    found = _diagnostics(lint_json, report)
    assert any(d["code"] == "GK101" for d in found)
    assert gikplint("annotate", report).code == 0
    anchors, _ = _anchored_paragraphs(tmp_path / "r.gikplint.docx")
    title = next(c for c in _comments(tmp_path / "r.gikplint.docx") if c.text.startswith("以下问题涉及全文"))
    text = "".join(t.text or "" for t in anchors[str(title.comment_id)].iter(W + "t"))
    assert "政府信息公开工作报告" in text and "当前位置" not in text


def test_a_cell_named_by_another_rule_is_named_by_its_table(lint_json):
    """GK605 on table 3's altered note (seed 004) was 第2个表格; it is 第三部分表格."""
    found = _diagnostics(lint_json, SEEDS / "004_dda405f3101c73c3.docx")
    in_tables = [d for d in found if "docx_table" in d["location"]]
    assert in_tables and all(d["location"]["where"].startswith(("第二部分", "第三部分", "第四部分")) for d in in_tables)


def test_the_template_cells_are_as_wide_as_the_columns_they_span(gikplint, tmp_path):
    out = tmp_path / "t.docx"
    gikplint("new", "--year", "2021", "-o", out)
    with zipfile.ZipFile(out) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    for tbl in root.iter(W + "tbl"):
        grid = [int(g.get(W + "w")) for g in tbl.find(W + "tblGrid")]
        for tr in tbl.findall(W + "tr"):
            widths = [int(tc.find(W + "tcPr").find(W + "tcW").get(W + "w")) for tc in tr.findall(W + "tc")]
            assert abs(sum(widths) - sum(grid)) <= len(grid)


def test_a_rule_that_crashes_does_not_stop_annotate(gikplint, tmp_path, monkeypatch):
    """A plugin rule that raises is one GK903 among the findings: the copy is written with all of them."""
    from conftest import raising_rule_plugin

    raising_rule_plugin(tmp_path, monkeypatch)
    report = tmp_path / "r.docx"
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", report)
    r = gikplint("annotate", report)
    assert r.code == 0, r.err
    texts = [c.text for c in _comments(tmp_path / "r.gikplint.docx")]
    assert any("GK903" in t and "kaput" in t for t in texts) and any(t.startswith("GK304") for t in texts)


FIXABLE = ("GK131", "GK401")


@pytest.mark.parametrize("path", SEED_DOCX + sorted(SEEDS.glob("*.txt")) + [TEMPLATE],
                         ids=[p.name for p in SEED_DOCX + sorted(SEEDS.glob("*.txt")) + [TEMPLATE]])
def test_fix_on_every_seed_and_the_template_leaves_none_of_what_it_fixed(gikplint, lint_json, tmp_path, path):
    report = tmp_path / path.name
    shutil.copy(path, report)
    before = _digest(report)
    fixable = [d for d in _diagnostics(lint_json, report) if d["code"] in FIXABLE]
    r = gikplint("fix", report)
    assert r.code == 0, r.err
    assert _digest(report) == before
    fixed = tmp_path / f"{path.stem}.fixed{path.suffix}"
    if not fixable:
        assert "没有可以自动改正的问题" in r.out and not fixed.exists()
        return
    after = _diagnostics(lint_json, fixed)
    assert not [d for d in after if d["code"] in FIXABLE], after
    assert len(after) < len(_diagnostics(lint_json, report))
