"""What the spreadsheet outputs (csv, xlsx) share: a report's row for the
summary, a finding's row, in Chinese, with a place a person can find."""
from __future__ import annotations

from gikplint.emit import report_info, severity_counts, sorted_findings
from gikplint.locate import place
from gikplint.model import SEVERITY_ZH
from gikplint.textsafe import clean, shown_path

FORMAT_NAMES = {"2019": "60号（2019）", "2021": "30号（2021）"}
SUMMARY_HEADER = ["文件", "机关", "年度", "格式", "状态", "错误", "警告", "提示", "发布晚于时限", "雷同", "说明"]
FINDING_HEADER = ["文件", "机关", "年度", "代码", "规则", "级别", "位置", "行", "问题", "建议改为"]


def status(result) -> str:
    if result.not_a_report:
        return "不是年度报告"
    codes = {f.code for f in result.findings}
    if "GK901" in codes:
        return "无法读取"
    severities = {f.severity for f in result.findings}
    return "有错误" if "error" in severities else "有警告" if "warning" in severities else "通过"


def facts(result) -> tuple[dict, dict, bool, bool]:
    """What a report's summary row shows, in every format that has one: its
    ReportInfo, its counts by severity, whether it was late (GK703), whether 雷同 (GK802)."""
    codes = {f.code for f in result.findings}
    return report_info(result), severity_counts(result), "GK703" in codes, "GK802" in codes


def summary_row(result) -> list:
    info, count, late, copied = facts(result)
    note = result.not_a_report or "；".join(result.notes)
    return [shown_path(result.path), info["agency"] or "", info["year"] or "", FORMAT_NAMES.get(info["template"], ""),
            status(result), count["error"], count["warning"], count["info"], "是" if late else "",
            "是" if copied else "", clean(note)]


def missing_row(agency: str) -> list:
    return ["", clean(agency), "", "", "缺报", "", "", "", "", "", "名单中的机关，本批次中没有它的报告"]


def finding_rows(result, titles: dict):
    info = report_info(result)
    for f in sorted_findings(result):
        yield [shown_path(result.path), info["agency"] or "", info["year"] or "", f.code, titles.get(f.code, f.name),
               SEVERITY_ZH[f.severity], place(f.location, with_labels=True), f.location.line or "", f.message, f.fix or ""]


def safe_cells(row: list) -> list:
    """A cell that a spreadsheet would run as a formula (=, +, -, @ first) is shown as text."""
    return [("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v) for v in row]
