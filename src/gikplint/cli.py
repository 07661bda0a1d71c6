"""Command line: arguments → run → exit code. The only place that decides
exit codes: 0 nothing at or above the fail level, 1 something is, 2 usage or
configuration error."""
from __future__ import annotations

import argparse
import sys

from gikplint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FAIL_LEVELS = ("error", "warning", "info", "never")
FORMATS = ("human", "json")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code is 2 as well; say it in Chinese
        self.print_usage(sys.stderr)
        sys.stderr.write(f"gikplint：参数错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def _lint_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="gikplint",
        description="检查政府信息公开工作年度报告（.docx、.txt、.md，或包含它们的文件夹）。",
        epilog="其他命令：gikplint rules 列出全部规则；gikplint explain GK410 说明一条规则。"
               "退出码：0 无问题，1 有达到 --fail-on 级别的问题，2 用法或配置错误。",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    p.add_argument("--format", choices=FORMATS, default="human", help="输出格式（默认 human）")
    p.add_argument("--fail-on", choices=FAIL_LEVELS, default="error",
                   help="达到此级别的问题使退出码为 1（默认 error；never 表示总是 0）")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="报告的发布日期（发布当天的门禁传入），用于检查发布时限（GK703）")
    p.add_argument("--report-kind", choices=("department", "government"),
                   help="报告类型：department 部门（次年1月31日前公布）或 government 县级以上地方人民政府"
                        "（次年3月31日前公布）；默认按机关名称推断")
    p.add_argument("--version", action="version", version=f"gikplint {__version__}")
    return p


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应形如 2021-01-31，而不是 '{text}'") from None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "rules":
            return _rules(argv[1:])
        if argv and argv[0] == "explain":
            return _explain(argv[1:])
        if argv in (["--version"], ["-V"]):
            print(f"gikplint {__version__}")
            return EXIT_OK
        return _lint(_lint_parser().parse_args(argv))
    except SystemExit as e:
        return int(e.code or 0)
    except KeyboardInterrupt:
        sys.stderr.write("gikplint：已中断。\n")
        return 130


def _load_rules():
    from gikplint.check.engine import load_rules
    from gikplint.check.loader import RuleError

    try:
        return load_rules()
    except RuleError as e:
        sys.stderr.write(f"gikplint：规则文件有误：{e}\n")
        raise SystemExit(EXIT_USAGE) from None


def _lint(args) -> int:
    from gikplint.model import severity_rank
    from gikplint.runner import collect, lint_file

    rules = _load_rules()
    files = collect(args.paths)
    if not files:
        sys.stderr.write("gikplint：没有找到可检查的文件（支持 .docx、.txt、.md）。\n")
        return EXIT_USAGE
    context = {"published": args.published, "report_kind": args.report_kind}
    results = [lint_file(f, rules, context) for f in files]
    failing = args.fail_on != "never" and any(
        severity_rank(f.severity) >= severity_rank(args.fail_on) for r in results for f in r.findings
    )
    code = EXIT_FINDINGS if failing else EXIT_OK
    if args.format == "json":
        from gikplint.emit import json as emit_json

        print(emit_json.render(results, code))
    else:
        from gikplint.emit import human

        human.render(results)
    return code


def _rules(argv: list[str]) -> int:
    p = _Parser(prog="gikplint rules", description="列出全部规则。")
    p.add_argument("--format", choices=FORMATS, default="human")
    args = p.parse_args(argv)
    rules = _load_rules()
    if args.format == "json":
        import json

        print(json.dumps({"rules": [
            {"code": r.code, "name": r.name, "severity": r.severity, "kind": r.kind, "summary": r.summary}
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
    args = p.parse_args(argv)
    from gikplint.ruledoc import text

    want = args.code.strip()
    rule = next((r for r in _load_rules() if want.upper() == r.code or want == r.name), None)
    if rule is None:
        sys.stderr.write(f"gikplint：没有规则“{want}”；gikplint rules 列出全部规则。\n")
        return EXIT_USAGE
    print(text(rule))
    return EXIT_OK
