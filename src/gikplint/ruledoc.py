"""One page per rule, from the rule's YAML: `gikplint explain CODE` prints it,
and tools/gen_rule_docs.py writes docs/rules/ from it (a test keeps them in step)."""
from __future__ import annotations

from gikplint.check.loader import BUILTIN, Rule
from gikplint.model import SEVERITY_ZH


def implementation(rule: Rule) -> str:
    """How the docs name what implements a rule: its generic kind, or the built-in check."""
    if rule.kind != BUILTIN:
        return f"检查类型 `{rule.kind}`"
    return f"内置检查 `{type(rule.check).__module__.rsplit('.', 1)[-1]}.py`"


def markdown(rule: Rule) -> str:
    import yaml

    out = [f"# {rule.code} {rule.label}", "",
           f"**{SEVERITY_ZH[rule.severity]}**（{rule.severity}） · 名称 `{rule.name}` · {implementation(rule)}", "",
           rule.summary, "", "## 检查什么，为什么", "", rule.description, ""]
    for ex in rule.examples:
        out += ["## 示例", "", "会报告：", "", "```text", str(ex.get("fires", "")).strip(), "```", ""]
        if ex.get("fix"):
            out += ["改正：", "", "```text", str(ex["fix"]).strip(), "```", ""]
    head = {"code": rule.code} if rule.kind == BUILTIN else {"code": rule.code, "kind": rule.kind}
    out += ["## 规则定义", "", "```yaml",
            yaml.safe_dump({**head, **rule.params}, allow_unicode=True, sort_keys=False, width=100).strip(),
            "```", "", f"消息：`{rule.message}`", ""]
    return "\n".join(out)


def text(rule: Rule) -> str:
    out = [f"{rule.code} {rule.label}（{rule.name}，{SEVERITY_ZH[rule.severity]}）", "", rule.summary, "",
           "为什么：", rule.description]
    for ex in rule.examples:
        out += ["", "会报告：", "  " + str(ex.get("fires", "")).strip().replace("\n", "\n  ")]
        if ex.get("fix"):
            out += ["改正：", "  " + str(ex["fix"]).strip().replace("\n", "\n  ")]
    out += ["", f"定义：{rule.source.rsplit('/rules/', 1)[-1]}（{implementation(rule).replace('`', '')}）"]
    return "\n".join(out)


def index(rules: list[Rule]) -> str:
    out = ["# gikplint 规则", "",
           "本目录由 `python tools/gen_rule_docs.py` 根据 `rules/` 中的 YAML 生成，请勿手工修改。", "",
           "| 代码 | 标题 | 名称 | 级别 | 检查什么 |", "|---|---|---|---|---|"]
    for r in rules:
        out.append(f"| [{r.code}]({r.code}.md) | {r.label} | `{r.name}` | {SEVERITY_ZH[r.severity]} | {r.summary} |")
    return "\n".join(out) + "\n"


def pages(rules: list[Rule]) -> dict[str, str]:
    """File name → content of every page under docs/rules/."""
    out = {f"{r.code}.md": markdown(r) for r in rules}
    out["README.md"] = index(rules)
    return out
