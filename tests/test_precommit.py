"""The pre-commit hook, end to end: a portal repository with a clean and a
defective report, and `pre-commit try-repo` against this checkout."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists() or not shutil.which("git"),
                                reason="needs this project as a git checkout")


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_files_pattern_selects_reports():
    import re

    import yaml

    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    pattern = re.compile(hook["files"])
    for name in ("a.docx", "B.DOCX", "page.html", "page.htm", "page.shtml", "r.md", "r.txt"):
        assert pattern.search(name), name
    for name in ("logo.png", "data.json", "a.doc.bak"):
        assert not pattern.search(name), name


def test_pre_commit_try_repo_gates_the_commit(tmp_path):
    portal = tmp_path / "portal"
    portal.mkdir()
    _git(portal, "init", "-q")
    shutil.copy(FIXTURES / "corpus" / "huaian-gov-2024.txt", portal / "clean.txt")
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", portal / "defective.docx")
    _git(portal, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIKPLINT_PLUGINS": ""}

    def try_repo(name):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "gikplint",
                               "--files", name], cwd=portal, env=env, capture_output=True, text=True, timeout=900)

    clean = try_repo("clean.txt")
    assert clean.returncode == 0, clean.stdout[-2000:] + clean.stderr[-2000:]
    bad = try_repo("defective.docx")
    assert bad.returncode == 1, bad.stdout[-2000:] + bad.stderr[-2000:]
    assert "GK403" in bad.stdout and "GK304" in bad.stdout
