#!/usr/bin/env python3
"""gikplint's speed against its cost floor. Prints figures; asserts nothing.

    python bench/bench.py [--count 1000] [--jobs 1,2] [--keep DIR]

1. floor:      unzip + lxml parse + text of word/document.xml, per .docx report
   gikplint:   the per-report cost of linting the same .docx files in a batch,
               in the same process and run; and the ratio (goal ≤ 1.5)
2. cold start: `gikplint --version`, and one .docx end to end (goal ≤ 250 ms wall)
3. throughput: `gikplint --jobs N` over a generated corpus (goal: 10,000 reports
               in ≤ 60 s on 2 cores), with the peak memory of the run
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gikplint_cmd() -> list[str]:
    exe = shutil.which("gikplint")
    return [exe] if exe else [sys.executable, "-m", "gikplint"]


def floor_and_cost(docx: list[Path], rounds: int = 3):
    from lxml import etree

    from gikplint.check.engine import load_rules
    from gikplint.host import Host
    from gikplint.runner import Linter

    def floor_once():
        for f in docx:
            with zipfile.ZipFile(f) as z:
                root = etree.fromstring(z.read("word/document.xml"))
            "".join(root.itertext())

    host = Host(allow=[])
    linter = Linter(host, load_rules(host))
    floor_once()  # warm the page cache
    for f in docx[:20]:
        linter.lint(str(f))
    floors, costs = [], []
    for _ in range(rounds):  # interleaved, so both see the same machine
        t = time.perf_counter()
        floor_once()
        floors.append((time.perf_counter() - t) / len(docx))
        t = time.perf_counter()
        for f in docx:
            linter.lint(str(f))
        costs.append((time.perf_counter() - t) / len(docx))
    return min(floors), min(costs)


def wall(cmd: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "GIKPLINT_PLUGINS": ""})
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def throughput(corpus: Path, jobs: int):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(gikplint_cmd() + ["--format", "json", "--jobs", str(jobs), str(corpus)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "GIKPLINT_PLUGINS": ""})
    elapsed = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(f"gikplint failed: {proc.stderr.decode()[-500:]}")
    return elapsed, max(peak, before)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--keep", help="generate the corpus here and keep it")
    args = ap.parse_args()
    corpus = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gikplint-bench-"))
    if not any(corpus.glob("*")):
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(corpus), "--count", str(args.count)],
                       check=True, stdout=subprocess.DEVNULL)
    files = sorted(corpus.iterdir())
    docx = [f for f in files if f.suffix == ".docx"]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; corpus: {len(files)} reports "
          f"({len(docx)} .docx) in {corpus}")

    floor, cost = floor_and_cost(docx)
    print(f"floor (unzip + lxml parse + text of word/document.xml): {floor * 1000:7.2f} ms per .docx report")
    print(f"gikplint, in a batch, same files and run:               {cost * 1000:7.2f} ms per .docx report")
    print(f"ratio gikplint / floor:                                 {cost / floor:7.2f}   (goal ≤ 1.5)")

    one = docx[0]
    print(f"cold start, gikplint --version:                         {wall(gikplint_cmd() + ['--version']) * 1000:7.0f} ms wall")
    print(f"cold start, one .docx end to end:                       {wall(gikplint_cmd() + [str(one)]) * 1000:7.0f} ms wall"
          "   (goal ≤ 250 ms)")

    for jobs in [int(j) for j in args.jobs.split(",")]:
        elapsed, peak = throughput(corpus, jobs)
        rate = len(files) / elapsed
        print(f"throughput --jobs {jobs}: {len(files)} reports in {elapsed:6.1f} s = {rate:6.0f} reports/s; "
              f"10,000 reports ≈ {10000 / rate:5.1f} s (goal ≤ 60 s on 2 cores); peak memory {peak / 1024:.0f} MB")
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
