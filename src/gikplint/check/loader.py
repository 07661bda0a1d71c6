"""Loading YAML rule packs: every rule is validated against its kind's fields,
and a bad rule is refused with the pack's file and line."""
from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gikplint.model import SEVERITIES

COMMON_KEYS = {"code", "name", "summary", "severity", "message", "description", "examples", "kind"}
REQUIRED_COMMON = ("code", "name", "severity", "message", "kind")


class RuleError(Exception):
    """A rule pack is malformed; str() is 'file:line: what is wrong'."""


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    message: str
    kind: str
    check: Any  # the kind instance
    summary: str = ""  # one line: what it checks
    description: str = ""  # why it matters, the legal source
    examples: list = field(default_factory=list)  # [{fires: text, fix: text}]
    source: str = ""  # file:line
    plugin: str = "national"  # the plugin whose pack defines it

    def render(self, **values) -> str:
        return self.message.format(**values)


def _yaml_loader():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 10× faster

    class LineLoader(base):
        """Keeps the line of every mapping as the key '__line__'."""

        def construct_mapping(self, node, deep=False):
            mapping = super().construct_mapping(node, deep=deep)
            mapping["__line__"] = node.start_mark.line + 1
            return mapping

    return LineLoader


def load_pack(path: Path, kinds: dict[str, type]) -> list[Rule]:
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_yaml_loader())  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError(f"{path}:{line}: YAML 语法错误：{e.problem or e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(f"{path}:0: 无法读取规则文件：{e}") from None
    if data is None:
        return []
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    if not isinstance(data, list):
        raise RuleError(f"{path}:1: 规则文件应是规则列表")
    return [build_rule(entry, path, kinds) for entry in data]


def build_rule(entry: Any, path: Path, kinds: dict[str, type]) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError(f"{path}:0: 每条规则应是一个映射（code: …, name: …）")
    line = entry.pop("__line__", 0)
    where = f"{path}:{line}"
    code = entry.get("code", "?")
    for key in REQUIRED_COMMON:
        if key not in entry:
            raise RuleError(f"{where}: {code}: 缺少字段 '{key}'")
    if entry["severity"] not in SEVERITIES:
        raise RuleError(f"{where}: {code}: severity 应为 {'/'.join(SEVERITIES)} 之一，而不是 '{entry['severity']}'")
    kind_name = entry["kind"]
    cls = kinds.get(kind_name)
    if cls is None:
        raise RuleError(f"{where}: {code}: 未知的检查类型 kind: '{kind_name}'（可用：{', '.join(sorted(kinds))}）")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    params = {k: v for k, v in entry.items() if k not in COMMON_KEYS}
    unknown = sorted(set(params) - set(fields))
    if unknown:
        raise RuleError(
            f"{where}: {code}: {kind_name} 类规则不接受字段 {', '.join(repr(u) for u in unknown)}"
            f"（可用字段：{', '.join(sorted(fields)) or '无'}）"
        )
    missing = [n for n, f in fields.items() if n not in params
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise RuleError(f"{where}: {code}: {kind_name} 类规则缺少字段 {', '.join(repr(m) for m in missing)}")
    try:
        check = cls(**{k: _strip_lines(v) for k, v in params.items()})
    except (TypeError, ValueError) as e:
        raise RuleError(f"{where}: {code}: {e}") from None
    names = {f[1] for f in string.Formatter().parse(entry["message"]) if f[1]}
    allowed = set(getattr(cls, "variables", ()))
    if names - allowed:
        raise RuleError(
            f"{where}: {code}: message 中的 {', '.join('{' + n + '}' for n in sorted(names - allowed))} "
            f"不是 {kind_name} 类规则提供的变量（可用：{', '.join(sorted(allowed)) or '无'}）"
        )
    return Rule(
        code=str(entry["code"]), name=str(entry["name"]), severity=entry["severity"],
        message=entry["message"], kind=kind_name, check=check,
        summary=str(entry.get("summary", "")).strip(),
        description=str(entry.get("description", "")).strip(),
        examples=_strip_lines(entry.get("examples", [])), source=where,
    )


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value
