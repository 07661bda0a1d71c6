"""Portal pages as input: charset from the page or detected, navigation and
footer dropped, rowspan/colspan into the grid, metadata and suppressions."""
from conftest import FIXTURES

PAGE = FIXTURES / "real" / "shanghai-office-2019.html"  # a real portal fragment (上海市人民政府办公厅 2019)
DOCX = FIXTURES / "real" / "shanghai-office-2019.docx"  # the same report saved as .docx


def _codes(lint_json, path):
    _, entry = lint_json(path)
    return entry, sorted(d["code"] for d in entry["diagnostics"])


def test_a_portal_page_reads_like_the_same_report_as_docx(lint_json):
    page, page_codes = _codes(lint_json, PAGE)
    docx, docx_codes = _codes(lint_json, DOCX)
    assert page["report"] == docx["report"]
    assert page["report"]["published"] == "2020-01-31" and page["report"]["template"] == "2019"
    assert page_codes == docx_codes and "GK121" in page_codes  # its real blank 总计 cells


def _page(body: str, charset="utf-8", head="") -> bytes:
    html = (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title>{head}</head><body>{body}</body></html>")
    return html.encode(charset)


def _site(fragment: str) -> str:
    """The fragment inside a portal page's chrome: navigation, breadcrumb, a layout table, a footer."""
    return ('<div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a> 一、总体情况专栏</div>'
            '<div class="nav"><ul><li>二、主动公开政府信息情况</li><li>政策解读</li></ul></div>'
            '<div class="location">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>'
            '<table width="100%"><tr><td class="left">栏目</td><td><div id="zoom">'
            f"{fragment}</div></td></tr></table>"
            '<div id="footer">主办：上海市人民政府办公厅 版权所有 四、联系我们</div>'
            "<script>var x = '三、收到和处理政府信息公开申请情况';</script>")


def test_gb2312_page_with_navigation_and_footer(lint_json, tmp_path):
    fragment = PAGE.read_text(encoding="utf-8")
    path = tmp_path / "page.shtml"
    path.write_bytes(_page(_site(fragment), "gb2312"))
    entry, codes = _codes(lint_json, path)
    _, want = _codes(lint_json, PAGE)
    assert entry["report"]["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert codes == want  # nothing from the chrome: no GK102 from the headings in the menu


def test_rowspan_and_colspan_are_placed_into_the_grid(tmp_path):
    from gikplint.model import Table
    from conftest import read_doc as read

    doc = read(PAGE)
    t3 = [b for b in doc.blocks if isinstance(b, Table)][1]
    assert "勾稽" in t3.grid[0][0].text
    corner = {id(t3.grid[r][c]) for r in range(3) for c in range(3)}
    assert len(corner) == 1  # rowspan=3 colspan=3
    assert len({len(row) for row in t3.grid}) == 1


def test_suppression_comments_in_html(lint_json, tmp_path):
    fragment = PAGE.read_text(encoding="utf-8").replace(
        "<p>五、政府信息公开工作存在的主要问题及改进情况</p>",
        "<!-- gikplint: disable=GK103 --><p>五、存在的主要问题及改进措施</p>")  # a variant GK103 notes
    path = tmp_path / "page.html"
    path.write_bytes(_page(fragment + "<!-- gikplint: disable-file=GK121 --><!-- gikplint: disable=GK304 --><p>完</p>"))
    _, codes = _codes(lint_json, path)
    assert "GK103" not in codes and "GK121" not in codes
    assert codes.count("GK904") == 1  # the GK304 one matched nothing


def test_a_page_without_body_text_is_gk901(gikplint, tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(_page("<script>location.href='x'</script>"))
    r = gikplint("--format", "json", path)
    assert r.codes() == ["GK901"] and "没有正文" in r.json["files"][0]["diagnostics"][0]["message"]
