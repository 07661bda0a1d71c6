"""Check kinds. A kind is a small class whose dataclass fields are exactly the
YAML keys a rule of that kind accepts (besides code, name, severity, message,
description, examples and kind). `variables` lists the placeholders its
messages may use. `run` yields Findings and, where it could not check
something, Skips. The national kinds are declared @dataclass(eq=False,
repr=False): they are never compared, and generating those methods for two
dozen classes costs start-up time pre-commit pays on every commit."""
from __future__ import annotations

import re
from typing import ClassVar, Iterator

from gikplint.model import Finding, Skip

TABLE_ZH = {"t2": "第二部分表格", "t3": "第三部分表格", "t4": "第四部分表格"}
_SHOWN = 40  # a value quoted from the report is cut to this many characters in a message
SECTION_OF_TABLE = {"t2": "二", "t3": "三", "t4": "四"}
NUMERAL_ZH = "一二三四五六"


class Kind:
    variables: ClassVar[tuple[str, ...]] = ()

    def run(self, report, rule) -> Iterator[Finding | Skip]:  # pragma: no cover - interface
        raise NotImplementedError

    @staticmethod
    def finding(report, rule, line=None, where=None, fix=None, **values) -> Finding:
        for k, v in values.items():  # text quoted from the report can be of any length
            if isinstance(v, str) and len(v) > _SHOWN:
                values[k] = v[:_SHOWN // 2] + "…" + v[-8:]
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


def compile_pattern(text) -> re.Pattern:
    """A regular expression from a rule pack, refused (ValueError, in
    Chinese) when invalid or when it nests one unbounded repetition inside
    another, as (a+)+ or (\\d*,?)*: such patterns can take exponential time
    on a crafted report."""
    if not isinstance(text, str):
        raise ValueError(f"正则表达式应为字符串，而不是 {text!r}")
    try:
        compiled = re.compile(text)
    except (re.error, OverflowError, RecursionError) as e:
        raise ValueError(f"正则表达式 '{text}' 有误：{e}") from None
    try:
        import re._parser as sre_parse  # Python 3.11+
        from re import _constants as sre
    except ImportError:  # Python 3.10
        import sre_constants as sre
        import sre_parse
    repeats = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}

    def nested(items, inside: bool) -> bool:
        for op, av in items:
            if op in repeats:
                unbounded = av[1] == sre.MAXREPEAT or av[1] > 1000
                if (unbounded and inside) or nested(av[2], inside or unbounded):
                    return True
            elif op == sre.SUBPATTERN and nested(av[-1], inside):
                return True
            elif op == sre.BRANCH and any(nested(alt, inside) for alt in av[1]):
                return True
            elif op in (sre.ASSERT, sre.ASSERT_NOT) and nested(av[1], inside):
                return True
        return False

    if nested(sre_parse.parse(text), False):
        raise ValueError(f"正则表达式 '{text}' 在重复里又套了不限次数的重复（如 (a+)+），"
                         "遇到特制的文本可能运行极久：请改写（如去掉外层的 + 或 *，或给内层限定次数 {{1,20}}）")
    return compiled


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


__all__ = ["Kind", "Skip", "TABLE_ZH", "builtin_kinds", "cell_where", "compile_pattern", "quoted"]
