"""The plugin host: the only module that touches entry points.

The national plugin (gikplint.national) is always registered; installed
plugins come from the entry-point group ``gikplint``. An allow-list
(--plugins, GIKPLINT_PLUGINS, or `plugins` in the configuration) pins which
of them run, so a CI gate is reproducible. A plugin that fails to import
(whatever it raises, sys.exit included), implements a hook that does not
exist, or raises in a hook or returns something of the wrong shape, is named
in a message and skipped; the others run. A pinned plugin that cannot be
loaded is a configuration error: the gate must not silently check less.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pluggy

from gikplint import __version__, hookspecs, national

GROUP = "gikplint"
ENV = "GIKPLINT_PLUGINS"


class PluginError(Exception):
    """A pinned plugin is not installed or cannot be loaded: a configuration error (exit 2)."""


class PluginFailure(Exception):
    """A plugin's reader raised (or returned garbage) for a file."""

    def __init__(self, plugin: str, error: str):
        super().__init__(f"{plugin}: {error}")
        self.plugin, self.error = plugin, error


@dataclass
class PluginInfo:
    name: str
    version: str
    module: str


def allow_list(cli: str | None, config: list | None) -> list[str] | None:
    """None: every installed plugin. Otherwise the names to load."""
    if cli is not None:
        raw = cli
    elif ENV in os.environ:
        raw = os.environ[ENV]
    elif config is not None:
        return [str(x) for x in config]
    else:
        return None
    return [x.strip() for x in raw.split(",") if x.strip()]


def _is_path(x) -> bool:
    return isinstance(x, (str, os.PathLike))


# What each hook must return (besides None); anything else drops the plugin's contribution.
_SHAPES = {
    "gikplint_rule_packs": ("路径列表", lambda v: isinstance(v, (list, tuple)) and all(_is_path(x) for x in v)),
    "gikplint_check_kinds": ("“名称 → 检查类型类”的字典", lambda v: isinstance(v, dict) and all(
        isinstance(k, str) and isinstance(c, type) for k, c in v.items())),
    "gikplint_file_types": ("形如 \".wps\" 的扩展名列表", lambda v: isinstance(v, (list, tuple, set)) and all(
        isinstance(x, str) and x.startswith(".") for x in v)),
    "gikplint_output_formats": ("“名称 → 输出格式（Output 子类或函数）”的字典", lambda v: isinstance(v, dict) and all(
        isinstance(k, str) and (callable(f) or hasattr(f, "load")) for k, f in v.items())),
    "gikplint_default_config": ("配置字典", lambda v: isinstance(v, dict)),
}


def _describe(e: BaseException) -> str:
    if isinstance(e, SystemExit):
        return f"调用了 sys.exit({e.code!r})"
    return f"{type(e).__name__}: {e}"


class Host:
    def __init__(self, allow: list[str] | None = None):
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.problems: list[str] = []  # Chinese messages about plugins that were skipped
        self.plugins: list[PluginInfo] = [PluginInfo("national", __version__, "gikplint.national")]
        self.pm.register(national, name="national")
        self._load_entry_points(allow)
        self._cache: dict[str, list] = {}
        for hook in _SHAPES:  # every problem with a plugin is known once the host is built
            self.each(hook)
        self._defaults = self._default_config()

    def _load_entry_points(self, allow: list[str] | None) -> None:
        if allow is not None and not [n for n in allow if n != "national"]:
            return  # pinned to the national rules: no need to scan the installed packages
        from importlib.metadata import entry_points

        found = {ep.name: ep for ep in entry_points(group=GROUP)}
        if allow is not None:
            missing = [n for n in allow if n not in found and n != "national"]
            if missing:
                raise PluginError(f"指定的插件未安装：{'、'.join(missing)}（已安装：{'、'.join(sorted(found)) or '无'}）")
        for name in sorted(found):
            if allow is not None and name not in allow:
                continue
            ep = found[name]
            try:
                module = ep.load()
                self.pm.register(module, name=name)
                self.pm.check_pending()
            except (Exception, SystemExit) as e:  # noqa: BLE001 - a broken plugin is named, not fatal (unless pinned)
                if self.pm.has_plugin(name):
                    self.pm.unregister(name=name)
                what = "实现了不存在的钩子" if isinstance(e, pluggy.PluginValidationError) else "加载失败"
                message = f"插件“{name}”{what}（{_describe(e)}）"
                if allow is not None:
                    raise PluginError(f"{message}；它是指定要加载的插件，因此停止运行") from None
                self.problems.append(f"{message}，已跳过。")
                continue
            dist = getattr(ep, "dist", None)
            self.plugins.append(PluginInfo(name, getattr(dist, "version", "?"), ep.value))

    def each(self, hook: str) -> list[tuple[str, object]]:
        """(plugin name, result) of one hook from every plugin that implements
        it, national first; a plugin whose hook raises or returns something of
        the wrong shape is named, and that contribution dropped."""
        if hook in self._cache:
            return self._cache[hook]
        what, valid = _SHAPES[hook]
        out = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            try:
                result = impl.function()
            except (Exception, SystemExit) as e:  # noqa: BLE001
                self.problems.append(f"插件“{impl.plugin_name}”的 {hook} 出错（{_describe(e)}），已跳过。")
                continue
            if result is None:
                continue
            if not valid(result):
                self.problems.append(f"插件“{impl.plugin_name}”的 {hook} 应返回{what}，而不是 {type(result).__name__}，已跳过。")
                continue
            out.append((impl.plugin_name, result))
        out.sort(key=lambda x: x[0] != "national")
        self._cache[hook] = out
        return out

    def read(self, path: str, data: bytes):
        """The first reader that takes the file (plugins registered later are
        asked first). A plugin's reader that raises anything but ReadError, or
        returns something that is not a Document, is a PluginFailure naming it."""
        from gikplint.model import Document
        from gikplint.read import ReadError

        for impl in reversed(self.pm.hook.gikplint_read.get_hookimpls()):
            name = impl.plugin_name
            try:
                doc = impl.function(path=path, data=data)
            except ReadError:
                raise
            except (Exception, SystemExit) as e:  # noqa: BLE001 - the run's timer and Ctrl-C pass through
                if name == "national":
                    raise
                raise PluginFailure(name, _describe(e)) from None
            if doc is None:
                continue
            if not isinstance(doc, Document):
                raise PluginFailure(name, f"读取器返回的不是 Document，而是 {type(doc).__name__}")
            return doc
        return None

    def file_types(self) -> set[str]:
        return {s.lower() for _, types in self.each("gikplint_file_types") for s in types}

    def formats(self) -> dict:
        out = {}
        for _, formats in self.each("gikplint_output_formats"):
            out.update(formats)
        return out

    def default_config(self) -> dict:
        return self._defaults

    def _default_config(self) -> dict:
        from gikplint.config import ConfigError, validate

        out: dict = {}
        for name, cfg in self.each("gikplint_default_config"):
            try:
                validate(cfg, f"插件“{name}”的默认配置")
            except ConfigError as e:
                self.problems.append(f"{e}，已跳过。")
                continue
            out.update(cfg)
        return out
