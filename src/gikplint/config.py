"""Configuration: [tool.gikplint] in pyproject.toml, or gikplint.toml /
.gikplint.toml. The file nearest the linted file wins (the search stops at
the repository root); `extend` inherits another file explicitly; --config
names one file for every input. Plugins' default configuration lies beneath.
An unknown key or a bad value is a usage error naming the file and key."""
from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gikplint.model import SEVERITIES

NAMES = (".gikplint.toml", "gikplint.toml", "pyproject.toml")
KEYS = {"extend", "select", "extend-select", "ignore", "severity", "fail-on", "plugins", "report-kind", "deadlines",
        "overrides", "timeout", "exclude", "extend-exclude", "reports-only", "previous-dir", "thresholds"}
OVERRIDE_KEYS = {"paths", "select", "extend-select", "ignore", "severity", "report-kind", "deadlines", "reports-only",
                 "thresholds"}
# the thresholds of the cross-year rules: name → (default, lowest, highest, what it is)
THRESHOLDS = {"near-duplicate": (0.5, 0.05, 1.0, "与上一年度或其他机关报告正文的重复率，达到即报告 GK802（0.05–1，默认 0.5）"),
              "year-over-year-jump": (5.0, 1.5, 1000.0, "关键数字与上一年度相比的倍数，超过即提示 GK804（1.5–1000，默认 5）")}
# Folders a portal repository holds besides its reports, left out of folder runs unless `exclude` says otherwise.
DEFAULT_EXCLUDE = ("node_modules", "venv", "__pycache__", "site-packages")
FAIL_LEVELS = ("error", "warning", "info", "never")
_CODE_RE = re.compile(r"^[A-Z]{2,}\d{0,3}$")
MAX_CONFIG_BYTES = 4 * 1024 * 1024
MAX_EXTEND = 10  # a chain of `extend` deeper than this is a mistake (or an attack)


class ConfigError(Exception):
    """str() is 'file: key: what is wrong'."""


@dataclass
class Settings:
    """What applies to one file."""

    select: list[str] | None = None  # code prefixes; None = all
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    report_kind: str | None = None
    deadlines: dict[str, str] = field(default_factory=dict)
    reports_only: bool = False  # a file that is not a report is GK902, not skipped
    previous_dir: str | None = None  # where last year's reports are (absolute)
    thresholds: dict[str, float] = field(default_factory=dict)  # near-duplicate, year-over-year-jump

    def wants(self, code: str) -> bool:
        if any(code.startswith(p) for p in self.ignore):
            return False
        return self.select is None or any(code.startswith(p) for p in self.select)

    def key(self) -> tuple:
        return (tuple(self.select) if self.select is not None else None, tuple(self.ignore),
                tuple(sorted(self.severity.items())))


@dataclass
class Config:
    path: Path | None
    data: dict

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def settings_for(self, file: str, defaults: dict | None = None) -> Settings:
        s = Settings()
        _apply(s, defaults or {})
        _apply(s, self.data)
        for ov in self.data.get("overrides", []):
            rel = _relative(file, Path(ov.get("_root") or self.root))  # an inherited override keeps its file's folder
            if rel is not None and any(fnmatch.fnmatch(rel, pat) for pat in ov["paths"]):
                _apply(s, ov)
        return s

    def excludes(self, replace: list[str] | None = None) -> list[tuple[Path, str]]:
        """(the folder a pattern is relative to, the pattern): `exclude` (else
        the defaults) and `extend-exclude`, inherited ones with their own
        folder. `replace` (--exclude) stands for every `exclude`, inherited
        ones and the defaults included, relative to the working folder."""
        out = []
        for root, pat, kind in self.data.get("_excludes", []):
            if replace is None or kind != "exclude":
                out.append((Path(root or self.root), pat))
        if replace is None:
            out += [(self.root, p) for p in self.data.get("exclude", list(DEFAULT_EXCLUDE))]
        else:
            out += [(Path.cwd(), p) for p in replace]
        return out + [(self.root, p) for p in self.data.get("extend-exclude", [])]

    def excluded(self, path: str, extra: list[tuple[Path, str]] = (), replace: list[str] | None = None) -> bool:
        """Whether a file or folder is excluded. A pattern without "/" matches
        any one name on the path below the pattern's folder (a folder's or
        the file's: "新闻", "*.shtml"; any name of a path outside it); one
        with "/" the path from the pattern's folder ("docs/**", "./新闻",
        "../归档/**"), or the absolute path it gives; a leading "**/" matches
        at any depth."""
        return any(_matches(path, root, pat) for root, pat in [*self.excludes(replace), *extra])


def _matches(path: str, root: Path, pattern: str) -> bool:
    pat = pattern.strip()
    while pat.startswith("./"):
        pat = pat[2:]
    pat = pat.rstrip("/")
    if not pat:
        return False
    if pat.startswith("**/"):
        rest = pat[3:]
        return _matches(path, root, rest) or fnmatch.fnmatch(Path(os.path.abspath(path)).as_posix(), "*/" + rest)
    if "/" not in pat:
        rel = _relative(path, root)
        return any(fnmatch.fnmatch(part, pat) for part in (rel or Path(path).as_posix()).split("/"))
    full = Path(os.path.normpath(os.path.join(root.resolve(), pat))).as_posix()
    target = Path(os.path.abspath(path)).resolve().as_posix()
    return fnmatch.fnmatch(target, full) or fnmatch.fnmatch(target, full + "/*")


def _relative(path: str, root: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _apply(s: Settings, d: dict) -> None:
    if "select" in d:
        s.select = list(d["select"])
    if "extend-select" in d and s.select is not None:
        s.select = s.select + list(d["extend-select"])
    if "reports-only" in d:
        s.reports_only = bool(d["reports-only"])
    if "ignore" in d:
        s.ignore = s.ignore + list(d["ignore"])
    s.severity.update(d.get("severity", {}))
    if "fail-on" in d:
        s.fail_on = d["fail-on"]
    if "report-kind" in d:
        s.report_kind = d["report-kind"]
    s.deadlines.update(d.get("deadlines", {}))
    s.thresholds.update(d.get("thresholds", {}))
    if "previous-dir" in d:
        s.previous_dir = d["previous-dir"]


def _read(path: Path) -> str:
    from gikplint.smallfile import SmallFileError, read_text

    try:
        return read_text(path, MAX_CONFIG_BYTES)
    except SmallFileError as e:
        raise ConfigError(f"{path}: 不能作为配置文件：{e}") from None


def _toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: TOML 语法错误：{_toml_error(e)}") from None
    except RecursionError:
        raise ConfigError(f"{path}: TOML 嵌套过深") from None


# tomllib's messages (the same in tomli), in Chinese; one not listed is shown as it is
_TOML_ZH = (
    (r"Cannot declare (.+) twice", r"\1 声明了两次"),
    (r"Cannot (?:mutate immutable namespace|redefine namespace) (.+)", r"不能再次定义 \1"),
    (r"Cannot overwrite a value", "一个键赋了两次值"),
    (r"Duplicate inline table key (.+)", r"内联表中的键 \1 重复"),
    (r"Expected '=' after a key in a key/value pair", "键后面应是“=”"),
    (r"Expected '\]' at the end of a table declaration", "表头应以“]”结尾"),
    (r"Expected '\]\]' at the end of an array declaration", "表数组的表头应以“]]”结尾"),
    (r"Expected newline or end of document after a statement", "一行只能写一项（后面多了内容）"),
    (r"Expected (.+)", r"此处应是 \1"),
    (r"(?:Found invalid|Illegal) character '\\n'", "字符串到行尾还没有结束（缺少结尾的引号）"),
    (r"(?:Found invalid|Illegal) character (.+)", r"不能出现字符 \1"),
    (r"Invalid date or datetime", "日期或时间写法不对"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value", "转义字符写法不对"),
    (r"Invalid initial character for a key part", "键的开头字符不对（文字值要加引号）"),
    (r"Invalid statement", "无法识别这一行"),
    (r"Invalid value", "值的写法不对（文字要加引号，如 \"GK410\"）"),
    (r"Unclosed array", "列表缺少“]”"),
    (r"Unclosed inline table", "内联表缺少“}”"),
    (r"Unescaped '\\' in a string", "字符串中的“\\”要写成“\\\\”（或改用单引号）"),
    (r"Unterminated string", "字符串缺少结尾的引号"),
)


def _toml_error(e) -> str:
    """tomllib's message in Chinese, with its line and column: '… (at line 3, column 5)'."""
    text = str(e)
    where = ""
    m = re.search(r"^(.*?) \(at line (\d+), column (\d+)\)$", text)
    if m:
        text, where = m[1], f"第 {m[2]} 行第 {m[3]} 列："
    elif text.endswith(" (at end of document)"):
        text, where = text[:-len(" (at end of document)")], "文件末尾："
    text = re.sub(r"\('((?:[^'\\]|\\.)*)',?\)", r"\1", text)  # tomllib names a key as a tuple: ('a',)
    for pattern, zh in _TOML_ZH:
        if re.fullmatch(pattern, text):
            return where + re.sub(pattern, lambda m: m.expand(zh) if "\\1" in zh else zh, text)
    return where + text


def _section(path: Path) -> dict | None:
    data = _toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "gikplint" not in tool:
            return None
        data = tool["gikplint"]
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: tool.gikplint: 应为表（[tool.gikplint]），而不是数组或值")
    return data


def load(path: Path, _seen: tuple = ()) -> Config:
    path = path.resolve()
    if path in _seen:
        raise ConfigError(f"{path}: extend: 配置文件相互继承形成了循环")
    if len(_seen) >= MAX_EXTEND:
        raise ConfigError(f"{path}: extend: 继承层数超过 {MAX_EXTEND} 层")
    data = _section(path)
    if data is None:
        raise ConfigError(f"{path}: 没有 [tool.gikplint] 配置")
    validate(data, path)
    if "extend" in data:
        try:
            base = load(path.parent / data["extend"], _seen + (path,))
        except ConfigError as e:
            raise ConfigError(f"{path}: extend: {e}") from None
        merged = {**base.data, **{k: v for k, v in data.items() if k != "extend"}}
        for key in ("severity", "deadlines", "thresholds"):
            if key in base.data and key in data:
                merged[key] = {**base.data[key], **data[key]}
        # the parent's overrides and excludes stay, each relative to the parent's own folder
        merged["overrides"] = ([dict(ov, _root=ov.get("_root") or str(base.root)) for ov in base.data.get("overrides", [])]
                               + list(data.get("overrides", [])))
        merged["_excludes"] = (base.data.get("_excludes", [])
                               + [(str(base.root), p, "exclude") for p in base.data.get("exclude", [])]
                               + [(str(base.root), p, "extend") for p in base.data.get("extend-exclude", [])])
        for key in ("exclude", "extend-exclude"):
            if key not in data:
                merged.pop(key, None)
        if "exclude" in base.data and "exclude" not in data:
            merged["exclude"] = []  # the parent replaced the defaults: they do not come back
        data = merged
    return Config(path, data)


def discover(file: str) -> Config:
    """The configuration nearest to `file`, or an empty one."""
    return Finder().find(file)


class Finder:
    """Configuration discovery for a run: each folder is looked at once,
    however many reports it holds."""

    def __init__(self):
        self._by_folder: dict[Path, Config] = {}

    def find(self, file: str) -> Config:
        d = Path(os.path.abspath(file)).parent
        seen = []
        while d not in self._by_folder:
            seen.append(d)
            found = self._here(d)
            if found is not None:
                self._by_folder[d] = found
                break
            if (d / ".git").exists() or d.parent == d:
                self._by_folder[d] = Config(None, {})
                break
            d = d.parent
        config = self._by_folder[d]
        for folder in seen:
            self._by_folder[folder] = config
        return config

    def found(self) -> list[Config]:
        """Every configuration found so far, once each."""
        return list({id(c): c for c in self._by_folder.values()}.values())

    @staticmethod
    def _here(d: Path) -> Config | None:
        for name in NAMES:
            candidate = d / name
            if candidate.is_file() and (name != "pyproject.toml" or _section(candidate) is not None):
                return load(candidate)
        return None


def validate(data: dict, path: Path) -> None:
    def bad(key, what):
        raise ConfigError(f"{path}: {key}: {what}")

    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置应为表（键 = 值），而不是 {type(data).__name__}")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        bad(unknown[0], f"未知的配置项（可用：{', '.join(sorted(KEYS))}）")
    _common(data, bad)
    if "extend" in data and not isinstance(data["extend"], str):
        bad("extend", "应为另一个配置文件的路径")
    if "timeout" in data and (isinstance(data["timeout"], bool) or not isinstance(data["timeout"], (int, float))
                              or not 0 <= data["timeout"] <= 24 * 3600):
        bad("timeout", "应为每个文件最多处理的秒数（0 表示不限），如 timeout = 60")
    if "overrides" in data and not isinstance(data["overrides"], list):
        bad("overrides", "应为表的数组（[[tool.gikplint.overrides]]）")
    if "fail-on" in data and data["fail-on"] not in FAIL_LEVELS:
        bad("fail-on", f"应为 {'/'.join(FAIL_LEVELS)} 之一")
    if "plugins" in data and not (isinstance(data["plugins"], list) and all(isinstance(x, str) for x in data["plugins"])):
        bad("plugins", "应为插件名称列表")
    for key in ("exclude", "extend-exclude"):
        if key in data and not (isinstance(data[key], list) and all(isinstance(x, str) and x.strip() for x in data[key])):
            bad(key, "应为路径模式列表，如 [\"新闻\", \"*.shtml\", \"docs/**\"]")
    if "previous-dir" in data:
        if not (isinstance(data["previous-dir"], str) and data["previous-dir"].strip()):
            bad("previous-dir", "应为上一年度报告所在文件夹的路径（相对于本配置文件），如 previous-dir = \"../2023\"")
        data["previous-dir"] = os.path.normpath(os.path.join(path.parent.resolve(), data["previous-dir"]))
        if not os.path.isdir(data["previous-dir"]):
            bad("previous-dir", f"文件夹 {data['previous-dir']} 不存在（路径相对于本配置文件）")
    for i, ov in enumerate(data.get("overrides", [])):
        key = f"overrides[{i}]"
        if not isinstance(ov, dict):
            bad(key, "应为表（[[tool.gikplint.overrides]]）")
        unknown = sorted(set(ov) - OVERRIDE_KEYS)
        if unknown:
            bad(f"{key}.{unknown[0]}", f"未知的配置项（可用：{', '.join(sorted(OVERRIDE_KEYS))}）")
        if not (isinstance(ov.get("paths"), list) and ov["paths"] and all(isinstance(p, str) for p in ov["paths"])):
            bad(f"{key}.paths", "应为路径模式列表，如 [\"2019/**\"]")
        _common(ov, lambda k, w: bad(f"{key}.{k}", w))


def _common(d: dict, bad) -> None:
    if "reports-only" in d and not isinstance(d["reports-only"], bool):
        bad("reports-only", "应为 true 或 false")
    if "thresholds" in d:
        t = d["thresholds"]
        if not isinstance(t, dict):
            bad("thresholds", f"应为表，可用的键：{', '.join(THRESHOLDS)}")
        for name, value in t.items():
            if name not in THRESHOLDS:
                bad(f"thresholds.{name}", f"未知的阈值（可用：{', '.join(THRESHOLDS)}）")
            _, low, high, what = THRESHOLDS[name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                bad(f"thresholds.{name}", f"应为 {low} 到 {high} 之间的数：{what}")
    for key in ("select", "extend-select", "ignore"):
        if key in d:
            v = d[key]
            if not isinstance(v, list):
                bad(key, "应为规则代码或代码前缀的列表，如 [\"GK121\", \"GK6\", \"HH\"]")
            wrong = [c for c in v if not (isinstance(c, str) and _CODE_RE.match(c))]
            if wrong:
                bad(key, f"“{wrong[0]}”不是规则代码或代码前缀（应为大写字母加数字，如 \"GK121\"、\"GK6\"、\"HH\"）")
    if "severity" in d:
        v = d["severity"]
        if not (isinstance(v, dict) and all(_CODE_RE.match(k) and x in SEVERITIES for k, x in v.items())):
            bad("severity", f"应形如 {{ GK121 = \"info\" }}，级别为 {'/'.join(SEVERITIES)} 之一")
    if "report-kind" in d and d["report-kind"] not in ("department", "government"):
        bad("report-kind", "应为 department 或 government")
    if "deadlines" in d:
        v = d["deadlines"]
        if not (isinstance(v, dict) and set(v) <= {"department", "government"}
                and all(isinstance(x, str) and _month_day(x) for x in v.values())):
            bad("deadlines", "应形如 { department = \"01-31\", government = \"03-31\" }，且是日历上有的日期")


def _month_day(text: str) -> bool:
    """MM-DD that some year has (02-29 included; 02-30 and 04-31 not)."""
    import datetime as dt

    if not re.fullmatch(r"\d{2}-\d{2}", text):
        return False
    try:
        dt.date(2000, int(text[:2]), int(text[3:]))
    except ValueError:
        return False
    return True
