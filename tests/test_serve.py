"""gikplint serve: the API in-process (Starlette's TestClient), limits,
cleanup, a stalled check that does not stall the others; the page in a real
headless browser (Playwright driving Debian's chromium)."""
import asyncio
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zipfile

import docx
import pytest

from conftest import FIXTURES, SEEDS

starlette = pytest.importorskip("starlette", reason="gikplint[serve] is in the test extra")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from gikplint.serve.app import Settings, create_app, safe_name  # noqa: E402

SEED = SEEDS / "001_d99c8dcb44f53e53.docx"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """The service's temporary folders go here, to be counted."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def client(**settings):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return TestClient(create_app(Settings(**{"jobs": 2, **settings})))


def _files(*paths, name=None):
    return [("files", (name or p.name, p.read_bytes(), "application/octet-stream")) for p in paths]


def test_healthz_and_rules():
    c = client(rules=[{"code": "GK101"}])
    assert c.get("/healthz").json() == {"status": "ok", "version": __import__("gikplint").__version__}
    assert c.get("/api/rules").json() == {"rules": [{"code": "GK101"}]}


def test_api_lint_is_the_json_contract_of_the_command_line(gikplint, workdir):
    r = client().post("/api/lint", files=_files(SEED, SEEDS / "004_dda405f3101c73c3.txt"))
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == 1 and body["summary"]["files"] == 2
    cli = gikplint("--format", "json", SEED).json
    assert [d["code"] for d in body["files"][0]["diagnostics"]] == [d["code"] for d in cli["files"][0]["diagnostics"]]
    assert [d["location"] for d in body["files"][0]["diagnostics"]] == [d["location"] for d in cli["files"][0]["diagnostics"]]
    assert body["files"][0]["path"] == SEED.name  # the upload's own name, not the temporary folder
    assert list(workdir.iterdir()) == []  # nothing uploaded is kept


def test_api_lint_takes_the_publication_date_and_last_years_report(workdir):
    late = client().post("/api/lint", files=_files(SEED), data={"published": "2021-03-01"}).json()
    assert "GK703" in [d["code"] for d in late["files"][0]["diagnostics"]]
    with_previous = client().post("/api/lint", files=_files(SEED) + [
        ("previous", ("2019.docx", (SEEDS / "004_dda405f3101c73c3.docx").read_bytes(), "application/octet-stream"))])
    assert with_previous.status_code == 200
    bad = client().post("/api/lint", files=_files(SEED), data={"published": "明天"})
    assert bad.status_code == 400 and "2025-01-20" in bad.json()["error"]


def test_api_annotate_returns_the_copy_with_comments(workdir):
    r = client().post("/api/annotate", files=_files(SEED, name="樟树 报告.docx"))
    assert r.status_code == 200
    assert r.headers["content-disposition"] == "attachment; filename*=UTF-8''%E6%A8%9F%E6%A0%91%20%E6%8A%A5%E5%91%8A.gikplint.docx"
    comments = list(docx.Document(io.BytesIO(r.content)).comments)
    assert len(comments) == int(r.headers["x-gikplint-diagnostics"]) == 7
    assert list(workdir.iterdir()) == []


def test_api_fix_returns_the_corrected_copy_or_says_there_is_nothing(workdir, gikplint, tmp_path):
    r = client().post("/api/fix", files=_files(SEED))
    assert r.status_code == 200
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(r.content)
    assert "GK131" not in gikplint("--format", "json", fixed).codes()
    clean = client().post("/api/fix", files=_files(SEEDS / "000_c0585c8bd0bdfd5d.docx"))
    assert clean.status_code == 200 and clean.json()["changed"] == 0
    pdf = client().post("/api/annotate", files=_files(FIXTURES / "real" / "huaian-gov-2024.pdf"))
    assert pdf.status_code == 415 and "只能处理" in pdf.json()["error"]


def test_uploads_over_the_limits_are_413_in_chinese(workdir):
    c = client(max_upload_mb=0.05, max_files=2)
    big = [("files", ("big.txt", b"x" * 80_000, "text/plain"))]
    r = c.post("/api/lint", files=big)
    assert r.status_code == 413 and "每次最多 0.05 MB" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"--b\r\n" + b"x" * 10_000

    r = c.post("/api/lint", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413
    many = _files(SEEDS / "000_c0585c8bd0bdfd5d.txt") * 3
    r = c.post("/api/lint", files=many)
    assert r.status_code == 413 and "最多上传 2 个文件" in r.json()["error"]
    page = c.post("/lint", files=big)
    assert page.status_code == 413 and "文件太大" in page.text and page.headers["content-type"].startswith("text/html")
    assert list(workdir.iterdir()) == []


def test_a_request_without_files_or_with_a_broken_form_says_what_to_do(workdir):
    c = client()
    r = c.post("/api/lint", data={"published": "2021-01-01"}, files=[("other", ("a.txt", b"x", "text/plain"))])
    assert r.status_code == 400 and "没有收到文件" in r.json()["error"]
    r = c.post("/api/lint", content=b"not a form", headers={"content-type": "text/plain"})
    assert r.status_code == 415 and "multipart/form-data" in r.json()["error"]
    r = c.post("/api/lint", content=b"--b\r\nbroken", headers={"content-type": "multipart/form-data; boundary=b"})
    assert r.status_code == 400 and "error" in r.json()


def test_hostile_and_broken_uploads_are_findings_not_failures(workdir):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" * (30 * 1024 * 1024))
    r = client().post("/api/lint", files=[("files", ("bomb.docx", bomb.getvalue(), "x")),
                                          ("files", ("../../../etc/passwd", b"root:x:0:0", "x")),
                                          ("files", ("r.docx", SEED.read_bytes(), "x"))])
    assert r.status_code == 200
    files = {f["path"]: f for f in r.json()["files"]}
    assert [d["code"] for d in files["bomb.docx"]["diagnostics"]] == ["GK901"]
    assert "passwd" in files and all(os.sep not in p for p in files)
    assert files["r.docx"]["diagnostics"]
    assert list(workdir.iterdir()) == []


def test_a_check_past_its_budget_is_killed(workdir):
    """The child's budget is the files' time budget and a grace: past it, it is killed (504)."""
    r = client(timeout=0.01, grace=0).post("/api/lint", files=_files(SEED))
    assert r.status_code == 504 and "超时" in r.json()["error"]
    assert list(workdir.iterdir()) == []


def test_a_long_check_does_not_stall_the_service(workdir):
    """Checks run in child processes the event loop only waits for: the service answers meanwhile."""
    import httpx

    app = create_app(Settings(jobs=1))

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as c:
            started = time.monotonic()
            slow = asyncio.create_task(c.post("/api/lint", files=_files(SEED) * 12))
            await asyncio.sleep(0.05)
            health = await c.get("/healthz")
            answered = time.monotonic() - started
            result = await slow
            return result, health, answered, time.monotonic() - started

    slow, health, answered, total = asyncio.run(scenario())
    assert health.status_code == 200 and slow.status_code == 200
    assert answered < total  # answered before the check finished
    assert slow.json()["summary"]["files"] == 12


def test_the_memory_limit_applies_to_the_check(workdir):
    """Under 16 MB of address space the check cannot even start: an error, and the service goes on."""
    c = client(memory_mb=16)
    r = c.post("/api/lint", files=_files(SEED))
    assert r.status_code == 500 and "没有得到结果" in r.json()["error"]
    assert c.get("/healthz").status_code == 200
    assert list(workdir.iterdir()) == []


def test_safe_name_keeps_the_name_and_drops_what_is_not_a_name():
    assert safe_name("C:\\报告\\2024年 报告.DOCX") == "2024年 报告.docx"
    assert safe_name("../../x\x1b[2J.txt") == "x\\x1b[2J.txt"
    assert safe_name("..docx") == "docx"
    assert safe_name("") == "报告"


def test_the_page_is_chinese_and_fetches_nothing():
    r = client().get("/")
    assert r.status_code == 200 and "政府信息公开工作年度报告检查" in r.text
    assert 'name="files"' in r.text and 'enctype="multipart/form-data"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "http://" not in r.text and "https://" not in r.text


def test_the_result_page_has_the_report_and_the_downloads(workdir):
    r = client().post("/lint", files=_files(SEED))
    assert r.status_code == 200
    assert "GK304" in r.text and 'class="bad' in r.text  # the table drawn, its failing cell marked
    assert r.text.count('class="dl"') == 3  # the JSON, the annotated copy, the corrected copy
    assert 'download="001_d99c8dcb44f53e53.gikplint.docx"' in r.text
    assert list(workdir.iterdir()) == []


# ------------------------------------------------------------ a real server, a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def server(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "gikplint", "serve", "--port", str(port), "--plugins", ""],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(100):
        try:
            if httpx.get(url + "/healthz").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail(proc.stderr.read().decode())
    yield url
    proc.terminate()
    proc.wait(10)


def test_serve_listens_on_the_loopback_only_by_default(server):
    import httpx

    assert httpx.get(server + "/healthz").json()["status"] == "ok"


@pytest.mark.skipif(not CHROMIUM, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_page_in_a_browser_upload_see_download(server, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(accept_downloads=True)
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(r.url))
            page.goto(server + "/")
            assert page.locator("h1").inner_text() == "政府信息公开工作年度报告检查"
            page.set_input_files("#files", str(SEED))
            assert "001_d99c8dcb44f53e53.docx" in page.locator("#chosen").inner_text()
            page.click("button[type=submit]")
            page.wait_for_selector("#downloads")
            text = page.inner_text("body")
            assert "GK304" in text and "第二部分表格 第18行 第3列" in text
            marked = page.locator("td.bad")
            assert marked.count() >= 1
            colour = marked.first.evaluate("e => getComputedStyle(e).outlineColor")
            assert colour == "rgb(204, 0, 0)"
            with page.expect_download() as got:
                page.click("a[download$='.gikplint.docx']")
            saved = tmp_path / "annotated.docx"
            got.value.save_as(saved)
            assert len(list(docx.Document(str(saved)).comments)) == 7
            page.screenshot(path=str(tmp_path / "result.png"), full_page=False)
            assert errors == []
        finally:
            browser.close()
