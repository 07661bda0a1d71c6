"""Every hook a gikplint plugin can implement.

A plugin is a module (or object) registered under the entry-point group
``gikplint``; it implements any of these hooks with ``@hookimpl`` from
``gikplint.plugin``. The national rules register through the very same hooks
(``gikplint.national``). Hook names carry the ``gikplint_`` prefix; a plugin
that implements a misspelt hook is refused when it loads.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("gikplint")


@hookspec
def gikplint_rule_packs():
    """Rule packs this plugin adds: a list of paths to YAML files.

    A pack is a list of rules (code, name, summary, severity, message,
    description, examples, kind, and that kind's fields). A plugin's codes
    carry its own prefix (JX101, HH703); GK is the national pack's alone.
    """


@hookspec
def gikplint_check_kinds():
    """New check kinds: a dict of kind name → class.

    A kind is a dataclass subclassing gikplint.check.kinds.Kind whose fields
    are the YAML keys a rule of that kind accepts (their type annotations are
    checked when a pack loads: str, int, bool, Literal[...], list[...],
    nested dataclasses), with a ``variables`` tuple naming the message
    placeholders it provides and a ``run(report, rule, ctx)`` method yielding
    gikplint.model.Finding (build them with ``self.finding(report, rule,
    location, **values)``) and gikplint.model.Skip. ``ctx`` is the run's
    gikplint.check.base.CheckContext. Kind names are global: a name another
    plugin already registers is refused.
    """


@hookspec
def gikplint_file_types():
    """File name endings this plugin reads (".wps"), so folders include them."""


@hookspec(firstresult=True)
def gikplint_read(path: str, data: bytes):
    """Read one file: return a gikplint.model.Document, or None to let the
    next reader try. Raise gikplint.read.ReadError with a Chinese message
    saying what is wrong and what to do when the file cannot be read.
    Plugins registered later are asked first, so a plugin can take over a
    format from the national readers."""


@hookspec
def gikplint_output_formats():
    """Output formats: a dict of name → format. The name becomes a value of --format.

    A format is either a subclass of gikplint.emit.Output, which gets each
    file's result as it comes (``start``, ``file(result, payload)``,
    ``finish(summary)``; ``needs_report = True`` and ``prepare(result)`` to
    use the parsed Report where it was made), or a plain function
    ``write(run, stream)`` that gets every result at the end: ``run`` is a
    gikplint.emit.Run with ``results`` (FileResult: path, report, findings,
    skips), ``exit_code`` and ``rules``.
    """


@hookspec
def gikplint_default_config():
    """Default configuration (the keys of [tool.gikplint]), applied beneath
    the user's own configuration: for instance a province's earlier
    publication deadline, {"deadlines": {"department": "01-28"}}."""
