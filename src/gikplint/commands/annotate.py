"""gikplint annotate REPORT [-o OUT]: a copy of the report with every
finding as a comment where it is (Word comments in a .docx, comment lines
in a .txt or .md). The input is never written."""
from __future__ import annotations

import os

from gikplint.commands import (EXIT_OK, UsageError, _date, copy_name, copy_options, one_report, run_options, text_copy,
                               write_copy)

KINDS = {".docx": "docx", ".txt": "text", ".md": "text", ".markdown": "text"}


def add(sub) -> None:
    p = sub.add_parser("annotate", help="写出带批注的副本",
                       description="检查一份报告，把每个问题作为批注写进报告的副本：.docx 为 Word 批注（作者 gikplint，"
                                   "标在问题所在的段落、单元格或行上），.txt/.md 为问题所在行上方的 <!-- gikplint: … --> 注释。"
                                   "原文件不会被改动。",
                       epilog="例：gikplint annotate 报告.docx（写出 报告.gikplint.docx）")
    p.add_argument("report", metavar="REPORT", help="报告文件（.docx、.txt 或 .md）")
    copy_options(p, "报告.gikplint.docx")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="报告的发布日期，用于检查发布时限（GK703）")
    run_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint.emit import report_info, sorted_findings
    from gikplint.office.annotate import annotate_docx, annotate_text
    from gikplint.read import ReadError
    from gikplint.textsafe import shown_path

    kind = KINDS.get(os.path.splitext(args.report)[1].lower())
    if kind is None:
        raise UsageError(f"annotate 只能处理 .docx、.txt 和 .md，而 {shown_path(args.report)} 不是："
                         "网页和 PDF 请用 gikplint 检查后按输出中的位置修改原稿。")
    target = args.output if args.output is not None else copy_name(args.report, "gikplint", args.force)
    s, result = one_report(args, args.report)
    titles = {r.code: r.label for r in s.rules}
    findings = sorted_findings(result)
    with open(args.report, "rb") as fh:
        data = fh.read()
    try:
        if kind == "docx":
            out, elsewhere = annotate_docx(data, findings, titles, report_info(result)["title"])
        else:
            text, back = text_copy(data)
            annotated, elsewhere = annotate_text(text, findings, titles)
            out = back(annotated)
    except ReadError as e:
        raise UsageError(f"{shown_path(args.report)}：{e}") from None
    write_copy(target, out, [args.report])
    if not findings:
        print(f"{shown_path(args.report)} 未发现问题；副本 {shown_path(target)} 中没有批注。")
    else:
        where = f"，其中 {elsewhere} 个没有具体位置，合并为标题上的一条批注" if elsewhere else ""
        print(f"已把 {len(findings)} 个问题写成批注{where}：{shown_path(target)}")
    return EXIT_OK
