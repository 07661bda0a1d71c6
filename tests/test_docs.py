"""docs/rules/ is generated from the rule packs; a stale page fails here.
Every code of the national catalogue (rules.md, GK1xx–GK7xx) is implemented."""
from pathlib import Path

from conftest import national_rules as load_rules
from gikplint.ruledoc import pages

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"

# The contract: every GK1xx–GK8xx code of spec/rules.md.
CATALOGUE = """GK101 GK102 GK103 GK104 GK105 GK106 GK107 GK121 GK122 GK123 GK131
GK201 GK202 GK203 GK204 GK205 GK206 GK207 GK301 GK302 GK303 GK304 GK305 GK306
GK401 GK402 GK403 GK404 GK410 GK411 GK412 GK501 GK502
GK601 GK602 GK603 GK604 GK605 GK606 GK701 GK702 GK703 GK704 GK705 GK801 GK802 GK803 GK804""".split()


def test_rule_pages_are_up_to_date():
    wanted = pages(load_rules())
    stale = [n for n, text in wanted.items()
             if not (DOCS / n).is_file() or (DOCS / n).read_text(encoding="utf-8") != text]
    extra = sorted(p.name for p in DOCS.glob("*.md") if p.name not in wanted)
    assert not stale and not extra, f"run python tools/gen_rule_docs.py (stale: {stale}, extra: {extra})"


def test_every_catalogue_code_is_implemented_listed_and_documented(gikplint):
    listed = {r["code"] for r in gikplint("rules", "--format", "json").json["rules"]}
    assert set(CATALOGUE) <= listed, sorted(set(CATALOGUE) - listed)
    for code in CATALOGUE:
        page = (DOCS / f"{code}.md").read_text(encoding="utf-8")
        assert page.startswith(f"# {code} ")


def test_every_rule_documents_why_and_an_example():
    for rule in load_rules():
        assert rule.summary and rule.description, rule.code
        assert rule.examples and rule.examples[0].get("fires"), rule.code


def test_explain_prints_what_why_example_and_fix(gikplint):
    r = gikplint("explain", "GK410")
    assert r.code == 0
    assert "GK410 勾稽关系不平衡（balance，错误）" in r.out and "为什么" in r.out and "会报告" in r.out and "改正" in r.out
    assert gikplint("explain", "balance").out == r.out
    assert gikplint("explain", "GK999").code == 2


def test_fix_is_shown_in_the_terminal(gikplint):
    from conftest import SEEDS

    r = gikplint(SEEDS / "001_d99c8dcb44f53e53.txt")
    assert "建议改为：结果维持" in r.out


def test_the_readme_sample_output_is_what_gikplint_prints(gikplint, monkeypatch):
    """README.md shows gikplint on the example report: that is its output today."""
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "$ gikplint examples/reports/zhangshu-affairs-2020.docx\n"
    start = readme.index("```text\n" + command) + len("```text\n" + command)
    shown = readme[start:readme.index("```", start)]
    monkeypatch.chdir(root)
    assert gikplint("examples/reports/zhangshu-affairs-2020.docx").out.rstrip("\n") == shown.rstrip("\n")


def test_the_chinese_guide_quotes_real_output_and_readme_links_it(gikplint, monkeypatch):
    """docs/使用说明.md shows part of gikplint's output on the example report:
    every line it shows is a line gikplint prints today."""
    root = Path(__file__).resolve().parents[1]
    guide = (root / "docs" / "使用说明.md").read_text(encoding="utf-8")
    start = guide.index("```text\nexamples/reports/zhangshu-affairs-2020.docx\n") + len("```text\n")
    shown = [line for line in guide[start:guide.index("```", start)].splitlines() if line.strip()]
    monkeypatch.chdir(root)
    printed = gikplint("examples/reports/zhangshu-affairs-2020.docx").out.splitlines()
    assert len(shown) >= 5 and [line for line in shown if line not in printed] == []
    assert "(docs/使用说明.md)" in (root / "README.md").read_text(encoding="utf-8")
