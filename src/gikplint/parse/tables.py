"""Template-guided recognition of tables 2, 3 and 4.

Whatever the encoding (Word grid, tab-led text, pipe rows, one cell per line,
PDF text with the values on the label's line) a table becomes a sequence of
*items*: label texts followed by the value cells that belong to them. Items
are then matched, in order, against the rows of the template in
grammar/tables-*.yaml. The result is a Grid addressed by the template's own
keys; what does not fit (a row with five values, a label replaced by "0", a
missing row) is recorded in the Grid, never raised.

Recognition ends here: `finish` records on the Grid the facts checks compare
(the 勾稽 note with its wrapped lines joined, the columns missing from the
headers, the units headers give, the label typos seen, the 第二十条 items the
format does not have), so no check re-reads headers or re-runs a pattern.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from gikplint.model import Cell, Location, Paragraph, Table
from gikplint.normalize import depunct, loose, norm, squash
from gikplint.parse.templates import Axis, Template

if TYPE_CHECKING:
    from decimal import Decimal

BLANK_MARKS = {"", "-", "/", "—", "–", "－", "——", "／", "\\"}
# These patterns see untrusted text: each is matched against one token at a
# time, so no input can make them backtrack more than the token's length.
_NUM_RE = re.compile(r"^([-+−])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元)?$")
_VALUE_TOKEN_RE = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:万元|元)?")
_TOKEN_RE = re.compile(r"\S+")
MAX_DIGITS = 18  # a count or an amount with more digits is not a number anyone wrote
CAPTION_RE = re.compile(r"第二十条第\(([一二三四五六七八九十]+)\)项")


@dataclass(slots=True)
class Value:
    raw: str
    kind: str  # "int", "decimal", "blank", "text"
    number: int | Decimal | None
    unit: str | None
    line: int
    source: Location | None

    @property
    def blank(self) -> bool:
        return self.kind == "blank"


def parse_value(cell: Cell) -> Value:
    raw = cell.text.strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS:  # most cells: a plain count
        return Value(raw, "int", int(raw), None, cell.line, cell.source)
    s = norm(raw)
    if s in BLANK_MARKS:
        return Value(raw, "blank", None, None, cell.line, cell.source)
    m = _NUM_RE.match(s)
    if not m:
        return Value(raw, "text", None, None, cell.line, cell.source)
    sign, whole, frac, unit = m.groups()
    digits = whole.replace(",", "")
    if len(digits) > MAX_DIGITS:
        return Value(raw, "text", None, None, cell.line, cell.source)
    if frac:
        from decimal import Decimal  # rare (amounts): not at import

        number: int | Decimal = Decimal(digits + frac)  # the pattern admits only digits
        kind = "decimal"
    else:
        number, kind = int(digits), "int"
    if sign in ("-", "−"):
        number = -number
    return Value(raw, kind, number, unit, cell.line, cell.source)


def _is_blank_mark(cell: Cell) -> bool:
    return norm(cell.text) in BLANK_MARKS


@lru_cache(maxsize=1 << 14)
def is_value_text(text: str) -> bool:
    """A number (with its unit) or a blank mark: what a value cell holds."""
    s = norm(text)
    return s in BLANK_MARKS or bool(_NUM_RE.match(s))


@dataclass
class RowInfo:
    key: str
    label: str  # the template's label
    source_label: str | None = None  # the label as written
    line: int | None = None
    status: str = "absent"  # ok | missing-label | unknown-label | order | absent | shape (t4 split untrusted)
    #                         | unsplit (its cells ran together and could not be told apart: parse.flat)
    #                         | collapsed (its group was written as one row: Grid.collapsed)
    count: int = 0  # value cells found in the row, blanks included
    filled: int = 0  # of which not blank
    source: Location | None = None  # the format's coordinates of its first value
    raw: list[str] = field(default_factory=list)  # the value cells as written, for display


@dataclass
class Header:
    """A header or caption text of a table, and the table-2 block it heads."""

    text: str
    line: int
    block: str | None = None


@dataclass
class Extra:
    """A row the template does not have: its label, its number of values."""

    label: str
    count: int
    line: int


@dataclass
class Typo:
    """A template label written with a known corruption, and its fix (GK131)."""

    text: str  # as written, whitespace removed
    fixed: str
    line: int
    count: int
    lines: list[int] = field(default_factory=list)  # the line of every occurrence


@dataclass
class Note:
    """Table 3's 勾稽 note as written, wrapped lines joined."""

    text: str
    line: int
    whole: bool = True  # written on one line or in one cell (not joined from wrapped lines)


@dataclass
class MissingColumns:
    """Template columns not found, in order, in the headers of table 3 or of a table-2 block."""

    block: str | None  # table 2's block key; None for table 3
    missing: list[str]
    line: int | None


@dataclass
class Collapsed:
    """A group of table 3 written as one row, the other format's way: the
    2021 format's three （六）其他处理 rows as the 2019 format's single row."""

    axis: Axis  # the group
    written: str  # its label as written
    cells: dict[str, Value]  # column key → value
    line: int
    source: Location | None
    rows: list[Axis]  # the template's rows it stands for


@dataclass
class Grid:
    """One recognised table: cells addressed by (row key, column key)."""

    name: str  # t2, t3, t4
    template: Template
    rows: list[Axis]
    columns: dict[str, list[Axis]]  # row key → that row's columns (t2 blocks differ)
    cells: dict[tuple[str, str], Value] = field(default_factory=dict)
    info: dict[str, RowInfo] = field(default_factory=dict)
    headers: list[Header] = field(default_factory=list)
    extra: list[Extra] = field(default_factory=list)  # rows the template does not have
    empty_rows: list[int] = field(default_factory=list)  # lines of rows with no label and no value (t2)
    blocks_seen: list[str] = field(default_factory=list)  # t2: the 第二十条 items whose caption was found
    unknown_blocks: list[Header] = field(default_factory=list)  # t2: captions of items this format lacks
    line: int | None = None
    structured: bool = True
    flat: bool = False  # read from text whose cells ran together (parse.flat)
    values_found: int = 0  # t4: how many values the data row had
    # facts recorded by `finish`
    typos: list[Typo] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)  # amount column key → the unit a header gives
    note: Note | None = None  # t3
    missing_columns: list[MissingColumns] = field(default_factory=list)  # t2 per block, t3
    missing_groups: list[str] = field(default_factory=list)  # t4: 行政复议, 行政诉讼… not in the headers
    collapsed: dict[str, Collapsed] = field(default_factory=dict)  # t3: group key → the one row written for it

    def width(self, row_key: str) -> int:
        return len(self.columns[row_key])

    def row_ok(self, row_key: str) -> bool:
        """True when the row is present and has exactly the template's number of values."""
        info = self.info.get(row_key)
        return info is not None and info.status not in ("absent", "shape") and info.count == self.width(row_key)

    def row_text(self, row_key: str) -> str | None:
        """The row as written: its label and its values."""
        info = self.info.get(row_key)
        if info is None or info.status == "absent":
            return None
        return " ".join([info.source_label or info.label, *info.raw]).strip()

    def unsplit(self, row_key: str) -> bool:
        """True when the row is there but its cells ran together beyond
        certain separation: nothing about its values can be said."""
        info = self.info.get(row_key)
        return info is not None and info.status == "unsplit"

    def get(self, row: str, col: str) -> Value | None:
        return self.cells.get((row, col))

    def amounts(self):
        """(row, column, value, the unit its header gives or None) of every money cell holding a number."""
        for row in self.rows:
            for col in self.columns.get(row.key, []):
                v = self.get(row.key, col.key)
                if col.amount and v is not None and v.kind in ("int", "decimal"):
                    yield row, col, v, col.unit or self.units.get(col.key)

    def __getitem__(self, rc: tuple[str, str]) -> Value | None:
        row, col = rc
        keys = {norm(a.label): a.key for a in self.rows}
        ckeys = {norm(a.label): a.key for cols in self.columns.values() for a in cols}
        return self.cells.get((keys.get(norm(row), row), ckeys.get(norm(col), col)))


# ----------------------------------------------------------------- items

@dataclass
class Item:
    labels: list[tuple[str, int]]  # (text, line)
    values: list[Cell]
    line: int
    cells: list[Cell] = field(default_factory=list)  # a table row's own cells, when rows are known
    unsplit: str | None = None  # a run-together row's digits that could not be split into cells (parse.flat)

    def values_after(self, label_index: int, width: int) -> list[Cell] | None:
        """The cells after the label-th label, when exactly `width` of them:
        text typed into a value cell ("无") is a value, not another label."""
        if not self.cells or label_index >= len(self.labels):
            return None
        text, _ = self.labels[label_index]
        pos = next((i for i, c in enumerate(self.cells) if c.text == text), None)
        after = _trim(self.cells[pos + 1:], width) if pos is not None else []
        return after if len(after) == width else None


def items_from_table(table: Table) -> list[Item]:
    if not table.structured:
        return items_from_cells([c for row in table.grid for c in row])
    items = []
    for row in table.rows():
        cells = [c for c in row if c.text is not None]
        last_label = -1
        for i, c in enumerate(cells):
            if not c.blank and not is_value_text(c.text):
                last_label = i
        if last_label >= 0:
            labels = [(c.text, c.line) for c in cells[: last_label + 1] if not c.blank]
            values = cells[last_label + 1:]
        else:  # no label: leading blanks are merged group columns, unless all are blank
            k = 0
            while k < len(cells) and cells[k].blank:
                k += 1
            labels, values = [], cells[k:] if k < len(cells) else cells
        if labels or values:
            items.append(Item(labels, values, row[0].line if row else table.line, cells))
    return items


def items_from_cells(cells: list[Cell]) -> list[Item]:
    """One cell per line: a label opens an item, the values after it fill it.
    A line that carries a label and its values ("规章 1 0 11", PDF text) is split."""
    items: list[Item] = []
    for c in cells:
        text = c.text.strip()
        if not text:
            continue
        parts = text.split()
        if all(is_value_text(p) for p in parts):
            if not items:
                items.append(Item([], [], c.line))
            items[-1].values.extend(Cell(p, c.line, c.row, c.col, c.source) for p in parts)
            continue
        split = split_trailing_values(text)
        if split:
            label, values = split
            item = Item([(label, c.line)], [], c.line)
            for part in values:
                item.values.append(Cell(part, c.line, c.row, c.col, c.source))
            items.append(item)
        else:
            items.append(Item([(text, c.line)], [], c.line))
    return items


def split_trailing_values(text: str) -> tuple[str, list[str]] | None:
    """("规章", ["1", "0", "11"]) of a line that carries a label and then its
    values ("规章 1 0 11", PDF text); None when it does not end in values, or
    when the label would end in a digit, a unit or punctuation of a number."""
    tokens = list(_TOKEN_RE.finditer(text))
    k = len(tokens)
    while k > 0 and _VALUE_TOKEN_RE.fullmatch(tokens[k - 1][0]):
        k -= 1
    if k == 0 or k == len(tokens):
        return None
    last = tokens[k - 1][0][-1]
    if last.isdecimal() or last in ".,万元-":
        return None
    return text[:tokens[k].start()].strip(), [t[0] for t in tokens[k:]]


def items_from_paragraphs(paras: list[Paragraph]) -> list[Item]:
    return items_from_cells([Cell(p.text, p.line, 0, 0, p.source) for p in paras])


# -------------------------------------------------------------- matching

def _matches(source: str, forms: list[str]) -> bool:
    if not source:
        return False
    return _matches_exactly(source, forms) or _matches_exactly(depunct(source), [depunct(f) for f in forms])


def _matches_exactly(source: str, forms: list[str]) -> bool:
    if not source:
        return False
    for f in forms:
        if source == f or source.startswith(f):
            return True
        if len(f) >= 4 and f in source:
            return True
        if len(source) >= max(4, int(0.6 * len(f))) and (f.startswith(source) or f.endswith(source)):
            return True  # truncated, or written without its numbering
    return False


class _Matcher:
    """Finds which template row a label names. One per template and table,
    shared by every report: its answers are remembered."""

    def __init__(self, axes: list[Axis], tpl: Template):
        self.axes = axes
        self.tpl = tpl
        self.forms = [a.forms() for a in axes]
        self.exact = {}  # most labels are written exactly as in the template
        for i, forms in enumerate(self.forms):
            for f in forms:
                self.exact.setdefault(f, i)
        self.memo: dict[tuple[str, int], int | None] = {}
        self.corrected: dict[str, str] = {}  # label as written → normalised, typos fixed

    def find(self, label: str, start: int = 0) -> int | None:
        s = self.corrected.get(label)
        if s is None:
            if len(self.corrected) > 50_000:
                self.corrected.clear()
            s = self.corrected[label] = self.tpl.correct(norm(label))
        if s in self.exact:
            return self.exact[s]
        key = (s, start)
        if key not in self.memo:
            if len(self.memo) > 50_000:
                self.memo.clear()
            order = list(range(start, len(self.axes))) + list(range(0, start))
            self.memo[key] = next((i for i in order if _matches(s, self.forms[i])), None)
        return self.memo[key]


_MATCHERS: dict[tuple[str, str], _Matcher] = {}


def _matcher(tpl: Template, table: str) -> _Matcher:
    key = (tpl.version, table)
    if key not in _MATCHERS:
        _MATCHERS[key] = _Matcher(tpl.t3_rows if table == "t3" else tpl.t2_rows(), tpl)
    return _MATCHERS[key]


def _trim(values: list[Cell], width: int) -> list[Cell]:
    values = list(values)
    while len(values) > width and values[-1].blank:
        values.pop()
    return values


def _drop_blanks(values: list[Cell], structured: bool) -> list[Cell]:
    return values if structured else [v for v in values if not v.blank]


# ------------------------------------------------------------- table 3

def recognise_t3(items: list[Item], tpl: Template, line: int | None, structured: bool) -> Grid:
    rows = tpl.t3_rows
    data = tpl.t3_data_rows()
    cols = tpl.t3_columns
    grid = Grid("t3", tpl, data, {r.key: cols for r in data}, line=line, structured=structured)
    grid.info = {r.key: RowInfo(r.key, r.label) for r in data}
    matcher = _matcher(tpl, "t3")
    position = {id(a): i for i, a in enumerate(rows)}
    data_index = {id(a): i for i, a in enumerate(data)}
    next_data = 0  # index into `data` of the row expected next
    started = False
    pending: list[str] = []  # label fragments seen without values (wrapped labels, group labels)
    groups: list[Collapsed] = []  # group labels that carried a row of values
    for item in items:
        values = _trim(_drop_blanks(item.values, structured), len(cols))
        real = any(not _is_blank_mark(v) for v in values)
        labels = item.labels
        start = position[id(data[next_data])] if next_data < len(data) else 0
        hit = _find_row(matcher, labels, pending, start)
        data_hit = hit is not None and not rows[hit].group and (bool(values) or item.unsplit is not None)
        if not data_hit and not real:
            if started:
                pending.extend(t for t, _ in labels)
            else:
                grid.headers.extend(Header(t, ln) for t, ln in labels)
            continue
        started, pending = True, []
        if data_hit:
            axis = rows[hit]
            idx = data_index[id(axis)]
            if len(values) != len(cols):
                k = next((i for i, (t, _) in enumerate(labels) if matcher.find(t, start) == hit), None)
                values = (item.values_after(k, len(cols)) if k is not None else None) or values
            status = "unsplit" if item.unsplit is not None else "ok" if idx >= next_data else "order"
            if grid.info[axis.key].status != "absent":
                grid.extra.append(Extra(labels[-1][0], len(values), item.line))
                continue
        elif hit is not None and rows[hit].group and len(values) == len(cols) and _members(rows, hit):
            groups.append(Collapsed(rows[hit], labels[-1][0], {c.key: parse_value(v) for c, v in zip(cols, values)},
                                    item.line, values[0].source, _members(rows, hit)))
            continue
        elif next_data < len(data):
            axis, idx = data[next_data], next_data
            status = "unknown-label" if labels and hit is None else "missing-label"
        else:
            grid.extra.append(Extra(labels[-1][0] if labels else "", len(values), item.line))
            continue
        _fill(grid, axis, cols, values, status, labels, item.line, item.unsplit)
        next_data = max(next_data, idx + 1)
    for g in groups:  # a group row with values and none of its rows: written as one row
        if all(grid.info[r.key].status == "absent" for r in g.rows):
            grid.collapsed[g.axis.key] = g
            for r in g.rows:
                info = grid.info[r.key]
                info.status, info.line, info.source_label, info.source = "collapsed", g.line, g.written, g.source
    return grid


def _members(rows: list[Axis], group: int) -> list[Axis]:
    """The data rows of the template's group at index `group`."""
    out = []
    for r in rows[group + 1:]:
        if r.parent != rows[group].key:
            break
        out.append(r)
    return out


def _find_row(matcher: _Matcher, labels, pending: list[str], start: int) -> int | None:
    """The template row the item's label names: its last label alone, then
    joined with wrapped fragments before it. A data row wins over a group."""
    if not labels:
        return None
    last = labels[-1][0]
    tried = [last] + ["".join(pending[-k:]) + last for k in (1, 2, 3) if len(pending) >= k]
    if len(labels) > 1:
        tried.append("".join(t for t, _ in labels))
    group = None
    for text in tried:
        hit = matcher.find(text, start)
        if hit is not None:
            if not matcher.axes[hit].group:
                return hit
            group = hit if group is None else group
    return group


def _fill(grid: Grid, axis: Axis, cols: list[Axis], values: list[Cell], status: str, labels, line: int,
          unsplit: str | None = None) -> None:
    info = grid.info[axis.key]
    info.status = status
    info.count = len(values)
    info.filled = sum(1 for v in values if not _is_blank_mark(v))
    info.raw = [unsplit] if unsplit is not None else [v.text.strip() for v in values]
    info.source_label = labels[-1][0] if labels else None
    info.line = labels[-1][1] if labels else (values[0].line if values else line)
    info.source = values[0].source if values else None
    if len(values) == len(cols):
        for c, v in zip(cols, values):
            grid.cells[(axis.key, c.key)] = parse_value(v)


# ------------------------------------------------------------- table 2

def recognise_t2(items: list[Item], tpl: Template, line: int | None, structured: bool) -> Grid:
    rows = tpl.t2_rows()
    grid = Grid("t2", tpl, rows, {}, line=line, structured=structured)
    for b in tpl.t2_blocks:
        for r in b.rows:
            grid.columns[r.key] = b.columns
    grid.info = {r.key: RowInfo(r.key, r.label) for r in rows}
    matcher = _matcher(tpl, "t2")
    captions = {b.key: b for b in tpl.t2_blocks}
    block: str | None = None
    for item in items:
        label = item.labels[-1][0] if item.labels else ""
        m = CAPTION_RE.search(norm(label))
        if m:
            block = f"（{m[1]}）"
            grid.blocks_seen.append(block)
            grid.headers.append(Header(label, item.line, block))
            if block not in captions:  # a 第二十条 item this format version does not have
                grid.unknown_blocks.append(Header(label, item.line, block))
            continue
        hit = matcher.find(label) if label else None
        if hit is None:
            real = [v for v in item.values if not _is_blank_mark(v)]
            if real:
                grid.extra.append(Extra(label, len(real), item.line))
            elif not label and structured and item.values:
                grid.empty_rows.append(item.line)
            else:
                grid.headers.extend(Header(t, ln, block) for t, ln in item.labels)
            continue
        axis = rows[hit]
        cols = grid.columns[axis.key]
        values = _trim(_drop_blanks(item.values, structured), len(cols))
        if len(values) != len(cols) and len(item.labels) > 1:
            values = item.values_after(0, len(cols)) or values
        if grid.info[axis.key].status != "absent":
            grid.extra.append(Extra(label, len(values), item.line))
            continue
        _fill(grid, axis, cols, values, "unsplit" if item.unsplit is not None else "ok", item.labels, item.line,
              item.unsplit)
    return grid


# ------------------------------------------------------------- table 4

def recognise_t4(items: list[Item], tpl: Template, line: int | None, structured: bool) -> Grid:
    rows, cols = tpl.t4_rows, tpl.t4_columns
    grid = Grid("t4", tpl, rows, {r.key: cols for r in rows}, line=line, structured=structured)
    grid.info = {r.key: RowInfo(r.key, r.label) for r in rows}
    values: list[Cell] = []
    for item in items:
        grid.headers.extend(Header(t, ln) for t, ln in item.labels)
        if item.unsplit is not None:  # the fifteen values ran together beyond certain separation
            for r in rows:
                info = grid.info[r.key]
                info.status, info.line, info.raw = "unsplit", item.line, [item.unsplit]
            return grid
        if structured and item.labels:
            continue  # header rows carry labels; the data row has none
        values.extend(_drop_blanks(item.values, structured))
    want = len(rows) * len(cols)
    values = _trim(values, want)
    grid.values_found = len(values)
    for i, r in enumerate(rows):
        part = values[i * len(cols):(i + 1) * len(cols)]
        info = grid.info[r.key]
        if not part:
            continue
        info.line, info.source = part[0].line, part[0].source
        if len(values) == want:  # only then is the split into groups trustworthy
            info.status, info.count = "ok", len(part)
            for c, v in zip(cols, part):
                grid.cells[(r.key, c.key)] = parse_value(v)
        else:
            info.status, info.count = "shape", len(part)
        info.filled = sum(1 for v in part if not _is_blank_mark(v))
    return grid


# ------------------------------------------------------ facts for checks

def finish(grid: Grid, section: list[Paragraph]) -> Grid:
    """Record what checks compare: typos, header units, the columns and
    header groups missing from the headers, table 3's note. `section`: the
    paragraphs of the table's section (headers of an OCR'd table may stand
    outside it, as Markdown sub-headings)."""
    tpl = grid.template
    grid.typos = _typos(grid)
    grid.units = _units(grid)
    if grid.name == "t2":
        for b in tpl.t2_blocks:
            texts = [h.text for h in grid.headers if h.block == b.key and not CAPTION_RE.search(norm(h.text))]
            if not texts:
                continue
            missing = _in_order(_joined(texts, tpl), [norm(c.label) for c in b.columns])
            if missing:
                line = next(h.line for h in grid.headers if h.block == b.key)
                grid.missing_columns.append(MissingColumns(b.key, missing, line))
    elif grid.name == "t3":
        texts = [(h.line, h.text) for h in grid.headers] + [(p.line, p.text) for p in section if len(p.text) <= 30]
        header = _joined([t for _, t in sorted(dict.fromkeys(texts), key=lambda x: x[0])], tpl)
        labels = [norm(c.label) for c in tpl.t3_columns if c.key != "总计"]
        missing = _in_order(header, labels, prefixes=True) + ([] if "总计" in header else ["总计"])
        if missing:
            grid.missing_columns.append(MissingColumns(None, missing, grid.line))
        grid.note = _note(grid, section)
    else:
        texts = [h.text for h in grid.headers] + [p.text for p in section if len(p.text) <= 30]
        header = _joined(texts, tpl)
        grid.missing_groups = [g for g in tpl.t4_groups if norm(g) not in header]
    return grid


def _joined(texts: list[str], tpl: Template) -> str:
    return "".join(tpl.correct(norm(t)) for t in texts)


def _typos(grid: Grid) -> list[Typo]:
    tpl = grid.template
    labels = [(h.text, h.line) for h in grid.headers]
    labels += [(i.source_label, i.line) for i in grid.info.values() if i.source_label]
    seen: dict[str, list] = {}
    for text, line in labels:
        if tpl.correct(norm(text)) == norm(text):
            continue
        s = squash(text)
        entry = seen.setdefault(s, [tpl.fix(s), line, 0, []])
        entry[2] += 1
        entry[3].append(line)
    return [Typo(s, fixed, line, count, lines) for s, (fixed, line, count, lines) in seen.items()]


def _units(grid: Grid) -> dict[str, str]:
    """A unit the report itself wrote into a header: 采购总金额（万元）."""
    out = {}
    for h in grid.headers:
        s = norm(h.text)
        for cols in grid.columns.values():
            for c in cols:
                if c.amount and s.startswith(norm(c.label)) and s != norm(c.label):
                    rest = s[len(norm(c.label)):]
                    if "万元" in rest:
                        out[c.key] = "万元"
                    elif "元" in rest:
                        out[c.key] = "元"
    return out


def _in_order(header: str, labels: list[str], prefixes: bool = False) -> list[str]:
    """The labels not found in `header` in the given order; with `prefixes`, a
    ≥4-character prefix counts (OCR and web copies truncate long headers)."""
    missing, pos = [], 0
    for label in labels:
        candidates = [label] + ([label[:k] for k in range(len(label) - 1, 3, -1)] if prefixes else [])
        hit = next((header.find(c, pos) for c in candidates if header.find(c, pos) >= 0), -1)
        if hit < 0:
            missing.append(label)
        else:
            pos = hit + 1
    return missing


def _is_note(text: str) -> bool:
    """The 勾稽 note, however altered, and not a sentence of the narrative
    that mentions 勾稽 (表中各项数据已逐项核对勾稽关系)."""
    s = norm(text)
    return "勾稽" in s and ("本列数据" in s or "勾稽关系为" in s)


def _note(grid: Grid, section: list[Paragraph]) -> Note | None:
    """The 勾稽 note: the first header or section line that mentions 勾稽,
    joined with the next lines while together they continue the template's
    note (PDF text wraps it)."""
    want = loose(grid.template.t3_note)
    texts = [(h.text, h.line) for h in grid.headers] + [(p.text, p.line) for p in section]
    texts = sorted(dict.fromkeys(texts), key=lambda x: x[1])  # a stream table's cells are also section paragraphs
    start = next((i for i, (t, _) in enumerate(texts) if _is_note(t)), None)
    if start is None:
        return None
    text, line = texts[start]
    whole = True
    for nxt, _ in texts[start + 1:start + 3]:
        if loose(text) == want or not want.startswith(loose(text + nxt)):
            break
        text, whole = text + nxt, False
    return Note(text, line, whole)
