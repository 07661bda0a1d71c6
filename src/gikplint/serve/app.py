"""The web service: a Starlette application. Each request's uploads go into
a temporary folder of the service's own, one child process
(gikplint.serve.job) checks them, and the folder is removed before the
response is sent — or as soon as the client goes away, the child with it.
The event loop only waits: files, results and pages are handled in threads."""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from urllib.parse import quote

from gikplint import __version__
from gikplint.serve import page

SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".xhtml", ".shtml", ".txt", ".md", ".markdown")
MEDIA = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".txt": "text/plain; charset=utf-8", ".md": "text/markdown; charset=utf-8",
         ".markdown": "text/markdown; charset=utf-8"}
_PREFIX = "gikplint-serve-"


@dataclass
class Settings:
    """What `gikplint serve` was started with."""

    config: str | None = None  # the configuration every check uses (else: none)
    plugins: str | None = None
    max_upload_mb: float = 20.0  # one request, all its files together
    max_files: int = 20
    jobs: int = 2  # checks at once
    queue: int = 32  # requests waiting for a check beyond that; more are told to come back (503)
    timeout: float | None = None  # per file, as the command line's --timeout (None: the configuration's, or 30)
    request_timeout: float = 300.0  # a whole request's check, whatever its files
    memory_mb: int = 2048  # the address space of one check
    grace: float = 30.0  # a check is killed after timeout × files × passes + this, or request_timeout
    rules: list = field(default_factory=list)  # GET /api/rules, computed once
    job: list[str] | None = None  # the child's command line before SPEC (tests may wrap it)


class Refused(Exception):
    """A request the service will not process: (HTTP status, Chinese message)."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class _TooLarge(Exception):
    pass


class _Gone(Exception):
    """The client went away: nothing to answer."""


def create_app(settings: Settings):
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    gate = asyncio.Semaphore(max(1, settings.jobs))
    waiting = [0]
    limit = int(settings.max_upload_mb * 1024 * 1024)
    too_large = (f"上传的文件太大：每次最多 {settings.max_upload_mb:g} MB（所有文件合计）。"
                 "请分几次上传，或请管理员用 gikplint serve --max-upload-mb 放宽。")
    home = _home()

    async def form(request):
        """The request's multipart form, refused past the size or count limits (413)."""
        if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
            raise Refused(415, "上传应为表单（multipart/form-data）：请用页面上的表单上传，或用 curl -F files=@报告.docx 发送。")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise Refused(413, too_large)
        received = 0
        receive = request._receive

        async def counted():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge
            return message

        request._receive = counted
        try:
            return await request.form(max_files=settings.max_files + 1, max_fields=20, max_part_size=64 * 1024)
        except _TooLarge:
            raise Refused(413, too_large) from None
        except Exception as e:  # noqa: BLE001 - starlette says what was wrong with the form, in English
            said = str(e).lower()
            if "many files" in said:
                raise Refused(413, f"一次最多上传 {settings.max_files} 个文件。") from None
            if "many fields" in said or "part exceeded" in said:
                raise Refused(413, "表单的字段太多或太长：只需上传文件（files、previous）和发布日期（published）。") from None
            raise Refused(400, "上传的内容不是有效的表单（multipart/form-data）：请用页面上的表单上传，"
                               "或用 curl -F files=@报告.docx 发送。") from None

    async def check(request, copies: list[str], html: bool, one: bool = False):
        """Save the uploads, run the job, and return (JSON, HTML or None, the copies, what the copies said)."""
        fields = await form(request)
        work = None
        try:
            uploads = [f for f in fields.getlist("files") if hasattr(f, "filename")]
            if not uploads:
                raise Refused(400, "没有收到文件：请在表单字段 files 中上传一份或多份报告。")
            if len(uploads) > settings.max_files:
                raise Refused(413, f"一次最多上传 {settings.max_files} 个文件。")
            if one and len(uploads) != 1:
                raise Refused(400, "这个接口一次处理一份报告：请在表单字段 files 中上传一个文件。")
            names = []
            for upload in uploads:
                name = _unique(safe_name(upload.filename), names)
                if os.path.splitext(name)[1] not in (tuple(MEDIA) if one else SUFFIXES):
                    kinds = ".docx、.txt 和 .md" if one else ".docx、.pdf、.html、.txt 和 .md"
                    raise Refused(415, f"“{name}”不是可以检查的报告：只能上传 {kinds} 文件。")
                names.append(name)
            published = fields.get("published")
            if published is not None and not isinstance(published, str):
                raise Refused(400, "发布日期（published）应为文字，形如 2025-01-20。")
            published = (published or "").strip()
            if published and not _is_date(published):
                raise Refused(400, f"发布日期应形如 2025-01-20，而不是“{published[:20]}”。")
            previous = fields.get("previous")
            previous = previous if hasattr(previous, "filename") and previous.filename else None
            if previous is not None and os.path.splitext(safe_name(previous.filename))[1] not in SUFFIXES:
                raise Refused(415, "上一年度的报告只能是 .docx、.pdf、.html、.txt 或 .md 文件。")
            work = await asyncio.to_thread(tempfile.mkdtemp, dir=home)
            spec = await asyncio.to_thread(_save_all, work, uploads, names, previous, published, settings, copies, html)
        except BaseException:
            await fields.close()
            if work is not None:
                await asyncio.to_thread(shutil.rmtree, work, True)
            raise
        await fields.close()  # the uploads are on disk: nothing of them is held while waiting
        try:
            if waiting[0] >= settings.queue:
                raise Refused(503, "服务正忙，请稍后再试。", {"Retry-After": "30"})
            code, err = await _until_gone(request, queued(work, len(names) * (1 + len(copies))))
            return await asyncio.to_thread(_collect, work, code, err, names, copies, html)
        finally:
            await asyncio.to_thread(shutil.rmtree, work, True)

    async def queued(work: str, passes: int):
        """The job, once one of the `jobs` places is free (counted while it waits)."""
        waiting[0] += 1
        counted = True
        try:
            async with gate:
                waiting[0] -= 1
                counted = False
                return await _run_job(work, settings, passes)
        finally:
            if counted:
                waiting[0] -= 1

    def refused(e: Refused, as_html: bool):
        if as_html:
            return HTMLResponse(page.error(e.message), status_code=e.status, headers={**page.headers(), **e.headers})
        return JSONResponse({"error": e.message}, status_code=e.status, headers=e.headers)

    def guarded(endpoint, as_html: bool):
        """A request that fails is answered in Chinese; nothing of it (a file name, a path) is logged."""
        async def run(request):
            try:
                return await endpoint(request)
            except Refused as e:
                return refused(e, as_html)
            except _Gone:
                return Response(status_code=499)
            except Exception as e:  # noqa: BLE001
                sys.stderr.write(f"gikplint serve: {request.url.path}: {type(e).__name__}\n")
                return refused(Refused(500, "处理时出现意外错误，没有得到结果：请稍后再试；如果反复出现，请告诉管理员。"), as_html)
        return run

    async def index(request):
        return HTMLResponse(page.upload(settings), headers=page.headers(page.UPLOAD_SCRIPT))

    async def lint_page(request):
        result, report, made, _ = await check(request, ["annotate", "fix"], html=True)
        body = await asyncio.to_thread(page.result, report, result, made)
        return HTMLResponse(body, headers=page.headers(page.REPORT_SCRIPT))

    async def api_lint(request):
        result, _, _, _ = await check(request, [], html=False)
        return JSONResponse(result, headers={"X-Gikplint-Exit-Code": str(result["summary"]["exit_code"])})

    def copy_endpoint(command: str, tag: str):
        async def endpoint(request):
            result, _, made, said = await check(request, [command], html=False, one=True)
            data = next(iter(made.values()), None)
            told = next(iter(said.values()), {})
            if data is None:
                if command == "fix" and told.get("code") == 0:  # nothing certain to correct: said, not an error
                    return JSONResponse({"changed": 0, "message": "没有可以自动改正的问题。", "result": result})
                message = told.get("said", "").removeprefix("gikplint：") or "报告无法读取。"
                return JSONResponse({"error": f"未能写出副本：{message}", "result": result}, status_code=422)
            stem, ext = os.path.splitext(result["files"][0]["path"])
            return Response(data, media_type=MEDIA[ext.lower()], headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(f'{stem}.{tag}{ext}')}",
                "X-Gikplint-Diagnostics": str(result["summary"]["diagnostics"])})
        return endpoint

    async def rules(request):
        return JSONResponse({"rules": settings.rules})

    async def healthz(request):
        return JSONResponse({"status": "ok", "version": __version__})

    import contextlib

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:  # the service stops: its folder goes with it
            shutil.rmtree(home, ignore_errors=True)

    return Starlette(lifespan=lifespan, routes=[
        Route("/", index),
        Route("/lint", guarded(lint_page, True), methods=["POST"]),
        Route("/api/lint", guarded(api_lint, False), methods=["POST"]),
        Route("/api/annotate", guarded(copy_endpoint("annotate", "gikplint"), False), methods=["POST"]),
        Route("/api/fix", guarded(copy_endpoint("fix", "fixed"), False), methods=["POST"]),
        Route("/api/rules", rules),
        Route("/healthz", healthz),
    ])


def _is_date(text: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _home() -> str:
    """The service's own folder for requests, under the system's temporary
    folder; folders a service that died left behind are removed first."""
    base = tempfile.gettempdir()
    for name in os.listdir(base):
        if name.startswith(_PREFIX):
            path = os.path.join(base, name)
            try:
                with open(os.path.join(path, "pid"), encoding="ascii") as fh:
                    pid = int(fh.read().strip())
                os.kill(pid, 0)
            except (OSError, ValueError):  # no pid file, or its service is gone
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
    home = tempfile.mkdtemp(prefix=_PREFIX)
    with open(os.path.join(home, "pid"), "w", encoding="ascii") as fh:
        fh.write(str(os.getpid()))
    return home


def safe_name(filename: str | None) -> str:
    """An uploaded file's name as it may be stored and shown: its last path
    part, without control characters or separators, its suffix kept, at
    most 150 bytes."""
    from gikplint.textsafe import clean

    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in clean(name) if ch.isprintable() and ch not in '<>:"|?*').strip().lstrip(".")
    stem, ext = os.path.splitext(name)
    ext = ext[:12].lower()
    stem = stem.encode("utf-8")[:150].decode("utf-8", "ignore").strip() or "报告"
    return stem + ext


def _unique(name: str, taken: list[str]) -> str:
    stem, ext = os.path.splitext(name)
    n, out = 1, name
    while out in taken:
        n += 1
        out = f"{stem}({n}){ext}"
    return out


def _save_all(work, uploads, names, previous, published, settings: Settings, copies, html) -> dict:
    """The uploads on disk and the job's SPEC (in a thread: the event loop does not write files)."""
    inbox, out = os.path.join(work, "in"), os.path.join(work, "out")
    os.mkdir(inbox)
    os.mkdir(out)
    try:
        for upload, name in zip(uploads, names):
            upload.file.seek(0)
            with open(os.path.join(inbox, name), "wb") as fh:
                shutil.copyfileobj(upload.file, fh, 1 << 20)
        previous_path = None
        if previous is not None:  # shown to the reader as 上一年度/name, never as the service's folder
            os.mkdir(os.path.join(inbox, "上一年度"))
            previous_path = os.path.join("上一年度", safe_name(previous.filename))
            previous.file.seek(0)
            with open(os.path.join(inbox, previous_path), "wb") as fh:
                shutil.copyfileobj(previous.file, fh, 1 << 20)
        config = settings.config
        if config is None:  # no configuration: none found beside the temporary folder either
            config = os.path.join(work, "gikplint.toml")
            open(config, "w", encoding="utf-8").close()
    except OSError as e:
        from gikplint.textsafe import os_reason

        raise Refused(500, f"无法保存上传的文件（{os_reason(e)}）：请稍后再试。") from None
    spec = {"files": names, "config": config, "plugins": settings.plugins, "timeout": settings.timeout,
            "published": published or None, "previous": previous_path, "out": out, "html": html,
            "copies": copies, "memory_mb": settings.memory_mb}
    with open(os.path.join(work, "spec.json"), "w", encoding="utf-8") as fh:
        json.dump(spec, fh, ensure_ascii=False)
    return spec


def _collect(work, code, err, names, copies, html):
    """What the job wrote: the JSON, the HTML report, the copies and what making them said."""
    out = os.path.join(work, "out")
    result_path = os.path.join(out, "result.json")
    if code != 0 or not os.path.exists(result_path):
        raise Refused(504 if code == -1 else 400 if code == 2 else 500, _job_error(code, err))
    with open(result_path, encoding="utf-8") as fh:
        result = json.load(fh)
    report = None
    if html:
        with open(os.path.join(out, "report.html"), encoding="utf-8") as fh:
            report = fh.read()
    said = {}
    if os.path.exists(os.path.join(out, "copies.json")):
        with open(os.path.join(out, "copies.json"), encoding="utf-8") as fh:
            said = json.load(fh)
    made = {}
    for command in copies:
        for i, name in enumerate(names):
            path = os.path.join(out, f"{command}-{i}{os.path.splitext(name)[1].lower()}")
            if os.path.exists(path):
                with open(path, "rb") as fh:
                    made[(command, name)] = fh.read()
    return result, report, made, said


async def _until_gone(request, work):
    """Run `work` (a coroutine) unless the client goes away first: then it is cancelled (its child killed)."""
    task = asyncio.ensure_future(work)

    async def gone():
        while True:
            message = await request._receive()
            if message.get("type") == "http.disconnect":
                return

    watch = asyncio.ensure_future(gone())
    try:
        done, _ = await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    except BaseException:
        task.cancel()
        watch.cancel()
        raise
    if task in done:
        watch.cancel()
        return task.result()
    task.cancel()
    try:
        await task
    except BaseException:  # noqa: BLE001 - cancelled, the child killed
        pass
    raise _Gone


def job_command(settings: Settings, spec: str) -> list[str]:
    from gikplint.serve.job import STUB

    return [*(settings.job or [sys.executable, "-c", STUB]), spec]


async def _run_job(work: str, settings: Settings, passes: int) -> tuple[int, str]:
    """Run the job in a child process of its own session; killed past its time or when cancelled."""
    budget = min((settings.timeout or 30.0) * max(1, passes) + settings.grace, settings.request_timeout)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if settings.plugins is not None:
        env["GIKPLINT_PLUGINS"] = settings.plugins
    proc = await asyncio.create_subprocess_exec(
        *job_command(settings, os.path.join(work, "spec.json")),
        cwd=os.path.join(work, "in"), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE, env=env, start_new_session=True)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), budget)
    except asyncio.TimeoutError:
        _kill(proc)
        await proc.wait()
        return -1, "超时"
    except BaseException:  # cancelled: the client went away, or the service stops
        _kill(proc)
        raise
    return proc.returncode or 0, err.decode("utf-8", "replace")


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def _job_error(code: int, err: str) -> str:
    if code == -1:
        return "检查超时，已停止：文件可能异常庞大或是特制的。请确认文件无误后再试。"
    said = [line[len("gikplint："):] for line in err.splitlines() if line.startswith("gikplint：")]
    if code == 2 and said:
        return said[-1]
    return "检查时出现意外错误，没有得到结果：请稍后再试；如果反复出现，请把文件交给管理员。"
