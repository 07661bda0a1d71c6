#!/usr/bin/env python3
"""Generate a corpus of reports for the benchmark from the real reports in
tests/fixtures (the ten seed files, 上海 2019 as .docx and .html, 淮安 2024,
and the real WPS 2021 template filled with numbers). Each copy varies some
numbers in its tables, so the rules have real work (and real imbalances).

    python bench/make_corpus.py OUT_DIR [--count 1000] [--seed 1]
"""
import argparse
import random
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"


def sources() -> list[Path]:
    return (sorted((FIX / "seeds").glob("*.docx")) + sorted((FIX / "seeds").glob("*.txt"))
            + [FIX / "real" / "shanghai-office-2019.docx", FIX / "real" / "shanghai-office-2019.html",
               FIX / "corpus" / "huaian-gov-2024.txt", FIX / "real" / "template-2021-blank.docx"])


def vary_xml(xml: str, rng: random.Random) -> str:
    """Change some numeric cells."""
    return re.sub(r"<w:t>(\d{1,4})</w:t>", lambda m: f"<w:t>{rng.randint(0, 9) if rng.random() < 0.2 else m[1]}</w:t>", xml)


def vary_text(text: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^(\t?)(\d{1,4})$", lambda m: m[1] + (str(rng.randint(0, 9)) if rng.random() < 0.2 else m[2]), text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    src = sources()
    for i in range(args.count):
        s = src[i % len(src)]
        target = out / f"{i:05d}-{s.stem}{s.suffix}"
        if s.suffix == ".docx":
            with zipfile.ZipFile(s) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename == "word/document.xml":
                        data = vary_xml(data.decode("utf-8"), rng).encode("utf-8")
                    zout.writestr(item, data)
        else:
            target.write_text(vary_text(s.read_text(encoding="utf-8"), rng), encoding="utf-8")
    print(f"{args.count} reports from {len(src)} real sources in {out}")


if __name__ == "__main__":
    main()
