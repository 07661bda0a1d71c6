"""What a batch of reports shows together: reports of different agencies
whose narrative is copied from one another (雷同, GK802), and the agencies
of a roster that published no report.

Each worker sketches its report where the Report is (the masked narrative
of sections 一, 五 and 六, compressed, and its MinHash signature); the
parent finds candidate pairs with MinHash LSH (datasketch) instead of
comparing every pair, and confirms each candidate on the text itself, as
GK802 does between two years. datasketch (with numpy and scipy) is the
optional extra `gikplint[batch]`, imported only when a run asks for it."""
from __future__ import annotations

import csv
import functools
import io
import zlib
from dataclasses import dataclass

NUM_PERM = 128
CANDIDATE = 0.1  # LSH Jaccard threshold for candidates: low (a short report copied from a long one has a low
                 # Jaccard but a high share of its own), every candidate is estimated, then confirmed on the text
MAX_CANDIDATES = 50  # candidates confirmed on the text per report, the likeliest first
MARGIN = 0.15  # a candidate whose estimated share is this far below the threshold is not confirmed
CACHED = 256  # narratives (and their runs of characters) kept at hand while pairs are confirmed
MIN_TEXT = 300  # characters of masked narrative below which a report says too little to be judged a copy


class BatchError(Exception):
    """The batch cannot be compared (the extra is missing, the roster is bad): exit 2."""


def require() -> None:
    try:
        import datasketch  # noqa: F401
    except ImportError:
        raise BatchError("比较不同机关的报告是否雷同需要可选组件：pip install 'gikplint[batch]'") from None


@dataclass
class Sketch:
    agency: str
    key: str  # the agency as pairs are matched
    location: object  # where a finding on this report points (its section 一)
    text: bytes  # the masked narrative, zlib-compressed
    signature: object  # its datasketch LeanMinHash (small, and travels between processes)
    size: int  # how many distinct shingles the narrative has
    heading: str  # its section 一's heading, what a finding on it shows

    def narrative(self) -> str:
        return zlib.decompress(self.text).decode("utf-8")


def sketch(report) -> Sketch | None:
    """The report's sketch, or None when it names no agency or says too little."""
    from gikplint.check.builtin.near_duplicate import masked, narrative_sections, shingles
    from gikplint.model import Location
    from gikplint.previous import agency_key

    key = agency_key(report.agency)
    if not key:
        return None
    parts = narrative_sections(report)
    text = masked("".join(t for _, t in parts), [report.agency])
    if len(text) < MIN_TEXT:
        return None
    from datasketch import LeanMinHash, MinHash

    grams = shingles(text)
    m = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32)  # stable and fast (the default sha1 is neither needed nor cheap)
    m.update_batch([s.encode("utf-8") for s in grams])
    first = parts[0][0]
    location = (first.source or Location()).with_(line=first.line, section=first.numeral)
    return Sketch(report.agency, key, location, zlib.compress(text.encode("utf-8")), LeanMinHash(m), len(grams),
                  first.heading)


@dataclass
class Match:
    """What one report shares with the reports of other agencies in the batch."""

    share: float  # the share of its narrative found in theirs (the most of any)
    others: list[int]  # some of them (indexes into the sketches), most similar first
    count: int  # how many reports of other agencies it repeats
    passage: str  # the longest run it shares with the most similar


def similar(sketches: list[Sketch | None], threshold: float, limit: int = 3) -> dict[int, Match]:
    """The reports whose narrative repeats the narrative of reports of other
    agencies at or above threshold, each with a few of those reports. Reports
    whose masked narratives are identical are grouped first (a batch may hold
    many copies of one text); LSH then finds candidate groups, and each
    candidate is confirmed once, on the text."""
    import hashlib
    from collections import Counter

    from datasketch import MinHashLSH

    from gikplint.check.builtin.near_duplicate import longest, shared, shingles

    groups: dict[bytes, list[int]] = {}
    for i, s in enumerate(sketches):
        if s is not None:
            groups.setdefault(hashlib.sha1(s.text).digest(), []).append(i)
    members = list(groups.values())
    keys = [Counter(sketches[i].key for i in m) for m in members]
    first = [sketches[m[0]] for m in members]

    # a few hundred narratives at hand at once, whatever the batch's size (a batch of ten
    # thousand reports would otherwise hold every one's runs of characters: gigabytes)
    @functools.lru_cache(maxsize=CACHED)
    def text(g: int) -> str:
        return first[g].narrative()

    @functools.lru_cache(maxsize=CACHED)
    def seen(g: int) -> set:
        return shingles(text(g))

    def share(g: int, h: int) -> float:
        """The share of g's runs of characters that h's text also has."""
        return shared(seen(g), seen(h))

    lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
    for g in range(len(members)):
        lsh.insert(g, first[g].signature)
    links: list[tuple[int, int, float, float]] = []  # (group, group, share of the first, of the second)
    for g in range(len(members)):
        if len(keys[g]) > 1:  # the same text under several agencies
            links.append((g, g, 1.0, 1.0))
        mine = first[g].signature
        likely = []
        for h in lsh.query(mine):
            if h <= g:
                continue
            # the shares the signatures suggest: |A ∩ B| = J (|A| + |B|) / (1 + J)
            j = mine.jaccard(first[h].signature)
            common = j * (first[g].size + first[h].size) / (1 + j)
            estimate = max(common / first[g].size, common / first[h].size)
            if estimate >= threshold - MARGIN:
                likely.append((estimate, h))
        for _, h in sorted(likely, reverse=True)[:MAX_CANDIDATES]:  # a batch of many near-copies: the likeliest
            share_g, share_h = share(g, h), share(h, g)
            if max(share_g, share_h) >= threshold:
                links.append((g, h, share_g, share_h))
    found: dict[int, Match] = {}

    def add(i: int, group: int, share: float, passage) -> None:
        key = sketches[i].key
        count = len(members[group]) - keys[group][key]
        if count <= 0:
            return
        match = found.setdefault(i, Match(0.0, [], 0, ""))
        match.count += count
        if share > match.share:
            match.share, match.passage = share, passage()
        if len(match.others) < limit:
            for j in members[group]:
                if sketches[j].key != key and j not in match.others:
                    match.others.append(j)
                    if len(match.others) >= limit:
                        break

    for g, h, share_g, share_h in sorted(links, key=lambda x: -max(x[2], x[3])):
        passage = _once(lambda g=g, h=h: longest(text(g), seen(h)))
        if share_g >= threshold:
            for i in members[g]:
                add(i, h, share_g, passage)
        if share_h >= threshold and g != h:
            back = _once(lambda g=g, h=h: longest(text(h), seen(g)))
            for j in members[h]:
                add(j, g, share_h, back)
    return found


def _once(make):
    """make(), computed the first time it is asked for."""
    box = []
    return lambda: box[0] if box else box.append(make()) or box[0]


# ---------------------------------------------------------------- roster

@dataclass
class Expected:
    agency: str
    kind: str | None = None  # department | government
    deadline: str | None = None  # MM-DD


ROSTER_COLUMNS = {"机关": "agency", "名称": "agency", "agency": "agency", "类型": "kind", "kind": "kind",
                  "时限": "deadline", "deadline": "deadline"}
KINDS = {"部门": "department", "department": "department", "政府": "government", "government": "government",
         "人民政府": "government"}


def read_roster(path: str) -> list[Expected]:
    """The agencies expected to publish: a CSV (UTF-8, with or without BOM,
    or GB18030 as Excel saves it) whose first row names the columns 机关
    (required), 类型 (部门/政府) and 时限 (MM-DD)."""
    import datetime as dt

    from gikplint.smallfile import SmallFileError, read_bytes

    try:
        data = read_bytes(path, 8 * 1024 * 1024)
    except SmallFileError as e:
        raise BatchError(f"名单 {path}：{e}") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BatchError(f"名单 {path}：不是 UTF-8 或 GB18030 编码的 CSV 文件")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as e:
        raise BatchError(f"名单 {path}：不是有效的 CSV 文件（{e}）") from None
    if not rows:
        raise BatchError(f"名单 {path}：是空的")
    header = [ROSTER_COLUMNS.get(h.strip().lower() if h.strip().isascii() else h.strip()) for h in rows[0]]
    if "agency" not in header:
        raise BatchError(f"名单 {path}：第一行应是列名，至少有“机关”一列（可选“类型”“时限”）")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        values = {k: row[i].strip() for i, k in enumerate(header) if k and i < len(row) and row[i].strip()}
        if not values.get("agency"):
            continue
        kind = values.get("kind")
        if kind is not None and kind not in KINDS:
            raise BatchError(f"名单 {path} 第 {n} 行：类型应为“部门”或“政府”，而不是“{kind}”")
        deadline = values.get("deadline")
        if deadline is not None:
            try:
                dt.date.fromisoformat(f"2024-{deadline}")  # a day some year has (02-29 included)
            except ValueError:
                raise BatchError(f"名单 {path} 第 {n} 行：时限应形如 01-31，而不是“{deadline}”") from None
        out.append(Expected(values["agency"], KINDS.get(kind) if kind else None, deadline))
    return out
