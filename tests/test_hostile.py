"""Hostile and broken input: a GK901 with a Chinese message saying what is
wrong and what to do, never a traceback, bounded time and memory, and the
other files of the run still linted; nothing is ever written to an input."""
import hashlib
import io
import os
import resource
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


@pytest.mark.parametrize("name,data,words", [
    ("truncated.docx", (SEEDS / "000_c0585c8bd0bdfd5d.docx").read_bytes()[:5000], "损坏"),
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
