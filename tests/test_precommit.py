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
    for name in ("a.docx", "B.DOCX", "r.pdf", "page.xhtml", "r.markdown", "page.html", "page.htm", "page.shtml", "r.md", "r.txt"):
        assert pattern.search(name), name
    for name in ("logo.png", "data.json", "a.doc.bak"):
        assert not pattern.search(name), name


def test_pre_commit_try_repo_gates_the_commit(tmp_path):
    """A portal repository: a README.md and a news page beside a clean report
    pass; a defective report fails; one run, so one summary."""
    portal = tmp_path / "portal"
    (portal / "news").mkdir(parents=True)
    _git(portal, "init", "-q")
    (portal / "README.md").write_text("# 门户网站内容\n\n本仓库存放政府网站各栏目的页面。\n", encoding="utf-8")
    (portal / "news" / "2024-03-01.html").write_text(
        '<html><head><meta charset="utf-8"><title>我县召开政务公开工作会议</title></head><body>'
        "<h1>我县召开政务公开工作会议</h1><p>会议部署了全年政务公开重点工作。</p></body></html>", encoding="utf-8")
    shutil.copy(FIXTURES / "corpus" / "huaian-gov-2024.txt", portal / "clean.txt")
    _git(portal, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIKPLINT_PLUGINS": ""}

    def try_repo():
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "gikplint", "--all-files"],
                              cwd=portal, env=env, capture_output=True, text=True, timeout=900)

    clean = try_repo()
    assert clean.returncode == 0, clean.stdout[-2000:] + clean.stderr[-2000:]
    shutil.copy(SEEDS / "001_d99c8dcb44f53e53.docx", portal / "defective.docx")
    _git(portal, "add", ".")
    bad = try_repo()
    assert bad.returncode == 1, bad.stdout[-2000:] + bad.stderr[-2000:]
    assert "GK403" in bad.stdout and "GK304" in bad.stdout
    assert bad.stdout.count("共检查") == 1 and "另有 2 个文件不是年度报告" in bad.stdout
