"""Tables whose cells ran together.

A crawler that keeps a page's text but not its markup turns table 3 into
"一、本年新收政府信息公开申请数量640020470二、上年结转…": the labels and the
digits are there, the cell boundaries are gone. The table exists, and the
author wrote it; it is recognised here by the template's own labels, in the
template's order, and each row's run of digits is split into the
template's cells only where the split is certain:

- the run admits one split only: as many digits as cells (each cell one
  digit, the common case in small agencies' reports), or the gaps that
  survived ("160 02 0 018") and the rule that no count is written with a
  leading zero leave one way;
- or, of the splits the run admits, exactly one satisfies the row sums the
  template prints (table 3: 总计 is the sum of the six applicant columns;
  table 4: each group's 总计 the sum of its four results);
- table 3's （七）总计 row, when its own sum does not decide, is split as the
  column sums of the result rows above it where that is one of its splits
  (the author's （七） may disagree with its own 总计 cell: that is a
  defect the checks then report).

Anything else stays unsplit: the row is recognised, its run kept, and no
check looks at it; the report says so once, as a note. Never a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from gikplint.model import Cell, Location, Paragraph
from gikplint.normalize import gapped, norm
from gikplint.parse.tables import Item
from gikplint.parse.templates import Axis, Template

MAX_STEPS = 30_000  # partial splits tried for one table; rows beyond it stay unsplit
MAX_CELL_DIGITS = 9
_PATTERNS = {  # compiled when first used: every report is asked whether it has a flattened table, few have one
    "chunk": r"-?\d[\d|.,]*(?:万元|元)?",  # a row's run of values
    "enumerator": r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}\.)",
    "caption": r"第二十条第\([一二三四五六七八九十]+\)项",
    # digits glued to the next label, not followed by a measure word as a number in a sentence is ("3件", "2024年")
    "glued": r"\d(?=[\u4e00-\u9fff（(])(?![件条个项次人元年月日时天周份期场篇家万亿千百余多名位起号届批类种倍户所宗台套张本部章节款点分秒岁米吨亩热线])",
    "trailing": r"\d{10,}$",  # table 4's fifteen values at the end of its section
}


@lru_cache(maxsize=None)
def _rx(name: str) -> re.Pattern:
    return re.compile(_PATTERNS[name])
_T4_HEADS = ("行政复议", "行政诉讼", "复议后起诉")


@dataclass
class FlatRow:
    key: str
    written: str  # its label as written ("" for table 4's one run of values)
    run: str  # the digits as written ('|' where a gap survived)
    values: list[str] | None = None  # the cells, when recovered
    how: str = ""  # "forced" | "sums" | "columns" | "blank" (no digits at all) | "" (unsplit)


@dataclass
class FlatTable:
    """What became of one flattened table: its items for recognition, and its rows."""

    name: str
    items: list[Item]
    rows: list[FlatRow] = field(default_factory=list)
    example: str = ""  # a row as written, for the note
    source: Location | None = None

    @property
    def unsplit(self) -> list[FlatRow]:
        return [r for r in self.rows if r.values is None]


_MARKS = {  # labels of each table that narrative text does not string together
    "t2": ("第二十条第", "信息内容", "本年处理决定数量", "行政事业性收费", "政府集中采购"),
    "t3": ("本年新收", "上年结转", "予以公开", "不予公开", "无法提供", "不予处理", "结转下年度"),
    "t4": ("复议后起诉", "未经复议直接起诉", "结果维持", "结果纠正", "尚未审结"),
}




def looks_flat(text: str) -> bool:
    """A paragraph holding a run-together table: three or more labels of one
    table, and runs of digits glued to the label after them ("数量1000001二、
    上年结转"), not followed by a measure word as a number in a sentence is
    ("35件", "7天"): two of them, or table 4's long run ending the paragraph."""
    if len(text) < 30:
        return False
    s = norm(text)
    if not any(sum(1 for m in marks if m in s) >= 3 for marks in _MARKS.values()):
        return False
    glued = _rx("glued").finditer(s)
    return next(glued, None) is not None and next(glued, None) is not None or _rx("trailing").search(s) is not None


def recognise(paras: list[Paragraph], tpl: Template, name: str) -> FlatTable | None:
    """The flattened table `name` in a section's paragraphs, or None when there is none."""
    flat = [p for p in paras if looks_flat(p.text)]
    if not flat:
        return None
    first = flat[0]
    text = gapped("\n".join(p.text for p in flat))
    where = (first.line, first.source)
    if name == "t4":
        return _t4(text, tpl, where)
    anchors = _t3_anchors(tpl) if name == "t3" else _t2_anchors(tpl)
    found = _locate(text, anchors)
    if sum(1 for a, _, _ in found if isinstance(a, Axis) and not a.group) < 2:
        return None
    table = FlatTable(name, [], source=first.source)
    budget = _Budget()
    start = found[0][1]
    if name == "t3":  # the 勾稽 note and the column headers before the first row
        head = text[:start]
        marks = [p for p in (head.find("(本列数据"), head.find("申请人情况"), head.find("自然人")) if p >= 0]
        cut = min(marks) if marks else len(head)
        note_end = head.find(")", cut) + 1 if head.startswith("(本列数据", cut) else cut
        for part in (head[cut:note_end], head[note_end:] if marks else ""):
            if part:
                table.items.append(Item([(part, first.line)], [], first.line))
    for k, (anchor, begin, end) in enumerate(found):
        stop = found[k + 1][1] if k + 1 < len(found) else len(text)
        run = text[end:stop]
        if isinstance(anchor, str) or anchor.group:  # a caption or a group label: text, no values
            label = text[begin:end]
            table.items.append(Item([(label, first.line)], [], first.line))
            if run and not _rx("chunk").search(run):
                table.items.append(Item([(run, first.line)], [], first.line))
            continue
        m = _rx("chunk").search(run)
        label = text[begin:end] + (run[:m.start()] if m else run)
        after = run[m.end():] if m else ""
        row = FlatRow(anchor.key, text[begin:end], m[0].strip("|") if m else "")
        width = len(_columns(tpl, name, anchor))
        if row.run:
            row.values, row.how = _split(row.run, width, _checks(tpl, name, width), budget)
            table.rows.append(row)
            if not table.example:
                table.example = f"{text[begin:end]}{row.run.replace('|', ' ')}"
        else:  # the label runs straight into the next one: the author left the row's cells blank
            row.values, row.how = [""] * width, "blank"
        table.items.append(_item(label, row, where))
        if after:
            table.items.append(Item([(after, first.line)], [], first.line))
    if name == "t3":
        _by_columns(table, tpl)
    return table


# --- where the labels are ----------------------------------------------------

def _t3_anchors(tpl: Template) -> list[Axis]:
    return list(tpl.t3_rows)


def _t2_anchors(tpl: Template) -> list:
    out: list = []
    for b in tpl.t2_blocks:
        out.append(norm(b.caption))
        out.extend(b.rows)
    return out


def _forms(anchor) -> list[str]:
    """How a label may be written: in full, without its numbering, or — for
    a long one whose wording varies further on ("（区分处理的只计这一情形、
    不计其他情形）") — by its first six characters; what follows them up to
    the values is taken as the rest of the label."""
    if isinstance(anchor, str):
        return [anchor]
    forms = anchor.forms()
    bodies = [_rx("enumerator").sub("", f) for f in forms]
    heads = [b[:6] for b in bodies if len(b) > 8]
    return list(dict.fromkeys(forms + [b for b in bodies if len(b) >= 2] + heads))


def _find(text: str, anchor, pos: int) -> tuple[int, int] | None:
    """(start, end) of the anchor's earliest spelling at or after `pos`."""
    if isinstance(anchor, str) and anchor.startswith("第二十条"):
        m = _rx("caption").search(text, pos)
        if m and m[0] == anchor:
            return m.start(), m.end()
        hit = text.find(anchor, pos)
        return (hit, hit + len(anchor)) if hit >= 0 else None
    best = None
    for f in _forms(anchor):
        hit = text.find(f, pos)
        if hit >= 0 and (best is None or hit < best[0]):
            best = (hit, hit + len(f))
    return best


def _locate(text: str, anchors: list) -> list[tuple[object, int, int]]:
    """The anchors found, in the template's order: one whose next anchor
    appears before it is taken as missing (its label found further on
    belongs to a later row)."""
    out, pos = [], 0
    for k, anchor in enumerate(anchors):
        hit = _find(text, anchor, pos)
        if hit is None:
            continue
        nxt = _find(text, anchors[k + 1], pos) if k + 1 < len(anchors) else None
        if nxt is not None and nxt[0] < hit[0]:
            continue
        out.append((anchor, hit[0], hit[1]))
        pos = hit[1]
    return out


def _columns(tpl: Template, name: str, row: Axis) -> list[Axis]:
    if name == "t3":
        return tpl.t3_columns
    return next(b.columns for b in tpl.t2_blocks if row in b.rows)


def _item(label: str, row: FlatRow, where) -> Item:
    line, source = where
    labels = [(label, line)] if label else []
    if row.values is None:
        return Item(labels, [], line, unsplit=row.run or None)
    return Item(labels, [Cell(v, line, 0, 0, source) for v in row.values], line)


# --- table 4: one run of fifteen ------------------------------------------------

def _t4(text: str, tpl: Template, where) -> FlatTable | None:
    if not any(h in text for h in _T4_HEADS):
        return None
    line = where[0]
    last = max(text.rfind("总计"), text.rfind("审结"))
    chunks = list(_rx("chunk").finditer(text, max(last, 0)))
    if not chunks:
        return None
    m = max(chunks, key=lambda c: len(c[0]))
    head = text[:m.start()]
    table = FlatTable("t4", [Item([(head, line)], [], line)] if head else [], source=where[1])
    width = len(tpl.t4_rows) * len(tpl.t4_columns)
    row = FlatRow("t4", "", m[0].strip("|"))
    row.values, row.how = _split(row.run, width, _checks(tpl, "t4", width), _Budget())
    table.rows.append(row)
    table.example = row.run.replace("|", " ")
    table.items.append(_item("", row, where))
    return table


# --- splitting a run into cells --------------------------------------------------

def _checks(tpl: Template, name: str, width: int):
    """The row sums the template prints, as (cells summed, the total cell) index groups."""
    if name == "t3" and width == len(tpl.t3_columns) and tpl.t3_columns[-1].key == "总计":
        return [(list(range(width - 1)), width - 1)]
    if name == "t4":
        n = len(tpl.t4_columns)
        return [(list(range(g * n, g * n + n - 1)), g * n + n - 1) for g in range(width // n)]
    return []


class _Budget:
    """Steps left for splitting one table's rows: a hostile run cannot make it slow."""

    def __init__(self, steps: int = MAX_STEPS):
        self.left = steps


def _split(run: str, width: int, checks, budget: _Budget) -> tuple[list[str] | None, str]:
    """(the cells, how they were decided) or (None, "") when not certain."""
    groups = [g for g in run.split("|") if g]
    if sum(len(g) for g in groups) > width * (MAX_CELL_DIGITS + 8):  # more than the cells can hold
        return None, ""
    some = _splits(groups, width, [], 2, budget)
    if some is None or not some:
        return None, ""
    if len(some) == 1:
        return some[0], "forced"
    if checks:
        valid = _splits(groups, width, checks, 2, budget)
        if valid is not None and len(valid) == 1:
            return valid[0], "sums"
    return None, ""


def _pieces(group: str) -> list[int]:
    """Where a group of characters may be cut between two cells: between two
    digits before any decimal point (a decimal part is never cut), never
    before a unit. (That no cell starts with 0 and goes on is _ok_cell's.)"""
    body = group.rstrip("万元")
    point = body.find(".")
    end = len(body) if point < 0 else point
    return [i for i in range(1, end) if body[i - 1].isdigit() and body[i].isdigit()]


def _ok_cell(piece: str) -> bool:
    digits = piece.lstrip("-").rstrip("万元").replace(",", "")
    whole = digits.split(".")[0]
    return bool(whole) and len(whole) <= MAX_CELL_DIGITS and (whole == "0" or not whole.startswith("0"))


def _splits(groups: list[str], width: int, checks, cap: int, budget: _Budget) -> list[list[str]] | None:
    """Up to `cap` ways to cut the groups into `width` cells (each group at
    least one cell) that pass `checks`; None when the budget ran out."""
    found: list[list[str]] = []
    cut_points = [_pieces(g) for g in groups]
    most_after = [0] * (len(groups) + 1)  # the most cells the groups after g can give
    for g in range(len(groups) - 1, -1, -1):
        most_after[g] = most_after[g + 1] + len(cut_points[g]) + 1
    if not len(groups) <= width <= most_after[0]:
        return []
    totals = {t: cells for cells, t in checks or []}

    def sums_hold(cells: list[str]) -> bool:
        k = len(cells) - 1
        if k not in totals:
            return True
        try:
            return sum(_number(cells[i]) for i in totals[k]) == _number(cells[k])
        except (ValueError, ArithmeticError):
            return False

    ends_of = [[c for c in cut_points[g]] + [len(groups[g])] for g in range(len(groups))]

    def walk(g: int, start: int, cells: list[str]) -> bool:
        """Cut group g from `start`; False when the search must stop."""
        budget.left -= 1
        if budget.left < 0:
            return False
        if g == len(groups):
            if len(cells) == width:
                found.append(list(cells))
            return len(found) < cap
        group, ends = groups[g], ends_of[g]
        here = len(cells) + 1
        if here + len(groups) - g - 1 > width:
            return True  # too many cells already
        for k, end in enumerate(ends):
            if end <= start:
                continue
            if end - start > MAX_CELL_DIGITS + 8:  # longer than any cell (digits, a decimal part, a unit)
                break
            if here + (len(ends) - k - 1) + most_after[g + 1] < width:
                continue  # too few can follow
            piece = group[start:end]
            if not _ok_cell(piece):
                continue
            cells.append(piece)
            if not totals or sums_hold(cells):
                more = walk(g + 1, 0, cells) if end == len(group) else walk(g, end, cells)
                if not more:
                    cells.pop()
                    return False
            cells.pop()
        return True

    walk(0, 0, [])
    return None if budget.left < 0 else found


def _number(cell: str):
    s = cell.rstrip("万元").replace(",", "")
    if "." in s:
        from decimal import Decimal

        return Decimal(s)
    return int(s)


def _by_columns(table: FlatTable, tpl: Template) -> None:
    """Table 3's （七）总计, when its own sum did not decide: the column sums of
    the result rows, if every one of them was recovered and that is one of
    the run's splits."""
    rows = {r.key: r for r in table.rows}
    total = rows.get("（七）")
    if total is None or total.values is not None:
        return
    data = tpl.t3_data_rows()
    keys = [r.key for r in data]
    results = keys[keys.index("（一）"):keys.index("（七）")]
    if not all(k in rows and rows[k].values is not None for k in results):
        return
    width = len(tpl.t3_columns)
    try:
        sums = [sum(_number(rows[k].values[c]) for k in results) for c in range(width)]
    except (ValueError, ArithmeticError):
        return
    want = [str(v) for v in sums]
    if _admits(total.run, want):
        total.values, total.how = want, "columns"
        for item in table.items:
            if item.unsplit == total.run and item.labels and not item.values:
                item.values = [Cell(v, item.line, 0, 0, table.source) for v in want]
                item.unsplit = None
                break


def _admits(run: str, cells: list[str]) -> bool:
    """Whether the run, cut at some of its places, reads as these cells."""
    groups = [g for g in run.split("|") if g]
    k = 0
    for g in groups:
        joined = ""
        while k < len(cells) and len(joined) < len(g):
            joined += cells[k]
            k += 1
        if joined != g:
            return False
    return k == len(cells)
