"""Text normalisation: the one place that says when two pieces of report
text are "the same" (readers, parse and checks all use it).

    norm      NFKC, no whitespace or invisible characters, unified quotes,
              '1、' → '1.', no Markdown marks or extraction debris
    squash    whitespace and invisible characters removed, nothing else
    gapped    norm, but whitespace between two digits becomes '|' and every
              '1、' is '1.': crawled text whose table cells ran together,
              where a surviving gap is the only trace of a cell boundary
    loose     norm, then punctuation removed too: for comparing headings and
              notes whose punctuation varies (、，。：（）)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARTIFACT_RE = re.compile(r"\[bookmark:[^\]]*\]")
# Whitespace, and the invisible format characters copy-paste and word
# processors leave inside words: zero-width spaces and joiners, word joiner,
# soft hyphen, direction marks and overrides.
_SPACE_RE = re.compile(r"[\s\u00a0\u00ad\u180e\u2000-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3000\ufeff]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "＂": '"'})
_ITEM_RE = re.compile(r"^(\d{1,2})[、,，]")
_MD_RE = re.compile(r"^#+|\*\*|__")


def strip_artifacts(text: str) -> str:
    return _ARTIFACT_RE.sub("", text)


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """NFKC, no whitespace, unified quotes, '1、' → '1.', no Markdown marks or extraction debris."""
    s = unicodedata.normalize("NFKC", strip_artifacts(text))
    s = _SPACE_RE.sub("", s).translate(_QUOTES)
    s = _MD_RE.sub("", s)
    s = _ITEM_RE.sub(r"\1.", s)
    return s


_DIGIT_GAP_RE = re.compile(r"(?<=\d)[\s\u00a0\u3000]+(?=\d)")
_ANY_ITEM_RE = re.compile(r"(\d)、")  # a table value is never followed by 、: a digit before it numbers an item


def gapped(text: str) -> str:
    """norm, keeping a gap between two digits as '|', with every '1、' as '1.'."""
    s = unicodedata.normalize("NFKC", strip_artifacts(text))
    s = _DIGIT_GAP_RE.sub("|", s)
    s = _SPACE_RE.sub("", s).translate(_QUOTES)
    return _ANY_ITEM_RE.sub(r"\1.", s)


def squash(text: str) -> str:
    """Whitespace removed, nothing else changed."""
    return _SPACE_RE.sub("", text)


_PUNCT_RE = re.compile(r"[，,、。．.；;：:（）()“”\"'·]")


def depunct(normed: str) -> str:
    """An already normalised text without punctuation."""
    return _PUNCT_RE.sub("", normed)


def loose(text: str) -> str:
    return depunct(norm(text))
