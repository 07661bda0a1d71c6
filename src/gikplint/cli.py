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

COMMANDS = ("lint", "rules", "explain", "plugins", "baseline")


class Terminated(BaseException):
    """SIGTERM: stop, kill the workers, exit 143."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own exit code is 2 as well; say it in Chinese
        self.print_usage(sys.stderr)
        say(f"参数错误：{message}")
        raise SystemExit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    import importlib

    p = _Parser(prog="gikplint", description="政府信息公开工作年度报告检查工具。")
    p.add_argument("-V", "--version", action="version", version=f"gikplint {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
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
            say(f"无法写出检查结果（{e.strerror}）。")
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
