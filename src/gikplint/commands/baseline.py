"""gikplint baseline write FILE PATH…: record today's findings; a later run
with --baseline FILE reports only new ones. The files are checked exactly
as a lint run checks them (the same options: --published, --select…);
entries of files not checked this time are kept."""
from __future__ import annotations

import os
from pathlib import Path

from gikplint.commands import EXIT_OK, UsageError, check_options, session


def add(sub) -> None:
    p = sub.add_parser("baseline", help="记录基线",
                       description="记录当前的全部问题；之后用 --baseline FILE 只报告新问题。"
                                   "只检查了部分文件时，基线中其他文件的记录保留不变。")
    p.add_argument("action", choices=("write",), metavar="操作", help="write：写入（或更新）基线文件")
    p.add_argument("file", metavar="FILE", help="基线文件（JSON）")
    check_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint import baseline
    from gikplint.textsafe import shown_path

    file = Path(args.file)
    s = session(args)
    try:
        kept = baseline.previous(file)
        collected = s.collect()
        if os.path.realpath(file) in {os.path.realpath(f) for f in collected.files}:
            raise UsageError(f"基线文件 {shown_path(args.file)} 是要检查的文件之一，gikplint 不会覆盖输入文件。"
                             "用法：gikplint baseline write 基线.json 报告或文件夹…")
        count, others = baseline.write(file, list(s.results(collected)), kept)
    except baseline.BaselineError as e:
        raise UsageError(str(e)) from None
    kept_note = f"，保留了其他 {others} 个文件原有的记录" if others else ""
    print(f"已把 {len(collected.files)} 个文件的 {count} 个问题记入基线 {shown_path(args.file)}{kept_note}。")
    return EXIT_OK
