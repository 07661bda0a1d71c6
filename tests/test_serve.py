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


def leftovers(folder):
    """What the service left in the temporary folder besides its own (empty) folder and pid file."""
    out = []
    for home in folder.iterdir():
        out += [p.name for p in home.iterdir() if p.name != "pid"] if home.name.startswith("gikplint-serve-") else [home.name]
    return out


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
    assert body["summary"]["exit_code"] == cli["summary"]["exit_code"] == 1 and r.headers["x-gikplint-exit-code"] == "1"
    assert leftovers(workdir) == []  # nothing uploaded is kept


def test_api_lint_takes_the_publication_date_and_last_years_report(workdir):
    late = client().post("/api/lint", files=_files(SEED), data={"published": "2021-03-01"}).json()
    assert "GK703" in [d["code"] for d in late["files"][0]["diagnostics"]]
    with_previous = client().post("/api/lint", files=_files(SEED) + [
        ("previous", ("2019.docx", (SEEDS / "004_dda405f3101c73c3.docx").read_bytes(), "application/octet-stream"))])
    assert with_previous.status_code == 200
    notes = with_previous.json()["files"][0]["notes"]  # last year's report was read: it is of the same year
    assert any("--previous 给出的是 2020 年度的报告" in n for n in notes), notes
    assert "gikplint-serve-" not in json.dumps(with_previous.json(), ensure_ascii=False)
    bad = client().post("/api/lint", files=_files(SEED), data={"published": "<b>明天"})
    assert bad.status_code == 400 and "2025-01-20" in bad.json()["error"] and "“<b>明天”" in bad.json()["error"]
    as_file = client().post("/api/lint", files=_files(SEED) + [("published", ("d.txt", b"2021-01-01", "text/plain"))])
    assert as_file.status_code == 400 and "published" in as_file.json()["error"]


def test_api_annotate_returns_the_copy_with_comments(workdir):
    r = client().post("/api/annotate", files=_files(SEED, name="樟树 报告.docx"))
    assert r.status_code == 200
    assert r.headers["content-disposition"] == "attachment; filename*=UTF-8''%E6%A8%9F%E6%A0%91%20%E6%8A%A5%E5%91%8A.gikplint.docx"
    comments = list(docx.Document(io.BytesIO(r.content)).comments)
    assert len(comments) == int(r.headers["x-gikplint-diagnostics"]) == 7
    assert leftovers(workdir) == []


def test_api_fix_returns_the_corrected_copy_or_says_there_is_nothing(workdir, gikplint, tmp_path):
    r = client().post("/api/fix", files=_files(SEED))
    assert r.status_code == 200
    fixed = tmp_path / "fixed.docx"
    fixed.write_bytes(r.content)
    assert "GK131" not in gikplint("--format", "json", fixed).codes()
    clean = client().post("/api/fix", files=_files(SEEDS / "000_c0585c8bd0bdfd5d.docx"))
    assert clean.status_code == 200 and clean.json()["changed"] == 0
    pdf = client().post("/api/annotate", files=_files(FIXTURES / "real" / "huaian-gov-2024.pdf"))
    assert pdf.status_code == 415 and "不是可以检查的报告" in pdf.json()["error"]
    broken = client().post("/api/fix", files=[("files", ("broken.docx", b"PK\x03\x04 not a docx", "x"))])
    assert broken.status_code == 422 and "损坏" in broken.json()["error"]


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
    fields = client().post("/api/lint", files=_files(SEED), data={f"f{i}": "x" for i in range(30)})
    assert fields.status_code == 413 and "字段太多" in fields.json()["error"]
    assert leftovers(workdir) == []


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
                                          ("files", ("../../../etc/passwd.txt", b"root:x:0:0", "x")),
                                          ("files", ("\U0001F600" * 70 + ".txt", b"x", "x")),
                                          ("files", ("r.docx", SEED.read_bytes(), "x"))])
    assert r.status_code == 200
    files = {f["path"]: f for f in r.json()["files"]}
    assert [d["code"] for d in files["bomb.docx"]["diagnostics"]] == ["GK901"]
    assert "passwd.txt" in files and all(os.sep not in p for p in files)
    assert any(len(p.encode()) <= 160 and p.startswith("\U0001F600") for p in files)  # a long name shortened
    assert files["r.docx"]["diagnostics"]
    assert leftovers(workdir) == []


def test_a_check_past_its_budget_is_killed(workdir):
    """The child's budget is the files' time budget and a grace: past it, it is killed (504)."""
    r = client(timeout=0.01, grace=0).post("/api/lint", files=_files(SEED))
    assert r.status_code == 504 and "超时" in r.json()["error"]
    assert leftovers(workdir) == []


SLOW = [sys.executable, "-c", "import time; time.sleep(2.5); " + __import__("gikplint.serve.job").serve.job.STUB]


def test_a_long_check_does_not_stall_the_service(workdir):
    """Checks run in child processes the event loop only waits for: the service answers meanwhile, at once."""
    import httpx

    app = create_app(Settings(jobs=1, job=SLOW))

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as c:
            started = time.monotonic()
            slow = asyncio.create_task(c.post("/api/lint", files=_files(SEED)))
            await asyncio.sleep(0.5)
            asked = time.monotonic()
            health = await c.get("/healthz")
            answered = time.monotonic() - asked
            result = await slow
            return result, health, answered, time.monotonic() - started

    slow, health, answered, total = asyncio.run(scenario())
    assert health.status_code == 200 and slow.status_code == 200
    assert total >= 2.5 and answered < 0.5


def test_the_queue_is_bounded(workdir):
    """One check at a time, one request waiting: a third is told to come back (503), in Chinese."""
    import httpx

    app = create_app(Settings(jobs=1, queue=1, job=SLOW))

    async def scenario():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as c:
            first = asyncio.create_task(c.post("/api/lint", files=_files(SEED)))
            await asyncio.sleep(0.3)
            second = asyncio.create_task(c.post("/api/lint", files=_files(SEED)))
            await asyncio.sleep(0.3)
            third = await c.post("/api/lint", files=_files(SEED))
            return await first, await second, third

    first, second, third = asyncio.run(scenario())
    assert first.status_code == 200 and second.status_code == 200
    assert third.status_code == 503 and "服务正忙" in third.json()["error"] and third.headers["retry-after"] == "30"
    assert leftovers(workdir) == []


def test_an_upload_named_as_python_code_is_refused_and_never_imported(workdir, tmp_path):
    """A file json.py beside the uploads would shadow the standard library: it is refused, and the
    child starts without its working folder on sys.path."""
    r = client().post("/api/lint", files=_files(SEED) + [("files", ("json.py", b"import os", "text/x-python"))])
    assert r.status_code == 415 and "json.py" in r.json()["error"]
    from gikplint.serve.app import job_command

    folder = tmp_path / "in"
    folder.mkdir()
    marker = tmp_path / "imported"
    for module in ("json", "lark", "gikplint"):
        (folder / f"{module}.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    shutil.copy(SEED, folder / "r.docx")
    out = tmp_path / "out"
    out.mkdir()
    config = tmp_path / "gikplint.toml"
    config.write_text("", encoding="utf-8")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"files": ["r.docx"], "config": str(config), "plugins": "", "out": str(out)}),
                    encoding="utf-8")
    done = subprocess.run(job_command(Settings(), str(spec)), cwd=folder, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not marker.exists() and (out / "result.json").exists()


def test_the_memory_limit_applies_to_the_check(workdir):
    """Under 16 MB of address space the check cannot even start: an error, and the service goes on."""
    c = client(memory_mb=16)
    r = c.post("/api/lint", files=_files(SEED))
    assert r.status_code == 500 and "没有得到结果" in r.json()["error"]
    assert c.get("/healthz").status_code == 200
    assert leftovers(workdir) == []


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
    import base64
    import hashlib
    import re

    scripts = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(scripts) == 1  # the report's sorting; its hash is the only script the page may run
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in r.headers["content-security-policy"]
    assert leftovers(workdir) == []


# ------------------------------------------------------------ a real server, a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """`gikplint serve` as a newcomer starts it, with an explicit (empty) configuration."""
    port = _free_port()
    (tmp_path / "gikplint.toml").write_text("", encoding="utf-8")
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "gikplint", "serve", "--port", str(port), "--plugins", "",
                             "--config", str(tmp_path / "gikplint.toml")], cwd=tmp_path, stdout=log, stderr=log)
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
        pytest.fail((tmp_path / "server.log").read_text(errors="replace"))
    yield url
    proc.terminate()
    proc.wait(10)
    log.close()


def _outward_address():
    """An address of this machine other than the loopback, if it has one."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: the kernel picks the outward interface
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_serve_listens_on_the_loopback_only_by_default(server):
    import httpx

    from gikplint.cli import parser

    assert parser().parse_args(["serve"]).host == "127.0.0.1"
    assert httpx.get(server + "/healthz").json()["status"] == "ok"
    outward = _outward_address()
    if outward is not None:  # the same port on the machine's other address: nobody listens there
        with pytest.raises(httpx.ConnectError):
            httpx.get(server.replace("127.0.0.1", outward) + "/healthz", timeout=3)


def test_a_client_that_goes_away_takes_its_check_with_it(workdir):
    """The check of a request whose client left is killed and its folder removed at once."""
    import threading

    import httpx
    import uvicorn

    port = _free_port()
    slow = [sys.executable, "-c", "import time; time.sleep(30); " + __import__("gikplint.serve.job").serve.job.STUB]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(jobs=1, job=slow)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz")
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        with pytest.raises(httpx.ReadTimeout):
            httpx.post(f"http://127.0.0.1:{port}/api/lint", files=_files(SEED), timeout=1.0)
        for _ in range(100):  # well before the child's 30 s are up
            if leftovers(workdir) == []:
                break
            time.sleep(0.1)
        assert leftovers(workdir) == []
        children = subprocess.run(["pgrep", "-f", "time.sleep\\(30\\)"], capture_output=True, text=True).stdout.split()
        assert children == []
    finally:
        server.should_exit = True
        thread.join(10)


def test_folders_a_dead_service_left_are_removed_at_start(workdir):
    stale = workdir / "gikplint-serve-stale"
    (stale / "1" / "in").mkdir(parents=True)
    (stale / "1" / "in" / "报告.docx").write_bytes(b"secret")
    (stale / "pid").write_text("999999999", encoding="ascii")  # no such process
    alive = workdir / "gikplint-serve-alive"
    alive.mkdir()
    (alive / "pid").write_text(str(os.getpid()), encoding="ascii")
    create_app(Settings())
    assert not stale.exists() and alive.exists()


def test_pages_run_only_their_own_script():
    import base64
    import hashlib
    import re

    from gikplint.serve import page

    for path, script in (("/", page.UPLOAD_SCRIPT),):
        r = client().get(path)
        csp = r.headers["content-security-policy"]
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert re.findall(r"<script>(.*?)</script>", r.text, re.S) == [script]


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
