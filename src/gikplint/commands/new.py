"""gikplint new --year 2025 [--agency 某某局] [-o OUT.docx]: the blank
report of a year in its mandated format (60号 for 2019–2020, 30号 from 2021),
generated from the grammar the linter reads."""
from __future__ import annotations

import argparse
import os

from gikplint.commands import EXIT_OK, UsageError, write_copy


def _year(text: str) -> int:
    import datetime as dt

    try:
        year = int(text)
    except ValueError:
        year = 0
    last = dt.date.today().year + 1
    if not 2019 <= year <= last:
        raise argparse.ArgumentTypeError(f"应为 2019 至 {last} 之间的年份（2019 年以前的报告不适用这两种格式），而不是 '{text}'")
    return year


def add(sub) -> None:
    p = sub.add_parser("new", help="生成某年度的空白报告",
                       description="生成某一报告年度的空白年度报告（.docx）：2019、2020 年度按国办公开办函〔2019〕60号，"
                                   "2021 年度起按国办公开办函〔2021〕30号。含标题、前言（依据和统计期限已填好）、六个部分的标题、"
                                   "第二、三、四部分的表格（标签、合并的表头和勾稽关系说明与格式一致）和正文的“（文字描述）”提示。",
                       epilog="例：gikplint new --year 2025 --agency 某某市审计局（写出 某某市审计局2025年政府信息公开工作年度报告.docx）")
    p.add_argument("--year", type=_year, required=True, metavar="YYYY", help="报告年度，如 2025")
    p.add_argument("--agency", metavar="机关名称", help="机关名称，写进标题和前言（默认留作 ××）")
    p.add_argument("-o", "--output", metavar="OUT", help="文件名（默认：当前文件夹中的 机关名称+年度+政府信息公开工作年度报告.docx）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖它")
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint.office.template import generate, title
    from gikplint.textsafe import clean, shown_path

    agency = " ".join(clean(args.agency or "").split())
    if args.agency is not None and (not agency or len(agency) > 60 or clean(args.agency) != args.agency):
        raise UsageError("参数错误：--agency 应为机关名称（不超过 60 个字，不含控制字符）。")
    target = args.output if args.output is not None else title(agency or "", args.year) + ".docx"
    if os.path.exists(target) and not args.force:
        raise UsageError(f"{shown_path(target)} 已存在：gikplint 不会覆盖它；换一个文件名（-o）或加 --force。")
    write_copy(target, generate(args.year, agency or None), [])
    from gikplint.parse import templates

    tpl = templates.for_year(args.year)
    print(f"已生成 {args.year} 年度的空白报告（{tpl.notice} 格式）：{shown_path(target)}")
    print("填写后用 gikplint 检查它；还未填写的单元格和正文会合并为一条提示。")
    return EXIT_OK
