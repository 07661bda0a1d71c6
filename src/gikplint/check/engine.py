"""Running the rules over a Report. A rule that raises becomes a GK903
finding; the others still run."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from gikplint.check.kinds import builtin_kinds
from gikplint.check.loader import Rule, RuleError, load_pack
from gikplint.model import Finding, Skip
from gikplint.resources import data_dir


def pack_paths() -> list[Path]:
    return sorted((data_dir("rules") / "national").glob("*.yaml"))


@lru_cache(maxsize=None)
def _load(paths: tuple[Path, ...]) -> tuple[Rule, ...]:
    kinds = builtin_kinds()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for p in paths:
        for rule in load_pack(p, kinds):
            if rule.code in seen:
                raise RuleError(f"{rule.source}: {rule.code}: 代码重复（{seen[rule.code]} 已定义）")
            seen[rule.code] = rule.source
            rules.append(rule)
    return tuple(sorted(rules, key=lambda r: r.code))


def load_rules(paths: list[Path] | None = None) -> list[Rule]:
    return list(_load(tuple(paths if paths is not None else pack_paths())))


def engine_finding(rules: dict[str, Rule], which: str, line: int | None = None, **values) -> Finding:
    """A finding of one of the engine's own codes (GK901, GK903), worded by its rule."""
    rule = rules[which]
    return Finding(which, rule.name, rule.severity, rule.render(**values), line=line)


def run(report, rules: list[Rule]) -> tuple[list[Finding], list[Skip]]:
    by_code = {r.code: r for r in rules}
    findings: list[Finding] = []
    skips: list[Skip] = []
    if report.empty and "GK902" in by_code:
        return list(by_code["GK902"].check.run(report, by_code["GK902"])), []
    for rule in rules:
        try:
            for out in rule.check.run(report, rule):
                (skips if isinstance(out, Skip) else findings).append(out)
        except Exception as e:  # noqa: BLE001 - a broken rule must not stop the others
            if "GK903" in by_code:
                findings.append(engine_finding(by_code, "GK903", code=rule.code, error=f"{type(e).__name__}: {e}"))
            else:
                raise
    findings.sort(key=lambda f: (f.line or 0, f.code))
    return findings, skips
