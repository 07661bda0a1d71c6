"""--format json: the machine-readable contract (version 1)."""
from __future__ import annotations

import json

from gikplint.emit import counts, report_info, sorted_findings
from gikplint.textsafe import shown_path


def diagnostic(f) -> dict:
    d = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "location": f.location.as_dict(),
        "fingerprint": f.fingerprint(),
    }
    if f.fix:
        d["fix"] = f.fix
    return d


def write(run, stream) -> None:
    stream.write(render(run.results, run.exit_code) + "\n")


def render(results, exit_code: int) -> str:
    c = counts(results)
    doc = {
        "version": 1,
        "files": [
            {
                "path": shown_path(r.path),
                "report": report_info(r),
                "diagnostics": [diagnostic(f) for f in sorted_findings(r)],
                "skipped": [{"code": s.code, "message": s.message} for s in r.skips],
            }
            for r in results
        ],
        "summary": {
            "files": len(results),
            "files_with_findings": sum(1 for r in results if r.findings),
            "diagnostics": sum(c.values()),
            "errors": c["error"],
            "warnings": c["warning"],
            "infos": c["info"],
            "exit_code": exit_code,
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)
