#!/usr/bin/env python3
"""Write docs/rules/ from the rule packs: one page per rule and an index.

    python tools/gen_rule_docs.py          # rewrite the pages
    python tools/gen_rule_docs.py --check  # exit 1 when a page is stale
"""
import sys
from pathlib import Path

from gikplint.check.engine import load_rules
from gikplint.host import Host
from gikplint.ruledoc import pages

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules"


def main() -> int:
    wanted = pages(load_rules(Host(allow=[])))
    if "--check" in sys.argv:
        stale = [n for n, text in wanted.items() if not (OUT / n).is_file() or (OUT / n).read_text(encoding="utf-8") != text]
        extra = [p.name for p in OUT.glob("*.md") if p.name not in wanted]
        for n in stale + extra:
            print(f"docs/rules/{n} is stale: run python tools/gen_rule_docs.py")
        return 1 if stale or extra else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.glob("*.md"):
        if p.name not in wanted:
            p.unlink()
    for name, text in wanted.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(wanted)} pages to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
