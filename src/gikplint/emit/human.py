"""Terminal output with rich: grouped by file, Chinese, colour only on a TTY
(and never under NO_COLOR)."""
from __future__ import annotations

from collections import Counter

from gikplint.emit import counts, sorted_findings
from gikplint.model import SEVERITY_ZH

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def write(run, stream) -> None:
    results = run.results
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True)
    for r in results:
        if not r.findings and not r.skips:
            continue
        if run.quiet:
            if r.findings:
                c = counts([r])
                console.print(Text(f"{r.path}：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}"))
            continue
        console.print(Text(r.path, style="bold underline"))
        for f in sorted_findings(r):
            line = Text(f"  {f.line or '-':>5}  ")
            line.append(f"{SEVERITY_ZH[f.severity]}", style=_STYLE[f.severity])
            line.append(f"  {f.code} ", style="bold")
            line.append(f"{f.message}")
            line.append(f"  [{f.name}]", style="dim")
            console.print(line)
            if f.snippet and f.snippet.strip():
                snippet = " ".join(f.snippet.split())
                if len(snippet) > 70:
                    snippet = snippet[:70] + "…"
                console.print(Text(f"         │ {snippet}", style="dim"))
            if f.fix:
                console.print(Text(f"         建议改为：{f.fix}", style="green"))
        for s in r.skips:
            console.print(Text(f"         未检查 {s.code}：{s.message}", style="dim"))
        console.print()
    by_rule = Counter((f.code, f.name, f.severity) for r in results for f in r.findings)
    if len(results) > 1 and by_rule:
        console.print(Text("按规则统计：", style="bold"))
        for (code, name, sev), n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0])):
            line = Text(f"  {n:>5}  ")
            line.append(SEVERITY_ZH[sev], style=_STYLE[sev])
            line.append(f"  {code} {name}")
            console.print(line)
    c = counts(results)
    clean = sum(1 for r in results if not r.findings)
    summary = Text(f"共检查 {len(results)} 个文件：")
    summary.append(f"错误 {c['error']}", style=_STYLE["error"] if c["error"] else "")
    summary.append("，")
    summary.append(f"警告 {c['warning']}", style=_STYLE["warning"] if c["warning"] else "")
    summary.append(f"，提示 {c['info']}；{clean} 个文件未发现问题。")
    console.print(summary)
