"""One request's work, in its own process: `python -m gikplint.serve.job
SPEC` where SPEC is a JSON file naming the uploaded files (in the working
folder), the options and what to write. It runs the command line: the lint
with its outputs, then `annotate` and `fix` for each report that takes them."""
from __future__ import annotations

import json
import os
import sys

COPIES = (".docx", ".txt", ".md", ".markdown")


def run(spec: dict) -> int:
    from gikplint.cli import main

    common = ["--config", spec["config"]]
    if spec.get("plugins") is not None:
        common += ["--plugins", spec["plugins"]]
    lint = [*common, "--timeout", str(spec["timeout"]), "-j", "1", "--exit-zero"]
    if spec.get("published"):
        lint += ["--published", spec["published"]]
    if spec.get("previous"):
        lint += ["--previous", spec["previous"]]
    out = spec["out"]
    if spec.get("html"):
        lint += ["--format", "html", "-o", os.path.join(out, "report.html"), "--output-json", os.path.join(out, "result.json")]
    else:
        lint += ["--format", "json", "-o", os.path.join(out, "result.json")]
    code = main(lint + ["--", *spec["files"]])
    if code == 2:
        return 2
    for command in spec.get("copies", []):  # "annotate", "fix"
        for i, name in enumerate(spec["files"]):
            if os.path.splitext(name)[1].lower() not in COPIES:
                continue
            target = os.path.join(out, f"{command}-{i}{os.path.splitext(name)[1].lower()}")
            extra = ["--published", spec["published"]] if spec.get("published") and command == "annotate" else []
            main([command, *common, *extra, "-o", target, "--", name])
    return 0


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fh:
        sys.exit(run(json.load(fh)))
