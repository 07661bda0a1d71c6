"""Loading the rule packs every plugin contributes, and running the rules
over a Report in a CheckContext. A rule that raises becomes a GK903
finding; the others still run."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from gikplint.check.base import CheckContext
from gikplint.check.loader import Rule, RuleError, load_pack
from gikplint.model import Finding, Location, Skip


def load_rules(host) -> list[Rule]:
    """Every rule of every plugin `host` (gikplint.host.Host) has loaded,
    sorted by code. Raises RuleError (file:line: what is wrong) for a
    malformed pack."""
    kinds: dict[str, type] = {}
    owner: dict[str, str] = {}
    for plugin, contributed in host.each("gikplint_check_kinds"):
        for name, cls in contributed.items():
            if name in kinds:
                raise RuleError(f"插件“{plugin}”:0: 检查类型 '{name}' 已由插件“{owner[name]}”注册")
            kinds[name], owner[name] = cls, plugin
    packs = tuple((plugin, Path(p)) for plugin, paths in host.each("gikplint_rule_packs") for p in paths)
    return list(_load(packs, tuple(sorted(kinds.items()))))


@lru_cache(maxsize=8)
def _load(packs: tuple[tuple[str, Path], ...], kinds: tuple) -> tuple[Rule, ...]:
    from gikplint.check.builtin import CODES

    kinds_map = dict(kinds)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for plugin, path in packs:
        national = plugin == "national"
        for rule in load_pack(path, kinds_map, trusted=national, builtins=CODES if national else None):
            if national != rule.code.startswith("GK"):
                raise RuleError(f"{rule.source}: {rule.code}: "
                                + ("国家规则的代码应以 GK 开头" if national else "GK 前缀为国家规则保留，插件规则请使用自己的前缀（如 JX101）"))
            if rule.code in seen:
                raise RuleError(f"{rule.source}: {rule.code}: 代码重复（{seen[rule.code]} 已定义）")
            seen[rule.code] = rule.source
            rule.plugin = plugin
            rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.code))


def engine_finding(rules: dict[str, Rule], which: str, line: int | None = None, **values) -> Finding:
    """A finding of one of the engine's own codes (GK901, GK903, GK904), worded by its rule."""
    rule = rules[which]
    return Finding(which, rule.name, rule.severity, rule.render(**values), Location(line))


def run(report, rules: list[Rule], ctx: CheckContext | None = None) -> tuple[list[Finding], list[Skip]]:
    ctx = ctx or CheckContext()
    by_code = {r.code: r for r in rules}
    findings: list[Finding] = []
    skips: list[Skip] = []
    if report.not_a_report:
        rule = by_code.get("GK902")
        return (list(rule.check.run(report, rule, ctx)) if rule else []), []
    if getattr(report, "predates_format", False):  # the report's note says why nothing was checked
        return [], []
    for rule in rules:
        try:
            for out in rule.check.run(report, rule, ctx):
                (skips if isinstance(out, Skip) else findings).append(out)
        except Exception as e:  # noqa: BLE001 - a broken rule must not stop the others
            if "GK903" in by_code:
                who = f"规则 {rule.code}" + ("" if rule.plugin == "national" else f"（插件“{rule.plugin}”）")
                findings.append(engine_finding(by_code, "GK903", code=who, error=f"{type(e).__name__}: {e}；其余规则照常运行"))
            else:
                raise
    cells = unfilled_cells(report)
    if cells and "GK605" in by_code:
        findings = fold_unfilled(cells, report, findings, by_code["GK605"])
        skips = [s for s in skips if s.cause != "blank"]
    findings.sort(key=lambda f: (f.line or 0, f.code))
    return findings, skips


# What an unfilled template gives rule by rule (a blank cell per table, a
# placeholder per section, a section with one sentence): said once instead.
# (cell-blank, section-empty, leftover-placeholder, problems-section-thin, fee-statement-missing)
UNFILLED = {"GK121", "GK106", "GK605", "GK602", "GK603"}


def unfilled_cells(report) -> int:
    """The number of value cells of tables 2, 3 and 4 when all three are
    there and every cell is empty — not a dash, not a 0: the report is a
    template not yet filled in — else 0."""
    total = 0
    for name in ("t2", "t3", "t4"):
        grid = report.tables.get(name)
        if grid is None or grid.flat or not grid.cells or any(v.raw.strip() for v in grid.cells.values()):
            return 0
        total += len(grid.cells)
    return total


def fold_unfilled(cells: int, report, findings: list[Finding], rule: Rule) -> list[Finding]:
    """One GK605 saying the template is not yet filled in, in place of one
    finding per blank cell, placeholder and section still empty."""
    narrative = sum(1 for f in findings if f.code in UNFILLED and f.code != "GK121")
    message = f"报告尚未填写：统计表格的 {cells} 个单元格都是空的"
    if narrative:
        message += f"，正文有 {narrative} 处仍是模板的提示语或只有一句话"
    message += "。填写完成后再检查，gikplint 会逐项核对表格和正文。"
    summary = Finding(rule.code, rule.name, rule.severity, message, Location(report.title_line, section="标题"))
    return [f for f in findings if f.code not in UNFILLED] + [summary]
