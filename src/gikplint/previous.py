"""Last year's report for a report, for the cross-year rules (GK801–GK804):
the file named with --previous, or the report of the same agency for the
year before, found in a folder (--previous-dir, or `previous-dir` in the
configuration). Agencies are matched by their name as the title gives it,
normalised. What cannot be paired is said as a note, never as a finding."""
from __future__ import annotations

import os
import re

from gikplint.normalize import norm


def agency_key(agency: str | None) -> str | None:
    """An agency's name as pairs are matched: NFKC, no spaces or punctuation."""
    if not agency:
        return None
    return re.sub(r"[\s·・、，,（）()《》“”\"']", "", norm(agency)) or None


class Previous:
    """Finds and parses last year's reports; each folder is indexed once, in
    the process that builds it (the parent, before workers are forked)."""

    def __init__(self, reader, file_types: set[str], file: str | None = None, folder: str | None = None):
        self.reader = reader
        self.file_types = file_types
        self.file = file  # --previous: one report, the previous one of every file in the run
        self.folder = folder  # --previous-dir: wins over the configuration's previous-dir
        self._index: dict[str, dict[tuple[str, int], str]] = {}
        self._parsed: dict[str, tuple[object | None, str | None]] = {}

    def index(self, folder: str) -> dict[tuple[str, int], str]:
        """(agency key, year) → path of every report under folder."""
        if folder not in self._index:
            from gikplint.runner import collect

            found: dict[tuple[str, int], str] = {}
            for path in collect([folder], self.file_types).files:
                report, _ = self.parse(path)
                if report is None or report.not_a_report:  # a news page or a list of reports names no year's report
                    continue
                key = agency_key(report.agency)
                if key and report.year:
                    found.setdefault((key, report.year), path)
            self._index[folder] = found
        return self._index[folder]

    def parse(self, path: str):
        """(the Report, None) or (None, why it could not be read)."""
        if path not in self._parsed:
            from gikplint.parse.report import parse
            from gikplint.read import ReadError, read

            try:
                self._parsed[path] = (parse(read(path, self.reader)), None)
            except ReadError as e:
                self._parsed[path] = (None, str(e))
            except Exception as e:  # noqa: BLE001 - last year's file never stops this year's check
                self._parsed[path] = (None, f"读取时出错（{type(e).__name__}）")
            if len(self._parsed) > 64:  # keep a few: a folder run pairs each report once
                self._parsed.pop(next(iter(self._parsed)))
        return self._parsed[path]

    def wanted(self, settings) -> bool:
        return bool(self.file or self.folder or settings.previous_dir)

    def for_report(self, report, settings) -> tuple[object | None, str | None]:
        """(last year's Report, None), or (None, a note saying why there is none)."""
        from gikplint.textsafe import shown_path

        if self.file:
            previous, why = self.parse(self.file)
            if previous is None:
                return None, f"上一年度报告 {shown_path(self.file)} 无法读取（{why}），未做跨年度检查（GK801–GK804）"
            if report.year and previous.year and previous.year != report.year - 1:
                return None, (f"--previous 给出的是 {previous.year} 年度的报告，不是本报告（{report.year} 年度）"
                              "的上一年度，未做跨年度检查（GK801–GK804）")
            mine, theirs = agency_key(report.agency), agency_key(previous.agency)
            if mine and theirs and mine != theirs:
                return None, (f"--previous 给出的是{previous.agency}的报告，不是本报告的机关（{report.agency}）的，"
                              "未做跨年度检查（GK801–GK804）")
            return previous, None
        folder = self.folder or settings.previous_dir
        if not report.agency or not report.year:
            return None, "无法确定本报告的机关或年度，无法在上一年度报告中配对，未做跨年度检查（GK801–GK804）"
        path = self.index(folder).get((agency_key(report.agency), report.year - 1))
        if path is None:
            return None, (f"在 {shown_path(folder)} 中没有找到{report.agency} {report.year - 1} 年度的报告，"
                          "未做跨年度检查（GK801–GK804）")
        previous, why = self.parse(path)
        if previous is None:
            return None, f"上一年度报告 {shown_path(path)} 无法读取（{why}），未做跨年度检查（GK801–GK804）"
        return previous, None

    def prepare(self, configured: list[str]) -> None:
        """Read, before the workers are forked, what the run will look in: the
        file named (read once, not in each report's time budget), or every folder."""
        if self.file:
            self.parse(self.file)
            return
        for folder in [self.folder] if self.folder else dict.fromkeys(configured):
            if folder and os.path.isdir(folder):
                self.index(folder)
