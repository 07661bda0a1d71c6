"""Structure of the recognised tables: presence (GK107), table-2 blocks,
headers and row wording (GK301–GK303), values per row (GK403, GK501), row
labels (GK404), the table-3 note (GK401) and columns (GK402)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from gikplint.check.kinds import TABLE_ZH, Kind, cell_where, quoted
from gikplint.parse.normalize import norm
from gikplint.parse.tables import CAPTION_RE, correct


def _runs(rows, key):
    """Consecutive rows sharing key(row) (not None), as lists."""
    out, current, last = [], [], object()
    for row in rows:
        k = key(row)
        if k is None:
            current, last = [], object()
            continue
        if k != last:
            current = []
            out.append(current)
        current.append(row)
        last = k
    return out


_EXTRA_LIMIT = 5  # beyond this many extra rows, one finding says how many


def _extra_rows(kind, report, rule, grid, extra, values):
    if len(extra) > _EXTRA_LIMIT:
        first, last = extra[0][2], extra[-1][2]
        rows = f"第 {first}–{last} 行间共 {len(extra)} 行（如“{extra[0][0] or '（无标签）'}”）"
        yield kind.finding(report, rule, line=first, where=cell_where(kind.table), table=TABLE_ZH[kind.table],
                           **values(rows))
        return
    for label, _, line in extra:
        yield kind.finding(report, rule, line=line, where=cell_where(kind.table), table=TABLE_ZH[kind.table],
                           **values(f"“{label or '（无标签）'}”行"))


def _span(rows) -> str:
    if len(rows) == 1:
        return f"“{rows[0].brief}”行"
    return f"“{rows[0].brief}”至“{rows[-1].brief}”共 {len(rows)} 行"


@dataclass(eq=False, repr=False)
class Shape(Kind):
    """Rows whose number of values differs from the template; for table 4 the
    15 values of its single data row, and its header groups."""

    table: str
    variables = ("table", "problem")

    def __post_init__(self):
        if self.table not in TABLE_ZH:
            raise ValueError(f"table 应为 {'/'.join(TABLE_ZH)} 之一，而不是 '{self.table}'")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        if self.table == "t4":
            yield from self._t4(report, rule, grid)
            return
        present = [r for r in grid.rows if grid.info[r.key].status != "absent"]
        for run in _runs(present, lambda r: None if grid.row_ok(r.key) else grid.info[r.key].filled):
            info = grid.info[run[0].key]
            cols = grid.columns[run[0].key]
            problem = (f"{_span(run)}各有 {info.filled} 个数值，应为 {len(cols)} 个"
                       f"（{'、'.join(c.brief for c in cols)}）")
            where = cell_where(self.table, run[0].key, None, info.where)
            where["rows"] = [r.key for r in run]
            yield self.finding(report, rule, line=info.line, where=where, table=TABLE_ZH[self.table], problem=problem)

    def _t4(self, report, rule, grid):
        want = len(grid.rows) * len(grid.template.t4_columns)
        if grid.values_found != want:
            info = next((grid.info[r.key] for r in grid.rows if grid.info[r.key].line), None)
            groups = "、".join(f"{r.brief} {len(grid.template.t4_columns)} 个" for r in grid.rows)
            yield self.finding(report, rule, line=info.line if info else grid.line, where=cell_where("t4"),
                               table=TABLE_ZH["t4"],
                               problem=f"数据行有 {grid.values_found} 个数值，应为 {want} 个（{groups}）")
        # headers may also stand outside the table (Markdown sub-headings of an OCR'd report)
        texts = [t for t, _, _ in grid.headers]
        section = report.section(4)
        if section is not None:
            texts += [p.text for p in section.paragraphs() if len(p.text) <= 30]
        header = "".join(correct(norm(t), grid.template) for t in texts)
        missing = [g for g in grid.template.t4_groups if norm(g) not in header]
        if missing:
            yield self.finding(report, rule, line=grid.line, where=cell_where("t4"), table=TABLE_ZH["t4"],
                               problem=f"表头缺少{quoted(missing)}，无法确认各数值属于哪一组")


_STATUS_ZH = {
    "missing-label": "没有行标签（标签单元格可能被填成了数字）",
    "unknown-label": "的行标签与模板不符",
    "order": "位置不对（与模板行序不一致）",
    "absent": "缺失",
}


@dataclass(eq=False, repr=False)
class RowLabels(Kind):
    """Row labels missing, unknown, out of order; template rows absent."""

    table: str = "t3"
    variables = ("table", "rows", "problem", "written")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        for run in _runs(grid.rows, lambda r: None if grid.info[r.key].status == "ok" else grid.info[r.key].status):
            info = grid.info[run[0].key]
            written = ""
            if info.status == "unknown-label" and len(run) == 1:
                written = f"（写作“{info.source_label}”）"
            line = info.line or grid.line
            where = cell_where(self.table, run[0].key, None, info.where)
            where["rows"] = [r.key for r in run]
            yield self.finding(
                report, rule, line=line, where=where,
                table=TABLE_ZH[self.table], rows=_span(run), problem=_STATUS_ZH[info.status], written=written,
            )
        yield from _extra_rows(self, report, rule, grid, grid.extra,
                               lambda rows: dict(rows=rows, problem="不是模板中的行（多出的行）", written=""))


_SECTION_FOR = {"t2": 2, "t3": 3, "t4": 4}


@dataclass(eq=False, repr=False)
class TableMissing(Kind):
    """Section 二, 三 or 四 has no recognisable statistics table."""

    tables: list = None
    variables = ("table", "number", "heading")

    def __post_init__(self):
        self.tables = self.tables or ["t2", "t3", "t4"]

    def run(self, report, rule):
        for name in self.tables:
            if name in report.tables:
                continue
            s = report.section(_SECTION_FOR[name])
            yield self.finding(report, rule, line=s.line if s else None, where={"section": "二三四"[_SECTION_FOR[name] - 2]},
                               table=TABLE_ZH[name], number="二三四"[_SECTION_FOR[name] - 2],
                               heading=s.heading.strip() if s else "（该部分也缺失）")


@dataclass(eq=False, repr=False)
class T2Blocks(Kind):
    """Table 2's 第二十条 blocks: each of the version's blocks present, none it lacks."""

    variables = ("block", "problem", "version")

    def run(self, report, rule):
        grid = report.tables.get("t2")
        if grid is None:
            return
        tpl = grid.template
        seen = set(grid.blocks_seen) | {r.block for r in grid.rows if grid.info[r.key].status != "absent"}
        notice = tpl.notice
        for b in tpl.t2_blocks:
            if b.key not in seen:
                yield self.finding(report, rule, line=grid.line, where=cell_where("t2"), block=b.caption,
                                   problem=f"缺少（{notice}格式有此项：{'、'.join(r.label for r in b.rows)}）",
                                   version=tpl.version)
        known = {b.key for b in tpl.t2_blocks}
        for label, _, line in grid.extra:
            m = CAPTION_RE.search(norm(label))
            if m and f"（{m[1]}）" not in known:
                yield self.finding(report, rule, line=line, where=cell_where("t2"), block=label,
                                   problem=f"不属于{notice}格式（该格式的第二部分表格没有这一项）", version=tpl.version)


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


@dataclass(eq=False, repr=False)
class Headers(Kind):
    """Column headers against the template: table 2 per block (GK302), the
    seven applicant columns of table 3 (GK402). Known typos are GK131's."""

    table: str
    variables = ("table", "where_", "missing", "expected")

    def __post_init__(self):
        if self.table not in ("t2", "t3"):
            raise ValueError("table 应为 t2 或 t3")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        tpl = grid.template
        if self.table == "t3":
            texts = [(ln, t) for t, ln, _ in grid.headers]
            section = report.section(3)
            if section is not None:  # headers outside the table (OCR Markdown sub-headings)
                texts += [(p.line, p.text) for p in section.paragraphs() if len(p.text) <= 30]
            header = "".join(correct(norm(t), tpl) for _, t in sorted(dict.fromkeys(texts), key=lambda x: x[0]))
            labels = [norm(c.label) for c in tpl.t3_columns if c.key != "总计"]
            missing = _in_order(header, labels, prefixes=True) + ([] if "总计" in header else ["总计"])
            if missing:
                yield self.finding(report, rule, line=grid.line, where=cell_where("t3"), table=TABLE_ZH["t3"],
                                   where_="申请人情况表头", missing=quoted(missing),
                                   expected="、".join(c.label for c in tpl.t3_columns))
            return
        for b in tpl.t2_blocks:
            texts = [t for t, _, block in grid.headers if block == b.key and not CAPTION_RE.search(norm(t))]
            if not texts:
                continue
            header = "".join(correct(norm(t), tpl) for t in texts)
            missing = _in_order(header, [norm(c.label) for c in b.columns])
            if missing:
                line = next(ln for t, ln, block in grid.headers if block == b.key)
                yield self.finding(report, rule, line=line, where=cell_where("t2", None, None, {"block": b.key}),
                                   table=TABLE_ZH["t2"], where_=f"{b.caption}的表头", missing=quoted(missing),
                                   expected="、".join(c.label for c in b.columns))


@dataclass(eq=False, repr=False)
class RowWording(Kind):
    """Table 2 row labels that differ from the template, and extra rows."""

    table: str = "t2"
    variables = ("table", "row", "expected", "problem")

    def run(self, report, rule):
        grid = report.tables.get(self.table)
        if grid is None:
            return
        for r in grid.rows:
            info = grid.info[r.key]
            if not info.source_label:
                continue
            s, want = norm(info.source_label), norm(r.label)
            if s == want or (s.startswith(want) and s[len(want):len(want) + 1] in ("(", "（")):
                continue  # equal, or the label with a provincial note in brackets
            yield self.finding(report, rule, line=info.line, where=cell_where(self.table, r.key, None, info.where),
                               table=TABLE_ZH[self.table], row=f"“{info.source_label}”行", expected=r.label,
                               problem=f"与模板不符，应为“{r.label}”")
        extra = [e for e in grid.extra if not CAPTION_RE.search(norm(e[0]))]  # a block the version lacks: GK301
        yield from _extra_rows(self, report, rule, grid, extra,
                               lambda rows: dict(row=rows, expected="", problem="不是模板中的行（多出的行）"))
        for line in grid.empty_rows:
            yield self.finding(report, rule, line=line, where=cell_where(self.table), table=TABLE_ZH[self.table],
                               row="有一行", expected="", problem="是多出的空行（没有标签也没有数字），请删除")


@dataclass(eq=False, repr=False)
class T3Note(Kind):
    """The 勾稽 note in table 3's top-left cell: present and unaltered."""

    variables = ("table", "problem", "note")

    def run(self, report, rule):
        grid = report.tables.get("t3")
        if grid is None:
            return
        want = _loose(grid.template.t3_note)
        texts = [(t, ln) for t, ln, _ in grid.headers]
        section = report.section(3)
        if section is not None:
            texts += [(p.text, p.line) for p in section.paragraphs()]
        texts = sorted(dict.fromkeys(texts), key=lambda x: x[1])  # a stream table's cells are also section paragraphs
        start = next((i for i, (t, _) in enumerate(texts) if "勾稽" in t), None)
        if start is None:
            yield self.finding(report, rule, line=grid.line, where=cell_where("t3"), table=TABLE_ZH["t3"],
                               problem="缺少左上角的勾稽关系说明", note=grid.template.t3_note)
            return
        text, line = texts[start]
        for nxt, _ in texts[start + 1:start + 3]:  # a note wrapped over lines (PDF text)
            if _loose(text) == want or not want.startswith(_loose(text + nxt)):
                break
            text += nxt
        if _loose(text) != want:
            yield self.finding(report, rule, line=line, where=cell_where("t3"), table=TABLE_ZH["t3"],
                               problem=f"勾稽关系说明被改动（写作“{text.strip()}”）", note=grid.template.t3_note)


def _loose(text: str) -> str:
    return re.sub(r"[（）()：:，,。\s]", "", norm(text))
