#!/usr/bin/env python3
"""A longer fuzz campaign than the test suite's: mutate real reports (byte
flips, truncation, spliced XML, shuffled and duplicated lines, random
Unicode, deleted table cells) and lint each through the whole pipeline.
A crash is an exception out of gikplint, a GK903 finding, or a GK901 that
only the runner's last-resort handler produced (a reader failing with
something other than its own ReadError); a hang is a file that runs past
the time budget (--timeout, default 10 s); each is saved with its input.

    python tools/fuzz.py [--iterations 10000] [--seed 1] [--timeout 10] [--out fuzz-crashes]
"""
import argparse
import io
import random
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 30)):
        op = rng.random()
        pos = rng.randrange(len(b)) if b else 0
        if op < 0.5 and b:
            b[pos] = rng.randrange(256)
        elif op < 0.7:
            b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op < 0.9 and b:
            del b[pos:pos + rng.randint(1, 64)]
        else:
            b = b[:pos]
    return bytes(b)


def mutate_text(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 20)):
        op = rng.random()
        i = rng.randrange(len(lines)) if lines else 0
        if op < 0.25 and lines:
            del lines[i]
        elif op < 0.45 and lines:
            lines.insert(rng.randrange(len(lines)), lines[i])
        elif op < 0.6 and lines:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op < 0.8:
            lines.insert(i, "".join(chr(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0x4e00, 0x9fff),
                                                  rng.randint(0x3000, 0x303f), rng.randint(0, 0x10ffff)]))
                                    for _ in range(rng.randint(0, 30))))
        elif op < 0.95 and lines:
            lines[i] = "\t" + lines[i] if not lines[i].startswith("\t") else lines[i][1:]
        else:  # a long run of what patterns repeat over: digits, spaces, dashes, pipes, numerals, placeholders
            run = rng.choice(["0123456789", " \t", "-—", "|-:", "一二三四五六", "X×", "1,", "<!--gikplint:disable="])
            lines.insert(i, "".join(rng.choice(run) for _ in range(rng.randint(1000, 20000))))
    return "\n".join(lines)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.3:
        return mutate_bytes(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8", "replace")
    parts["word/document.xml"] = (mutate_text(xml.replace("><", ">\n<"), rng).replace(">\n<", "><")
                                  if rng.random() < 0.5 else mutate_bytes(xml.encode(), rng).decode("utf-8", "replace")
                                  ).encode("utf-8", "surrogatepass")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10, help="seconds per file before it counts as a hang")
    ap.add_argument("--out", default="fuzz-crashes")
    args = ap.parse_args()
    from gikplint.check.engine import load_rules
    from gikplint.host import Host
    from gikplint.runner import Linter

    host = Host(allow=[])
    linter = Linter(host, load_rules(host), timeout=args.timeout)
    sources = (sorted(FIX.rglob("*.docx")) + sorted(FIX.rglob("*.txt")) + sorted(FIX.rglob("*.html"))
               + sorted(FIX.rglob("*.md")) + sorted(FIX.rglob("*.pdf")))
    rng = random.Random(args.seed)
    crashes = hangs = 0
    work = Path(tempfile.mkdtemp(prefix="gikplint-fuzz-"))
    out = Path(args.out)
    for i in range(args.iterations):
        src = rng.choice(sources)
        data = src.read_bytes()
        if src.suffix == ".docx":
            data = mutate_docx(data, rng)
        elif src.suffix == ".pdf" or rng.random() < 0.2:
            data = mutate_bytes(data, rng)
        else:
            data = mutate_text(data.decode("utf-8"), rng).encode("utf-8", "surrogatepass")
        path = work / f"case{src.suffix}"
        path.write_bytes(data)
        try:
            result = linter.lint(str(path))
            failed = [f.message for f in result.findings
                      if f.code == "GK903" or (f.code == "GK901" and "读取时出错" in f.message)]
            hung = [f.message for f in result.findings if f.code == "GK901" and "处理超时" in f.message]
        except Exception:  # noqa: BLE001 - that is what we are looking for
            failed, hung = [traceback.format_exc()], []
        if failed or hung:
            crashes += bool(failed)
            hangs += bool(hung)
            kind = "crash" if failed else "hang"
            out.mkdir(exist_ok=True)
            saved = out / f"{kind}-{i:06d}{src.suffix}"
            saved.write_bytes(data)
            print(f"{kind} at iteration {i} (from {src.name}), saved {saved}:\n  {(failed or hung)[0][:500]}")
        if (i + 1) % 500 == 0:
            print(f"{i + 1} iterations, {crashes} crashes, {hangs} hangs", file=sys.stderr)
    print(f"{args.iterations} iterations, {crashes} crashes, {hangs} hangs")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    raise SystemExit(main())
