"""Where the packaged grammar/ and rules/ are.

In a wheel they sit in gikplint/_data/; in a source checkout (editable
install, tests run from the tree) they are at the top of the repository.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    for candidate in (_HERE / "_data" / name, _HERE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"gikplint data folder {name!r} not found (broken installation)")
