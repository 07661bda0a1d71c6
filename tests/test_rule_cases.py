"""Every rule case in tests/cases/*.yaml, run by one parametrised test."""
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES

CASES = [c for f in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
         for c in yaml.safe_load(f.read_text(encoding="utf-8"))]


def _materialise(case, tmp_path: Path) -> Path:
    if "text" in case:
        path = tmp_path / ("case" + case.get("suffix", ".txt"))
        path.write_text(case["text"], encoding="utf-8")
        return path
    base = FIXTURES / case["base"]
    if not case.get("replace") and not case.get("sub"):
        return base
    text = base.read_text(encoding="utf-8")
    for old, new in case.get("replace", []):
        assert old in text, f"{case['id']}: {old!r} not in {case['base']}"
        text = text.replace(old, new, 1)
    for pattern, new in case.get("sub", []):
        text, n = re.subn(pattern, new, text)
        assert n, f"{case['id']}: {pattern!r} matches nothing in {case['base']}"
    path = tmp_path / base.name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_case(lint_json, tmp_path, case):
    _, entry = lint_json(_materialise(case, tmp_path), *case.get("args", []))
    found = [d for d in entry["diagnostics"]]
    codes = {d["code"] for d in found}
    missing = set(case.get("expect", [])) - codes
    assert not missing, f"expected {sorted(missing)}, got {sorted(codes)}"
    unwanted = (set(case.get("not", [])) | {"GK903"}) & codes  # a rule that crashed is never fine
    assert not unwanted, f"must not report {sorted(unwanted)}: " + "; ".join(
        d["message"] for d in found if d["code"] in unwanted)
    for code, word in case.get("names", {}).items():
        places = [(d["location"].get("row"), d["location"].get("column"), d["location"].get("section"))
                  for d in found if d["code"] == code]
        assert any(word in str(p) for p in places), f"{code} does not name {word}: {places}"
    for code, fix in case.get("fix", {}).items():
        fixes = [d.get("fix") for d in found if d["code"] == code]
        assert fix in fixes, f"{code} carries no fix {fix!r}: {fixes}"


def test_every_rule_has_a_case_that_fires_and_one_that_does_not():
    from conftest import national_rules as load_rules

    fires = {c for case in CASES for c in case.get("expect", [])}
    quiet = {c for case in CASES for c in case.get("not", [])}
    engine_only = {"GK901", "GK903"}  # exercised through the command line in test_cli.py
    for rule in load_rules():
        if rule.code in engine_only:
            continue
        assert rule.code in fires, f"{rule.code} has no case that fires"
        assert rule.code in quiet, f"{rule.code} has no case that stays quiet"
