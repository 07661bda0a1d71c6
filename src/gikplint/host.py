"""The plugin host: the only module that touches entry points.

The national plugin (gikplint.national) is always registered; installed
plugins come from the entry-point group ``gikplint``. An allow-list
(--plugins, GIKPLINT_PLUGINS, or `plugins` in the configuration) pins which
of them run, so a CI gate is reproducible. A plugin that fails to import,
implements a hook that does not exist, or raises in a hook is named in a
message and skipped; the others run.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pluggy

from gikplint import __version__, hookspecs, national

GROUP = "gikplint"
ENV = "GIKPLINT_PLUGINS"


class PluginError(Exception):
    """A pinned plugin is not installed: a configuration error (exit 2)."""


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


class Host:
    def __init__(self, allow: list[str] | None = None):
        self.pm = pluggy.PluginManager(GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.problems: list[str] = []  # Chinese messages about plugins that were skipped
        self.plugins: list[PluginInfo] = [PluginInfo("national", __version__, "gikplint.national")]
        self.pm.register(national, name="national")
        self._load_entry_points(allow)

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
            except Exception as e:  # noqa: BLE001 - a broken plugin is named, not fatal
                self.problems.append(f"插件“{name}”加载失败（{type(e).__name__}: {e}），已跳过。")
                continue
            try:
                self.pm.check_pending()
            except pluggy.PluginValidationError as e:
                self.pm.unregister(name=name)
                self.problems.append(f"插件“{name}”实现了不存在的钩子（{e}），已跳过。")
                continue
            dist = getattr(ep, "dist", None)
            self.plugins.append(PluginInfo(name, getattr(dist, "version", "?"), ep.value))

    def each(self, hook: str) -> list[tuple[str, object]]:
        """(plugin name, result) of one hook from every plugin that implements
        it, in registration order; a plugin whose hook raises is named and dropped."""
        out = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            try:
                result = impl.function()
            except Exception as e:  # noqa: BLE001
                self.problems.append(f"插件“{impl.plugin_name}”的 {hook} 出错（{type(e).__name__}: {e}），已跳过。")
                self.pm.unregister(name=impl.plugin_name)
                continue
            if result is not None:
                out.append((impl.plugin_name, result))
        out.sort(key=lambda x: x[0] != "national")
        return out

    def read(self, path: str, data: bytes):
        return self.pm.hook.gikplint_read(path=path, data=data)

    def file_types(self) -> set[str]:
        return {s.lower() for _, types in self.each("gikplint_file_types") for s in types}

    def formats(self) -> dict:
        out = {}
        for _, formats in self.each("gikplint_output_formats"):
            out.update(formats)
        return out

    def default_config(self) -> dict:
        out: dict = {}
        for _, cfg in self.each("gikplint_default_config"):
            out.update(cfg)
        return out
