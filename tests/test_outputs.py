"""Output formats: SARIF for code scanning, GitHub annotations, JUnit, the
HTML report, auto, extra output files, the terminal's summary and colour."""
import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from conftest import FIXTURES, SEEDS

SCHEMA = json.loads((FIXTURES / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
DEFECTIVE = SEEDS / "001_d99c8dcb44f53e53.txt"
DOCX = SEEDS / "001_d99c8dcb44f53e53.docx"
CLEAN = FIXTURES / "corpus" / "huaian-gov-2024.txt"


def _sarif(gikplint, *paths):
    r = gikplint("--format", "sarif", *paths)
    return r, json.loads(r.out)


def test_sarif_validates_against_the_official_schema(gikplint):
    r, doc = _sarif(gikplint, DEFECTIVE, DOCX, SEEDS / "000_c0585c8bd0bdfd5d.txt")
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(doc), key=str)
    assert not errors, errors[0]
    assert r.code == 1


def test_sarif_carries_what_github_code_scanning_needs(gikplint, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent.parent)  # paths become repository-relative
    _, doc = _sarif(gikplint, Path("tests/fixtures/seeds/001_d99c8dcb44f53e53.docx"), Path("tests/fixtures/seeds/000_c0585c8bd0bdfd5d.txt"))
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gikplint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = {r["id"]: r for r in driver["rules"]}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"# {rule['id']}")
        assert rule["helpUri"].endswith(f"docs/rules/{rule['id']}.md")
    results = run["results"]
    assert results
    for res in results:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] == 1
        assert re.fullmatch(r"[0-9a-f]{32}:\d+", res["partialFingerprints"]["primaryLocationLineHash"])
    info = [res for res in results if res["ruleId"] == "GK606"]
    assert info and all(res["level"] == "note" for res in info)
    docx = [res for res in results if res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".docx")]
    gk304 = next(res for res in docx if res["ruleId"] == "GK304")
    assert gk304["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("/w:document/w:body/w:tbl")
    assert gk304["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]


def test_sarif_fingerprints_do_not_move_with_line_numbers(gikplint, tmp_path):
    moved = tmp_path / "moved.txt"
    moved.write_text("\n\n\n" + DEFECTIVE.read_text(encoding="utf-8"), encoding="utf-8")
    _, a = _sarif(gikplint, DEFECTIVE)
    _, b = _sarif(gikplint, moved)
    fps = lambda d: sorted(r["partialFingerprints"]["primaryLocationLineHash"] for r in d["runs"][0]["results"])  # noqa: E731
    assert fps(a) == fps(b)


def test_github_annotations(gikplint):
    r = gikplint("--format", "github", DEFECTIVE)
    lines = [l for l in r.out.splitlines() if l.startswith("::")]
    assert lines and r.code == 1
    pattern = re.compile(rf"::error file={re.escape(str(DEFECTIVE))},line=\d+,title=GK\d+ [^:,]+::\S")
    assert any(pattern.match(l) for l in lines), lines
    assert any(l.startswith("::warning ") and "GK131" in l for l in lines)
    assert all("\n" not in l for l in lines)


def test_auto_is_github_under_github_actions_and_human_otherwise(gikplint, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert gikplint(DEFECTIVE).out.startswith("::")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert gikplint(DEFECTIVE).out.startswith(str(DEFECTIVE))


def test_junit_for_gitlab_and_jenkins(gikplint):
    r = gikplint("--format", "junit", DEFECTIVE, CLEAN)
    root = ET.fromstring(r.out)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(DEFECTIVE), str(CLEAN)]
    assert int(suites[0].get("failures")) >= 2 and suites[0].find("testcase/failure").get("type").startswith("GK")
    assert suites[1].get("failures") == "0" and suites[1].find("testcase").get("name") == "gikplint"


def test_extra_outputs_never_change_the_exit_code(gikplint, tmp_path):
    sarif, js = tmp_path / "out.sarif", tmp_path / "out.json"
    r = gikplint("--output-sarif", sarif, "--output-json", js, CLEAN)
    assert r.code == 0 and json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert json.loads(js.read_text(encoding="utf-8"))["summary"]["exit_code"] == 0
    r = gikplint("--output-sarif", sarif, DEFECTIVE)
    assert r.code == 1 and json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    # an output that cannot be written is exit 2 before any file is checked, whatever the findings
    for target in (tmp_path / "no" / "such" / "dir.json", tmp_path):
        for path in (CLEAN, DEFECTIVE):
            r = gikplint("--output-json", target, path)
            assert r.code == 2 and r.err.count("\n") == 1 and "无法写入输出文件" in r.err and not r.out, r.err
    r = gikplint("--output-sarif", sarif, "-o", tmp_path / "no" / "x.json", CLEAN)
    assert r.code == 2 and not list(tmp_path.glob("*.gikplint-tmp"))


def test_summary_by_rule_and_quiet_for_folders(gikplint):
    r = gikplint(SEEDS)
    assert "按规则统计" in r.out and re.search(r"\d+\s+警告\s+GK131 模板标签错字", r.out)
    q = gikplint("--quiet", SEEDS)
    assert "按规则统计" in q.out and "│" not in q.out
    assert re.search(r"001_d99c8dcb44f53e53\.txt：错误 \d+，警告 \d+", q.out)


def test_colour_only_when_allowed(gikplint, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    colour = re.compile(r"\x1b\[[0-9;]*3[0-7]m")
    assert colour.search(gikplint(DEFECTIVE).out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour.search(gikplint(DEFECTIVE).out)


def test_html_report_is_one_self_contained_page(gikplint, tmp_path):
    out = tmp_path / "report.html"
    r = gikplint("--format", "html", "-o", out, DEFECTIVE, SEEDS / "002_48546315720be920.txt")
    assert r.code == 1 and r.out == ""
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # nothing fetched from outside
    assert not re.search(r"<script[^>]*\bsrc=", page)  # the index's few lines of script are inline
    assert len(re.findall(r'class="[^"]*\bbad\b', page)) >= 3  # the 采购总金额 cell and the table-3 rows
    assert "第三部分表格" in page and "建议改为：结果维持" in page
    assert "缺少第六部分" in page  # a narrative finding, listed by section


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_report_marks_cells_visibly_in_chromium(gikplint, tmp_path):
    out = tmp_path / "report.html"
    gikplint("--format", "html", "-o", out, DEFECTIVE)
    probe = """<script>
      const bad = [...document.querySelectorAll('.bad')].map(el => {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return {text: el.textContent, w: r.width, h: r.height, visible: s.visibility === 'visible' && s.display !== 'none',
                outline: s.outlineStyle, background: s.backgroundColor};
      });
      const pre = document.createElement('pre');
      pre.id = 'result';
      pre.textContent = JSON.stringify(bad);
      document.body.appendChild(pre);
    </script>"""
    probed = tmp_path / "probed.html"
    probed.write_text(out.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", probed.as_uri()],
                          capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-500:]
    cells = json.loads(html.unescape(m[1]))
    assert any("3000644.004" in c["text"] for c in cells)
    for c in cells:
        assert c["visible"] and c["w"] > 0 and c["h"] > 0, c
        assert c["outline"] == "solid" and c["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), c


def _batch(tmp_path):
    """Two reports of the same text under two agencies, the seeds, and a roster naming one more agency."""
    folder = tmp_path / "下级机关"
    folder.mkdir()
    for p in SEEDS.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    text = CLEAN.read_text(encoding="utf-8")
    (folder / "huaian.txt").write_text(text, encoding="utf-8")
    (folder / "suqian.txt").write_text(text.replace("淮安", "宿迁"), encoding="utf-8")
    roster = tmp_path / "名单.csv"
    roster.write_text("机关,类型,时限\n淮安市人民政府,政府,03-31\n宿迁市人民政府,政府,\n连云港市人民政府,政府,\n",
                      encoding="utf-8")
    return folder, roster


def test_html_batch_opens_with_an_index_and_its_ids_are_stable(gikplint, tmp_path):
    folder, roster = _batch(tmp_path)
    pages = []
    for n in (1, 2):
        out = tmp_path / f"batch{n}.html"
        gikplint("--format", "html", "-o", out, "--roster", roster, "--cross-agency", folder)
        pages.append(out.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]  # the same batch gives the same page: ids come from paths, not memory
    page = pages[0]
    index = page[page.index('<table class="index">'):page.index("</table>", page.index('<table class="index">'))]
    rows = re.findall(r"<tr class=\"([^\"]+)\">", index)
    assert len(rows) == 8 and rows.count("缺报") == 1 and "连云港市人民政府" in index
    links = re.findall(r'href="#(r[0-9a-f]{12})"', index)
    assert len(links) == 7 and all(f'<section class="file" id="{a}">' in page for a in links)
    assert index.count("雷同") >= 2 and 'id="by-rule"' in page and "@media print" in page


def test_xlsx_and_csv_for_a_supervising_office(gikplint, tmp_path):
    from openpyxl import load_workbook

    folder, roster = _batch(tmp_path)
    out = tmp_path / "检查结果.xlsx"
    r = gikplint("--format", "xlsx", "-o", out, "--roster", roster, "--cross-agency", folder)
    assert r.code == 1 and r.out == ""
    book = load_workbook(out, read_only=False)
    summary, findings = book["汇总"], book["问题"]
    assert summary.freeze_panes == "A2" and findings.freeze_panes == "A2"
    assert summary.auto_filter.ref == f"A1:K{summary.max_row}" and findings.auto_filter.ref == f"A1:J{findings.max_row}"
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    assert len(rows) == 8 and [r[4] for r in rows].count("缺报") == 1
    by_agency = {r[1]: r for r in rows}
    assert by_agency["淮安市人民政府"][9] == "是" and by_agency["宿迁市人民政府"][9] == "是"  # 雷同
    finding_rows = [[c.value for c in row] for row in findings.iter_rows(min_row=2)]
    json_count = gikplint("--format", "json", folder).json["summary"]["diagnostics"]
    assert len(finding_rows) == json_count + 2  # the two GK802 of the pair
    assert any(r[3] == "GK304" and r[6].endswith("第二部分表格 “政府集中采购”行“采购总金额”列") for r in finding_rows)
    csv_out = gikplint("--format", "csv", folder).out
    assert csv_out.startswith("\ufeff文件,机关,年度,代码") and csv_out.count("\r\n") == json_count + 1
    lines = gikplint("--format", "jsonl", folder).out.splitlines()
    assert len(lines) == 8 and json.loads(lines[-1])["type"] == "summary"
    assert all(json.loads(line)["type"] == "file" for line in lines[:-1])


def test_a_binary_format_to_a_terminal_is_refused(gikplint, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    r = gikplint("--format", "xlsx", CLEAN)
    assert r.code == 2 and "-o" in r.err


def _chromium(tmp_path, *args):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp_path / 'profile'}", *map(str, args)],
                          capture_output=True, text=True, timeout=180)


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_batch_index_sorts_filters_and_prints_in_chromium(gikplint, tmp_path):
    folder, roster = _batch(tmp_path)
    out = tmp_path / "batch.html"
    gikplint("--format", "html", "-o", out, "--roster", roster, folder)
    probe = """<script>
      const table = document.querySelector('table.index'), th = table.querySelectorAll('th');
      const col = i => [...table.tBodies[0].rows].filter(r => !r.hidden).map(r => r.cells[i].textContent);
      th[3].click();
      const up = col(3).map(Number);
      th[3].click();
      const down = col(3).map(Number);
      const f = document.getElementById('status-filter');
      f.value = '缺报'; f.dispatchEvent(new Event('change'));
      const missing = col(0);
      f.value = ''; f.dispatchEvent(new Event('change'));
      const link = table.querySelector('a').getAttribute('href');
      const pre = document.createElement('pre'); pre.id = 'result';
      pre.textContent = JSON.stringify({up, down, missing, all: col(0).length, target: !!document.querySelector(link)});
      document.body.appendChild(pre);
    </script>"""
    probed = tmp_path / "probed.html"
    probed.write_text(out.read_text(encoding="utf-8").replace("</body>", probe + "</body>"), encoding="utf-8")
    proc = _chromium(tmp_path, "--dump-dom", probed.as_uri())
    m = re.search(r'<pre id="result">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stdout[-1500:] + proc.stderr[-500:]
    got = json.loads(html.unescape(m[1]))
    assert got["up"] == sorted(got["up"]) and got["down"] == sorted(got["down"], reverse=True)
    assert got["missing"] == ["连云港市人民政府"] and got["all"] == 8 and got["target"]
    shot = tmp_path / "index.png"
    _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1400", out.as_uri())
    assert shot.is_file() and shot.stat().st_size > 20_000
    pdf = tmp_path / "batch.pdf"
    _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", out.as_uri())
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    width, height = doc[0].get_size()
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4, in points
    assert len(doc) >= 8  # the index, then every report on a page of its own


def _locations(doc):
    run = doc["runs"][0]
    return run["originalUriBaseIds"], [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]


def test_sarif_locations_are_relative_to_the_git_top_level(gikplint, tmp_path, monkeypatch):
    """GitHub resolves %SRCROOT% to the repository: a run from a subfolder
    still gives repository-relative URIs, percent-encoded as RFC 3986 wants."""
    repo = tmp_path / "portal"
    (repo / ".git").mkdir(parents=True)
    (repo / "年报" / "2020").mkdir(parents=True)
    report = repo / "年报" / "2020" / "2020#1 报告.txt"
    shutil.copy(DEFECTIVE, report)
    monkeypatch.chdir(repo / "年报")
    r, doc = _sarif(gikplint, Path("2020") / report.name)
    assert r.code == 1 and not sorted(Draft4Validator(SCHEMA).iter_errors(doc), key=str)
    bases, locations = _locations(doc)
    assert bases == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    want = "%E5%B9%B4%E6%8A%A5/2020/2020%231%20%E6%8A%A5%E5%91%8A.txt"
    assert locations and all(loc == {"uri": want, "uriBaseId": "%SRCROOT%"} for loc in locations)
    # without a repository, the working folder is the root
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(DEFECTIVE, plain / "r.txt")
    monkeypatch.chdir(plain)
    _, doc = _sarif(gikplint, "r.txt")
    bases, locations = _locations(doc)
    assert bases["%SRCROOT%"]["uri"] == plain.as_uri() + "/" and locations[0] == {"uri": "r.txt", "uriBaseId": "%SRCROOT%"}


def test_sarif_a_file_outside_the_root_gets_an_absolute_file_uri(gikplint, tmp_path, monkeypatch):
    repo, outside = tmp_path / "repo", tmp_path / "elsewhere"
    (repo / ".git").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(DEFECTIVE, outside / "a#b.txt")
    monkeypatch.chdir(repo)
    r, doc = _sarif(gikplint, outside / "a#b.txt")
    assert not sorted(Draft4Validator(SCHEMA).iter_errors(doc), key=str)
    _, locations = _locations(doc)
    assert locations and all(loc == {"uri": (outside / "a%23b.txt").as_uri().replace("%2523", "%23")} for loc in locations)
    from urllib.parse import unquote, urlparse

    assert unquote(urlparse(locations[0]["uri"]).path) == str(outside / "a#b.txt")


def test_sarif_meets_github_code_scanning_requirements_with_plugins(gikplint, tmp_path, monkeypatch):
    """GitHub's documented requirements and limits, with the example plugin's
    rules in the run: a helpUri only where the rule has a page, help text always."""
    from gikplint.testing import plugin_on_path

    src = Path(__file__).resolve().parents[1] / "examples" / "gikplint-plugin-example" / "src"
    monkeypatch.setenv("GIKPLINT_PLUGINS", "huaihua")
    with plugin_on_path("huaihua", "gikplint_huaihua", src, tmp_path, "0.1.0"):
        _, doc = _sarif(gikplint, DEFECTIVE)
    assert not sorted(Draft4Validator(SCHEMA).iter_errors(doc), key=str)
    assert len(doc["runs"]) <= 20
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert len(rules) <= 25_000 and len(run["results"]) <= 25_000
    for rule in rules.values():
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert len(rule["properties"]["tags"]) <= 20
    assert rules["HH703"]["helpUri"] == "https://github.com/gikplint/gikplint/tree/main/examples/gikplint-plugin-example#readme"
    assert "helpUri" not in rules["HH601"] and "helpUri" not in rules["HH201"]
    assert rules["GK410"]["helpUri"].endswith("docs/rules/GK410.md")
    for res in run["results"]:
        assert res["message"]["text"].strip() and res["ruleId"] in rules
        assert len(res["locations"]) == 1 and res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert res["partialFingerprints"]["primaryLocationLineHash"]


def test_an_output_through_a_symlink_or_into_a_pipe_is_written_there(gikplint, tmp_path):
    """A link stays a link and its file gets the output; a FIFO (or /dev/stdout)
    is written as it is, never replaced by a regular file."""
    import os
    import threading

    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert gikplint("--output-json", link, CLEAN).code == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["summary"]["exit_code"] == 0
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = gikplint("--output-json", fifo, CLEAN)
    reader.join(30)
    assert r.code == 0 and fifo.is_fifo() and json.loads(got[0])["version"] == 1


def test_an_output_that_cannot_be_written_is_said_in_chinese(gikplint, tmp_path):
    r = gikplint("--output-json", tmp_path / "no" / "x.json", CLEAN)
    assert r.code == 2 and "文件或文件夹不存在" in r.err and "No such" not in r.err
    for option in ("--output-sarif", "--output-json", "--output-junit", "-o"):
        r = gikplint(option, "", CLEAN)
        assert r.code == 2 and "无法写入输出文件" in r.err, option
