"""Suppression comments in .txt/.md/.html reports:

    <!-- gikplint: disable=GK304 -->          the next block (paragraph or table)
    <!-- gikplint: disable-file=GK121,GK103 --> the whole file
    <!-- gikplint: disable -->               every code, next block

A suppression that matches nothing is GK904. .docx files use per-path
configuration or the baseline instead."""
from __future__ import annotations

from gikplint.model import Finding, Table


def _end_line(block) -> int:
    if isinstance(block, Table):
        return max((c.line for row in block.grid for c in row), default=block.line)
    return block.line


def attach_ranges(doc) -> None:
    """Give each 'disable' the line range of the block that follows it."""
    for s in doc.meta.get("suppressions", []):
        if s["kind"] == "disable-file":
            s["range"] = None
            continue
        nxt = next((b for b in doc.blocks if b.line > s["line"]), None)
        s["range"] = (nxt.line, _end_line(nxt)) if nxt is not None else (s["line"], s["line"])


def apply(findings: list[Finding], doc, rules: dict) -> list[Finding]:
    sups = doc.meta.get("suppressions", []) if doc is not None else []
    if not sups:
        return findings
    used = [False] * len(sups)
    kept = []
    for f in findings:
        hit = None
        for i, s in enumerate(sups):
            if s["codes"] and f.code not in s["codes"]:
                continue
            if s["range"] is None or (f.line is not None and s["range"][0] <= f.line <= s["range"][1]):
                hit = i
                break
        if hit is None:
            kept.append(f)
        else:
            used[hit] = True
    rule = rules.get("GK904")
    if rule is not None:
        for s, u in zip(sups, used):
            if not u:
                what = "、".join(s["codes"]) or "任何问题"
                kept.append(Finding(rule.code, rule.name, rule.severity,
                                    rule.render(line=s["line"], codes=what), line=s["line"],
                                    snippet=doc.snippet(s["line"])))
    return kept
