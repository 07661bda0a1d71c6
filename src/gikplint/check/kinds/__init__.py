"""Check kinds. A kind is a small class whose dataclass fields are exactly the
YAML keys a rule of that kind accepts (besides code, name, severity, message,
description, examples and kind). `variables` lists the placeholders its
messages may use. `run` yields Findings and, where it could not check
something, Skips. The national kinds are declared @dataclass(eq=False,
repr=False): they are never compared, and generating those methods for two
dozen classes costs start-up time pre-commit pays on every commit."""
from __future__ import annotations

from typing import ClassVar, Iterator

from gikplint.model import Finding, Skip

TABLE_ZH = {"t2": "第二部分表格", "t3": "第三部分表格", "t4": "第四部分表格"}
SECTION_OF_TABLE = {"t2": "二", "t3": "三", "t4": "四"}
NUMERAL_ZH = "一二三四五六"


class Kind:
    variables: ClassVar[tuple[str, ...]] = ()

    def run(self, report, rule) -> Iterator[Finding | Skip]:  # pragma: no cover - interface
        raise NotImplementedError

    @staticmethod
    def finding(report, rule, line=None, where=None, fix=None, **values) -> Finding:
        return Finding(
            code=rule.code, name=rule.name, severity=rule.severity, message=rule.render(**values),
            line=line, where=dict(where or {}), fix=fix, snippet=report.doc.snippet(line) or None,
        )


def quoted(items, limit: int = 6) -> str:
    items = [f"“{i}”" for i in items]
    if len(items) > limit:
        return "、".join(items[:limit]) + f"等 {len(items)} 项"
    return "、".join(items)


def cell_where(table: str, row: str | None = None, column: str | None = None, source: dict | None = None) -> dict:
    """The logical address of a cell (section, table, row and column keys),
    plus the format's own coordinates where the reader gave them (docx: XPath)."""
    where = {"section": SECTION_OF_TABLE[table], "table": table}
    if row is not None:
        where["row"] = row
    if column is not None:
        where["column"] = column
    where.update(source or {})
    return where


def builtin_kinds() -> dict[str, type]:
    from gikplint.check.kinds import cells, document, meta, sections, shape, sums, text

    return {
        "sections": sections.Sections,
        "title": text.Title,
        "period": text.Period,
        "part-count": text.PartCount,
        "pattern": text.Pattern,
        "section-keywords": text.SectionKeywords,
        "stale-year": text.StaleYear,
        "narrative-counts": text.NarrativeCounts,
        "blank-cells": cells.BlankCells,
        "cell-values": cells.CellValues,
        "amount-unit": cells.AmountUnit,
        "amount-plausible": cells.AmountPlausible,
        "label-typos": cells.LabelTypos,
        "table-missing": shape.TableMissing,
        "t2-blocks": shape.T2Blocks,
        "headers": shape.Headers,
        "row-wording": shape.RowWording,
        "t3-note": shape.T3Note,
        "shape": shape.Shape,
        "row-labels": shape.RowLabels,
        "sum": sums.Sum,
        "template-version": meta.TemplateVersion,
        "publication": meta.Publication,
        "year-undetermined": meta.YearUndetermined,
        "not-a-report": document.NotAReport,
        "engine": document.Engine,
    }


__all__ = ["Kind", "Skip", "TABLE_ZH", "builtin_kinds", "cell_where", "quoted"]
