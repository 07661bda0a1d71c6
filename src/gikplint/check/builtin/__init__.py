"""The built-in structural checks: one class per code, each in a file named
by its rule, all registered in CODES (as ruff's codes.rs). A national rule
whose YAML has no `kind:` is implemented here; its YAML gives its name,
severity, message and documentation, and the class's fields are the other
YAML keys it accepts.

The engine's own codes (GK901 unreadable input, GK903 a rule or process
failed, GK904 an unused suppression) are emitted by the runner, the engine
and the suppression matcher; their entry names the variables their
messages use.
"""
from __future__ import annotations

from gikplint.check.base import Check
from gikplint.check.builtin.amount_implausible import AmountImplausible
from gikplint.check.builtin.amount_unit_missing import AmountUnitMissing
from gikplint.check.builtin.carry_over_mismatch import CarryOver
from gikplint.check.builtin.label_typo import LabelTypo
from gikplint.check.builtin.missing_section import MissingSection
from gikplint.check.builtin.mixed_version import MixedVersion
from gikplint.check.builtin.narrative_table_mismatch import NarrativeTableMismatch
from gikplint.check.builtin.near_duplicate import NearDuplicate
from gikplint.check.builtin.not_a_report import NotAReport
from gikplint.check.builtin.part_count_mismatch import PartCountMismatch
from gikplint.check.builtin.period_missing import PeriodMissing
from gikplint.check.builtin.period_not_calendar_year import PeriodNotCalendarYear
from gikplint.check.builtin.publication_date_implausible import PublicationDateImplausible
from gikplint.check.builtin.section_empty import SectionEmpty
from gikplint.check.builtin.section_heading_variant import SectionHeadingVariant
from gikplint.check.builtin.section_order import SectionOrder
from gikplint.check.builtin.stale_year import StaleYear
from gikplint.check.builtin.t2_block_missing import T2BlockMissing
from gikplint.check.builtin.t2_header_mismatch import T2HeaderMismatch
from gikplint.check.builtin.t2_row_label import T2RowLabel
from gikplint.check.builtin.t3_columns import T3Columns
from gikplint.check.builtin.t3_note import T3Note
from gikplint.check.builtin.t3_row_labels import T3RowLabels
from gikplint.check.builtin.t3_row_shape import T3RowShape
from gikplint.check.builtin.t4_shape import T4Shape
from gikplint.check.builtin.table_missing import TableMissing
from gikplint.check.builtin.template_version_mismatch import TemplateVersionMismatch
from gikplint.check.builtin.title_missing import TitleMissing
from gikplint.check.builtin.title_wording import TitleWording
from gikplint.check.builtin.valid_docs_chain import ValidDocsChain
from gikplint.check.builtin.year_mismatch import YearMismatch
from gikplint.check.builtin.year_over_year_jump import YearOverYearJump
from gikplint.check.builtin.year_undetermined import YearUndetermined


class EngineCode(Check):
    """A code the engine emits itself; as a check it finds nothing."""

    variables = ("reason", "code", "error", "line", "codes")

    def run(self, report, rule, ctx):
        return iter(())


CODES: dict[str, type[Check]] = {
    "GK101": MissingSection,
    "GK102": SectionOrder,
    "GK103": SectionHeadingVariant,
    "GK104": TitleMissing,
    "GK105": TitleWording,
    "GK106": SectionEmpty,
    "GK107": TableMissing,
    "GK131": LabelTypo,
    "GK201": PeriodMissing,
    "GK202": PeriodNotCalendarYear,
    "GK206": PartCountMismatch,
    "GK207": YearMismatch,
    "GK301": T2BlockMissing,
    "GK302": T2HeaderMismatch,
    "GK303": T2RowLabel,
    "GK304": AmountUnitMissing,
    "GK305": AmountImplausible,
    "GK401": T3Note,
    "GK402": T3Columns,
    "GK403": T3RowShape,
    "GK404": T3RowLabels,
    "GK501": T4Shape,
    "GK601": NarrativeTableMismatch,
    "GK604": StaleYear,
    "GK701": TemplateVersionMismatch,
    "GK702": MixedVersion,
    "GK704": PublicationDateImplausible,
    "GK705": YearUndetermined,
    "GK801": CarryOver,
    "GK802": NearDuplicate,
    "GK803": ValidDocsChain,
    "GK804": YearOverYearJump,
    "GK901": EngineCode,
    "GK902": NotAReport,
    "GK903": EngineCode,
    "GK904": EngineCode,
}
