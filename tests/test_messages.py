"""What a report's author reads: Chinese that names things as the author sees
them, no rule names or English slugs inside sentences, nothing said about a
rule that does not apply to the report's format, and a closing line that
reads naturally."""
import re

import pytest

from conftest import FIXTURES

REPORTS = sorted(p for d in ("seeds", "corpus", "real") for p in (FIXTURES / d).iterdir()
                 if p.suffix in (".txt", ".md", ".docx", ".html", ".pdf"))
SLUG = re.compile(r"[（(][a-z][a-z0-9]*(?:-[a-z0-9]+)+[)）]|\b[a-z]+(?:-[a-z]+)+\b")


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_no_slug_inside_chinese_text(gikplint, path):
    entry = gikplint("--format", "json", path).json["files"][0]
    texts = ([d["message"] for d in entry["diagnostics"]] + [s["message"] for s in entry["skipped"]]
             + entry["notes"])
    slugs = [t for t in texts if SLUG.search(t)]
    assert not slugs, slugs


def test_no_skip_note_for_a_rule_the_format_does_not_have(gikplint):
    """GK306 compares two columns of the 2019 table 2: a 2021 table has neither."""
    entry = gikplint("--format", "json", FIXTURES / "corpus" / "huaian-gov-2024.txt").json["files"][0]
    assert entry["report"]["template"] == "2021"
    assert "GK306" not in [s["code"] for s in entry["skipped"]]


def test_table_4_groups_are_columns_the_author_calls_栏(gikplint):
    entry = gikplint("--format", "json", FIXTURES / "real" / "shanghai-office-2019.docx").json["files"][0]
    t4 = [d["message"] for d in entry["diagnostics"] if d["location"].get("table") == "t4"]
    assert t4 and all("栏" in m and "“行政复议”行" not in m for m in t4), t4


def test_the_closing_line_counts_files_with_and_without_problems(gikplint, tmp_path):
    clean = FIXTURES / "corpus" / "huaian-gov-2024.txt"
    faulty = FIXTURES / "seeds" / "003_095ca55cda99f324.txt"
    out = gikplint(clean, faulty).out
    assert out.rstrip().endswith("有问题的文件 1 个，无问题的文件 1 个。"), out[-200:]
    assert "个文件未发现问题" not in out


def test_a_note_is_shown_even_where_nothing_was_found(gikplint):
    out = gikplint(FIXTURES / "corpus" / "pingtan-2018-crawled.txt").out
    assert "说明：这是 2018 年度的报告" in out


def test_a_long_paragraph_is_still_quoted(gikplint):
    """Only a line that holds a whole flattened article loses its excerpt."""
    entry = gikplint("--format", "json", FIXTURES / "seeds" / "000_c0585c8bd0bdfd5d.txt").json["files"][0]
    out = gikplint(FIXTURES / "seeds" / "000_c0585c8bd0bdfd5d.txt").out
    gk206 = next(line for line in out.splitlines() if "GK206" in line)
    following = out.splitlines()[out.splitlines().index(gk206) + 1]
    assert following.strip().startswith("│ 本年度报告依据"), following
