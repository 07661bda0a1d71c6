#!/usr/bin/env python3
"""Load on `gikplint serve`: N uploads sent by C concurrent clients to a
local server, and the throughput and latency percentiles. Prints figures;
asserts nothing. Needs gikplint[serve] (and httpx, in the test extra).

    python bench/serve_load.py [--requests 200] [--concurrency 8] [--jobs N]
                               [--endpoint /api/lint] [--file REPORT]

The server is started here (127.0.0.1, a free port, --jobs N: checks at
once) and stopped at the end; each request uploads one report.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "examples" / "reports" / "zhangshu-affairs-2020.docx"


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main():
    import httpx

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="the server's --jobs")
    ap.add_argument("--endpoint", default="/api/lint", choices=("/api/lint", "/api/annotate", "/lint"))
    ap.add_argument("--file", type=Path, default=DEFAULT)
    a = ap.parse_args()

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as cwd:
        config = os.path.join(cwd, "gikplint.toml")  # explicit: no configuration found above the folder counts
        open(config, "w").close()
        log = open(os.path.join(cwd, "server.log"), "wb")
        server = subprocess.Popen([sys.executable, "-m", "gikplint", "serve", "--port", str(port), "--jobs", str(a.jobs),
                                   "--plugins", "", "--config", config], cwd=cwd, stdout=log, stderr=log)
        try:
            for _ in range(200):
                try:
                    if httpx.get(url + "/healthz").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
            else:
                log.close()
                sys.exit("the server did not start: " + open(os.path.join(cwd, "server.log"), errors="replace").read())
            data = a.file.read_bytes()
            latencies, failures = [], []
            todo = list(range(a.requests))
            lock = threading.Lock()

            def client():
                with httpx.Client(base_url=url, timeout=300) as c:
                    while True:
                        with lock:
                            if not todo:
                                return
                            todo.pop()
                        started = time.perf_counter()
                        r = c.post(a.endpoint, files=[("files", (a.file.name, data, "application/octet-stream"))])
                        elapsed = time.perf_counter() - started
                        with lock:
                            (latencies if r.status_code == 200 else failures).append(elapsed)

            httpx.post(url + a.endpoint, files=[("files", (a.file.name, data, "application/octet-stream"))])  # warm
            started = time.perf_counter()
            threads = [threading.Thread(target=client) for _ in range(a.concurrency)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(10)
            log.close()
    ms = [x * 1000 for x in latencies]
    print(f"gikplint serve {a.endpoint}: {a.requests} uploads of {a.file.name} ({len(data) / 1024:.0f} KB), "
          f"{a.concurrency} clients, server --jobs {a.jobs}, {os.cpu_count()} cores")
    print(f"  throughput  {len(latencies) / wall:6.1f} requests/s   ({wall:.1f} s in all, {len(failures)} failed)")
    if ms:
        print(f"  latency     p50 {percentile(ms, 50):6.0f} ms   p90 {percentile(ms, 90):6.0f} ms   "
              f"p99 {percentile(ms, 99):6.0f} ms   max {max(ms):6.0f} ms   mean {statistics.mean(ms):6.0f} ms")


if __name__ == "__main__":
    main()
