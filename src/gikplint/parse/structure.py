"""Grouping the token stream with the lark grammar in grammar/report.lark."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lark import Lark, Token
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from gikplint.parse.lexer import Tok
from gikplint.resources import data_dir


@dataclass
class Outline:
    conforms: bool  # the stream parses with the strict `report` rule
    title: list[Tok] = field(default_factory=list)
    head_meta: list[Tok] = field(default_factory=list)
    preamble: list[Tok] = field(default_factory=list)
    sections: list[tuple[Tok, list[Tok]]] = field(default_factory=list)
    signer: Tok | None = None
    date: Tok | None = None


class BlockLexer(Lexer):
    """The tokens are made by gikplint.parse.lexer; this only hands them on."""

    def __init__(self, lexer_conf):
        pass

    def lex(self, data, *args):
        yield from data


@lru_cache(maxsize=1)
def _parser():
    grammar = (data_dir("grammar") / "report.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=BlockLexer, start=["report", "document"], cache=_cache_file(grammar))


def _cache_file(grammar: str) -> str | bool:
    """Lark caches the compiled LALR tables; ours go to the user's cache folder."""
    import hashlib
    import os
    import tempfile

    from gikplint import __version__

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = hashlib.sha256(f"{__version__}\0{grammar}".encode()).hexdigest()[:16]
    for folder in (os.path.join(base, "gikplint"), os.path.join(tempfile.gettempdir(), "gikplint")):
        try:
            os.makedirs(folder, exist_ok=True)
            return os.path.join(folder, f"report-grammar-{key}.lark.cache")
        except OSError:
            continue
    return False


def outline(toks: list[Tok]) -> Outline:
    stream = [Token(t.type, str(i)) for i, t in enumerate(toks)]
    parser = _parser()
    try:
        tree, conforms = parser.parse(stream, start="report"), True
    except UnexpectedInput:
        tree, conforms = parser.parse(stream, start="document"), False
    out = Outline(conforms)
    tok = lambda t: toks[int(t.value)]  # noqa: E731
    for node in tree.children:
        if node is None:
            continue
        name = node.data
        if name == "head":
            for child in node.children:
                if child is None:
                    continue
                if getattr(child, "data", None) == "preamble":
                    out.preamble = [tok(t) for t in child.children]
                elif child.type == "TITLE":
                    out.title.append(tok(child))
                else:
                    out.head_meta.append(tok(child))
        elif name in ("section", "s1", "s2", "s3", "s4", "s5", "s6"):
            heading, body = node.children
            out.sections.append((tok(heading), [tok(t) for t in body.children]))
        elif name == "trailer":
            for child in node.children:
                if child is not None:
                    if child.type == "SIGNER":
                        out.signer = tok(child)
                    else:
                        out.date = tok(child)
    return out
