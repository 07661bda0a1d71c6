"""The national rule set as a plugin: the same hooks a province uses."""
from __future__ import annotations

import os

from gikplint.plugin import hookimpl
from gikplint.read import DOCX_SUFFIXES, HTML_SUFFIXES, LEGACY_SUFFIXES, PDF_SUFFIXES, TEXT_SUFFIXES


@hookimpl
def gikplint_rule_packs():
    from gikplint.resources import data_dir

    return sorted((data_dir("rules") / "national").glob("*.yaml"))


@hookimpl
def gikplint_check_kinds():
    from gikplint.check.kinds import kinds

    return kinds()


@hookimpl
def gikplint_file_types():
    return sorted(DOCX_SUFFIXES | HTML_SUFFIXES | set(TEXT_SUFFIXES) | LEGACY_SUFFIXES | PDF_SUFFIXES)


@hookimpl
def gikplint_read(path, data):
    suffix = os.path.splitext(path)[1].lower()
    if suffix in DOCX_SUFFIXES or suffix in LEGACY_SUFFIXES:
        from gikplint.read import docx

        return docx.read_docx(path, data)
    if suffix in HTML_SUFFIXES:
        from gikplint.read import html

        return html.read_html(path, data)
    if suffix in PDF_SUFFIXES:
        from gikplint.read import pdf

        return pdf.read_pdf(path, data)
    if suffix in TEXT_SUFFIXES:
        from gikplint.read import text

        return text.read_text(path, data, TEXT_SUFFIXES[suffix])
    return None


@hookimpl
def gikplint_output_formats():
    from gikplint.emit import Lazy

    return {name: Lazy(name) for name in ("human", "json", "jsonl", "csv", "xlsx", "sarif", "github", "junit", "html")}
