"""One module per subcommand (as ruff's commands/): each adds its options to
the parser and runs. What they share is here: the options that decide what
runs, and setting up the run's Session. cli.py parses, dispatches and turns
what goes wrong into exit codes."""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")


class UsageError(Exception):
    """Printed as 'gikplint：…' on stderr; exit 2."""


def say(message: str) -> None:
    """One line on stderr; what it quotes (file names, plugin errors) is cleaned first."""
    from gikplint.textsafe import clean

    sys.stderr.write(f"gikplint：{clean(message)}\n")


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应形如 2021-01-31，而不是 '{text}'") from None


def run_options(p: argparse.ArgumentParser) -> None:
    """What decides which plugins and configuration a run uses."""
    p.add_argument("--config", metavar="FILE", help="使用此配置文件（默认：离被检查文件最近的 gikplint.toml、.gikplint.toml 或 pyproject.toml）")
    p.add_argument("--plugins", metavar="NAMES", help="只加载这些插件（逗号分隔；空字符串表示不加载任何插件）；也可用环境变量 GIKPLINT_PLUGINS")


def check_options(p: argparse.ArgumentParser) -> None:
    """What decides how files are checked: shared by a lint run and `baseline write`."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="报告的发布日期（发布当天的门禁传入），用于检查发布时限（GK703）")
    p.add_argument("--report-kind", choices=("department", "government"),
                   help="报告类型：department 部门（次年1月31日前公布）或 government 县级以上地方人民政府"
                        "（次年3月31日前公布）；默认按机关名称推断")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="并行检查的进程数（默认：检查文件夹时为 CPU 核数，否则 1；0 表示全部核数）")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="每个文件最多处理的秒数，超时的文件报告 GK901 后继续检查其他文件（默认 30；0 表示不限）")
    run_options(p)


def session(args, paths: bool = True):
    """The run's Session from the parsed arguments (a problem setting it up
    raises gikplint.runner.SetupError: exit 2)."""
    from gikplint.runner import Options, Session

    if paths:
        if args.jobs is not None and args.jobs < 0:
            raise UsageError("参数错误：--jobs 应为 0（全部核数）或正整数")
        if args.timeout is not None and args.timeout < 0:
            raise UsageError("参数错误：--timeout 应为 0（不限）或正数（秒）")
    options = Options(
        paths=getattr(args, "paths", []), config=args.config, plugins=args.plugins,
        fail_on=getattr(args, "fail_on", None), report_kind=getattr(args, "report_kind", None),
        published=getattr(args, "published", None), baseline=getattr(args, "baseline", None),
        timeout=getattr(args, "timeout", None), jobs=getattr(args, "jobs", None),
    )
    s = Session(options)
    for problem in s.problems:
        say(problem)
    return s
