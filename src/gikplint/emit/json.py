"""--format json: the machine-readable contract (version 1), written file by
file as results come (the same bytes as one json.dumps of the whole run)."""
from __future__ import annotations

import json

from gikplint.emit import Output, Summary, report_info, sorted_findings
from gikplint.locate import labels, place
from gikplint.textsafe import clean, shown_path


def location(loc) -> dict:
    """The location's fields, and where a person finds it: `where` (第12段,
    第三部分表格 第18行 第3列 “…”行“…”列, 第3页), the row's and column's labels."""
    d = loc.as_dict()
    where = place(loc, with_labels=True)
    if where:
        d["where"] = where
    row, column = labels(loc)
    if row:
        d["row_label"] = row
    if column:
        d["column_label"] = column
    return d


def diagnostic(f) -> dict:
    d = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "location": location(f.location),
        "fingerprint": f.fingerprint(),
    }
    if f.fix:
        d["fix"] = f.fix
    return d


def entry(r) -> dict:
    return {
        "path": shown_path(r.path),
        "report": report_info(r),
        "diagnostics": [diagnostic(f) for f in sorted_findings(r)],
        "skipped": [{"code": s.code, "message": s.message} for s in r.skips],
        "notes": list(r.notes),
        **({"not_a_report": r.not_a_report} if r.not_a_report else {}),
    }


def summary(s: Summary) -> dict:
    return {
        "files": s.files,
        "files_with_findings": s.files_with_findings,
        "diagnostics": s.errors + s.warnings + s.infos,
        "errors": s.errors,
        "warnings": s.warnings,
        "infos": s.infos,
        "exit_code": s.exit_code,
        "not_reports": s.not_reports,
        "excluded": s.excluded,
        **({"missing": [clean(a) for a in s.missing]} if s.missing is not None else {}),
    }


def nested(value, depth: int) -> str:
    """json.dumps(value, indent=2) as it reads `depth` levels down a document."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


class JsonOutput(Output):
    def start(self) -> None:
        self.stream.write('{\n  "version": 1,\n  "files": [')
        self.first = True

    def file(self, result, payload) -> None:
        self.stream.write(("\n" if self.first else ",\n") + "    " + nested(entry(result), 2))
        self.first = False

    def finish(self, s: Summary) -> None:
        self.stream.write(("]" if self.first else "\n  ]") + ',\n  "summary": ' + nested(summary(s), 1) + "\n}\n")


OUTPUT = JsonOutput
