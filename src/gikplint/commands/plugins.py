"""gikplint plugins: the plugins loaded, and what each adds."""
from __future__ import annotations

from gikplint.commands import EXIT_OK, run_options, session


def add(sub) -> None:
    p = sub.add_parser("plugins", help="列出插件", description="列出加载的插件：名称、版本和它们提供的内容。")
    p.add_argument("--format", choices=("human", "json"), default="human")
    run_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    s = session(args, paths=False)
    host, rules = s.host, s.rules
    kinds = dict(host.each("gikplint_check_kinds"))
    types = dict(host.each("gikplint_file_types"))
    formats = dict(host.each("gikplint_output_formats"))
    defaults = dict(host.each("gikplint_default_config"))
    rows = []
    for info in host.plugins:
        if not host.pm.has_plugin(info.name):
            continue
        rows.append({
            "name": info.name, "version": info.version, "module": info.module,
            "rules": [r.code for r in rules if r.plugin == info.name],
            "kinds": sorted(kinds.get(info.name, {})),
            "file_types": sorted(types.get(info.name, [])),
            "formats": sorted(formats.get(info.name, {})),
            "default_config": defaults.get(info.name, {}),
        })
    if args.format == "json":
        import json

        print(json.dumps({"plugins": rows}, ensure_ascii=False, indent=2))
        return EXIT_OK
    for row in rows:
        print(f"{row['name']} {row['version']}（{row['module']}）")
        parts = []
        if row["rules"]:
            parts.append(f"规则 {len(row['rules'])} 条：{' '.join(row['rules'][:8])}{' …' if len(row['rules']) > 8 else ''}")
        if row["kinds"]:
            parts.append(f"检查类型：{'、'.join(row['kinds'][:8])}{' …' if len(row['kinds']) > 8 else ''}")
        if row["file_types"]:
            parts.append(f"文件类型：{' '.join(row['file_types'])}")
        if row["formats"]:
            parts.append(f"输出格式：{'、'.join(row['formats'])}")
        if row["default_config"]:
            parts.append(f"默认配置：{row['default_config']}")
        for part in parts:
            print(f"  {part}")
    return EXIT_OK
