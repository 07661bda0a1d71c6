"""GK902 not-a-report; and the engine's own codes (GK901, GK903, GK904), which the
runner emits with the rule's metadata rather than a check of their own."""
from __future__ import annotations

from dataclasses import dataclass

from gikplint.check.kinds import Kind


@dataclass(eq=False, repr=False)
class NotAReport(Kind):
    variables = ()

    def run(self, report, rule):
        if report.empty:
            yield self.finding(report, rule, line=1)


@dataclass(eq=False, repr=False)
class Engine(Kind):
    """Emitted by the runner: unreadable input, a rule that raised, an unused suppression."""

    variables = ("reason", "code", "error", "line", "codes")

    def run(self, report, rule):
        return iter(())
