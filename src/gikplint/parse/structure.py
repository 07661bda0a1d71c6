"""Grouping the token stream with the lark grammar in grammar/report.lark."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lark import Lark, Token
from lark.lexer import Lexer

from gikplint.parse.lexer import Tok
from gikplint.resources import data_dir


@dataclass
class Outline:
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
    return _cached(grammar) or _build(grammar)


def _build(grammar: str):
    parser = Lark(grammar, parser="lalr", lexer=BlockLexer, start="document")
    _save(grammar, parser)
    return parser


# The compiled LALR tables are cached (they cost ~25 ms to build, and
# pre-commit starts gikplint on every commit). Lark stores them as a pickle,
# and unpickling runs code: the cache is used only in a folder that the
# current user owns and no one else can enter (mode 0700), checked on the
# open descriptors before every load, and only from a file that user owns
# and no one else can write.
# There is no fallback to a shared temporary folder; where no such folder
# can be had, nothing is cached and gikplint is 25 ms slower.

def _cache_dir() -> int | None:
    """A descriptor of ~/.cache/gikplint (or $XDG_CACHE_HOME/gikplint), or None."""
    import os
    import stat

    if not hasattr(os, "getuid") or not hasattr(os, "O_DIRECTORY"):
        return None  # Windows: no cache
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "gikplint")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid():
        try:
            if st.st_mode & 0o077:  # made by an older gikplint with the default mode: make it private
                os.fchmod(fd, 0o700)
            return fd
        except OSError:
            pass
    os.close(fd)
    return None


def _cache_name(grammar: str) -> str:
    import hashlib

    from gikplint import __version__

    key = hashlib.sha256(f"{__version__}\0{grammar}".encode()).hexdigest()[:16]
    return f"report-grammar-{key}.lark"


def _cached(grammar: str):
    import io
    import os
    import stat

    folder = _cache_dir()
    if folder is None:
        return None
    try:
        fd = os.open(_cache_name(grammar), os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0), dir_fd=folder)
    except OSError:
        return None
    finally:
        os.close(folder)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022 or st.st_size > 1 << 20:
            return None
        data = fh.read()
    try:
        return Lark.load(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a stale or damaged cache costs only the time to rebuild it
        return None


def _save(grammar: str, parser) -> None:
    import io
    import os

    folder = _cache_dir()
    if folder is None:
        return
    name, tmp = _cache_name(grammar), f".tmp-{os.getpid()}"
    try:
        buf = io.BytesIO()
        parser.save(buf)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(buf.getvalue())
        os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is silent
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
    finally:
        os.close(folder)


def outline(toks: list[Tok]) -> Outline:
    stream = [Token(t.type, str(i)) for i, t in enumerate(toks)]
    tree = _parser().parse(stream)
    out = Outline()
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
        elif name == "section":
            heading, body = node.children
            out.sections.append((tok(heading), [tok(t) for t in body.children]))
        elif name == "trailer":
            for child in node.children:
                if child is not None:
                    if child.type == "SIGNER":
                        out.signer = tok(child)
                    elif child.type == "DATE":
                        out.date = tok(child)
    return out
