"""怀化 local rules for gikplint: a YAML pack and one new check kind."""
from pathlib import Path

from gikplint.plugin import hookimpl

from gikplint_huaihua.kinds import ContactPhone


@hookimpl
def gikplint_rule_packs():
    return [Path(__file__).parent / "rules.yaml"]


@hookimpl
def gikplint_check_kinds():
    return {"contact-phone": ContactPhone}
