"""--format junit: JUnit XML for GitLab and Jenkins gates. One test suite per
file; each error or warning a failed test case, info findings as passed
cases with the message in system-out, a clean file one passed case."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from gikplint.emit import sorted_findings
from gikplint.model import SEVERITY_ZH
from gikplint.textsafe import shown_path


def write(run, stream) -> None:
    suites = ET.Element("testsuites", name="gikplint")
    total = failures = 0
    for r in run.results:
        findings = sorted_findings(r)
        path = shown_path(r.path)  # findings' texts are already clean: no character XML 1.0 forbids
        suite = ET.SubElement(suites, "testsuite", name=path)
        cases = 0
        fails = 0
        for f in findings:
            case = ET.SubElement(suite, "testcase", classname=path, name=f"{f.code} {f.name} 第 {f.line or '-'} 行")
            text = f.message + (f"\n建议改为：{f.fix}" if f.fix else "") + (f"\n{f.snippet}" if f.snippet else "")
            if f.severity == "info":
                ET.SubElement(case, "system-out").text = text
            else:
                failure = ET.SubElement(case, "failure", type=f.code, message=f"{SEVERITY_ZH[f.severity]}：{f.message}")
                failure.text = text
                fails += 1
            cases += 1
        if not findings:
            ET.SubElement(suite, "testcase", classname=path, name="gikplint")
            cases = 1
        suite.set("tests", str(cases))
        suite.set("failures", str(fails))
        suite.set("errors", "0")
        total += cases
        failures += fails
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    ET.indent(suites)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n")
