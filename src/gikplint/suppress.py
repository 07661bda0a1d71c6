"""Suppression comments in .txt/.md/.html reports:

    <!-- gikplint: disable=GK304 -->          the next block (paragraph or table)
    <!-- gikplint: disable-file=GK121,GK103 --> the whole file
    <!-- gikplint: disable -->               every code, next block

A suppression that matches nothing is GK904. .docx files use per-path
configuration or the baseline instead. Matching is linear in the number of
findings and suppressions: a file may hold thousands of both."""
from __future__ import annotations

from bisect import bisect_right

from gikplint.model import Finding, Location, Table


def _ranges(doc) -> list[tuple[int, int] | None]:
    """The line range each suppression covers: the block after its comment
    (a paragraph, or a table's first to last line), or None for the whole file."""
    starts = [b.line for b in doc.blocks]  # blocks are in line order
    out = []
    for s in doc.suppressions:
        if s.kind == "disable-file":
            out.append(None)
            continue
        k = bisect_right(starts, s.line)
        nxt = doc.blocks[k] if k < len(doc.blocks) else None
        if nxt is None:
            out.append((s.line, s.line))
        else:
            out.append((nxt.line, nxt.end_line() if isinstance(nxt, Table) else nxt.line))
    return out


def apply(findings: list[Finding], doc, rules: dict) -> list[Finding]:
    sups = doc.suppressions if doc is not None else []
    if not sups:
        return findings
    used = [False] * len(sups)
    # by range, the first suppression of each code (None: every code); ranges
    # are blocks, so two ranges are either the same or disjoint
    by_range: dict[tuple[int, int] | None, dict[str | None, int]] = {}
    for i, (s, r) in enumerate(zip(sups, _ranges(doc))):
        codes = by_range.setdefault(r, {})
        for code in s.codes or (None,):
            codes.setdefault(code, i)
    ranges = sorted(r for r in by_range if r is not None)
    starts = [r[0] for r in ranges]
    whole = by_range.get(None, {})
    kept = []
    for f in findings:
        candidates = [whole]
        if f.line is not None:
            k = bisect_right(starts, f.line) - 1
            if k >= 0 and ranges[k][0] <= f.line <= ranges[k][1]:
                candidates.insert(0, by_range[ranges[k]])
        hits = [c[key] for c in candidates for key in (f.code, None) if key in c]
        if hits:
            used[min(hits)] = True
        else:
            kept.append(f)
    rule = rules.get("GK904")
    if rule is not None:
        for s, u in zip(sups, used):
            if not u:
                what = "、".join(s.codes) or "任何问题"
                kept.append(Finding(rule.code, rule.name, rule.severity,
                                    rule.render(line=s.line, codes=what), Location(s.line),
                                    snippet=doc.snippet(s.line)))
    return kept
