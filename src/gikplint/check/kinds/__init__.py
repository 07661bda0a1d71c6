"""The generic check kinds: reusable check types that rule packs, national
or a province's, instantiate in YAML (as Vale's check types). A kind's
dataclass fields are the YAML keys its rules accept, validated against their
type annotations; a plugin adds its own kinds through gikplint_check_kinds.

    sum                   an arithmetic relation over labelled cells
    pattern               text that must, or must not, appear
    section-keywords      topics a section must speak of
    cells                 a predicate on cells: blank, not a number, negative, out of range
    publication-deadline  published within the deadline

A province engineer who adds a kind writes one file here (or in a plugin)
and one line in KINDS.
"""
from __future__ import annotations

import re

from gikplint.check.base import Check, CheckContext, quoted, table_location


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


def kinds() -> dict[str, type[Check]]:
    """The national generic kinds, by name."""
    from gikplint.check.kinds.cells import Cells
    from gikplint.check.kinds.deadline import PublicationDeadline
    from gikplint.check.kinds.pattern import Pattern
    from gikplint.check.kinds.section_keywords import SectionKeywords
    from gikplint.check.kinds.sum import Sum

    return {
        "sum": Sum,
        "pattern": Pattern,
        "section-keywords": SectionKeywords,
        "cells": Cells,
        "publication-deadline": PublicationDeadline,
    }


Kind = Check  # what a plugin's kind subclasses (the name docs/plugins.md uses)

__all__ = ["Check", "CheckContext", "Kind", "compile_pattern", "kinds", "quoted", "table_location"]
