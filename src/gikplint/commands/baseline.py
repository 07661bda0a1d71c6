"""gikplint baseline write FILE PATH…: record today's findings; a later run
with --baseline FILE reports only new ones. The files are checked exactly
as a lint run checks them (the same options: --published, --report-kind…)."""
from __future__ import annotations

from pathlib import Path

from gikplint.commands import EXIT_OK, check_options, session


def add(sub) -> None:
    p = sub.add_parser("baseline", help="记录基线", description="记录当前的全部问题；之后用 --baseline FILE 只报告新问题。")
    p.add_argument("action", choices=("write",))
    p.add_argument("file", metavar="FILE", help="基线文件（JSON）")
    check_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint import baseline

    s = session(args)
    collected = s.collect()
    count = baseline.write(Path(args.file), list(s.results(collected)))
    print(f"已把 {len(collected.files)} 个文件的 {count} 个问题记入基线 {args.file}。")
    return EXIT_OK
