"""--format junit: JUnit XML for GitLab and Jenkins gates. One test suite per
file; each error or warning a failed test case, info findings as passed
cases with the message in system-out, a clean file one passed case. The
totals stand on the root element, so suites are spooled to a temporary
file as they come and the document is written at the end."""
from __future__ import annotations

import tempfile
from xml.etree import ElementTree as ET

from gikplint.emit import Output, Summary, sorted_findings
from gikplint.model import SEVERITY_ZH
from gikplint.textsafe import shown_path


def suite(r) -> tuple[ET.Element, int, int]:
    """(the file's test suite, its cases, its failures)."""
    findings = sorted_findings(r)
    path = shown_path(r.path)  # findings' texts are already clean: no character XML 1.0 forbids
    el = ET.Element("testsuite", name=path)
    cases = fails = 0
    for f in findings:
        case = ET.SubElement(el, "testcase", classname=path, name=f"{f.code} {f.name} 第 {f.line or '-'} 行")
        text = f.message + (f"\n建议改为：{f.fix}" if f.fix else "") + (f"\n{f.snippet}" if f.snippet else "")
        if f.severity == "info":
            ET.SubElement(case, "system-out").text = text
        else:
            failure = ET.SubElement(case, "failure", type=f.code, message=f"{SEVERITY_ZH[f.severity]}：{f.message}")
            failure.text = text
            fails += 1
        cases += 1
    if r.not_a_report:
        case = ET.SubElement(el, "testcase", classname=path, name="gikplint")
        ET.SubElement(case, "skipped", message=r.not_a_report)
        cases = 1
        el.set("skipped", "1")
    elif not findings:
        ET.SubElement(el, "testcase", classname=path, name="gikplint")
        cases = 1
    if r.notes:
        ET.SubElement(el, "system-out").text = "\n".join(f"说明：{n}" for n in r.notes)
    el.set("tests", str(cases))
    el.set("failures", str(fails))
    el.set("errors", "0")
    return el, cases, fails


class JunitOutput(Output):
    def start(self) -> None:
        self.spool = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self.tests = self.failures = 0

    def file(self, result, payload) -> None:
        el, cases, fails = suite(result)
        self.tests += cases
        self.failures += fails
        ET.indent(el, level=1)
        self.spool.write("\n  " + ET.tostring(el, encoding="unicode"))

    def finish(self, summary: Summary) -> None:
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                          f'<testsuites name="gikplint" tests="{self.tests}" failures="{self.failures}" errors="0">')
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 16):
            self.stream.write(chunk)
        self.spool.close()
        self.stream.write("\n</testsuites>\n")


OUTPUT = JunitOutput
