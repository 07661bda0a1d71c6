"""The five seed reports, as .txt and .docx, held to fixtures/seeds/expected.yaml
for the codes gikplint implements (every must_not code is always held)."""
import pytest
import yaml

from conftest import SEEDS
from conftest import national_rules as load_rules

EXPECTED = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
IMPLEMENTED = {r.code for r in load_rules()}
CASES = [(stem, p) for stem in EXPECTED for p in sorted(SEEDS.glob(stem + ".*")) if p.suffix != ".yaml"]


@pytest.mark.parametrize("stem,path", CASES, ids=[p.name for _, p in CASES])
def test_seed_report_meets_its_expectations(lint_json, stem, path):
    exp = EXPECTED[stem]
    _, entry = lint_json(path)
    codes = {d["code"] for d in entry["diagnostics"]}
    for key, want in exp.get("report", {}).items():
        assert str(entry["report"][key]) == str(want), key
    missing = [c for c in exp.get("must", []) if c in IMPLEMENTED and c not in codes]
    assert not missing, f"missed {missing}"
    for group in exp.get("must_any", []):
        if IMPLEMENTED & set(group):
            assert codes & set(group), f"missed one of {group}"
    false_positives = codes & set(exp.get("must_not", []))
    assert not false_positives, f"false positives {false_positives}"


def test_txt_and_docx_of_a_seed_give_the_same_findings(lint_json):
    for stem in EXPECTED:
        txt = {d["code"] for d in lint_json(SEEDS / f"{stem}.txt")[1]["diagnostics"]}
        docx = {d["code"] for d in lint_json(SEEDS / f"{stem}.docx")[1]["diagnostics"]}
        assert txt == docx, stem
