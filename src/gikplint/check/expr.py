"""The small expression language of arithmetic rules.

A relation names cells by the template keys of grammar/tables-*.yaml:

    一 + 二 = （七） + 四
    （七） = （一） + （二） + （三）* + （四）* + （五）* + （六）*
    总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他

A name followed by * stands for every key that begins with it, so （六）*
is the single row （六） in the 2019 format and （六）1…3 in the 2021 format.
Terms may be added or subtracted; there is exactly one comparison: '=',
'<=' or '>=' (本年新公开数量 <= 对外公开总数量).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from gikplint.normalize import norm

_TOKEN_RE = re.compile(r"\s*(<=|>=|[+\-=])\s*")
_OPS = {"=": lambda a, b: a == b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b}


@dataclass(frozen=True)
class Term:
    sign: int
    name: str
    wildcard: bool

    def resolve(self, axes) -> list:
        if self.wildcard:
            return [a for a in axes if a.key.startswith(self.name)]
        n = norm(self.name)
        return [a for a in axes if a.key == self.name or norm(a.label) == n or norm(a.short or "") == n][:1]


@dataclass(frozen=True)
class Relation:
    text: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]
    op: str = "="

    def holds(self, lhs, rhs) -> bool:
        return _OPS[self.op](lhs, rhs)

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.lhs + self.rhs


def parse_relation(text: str) -> Relation:
    parts = _TOKEN_RE.split(text.strip())
    sides: list[list[Term]] = [[]]
    sign = 1
    op = "="
    expect_term = True
    for part in parts:
        if part == "":
            continue
        if part in ("+", "-", "=", "<=", ">="):
            if expect_term and part != "-":
                raise ValueError(f"关系式 '{text}' 中 '{part}' 前缺少单元格名称")
            if part in _OPS:
                if len(sides) == 2:
                    raise ValueError(f"关系式 '{text}' 只能有一个比较符（=、<=、>=）")
                sides.append([])
                op, sign = part, 1
            else:
                sign = -1 if part == "-" else 1
            expect_term = True
            continue
        name = part.strip()
        wildcard = name.endswith("*")
        sides[-1].append(Term(sign, name.rstrip("*").strip(), wildcard))
        sign, expect_term = 1, False
    if len(sides) != 2 or not sides[0] or not sides[1] or expect_term:
        raise ValueError(f"关系式 '{text}' 应形如 'A + B = C + D'")
    return Relation(text, tuple(sides[0]), tuple(sides[1]), op)
