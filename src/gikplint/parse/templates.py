"""The table shapes of both format versions, loaded from grammar/tables-*.yaml.

These data files are the single source of labels, variants, typos, the
format notice and the report years each format serves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from gikplint.normalize import norm
from gikplint.resources import data_dir

VERSIONS = ("2019", "2021")


@dataclass
class Axis:
    key: str
    label: str
    variants: list[str] = field(default_factory=list)
    group: bool = False  # a merged group label (三、本年度办理结果) without its own data
    block: str | None = None  # table 2: the 第二十条 block the row belongs to
    signed: bool = False  # may be negative (2019 本年增/减)
    amount: bool = False  # money, not a count
    unit: str | None = None  # the unit the template prints in the header
    short: str | None = None  # a short name for messages (一、本年新收)
    parent: str | None = None  # the group a numbered sub-row sits in: （三）

    @property
    def display(self) -> str:
        """How messages name the row: sub-rows carry their group, （三）1.属于国家秘密."""
        return f"{self.parent}{self.label}" if self.parent else self.label

    @property
    def brief(self) -> str:
        return self.short or (f"{self.parent}{self.label}" if self.parent else self.label)

    def forms(self) -> list[str]:
        """Normalised spellings that identify this label, longest first."""
        return sorted({norm(self.label), *(norm(v) for v in self.variants)}, key=len, reverse=True)


@dataclass
class Block:
    key: str
    caption: str
    columns: list[Axis]
    rows: list[Axis]


@dataclass
class Template:
    version: str
    notice: str
    years: tuple[int, int | None]  # the first and last report year this format serves (None: still in force)
    t2_blocks: list[Block]
    t3_note: str
    t3_columns: list[Axis]
    t3_rows: list[Axis]  # group rows included, in template order
    t4_groups: list[str]
    t4_rows: list[Axis]
    t4_columns: list[Axis]
    typos: list[tuple[str, str]]  # normalised (wrong, right)
    whole_typos: list[tuple[str, str]]  # apply only to a whole label
    signals: list[str]

    def serves(self, year: int) -> bool:
        first, last = self.years
        return year >= first and (last is None or year <= last)

    def correct(self, normed: str) -> str:
        """A normalised label with the known typos fixed (GK131 reports them)."""
        s = normed
        for wrong, right in self.typos:
            if wrong in s and right not in s:
                s = s.replace(wrong, right)
        for wrong, right in self.whole_typos:
            if s == wrong:
                s = right
        return s

    def fix(self, text: str) -> str:
        """The label as written, with the known typos replaced (full width kept): GK131's fix."""
        for wrong, right in self.typos:
            if wrong in text and right not in text:
                text = text.replace(wrong, right)
        for wrong, right in self.whole_typos:
            if norm(text) == wrong:
                text = right
        return text

    def t3_data_rows(self) -> list[Axis]:
        return [r for r in self.t3_rows if not r.group]

    def t2_rows(self) -> list[Axis]:
        return [r for b in self.t2_blocks for r in b.rows]

    def axis(self, table: str, which: str) -> list[Axis]:
        """Row or column keys of table t2/t3/t4, for rule expressions."""
        if table == "t3":
            return self.t3_data_rows() if which == "rows" else self.t3_columns
        if table == "t4":
            return self.t4_rows if which == "rows" else self.t4_columns
        if which == "rows":
            return self.t2_rows()
        seen, cols = set(), []
        for b in self.t2_blocks:
            for c in b.columns:
                if c.key not in seen:
                    seen.add(c.key)
                    cols.append(c)
        return cols


def _axis(d: dict, block: str | None = None) -> Axis:
    if "group" in d:
        return Axis(d["group"], d["label"], d.get("variants", []), group=True)
    return Axis(d["key"], d["label"], d.get("variants", []), block=block, signed=d.get("signed", False),
                amount=d.get("amount", False), unit=d.get("unit"), short=d.get("short"))


def _t3_rows(entries: list[dict]) -> list[Axis]:
    rows, group = [], None
    for d in entries:
        a = _axis(d)
        if a.group:
            group = a.key
        elif a.label[:1].isdigit():
            a.parent = group
        else:
            group = None
        rows.append(a)
    return rows


@lru_cache(maxsize=None)
def load(version: str) -> Template:
    import yaml

    path = data_dir("grammar") / f"tables-{version}.yaml"
    d = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    blocks = [
        Block(b["key"], b["caption"], [_axis(c) for c in b["columns"]], [_axis(r, b["key"]) for r in b["rows"]])
        for b in d["t2"]["blocks"]
    ]
    typos = [(norm(t["wrong"]), norm(t["right"])) for t in d.get("typos", []) if not t.get("whole")]
    whole = [(norm(t["wrong"]), norm(t["right"])) for t in d.get("typos", []) if t.get("whole")]
    return Template(
        version=str(d["version"]),
        notice=d["notice"],
        years=(d["years"][0], d["years"][1]),
        t2_blocks=blocks,
        t3_note=d["t3"]["note"],
        t3_columns=[_axis(c) for c in d["t3"]["columns"]],
        t3_rows=_t3_rows(d["t3"]["rows"]),
        t4_groups=d["t4"]["header_groups"],
        t4_rows=[_axis(r) for r in d["t4"]["rows"]],
        t4_columns=[_axis(c) for c in d["t4"]["columns"]],
        typos=typos,
        whole_typos=whole,
        signals=[norm(s) for s in d.get("signals", [])],
    )


def for_year(year: int) -> Template:
    """The format a report of `year` must follow (2019–2020: 60号; from 2021:
    30号); for an earlier year, the first one."""
    return next((load(v) for v in VERSIONS if load(v).serves(year)), load(VERSIONS[0]))
