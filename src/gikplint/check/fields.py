"""A rule's YAML values, checked against the type annotations of its
check's fields: the dataclass is the schema (as Vale's check structs are).

Supported annotations: str, int, float, bool, Literal[...], X | None,
list[X], tuple[X, ...], dict[K, V] and nested dataclasses (a YAML mapping
whose keys are the dataclass's fields). A wrong value raises FieldError
naming the field path in Chinese: "patterns[0].regex 应为文字".
"""
from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache
from typing import Any, Literal, Union

_TYPE_ZH = {str: "文字", int: "整数", float: "数字", bool: "true 或 false"}


class FieldError(ValueError):
    pass


@lru_cache(maxsize=None)
def hints(cls) -> dict[str, Any]:
    """The resolved annotations of a dataclass's init fields (a check that
    is not a dataclass has none)."""
    if not dataclasses.is_dataclass(cls):
        return {}
    resolved = typing.get_type_hints(cls)
    return {f.name: resolved.get(f.name, Any) for f in dataclasses.fields(cls) if f.init}


def build(cls, values: dict, where: str = ""):
    """An instance of dataclass `cls` from a mapping: unknown keys, missing
    keys and values of the wrong type are FieldErrors."""
    fields = hints(cls)
    at = f"{where.rstrip('.')} " if where else ""
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise FieldError(f"{at}不接受字段 {', '.join(repr(u) for u in unknown)}（可用字段：{', '.join(sorted(fields)) or '无'}）")
    required = [f.name for f in dataclasses.fields(cls) if f.init and f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING] if fields else []
    missing = [n for n in required if n not in values]
    if missing:
        raise FieldError(f"{at}缺少字段 {', '.join(repr(m) for m in missing)}")
    return cls(**{name: coerce(value, fields[name], f"{where}{name}") for name, value in values.items()})


def coerce(value, hint, where: str):
    """`value` checked (and, for nested dataclasses and tuples, converted) against `hint`."""
    if hint is Any:
        return value
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Literal:
        if value not in args:
            raise FieldError(f"{where} 应为 {'、'.join(str(a) for a in args)} 之一，而不是 {value!r}")
        return value
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arm in (a for a in args if a is not type(None)):
            try:
                return coerce(value, arm, where)
            except FieldError as e:
                errors.append(str(e))
        raise FieldError(errors[0] if len(errors) == 1 else f"{where} 的值 {value!r} 不符合要求")
    if hint is type(None):
        if value is not None:
            raise FieldError(f"{where} 应为空")
        return None
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise FieldError(f"{where} 应为列表，而不是 {value!r}")
        item = args[0] if args else Any
        out = [coerce(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(out) if origin is tuple else out
    if origin is dict:
        if not isinstance(value, dict):
            raise FieldError(f"{where} 应为映射（键: 值），而不是 {value!r}")
        key, val = args if args else (Any, Any)
        return {coerce(k, key, f"{where} 的键"): coerce(v, val, f"{where}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise FieldError(f"{where} 应为映射（{', '.join(hints(hint))}），而不是 {value!r}")
        return build(hint, value, f"{where}.")
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FieldError(f"{where} 应为{_TYPE_ZH[float]}，而不是 {value!r}")
        return value
    if hint in _TYPE_ZH:
        if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
            raise FieldError(f"{where} 应为{_TYPE_ZH[hint]}，而不是 {value!r}")
        return value
    return value  # a type this validator does not know: the check's __post_init__ checks it
