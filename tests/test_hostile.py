"""Hostile and broken input: a GK901 with a Chinese message saying what is
wrong and what to do, never a traceback, bounded time and memory, and the
other files of the run still linted; nothing is ever written to an input."""
import hashlib
import textwrap
import io
import os
import resource
import signal
import time
import zipfile

import pytest

from conftest import SEEDS

GOOD = SEEDS / "001_d99c8dcb44f53e53.txt"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _zip(files: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _doc(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>'


def _lint_with_a_good_one(gikplint, tmp_path, name, data):
    """Lint the hostile file beside a good report; return (its codes, its messages, elapsed s, the run)."""
    bad = tmp_path / name
    bad.write_bytes(data) if isinstance(data, bytes) else bad.write_text(data, encoding="utf-8")
    good = tmp_path / "zz-good.txt"
    good.write_bytes(GOOD.read_bytes())
    t = time.perf_counter()
    r = gikplint("--format", "json", bad, good)
    elapsed = time.perf_counter() - t
    assert r.code in (0, 1), r.err
    assert "Traceback" not in r.out + r.err
    files = r.json["files"]
    assert "GK403" in [d["code"] for d in files[1]["diagnostics"]], "the good report was not linted"
    return [d["code"] for d in files[0]["diagnostics"]], [d["message"] for d in files[0]["diagnostics"]], elapsed, r


def test_zip_bomb_is_refused_before_inflating(gikplint, tmp_path):
    bomb = _zip({"word/document.xml": _doc("<w:p><w:r><w:t>x</w:t></w:r></w:p>") + " " * (40 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    codes, messages, elapsed, _ = _lint_with_a_good_one(gikplint, tmp_path, "bomb.docx", bomb)
    assert codes == ["GK901"] and "压缩炸弹" in messages[0]
    assert elapsed < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 30 * 1024  # KB: nothing was inflated


def test_an_archive_declaring_a_huge_total_is_refused(gikplint, tmp_path):
    parts = {"word/document.xml": _doc("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>")}
    parts.update({f"word/media/image{i}.bin": b"\0" * (8 * 1024 * 1024) for i in range(70)})
    codes, messages, _, _ = _lint_with_a_good_one(gikplint, tmp_path, "huge.docx", _zip(parts))
    assert codes == ["GK901"] and "压缩炸弹" in messages[0]


def test_xml_bomb_is_not_expanded(gikplint, tmp_path):
    lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    data = _zip({"word/document.xml": _doc("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", lol)})
    codes, _, elapsed, r = _lint_with_a_good_one(gikplint, tmp_path, "lol.docx", data)
    assert codes and codes[0] in ("GK901", "GK902") and elapsed < 10
    assert "lollollol" not in r.out


def test_external_entities_are_not_resolved(gikplint, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    xxe = f'<!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
    data = _zip({"word/document.xml": _doc("<w:p><w:r><w:t>一、总体情况 &x;</w:t></w:r></w:p>", xxe)})
    _, _, _, r = _lint_with_a_good_one(gikplint, tmp_path, "xxe.docx", data)
    assert "TOP-SECRET-CONTENT" not in r.out


def _future_zip_version() -> bytes:
    """A central directory entry that needs zip version 21.2 to extract (found by tools/fuzz.py)."""
    raw = bytearray((SEEDS / "000_c0585c8bd0bdfd5d.docx").read_bytes())
    at = raw.find(b"PK\x01\x02")
    raw[at + 6:at + 8] = (212).to_bytes(2, "little")
    return bytes(raw)


@pytest.mark.parametrize("name,data,words", [
    ("truncated.docx", (SEEDS / "000_c0585c8bd0bdfd5d.docx").read_bytes()[:5000], "损坏"),
    ("future-zip-version.docx", _future_zip_version(), "损坏"),
    ("empty-body.docx", _zip({"word/document.xml": _doc("")}), "正文为空"),
    ("garbage.txt", bytes(range(256)) * 200, "二进制"),
    ("nul.md", b"\xe4\xb8\x80\x00\x00\x00" * 1000, "二进制"),
    ("empty.html", b"", "文件为空"),
    ("spaces.txt", b"   \n\n \t \n", "没有任何文字"),
])
def test_broken_files_are_gk901(gikplint, tmp_path, name, data, words):
    codes, messages, _, _ = _lint_with_a_good_one(gikplint, tmp_path, name, data)
    assert codes == ["GK901"] and words in messages[0], messages


def test_utf16_text_without_byte_order_mark_is_read(lint_json, tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(GOOD.read_text(encoding="utf-8").encode("utf-16-le"))
    _, entry = lint_json(path)
    assert entry["report"]["year"] == 2020 and "GK403" in [d["code"] for d in entry["diagnostics"]]


def test_a_50_mb_file_is_refused_without_being_read(gikplint, tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    t = time.perf_counter()
    r = gikplint("--format", "json", big)
    assert time.perf_counter() - t < 5
    d = r.json["files"][0]["diagnostics"]
    assert [x["code"] for x in d] == ["GK901"] and "文件过大" in d[0]["message"]


def test_a_table_with_ten_thousand_rows(gikplint, tmp_path):
    text = GOOD.read_text(encoding="utf-8")
    rows = "".join(f"\t\n\t第{i}行\n" + "\t0\n" * 7 + "\n" for i in range(10_000))
    text = text.replace("\t四、结转下年度继续办理\n", rows + "\t四、结转下年度继续办理\n", 1)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    t = time.perf_counter()
    r = gikplint("--format", "json", path)
    assert time.perf_counter() - t < 30
    diags = r.json["files"][0]["diagnostics"]
    assert len(diags) < 50  # 10,000 extra rows are one finding, not 10,000
    assert any("10000 行" in d["message"] for d in diags if d["code"] == "GK404")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_folders_with_symlink_loops_fifos_and_unreadable_files(gikplint, tmp_path):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "report.txt").write_bytes(GOOD.read_bytes())
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)  # a folder loop
    (folder / "a.txt").symlink_to(folder / "b.txt")  # a file loop
    (folder / "b.txt").symlink_to(folder / "a.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    locked = folder / "locked.txt"
    locked.write_bytes(GOOD.read_bytes())
    locked.chmod(0)
    t = time.perf_counter()
    r = gikplint("--format", "json", folder)
    assert time.perf_counter() - t < 30 and "Traceback" not in r.err
    files = {f["path"].rsplit("/", 1)[-1]: [d["code"] for d in f["diagnostics"]] for f in r.json["files"]}
    assert "GK403" in files["report.txt"]
    assert files["a.txt"] == ["GK901"] and files["b.txt"] == ["GK901"] and files["pipe.txt"] == ["GK901"]
    if os.geteuid() != 0:  # root reads anything
        assert files["locked.txt"] == ["GK901"]
    assert sum(1 for f in r.json["files"] if f["path"].endswith("report.txt")) == 1  # the loop is not followed


def test_nothing_is_ever_written_to_an_input(gikplint, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for p in sorted(SEEDS.glob("*.docx"))[:3] + sorted(SEEDS.glob("*.txt"))[:3]:
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "bomb.docx").write_bytes(_zip({"word/document.xml": " " * (5 * 1024 * 1024)}))
    (inputs / "broken.docx").write_bytes(b"PK\x03\x04broken")
    (inputs / "gbk.txt").write_bytes(GOOD.read_text(encoding="utf-8").encode("gb18030"))
    (inputs / "page.html").write_bytes("<p>一、总体情况</p><!-- gikplint: disable=GK101 -->".encode("utf-8"))
    state = lambda: {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)  # noqa: E731
                     for p in inputs.iterdir()}
    before = state()
    for fmt in ("human", "json", "sarif", "html"):
        gikplint("--format", fmt, "-o", tmp_path / f"out.{fmt}", inputs)
    gikplint("baseline", "write", tmp_path / "baseline.json", inputs)
    gikplint("--baseline", tmp_path / "baseline.json", "--jobs", "2", inputs)
    assert state() == before


# --- second wave: every class of attack from tests/hostile_cases.py -------
#
# A file that once took minutes (or for ever) is linted with a 20 s budget:
# if the linear algorithm regressed, the file times out (GK901 处理超时)
# and the test fails instead of hanging. bench/hostile.py prints each case's
# time and peak memory.

import hostile_cases as H  # noqa: E402


def _lint_case(gikplint, tmp_path, make, *extra):
    name, data = make()
    path = tmp_path / name
    path.write_bytes(data)
    r = gikplint("--format", "json", "--timeout", "20", *extra, path)
    assert r.code in (0, 1), r.err
    assert "Traceback" not in r.out + r.err
    diags = r.json["files"][0]["diagnostics"]
    messages = [d["message"] for d in diags]
    assert not any("处理超时" in m for m in messages), "super-linear work came back"
    assert "GK903" not in [d["code"] for d in diags], messages
    return [d["code"] for d in diags], messages


@pytest.mark.parametrize("make", [
    H.long_number_in_a_stream_table, H.suppression_comment_without_end, H.markdown_separator_without_end,
    H.heading_check_on_a_long_continuation, H.part_count_without_parts, H.placeholder_run_without_suffix,
], ids=lambda f: f.__name__)
def test_no_pattern_backtracks_on_adversarial_text(gikplint, tmp_path, make):
    _lint_case(gikplint, tmp_path, make)


def test_a_run_of_placeholders_without_a_unit_is_not_a_placeholder(gikplint, tmp_path):
    codes, _ = _lint_case(gikplint, tmp_path, H.placeholder_run_without_suffix)
    assert "GK605" not in codes


@pytest.mark.parametrize("make", [
    H.many_paragraphs_in_a_content_control, H.many_cells_in_a_page, H.one_long_cell_built_line_by_line,
    H.many_suppressions_and_findings, H.flattened_table_of_long_digit_runs, H.flattened_table_of_one_long_run,
    H.pdf_dashed_lattice,
], ids=lambda f: f.__name__)
def test_no_quadratic_work(gikplint, tmp_path, make):
    _lint_case(gikplint, tmp_path, make)


def test_thousands_of_suppressions_each_match_their_finding(gikplint, tmp_path):
    codes, _ = _lint_case(gikplint, tmp_path, H.many_suppressions_and_findings)
    assert "GK605" not in codes and "GK904" not in codes


@pytest.mark.parametrize("make,words", [
    (H.html_spans, "表格单元格超过上限"),
    (H.docx_grid_spans, "表格单元格超过上限"),
    (lambda: H.zip_with_a_million_entries(50_000), "条目异常之多"),
    (H.big_text, "文本文件过大"),
    (H.short_lines_text, "文件行数超过上限"),
    (H.deep_html, "嵌套过深"),
    (H.deep_docx, "嵌套过深"),
], ids=["html-spans", "docx-grid-spans", "zip-directory", "49mb-text", "3m-lines", "deep-html", "deep-docx"])
def test_a_small_file_cannot_expand_without_bound(gikplint, tmp_path, make, words):
    codes, messages = _lint_case(gikplint, tmp_path, make)
    assert codes == ["GK901"] and words in messages[0], messages
    assert "损坏" not in messages[0]  # says what is wrong, not that the file is broken


@pytest.mark.parametrize("make,words", [
    (H.pdf_flate_bomb, "内存超限"),
    (H.pdf_path_flood, "内存超限"),
    (H.pdf_ruling_grid_under_the_cap, "没有任何文字"),
    (H.pdf_many_pages, "页数超过上限"),
    (H.pdf_self_drawing_form, "没有任何文字"),
], ids=["flate-bomb", "path-flood", "ruling-grid-under-cap", "many-pages", "self-drawing-form"])
def test_a_hostile_pdf_is_bounded_and_said_so(gikplint, tmp_path, make, words):
    """PDFium runs in a child with a memory ceiling: a bomb ends there, and
    the good report beside it is still linted."""
    name, data = make()
    codes, messages, _, _ = _lint_with_a_good_one(gikplint, tmp_path, name, data)
    assert codes == ["GK901"] and words in messages[0], messages


def test_a_number_of_thousands_of_digits_is_not_a_count(gikplint, tmp_path):
    codes, messages = _lint_case(gikplint, tmp_path, H.huge_number_in_a_cell)
    assert "GK122" in codes  # text in a count cell, quoted short
    assert all(len(m) < 400 for m in messages)


def _docx_of(body: str, **kw) -> bytes:
    return H.docx(body, **kw)


REPORT_PARAS = "".join(H.para(t) for t in (
    "某市审计局2021年政府信息公开工作年度报告", "一、总体情况", "本局依法公开政府信息。", "二、主动公开政府信息情况"))


@pytest.mark.parametrize("name,data,words", [
    ("altchunk.docx", _docx_of(H.para("一、总体情况") + '<w:altChunk xmlns:r="http://schemas.openxmlformats.org/'
                              'officeDocument/2006/relationships" r:id="rId9"/>'), "altChunk"),
    ("deflate64.docx", None, "Deflate64"),
], ids=["altchunk", "deflate64"])
def test_gk901_says_what_is_unsupported(gikplint, tmp_path, name, data, words):
    if data is None:  # a Deflate64 member, as Windows' own zip writes large files: patch the method field
        raw = bytearray(_docx_of(REPORT_PARAS))
        for sig in (b"PK\x03\x04", b"PK\x01\x02"):
            at = raw.find(sig)
            off = 8 if sig == b"PK\x03\x04" else 10
            raw[at + off:at + off + 2] = (9).to_bytes(2, "little")
        data = bytes(raw)
    (tmp_path / name).write_bytes(data)
    r = gikplint("--format", "json", tmp_path / name)
    (d,) = r.json["files"][0]["diagnostics"]
    assert d["code"] == "GK901" and words in d["message"] and "损坏" not in d["message"] and "为空" not in d["message"]


@pytest.mark.parametrize("name,data", [
    ("customxml.docx", _docx_of('<w:customXml w:element="report">' + REPORT_PARAS + "</w:customXml>")),
    ("strict.docx", _docx_of(REPORT_PARAS, ns='xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"')),
    ("undefined-charset.html", ('<html><head><meta charset="undefined"></head><body>'
                                + "".join(f"<p>{t}</p>" for t in ("某市审计局2021年政府信息公开工作年度报告", "一、总体情况",
                                                                  "本局依法公开政府信息。")) + "</body></html>").encode()),
], ids=["customxml", "strict-ooxml", "charset-undefined"])
def test_documents_in_less_common_forms_are_read(lint_json, tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    _, entry = lint_json(tmp_path / name)
    assert "GK901" not in [d["code"] for d in entry["diagnostics"]]
    assert entry["report"]["title"] == "某市审计局2021年政府信息公开工作年度报告"


def test_text_box_text_is_read_once(tmp_path):
    from conftest import read_doc as read

    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = (f'<w:p><w:r><mc:AlternateContent {mc}><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
           + H.para("文本框中的一句话") + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
           + H.para("文本框中的一句话") + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")
    (tmp_path / "box.docx").write_bytes(H.docx(box))
    text = "".join(b.text for b in read(tmp_path / "box.docx").blocks)
    assert text.count("文本框中的一句话") == 1


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u00ad", "\u200d", "\ufeff"],
                         ids=["zero-width-space", "word-joiner", "soft-hyphen", "zero-width-joiner", "bom"])
def test_headings_with_invisible_characters_are_recognised(lint_json, tmp_path, invisible):
    text = GOOD.read_text(encoding="utf-8")
    for heading in ("四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"):
        assert heading in text
        text = text.replace(heading, heading[:3] + invisible + heading[3:], 1)
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    _, entry = lint_json(tmp_path / "r.txt")
    assert not {"GK101", "GK102"} & {d["code"] for d in entry["diagnostics"]}


# --- security: the grammar cache, links, untrusted text in outputs ---------

import json  # noqa: E402
import pickle  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from conftest import fake_plugin  # noqa: E402


class _Planted:
    """A pickle that, when loaded, creates a marker file: what an attacker
    would plant as gikplint's grammar cache."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _run_gikplint(*args, env=None, **kw):
    return subprocess.run([sys.executable, "-m", "gikplint", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "GIKPLINT_PLUGINS": "", **(env or {})}, **kw)


def _cache_file_name():
    from gikplint.parse.structure import _cache_name
    from gikplint.resources import data_dir

    return _cache_name((data_dir("grammar") / "report.lark").read_text(encoding="utf-8"))


def test_a_grammar_cache_planted_in_the_shared_temp_folder_is_never_loaded(tmp_path):
    marker = tmp_path / "PWNED"
    shared = tmp_path / "tmp" / "gikplint"
    shared.mkdir(parents=True)
    payload = pickle.dumps(_Planted(marker))
    for name in (_cache_file_name(), _cache_file_name() + ".cache", "report-grammar-x.lark.cache"):
        (shared / name).write_bytes(payload)
    not_a_folder = tmp_path / "cache-is-a-file"
    not_a_folder.write_text("", encoding="utf-8")  # ~/.cache cannot be used
    r = _run_gikplint(GOOD, env={"XDG_CACHE_HOME": str(not_a_folder), "TMPDIR": str(tmp_path / "tmp"),
                                 "HOME": str(not_a_folder)})
    assert r.returncode == 1 and "GK403" in r.stdout
    assert not marker.exists()


def test_the_grammar_cache_is_used_only_from_a_private_folder(tmp_path):
    marker = tmp_path / "PWNED"
    cache = tmp_path / "cache" / "gikplint"
    cache.mkdir(parents=True)
    planted = cache / _cache_file_name()
    planted.write_bytes(pickle.dumps(_Planted(marker)))
    planted.chmod(0o666)  # writable by anyone: not trusted, whoever owns it
    r = _run_gikplint(GOOD, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert r.returncode == 1 and not marker.exists()
    assert cache.stat().st_mode & 0o777 == 0o700  # the folder is made private
    if os.geteuid() == 0:  # as root: a file another user owns, in our own folder, is not loaded either
        planted.chmod(0o600)
        os.chown(planted, 65534, 65534)
        r = _run_gikplint(GOOD, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
        assert r.returncode == 1 and not marker.exists()


def test_a_link_out_of_the_linted_folder_is_not_read(gikplint, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD 一、总体情况\n", encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.txt").write_bytes(GOOD.read_bytes())
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "inside.txt").symlink_to(folder / "report.txt")  # a link within the folder is fine
    for fmt in ("human", "json", "sarif", "junit", "html", "github"):
        r = gikplint("--format", fmt, folder)
        assert "TOP-SECRET" not in r.out + r.err
    files = {f["path"].rsplit("/", 1)[-1]: f for f in gikplint("--format", "json", folder).json["files"]}
    (d,) = files["passwd.txt"]["diagnostics"]
    assert d["code"] == "GK901" and "符号链接" in d["message"]
    assert "GK403" in [x["code"] for x in files["inside.txt"]["diagnostics"]]
    named = gikplint("--format", "json", folder / "passwd.txt").json["files"][0]  # named explicitly: read as named
    assert "符号链接" not in json.dumps(named, ensure_ascii=False)


HOSTILE_TEXT = "一、总体情况\x1b]8;;http://evil\x07点这里\x1b]8;;\x07\x1b[2J\u202e报告\u202c\x0c\x85"


@pytest.mark.parametrize("fmt", ["human", "github", "junit", "html", "json", "sarif"])
def test_control_characters_from_reports_and_names_never_reach_the_output(gikplint, tmp_path, fmt):
    text = GOOD.read_text(encoding="utf-8").replace("3000644.004", "3000644.004" + HOSTILE_TEXT, 1)
    text = text.replace("一、总体情况\n", "一、总体情况\n本年度XX年" + HOSTILE_TEXT + "\n", 1)
    text = text.replace("\t一、本年新收政府信息公开申请数量\n\t0\n", "\t一、本年新收政府信息公开申请数量\n\t0\x1b[31m\u202e\n", 1)
    path = tmp_path / "evil\x1b[31m\nname\u202e.txt"
    path.write_text(text, encoding="utf-8")
    r = gikplint("--format", fmt, path)
    assert "GK403" in r.out  # the report was read and checked, not refused
    out = r.out + r.err
    for bad in ("\x1b", "\x07", "\u202e", "\u202c", "\x85", "\x0c"):
        assert bad not in out, (fmt, repr(bad))
    if fmt in ("human", "github"):
        assert not [line for line in r.out.splitlines() if line.startswith("name")]  # no newline from the name
    if fmt == "junit":
        from xml.etree import ElementTree as ET

        ET.fromstring(r.out)  # well-formed: no character XML 1.0 forbids


def test_output_never_overwrites_an_input(gikplint, tmp_path):
    report = tmp_path / "report.txt"
    report.write_bytes(GOOD.read_bytes())
    before = report.read_bytes()
    for option in ("-o", "--output-sarif", "--output-json", "--output-junit"):
        r = gikplint("--format", "json", option, report, tmp_path)
        assert r.code == 2 and "不会覆盖输入文件" in r.err
    assert report.read_bytes() == before


def test_file_names_that_are_not_utf8_are_shown_escaped(gikplint, tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    name = os.fsdecode(b"2020\xc4\xea\xb6\xc8\xb1\xa8\xb8\xe6.txt")  # "2020年度报告" in GBK, from a zip made on Windows
    (folder / name).write_bytes(GOOD.read_bytes())
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    for fmt in ("human", "json", "sarif", "junit", "html", "github"):
        r = gikplint("--format", fmt, folder)
        assert r.code == 1 and "Traceback" not in r.err, (fmt, r.err)
        shown = json.loads(r.out)["files"][0]["path"] if fmt == "json" else r.out
        assert "\\xc4\\xea" in shown or "%C4%EA" in shown, fmt
    files = gikplint("--format", "json", folder).json["files"]
    assert len(files) == 2 and all("GK403" in [d["code"] for d in f["diagnostics"]] for f in files)


def test_a_fifo_put_in_place_of_a_report_is_never_waited_on(gikplint, tmp_path, monkeypatch):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    from gikplint.read import load_bytes

    with pytest.raises(Exception) as e:  # opened without blocking, refused on the open descriptor
        load_bytes(fifo)
    assert "管道" in str(e.value)
    r = gikplint("--format", "json", fifo, GOOD)
    assert r.codes(0) == ["GK901"] and "GK403" in r.codes(1)


# --- output that cannot be written ---------------------------------------

def test_a_closed_pipe_ends_quietly(tmp_path):
    for i in range(40):  # more output than a pipe holds (64 KB)
        (tmp_path / f"r{i}.txt").write_bytes(GOOD.read_bytes())
    for fmt in ("human", "json"):
        proc = subprocess.Popen([sys.executable, "-m", "gikplint", "--format", fmt, str(tmp_path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "GIKPLINT_PLUGINS": ""})
        proc.stdout.read(10)  # `| head -c 10`
        proc.stdout.close()
        err = proc.stderr.read().decode()
        code = proc.wait()
        assert not err, (fmt, err)  # not a word: no traceback, no "Exception ignored"
        assert code in (1, 141), (fmt, code)  # 141 (as SIGPIPE would) when the write is where it broke


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_exit_2():
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "gikplint", str(GOOD)], stdout=full, stderr=subprocess.PIPE,
                           text=True, env={**os.environ, "GIKPLINT_PLUGINS": ""})
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and "无法写出" in r.stderr


# --- processes: dead workers, hanging files, Ctrl-C and SIGTERM -----------

TRAP_READER = """
    import os, signal, time
    from pathlib import Path
    from gikplint.plugin import hookimpl

    @hookimpl
    def gikplint_file_types():
        return [".trap"]

    @hookimpl
    def gikplint_read(path, data):
        if not path.endswith(".trap"):
            return None
        what = data.decode().strip()
        Path(path + ".pid").write_text(str(os.getpid()))
        if what == "die":  # the OOM killer's way
            os.kill(os.getpid(), signal.SIGKILL)
        if what == "stuck":  # stuck where no timer can interrupt: only the parent can end it
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
"""


def _trap_folder(tmp_path, *traps):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.txt", "z.txt"):
        (folder / name).write_bytes(GOOD.read_bytes())
    for i, what in enumerate(traps):
        (folder / f"m{i}.trap").write_text(what, encoding="utf-8")
    return folder


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


from pathlib import Path  # noqa: E402


def test_a_worker_that_dies_costs_only_its_file(gikplint, tmp_path, monkeypatch):
    fake_plugin(tmp_path, monkeypatch, "trapdie", TRAP_READER)
    folder = _trap_folder(tmp_path, "die")
    r = gikplint("--format", "json", "--jobs", "2", folder)
    files = {Path(f["path"]).name: [d for d in f["diagnostics"]] for f in r.json["files"]}
    assert sorted(files) == ["a.txt", "m0.trap", "z.txt"]
    (d,) = files["m0.trap"]
    assert d["code"] == "GK903" and "进程意外结束" in d["message"] and "信号 9" in d["message"]
    assert all("GK403" in [x["code"] for x in files[n]] for n in ("a.txt", "z.txt"))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_its_time_budget_is_gk901_and_the_run_goes_on(gikplint, tmp_path, monkeypatch, jobs):
    fake_plugin(tmp_path, monkeypatch, f"trapslow{jobs}", TRAP_READER)
    folder = _trap_folder(tmp_path, "slow")
    r = gikplint("--format", "json", "--jobs", jobs, "--timeout", "1", folder)
    files = {Path(f["path"]).name: f["diagnostics"] for f in r.json["files"]}
    (d,) = files["m0.trap"]
    assert d["code"] == "GK901" and "处理超时（超过 1 秒）" in d["message"]
    assert "GK403" in [x["code"] for x in files["z.txt"]]


def test_a_worker_stuck_beyond_the_timer_is_killed(gikplint, tmp_path, monkeypatch):
    fake_plugin(tmp_path, monkeypatch, "trapstuck", TRAP_READER)
    folder = _trap_folder(tmp_path, "stuck")
    r = gikplint("--format", "json", "--jobs", "2", "--timeout", "1", folder)
    files = {Path(f["path"]).name: f["diagnostics"] for f in r.json["files"]}
    assert files["m0.trap"][0]["code"] == "GK901" and "处理超时" in files["m0.trap"][0]["message"]
    assert not _alive(int((folder / "m0.trap.pid").read_text()))


@pytest.mark.parametrize("sig,code,words", [(signal.SIGTERM, 143, "已终止"), (signal.SIGINT, 130, "已中断")])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupted_it_exits_with_one_line_and_leaves_no_worker(tmp_path, monkeypatch, sig, code, words, jobs):
    fake_plugin(tmp_path, monkeypatch, f"trapint{jobs}{code}", TRAP_READER)
    folder = _trap_folder(tmp_path, "slow", "slow")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "GIKPLINT_PLUGINS": f"trapint{jobs}{code}"}
    proc = subprocess.Popen([sys.executable, "-m", "gikplint", "--jobs", jobs, str(folder)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = [folder / "m0.trap.pid", folder / "m1.trap.pid"][:int(jobs)]
    deadline = time.monotonic() + 30
    while not all(p.exists() and p.read_text() for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert err.strip() == f"gikplint：{words}。"
    time.sleep(0.2)
    assert not any(_alive(int(p.read_text())) for p in pids if int(p.read_text()) != proc.pid)


def test_jobs_are_capped_by_files_and_cores():
    from gikplint.runner import effective_jobs

    cores = os.cpu_count() or 1
    assert effective_jobs(None, 100, folder=True) == min(cores, 100)
    assert effective_jobs(None, 100, folder=False) == min(cores, 100)  # pre-commit names many files one by one
    assert effective_jobs(None, 3, folder=False) == 1
    assert effective_jobs(0, 100, folder=False) == min(cores, 100)
    assert effective_jobs(1000, 3, folder=True) == min(3, 2 * cores)
    assert effective_jobs(1000, 10_000, folder=True) == 2 * cores


# --- bad configuration, rule packs and baselines: exit 2, naming file and key

@pytest.mark.parametrize("raw,words", [
    (b"ignore = [\"GK121\"\xff\xfe]\n", "不是 UTF-8"),
    (b"overrides = 5\n", "overrides: 应为表的数组"),
    (b"[[overrides]]\n[[overrides.paths]]\n", "overrides[0].paths"),
    (b"select = \"GK1\"\n", "select: 应为规则代码"),
    (b"[deadlines]\ndepartment = \"02-30\"\n", "deadlines: 应形如"),
    (b"timeout = \"soon\"\n", "timeout: 应为"),
    (b"ignore = [\"GK1\"\nfail-on = \"never\"\n", "TOML 语法错误：第 2 行"),
], ids=["not-utf8", "overrides-int", "paths-tables", "select-string", "feb-30", "timeout-text", "toml-syntax"])
def test_a_hostile_configuration_is_exit_2_naming_the_key(gikplint, tmp_path, raw, words):
    (tmp_path / ".git").mkdir()
    (tmp_path / "gikplint.toml").write_bytes(raw)
    (tmp_path / "r.txt").write_bytes(GOOD.read_bytes())
    r = gikplint(tmp_path / "r.txt")
    assert r.code == 2 and "gikplint.toml" in r.err and words in r.err, r.err
    assert "Traceback" not in r.err


def test_a_pyproject_whose_tool_table_is_an_array_is_exit_2(gikplint, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[[tool.gikplint]]\nselect = [\"GK1\"]\n", encoding="utf-8")
    (tmp_path / "r.txt").write_bytes(GOOD.read_bytes())
    r = gikplint(tmp_path / "r.txt")
    assert r.code == 2 and "tool.gikplint" in r.err


def test_extend_cycles_long_chains_and_special_files_are_refused(gikplint, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "r.txt").write_bytes(GOOD.read_bytes())
    (tmp_path / "a.toml").write_text('extend = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extend = "a.toml"\n', encoding="utf-8")
    r = gikplint("--config", tmp_path / "a.toml", tmp_path / "r.txt")
    assert r.code == 2 and "循环" in r.err
    for i in range(30):
        (tmp_path / f"c{i}.toml").write_text(f'extend = "c{i + 1}.toml"\n', encoding="utf-8")
    (tmp_path / "c30.toml").write_text("", encoding="utf-8")
    r = gikplint("--config", tmp_path / "c0.toml", tmp_path / "r.txt")
    assert r.code == 2 and "继承层数超过" in r.err
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "d.toml").write_text('extend = "fifo.toml"\n', encoding="utf-8")
    for config in (tmp_path / "d.toml", "/dev/zero", "/proc/self/status"):
        r = gikplint("--config", config, tmp_path / "r.txt")
        assert r.code == 2 and ("不是普通文件" in r.err or "TOML" in r.err), (config, r.err)
        assert "Traceback" not in r.err


PACK_PLUGIN = """
    from gikplint.plugin import hookimpl

    @hookimpl
    def gikplint_rule_packs():
        return [r"{pack}"]
"""
RULE = "- {{code: XX101, name: x, severity: warning, message: m, kind: pattern, patterns: [{{regex: 'a'}}]{extra}}}\n"


@pytest.mark.parametrize("n,pack,words", [
    (1, RULE.format(extra="").replace("kind: pattern", "kind: [pattern]"), "kind 应为文字"),
    (2, RULE.format(extra="").replace("message: m", "message: 123"), "message 应为文字"),
    (3, RULE.format(extra="").replace("message: m", "message: '{'"), "花括号不成对"),
    (4, RULE.format(extra="").replace("regex: 'a'", "regex: '(a'"), "有误"),
    (5, RULE.format(extra="").replace("regex: 'a'", "regex: '(\\d+,?)+$'"), "不限次数的重复"),
    (6, RULE.format(extra=", examples: [just a string]"), "examples 应为列表"),
    (7, "- !!python/object/apply:os.system ['touch /tmp/gikplint-pwned']\n", "YAML"),
    (8, "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi")), "展开后过大"),
    (9, "[" * 100_000 + "]" * 100_000, "嵌套过深"),
    (10, RULE.format(extra="").replace("kind: pattern, patterns: [{regex: 'a'}]", "kind: sum, table: t3, "
                                       "for_each: column, relation: 5"), "XX101"),
], ids=["kind-list", "message-int", "message-brace", "bad-regex", "catastrophic-regex", "examples-shape",
        "python-tag", "billion-laughs", "deep-nesting", "relation-int"])
def test_a_hostile_rule_pack_is_exit_2_with_file_and_line(tmp_path, n, pack, words):
    (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    name = f"hostilepack{n}"
    (tmp_path / f"{name}_mod.py").write_text(textwrap.dedent(PACK_PLUGIN.format(pack=tmp_path / "pack.yaml")),
                                             encoding="utf-8")
    dist = tmp_path / f"{name}-0.0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[gikplint]\n{name} = {name}_mod\n", encoding="utf-8")
    r = _run_gikplint(GOOD, env={"PYTHONPATH": str(tmp_path), "GIKPLINT_PLUGINS": name}, timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr[-500:])  # a crash (segfault) would be negative
    assert "pack.yaml:" in r.stderr and words in r.stderr, r.stderr
    assert "Traceback" not in r.stderr and not os.path.exists("/tmp/gikplint-pwned")


@pytest.mark.parametrize("raw,words", [
    (b"\xff\xfe{}", "不是 UTF-8"),
    (b'{"version": 1, "files": {"r.txt": {"abc": {"count": "many"}}}}', "结构不对"),
    (b'{"version": 1, "files": []}', "结构不对"),
    (b"[" * 100_000 + b"]" * 100_000, "嵌套过深"),
], ids=["not-utf8", "count-text", "files-list", "deep"])
def test_a_hostile_baseline_is_exit_2_naming_the_file(gikplint, tmp_path, raw, words):
    (tmp_path / "base.json").write_bytes(raw)
    r = gikplint("--baseline", tmp_path / "base.json", GOOD)
    assert r.code == 2 and "base.json" in r.err and words in r.err, r.err
    assert "Traceback" not in r.err


# --- the child process native readers run in (read/isolated.py) ----------------------

def _no_child_left():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_reader_past_its_time_is_killed_and_said_so(monkeypatch):
    """PDFium does not hear the time budget's signal: the child it runs in is
    killed when the time is up (here a reader that sleeps 60 s, given 0.5 s)."""
    from gikplint.read import ReadError, isolated

    monkeypatch.setattr(isolated, "DEFAULT_SECONDS", 0.5)
    with pytest.raises(ReadError, match="处理超时"):
        isolated.run(time.sleep, 60, what="PDF ")
    _no_child_left()


def test_a_reader_past_its_memory_ceiling_is_said_so():
    from gikplint.read import ReadError, isolated

    with pytest.raises(ReadError, match="内存超限"):
        isolated.run(bytearray, isolated.HEADROOM * 2, what="PDF ")
    _no_child_left()


def test_a_reader_that_dies_is_said_so():
    from gikplint.read import ReadError, isolated

    def die():
        os.kill(os.getpid(), signal.SIGKILL)  # run in the child: os.getpid() is the child's

    with pytest.raises(ReadError, match="内容异常"):
        isolated.run(die, what="PDF ")
    _no_child_left()


def test_a_reader_error_and_a_result_come_back_as_they_are():
    from gikplint.read import ReadError, isolated

    def refuse():
        raise ReadError("PDF 已加密")

    with pytest.raises(ReadError, match="^PDF 已加密$"):
        isolated.run(refuse, what="PDF ")
    assert isolated.run(sorted, [3, 1, 2], what="PDF ") == [1, 2, 3]


def test_a_reader_child_prints_nothing_to_the_terminal(capfd):
    """A native library that writes to stdout or stderr (or aborts loudly)
    in the reader's child reaches neither: the result comes through the pipe."""
    from gikplint.read import isolated

    def noisy():
        os.write(1, b"CHILD STDOUT\n")
        os.write(2, b"CHILD STDERR\n")
        return 7

    assert isolated.run(noisy, what="PDF ") == 7
    out, err = capfd.readouterr()
    assert "CHILD" not in out + err
