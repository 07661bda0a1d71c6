"""gikplint fix REPORT [-o OUT] [--diff]: make the corrections that are
certain and mechanical in a copy — a template label's known typo (结果维护 →
结果维持, 只记 → 只计, 本年增/ → 本年增/减…), table 3's altered 勾稽 note
restored, a blank 总计 the row determines — and say what changed. Numbers
are never guessed otherwise; the input is never written."""
from __future__ import annotations

import os
import sys

from gikplint.commands import EXIT_OK, UsageError, copy_name, copy_options, one_report, run_options, text_copy, write_copy


def add(sub) -> None:
    p = sub.add_parser("fix", help="写出改正后的副本",
                       description="把确定无疑、可以机械改正的问题改正后写进报告的副本：模板标签的已知错字（结果维护→结果维持、"
                                   "只记→只计、本年增/→本年增/减等）、被改动的勾稽关系说明、同一行其他单元格都是数字时空着的“总计”。"
                                   "其他数字一律不猜；原文件不会被改动。",
                       epilog="例：gikplint fix 报告.docx（写出 报告.fixed.docx）；gikplint fix 报告.docx --diff（只显示改动）")
    p.add_argument("report", metavar="REPORT", help="报告文件（.docx、.txt 或 .md）")
    copy_options(p, "报告.fixed.docx")
    p.add_argument("--diff", action="store_true", help="只显示会做的改动，不写出文件")
    run_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint.locate import place
    from gikplint.office.fix import diff, fix_docx, fix_text
    from gikplint.read import ReadError
    from gikplint.textsafe import clean, shown_path

    ext = os.path.splitext(args.report)[1].lower()
    if ext not in (".docx", ".txt", ".md", ".markdown"):
        raise UsageError(f"fix 只能处理 .docx、.txt 和 .md，而 {shown_path(args.report)} 不是。")
    target = None if args.diff else args.output if args.output is not None else copy_name(args.report, "fixed", args.force)
    _, result = one_report(args, args.report)
    with open(args.report, "rb") as fh:
        data = fh.read()
    try:
        if ext == ".docx":
            out, changes = fix_docx(data, result.findings, lambda loc: place(loc, with_labels=True))
        else:
            text, back = text_copy(data)
            fixed, changes = fix_text(text, result.findings)
            out = back(fixed)
    except ReadError as e:
        raise UsageError(f"{shown_path(args.report)}：{e}") from None
    if not changes:
        print(f"{shown_path(args.report)}：没有可以自动改正的问题（只改模板标签的已知错字、被改动的勾稽关系说明和可由同一行算出的空白总计），"
              "未写出文件。")
        return EXIT_OK
    if args.diff:
        sys.stdout.write(diff(changes, shown_path(args.report)))
        return EXIT_OK
    write_copy(target, out, [args.report])
    print(f"已改正 {len(changes)} 处，写入 {shown_path(target)}：")
    for c in changes:
        before = " ".join(c.before.split()) or "（空）"
        print(clean(f"  {c.where}：{before} → {' '.join(c.after.split())}"))
    return EXIT_OK
