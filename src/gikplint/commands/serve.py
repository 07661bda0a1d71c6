"""gikplint serve [--host 127.0.0.1] [--port 8765]: the web page and API
(needs the optional extra: pip install 'gikplint[serve]')."""
from __future__ import annotations

import os

from gikplint.commands import EXIT_OK, UsageError, _non_negative, run_options

_positive_mb = _non_negative(float, "正数（MB）")
_count = _non_negative(int, "正整数")
_seconds = _non_negative(float, " 0（不限）或正数（秒）")


def add(sub) -> None:
    p = sub.add_parser("serve", help="启动网页服务（上传报告检查）",
                       description="启动一个网页服务：打开页面、上传报告即可检查，也可以通过 API 调用"
                                   "（POST /api/lint、/api/annotate、/api/fix；GET /api/rules、/healthz）。"
                                   "需要先安装：pip install 'gikplint[serve]'。",
                       epilog="默认只在本机（127.0.0.1）访问；要让内网的其他电脑访问，用 --host 0.0.0.0。")
    p.add_argument("--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1：只有本机能访问）")
    p.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    p.add_argument("--max-upload-mb", type=_positive_mb, default=20.0, metavar="MB",
                   help="每次上传的文件合计最多多少 MB（默认 20）")
    p.add_argument("--max-files", type=_count, default=20, metavar="N", help="每次最多上传几个文件（默认 20）")
    p.add_argument("-j", "--jobs", type=_count, default=None, metavar="N",
                   help="同时检查几个请求（默认：CPU 核数）；更多的请求排队等候")
    p.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="每个文件最多处理的秒数（默认：配置中的 timeout，或 30）")
    p.add_argument("--queue", type=_count, default=32, metavar="N",
                   help="最多几个请求排队等候（默认 32）；再多的请求会得到“服务正忙，请稍后再试”")
    p.add_argument("--memory-mb", type=_count, default=2048, metavar="MB", help="每次检查最多使用的内存（默认 2048 MB）")
    run_options(p)
    p.set_defaults(run=run)


def run(args) -> int:
    try:
        import uvicorn  # noqa: F401
        import starlette  # noqa: F401
        import multipart  # noqa: F401
    except ImportError:
        raise UsageError("gikplint serve 需要可选组件：pip install 'gikplint[serve]'（Starlette、uvicorn 和 python-multipart）。") from None
    if not 0 < args.port < 65536:
        raise UsageError(f"参数错误：--port 应为 1 至 65535 之间的端口号，而不是 {args.port}")
    if args.max_upload_mb <= 0 or args.max_files <= 0 or args.memory_mb < 256 or args.queue <= 0:
        raise UsageError("参数错误：--max-upload-mb、--max-files、--queue 应大于 0，--memory-mb 至少为 256。")
    settings = settings_from(args)
    import uvicorn

    from gikplint.serve.app import create_app

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"注意：服务监听 {args.host}，同一网络中的其他电脑都可以上传文件。")
    from gikplint.textsafe import shown_path

    print(f"检查使用的配置：{shown_path(settings.config)}" if settings.config else "检查使用的配置：无（默认设置）")
    print(f"gikplint 网页服务：http://{'[' + args.host + ']' if ':' in args.host else args.host}:{args.port}/ （Ctrl+C 停止）")
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning", access_log=False)
    return EXIT_OK


def settings_from(args):
    """The service's Settings: the rules it lists, the configuration every check uses."""
    from gikplint.commands import session
    from gikplint.serve.app import Settings

    from gikplint.commands.rules import as_json

    s = session(args, paths=False)  # a broken configuration or plugin stops here, exit 2
    config = s.config.path  # --config, or the one the command line finds from the folder the service started in
    rules = as_json(s.rules)
    return Settings(config=os.path.abspath(config) if config else None, plugins=args.plugins,
                    max_upload_mb=args.max_upload_mb, max_files=args.max_files,
                    jobs=args.jobs or os.cpu_count() or 1, queue=args.queue, timeout=args.timeout,
                    memory_mb=args.memory_mb, rules=rules)
