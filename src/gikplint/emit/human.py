"""Terminal output: grouped by file, Chinese, a summary by rule. On a
terminal it is drawn with rich (colour, never under NO_COLOR); in pipes,
pre-commit and CI it is plain text, and rich is not even imported."""
from __future__ import annotations

import os

from gikplint.emit import Output, Summary, severity_counts, sorted_findings
from gikplint.locate import place
from gikplint.model import SEVERITY_ZH
from gikplint.textsafe import clean, shown_path

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _file_lines(r, quiet, titles: dict):
    """One file's lines, as lists of (text, style) segments."""
    if quiet == "statistics" or not r.findings and not r.skips and not r.notes and not r.not_a_report:
        return
    if r.not_a_report:
        if not quiet:
            yield [(f"{shown_path(r.path)}：{r.not_a_report}，已跳过", "dim")]
        return
    if quiet:
        if r.findings:
            c = severity_counts(r)
            yield [(f"{shown_path(r.path)}：错误 {c['error']}，警告 {c['warning']}，提示 {c['info']}", "")]
        return
    yield [(shown_path(r.path), "bold underline")]
    for f in sorted_findings(r):
        where = place(f.location) or "全文"
        yield [(f"  {where:>5}  ", ""), (SEVERITY_ZH[f.severity], _STYLE[f.severity]),
               (f"  {f.code} ", "bold"), (f.message, ""), (f"  [{titles.get(f.code, f.name)}]", "dim")]
        if f.snippet and f.snippet.strip():
            snippet = " ".join(f.snippet.split())
            yield [(f"         │ {snippet[:70] + '…' if len(snippet) > 70 else snippet}", "dim")]
        if f.fix:
            yield [(f"         建议改为：{f.fix}", "green")]
    for note in r.notes:
        yield [(f"         说明：{note}", "cyan")]
    for s in r.skips:
        yield [(f"         未检查 {s.code}：{s.message}", "dim")]
    yield []


def _summary_lines(summary: Summary, titles: dict, statistics: bool = False):
    if (summary.files > 1 or statistics) and summary.by_rule:
        yield [("按规则统计：", "bold")]
        for (code, name, sev), n in sorted(summary.by_rule.items(), key=lambda x: (-x[1], x[0])):
            yield [(f"  {n:>5}  ", ""), (SEVERITY_ZH[sev], _STYLE[sev]), (f"  {code} {titles.get(code, name)}", "")]
    without = summary.reports - summary.files_with_findings
    skipped = ""
    if summary.not_reports:
        skipped += f"另有 {summary.not_reports} 个文件不是年度报告，已跳过（--reports-only 可把它们报告为 GK902）。"
    if summary.excluded:
        skipped += f"按排除模式排除了 {summary.excluded} 个文件或文件夹。"
    if summary.missing:
        shown_missing = "、".join(clean(a) for a in summary.missing[:20]) + ("等" if len(summary.missing) > 20 else "")
        yield [(f"名单中有 {len(summary.missing)} 个机关没有报告：{shown_missing}", _STYLE["error"])]
    elif summary.missing is not None:
        yield [("名单中的机关都有报告。", "")]
    yield [(f"共检查 {summary.reports} 个文件：", ""), (f"错误 {summary.errors}", _STYLE["error"] if summary.errors else ""),
           ("，", ""), (f"警告 {summary.warnings}", _STYLE["warning"] if summary.warnings else ""),
           (f"，提示 {summary.infos}；有问题的文件 {summary.files_with_findings} 个，无问题的文件 {without} 个。{skipped}", "")]


class HumanOutput(Output):
    def start(self) -> None:
        fancy = os.environ.get("FORCE_COLOR") or (hasattr(self.stream, "isatty") and self.stream.isatty())
        self.console = None
        if fancy:
            from rich.console import Console

            self.console = Console(file=self.stream, highlight=False, soft_wrap=True)

    def _write(self, lines) -> None:
        if self.console is None:
            for segments in lines:
                self.stream.write("".join(text for text, _ in segments) + "\n")
            return
        from rich.text import Text

        for segments in lines:
            line = Text()
            for text, style in segments:
                line.append(text, style=style or None)
            self.console.print(line)

    def file(self, result, payload) -> None:
        self._write(_file_lines(result, self.quiet, self.titles))

    def finish(self, summary: Summary) -> None:
        self._write(_summary_lines(summary, self.titles, self.quiet == "statistics"))


OUTPUT = HumanOutput
