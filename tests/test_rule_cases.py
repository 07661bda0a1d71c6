"""Every rule case in tests/cases/*.yaml, run by one parametrised test
(gikplint.testing: the same runner a plugin's tests use)."""
from pathlib import Path

import pytest

from conftest import FIXTURES
from gikplint.testing import load_cases, run_case

CASES = load_cases(Path(__file__).parent / "cases")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(tmp_path, case):
    run_case(case, tmp_path, FIXTURES)


def test_every_rule_has_a_case_that_fires_and_one_that_does_not():
    from conftest import national_rules

    fires = {c for case in CASES for c in case.expect}
    quiet = {c for case in CASES for c in case.not_}
    engine_only = {"GK901", "GK903"}  # exercised through the command line in test_cli.py
    for rule in national_rules():
        if rule.code in engine_only:
            continue
        assert rule.code in fires, f"{rule.code} has no case that fires"
        assert rule.code in quiet, f"{rule.code} has no case that stays quiet"
