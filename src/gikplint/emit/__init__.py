"""Emitters: one module per output format; none computes what another needs."""
from __future__ import annotations

from gikplint.model import severity_rank
from gikplint.textsafe import clean


def counts(results) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            out[f.severity] += 1
    return out


def report_info(result) -> dict:
    r = result.report
    if r is None:
        return {"title": None, "agency": None, "year": None, "template": None}
    return {
        "title": clean(r.title) if r.title else None,
        "agency": clean(r.agency) if r.agency else None,
        "year": r.year,
        "template": r.template,
        "published": r.published.isoformat() if r.published else None,
        "signed": r.signed.isoformat() if r.signed else None,
    }


def sorted_findings(result):
    return sorted(result.findings, key=lambda f: (f.line or 0, -severity_rank(f.severity), f.code))
