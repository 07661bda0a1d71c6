"""Terminal output: grouped by file, Chinese, a summary by rule. On a
terminal it is drawn with rich (colour, never under NO_COLOR); in pipes,
pre-commit and CI it is plain text, and rich is not even imported."""
from __future__ import annotations

import os
from collections import Counter

from gikplint.emit import counts, sorted_findings
from gikplint.model import SEVERITY_ZH
from gikplint.textsafe import shown_path

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _lines(run):
    """The output as lines of (text, style) segments."""
    results = run.results
    for r in results:
        if not r.findings and not r.skips:
            continue
        if run.quiet:
            if r.findings:
                c = counts([r])
                yield [(f"{shown_path(r.path)}：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}", "")]
            continue
        yield [(shown_path(r.path), "bold underline")]
        for f in sorted_findings(r):
            yield [(f"  {f.line or '-':>5}  ", ""), (SEVERITY_ZH[f.severity], _STYLE[f.severity]),
                   (f"  {f.code} ", "bold"), (f.message, ""), (f"  [{f.name}]", "dim")]
            if f.snippet and f.snippet.strip():
                snippet = " ".join(f.snippet.split())
                yield [(f"         │ {snippet[:70] + '…' if len(snippet) > 70 else snippet}", "dim")]
            if f.fix:
                yield [(f"         建议改为：{f.fix}", "green")]
        for s in r.skips:
            yield [(f"         未检查 {s.code}：{s.message}", "dim")]
        yield []
    by_rule = Counter((f.code, f.name, f.severity) for r in results for f in r.findings)
    if len(results) > 1 and by_rule:
        yield [("按规则统计：", "bold")]
        for (code, name, sev), n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0])):
            yield [(f"  {n:>5}  ", ""), (SEVERITY_ZH[sev], _STYLE[sev]), (f"  {code} {name}", "")]
    c = counts(results)
    clean = sum(1 for r in results if not r.findings)
    yield [(f"共检查 {len(results)} 个文件：", ""), (f"错误 {c['error']}", _STYLE["error"] if c["error"] else ""),
           ("，", ""), (f"警告 {c['warning']}", _STYLE["warning"] if c["warning"] else ""),
           (f"，提示 {c['info']}；{clean} 个文件未发现问题。", "")]


def write(run, stream) -> None:
    fancy = os.environ.get("FORCE_COLOR") or (hasattr(stream, "isatty") and stream.isatty())
    if not fancy:
        for segments in _lines(run):
            stream.write("".join(text for text, _ in segments) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for segments in _lines(run):
        line = Text()
        for text, style in segments:
            line.append(text, style=style or None)
        console.print(line)
