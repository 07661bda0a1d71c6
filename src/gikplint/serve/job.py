"""One request's work, in its own process: the command line on the files of
one upload. Started by the service as

    python -c "<STUB>" SPEC

where the stub takes the working folder (the uploads) off sys.path before
anything is imported — an upload named json.py must never be imported —
and SPEC is a JSON file naming the files, the options and what to write.
The process limits its own memory, dies with the service, runs the lint
with its outputs, then `annotate` and `fix` for each report that takes them,
and writes what each of those said (copies.json)."""
from __future__ import annotations

import contextlib
import io
import json
import os
import sys

COPIES = (".docx", ".txt", ".md", ".markdown")

# run as `python -c STUB SPEC`: sys.path[0] is then '' (the working folder), dropped first
STUB = ("import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; "
        "from gikplint.serve.job import main; sys.exit(main(sys.argv[1]))")


def _limit(memory_mb: int) -> None:
    """The address-space ceiling, and death with the service (Linux: PR_SET_PDEATHSIG)."""
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            if os.getppid() == 1:  # the service is already gone
                os._exit(1)
        except (OSError, AttributeError):
            pass


def run(spec: dict) -> int:
    from gikplint.cli import main as cli

    common = ["--config", spec["config"]]
    if spec.get("plugins") is not None:
        common += ["--plugins", spec["plugins"]]
    if spec.get("timeout") is not None:
        common += ["--timeout", str(spec["timeout"])]
    dated = ["--published", spec["published"]] if spec.get("published") else []
    previous = ["--previous", spec["previous"]] if spec.get("previous") else []
    out = spec["out"]
    lint = [*common, *dated, *previous, "-j", "1"]
    if spec.get("html"):
        lint += ["--format", "html", "-o", os.path.join(out, "report.html"), "--output-json", os.path.join(out, "result.json")]
    else:
        lint += ["--format", "json", "-o", os.path.join(out, "result.json")]
    if cli(lint + ["--", *spec["files"]]) == 2:  # 0 and 1 are results; 2 is a configuration that cannot be used
        return 2
    said = {}
    for command in spec.get("copies", []):  # "annotate", "fix"
        for i, name in enumerate(spec["files"]):
            if os.path.splitext(name)[1].lower() not in COPIES:
                continue
            target = os.path.join(out, f"{command}-{i}{os.path.splitext(name)[1].lower()}")
            extra = [*dated, *previous] if command == "annotate" else []
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = cli([command, *common, *extra, "--force", "-o", target, "--", name])
            said[f"{command}-{i}"] = {"code": code, "said": (stderr.getvalue() or stdout.getvalue()).strip()}
    with open(os.path.join(out, "copies.json"), "w", encoding="utf-8") as fh:
        json.dump(said, fh, ensure_ascii=False)
    return 0


def main(spec_path: str) -> int:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    _limit(spec.get("memory_mb", 2048))
    return run(spec)
