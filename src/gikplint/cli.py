"""Command line: arguments → a command → exit code. The only place that
decides exit codes: 0 nothing at or above the fail level, 1 something is,
2 a usage or configuration error (or a full disk), 130/143 interrupted,
141 the reader of the output went away.

`gikplint PATH…` is `gikplint lint PATH…`: a command word may stand
anywhere before the paths, after options (`gikplint --config c.toml rules`),
and -V/--version anywhere prints the version."""
from __future__ import annotations

import argparse
import sys

from gikplint import __version__
from gikplint.commands import EXIT_OK, EXIT_USAGE, UsageError, say

COMMANDS = ("lint", "rules", "explain", "plugins", "baseline", "annotate", "fix", "new", "serve")


class Terminated(BaseException):
    """SIGTERM: stop, kill the workers, exit 143."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code is 2 as well
        self.print_usage(sys.stderr)
        say(f"参数错误：{message}（{self.prog} --help 列出全部选项）")
        raise SystemExit(EXIT_USAGE)


# argparse's own words (its gettext message ids), as the people who run gikplint read them
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "命令",
    "show this help message and exit": "显示本帮助后退出",
    "show program's version number and exit": "显示版本号后退出",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少参数：%s",
    "one of the arguments %s is required": "需要参数 %s 之一",
    "expected one argument": "后面应有一个值",
    "expected at most one argument": "后面最多有一个值",
    "expected at least one argument": "后面至少应有一个值",
    "expected %s argument": "后面应有 %s 个值",
    "expected %s arguments": "后面应有 %s 个值",
    "invalid %(type)s value: %(value)r": "值 %(value)r 不对",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "invalid choice: %(value)r, choose from %(choices)s": "没有 %(value)r 这一项（可选：%(choices)s）",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "不接受值 %r",
    "unexpected option string: %s": "多余的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


class _Chinese:
    """While parsing, argparse speaks Chinese: it looks up its messages
    through its module's `_`/`ngettext` at the moment it needs them."""

    def __enter__(self):
        self.saved = argparse._, argparse.ngettext
        argparse._ = lambda m: ARGPARSE_ZH.get(m, m)
        argparse.ngettext = lambda s, p, n: ARGPARSE_ZH.get(s if n == 1 else p, s if n == 1 else p)

    def __exit__(self, *exc):
        argparse._, argparse.ngettext = self.saved
        return False


def parser() -> argparse.ArgumentParser:
    import importlib

    p = _Parser(prog="gikplint", description="政府信息公开工作年度报告检查工具。")
    p.add_argument("-V", "--version", action="version", version=f"gikplint {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser, title="命令", metavar="命令",
                           description="不写命令时为 lint：gikplint 报告.docx 即 gikplint lint 报告.docx")
    for name in COMMANDS:
        importlib.import_module(f"gikplint.commands.{name}").add(sub)
    return p


def _commanded(argv: list[str], p: argparse.ArgumentParser) -> list[str]:
    """argv with its command word first: the first word that is not an
    option or an option's value names the command, or it is a path and the
    command is lint."""
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    takes_value = {s for cmd in sub.choices.values() for a in cmd._actions if a.nargs != 0 for s in a.option_strings}
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            break
        if token.startswith("-") and token != "-":
            i += 2 if token in takes_value else 1
            continue
        if token in COMMANDS:
            return [token] + argv[:i] + argv[i + 1:]
        break
    return ["lint"] + argv


def main(argv: list[str] | None = None) -> int:
    import signal

    def terminate(signum, frame):
        raise Terminated

    argv = list(sys.argv[1:] if argv is None else argv)
    previous = signal.signal(signal.SIGTERM, terminate) if _main_thread() else None
    try:
        before_paths = argv[:argv.index("--")] if "--" in argv else argv
        if "-V" in before_paths or "--version" in before_paths:
            print(f"gikplint {__version__}")
            return EXIT_OK
        with _Chinese():
            p = parser()
            args = p.parse_args(_commanded(argv, p))
        code = args.run(args)
        sys.stdout.flush()
        return code
    except UsageError as e:
        say(str(e))
        return EXIT_USAGE
    except SystemExit as e:
        return int(e.code or 0) if isinstance(e.code, int) or e.code is None else EXIT_USAGE
    except KeyboardInterrupt:
        say("已中断。")
        return 130
    except Terminated:
        say("已终止。")
        return 143
    except BrokenPipeError:  # `gikplint reports/ | head`: the reader left; end quietly
        _silence_stdout()
        return 141
    except OSError as e:
        if e.filename is None and e.errno is not None:  # writing the output failed (a full disk…)
            _silence_stdout()
            from gikplint.textsafe import os_reason

            say(f"无法写出检查结果（{os_reason(e)}）。")
            return EXIT_USAGE
        raise
    except Exception as e:  # noqa: BLE001
        from gikplint.runner import SetupError

        if isinstance(e, SetupError):
            say(str(e))
            return EXIT_USAGE
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush finds nothing to write."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
