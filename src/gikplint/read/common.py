"""What every reader shares: page chrome and metadata found in body text."""
from __future__ import annotations

import datetime as dt
import re

from gikplint.normalize import squash

# Labels of web-page chrome around a published report (政府网站 信息公开 pages).
_CHROME_KEYS = (
    "当前位置", "您的位置", "索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号",
    "发布日期", "发布时间", "主题词", "浏览次数", "访问次数", "来源", "信息来源", "发布机构",
    "公开方式", "公开范围", "有效性", "生成日期", "文号", "分享到", "字号",
    "栏目", "原文链接", "原文地址", "本地目录",  # a crawler's header lines above the article
)
_CHROME_RE = re.compile(r"^(?:%s)[:：]" % "|".join(_CHROME_KEYS))
_PAGE_MARK_RE = re.compile(r"^[-－—]\s*\d{1,3}\s*[-－—]$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
# A crawler's rule above the article ("==== 正文 ===="), its note on links, a stray "正文".
_CRAWLER_RE = re.compile(r"^[=＝\-—*_]{3,}\s*(?:正文)?\s*[=＝\-—*_]*$|^正文[:：]?$|^页面链接与图片详见")
# The end of a portal's chrome when it ran into the article on one line:
# "当前位置：首页…年报 某局2021年度…年度报告 来源：… 时间：… 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： -->"
_CHROME_END_RE = re.compile(r"相关链接[:：]\s*(?:-->)?|-->|文件下载")
_PUBLISHED_RE = re.compile(
    r"发布(?:日期|时间)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_TITLE_RE = re.compile(r"^标\s*题\s*[:：]\s*(.+?)\s*$")


def is_chrome(text: str) -> bool:
    """A line of page chrome (索引号: …, 发布日期: …) or a page marker (- 3 -)."""
    if len(text) > 160:
        return False
    s = squash(text)
    return bool(s) and bool(_CHROME_RE.match(s) or _PAGE_MARK_RE.match(text.strip()) or _CRAWLER_RE.match(text.strip()))


def split_chrome(text: str) -> tuple[str, str] | None:
    """(the portal chrome, the article) of a line where a page's navigation
    and share buttons ran into the article's first words; None otherwise."""
    s = text.strip()
    if len(s) <= 160 or not _CHROME_RE.match(squash(s[:12])):
        return None
    ends = list(_CHROME_END_RE.finditer(s, 0, 600))
    if not ends:
        return None
    cut = ends[-1].end()
    rest = s[cut:].strip()
    return (s[:cut].strip(), rest) if rest else None


def harvest_meta(text: str, meta: dict) -> None:
    """Keep the publication date and page title a chrome line carries."""
    m = _PUBLISHED_RE.search(text)
    if m and "published" not in meta:
        try:
            meta["published"] = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    m = _TITLE_RE.match(text.strip())
    if m and "page_title" not in meta:
        meta["page_title"] = m[1]


_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def is_annotation(line: str) -> bool:
    """A comment `gikplint annotate` wrote into a copy of a text report
    (``<!-- gikplint: GK304 … -->``): read as nothing, so the copy reads as the report."""
    if "<!-- gikplint:" not in line:
        return False
    s = line.strip()
    return s.startswith("<!-- gikplint:") and s.endswith("-->") and parse_suppression(s) is None


def parse_suppression(comment: str) -> tuple[str, list[str]] | None:
    """("disable" | "disable-file", codes) of a comment line such as
    ``<!-- gikplint: disable=GK304,GK121 -->``; None when it is not one.
    Parsed by hand, in one linear pass: the line is untrusted text."""
    s = comment.strip()
    if not (s.startswith("<!--") and s.endswith("-->")):
        return None
    body = s[4:-3].strip()
    if not body.startswith("gikplint:"):
        return None
    kind, _, codes = body[len("gikplint:"):].partition("=")
    kind = kind.strip()
    if kind not in ("disable", "disable-file"):
        return None
    out = [c.strip().upper() for c in codes.split(",") if c.strip()]
    if not all(_CODE_CHARS.issuperset(c) for c in out):
        return None
    return kind, out
