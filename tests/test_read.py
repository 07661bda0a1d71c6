"""Reading: encodings, the three ways tables arrive in text, Word merges and
revisions, page chrome. Whatever the encoding, the same report parses the same."""
import io
import zipfile

import pytest

from conftest import FIXTURES, SEEDS
from gikplint.model import Table
from gikplint.parse.report import parse
from conftest import read_doc as read

SEED = SEEDS / "000_c0585c8bd0bdfd5d.txt"


def _grid_values(report):
    return {name: {k: v.raw for k, v in g.cells.items()} for name, g in report.tables.items()}


@pytest.mark.parametrize("encoding,prefix", [("gb18030", b""), ("gbk", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")])
def test_text_in_other_encodings_reads_like_utf8(tmp_path, encoding, prefix):
    text = SEED.read_text(encoding="utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(prefix + text.replace("\u2002", " ").encode(encoding))
    doc = read(path)
    want = parse(read(SEED))
    got = parse(doc)
    assert got.title == want.title and [s.number for s in got.sections] == [1, 2, 3, 4, 5, 6]
    assert _grid_values(got) == _grid_values(want)


def test_the_three_text_table_encodings_give_the_same_grid(tmp_path):
    """Tab-led cells (seed 000), one cell per line (web paste) and pipe rows."""
    tab = parse(read(SEED))
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("三、"))
    end = next(i for i, l in enumerate(lines) if l.startswith("四、"))
    head, table, tail = lines[:start + 1], lines[start + 1:end], lines[end:]

    one_per_line = [c.strip() for l in table for c in l.split("\t") if c.strip()]
    web = tmp_path / "web.txt"
    web.write_text("\n".join(head + [x for c in one_per_line for x in (c, "")] + tail), encoding="utf-8")

    rows, row = [], []
    for l in table + [""]:
        if l.startswith("\t"):
            row.append(l[1:])
        elif not l.strip() and row:
            rows.append(row)
            row = []
    pipe = tmp_path / "pipe.md"
    pipe.write_text("\n".join(head + ["| " + " | ".join(r) + " |" for r in rows] + tail), encoding="utf-8")

    want = _grid_values(tab)["t3"]
    assert len(want) == 23 * 7
    for path in (web, pipe):
        got = parse(read(path))
        assert _grid_values(got)["t3"] == want, path.name
        assert all(i.status == "ok" for i in got.tables["t3"].info.values()), path.name


def test_web_page_chrome_is_metadata_and_keeps_the_publication_date():
    doc = read(SEEDS / "002_48546315720be920.txt")
    assert str(doc.meta["published"]) == "2021-02-03"
    assert doc.meta["page_title"] == "盘锦市审计局2020年度政府信息公开工作报告"
    report = parse(doc)
    assert report.title == "盘锦市审计局2020年度政府信息公开工作报告"
    assert all("索" not in p.text[:2] for p in report.paragraphs())


def test_docx_merged_cells_resolve_into_one_cell_per_position():
    doc = read(FIXTURES / "real" / "template-2021-blank.docx")
    t3 = [b for b in doc.blocks if isinstance(b, Table)][1]
    # the 勾稽 note spans 3 columns and 3 rows: the same cell in all nine places
    corner = {id(t3.grid[r][c]) for r in range(3) for c in range(3)}
    assert len(corner) == 1 and "勾稽" in t3.grid[0][0].text
    assert all(len(row) == 10 for row in t3.grid)
    # a vertically merged group label is its own row's cell only once
    assert sum(1 for row in t3.rows() for c in row if c.text.startswith("（三）不予公开")) == 1


def test_docx_text_keeps_insertions_and_drops_deletions(tmp_path):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (f'<w:document {w}><w:body>'
            '<w:p><w:r><w:t>2020年樟树市审计局政府信息公开工作</w:t></w:r>'
            '<w:del><w:r><w:delText>工作报告</w:delText></w:r></w:del>'
            '<w:ins><w:r><w:t>年度报告</w:t></w:r></w:ins></w:p>'
            '<w:p><w:r><w:t>一、总体</w:t><w:tab/><w:t>情况</w:t></w:r></w:p>'
            '</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", body)
    path = tmp_path / "r.docx"
    path.write_bytes(buf.getvalue())
    doc = read(path)
    assert doc.blocks[0].text == "2020年樟树市审计局政府信息公开工作年度报告"
    assert doc.blocks[1].text == "一、总体\t情况"


def test_heading_typed_into_a_table_cell_is_lifted_out():
    """株洲市审计局 2019 .docx has 二、主动公开政府信息情况 in the first cell of table 2."""
    report = parse(read(SEEDS / "003_095ca55cda99f324.docx"))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.tables["t2"].get("规章", "本年新制作数量").raw == "0"


def test_pdf_text_with_values_on_the_label_line_and_wrapped_labels():
    report = parse(read(FIXTURES / "corpus" / "huaian-gov-2024.txt"))
    t3 = report.tables["t3"]
    assert report.template == "2021" and report.year == 2024 and report.agency == "淮安市人民政府"
    assert t3.get("（二）", "总计").number == 454  # label wrapped over two lines
    assert t3.get("（六）1", "总计").number == 71  # label over three lines, values on a fourth
    assert report.tables["t4"].get("复议后起诉", "总计").number == 20
    # cells are also addressed by the template's own labels
    assert t3["一、本年新收政府信息公开申请数量", "自然人"].number == 3001
    assert t3["（七）总计", "总计"].number == 3050


def test_docx_grid_before_and_vertical_merges_place_cells_in_their_columns(tmp_path):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    cell = lambda text, pr="": f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"  # noqa: E731
    restart, span2, before = '<w:vMerge w:val="restart"/>', '<w:gridSpan w:val="2"/>', '<w:gridBefore w:val="1"/>'
    body = (f"<w:document {w}><w:body><w:tbl>"
            f"<w:tr>{cell('A', restart)}{cell('B', span2)}</w:tr>"
            f"<w:tr>{cell('', '<w:vMerge/>')}{cell('C')}{cell('D')}</w:tr>"
            f"<w:tr><w:trPr>{before}</w:trPr>{cell('E')}{cell('F')}</w:tr>"
            "</w:tbl></w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", body)
    path = tmp_path / "t.docx"
    path.write_bytes(buf.getvalue())
    (table,) = read(path).blocks
    assert [[c.text for c in row] for row in table.grid] == [["A", "B", "B"], ["A", "C", "D"], ["", "E", "F"]]
    assert table.grid[0][0] is table.grid[1][0] and table.grid[0][1] is table.grid[0][2]
    assert [[c.text for c in row] for row in table.rows()] == [["A", "B"], ["C", "D"], ["", "E", "F"]]


def test_page_chrome_after_the_signing_date_is_not_a_parser_error(tmp_path):
    """PDF text ends with the last page's number under the 落款: it is page
    chrome, not a parser failure (it was a GK903)."""
    text = (SEEDS / "003_095ca55cda99f324.txt").read_text(encoding="utf-8").rstrip() + "\n- 5 -\n"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    report = parse(read(path))
    assert report.signed is not None and report.signed.isoformat() == "2020-01-14"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_printed_lines_are_joined_but_not_into_the_sign_off_or_past_a_closing_quote():
    from gikplint.model import Paragraph
    from gikplint.parse.report import unwrap

    full = "本机关坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级决策部署扎实推进"
    lines = [full, "政府信息公开工作，取得了积极成效。", full, "我局坚持“以公开为常态、不公开为例外”原则，及时公开各类政府信息。”",
             full, full, "本年度共收到政府信息公开申请12件，均已按时办结，无行政复议和行政诉讼樟树", "樟树市审计局",
             "2021年1月20日", full, full]
    paras = unwrap([Paragraph(t, i + 1) for i, t in enumerate(lines)])
    texts = [p.text for p in paras]
    assert texts[0] == full + lines[1]  # a wrap joined
    assert "樟树市审计局" in texts and "2021年1月20日" in texts  # the sign-off stays its own
