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


def _codes(text: str) -> list[str]:
    codes = [c.strip().upper() for c in text.split(",") if c.strip()]
    if not codes:
        raise argparse.ArgumentTypeError("应为逗号分隔的规则代码或前缀，如 GK410,GK6")
    return codes


def _non_negative(convert, wanted: str):
    """An argparse type: a number, 0 or more, else a message saying what is wanted."""
    import math

    def parse(text: str):
        try:
            n = convert(text)
        except ValueError:
            n = -1
        if not math.isfinite(n) or n < 0:
            raise argparse.ArgumentTypeError(f"应为{wanted}，而不是 '{text}'")
        return n

    return parse


_jobs = _non_negative(int, " 0（全部核数）或正整数")
_seconds = _non_negative(float, " 0（不限）或正数（秒）")


def _patterns(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def check_options(p: argparse.ArgumentParser) -> None:
    """What decides how files are checked: shared by a lint run and `baseline write`."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹；- 表示从标准输入读取")
    p.add_argument("--select", type=_codes, metavar="CODES",
                   help="只检查这些规则（逗号分隔的代码或前缀，如 GK4,GK601；取代配置中的 select）")
    p.add_argument("--extend-select", type=_codes, default=[], metavar="CODES", help="在 select 之外再检查这些规则")
    p.add_argument("--ignore", type=_codes, default=[], metavar="CODES", help="不检查这些规则（加在配置的 ignore 之上）")
    p.add_argument("--exclude", type=_patterns, metavar="PATTERNS",
                   help="不检查的文件或文件夹（逗号分隔的模式，如 新闻,*.shtml；取代配置中的 exclude 和默认值）")
    p.add_argument("--extend-exclude", type=_patterns, default=[], metavar="PATTERNS", help="在 exclude 之外再排除这些")
    p.add_argument("--force-exclude", action="store_true",
                   help="命令行直接写出的文件也按排除模式排除（pre-commit 逐个传入文件时用）")
    p.add_argument("--reports-only", action="store_true", default=None,
                   help="这里只放年度报告：不是年度报告的文件报告为 GK902（默认跳过并说明）")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="从标准输入（-）读取时，内容的文件名：决定按哪种格式读取和使用哪个配置")
    p.add_argument("--previous", metavar="FILE",
                   help="上一年度的报告（任一可检查的格式），用于跨年度检查（GK801–GK804）")
    p.add_argument("--previous-dir", metavar="DIR",
                   help="上一年度报告所在的文件夹：每份报告按机关名称配对上一年度的报告（也可用配置项 previous-dir）")
    p.add_argument("--cross-agency", action="store_true",
                   help="比较这一批报告中不同机关的报告是否雷同（GK802；需要 pip install 'gikplint[batch]'）")
    p.add_argument("--roster", metavar="CSV",
                   help="应当发布报告的机关名单（CSV：机关，可选 类型、时限）：没有报告的机关列在统计中，"
                        "名单中的类型和时限用于检查发布时限（GK703）")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="报告的发布日期（发布当天的门禁传入），用于检查发布时限（GK703）")
    p.add_argument("--report-kind", choices=("department", "government"),
                   help="报告类型：department 部门（次年1月31日前公布）或 government 县级以上地方人民政府"
                        "（次年3月31日前公布）；默认按机关名称推断")
    p.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                   help="并行检查的进程数（默认：检查文件夹或 8 个以上文件时为 CPU 核数，否则 1；0 表示全部核数）")
    p.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                   help="每个文件最多处理的秒数，超时的文件报告 GK901 后继续检查其他文件（默认 30；0 表示不限）")
    run_options(p)


def session(args, paths: bool = True):
    """The run's Session from the parsed arguments (a problem setting it up
    raises gikplint.runner.SetupError: exit 2)."""
    import os

    from gikplint.runner import Options, Session
    from gikplint.textsafe import shown_path

    options = Options(
        paths=getattr(args, "paths", []), config=args.config, plugins=args.plugins,
        fail_on=getattr(args, "fail_on", None), report_kind=getattr(args, "report_kind", None),
        published=getattr(args, "published", None), baseline=getattr(args, "baseline", None),
        timeout=getattr(args, "timeout", None), jobs=getattr(args, "jobs", None),
    )
    if paths:
        from gikplint.runner import CodeOptions

        options.codes = CodeOptions(args.select, args.extend_select, args.ignore)
        options.exclude, options.extend_exclude = args.exclude, args.extend_exclude
        options.force_exclude, options.reports_only = args.force_exclude, args.reports_only
        options.stdin_filename = args.stdin_filename
        options.previous, options.previous_dir = args.previous, args.previous_dir
        options.cross_agency, options.roster = args.cross_agency, args.roster
        if args.previous is not None and not os.path.isfile(args.previous):
            raise UsageError(f"参数错误：--previous 给出的上一年度报告 {shown_path(args.previous)} 不存在或不是文件")
        if args.previous_dir is not None and not os.path.isdir(args.previous_dir):
            raise UsageError(f"参数错误：--previous-dir 给出的 {shown_path(args.previous_dir)} 不存在或不是文件夹")
        if args.previous is not None and args.previous_dir is not None:
            raise UsageError("参数错误：--previous 与 --previous-dir 只能用一个")
        if getattr(args, "exit_zero", False):
            options.fail_on = "never"
    s = Session(options)
    for problem in s.problems:
        say(problem)
    return s


def one_report(args, path: str):
    """Lint one report as `gikplint path` would (its configuration, plugins,
    --published, --select/--ignore), for the commands that write a copy of it:
    its FileResult. A file that cannot be read is a usage error (exit 2)."""
    import os

    from gikplint.textsafe import shown_path

    if not os.path.isfile(path):
        raise UsageError(f"文件 {shown_path(path)} 不存在或不是文件。")
    lint_options = argparse.ArgumentParser(add_help=False)
    check_options(lint_options)  # what a lint run of the file would take, where the command has no option of its own
    for name, value in vars(lint_options.parse_args(["--", path])).items():
        if not hasattr(args, name):
            setattr(args, name, value)
    args.paths = [path]
    s = session(args)
    collected = s.collect()
    if not collected.files:
        why = collected.refused.get(path) or next(iter(collected.refused.values()), "不是 gikplint 能读取的文件")
        raise UsageError(f"{shown_path(path)}：{why}")
    result = next(iter(s.results(collected)))
    unreadable = [f for f in result.findings if f.code == "GK901"]  # a rule that crashed: the others' findings stand
    if unreadable:
        raise UsageError(f"{shown_path(path)}：{unreadable[0].message}")
    if result.not_a_report:
        raise UsageError(f"{shown_path(path)}：{result.not_a_report}")
    return s, result


class Target:
    """An output file. A regular file (or a new one) is written beside
    itself and moved into place at the end, so a reader never sees half of
    it (through a symlink, beside the file it names); anything else — a
    pipe, /dev/stdout, a device — is written as it is."""

    def __init__(self, target: str, binary: bool = False):
        import os
        import stat

        self.target = target
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a directory")
        if mode is None or stat.S_ISREG(mode):
            self.final = os.path.realpath(target)
            self.tmp = f"{self.final}.gikplint-tmp"
            self.stream = open(self.tmp, "wb") if binary else open(self.tmp, "w", encoding="utf-8")
        else:
            self.final = self.tmp = None
            self.stream = open(target, "wb") if binary else open(target, "w", encoding="utf-8")

    def __getattr__(self, name):  # write, flush, tell… as the file does
        return getattr(self.stream, name)

    def close(self) -> None:
        """Finish: the file in place (OSError when that fails)."""
        import os

        self.stream.close()
        if self.tmp is not None:
            os.replace(self.tmp, self.final)

    def discard(self) -> None:
        import os

        self.stream.close()
        if self.tmp is not None:
            try:
                os.remove(self.tmp)
            except OSError:
                pass


def copy_options(p: argparse.ArgumentParser, default: str) -> None:
    """-o and --force of the commands that write a copy of a report."""
    p.add_argument("-o", "--output", metavar="OUT", help=f"副本的文件名（默认：报告旁边的 {default}）")
    p.add_argument("--force", action="store_true", help="默认的副本已存在时覆盖它（-o 指定的文件总是写入）")
    p.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="检查这份报告最多用的秒数（默认 30；0 表示不限）")


def copy_name(path: str, tag: str, force: bool = False) -> str:
    """报告.docx → 报告.<tag>.docx beside it; one that exists is kept (it may
    have been worked on) unless `force`."""
    import os

    from gikplint.textsafe import shown_path

    stem, ext = os.path.splitext(path)
    name = f"{stem}.{tag}{ext}"
    if os.path.lexists(name) and not force:
        raise UsageError(f"{shown_path(name)} 已存在（可能已在其中修改或回复过）：gikplint 不会覆盖它；"
                         "用 -o 指定另一个文件名，或加 --force 覆盖。")
    return name


def text_copy(data: bytes):
    """A text report's text as the reader numbers its lines, and how to turn
    an edited copy back into bytes (its encoding and line ends kept)."""
    from gikplint.read.text import decode

    text, encoding = decode(data)
    newline = "\r\n" if "\r\n" in text else "\n"

    def back(edited: str) -> bytes:
        out = edited.replace("\n", newline)
        try:
            return out.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return out.encode("utf-8")

    return text.replace("\r\n", "\n").replace("\r", "\n"), back


def write_copy(target: str, data: bytes, inputs: list[str]) -> None:
    """Write a copy (a regular file atomically, through a symlink to the file
    it names; a pipe or device as it is); never over an input. Problems are
    usage errors in Chinese."""
    import os

    from gikplint.textsafe import os_reason, shown_path

    if not target:
        raise UsageError("参数错误：-o 给出的文件名为空。")
    for path in inputs:
        if os.path.abspath(target) == os.path.abspath(path) or (
                os.path.exists(target) and os.path.exists(path) and os.path.samefile(target, path)):
            raise UsageError(f"{shown_path(target)} 就是被检查的文件：gikplint 从不改写输入文件，请用 -o 指定另一个文件名。")
    out = None
    try:
        out = Target(target, binary=True)
        out.write(data)
        out.close()
    except OSError as e:
        if out is not None:
            out.discard()
        raise UsageError(f"无法写出 {shown_path(target)}（{os_reason(e)}）。") from None
