"""--format sarif: SARIF 2.1.0 as GitHub code scanning takes it.

Every rule of the run is in tool.driver.rules (short and full description,
help as text and Markdown, helpUri where the rule has a page); every
finding a result located relative to the repository root (the git top
level of the working folder, else the working folder: uriBaseId %SRCROOT%,
a file outside it an absolute file:// URI), the .docx XPath as a logical
location, and partialFingerprints.primaryLocationLineHash computed from
gikplint's own fingerprint: GitHub cannot hash a binary .docx itself."""
from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from gikplint import __version__
from gikplint.locate import place
from gikplint.emit import Output
from gikplint.model import LOGICAL

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://github.com/gikplint/gikplint"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def source_root(cwd: Path | None = None) -> Path:
    """What %SRCROOT% stands for: the git top level holding the working
    folder (where GitHub resolves paths from), else the working folder."""
    cwd = Path(os.path.abspath(cwd or os.getcwd()))
    for folder in (cwd, *cwd.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return cwd


def _uri_path(p: Path) -> str:
    """A path as RFC 3986 wants it: every byte but unreserved ones and /
    percent-encoded (2020#1.docx, Chinese names, names not valid UTF-8)."""
    from urllib.parse import quote

    return quote(os.fsencode(p.as_posix()), safe="/")


def _artifact(path: str, root: Path) -> dict:
    """The file's artifactLocation: relative to root under %SRCROOT%, or an
    absolute file:// URI (no uriBaseId) for a file outside it."""
    p = Path(os.path.abspath(path))
    try:
        return {"uri": _uri_path(p.relative_to(root)), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        return {"uri": "file://" + _uri_path(p)}


def _rule(rule) -> dict:
    from gikplint.ruledoc import markdown

    summary = rule.summary or rule.title or rule.name
    out = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.description or summary},
        "help": {"text": rule.description or summary, "markdown": markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": ["gikplint", rule.kind, rule.plugin], "precision": "high"},
    }
    if rule.url:
        out["helpUri"] = rule.url
    elif rule.plugin == "national":
        out["helpUri"] = f"{HOME}/blob/main/docs/rules/{rule.code}.md"
    return out


def _results(r, index: dict[str, int], root: Path) -> list[dict]:
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
        location = {"physicalLocation": {"artifactLocation": _artifact(r.path, root), "region": region}}
        logical = [k for k in LOGICAL if getattr(loc, k) is not None]
        if loc.xpath or logical:
            location["logicalLocations"] = [{
                "fullyQualifiedName": loc.xpath or "/".join(str(getattr(loc, k)) for k in logical),
                "kind": "element",
            }]
        where = place(loc, with_labels=True)
        if where:  # where a person finds it in the document (第12段, 第三部分表格 第18行 第3列…)
            location["message"] = {"text": where}
            region["properties"] = {k: v for k, v in (("where", where), ("paragraph", loc.docx_paragraph),
                                                       ("table", loc.docx_table), ("row", loc.docx_row),
                                                       ("cell", loc.docx_cell), ("page", loc.page)) if v}
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
        self.root = source_root()
        head = json.dumps({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {"name": "gikplint", "version": __version__, "semanticVersion": __version__,
                                    "informationUri": HOME, "rules": [_rule(r) for r in rules]}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": "file://" + _uri_path(self.root).rstrip("/") + "/"}},
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
                           "locations": [{"physicalLocation": {"artifactLocation": _artifact(result.path, self.root)}}]}
                          for note in result.notes)
        for item in _results(result, self.index, self.root):
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
