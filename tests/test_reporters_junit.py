"""``--format junit``: one testsuite per file, one failing testcase per diagnostic, always well-formed XML."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.reporters.base import ReportContext, Summary
from incidentlint.reporters.junit import JunitReporter
from tests.helpers import position_of, reference, run_cli


def junit_of(*results: FileResult) -> str:
    stream = io.StringIO()
    JunitReporter(ReportContext()).report(list(results), Summary.of(list(results)), stream)
    return stream.getvalue()


def test_one_suite_per_file_and_one_case_per_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("good.json").write_text(json.dumps(reference()), "utf-8")
    data = reference()
    data["incident_id"] = "INC-2024-0315-002"
    data["severity"] = "critical"
    data["status"] = "done"
    text = json.dumps(data, indent=2)
    Path("bad.json").write_text(text, "utf-8")
    code, out, err = run_cli("--format", "junit", "--select", "schema", "good.json", "bad.json")
    assert (code, err) == (1, "")
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("3", "2")
    good, bad = root.findall("testsuite")
    assert (good.get("name"), good.get("tests"), good.get("failures")) == ("good.json", "1", "0")
    [passing] = good.findall("testcase")
    assert passing.find("failure") is None
    assert (bad.get("name"), bad.get("tests"), bad.get("failures")) == ("bad.json", "2", "2")
    cases = bad.findall("testcase")
    severity_at = position_of(text, '"critical"')
    status_at = position_of(text, '"done"')
    assert [case.get("name") for case in cases] == [
        f"schema (IL003) at {severity_at[0]}:{severity_at[1]}",
        f"schema (IL003) at {status_at[0]}:{status_at[1]}",
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    message = "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    assert (failure.get("type"), failure.get("message")) == ("error", message)
    assert failure.text == f"bad.json:{severity_at[0]}:{severity_at[1]}: error[schema] {message}"


def test_control_characters_in_the_record_keep_the_xml_well_formed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "\u0000\u0001\u001b[31m\ufffe\uffff ]]> <&\"'"
    Path("x<&>.json").write_text(json.dumps(data), "utf-8")
    code, out, _ = run_cli("--format", "junit", "--select", "schema", "x<&>.json")
    assert code == 1
    root = ET.fromstring(out)
    [suite] = root.findall("testsuite")
    assert suite.get("name") == "x<&>.json"
    failure = suite.find("testcase/failure")
    assert failure is not None
    assert "\\x00\\x01\\x1b[31m\\ufffe\\uffff ]]>" in (failure.get("message") or "")
    assert "]]> <&\"'" in (failure.text or "")


def test_unit_hostile_message_and_file_name() -> None:
    message = "nul\x00 esc\x1b bell\x07 nonchar\ufffe\uffff surrogate\udc80 bidi\u202e cdata]]> amp& lt<"
    name = "f\x00\udc80ile.json"
    out = junit_of(FileResult(name, [Diagnostic(name, 1, 2, 1, 3, "schema", "IL003", Severity.WARNING, message)]))
    root = ET.fromstring(out)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == (
        "nul\\x00 esc\\x1b bell\\x07 nonchar\\ufffe\\uffff surrogate\\udc80 bidi\\u202e cdata]]> amp& lt<"
    )
    assert failure.get("type") == "warning"
    assert root.find("testsuite").get("name") == "f\\x00\\udc80ile.json"  # type: ignore[union-attr]
    out.encode("ascii")  # non-ASCII travels as character references, whatever stdout's encoding


@given(st.text(), st.text(min_size=1), st.integers(min_value=1, max_value=10**6))
def test_output_always_parses(message: str, name: str, line: int) -> None:
    out = junit_of(FileResult(name, [Diagnostic(name, line, 1, line, 2, "schema", "IL003", Severity.ERROR, message)]))
    root = ET.fromstring(out)
    assert root.find("testsuite/testcase/failure") is not None


def test_no_files_is_an_empty_but_valid_report() -> None:
    root = ET.fromstring(junit_of())
    assert (root.tag, root.get("tests"), root.findall("testsuite")) == ("testsuites", "0", [])
