"""Loading YAML rule packs: every rule is validated against its check's
fields (their type annotations are the schema), and a bad rule is refused
with the pack's file and line.

A rule with `kind:` instantiates a generic kind (check/kinds/, or a
plugin's); a national rule without one is the built-in check its code names
(check/builtin/CODES)."""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gikplint.model import SEVERITIES

COMMON_KEYS = {"code", "name", "title", "summary", "severity", "message", "description", "examples", "kind", "url"}
REQUIRED_COMMON = ("code", "name", "severity", "message")
BUILTIN = "builtin"  # the `kind` of a rule implemented by a built-in check


class RuleError(Exception):
    """A rule pack is malformed; str() is 'file:line: what is wrong'."""


@dataclass
class Rule:
    code: str
    name: str
    severity: str
    message: str
    kind: str  # the generic kind's name, or "builtin"
    check: Any  # the Check instance
    summary: str = ""  # one line: what it checks
    title: str = ""  # a short Chinese name, as the terminal shows it (the name stays the JSON/SARIF key)
    url: str = ""  # where the rule is documented (a plugin's own page); national rules: docs/rules/
    description: str = ""  # why it matters, the legal source
    examples: list = field(default_factory=list)  # [{fires: text, fix: text}]
    source: str = ""  # file:line
    plugin: str = "national"  # the plugin whose pack defines it
    params: dict = field(default_factory=dict)  # the check's fields as the YAML gives them, for the docs

    def render(self, **values) -> str:
        return self.message.format(**values)

    @property
    def label(self) -> str:
        """How the terminal names the rule: its Chinese title, else its name."""
        return self.title or self.name


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


MAX_DEPTH = 32  # nesting of a plugin's pack: rules are two or three levels deep
MAX_NODES = 100_000  # nodes of a plugin's pack once aliases are expanded (a billion laughs is refused)
_CODE_RE = re.compile(r"^[A-Z]{2,}\d{1,4}$")


def _check_shape(text: str, path: Path) -> None:
    """Refuse YAML that would nest deeper than MAX_DEPTH (libyaml's composer
    recurses in C: a crash, not an exception) or expand through aliases to
    more than MAX_NODES nodes, reading the event stream before composing it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}
    stack: list[list] = []  # [nodes so far, anchor] of each open collection
    total = 0

    def add(n: int, line: int) -> None:
        nonlocal total
        if stack:
            stack[-1][0] += n
            n = stack[-1][0]
        else:
            total += n
            n = total
        if n > MAX_NODES:
            raise RuleError(f"{path}:{line}: YAML 展开后过大（超过 {MAX_NODES:,} 个节点，多半是别名 *x 层层引用）")

    for ev in yaml.parse(text, Loader=loader):
        line = ev.start_mark.line + 1 if ev.start_mark else 0
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([1, ev.anchor])
            if len(stack) > MAX_DEPTH:
                raise RuleError(f"{path}:{line}: YAML 嵌套过深（超过 {MAX_DEPTH} 层）")
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            n, anchor = stack.pop()
            if anchor:
                sizes[anchor] = n
            add(n, line)
        elif isinstance(ev, yaml.ScalarEvent):
            if ev.anchor:
                sizes[ev.anchor] = 1
            add(1, line)
        elif isinstance(ev, yaml.AliasEvent):
            add(sizes.get(ev.anchor, 1), line)


def load_pack(path: Path, kinds: dict[str, type], trusted: bool = False, builtins: dict | None = None) -> list[Rule]:
    """The rules of one pack. `trusted`: shipped inside gikplint (the
    national packs); a plugin's pack is also checked for hostile shapes."""
    import yaml

    from gikplint.smallfile import SmallFileError, read_text

    try:
        text = read_text(path)
    except SmallFileError as e:
        raise RuleError(f"{path}:0: 无法读取规则文件：{e}") from None
    try:
        if not trusted:
            _check_shape(text, path)
        data = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        raise RuleError(f"{path}:{line}: YAML 语法错误：{e.problem or e}") from None
    except (yaml.YAMLError, RecursionError) as e:
        raise RuleError(f"{path}:0: YAML 有误：{e}") from None
    if data is None:
        return []
    if isinstance(data, dict) and "rules" in data:
        data = data["rules"]
    if not isinstance(data, list):
        raise RuleError(f"{path}:1: 规则文件应是规则列表")
    return [build_rule(entry, path, kinds, builtins or {}) for entry in data]


def build_rule(entry: Any, path: Path, kinds: dict[str, type], builtins: dict | None = None) -> Rule:
    from gikplint.check.fields import FieldError, build

    if not isinstance(entry, dict):
        raise RuleError(f"{path}:0: 每条规则应是一个映射（code: …, name: …）")
    line = entry.pop("__line__", 0)
    where = f"{path}:{line}"
    code = entry.get("code", "?")
    for key in REQUIRED_COMMON:
        if key not in entry:
            raise RuleError(f"{where}: {code}: 缺少字段 '{key}'")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise RuleError(f"{where}: code 应形如 GK101 或 JX101（大写字母前缀加数字），而不是 {code!r}")
    for key in ("name", "title", "message", "kind", "summary", "description", "url"):
        if key in entry and not isinstance(entry[key], str):
            raise RuleError(f"{where}: {code}: {key} 应为文字，而不是 {type(entry[key]).__name__}")
    if entry.get("url") and not re.match(r"https?://[^\s]+$", entry["url"]):
        raise RuleError(f"{where}: {code}: url 应为 http:// 或 https:// 开头的网址，而不是 {entry['url']!r}")
    if entry["severity"] not in SEVERITIES:
        raise RuleError(f"{where}: {code}: severity 应为 {'/'.join(SEVERITIES)} 之一，而不是 '{entry['severity']}'")
    examples = entry.get("examples", [])
    if not (isinstance(examples, list) and all(
            isinstance(x, dict) and set(x) - {"__line__"} <= {"fires", "fix"}
            and all(isinstance(v, str) for k, v in x.items() if k != "__line__") for x in examples)):
        raise RuleError(f"{where}: {code}: examples 应为列表，每项形如 {{fires: 会报告的文字, fix: 改正后的文字}}")
    kind_name = entry.get("kind")
    if kind_name is None:
        cls = (builtins or {}).get(code)
        if cls is None:
            raise RuleError(f"{where}: {code}: 缺少字段 'kind'（只有国家规则的内置检查不写 kind）")
        kind_name, label = BUILTIN, f"内置检查 {code}"
    else:
        cls = kinds.get(kind_name)
        if cls is None:
            raise RuleError(f"{where}: {code}: 未知的检查类型 kind: '{kind_name}'（可用：{', '.join(sorted(kinds))}）")
        label = f"{kind_name} 类规则"
    params = _strip_lines({k: v for k, v in entry.items() if k not in COMMON_KEYS})
    try:
        check = build(cls, params)
    except FieldError as e:
        msg = str(e)
        raise RuleError(f"{where}: {code}: {label}{msg if msg.startswith(('不接受', '缺少')) else '的 ' + msg}") from None
    except RuleError:
        raise
    except Exception as e:  # noqa: BLE001 - whatever a field's value does to the check, it is the pack's error
        raise RuleError(f"{where}: {code}: {e}") from None
    try:
        names = {f[1] for f in string.Formatter().parse(entry["message"]) if f[1] is not None}
    except ValueError:
        raise RuleError(f"{where}: {code}: message 中的花括号不成对（要写花括号本身，请写 {{{{ 或 }}}}）") from None
    allowed = set(getattr(cls, "variables", ()))
    if names - allowed:
        raise RuleError(
            f"{where}: {code}: message 中的 {', '.join('{' + n + '}' for n in sorted(names - allowed))} "
            f"不是{label}提供的变量（可用：{', '.join(sorted(allowed)) or '无'}）"
        )
    return Rule(
        code=str(entry["code"]), name=str(entry["name"]), severity=entry["severity"],
        message=entry["message"], kind=kind_name, check=check,
        summary=str(entry.get("summary", "")).strip(),
        title=str(entry.get("title", "")).strip(),
        url=str(entry.get("url", "")).strip(),
        description=str(entry.get("description", "")).strip(),
        examples=_strip_lines(examples), source=where, params=params,
    )


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value
