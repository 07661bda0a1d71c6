"""The web service: a Starlette application. Each request's uploads go into
a temporary folder, one child process (gikplint.serve.job) checks them, and
the folder is removed before the response is sent."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
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


@dataclass
class Settings:
    """What `gikplint serve` was started with."""

    config: str | None = None  # the configuration every check uses (else: none)
    plugins: str | None = None
    max_upload_mb: float = 20.0  # one request, all its files together
    max_files: int = 20
    jobs: int = 2  # checks at once; more requests wait their turn
    timeout: float = 30.0  # per file, as the command line's --timeout
    memory_mb: int = 2048  # the address space of one check
    grace: float = 30.0  # a check is killed after timeout × files × passes + this many seconds
    rules: list = field(default_factory=list)  # GET /api/rules, computed once


class TooLarge(Exception):
    pass


class Refused(Exception):
    """A request the service will not process: (HTTP status, Chinese message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def create_app(settings: Settings):
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    gate = asyncio.Semaphore(max(1, settings.jobs))
    limit = int(settings.max_upload_mb * 1024 * 1024)
    too_large = (f"上传的文件太大：每次最多 {settings.max_upload_mb:g} MB（所有文件合计）。"
                 "请分几次上传，或请管理员用 gikplint serve --max-upload-mb 放宽。")

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
                raise TooLarge
            return message

        request._receive = counted
        try:
            return await request.form(max_files=settings.max_files + 1, max_fields=20,
                                      max_part_size=1024 * 1024)
        except TooLarge:
            raise Refused(413, too_large) from None
        except Exception as e:  # noqa: BLE001 - starlette says what was wrong with the form, in English
            if "many files" in str(e).lower():
                raise Refused(413, f"一次最多上传 {settings.max_files} 个文件。") from None
            raise Refused(400, "上传的内容不是有效的表单（multipart/form-data）：请用页面上的表单上传，"
                               "或用 curl -F files=@报告.docx 发送。") from None

    async def check(fields, copies: list[str], html: bool):
        """Save the uploads, run the job, and return (JSON, HTML or None, {name: bytes} of the copies)."""
        uploads = [f for f in fields.getlist("files") if hasattr(f, "filename")]
        if not uploads:
            raise Refused(400, "没有收到文件：请在表单字段 files 中上传一份或多份报告。")
        if len(uploads) > settings.max_files:
            raise Refused(413, f"一次最多上传 {settings.max_files} 个文件。")
        published = (fields.get("published") or "").strip()
        if published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            raise Refused(400, f"发布日期应形如 2025-01-20，而不是“{page.esc(published[:20])}”。")
        work = tempfile.mkdtemp(prefix="gikplint-serve-")
        try:
            inbox, out = os.path.join(work, "in"), os.path.join(work, "out")
            os.mkdir(inbox)
            os.mkdir(out)
            names = []
            for upload in uploads:
                name = _unique(safe_name(upload.filename), names)
                names.append(name)
                await _save(upload, os.path.join(inbox, name))
            previous = fields.get("previous")
            previous_path = None
            if hasattr(previous, "filename") and previous.filename:
                os.mkdir(os.path.join(work, "previous"))
                previous_path = os.path.join(work, "previous", safe_name(previous.filename))
                await _save(previous, previous_path)
            config = settings.config
            if config is None:  # no configuration: none found beside the temporary folder either
                config = os.path.join(work, "gikplint.toml")
                with open(config, "w", encoding="utf-8"):
                    pass
            spec = {"files": names, "config": config, "plugins": settings.plugins, "timeout": settings.timeout,
                    "published": published or None, "previous": previous_path, "out": out, "html": html,
                    "copies": copies}
            with open(os.path.join(work, "spec.json"), "w", encoding="utf-8") as fh:
                json.dump(spec, fh, ensure_ascii=False)
            async with gate:
                code, err = await _run_job(work, settings, len(names) * (1 + len(copies)))
            result_path = os.path.join(out, "result.json")
            if code != 0 or not os.path.exists(result_path):
                raise Refused(504 if code == -1 else 400 if code == 2 else 500, _job_error(code, err))
            with open(result_path, encoding="utf-8") as fh:
                result = json.load(fh)
            report = None
            if html:
                with open(os.path.join(out, "report.html"), encoding="utf-8") as fh:
                    report = fh.read()
            made = {}
            for command in copies:
                for i, name in enumerate(names):
                    ext = os.path.splitext(name)[1].lower()
                    path = os.path.join(out, f"{command}-{i}{ext}")
                    if os.path.exists(path):
                        with open(path, "rb") as fh:
                            made[(command, name)] = fh.read()
            return result, report, made
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def refused(e: Refused, as_html: bool):
        if as_html:
            return HTMLResponse(page.error(e.message), status_code=e.status, headers=page.HEADERS)
        return JSONResponse({"error": e.message}, status_code=e.status)

    async def index(request):
        return HTMLResponse(page.upload(settings), headers=page.HEADERS)

    async def lint_page(request):
        try:
            fields = await form(request)
            try:
                result, report, made = await check(fields, ["annotate", "fix"], html=True)
            finally:
                await fields.close()
        except Refused as e:
            return refused(e, True)
        return HTMLResponse(page.result(report, result, made), headers=page.HEADERS)

    async def api_lint(request):
        try:
            fields = await form(request)
            try:
                result, _, _ = await check(fields, [], html=False)
            finally:
                await fields.close()
        except Refused as e:
            return refused(e, False)
        return JSONResponse(result)

    def copy_endpoint(command: str, tag: str):
        async def endpoint(request):
            try:
                fields = await form(request)
                try:
                    uploads = [f for f in fields.getlist("files") if hasattr(f, "filename")]
                    if len(uploads) != 1:
                        raise Refused(400, f"/api/{command} 一次处理一份报告：请在表单字段 files 中上传一个文件。")
                    ext = os.path.splitext(safe_name(uploads[0].filename))[1].lower()
                    if ext not in MEDIA:
                        raise Refused(415, f"{command} 只能处理 .docx、.txt 和 .md 报告。")
                    result, _, made = await check(fields, [command], html=False)
                finally:
                    await fields.close()
            except Refused as e:
                return refused(e, False)
            name = result["files"][0]["path"] if result["files"] else "report" + ext
            data = next(iter(made.values()), None)
            if data is None:
                if command == "fix":  # nothing certain to correct: said, not an error
                    return JSONResponse({"changed": 0, "message": "没有可以自动改正的问题。", "result": result})
                return JSONResponse({"error": "报告无法读取，未能写出批注副本。", "result": result}, status_code=422)
            stem, ext = os.path.splitext(os.path.basename(name))
            filename = f"{stem}.{tag}{ext}"
            return Response(data, media_type=MEDIA[ext.lower()], headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                "X-Gikplint-Diagnostics": str(result["summary"]["diagnostics"])})
        return endpoint

    async def rules(request):
        return JSONResponse({"rules": settings.rules})

    async def healthz(request):
        return JSONResponse({"status": "ok", "version": __version__})

    return Starlette(routes=[
        Route("/", index),
        Route("/lint", lint_page, methods=["POST"]),
        Route("/api/lint", api_lint, methods=["POST"]),
        Route("/api/annotate", copy_endpoint("annotate", "gikplint"), methods=["POST"]),
        Route("/api/fix", copy_endpoint("fix", "fixed"), methods=["POST"]),
        Route("/api/rules", rules),
        Route("/healthz", healthz),
    ])


def safe_name(filename: str | None) -> str:
    """An uploaded file's name as it may be stored and shown: its last path
    part, without control characters or separators, its suffix kept."""
    from gikplint.textsafe import clean

    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in clean(name) if ch.isprintable() and ch not in '<>:"|?*').strip().lstrip(".")
    stem, ext = os.path.splitext(name)
    stem = stem[:80] or "报告"
    return stem + ext[:12].lower()


def _unique(name: str, taken: list[str]) -> str:
    stem, ext = os.path.splitext(name)
    n, out = 1, name
    while out in taken:
        n += 1
        out = f"{stem}({n}){ext}"
    return out


async def _save(upload, path: str) -> None:
    with open(path, "wb") as fh:
        while True:
            chunk = await upload.read(1 << 20)
            if not chunk:
                break
            fh.write(chunk)


async def _run_job(work: str, settings: Settings, passes: int) -> tuple[int, str]:
    """Run the job in a child process: its own session, a memory limit, killed past its time."""
    budget = (settings.timeout or 60.0) * max(1, passes) + settings.grace
    memory = settings.memory_mb * 1024 * 1024

    def limits():  # in the child, before it runs anything
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):
            pass

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if settings.plugins is not None:
        env["GIKPLINT_PLUGINS"] = settings.plugins
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gikplint.serve.job", os.path.join(work, "spec.json"),
        cwd=os.path.join(work, "in"), stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE, env=env, start_new_session=True,
        preexec_fn=limits if os.name == "posix" else None)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), budget)
    except asyncio.TimeoutError:
        _kill(proc)
        await proc.wait()
        return -1, "超时"
    except asyncio.CancelledError:  # the client went away: the check stops with it
        _kill(proc)
        raise
    return proc.returncode or 0, err.decode("utf-8", "replace")


def _kill(proc) -> None:
    import signal

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


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
