#!/usr/bin/env python3
"""gikplint's speed and memory against its goals. Prints figures; asserts nothing.

    python bench/bench.py [--count 1000] [--large 5000] [--keep DIR]

1. floor:      unzip + lxml parse + text of word/document.xml, per .docx report
   gikplint:   the per-report cost of linting the same .docx files in a batch,
               in the same process, interleaved with the floor; and the ratio
               (goal ≤ 1.3)
2. cold start: `gikplint --version`, and one .docx end to end (goal ≤ 200 ms),
               with gikplint's modules byte-compiled as `pip install` leaves them
3. runs of --count and --large reports, --jobs 1 and 2, --format json and
   html: wall time, reports/s, and the peak memory of the whole process tree
   (the parent and its workers, sampled); memory must stay flat in the number
   of files (peak at --large ≤ 1.3 × peak at --count); 10,000 reports with
   --jobs 2 projected from the --large run (goal ≤ 40 s)
4. --cross-agency (雷同 between agencies, needs gikplint[batch]): a corpus of
   --large reports each of another agency with prose of its own
   (make_corpus.py --distinct), with --jobs 2 --format json with and
   without it, and the ratio (goal ≤ 2); then --count reports that are
   many near-copies of each other (--keep-prose 0.3), the stress case;
   `--only-cross` runs this part alone
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "GIKPLINT_PLUGINS": ""}


def gikplint_cmd() -> list[str]:
    exe = shutil.which("gikplint")
    return [exe] if exe else [sys.executable, "-m", "gikplint"]


def floor_and_cost(docx: list[Path], rounds: int = 5):
    from lxml import etree

    from gikplint.check.engine import load_rules
    from gikplint.host import Host
    from gikplint.runner import Linter, finish

    def floor_once():
        for f in docx:
            with zipfile.ZipFile(f) as z:
                root = etree.fromstring(z.read("word/document.xml"))
            "".join(root.itertext())

    host = Host(allow=[])
    linter = Linter(host, load_rules(host))
    floor_once()  # warm the page cache
    for f in docx[:20]:
        finish(linter.lint(str(f)))
    floors, costs = [], []
    for _ in range(rounds):  # interleaved, so both see the same machine
        t = time.perf_counter()
        floor_once()
        floors.append((time.perf_counter() - t) / len(docx))
        t = time.perf_counter()
        for f in docx:
            finish(linter.lint(str(f)))
        costs.append((time.perf_counter() - t) / len(docx))
    return min(floors), min(costs)


def wall(cmd: list[str], runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _tree_rss(pid: int) -> int:
    """Resident memory (KiB) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/status") as fh:
                kb = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = kb
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def run(files: Path, jobs: int, fmt: str, *extra: str) -> tuple[float, float]:
    """(seconds, peak MiB of the process tree) of one gikplint run over a folder."""
    out = tempfile.TemporaryFile()
    t = time.perf_counter()
    proc = subprocess.Popen(gikplint_cmd() + ["--format", fmt, "--jobs", str(jobs), *extra, str(files)],
                            stdout=out, stderr=subprocess.PIPE, env=ENV)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    elapsed = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"gikplint failed: {proc.stderr.read().decode()[-500:]}")
    return elapsed, peak / 1024


def corpus(folder: Path, count: int, *extra: str) -> Path:
    if not any(folder.glob("*")):
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(folder), "--count", str(count),
                        *extra], check=True, stdout=subprocess.DEVNULL)
    return folder


def cross(folder: Path, what: str = "make_corpus.py --distinct") -> None:
    """The same batch with and without --cross-agency, each twice, interleaved (best of two)."""
    n = sum(1 for _ in folder.iterdir())
    plain, compared = [], []
    for _ in range(2):
        plain.append(run(folder, 2, "json"))
        compared.append(run(folder, 2, "json", "--cross-agency"))
    (a, pa), (b, pb) = min(plain), min(compared)
    out = subprocess.run(gikplint_cmd() + ["--format", "json", "--jobs", "2", "--cross-agency", str(folder)],
                         capture_output=True, env=ENV)
    import json

    found = sum(d["code"] == "GK802" for f in json.loads(out.stdout)["files"] for d in f["diagnostics"])
    print(f"\n{n} reports of {n} agencies ({what}); {found} GK802 found between agencies")
    print(f"--jobs 2 --format json:                              {a:6.1f} s, peak {pa:4.0f} MiB")
    print(f"the same with --cross-agency:                        {b:6.1f} s, peak {pb:4.0f} MiB")
    print(f"ratio:                                               {b / a:6.2f}   (goal ≤ 2)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--large", type=int, default=5000, help="the larger run, for memory flatness and throughput")
    ap.add_argument("--keep", help="generate the corpora under this folder and keep them")
    ap.add_argument("--only-cross", action="store_true", help="only the --cross-agency comparison")
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gikplint-bench-"))
    if args.only_cross:
        cross(corpus(base / f"d{args.large}", args.large, "--distinct"))
        cross(corpus(base / f"s{args.count}", args.count, "--distinct", "--keep-prose", "0.3"), "stress: many near-copies")
        return
    small = corpus(base / f"n{args.count}", args.count)
    large = corpus(base / f"n{args.large}", args.large)
    files = sorted(small.iterdir())
    docx = [f for f in files if f.suffix == ".docx"]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; corpora of {args.count} and "
          f"{args.large} reports generated from the real ones in tests/fixtures ({len(docx)} .docx in the first)")

    floor, cost = floor_and_cost(docx)
    print(f"floor (unzip + lxml parse + text of word/document.xml):  {floor * 1000:6.2f} ms per .docx report")
    print(f"gikplint, in a batch, same files and run:                {cost * 1000:6.2f} ms per .docx report")
    print(f"ratio gikplint / floor:                                  {cost / floor:6.2f}   (goal ≤ 1.3)")

    import compileall

    import gikplint

    compileall.compile_dir(Path(gikplint.__file__).parent, quiet=1)  # as pip install leaves an installed package
    one = docx[0]
    print(f"cold start, gikplint --version:                          {wall(gikplint_cmd() + ['--version']) * 1000:6.0f} ms wall")
    print(f"cold start, one .docx end to end:                        {wall(gikplint_cmd() + [str(one)]) * 1000:6.0f} ms wall"
          "   (goal ≤ 200 ms)")

    print(f"\n{'run':<28} {'reports':>8} {'seconds':>8} {'reports/s':>10} {'peak MiB':>9}")
    peaks = {}
    for jobs in (1, 2):
        for fmt in ("json", "html"):
            for folder in (small, large):
                n = sum(1 for _ in folder.iterdir())
                elapsed, peak = run(folder, jobs, fmt)
                peaks[(jobs, fmt, folder)] = peak
                print(f"--jobs {jobs} --format {fmt:<13} {n:>8} {elapsed:8.1f} {n / elapsed:10.0f} {peak:9.0f}")
                if jobs == 2 and fmt == "json" and folder is large:
                    rate = n / elapsed
    print()
    for jobs in (1, 2):
        for fmt in ("json", "html"):
            ratio = peaks[(jobs, fmt, large)] / peaks[(jobs, fmt, small)]
            print(f"memory flatness --jobs {jobs} --format {fmt}: peak at {args.large} / peak at {args.count} = "
                  f"{ratio:.2f}   (goal ≤ 1.3)")
    print(f"10,000 reports with --jobs 2 --format json ≈ {10000 / rate:.1f} s   (goal ≤ 40 s)")
    cross(corpus(base / f"d{args.large}", args.large, "--distinct"))
    cross(corpus(base / f"s{args.count}", args.count, "--distinct", "--keep-prose", "0.3"), "stress: many near-copies")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
