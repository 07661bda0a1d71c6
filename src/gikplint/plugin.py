"""What a plugin imports: the hook implementation marker.

    from gikplint.plugin import hookimpl

    @hookimpl
    def gikplint_rule_packs():
        return [Path(__file__).parent / "rules.yaml"]

Every hook is documented in gikplint.hookspecs.
"""
import pluggy

hookimpl = pluggy.HookimplMarker("gikplint")
