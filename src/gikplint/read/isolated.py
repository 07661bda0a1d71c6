"""Run a reader that calls into native code in a child process.

A Python reader is bounded by the per-file time budget (SIGALRM) and by the
readers' own counts. A native library (PDFium) is not: a 2 MB PDF whose
content stream inflates to gigabytes keeps it busy, deaf to signals, while
it allocates them. So the read happens in a forked child with a ceiling on
its address space; the parent waits at most until the file's budget runs
out (or DEFAULT_SECONDS when there is none), kills the child if it is still
at work, and turns what went wrong into a ReadError. Where there is no fork
(Windows) the reader runs in this process.
"""
from __future__ import annotations

import os
import pickle
import select
import signal

from gikplint.read import ReadError

HEADROOM = 256 * 1024 * 1024  # address space the child may add to what it inherits
DEFAULT_SECONDS = 60.0  # when the run has no time budget (--timeout 0)


def run(fn, *args, what: str):
    """fn(*args) in a child; ReadErrors it raises come back as they are."""
    if not hasattr(os, "fork"):
        return fn(*args)
    seconds = signal.getitimer(signal.ITIMER_REAL)[0] if hasattr(signal, "getitimer") else 0.0
    seconds = seconds or DEFAULT_SECONDS
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(r)
            _child_limits(seconds)
            try:
                payload = ("ok", fn(*args))
            except ReadError as e:
                payload = ("error", str(e))
            except MemoryError:
                payload = ("memory", None)
            except RecursionError:
                payload = ("depth", None)
            except Exception as e:  # noqa: BLE001 - reported by kind, never as a traceback
                payload = ("crash", type(e).__name__)
            data = pickle.dumps(payload, pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(w, view):]
        except BaseException:  # noqa: BLE001 - the parent reports a child that said nothing
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    try:
        data = _read_all(r, seconds + 1.0)
    finally:
        os.close(r)
        _reap(pid)
    if data is None:
        raise ReadError(f"{what}处理超时（超过 {seconds:g} 秒），已停止读取：文件可能异常庞大或是特制的，请检查文件来源。")
    try:
        kind, value = pickle.loads(data)
    except Exception:  # noqa: BLE001 - the child died before it finished writing
        raise ReadError(f"{what}内容异常（读取时内存超限或程序中止），已停止读取：文件可能异常庞大或是特制的，"
                        "请检查文件来源，或检查报告的 Word/网页版本。") from None
    if kind == "ok":
        return value
    if kind == "error":
        raise ReadError(value)
    reason = {"memory": "内存超限", "depth": "结构嵌套过深"}.get(kind, f"读取时出错（{value}）")
    raise ReadError(f"{what}内容异常（{reason}），已停止读取：文件可能已损坏或是特制的，请检查报告的 Word/网页版本。")


def _child_limits(seconds: float) -> None:
    """No inherited timer or handlers, nothing written to the terminal (a
    native library that aborts may print; so would faulthandler: stdout and
    stderr go nowhere, the result goes through the pipe), no core file left
    in the working folder, and the ceilings: address space and CPU time."""
    signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        import faulthandler

        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
    for sig in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, signal.SIG_DFL)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        limit = _address_space() + HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = int(seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    except (ImportError, OSError, ValueError):
        pass


def _address_space() -> int:
    """This process's virtual size in bytes (Linux); 2 GiB where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 2 * 1024 * 1024 * 1024


def _read_all(fd: int, seconds: float) -> bytes | None:
    """Everything the child writes, or None when it takes longer than `seconds`."""
    import time

    deadline = time.monotonic() + seconds
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
