"""publication-deadline: published (or signed) by the deadline of 条例
第四十九条 — a department's report by 31 January of the next year, a
县级以上地方人民政府's own report by 31 March (GK703) — or by a province's
earlier one (a plugin's rule, or `deadlines` in the configuration)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from gikplint.check.base import Check
from gikplint.model import Location, Skip

_LOCAL_GOV_RE = re.compile(r"(?:省|市|县|区|州|盟|旗)(?:人民)?政府$")
_TOWN_RE = re.compile(r"(?:乡|镇|街道)(?:人民)?政府$")
# A region run by a 管委会 (综合实验区, 新区, 开发区) reports as its own level of government;
# a city's 住房和城乡建设管理委员会 is a department.
_REGION_RE = re.compile(r"(?:实验区|试验区|新区|开发区|高新区|示范区)(?:管委会|管理委员会)?$")
_DEPARTMENT_RE = re.compile(r"(?:局|厅|委员会|委|办公室|办|中心|院|所|站|队|处|部|署|馆|社|会|公司)$")
# A report that sums up every unit of its area is the area's government's own report.
_AREA_WIDE_RE = re.compile(r"全(?:省|市|区|县|旗|州)(?:各级|各单位|各部门|共|累计)")


def report_kind(report, ctx) -> str:
    """department, or government for a 县级以上地方人民政府's own report
    (条例 第四十九条); set explicitly with --report-kind or configuration."""
    return kind_of(report, ctx)[0]


def kind_of(report, ctx) -> tuple[str, bool]:
    """(department | government, whether that was known rather than assumed).
    Known: given (--report-kind, configuration), or read from the agency's
    name (…人民政府, a 管委会's 实验区/新区/开发区: government; …局/委/办: a
    department), or from a report that sums up its whole area (全区各单位…).
    Otherwise a department's deadline is assumed, and the finding says so."""
    if ctx.report_kind:
        return ctx.report_kind, True
    agency = report.agency or ""
    if _LOCAL_GOV_RE.search(agency) and not _TOWN_RE.search(agency):
        return "government", True
    if _REGION_RE.search(agency):
        return "government", True
    if agency and _DEPARTMENT_RE.search(agency):
        return "department", True
    section = report.section(1)
    if section is not None and _AREA_WIDE_RE.search(section.text()):
        return "government", True
    return "department", False


def publication(report, ctx):
    """(date, what it is, line): --published, else the page's 发布日期, else the signing date."""
    if ctx.published:
        return ctx.published, "发布日期（--published）", None
    if report.published:
        return report.published, "网页发布日期", None
    if report.signed:
        return report.signed, "落款日期", report.signed_line
    return None, "", None


def month_day(text) -> bool:
    """MM-DD that some year has (02-29 included; 02-30 and 04-31 not)."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{2}-\d{2}", text):
        return False
    try:
        dt.date(2000, int(text[:2]), int(text[3:]))
    except ValueError:
        return False
    return True


def deadline_in(year: int, mmdd: str) -> dt.date:
    """MM-DD in `year`; 02-29 is 28 February in a year that has no 29th."""
    month, day = int(mmdd[:2]), int(mmdd[3:])
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(eq=False, repr=False)
class PublicationDeadline(Check):
    deadlines: dict[Literal["department", "government"], str] = field(
        default_factory=lambda: {"department": "01-31", "government": "03-31"})
    use_config: bool = True  # `deadlines` of the configuration override these (a province's own deadlines)
    variables = ("date", "source", "deadline", "kind", "year", "assumed")

    def __post_init__(self):
        if not all(month_day(v) for v in self.deadlines.values()):
            raise ValueError("deadlines 应形如 {department: \"01-31\", government: \"03-31\"}，且是日历上有的日期")

    def run(self, report, rule, ctx):
        date, source, line = publication(report, ctx)
        if report.year is None:
            return
        if date is None:
            yield Skip(rule.code, "没有网页发布日期或落款日期，未检查发布时限；发布当天可用 --published YYYY-MM-DD 指定。")
            return
        kind, known = kind_of(report, ctx)
        deadlines = {**self.deadlines, **(ctx.deadlines if self.use_config else {})}
        deadline = deadline_in(report.year + 1, deadlines[kind])
        if date > deadline:
            assumed = "" if known else (
                "。未能从机关名称判断报告类型，按部门年度报告的时限检查；如这是县级以上地方人民政府的年度报告，"
                "请用 --report-kind government 或配置项 report-kind 指定")
            yield self.finding(report, rule, Location(line, section="发布"), date=date.isoformat(), source=source,
                               kind="县级以上地方人民政府年度报告" if kind == "government" else "部门年度报告",
                               year=report.year, deadline=f"{deadline.year}年{deadline.month}月{deadline.day}日",
                               assumed=assumed)
