"""The layers hold: the import-linter contracts in pyproject.toml (read
imports only the model; parse never reaches up to checks, outputs or
plugins; checks never read files or talk to plugins; only the host imports
the national pack)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept(capsys):
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0, capsys.readouterr().out


def test_every_built_in_check_is_in_the_code_table_once():
    """One class per code, each in a file named by its rule."""
    from gikplint.check.builtin import CODES, EngineCode
    from conftest import national_rules

    rules = {r.code: r for r in national_rules()}
    for code, cls in CODES.items():
        assert code in rules, f"{code} is in CODES but no rule pack names it"
        if cls is not EngineCode:
            assert cls.__module__.rsplit(".", 1)[-1] == rules[code].name.replace("-", "_"), code
    implemented = [cls for cls in CODES.values() if cls is not EngineCode]
    assert len(implemented) == len(set(implemented))
    assert all(r.kind != "builtin" or r.code in CODES for r in rules.values())
