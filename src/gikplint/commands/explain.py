"""gikplint explain CODE: what a rule checks, why, an example and the fix."""
from __future__ import annotations

from gikplint.commands import EXIT_OK, UsageError, run_options, session


def add(sub) -> None:
    p = sub.add_parser("explain", help="说明一条规则", description="说明一条规则：检查什么、为什么、示例和改法。")
    p.add_argument("code", metavar="CODE", help="规则代码，如 GK410，或规则名称，如 balance")
    run_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint.ruledoc import text

    want = args.code.strip()
    rules = session(args, paths=False).rules
    rule = next((r for r in rules if want.upper() == r.code or want == r.name), None)
    if rule is None:
        raise UsageError(f"没有规则“{want}”；gikplint rules 列出全部规则。")
    print(text(rule))
    return EXIT_OK
