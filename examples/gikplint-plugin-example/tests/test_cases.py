"""The plugin's rule cases (cases/*.yaml), linted through the plugin's entry
point with gikplint's own case runner. The plugin need not be installed:
gikplint.testing.plugin_on_path makes its entry point visible for each
test, so its rules never stay active in the tester's environment."""
from pathlib import Path

import pytest

from gikplint.testing import load_cases, plugin_on_path, run_case

HERE = Path(__file__).parent
SRC = HERE.parent / "src"
CASES = load_cases(HERE / "cases")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configuration of the checkout applies
    with plugin_on_path("huaihua", "gikplint_huaihua", SRC, tmp_path):
        run_case(case, tmp_path, plugins="huaihua")


def test_every_rule_of_the_plugin_has_a_case_that_fires_and_one_that_does_not():
    import yaml

    codes = {r["code"] for r in yaml.safe_load((SRC / "gikplint_huaihua" / "rules.yaml").read_text(encoding="utf-8"))}
    assert codes <= {c for case in CASES for c in case.expect}
    assert codes <= {c for case in CASES for c in case.not_}
