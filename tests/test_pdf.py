"""PDF input: the real published PDF reads as its tables are printed, and
PDFs drawn here (tests/pdfmake.py) pin each thing the reader must do."""
import pytest

import pdfmake
from conftest import FIXTURES
from gikplint.model import Paragraph, Table
from gikplint.parse.report import parse
from gikplint.read import ReadError
from gikplint.read.pdf import read_pdf

REAL = FIXTURES / "real" / "huaian-gov-2024.pdf"


def _read(data: bytes, name="r.pdf"):
    return read_pdf(name, data)


def _tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def _row(table, label):
    return next([c.text for c in row] for row in table.rows() if any(label in c.text for c in row))


# --- the real PDF ------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    return _read(REAL.read_bytes(), REAL.name)


def test_real_pdf_table3_rows_carry_their_seven_values(real):
    t3 = next(t for t in _tables(real) if any("本年新收" in x for x in t.texts()))
    assert _row(t3, "本年新收")[-7:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert _row(t3, "（七）总计")[-7:] == ["2932", "53", "0", "0", "61", "4", "3050"]


def test_real_pdf_header_cells_wrapped_or_spaced_are_one_text(real):
    texts = {x for t in _tables(real) for x in t.texts()}
    assert {"商业企业", "社会公益组织", "法律服务机构", "结果维持", "尚未审结"} <= texts


def test_real_pdf_table_across_a_page_break_is_one_table_without_the_page_number(real):
    t3 = [t for t in _tables(real) if any("本年新收" in x or "结转下年度" in x for x in t.texts())]
    assert len(t3) == 1  # the rows on page 5 continue the table of page 4
    texts = t3[0].texts()
    assert "（四）无法提供" in texts  # the group label the page break cut in two
    assert not any(x.strip() in ("- 4 -", "- 5 -") for x in texts)
    assert {c.source.page for row in t3[0].rows() for c in row} == {4, 5}
    marks = [b for b in real.blocks if isinstance(b, Paragraph) and b.text in ("- 4 -", "- 5 -")]
    assert marks and all(b.meta for b in marks)


def test_real_pdf_numbers_are_not_split_by_justified_spacing(real):
    text = "\n".join(real.lines)
    assert "统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日" in text
    assert "96171.6" in text and "3119" in text


def test_real_pdf_lints_without_an_error(lint_json):
    code, entry = lint_json(REAL)
    assert code == 0
    assert not [d for d in entry["diagnostics"] if d["severity"] == "error"], entry["diagnostics"]
    assert entry["report"]["year"] == 2024


# --- drawn PDFs ----------------------------------------------------------------

def _page():
    return pdfmake.Page().text(60, 80, "某某县人民政府办公室").text(60, 100, "2023年政府信息公开工作年度报告")


def test_a_label_wrapped_inside_its_cell_is_one_label():
    p = _page()
    p.grid(60, 140, [60, 60, 60], [["信息内容", "本年制发件数", "现行有效件数"], ["规章", "1", "3"]])
    p2 = pdfmake.Page()
    y = 100
    # one cell, two lines: "商业" above "企业"
    p2.line(60, y, 200, y).line(60, y + 30, 200, y + 30).line(60, y, 60, y + 30).line(120, y, 120, y + 30)
    p2.line(200, y, 200, y + 30)
    p2.text(62, y + 12, "商业").text(62, y + 24, "企业").text(122, y + 12, "科研机构")
    doc = _read(pdfmake.build([p, p2]))
    assert "商业企业" in [x for t in _tables(doc) for x in t.texts()]


def test_a_table_continued_on_the_next_page_is_one_table():
    rows = [["一、本年新收政府信息公开申请数量", "1", "2"], ["二、上年结转政府信息公开申请数量", "3", "4"]]
    p1, p2 = _page(), pdfmake.Page()
    p1.grid(60, 700, [200, 40, 40], rows[:1])
    p1.text(280, 815, "- 1 -", 10)
    p2.grid(60, 60, [200, 40, 40], rows[1:])
    doc = _read(pdfmake.build([p1, p2]))
    tables = _tables(doc)
    assert len(tables) == 1 and [r[0].text for r in tables[0].rows()] == [rows[0][0], rows[1][0]]
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.meta] == ["- 1 -"]


def test_a_box_around_text_is_not_a_table():
    p = _page()
    p.grid(60, 140, [400], [["本机关未收取信息公开处理费。"]])
    doc = _read(pdfmake.build([p]))
    assert not _tables(doc)
    assert "本机关未收取信息公开处理费。" in doc.lines


def test_the_signing_date_on_the_last_page_is_read():
    report = parse(_read(_seed_pdf("003_095ca55cda99f324")))
    assert report.signed is not None and report.signed.isoformat() == "2020-01-14"


def test_a_scanned_pdf_says_it_is_an_image_and_what_to_do():
    with pytest.raises(ReadError, match="没有文字层.*扫描件.*Word/WPS 原件.*OCR"):
        _read(pdfmake.build([pdfmake.Page(image=True), pdfmake.Page(image=True)]))


def test_an_encrypted_pdf_says_so():
    with pytest.raises(ReadError, match="已加密"):
        _read(pdfmake.build([_page()], encrypted=True))


@pytest.mark.parametrize("data", [b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj <<", b"not a pdf at all"])
def test_a_broken_pdf_is_a_read_error(data):
    with pytest.raises(ReadError, match="不是有效的 PDF"):
        _read(data)


def _seed_pdf(name, footer="- {n} -"):
    from gikplint.read.docx import read_docx

    seed = FIXTURES / "seeds" / f"{name}.docx"
    return pdfmake.report(read_docx(str(seed), seed.read_bytes()).blocks, footer)


def test_findings_in_a_pdf_name_the_page(gikplint, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(_seed_pdf("003_095ca55cda99f324"))  # table 3 has a column too many (GK403)
    r = gikplint("--format", "json", path)
    gk403 = [d for d in r.json["files"][0]["diagnostics"] if d["code"] == "GK403"]
    assert gk403 and gk403[0]["location"]["page"] == 3
    human = gikplint(path)
    assert "第3页 第三部分表格  错误  GK403" in human.out


def test_the_reader_never_changes_the_pdf(tmp_path, gikplint):
    path = tmp_path / "r.pdf"
    path.write_bytes(REAL.read_bytes())
    before = path.stat().st_mtime_ns, path.read_bytes()
    gikplint(path)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


SEED_NAMES = sorted(p.stem for p in (FIXTURES / "seeds").glob("*.docx"))


@pytest.mark.parametrize("footer", ["- {n} -", "{n}"], ids=["dashed-page-number", "bare-page-number"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_report_printed_to_pdf_reads_as_its_word_original(gikplint, tmp_path, name, footer):
    """Each seed report as Word prints it (paragraphs soft-wrapped at the
    measure, tables ruled, long tables over page breaks, page numbers at the
    foot, "- 3 -" or Word's bare "3") gives the findings its .docx gives:
    what the PDF reader and the wrap-joining text view recover is the
    document, not the print."""
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(_seed_pdf(name, footer))
    codes = lambda path: sorted(gikplint("--format", "json", path).codes())  # noqa: E731
    assert codes(pdf) == codes(FIXTURES / "seeds" / f"{name}.docx")


def test_a_table_pasted_as_a_picture_is_a_note_not_a_missing_table(gikplint, tmp_path):
    """Table 3 of 株洲市审计局 2019 replaced by a picture on its page: gikplint
    cannot read the picture, says so once, and does not report the table missing."""
    from gikplint.model import Table as T
    from gikplint.read.docx import read_docx

    seed = FIXTURES / "seeds" / "003_095ca55cda99f324.docx"
    blocks = read_docx(str(seed), seed.read_bytes()).blocks
    t3 = next(b for b in blocks if isinstance(b, T) and any("本年新收" in x for x in b.texts()))
    layout = pdfmake._Layout()
    for b in blocks:
        if b is t3:
            layout.page.image = True
        elif isinstance(b, T):
            layout.table(b.grid)
        elif b.text.strip():
            layout.paragraph(b.text.strip())
    path = tmp_path / "pictured.pdf"
    path.write_bytes(pdfmake.build(layout.finish()))
    entry = gikplint("--format", "json", path).json["files"][0]
    codes = [d["code"] for d in entry["diagnostics"]]
    assert "GK107" not in codes and "GK403" not in codes, codes
    assert any("第三部分表格没有找到文字" in n and "图片" in n for n in entry["notes"]), entry["notes"]
    # the same report with its table there: GK403 as from the .docx
    full = tmp_path / "full.pdf"
    full.write_bytes(_seed_pdf("003_095ca55cda99f324"))
    assert "GK403" in gikplint("--format", "json", full).codes()


def test_a_page_of_too_many_ruling_lines_is_read_as_text_and_said_so(gikplint, tmp_path):
    """A page whose ruling lines pass the caps (a million crossings) is not
    refused: its text is read line by line, and a note says its tables were not."""
    p = _page().text(60, 130, "一、总体情况").text(60, 150, "本局依法公开政府信息。")
    for i in range(1000):
        p.line(0, i * 0.84, 595, i * 0.84).line(i * 0.595, 0, i * 0.595, 842)
    path = tmp_path / "ruled.pdf"
    path.write_bytes(pdfmake.build([p]))
    entry = gikplint("--format", "json", path).json["files"][0]
    assert entry["report"]["title"] == "某某县人民政府办公室2023年政府信息公开工作年度报告"
    assert any("表格线异常繁多" in n for n in entry["notes"]), entry["notes"]
    assert "GK901" not in [d["code"] for d in entry["diagnostics"]]
