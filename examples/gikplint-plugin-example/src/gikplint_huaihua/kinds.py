"""A check kind of this plugin's own: the contact telephone in the preamble
must carry its area code (seen without one: 7333735, 2509910)."""
import re
from dataclasses import dataclass

from gikplint.check.kinds import Kind
from gikplint.model import Location

_PHONE_RE = re.compile(r"(?:联系电话|电话|咨询电话)[:：]?\s*((?:[(（]\d{3,4}[)）])?[0-9０-９][0-9０-９\-－—]{4,20})")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


@dataclass
class ContactPhone(Kind):
    """Fields are the YAML keys a rule of this kind accepts (their type
    annotations are checked when the pack loads)."""

    min_digits: int = 10  # area code + number: 0745 1234567 is 11 digits, 010 12345678 also 11
    variables = ("phone",)

    def run(self, report, rule, ctx):
        for p in report.preamble:
            for m in _PHONE_RE.finditer(p.text):
                raw = m[1].strip()
                digits = re.sub(r"\D", "", raw.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
                if _MOBILE_RE.match(digits) or digits.startswith("0") or len(digits) >= self.min_digits:
                    continue
                yield self.finding(report, rule, Location(p.line, section="前言"), phone=raw)
