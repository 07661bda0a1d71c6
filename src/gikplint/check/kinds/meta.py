"""Format version and publication: GK701 template-version-mismatch, GK702
mixed-version, GK703 publication-late, GK704 publication-date-implausible,
GK705 year-undetermined."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from gikplint.check.kinds import Kind
from gikplint.model import Skip

NOTICE = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}


def expected_version(year: int) -> str:
    return "2019" if year <= 2020 else "2021"


@dataclass(eq=False, repr=False)
class TemplateVersion(Kind):
    check: str  # mismatch | mixed
    variables = ("year", "found", "expected", "found_notice", "expected_notice", "signals")

    def __post_init__(self):
        if self.check not in ("mismatch", "mixed"):
            raise ValueError(f"check 应为 mismatch 或 mixed，而不是 '{self.check}'")

    def run(self, report, rule):
        grid_line = min((g.line for g in report.tables.values() if g.line), default=None)
        if self.check == "mixed":
            if len(report.signals) > 1:
                signals = "；".join(f"{v}年格式：" + "、".join(found) for v, found in sorted(report.signals.items()))
                yield self.finding(report, rule, line=grid_line, where={"section": "二"}, year=report.year or "",
                                   found="", expected="", found_notice="", expected_notice="", signals=signals)
            return
        if report.year is None or report.template is None:
            return
        want = expected_version(report.year)
        if report.template != want:
            yield self.finding(report, rule, line=grid_line, where={"section": "二"}, year=report.year,
                               found=report.template, expected=want, found_notice=NOTICE[report.template],
                               expected_notice=NOTICE[want], signals="")


_LOCAL_GOV_RE = re.compile(r"(?:省|市|县|区|州|盟|旗)人民政府$")


def report_kind(report) -> str:
    """department, or government for a 县级以上地方人民政府's own report
    (条例 第四十九条); set explicitly with --report-kind."""
    kind = report.context.get("report_kind")
    if kind:
        return kind
    agency = report.agency or ""
    if _LOCAL_GOV_RE.search(agency) and not re.search(r"(?:乡|镇|街道)人民政府$", agency):
        return "government"
    return "department"


def publication(report):
    """(date, what it is, line): --published, else the page's 发布日期, else the signing date."""
    if report.context.get("published"):
        return report.context["published"], "发布日期（--published）", None
    if report.published:
        return report.published, "网页发布日期", None
    if report.signed:
        return report.signed, "落款日期", report.signed_line
    return None, "", None


def _month_day(text) -> bool:
    """MM-DD that some year has (02-29 included; 02-30 and 04-31 not)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{2}-\d{2}", text):
        return False
    try:
        dt.date(2000, int(text[:2]), int(text[3:]))
    except ValueError:
        return False
    return True


def _deadline(year: int, month_day: str) -> dt.date:
    """MM-DD in `year`; 02-29 is 28 February in a year that has no 29th."""
    import calendar

    month, day = int(month_day[:2]), int(month_day[3:])
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(eq=False, repr=False)
class Publication(Kind):
    check: str  # late | implausible
    deadlines: dict = field(default_factory=lambda: {"department": "01-31", "government": "03-31"})
    use_config: bool = True  # `deadlines` of the configuration override these (a province's own deadlines)
    variables = ("date", "source", "deadline", "kind", "year", "problem")

    def __post_init__(self):
        if self.check not in ("late", "implausible"):
            raise ValueError(f"check 应为 late 或 implausible，而不是 '{self.check}'")
        if not isinstance(self.deadlines, dict):
            raise ValueError("deadlines 应形如 {department: \"01-31\", government: \"03-31\"}")
        for k, v in self.deadlines.items():
            if k not in ("department", "government") or not _month_day(v):
                raise ValueError("deadlines 应形如 {department: \"01-31\", government: \"03-31\"}，且是日历上有的日期")

    def run(self, report, rule):
        date, source, line = publication(report)
        if report.year is None:
            return
        if date is None:
            if self.check == "late":
                yield Skip(rule.code, "没有网页发布日期或落款日期，未检查发布时限；发布当天可用 --published YYYY-MM-DD 指定。")
            return
        y = report.year
        kind = report_kind(report)
        kind_zh = "县级以上地方人民政府年度报告" if kind == "government" else "部门年度报告"
        values = dict(date=date.isoformat(), source=source, kind=kind_zh, year=y, deadline="", problem="")
        if self.check == "late":
            deadlines = {**self.deadlines, **(report.context.get("deadlines") or {} if self.use_config else {})}
            deadline = _deadline(y + 1, deadlines[kind])
            if date > deadline:
                values["deadline"] = f"{deadline.year}年{deadline.month}月{deadline.day}日"
                yield self.finding(report, rule, line=line, where={"section": "发布"}, **values)
            return
        if date <= dt.date(y, 12, 31):
            values["problem"] = f"早于统计期限结束（{y}年12月31日），报告不可能在年度结束前完成"
        elif date.year > y + 1:
            values["problem"] = f"晚于{y + 1}年，与报告年度不符（是否年份写错？）"
        else:
            return
        yield self.finding(report, rule, line=line, where={"section": "发布"}, **values)


@dataclass(eq=False, repr=False)
class YearUndetermined(Kind):
    variables = ()

    def run(self, report, rule):
        if report.year is None:
            yield self.finding(report, rule, line=report.title_line or 1, where={"section": "标题"})
