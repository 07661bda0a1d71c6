"""gikplint PATH…: lint reports, write each output as results come, and
decide the exit code (0: nothing at or above the fail level, 1: something
is, 2: an output file that cannot be written — a gate never passes on a
report it did not write)."""
from __future__ import annotations

import os
import sys

from gikplint.commands import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FAIL_LEVELS, Target, UsageError, check_options, say,
                               session)

EXTRA_OUTPUTS = (("sarif", "output_sarif"), ("json", "output_json"), ("junit", "output_junit"))


def add(sub) -> None:
    p = sub.add_parser("lint", help="检查报告（默认命令，可省略）",
                       description="检查政府信息公开工作年度报告（.docx、.html、.txt、.md，或包含它们的文件夹）。",
                       epilog="其他命令：gikplint rules 列出全部规则；gikplint explain GK410 说明一条规则；"
                              "gikplint plugins 列出插件；gikplint baseline write FILE PATH… 记录基线。"
                              "退出码：0 无问题，1 有达到 --fail-on 级别的问题，2 用法或配置错误。")
    check_options(p)
    p.add_argument("--format", default="auto",
                   help="输出格式：auto（默认：GitHub Actions 中为 github，否则 human）、human、json、jsonl、csv、xlsx、sarif、github、junit、html，或插件提供的格式")
    p.add_argument("-o", "--output", metavar="FILE", help="把 --format 的输出写入文件而不是标准输出")
    p.add_argument("--output-sarif", metavar="FILE", help="另外写一份 SARIF（不影响退出码）")
    p.add_argument("--output-json", metavar="FILE", help="另外写一份 JSON（不影响退出码）")
    p.add_argument("--output-junit", metavar="FILE", help="另外写一份 JUnit XML（不影响退出码）")
    p.add_argument("-q", "--quiet", action="store_true", help="只列出有问题的文件和统计")
    p.add_argument("--fail-on", choices=FAIL_LEVELS, help="达到此级别的问题使退出码为 1（默认 error；never 表示总是 0）")
    p.add_argument("--exit-zero", action="store_true", help="有问题时退出码也为 0（用法或配置错误仍为 2）；同 --fail-on never")
    p.add_argument("--statistics", action="store_true", help="只列出每条规则的问题数，不列出各个问题")
    p.add_argument("--baseline", metavar="FILE", help="只报告基线文件中没有的问题")
    p.set_defaults(run=run)


def run(args) -> int:
    from gikplint.emit import Summary, make
    from gikplint.model import severity_rank

    s = session(args)
    formats = s.host.formats()
    if args.format == "auto":
        args.format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"
    if args.format not in formats:
        raise UsageError(f"参数错误：--format 应为 auto、{'、'.join(sorted(formats))} 之一，而不是“{args.format}”")
    collected = s.collect()
    targets = [(args.format, args.output)] + [(f, getattr(args, a)) for f, a in EXTRA_OUTPUTS
                                              if getattr(args, a) is not None]
    binary = [_binary(formats[name], name, target) for name, target in targets]
    _refuse_overwriting_inputs(collected.files, [t for _, t in targets])
    progress = _progress(args, len(collected.files))
    streams = _open_all([t for _, t in targets], binary, buffered=progress is not None)
    quiet = "statistics" if args.statistics else args.quiet
    live = [make(formats[name], stream, s.rules, quiet) for (name, _), stream in zip(targets, streams)]
    for o in live:
        o.start()
    preparing = [o for o in live if o.needs_report]
    prepare = (lambda result: tuple(o.prepare(result) if o.needs_report else None for o in live)) if preparing else None
    summary, failing = Summary(excluded=collected.excluded), False
    with progress or _Nothing() as advance:
        for result in s.results(collected, prepare, advance):
            summary.add(result)
            failing = failing or any(r_fails(result, f, severity_rank) for f in result.findings)
            for i, o in enumerate(live):
                o.file(result, result.payload[i] if result.payload else None)
    summary.exit_code = EXIT_FINDINGS if failing else EXIT_OK
    if s.roster is not None:
        from gikplint.previous import agency_key

        seen = {agency_key(a) for a in summary.agencies}
        summary.missing = [e.agency for e in s.roster if agency_key(e.agency) not in seen]
    written = True
    for o, (name, target), stream in zip(live, targets, streams):
        o.finish(summary)
        written = _close(stream, target) and written
    return summary.exit_code if written else EXIT_USAGE


def r_fails(result, finding, rank) -> bool:
    return result.fail_on != "never" and rank(finding.severity) >= rank(result.fail_on)


def _refuse_overwriting_inputs(files: list[str], outputs) -> None:
    """-o and --output-* never name a file that is being linted (a result
    page gikplint wrote earlier is not a report: it may be written again)."""
    inputs = {os.path.realpath(f) for f in files}
    for target in outputs:
        if target and os.path.realpath(target) in inputs and not _own_page(target):
            from gikplint.textsafe import shown_path

            raise UsageError(f"输出文件 {shown_path(target)} 是要检查的文件之一，gikplint 不会覆盖输入文件：请换一个输出文件名。")


def _binary(spec, name: str, target) -> bool:
    """Whether the format writes bytes; one that needs a missing extra, or
    bytes to a terminal, is a usage error before anything runs."""
    import importlib

    from gikplint.emit import output_class

    cls = output_class(spec)
    if cls is None:
        return False
    if cls.requires:
        try:
            importlib.import_module(cls.requires[0])
        except ImportError:
            raise UsageError(f"--format {name} 需要可选组件：pip install 'gikplint[{cls.requires[1]}]'") from None
    if cls.binary and target is None and sys.stdout.isatty():
        raise UsageError(f"--format {name} 输出的是文件，请用 -o 指定文件名，如 -o 检查结果.{name}")
    return cls.binary


def _own_page(path: str) -> bool:
    if not os.path.isfile(path):  # a pipe or a device is nobody's page (and would block)
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'<meta name="generator" content="gikplint' in head


def _open_all(targets, binary: list[bool], buffered: bool) -> list:
    """Where each output goes: stdout (held back while a progress bar draws
    on the terminal), or a file. All are opened before the first file is
    checked: one that cannot be written is exit 2 at once, with nothing left
    behind."""
    streams = []
    for target, raw in zip(targets, binary):
        if target is None:
            if buffered and not raw:
                import tempfile

                streams.append(tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8"))
            else:
                streams.append(sys.stdout.buffer if raw else sys.stdout)
            continue
        try:
            streams.append(Target(target, raw))
        except OSError as e:
            for stream in streams:
                if isinstance(stream, Target):
                    stream.discard()
            from gikplint.textsafe import os_reason, shown_path

            raise UsageError(f"无法写入输出文件 {shown_path(target) if target else '（空的文件名）'}（{os_reason(e)}）") from None
    return streams


def _close(stream, target) -> bool:
    """Put an output in place; False (said on stderr) when that fails."""
    if stream is sys.stdout or stream is getattr(sys.stdout, "buffer", None):
        return True
    if target is None:  # held back behind the progress bar
        stream.seek(0)
        while chunk := stream.read(1 << 16):
            sys.stdout.write(chunk)
        stream.close()
        return True
    try:
        stream.close()
        return True
    except OSError as e:
        from gikplint.textsafe import os_reason, shown_path

        stream.discard()
        say(f"无法写入输出文件 {shown_path(target)}（{os_reason(e)}）")
        return False


class _Nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _Progress:
    """A progress bar on the terminal's stderr, for folders; never in pipes or CI."""

    def __init__(self, total: int):
        self.total = total

    def __enter__(self):
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(transient=True, console=Console(stderr=True))
        self.bar.__enter__()
        task = self.bar.add_task("检查中", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


def _progress(args, files: int):
    if args.format != "human" or args.output or files < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    return _Progress(files)
