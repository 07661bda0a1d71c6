"""gikplint rules: every rule of the run, the plugins' included."""
from __future__ import annotations

from gikplint.commands import EXIT_OK, run_options, session


def add(sub) -> None:
    p = sub.add_parser("rules", help="列出全部规则", description="列出全部规则（包括插件的规则）。")
    p.add_argument("--format", choices=("human", "json"), default="human")
    run_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    rules = session(args, paths=False).rules
    if args.format == "json":
        import json

        print(json.dumps({"rules": as_json(rules)}, ensure_ascii=False, indent=2))
    else:
        from gikplint.model import SEVERITY_ZH
        from gikplint.textsafe import clean

        for r in rules:
            print(clean(f"{r.code}  {SEVERITY_ZH[r.severity]}  {r.label}（{r.name}）：{r.summary}"))
    return EXIT_OK


def as_json(rules) -> list[dict]:
    """The rules as `gikplint rules --format json` and GET /api/rules give them."""
    return [{"code": r.code, "name": r.name, "title": r.label, "severity": r.severity, "kind": r.kind,
             "summary": r.summary, "plugin": r.plugin, "url": r.url} for r in rules]
