#!/usr/bin/env python3
"""Time and peak memory of gikplint on each hostile input. Prints a table;
asserts nothing.

    python bench/hostile.py [--timeout 60] [--only NAME]

Each case of tests/hostile_cases.py is written to a temporary folder and
linted by a fresh `gikplint --format json FILE` process; the wall time and
the peak resident memory of that process (from wait4) are printed beside
the bounds (2 s, 300 MB) and what gikplint said about the file.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile_cases  # noqa: E402

LIMIT_S, LIMIT_MB = 2.0, 300


def gikplint_cmd() -> list[str]:
    exe = shutil.which("gikplint")
    return [exe] if exe else [sys.executable, "-m", "gikplint"]


def measure(path: Path, timeout: float):
    """(seconds, peak MB, exit code, codes found) of one gikplint process."""
    out = tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen(gikplint_cmd() + ["--format", "json", "--jobs", "1", str(path)],
                            stdout=out, stderr=subprocess.DEVNULL, env={**os.environ, "GIKPLINT_PLUGINS": ""})
    deadline = t + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_maxrss / 1024, "killed", ""
        time.sleep(0.01)
    elapsed = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    out.seek(0)
    try:
        codes = ",".join(sorted({d["code"] for f in json.load(out)["files"] for d in f["diagnostics"]}))
    except ValueError:
        codes = "(no JSON)"
    return elapsed, usage.ru_maxrss / 1024, code, codes


def write_case(name: str, folder: Path) -> Path:
    """Generate one case in a child process: Linux keeps a parent's peak
    memory in a child's ru_maxrss across exec, so the measuring process
    stays small."""
    out = subprocess.run([sys.executable, __file__, "--write", name, str(folder)], check=True,
                         stdout=subprocess.PIPE, text=True)
    return Path(out.stdout.strip())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60, help="kill a run after this many seconds")
    ap.add_argument("--only", help="run only the cases whose name contains this")
    ap.add_argument("--write", nargs=2, metavar=("CASE", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.write:
        name, data = getattr(hostile_cases, args.write[0])()
        path = Path(args.write[1]) / name
        path.write_bytes(data)
        print(path)
        return 0
    work = Path(tempfile.mkdtemp(prefix="gikplint-hostile-"))
    print(f"{'case':<44} {'size':>9} {'time':>8} {'peak':>8}  exit  within  findings")
    worst_t, worst_m, over = 0.0, 0.0, 0
    try:
        for make in hostile_cases.CASES:
            if args.only and args.only not in make.__name__:
                continue
            path = write_case(make.__name__, work)
            size = path.stat().st_size
            elapsed, peak, code, codes = measure(path, args.timeout)
            ok = elapsed is not None and elapsed <= LIMIT_S and peak <= LIMIT_MB
            over += not ok
            worst_t, worst_m = max(worst_t, elapsed or args.timeout), max(worst_m, peak)
            shown = f"{elapsed:7.2f}s" if elapsed is not None else f">{args.timeout:.0f}s"
            print(f"{make.__name__:<44} {size / 1024:8.0f}K {shown:>8} {peak:6.0f}MB  {code!s:>4}  "
                  f"{'yes' if ok else 'NO':>6}  {codes}", flush=True)
            path.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"worst: {worst_t:.2f} s, {worst_m:.0f} MB (bounds {LIMIT_S} s, {LIMIT_MB} MB); cases over a bound: {over}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
