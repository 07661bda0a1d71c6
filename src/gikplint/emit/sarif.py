"""--format sarif: SARIF 2.1.0 as GitHub code scanning takes it.

Every rule of the run is in tool.driver.rules (short and full description,
help as text and Markdown, helpUri); every finding a result with a
repository-relative location (uriBaseId %SRCROOT%), the .docx XPath as a
logical location, and partialFingerprints.primaryLocationLineHash computed
from gikplint's own fingerprint: GitHub cannot hash a binary .docx itself."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from gikplint import __version__
from gikplint.emit import Output
from gikplint.model import LOGICAL

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://github.com/gikplint/gikplint"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _artifact(path: str) -> dict:
    """The file's artifactLocation: relative to the working folder under
    %SRCROOT%, or an absolute file:// URI; percent-encoded byte by byte, so
    any name (2020#1.docx, Chinese, not valid UTF-8) is one valid URI."""
    from urllib.parse import quote

    p = Path(os.path.abspath(path))
    try:
        return {"uri": quote(os.fsencode(p.relative_to(Path.cwd()).as_posix()), safe="/"), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": "file://" + quote(os.fsencode(p.as_posix()), safe="/")}


def _rule(rule) -> dict:
    from gikplint.ruledoc import markdown

    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": rule.description or rule.summary or rule.name},
        "help": {"text": rule.description or rule.summary, "markdown": markdown(rule)},
        "helpUri": f"{HOME}/blob/main/docs/rules/{rule.code}.md",
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["gikplint", rule.kind, rule.plugin], "precision": "high"},
    }


def _results(r, index: dict[str, int]) -> list[dict]:
    """One file's results."""
    out = []
    seen: Counter = Counter()
    for f in r.findings:
        fp = f.fingerprint()
        seen[fp] += 1
        loc = f.location
        line = loc.source_line or loc.line or 1
        region = {"startLine": line, "startColumn": 1}
        if f.snippet and f.snippet.strip():
            region["snippet"] = {"text": f.snippet}
        location = {"physicalLocation": {"artifactLocation": _artifact(r.path), "region": region}}
        logical = [k for k in LOGICAL if getattr(loc, k) is not None]
        if loc.xpath or logical:
            location["logicalLocations"] = [{
                "fullyQualifiedName": loc.xpath or "/".join(str(getattr(loc, k)) for k in logical),
                "kind": "element",
            }]
        result = {
            "ruleId": f.code,
            "level": LEVEL[f.severity],
            "message": {"text": f.message + (f"（建议改为：{f.fix}）" if f.fix else "")},
            "locations": [location],
            "partialFingerprints": {"primaryLocationLineHash": f"{fp}:{seen[fp]}"},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        out.append(result)
    return out


class SarifOutput(Output):
    """One run whose results are written as each file's come."""

    def start(self) -> None:
        rules = sorted(self.rules, key=lambda r: r.code)
        self.index = {r.code: i for i, r in enumerate(rules)}
        head = json.dumps({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "gikplint", "version": __version__, "semanticVersion": __version__,
                                    "informationUri": HOME, "rules": [_rule(r) for r in rules]}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [],
            }],
        }, ensure_ascii=False, indent=2)
        at = head.rindex('"results": []') + len('"results": [')
        self.stream.write(head[:at])
        self.tail = head[at + 1:]
        self.first = True
        self.notes: list[dict] = []

    def file(self, result, payload) -> None:
        self.notes.extend({"level": "note", "message": {"text": note},
                           "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path)}}]}
                          for note in result.notes)
        for item in _results(result, self.index):
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * 8)
            self.stream.write(("\n" if self.first else ",\n") + " " * 8 + text)
            self.first = False

    def finish(self, summary) -> None:
        """The results closed; what reading could not do (a table whose cells
        ran together, a report older than the format) as the invocation's
        notifications: notes, not results."""
        self.stream.write("]" if self.first else "\n      ]")
        if self.notes:
            invocations = [{"executionSuccessful": True, "toolExecutionNotifications": self.notes}]
            self.stream.write(',\n      "invocations": '
                              + json.dumps(invocations, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * 6))
        self.stream.write(self.tail + "\n")


OUTPUT = SarifOutput
