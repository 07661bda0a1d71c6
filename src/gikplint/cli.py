"""Command line: arguments → run → exit code. The only place that decides
exit codes: 0 nothing at or above the fail level, 1 something is, 2 usage or
configuration error. Writing an output file never changes the exit code."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gikplint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")
COMMANDS = ("rules", "explain", "plugins", "baseline")


class UsageError(Exception):
    """Printed as 'gikplint：…' on stderr; exit 2."""


class Terminated(BaseException):
    """SIGTERM: stop, kill the workers, exit 143."""


def say(message: str) -> None:
    """One line on stderr; what it quotes (file names, plugin errors) is cleaned first."""
    from gikplint.textsafe import clean

    sys.stderr.write(f"gikplint：{clean(message)}\n")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code is 2 as well; say it in Chinese
        self.print_usage(sys.stderr)
        sys.stderr.write(f"gikplint：参数错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应形如 2021-01-31，而不是 '{text}'") from None


def _run_options(p: argparse.ArgumentParser) -> None:
    """Options that decide what runs: configuration and plugins."""
    p.add_argument("--config", metavar="FILE", help="使用此配置文件（默认：离被检查文件最近的 gikplint.toml、.gikplint.toml 或 pyproject.toml）")
    p.add_argument("--plugins", metavar="NAMES", help="只加载这些插件（逗号分隔；空字符串表示不加载任何插件）；也可用环境变量 GIKPLINT_PLUGINS")


def _lint_parser(prog="gikplint") -> argparse.ArgumentParser:
    p = _Parser(
        prog=prog,
        description="检查政府信息公开工作年度报告（.docx、.html、.txt、.md，或包含它们的文件夹）。",
        epilog="其他命令：gikplint rules 列出全部规则；gikplint explain GK410 说明一条规则；"
               "gikplint plugins 列出插件；gikplint baseline write FILE PATH… 记录基线。"
               "退出码：0 无问题，1 有达到 --fail-on 级别的问题，2 用法或配置错误。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    p.add_argument("--format", default="auto",
                   help="输出格式：auto（默认：GitHub Actions 中为 github，否则 human）、human、json、sarif、github、junit、html，或插件提供的格式")
    p.add_argument("-o", "--output", metavar="FILE", help="把 --format 的输出写入文件而不是标准输出")
    p.add_argument("--output-sarif", metavar="FILE", help="另外写一份 SARIF（不影响退出码）")
    p.add_argument("--output-json", metavar="FILE", help="另外写一份 JSON（不影响退出码）")
    p.add_argument("--output-junit", metavar="FILE", help="另外写一份 JUnit XML（不影响退出码）")
    p.add_argument("-q", "--quiet", action="store_true", help="只列出有问题的文件和统计")
    p.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="并行检查的进程数（默认：检查文件夹时为 CPU 核数，否则 1；0 表示全部核数）")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="每个文件最多处理的秒数，超时的文件报告 GK901 后继续检查其他文件（默认 30；0 表示不限）")
    p.add_argument("--fail-on", choices=FAIL_LEVELS, help="达到此级别的问题使退出码为 1（默认 error；never 表示总是 0）")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="报告的发布日期（发布当天的门禁传入），用于检查发布时限（GK703）")
    p.add_argument("--report-kind", choices=("department", "government"),
                   help="报告类型：department 部门（次年1月31日前公布）或 government 县级以上地方人民政府"
                        "（次年3月31日前公布）；默认按机关名称推断")
    p.add_argument("--baseline", metavar="FILE", help="只报告基线文件中没有的问题")
    _run_options(p)
    p.add_argument("--version", action="version", version=f"gikplint {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    import signal

    def terminate(signum, frame):
        raise Terminated

    argv = list(sys.argv[1:] if argv is None else argv)
    previous = signal.signal(signal.SIGTERM, terminate) if _main_thread() else None
    try:
        if argv in (["--version"], ["-V"]):
            print(f"gikplint {__version__}")
            return EXIT_OK
        if argv and argv[0] in COMMANDS:
            return {"rules": _rules_cmd, "explain": _explain, "plugins": _plugins, "baseline": _baseline}[argv[0]](argv[1:])
        code = _lint(_lint_parser().parse_args(argv))
        sys.stdout.flush()
        return code
    except UsageError as e:
        say(str(e))
        return EXIT_USAGE
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) or e.code is None else EXIT_USAGE
    except KeyboardInterrupt:
        say("已中断。")
        return 130
    except Terminated:
        say("已终止。")
        return 143
    except BrokenPipeError:  # `gikplint reports/ | head`: the reader left; end quietly
        _silence_stdout()
        return 141
    except OSError as e:
        if e.filename is None and e.errno is not None:  # writing the output failed (a full disk…)
            _silence_stdout()
            say(f"无法写出检查结果（{e.strerror}）。")
            return EXIT_USAGE
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush finds nothing to write."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _setup(args):
    """Configuration, plugins and rules for this run; problems are usage errors."""
    from gikplint import config as configuration
    from gikplint.host import Host, PluginError, allow_list

    try:
        explicit = configuration.load(Path(args.config)) if getattr(args, "config", None) else None
        run_config = explicit or configuration.discover(str(Path.cwd() / "_"))
        host = Host(allow_list(getattr(args, "plugins", None), run_config.data.get("plugins")))
    except (configuration.ConfigError, PluginError) as e:
        raise UsageError(f"配置有误：{e}") from None
    rules = _rules(host)
    for problem in host.problems:
        say(problem)
    return explicit, host, rules, run_config


def _rules(host):
    from gikplint.check.engine import load_rules
    from gikplint.check.loader import RuleError

    try:
        return load_rules(host)
    except RuleError as e:
        raise UsageError(f"规则文件有误：{e}") from None


def _lint(args) -> int:
    from gikplint.model import severity_rank
    from gikplint.runner import Linter, collect

    explicit, host, rules, run_config = _setup(args)
    formats = host.formats()
    if args.format == "auto":
        import os

        args.format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"
    if args.format not in formats:
        raise UsageError(f"参数错误：--format 应为 auto、{'、'.join(sorted(formats))} 之一，而不是“{args.format}”")
    baseline = None
    if args.baseline:
        from gikplint.baseline import Baseline, BaselineError

        try:
            baseline = Baseline(Path(args.baseline))
        except BaselineError as e:
            raise UsageError(str(e)) from None
    collected = collect(args.paths, host.file_types())
    files = collected.files
    if not files:
        raise UsageError("没有找到可检查的文件（支持 " + "、".join(sorted(host.file_types())) + "）。")
    _refuse_overwriting_inputs(files, (args.output, args.output_sarif, args.output_json, args.output_junit))
    if args.jobs is not None and args.jobs < 0:
        raise UsageError("参数错误：--jobs 应为 0（全部核数）或正整数")
    if args.timeout is not None and args.timeout < 0:
        raise UsageError("参数错误：--timeout 应为 0（不限）或正数（秒）")
    from gikplint.config import ConfigError
    from gikplint.runner import DEFAULT_TIMEOUT, effective_jobs

    import os

    timeout = args.timeout if args.timeout is not None else run_config.data.get("timeout", DEFAULT_TIMEOUT)
    linter = Linter(host, rules, explicit, args.fail_on, args.report_kind, args.published, baseline,
                    timeout=timeout, refused=collected.refused)
    jobs = effective_jobs(args.jobs, len(files), any(os.path.isdir(p) for p in args.paths))
    try:
        results = _lint_all(linter, files, jobs, keep_reports=args.format == "html",
                            progress=args.format == "human" and not args.output)
    except ConfigError as e:  # a configuration found next to one of the files
        raise UsageError(f"配置有误：{e}") from None
    failing = any(
        r.fail_on != "never" and severity_rank(f.severity) >= severity_rank(r.fail_on)
        for r in results for f in r.findings
    )
    code = EXIT_FINDINGS if failing else EXIT_OK
    from gikplint.runner import Run

    run = Run(results, code, rules, quiet=args.quiet)
    _emit(formats[args.format], run, args.output)
    for fmt, target in (("sarif", args.output_sarif), ("json", args.output_json), ("junit", args.output_junit)):
        if target:
            _emit(formats[fmt], run, target)
    return code


def _refuse_overwriting_inputs(files: list[str], outputs) -> None:
    """-o and --output-* never name a file that is being linted."""
    import os

    inputs = {os.path.realpath(f) for f in files}
    for target in outputs:
        if target and os.path.realpath(target) in inputs:
            from gikplint.textsafe import shown_path

            raise UsageError(f"输出文件 {shown_path(target)} 是要检查的文件之一，gikplint 不会覆盖输入文件：请换一个输出文件名。")


def _emit(write, run, target) -> None:
    """Write one output; a file that cannot be written is reported, and the exit code stays."""
    if not target:
        write(run, sys.stdout)
        return
    import io

    buf = io.StringIO()
    write(run, buf)
    try:
        Path(target).write_text(buf.getvalue(), encoding="utf-8")
    except OSError as e:
        from gikplint.textsafe import shown_path

        say(f"无法写入 {shown_path(target)}（{e.strerror}）")


def _lint_all(linter, files, jobs: int, keep_reports: bool, progress: bool):
    """Lint every file; a progress bar on a terminal for folders, never in pipes or CI."""
    import os

    from gikplint.runner import lint_stream

    show = progress and len(files) > 1 and sys.stderr.isatty() and not os.environ.get("CI")
    if not show:
        return list(lint_stream(linter, files, jobs, keep_reports))
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("检查中", total=len(files))
        return list(lint_stream(linter, files, jobs, keep_reports, advance=lambda: bar.advance(task)))


def _rules_cmd_parser():
    p = _Parser(prog="gikplint rules", description="列出全部规则（包括插件的规则）。")
    p.add_argument("--format", choices=("human", "json"), default="human")
    _run_options(p)
    return p


def _rules_cmd(argv):
    args = _rules_cmd_parser().parse_args(argv)
    _, _, rules, _ = _setup(args)
    if args.format == "json":
        import json

        print(json.dumps({"rules": [
            {"code": r.code, "name": r.name, "severity": r.severity, "kind": r.kind, "summary": r.summary,
             "plugin": r.plugin}
            for r in rules
        ]}, ensure_ascii=False, indent=2))
    else:
        from gikplint.model import SEVERITY_ZH

        for r in rules:
            print(f"{r.code}  {SEVERITY_ZH[r.severity]}  {r.name:<30} {r.kind:<18} {r.summary}")
    return EXIT_OK


def _explain(argv: list[str]) -> int:
    p = _Parser(prog="gikplint explain", description="说明一条规则：检查什么、为什么、示例和改法。")
    p.add_argument("code", metavar="CODE", help="规则代码，如 GK410，或规则名称，如 balance")
    _run_options(p)
    args = p.parse_args(argv)
    from gikplint.ruledoc import text

    want = args.code.strip()
    _, _, rules, _ = _setup(args)
    rule = next((r for r in rules if want.upper() == r.code or want == r.name), None)
    if rule is None:
        raise UsageError(f"没有规则“{want}”；gikplint rules 列出全部规则。")
    print(text(rule))
    return EXIT_OK


def _plugins(argv: list[str]) -> int:
    p = _Parser(prog="gikplint plugins", description="列出加载的插件：名称、版本和它们提供的内容。")
    p.add_argument("--format", choices=("human", "json"), default="human")
    _run_options(p)
    args = p.parse_args(argv)
    _, host, rules, _ = _setup(args)
    rows = []
    kinds = dict(host.each("gikplint_check_kinds"))
    types = dict(host.each("gikplint_file_types"))
    formats = dict(host.each("gikplint_output_formats"))
    defaults = dict(host.each("gikplint_default_config"))
    for info in host.plugins:
        if not host.pm.has_plugin(info.name):
            continue
        rows.append({
            "name": info.name, "version": info.version, "module": info.module,
            "rules": [r.code for r in rules if r.plugin == info.name],
            "kinds": sorted(kinds.get(info.name, {})),
            "file_types": sorted(types.get(info.name, [])),
            "formats": sorted(formats.get(info.name, {})),
            "default_config": defaults.get(info.name, {}),
        })
    if args.format == "json":
        import json

        print(json.dumps({"plugins": rows}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        print(f"{row['name']} {row['version']}（{row['module']}）")
        parts = []
        if row["rules"]:
            parts.append(f"规则 {len(row['rules'])} 条：{' '.join(row['rules'][:8])}{' …' if len(row['rules']) > 8 else ''}")
        if row["kinds"]:
            parts.append(f"检查类型：{'、'.join(row['kinds'][:8])}{' …' if len(row['kinds']) > 8 else ''}")
        if row["file_types"]:
            parts.append(f"文件类型：{' '.join(row['file_types'])}")
        if row["formats"]:
            parts.append(f"输出格式：{'、'.join(row['formats'])}")
        if row["default_config"]:
            parts.append(f"默认配置：{row['default_config']}")
        for part in parts:
            print(f"  {part}")
    return EXIT_OK


def _baseline(argv: list[str]) -> int:
    p = _Parser(prog="gikplint baseline", description="记录当前的全部问题；之后用 --baseline FILE 只报告新问题。")
    p.add_argument("action", choices=("write",))
    p.add_argument("file", metavar="FILE", help="基线文件（JSON）")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--report-kind", choices=("department", "government"))
    _run_options(p)
    args = p.parse_args(argv)
    from gikplint import baseline
    from gikplint.runner import Linter, collect

    explicit, host, rules, run_config = _setup(args)
    collected = collect(args.paths, host.file_types())
    files = collected.files
    if not files:
        raise UsageError("没有找到可检查的文件。")
    linter = Linter(host, rules, explicit, None, args.report_kind, refused=collected.refused)
    results = [linter.lint(f) for f in files]
    count = baseline.write(Path(args.file), results)
    print(f"已把 {len(files)} 个文件的 {count} 个问题记入基线 {args.file}。")
    return EXIT_OK
