"""Document → Report: title, agency, year, format version, preamble, the six
sections, trailer, the statistics period and tables 2/3/4 as Grids.

Parsing is tolerant: a missing section or a broken table becomes part of the
Report (and later a finding), never an exception. It builds its own
structures and never changes the reader's Document. The Report offers the
views of its text that checks need, so no check reads the Document.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from gikplint.model import Document, Location, Paragraph, Table
from gikplint.normalize import norm, squash, strip_artifacts
from gikplint.parse import flat, lexer, sections, structure, tables, templates
from gikplint.textsafe import shown

_YEAR_RE = re.compile(r"(20\d{2})年")
_PERIOD_WORD_RE = re.compile(r"统计(?:期限|时限|期间|周期|时间|区间)|数据统计|统计截止")
_DATE_IN_TEXT = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_PERIOD_RE = re.compile(_DATE_IN_TEXT + r"(?:起)?[，,]?(?:至|到|—|-|~|－)" + _DATE_IN_TEXT)
_AGENCY_RE = re.compile(r"^(.*?)(?:\d{4}年度?)?(?:政府)?信息公开")


@dataclass
class Section:
    number: int
    heading: str
    line: int
    blocks: list = field(default_factory=list)
    source: Location | None = None  # the heading's own coordinates (a PDF's page)
    _paragraphs: list | None = field(default=None, repr=False)  # the body paragraphs, once asked for

    def paragraphs(self) -> list[Paragraph]:
        if self._paragraphs is None:
            self._paragraphs = [b for b in self.blocks if isinstance(b, Paragraph) and not b.meta]
        return self._paragraphs

    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs())

    @property
    def has_table(self) -> bool:
        return any(isinstance(b, Table) for b in self.blocks)

    @property
    def numeral(self) -> str:
        return sections.spec(self.number).numeral


@dataclass
class Period:
    start: dt.date | None
    end: dt.date | None
    text: str
    line: int


# the matters a report's body speaks of (条例 第五十条)
_MATTERS = ("主动公开", "申请", "行政复议", "行政诉讼", "改进", "统计期限", "信息处理费")


@dataclass(slots=True)
class Text:
    """A piece of the report's text and where it is (the Location is built
    when asked for: most texts never are)."""

    text: str
    line: int | None
    source: Location | None = None
    section: str | None = None

    @property
    def location(self) -> Location:
        if self.source is not None:
            return self.source.with_(line=self.line)
        return Location(self.line, section=self.section)


@dataclass
class Report:
    path: str
    format: str  # the reader's kind: docx, html, text, markdown
    lines: list[str] = field(default_factory=list)  # the derived text, for snippets
    blocks: list = field(default_factory=list)  # parse's own blocks, in order
    title: str | None = None
    title_line: int | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None  # "2019" (60号) or "2021" (30号), from the tables
    signals: dict[str, list[str]] = field(default_factory=dict)  # version → its signals found in the tables
    preamble: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signer: str | None = None
    signed: dt.date | None = None
    signed_line: int | None = None
    published: dt.date | None = None
    period: Period | None = None
    tables: dict[str, tables.Grid] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the reading could not do (said once, never blamed on the author)
    predates_format: bool = False  # a report for a year before the 60号/30号 format: no rule applies
    pictured: set = field(default_factory=set)  # tables not found where the PDF has a picture: maybe a picture of them
    _views: dict = field(default_factory=dict, repr=False)

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def paragraphs(self) -> list[Paragraph]:
        """The preamble's and every section's paragraphs, in order, as text
        rules read them: in a PDF or its text, where every printed line is a
        line, the lines a paragraph wrapped over are joined again (built
        once: the report does not change)."""
        if "paragraphs" not in self._views:
            out = list(self.preamble)
            for s in self.sections:
                out.extend(s.paragraphs())
            self._views["paragraphs"] = unwrap(out) if self.format in _WRAPPED_FORMATS else out
        return self._views["paragraphs"]

    def flattened_lines(self) -> set[int]:
        """Lines that hold a whole article flattened (two section headings or
        more on one line): their first words are no excerpt for a finding."""
        if "flattened" not in self._views:
            seen = Counter(s.line for s in self.sections)
            self._views["flattened"] = {line for line, n in seen.items() if n > 1}
        return self._views["flattened"]

    def snippet(self, line: int | None) -> str:
        if line and 0 < line <= len(self.lines):
            return self.lines[line - 1]
        return ""

    @property
    def first_line(self) -> int:
        """Where a finding about the whole report points: the preamble, else the first block."""
        if self.preamble:
            return self.preamble[0].line
        return next((b.line for b in self.blocks), 1)

    @property
    def not_a_report(self) -> str | None:
        """Why this is not a 政府信息公开 annual report (None when it is one),
        told cheaply from what parse found. A report has a statistics table,
        three of the six sections, or its title over a body that speaks of
        the report's matters (a section, words of at least two of them:
        主动公开, 申请, 复议…, or a few sentences) — headings numbered
        otherwise or not at all, or a report cut short, are still a report. A README or a news page has none of these; a
        portal's list of reports, or a page whose report is an attached PDF,
        has a title and nothing under it; a notice about the reports
        (关于做好…年度报告…的通知), a work plan (…政务公开工作要点), news of
        a report (我市发布…年度报告) or an explainer (图解：…) may list the
        six headings, but its first line names what it is."""
        if self.tables or self.predates_format:
            return None
        first = next((b.text.strip() for b in self.blocks if isinstance(b, Paragraph) and b.text.strip()), "")
        if not self.title and len(first) <= 80 and lexer.OTHER_DOCUMENT_RE.search(first.lstrip("# ")):
            return "是关于年度报告的通知、新闻、解读或工作安排，不是年度报告本身"
        numbers = {s.number for s in self.sections}
        if len(numbers) >= 3 or self.title and (numbers or self._matters() >= 2 or len(self._body()) >= 200):
            return None
        if self._matters() >= 3 and re.search(r"本(?:年度)?报告|统计期限", self._body()):
            return None  # a report whose title was lost: its preamble speaks of itself
        if self.title:
            return "只有年度报告的标题，没有正文（六个部分或统计表格），正文可能在附件或图片中，或这是报告的列表页"
        return "不是年度报告（没有年度报告的标题、六个部分或统计表格）"

    def _body(self) -> str:
        """The paragraphs' text, without the short lines that name a report (a title, a list of them)."""
        if "body" not in self._views:
            self._views["body"] = "".join(p.text for p in self.paragraphs() if len(p.text) > 60 or "年度报告" not in p.text)
        return self._views["body"]

    def _matters(self) -> int:
        """How many of a report's matters its body names."""
        body = self._body()
        return sum(word in body for word in _MATTERS)

    def texts(self, scope: str) -> list[Text]:
        """The report's text as checks read it, by scope:
        preamble    the preamble as one text (PDF text wraps a name over lines)
        narrative   every paragraph, the section headings and the title
        everything  the narrative, and the labels and notes in the tables
        """
        if scope not in self._views:
            self._views[scope] = self._texts(scope)
        return self._views[scope]

    def _texts(self, scope: str) -> list[Text]:
        if scope == "preamble":
            if not self.preamble:
                return []
            first = self.preamble[0]
            return [Text("".join(p.text for p in self.preamble), first.line, first.source)]
        if scope == "everything":
            out = list(self.texts("narrative"))
            for b in self.blocks:
                if isinstance(b, Table):  # labels and notes; a number is never a placeholder
                    out.extend(Text(c.text, c.line, c.source) for row in b.rows() for c in row
                               if c.text and not tables.is_value_text(c.text))
            return out
        out = [Text(p.text, p.line, p.source) for p in self.paragraphs()]
        out += [Text(self.snippet(s.line) or s.heading, s.line, section=s.numeral) for s in self.sections]
        if self.title_line:
            out.append(Text(self.snippet(self.title_line), self.title_line, section="标题"))
        return out


def parse(doc: Document) -> Report:
    blocks = lexer.unflatten(doc.blocks)  # a new list: the reader's stays as it was
    toks = lexer.lex(blocks)
    o = structure.outline(toks)
    r = Report(doc.path, doc.kind, doc.lines, blocks)
    r.notes.extend(doc.meta.get("notes", []))  # what the reader could not do
    if o.title:
        r.title = "".join(squash(strip_artifacts(blocks[t.index].text)).lstrip("#") for t in o.title)
        r.title_line = blocks[o.title[0].index].line
    elif lexer.is_title_text(norm(doc.meta.get("page_title") or "")):
        # a crawled page keeps the title only in its header ("标题: …") or the portal's own heading
        r.title = squash(doc.meta["page_title"])
        r.title_line = next((b.line for b in blocks if isinstance(b, Paragraph) and b.meta
                             and doc.meta["page_title"] in b.text), None)
    r.preamble = [blocks[t.index] for t in o.preamble if isinstance(blocks[t.index], Paragraph)]
    for heading, body in o.sections:
        b = blocks[heading.index]
        text = strip_artifacts(heading.text).strip().lstrip("#").strip()
        r.sections.append(Section(heading.number, text, b.line, [blocks[t.index] for t in body], b.source))
    if o.date is not None:
        y, m, d = lexer.sign_date(blocks[o.date.index].text)
        r.signed, r.signed_line = _date(y, m, d), blocks[o.date.index].line
    if o.signer is not None:
        r.signer = blocks[o.signer.index].text
    if r.signed is None:  # some reports put the signing date under the title
        for t in o.head_meta + o.preamble[:3]:
            b = blocks[t.index]
            date = lexer.sign_date(b.text) if isinstance(b, Paragraph) else None
            if date:
                r.signed, r.signed_line = _date(*date), b.line
                break
    r.published = doc.meta.get("published")
    r.period = _period(r)
    r.agency = _agency(r.title or doc.meta.get("page_title") or "")
    r.year = _year(r, doc.meta.get("page_title"))
    first = min(templates.load(v).years[0] for v in templates.VERSIONS)
    if r.year is not None and r.year < first:
        r.predates_format = True
        r.notes.append(f"这是 {r.year} 年度的报告：年度报告的统一格式（国办公开办函〔2019〕60号）自 {first} 年度报告起施行，"
                       "此前的报告不按统一格式编写，gikplint 没有检查这份报告。")
        return r
    r.signals = _signals(r)
    if r.signals:
        r.template = max(r.signals, key=lambda v: (len(r.signals[v]), v))
    tpl = templates.load(r.template) if r.template else templates.for_year(r.year or 2021)
    r.tables = _tables(r, tpl)
    _pictured(r, doc.meta.get("image_pages") or [])
    return r


def _pictured(r: Report, image_pages: list[int]) -> None:
    """A table not found in a section whose pages (or the page after) carry a
    picture: it may have been pasted as an image, which gikplint cannot read.
    Said once as a note; GK107 does not blame the author for it."""
    for name in sections.TABLES:
        section = r.section(sections.of_table(name).number)
        if name in r.tables or section is None or not image_pages:
            continue
        pages = {b.source.page for b in [section, *section.blocks]
                 if getattr(b, "source", None) is not None and b.source.page}
        if not pages:
            continue
        hits = sorted((pages | {max(pages) + 1}) & set(image_pages))
        if hits:
            r.pictured.add(name)
            r.notes.append(f"{sections.table_name(name)}没有找到文字，而第{'、'.join(map(str, hits))}页有图片："
                           "表格可能是以图片插入的，gikplint 读不出图片中的数字，本表未检查。")


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_WRAPPED_FORMATS = ("pdf", "text", "markdown")  # where a line may be a printed line, not a paragraph
_ITEM_START_RE = re.compile(r"(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、是.．]|\d{1,2}[.、．]"
                            r"|第[一二三四五六七八九十]{1,3}[，、是]|[#|\-*•])")


def _width(text: str) -> float:
    """How wide a line prints: a Chinese character 1, a Latin letter, digit or space ½."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text.strip())


def unwrap(paras: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs with their soft wraps joined, where the text is printed
    lines: most lines are as wide as the page's measure, and a line that
    fills it (a paragraph's first line, indented two characters, included)
    runs on into the next unless the next starts an item of its own
    ("（二）", "2.", "一是") or the line ends a sentence with a colon or full
    stop. Narrower lines (headings, table cells, a paragraph's last line)
    end a paragraph; text that is not printed lines is left as it is."""
    widths = sorted(w for w in (_width(p.text) for p in paras) if w >= 8)
    if len(widths) < 5:
        return paras
    full = widths[len(widths) // 2]
    if full > 60 or sum(1 for w in widths if abs(w - full) <= 2.5) < 0.4 * len(widths):
        return paras  # paragraphs of any length: not printed lines
    out: list[Paragraph] = []
    last = ""  # the last printed line taken into out[-1]
    for p in paras:
        text = p.text.strip()
        if (out and _width(last) >= full - 2.5 and not _ITEM_START_RE.match(text) and not _sign_off(text)
                and not norm(last).rstrip("\"'）)」』》").endswith(("。", "！", "？", "：", ":"))):
            prev = out[-1]
            glue = " " if prev.text[-1:].isascii() and prev.text[-1:].isalnum() and text[:1].isascii() and text[:1].isalnum() else ""
            out[-1] = Paragraph(prev.text + glue + text, prev.line, prev.source, prev.meta)
        else:
            out.append(p)
        last = text
    return out


_SIGN_OFF_RE = re.compile(r"(?:\d{4}年\d{1,2}月\d{1,2}日|(?:局|委|办|办公室|政府|中心|院|会|厅|站|所))$")


def _sign_off(text: str) -> bool:
    """A short line that signs the report off (the agency, the date): never a wrapped continuation."""
    s = norm(text)
    return len(s) <= 20 and bool(_SIGN_OFF_RE.search(s))


def _period(r: Report) -> Period | None:
    for p in r.paragraphs():
        s = norm(p.text)
        w = _PERIOD_WORD_RE.search(s)
        if not w:
            continue
        m = _PERIOD_RE.search(s, w.start())
        if not m:
            continue
        y1, m1, d1, y2, m2, d2 = m.groups()
        y1 = int(y1) if y1 else None
        y2 = int(y2) if y2 else y1
        start = _date(y1, int(m1), int(d1)) if y1 else None
        end = _date(y2, int(m2), int(d2)) if y2 else None
        return Period(start, end, m[0], p.line)
    return None


def _agency(title: str) -> str | None:
    """The agency named in the title: what stands before the year or 政府信息公开."""
    s = re.sub(r"^\d{4}年度?", "", norm(title))
    m = _AGENCY_RE.match(s)
    if not m or not m[1]:
        return None
    agency = m[1]
    return agency + "政府" if agency.endswith("人民") else agency


def _year(r: Report, page_title: str | None) -> int | None:
    if r.title:
        m = _YEAR_RE.search(norm(r.title))
        if m:
            return int(m[1])
    if r.period and r.period.start:
        return r.period.start.year
    if page_title:
        m = _YEAR_RE.search(norm(page_title))
        if m:
            return int(m[1])
    first = r.section(1)
    if first:
        years = Counter(int(y) for y in _YEAR_RE.findall(norm(first.text())))
        if years:
            return years.most_common(1)[0][0]
    return None


def _table_texts(r: Report) -> list[str]:
    texts = []
    for b in r.blocks:
        if isinstance(b, Table):
            texts.extend(norm(t) for t in b.texts())
    for n in (2, 3):
        s = r.section(n)
        if s:
            texts.extend(norm(p.text) for p in s.paragraphs() if len(p.text) <= 60 or flat.looks_flat(p.text))
    return texts


def _signals(r: Report) -> dict[str, list[str]]:
    joined = "\n".join(_table_texts(r))
    out = {}
    for v in templates.VERSIONS:
        found = [s for s in templates.load(v).signals if s in joined]
        if found:
            out[v] = found
    return out


_CLASSIFIERS = {  # what tells a table of each section from the others
    "t2": ("第二十条",),
    "t3": ("本年新收", "勾稽", "上年结转", "本年度办理结果", "予以公开", "结转下年度"),
    "t4": ("复议后起诉", "未经复议直接起诉", "行政复议", "行政诉讼"),
}


def _classify(table: Table) -> str | None:
    joined = "".join(norm(t) for t in table.texts())
    scores = {name: sum(joined.count(k) for k in keys) for name, keys in _CLASSIFIERS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else None


def _tables(r: Report, tpl: templates.Template) -> dict[str, tables.Grid]:
    found: dict[str, list[Table]] = {}
    in_section = {id(b): s.number for s in r.sections for b in s.blocks}
    by_section = {spec.number: spec.table for spec in sections.specs() if spec.table}
    for b in r.blocks:
        if isinstance(b, Table):
            name = _classify(b) or by_section.get(in_section.get(id(b)))
            if name:
                found.setdefault(name, []).append(b)
    recognise = {"t2": tables.recognise_t2, "t3": tables.recognise_t3, "t4": tables.recognise_t4}
    out = {}
    for name, fn in recognise.items():
        section = r.section(sections.of_table(name).number)
        grid = None
        if name in found:
            grid = fn(_items(r, found[name]), tpl, found[name][0].line, all(t.structured for t in found[name]))
        else:
            paras = _stream(r, name)
            if paras:
                grid = fn(tables.items_from_paragraphs(paras), tpl, paras[0].line, False)
            if (grid is None or all(i.status == "absent" for i in grid.info.values())) and section is not None:
                ran = flat.recognise(section.paragraphs(), tpl, name)
                if ran is not None:
                    grid = fn(ran.items, tpl, ran.items[0].line if ran.items else section.line, True)
                    grid.flat = True
                    r.notes.append(_flat_note(name, ran))
        if grid is not None and any(i.status != "absent" for i in grid.info.values()):
            out[name] = tables.finish(grid, section.paragraphs() if section else [])
    return out


def _items(r: Report, found: list[Table]) -> list[tables.Item]:
    """The items of a table, its lines that stand outside any table included,
    in document order: an OCR'd or pasted table may be part Markdown table,
    part plain lines ("第二十条第（五）项⏎信息内容 本年处理决定数量⏎行政许可 517645")."""
    ids = {id(t) for t in found}
    section = next((s for s in r.sections if any(id(b) in ids for b in s.blocks)), None)
    items, done = [], set()
    for b in section.blocks if section is not None else []:
        if id(b) in ids:
            items.extend(tables.items_from_table(b))
            done.add(id(b))
        elif isinstance(b, Paragraph) and not b.meta and _table_line(b.text):
            items.extend(tables.items_from_paragraphs([b]))
    for t in found:  # a table found by its content outside its section
        if id(t) not in done:
            items.extend(tables.items_from_table(t))
    return items


def _table_line(text: str) -> bool:
    """A line outside the table that is plainly part of it: a 第二十条 caption,
    a header line (信息内容 …), a label followed by its values set apart
    ("行政许可 517645"), or values alone. A sentence that mentions a row
    ("本年新制作规范性文件4件") is not one."""
    s = norm(text)
    if not 0 < len(s) <= 60 or s.endswith(("。", "；", ";")):
        return False
    if tables.CAPTION_RE.search(s) or s.startswith("信息内容"):
        return True
    parts = text.split()
    return bool(parts) and (all(tables.is_value_text(p) for p in parts) or tables.split_trailing_values(text) is not None)


def _flat_note(name: str, ran: "flat.FlatTable") -> str:
    """What became of a table whose cells ran together, in the author's terms."""
    what = f"{sections.table_name(name)}的单元格在文字中连成了一串（如“{shown(ran.example)}”，抓取或复制网页时丢失了表格格式）"
    done = [row for row in ran.rows if row.values is not None]
    left = ran.unsplit
    if not left:
        return f"{what}：已按模板把每行的数字唯一地拆成各栏，并据此检查。"
    named = "、".join((f"“{shown(row.written)}”行" if row.written else "数值") + f"（{shown(row.run.replace('|', ' '))}）"
                      for row in left[:3])
    more = f"等 {len(left)} 行" if len(left) > 3 else ""
    if not done:
        return f"{what}：数字无法确定地拆成各栏，本表的数值未检查。"
    return (f"{what}：{len(done)} 行已按模板唯一地拆成各栏并检查；{named}{more}的数字无法确定地拆成各栏，"
            "未检查（不是报告的问题）。")


def _stream(r: Report, name: str) -> list[Paragraph]:
    """A table pasted from a web page: one cell per line under its section heading."""
    section = r.section(sections.of_table(name).number)
    if section is None or any(isinstance(b, Table) for b in section.blocks):
        return []
    paras = section.paragraphs()
    keys = _CLASSIFIERS[name]
    for k, p in enumerate(paras):
        if any(key in norm(p.text) for key in keys) and len(p.text) <= 80:
            return paras[k:]
    return []
