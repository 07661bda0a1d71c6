"""--format github: workflow commands that GitHub Actions shows as annotations."""
from __future__ import annotations

from gikplint.emit import Output, Summary, sorted_findings
from gikplint.textsafe import shown_path

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


class GithubOutput(Output):
    def file(self, result, payload) -> None:
        for f in sorted_findings(result):
            line = f.location.source_line or f.line or 1
            message = f.message + (f"（建议改为：{f.fix}）" if f.fix else "")
            self.stream.write(f"::{LEVEL[f.severity]} file={_prop(shown_path(result.path))},line={line},"
                              f"title={_prop(f'{f.code} {self.titles.get(f.code, f.name)}')}::{_data(message)}\n")
        for note in result.notes:
            self.stream.write(f"::notice file={_prop(shown_path(result.path))},title={_prop('gikplint 说明')}::{_data(note)}\n")

    def finish(self, summary: Summary) -> None:
        self.stream.write(f"gikplint：共检查 {summary.files} 个文件：错误 {summary.errors}，警告 {summary.warnings}，"
                          f"提示 {summary.infos}。\n")


OUTPUT = GithubOutput
