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
    assert [(case.get("name"), case.get("line")) for case in cases] == [
        ("schema (IL003) at /severity", str(severity_at[0])),
        ("schema (IL003) at /status", str(status_at[0])),
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
    failure = root.find("testsuite/testcase/skipped")  # a warning, below the default --fail-on
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


def test_names_are_unique_in_a_file_and_survive_a_line_shift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # GitLab keeps only the first testcase of a class and name, and compares runs by name.
    monkeypatch.chdir(tmp_path)
    Path("r.yaml").write_text("title: Checkout down\nseverity: critical\n", "utf-8")
    _, first, _ = run_cli("--format", "junit", "--select", "schema", "r.yaml")
    Path("r.yaml").write_text("\n\n# moved down\ntitle: Checkout down\nseverity: critical\n", "utf-8")
    _, second, _ = run_cli("--format", "junit", "--select", "schema", "r.yaml")
    names = [case.get("name") for case in ET.fromstring(first).iter("testcase")]
    assert len(names) == len(set(names)) == 8
    assert names[:2] == [
        "schema (IL003) at the record: the record is missing the required field 'affected_services': services "
        "that were impaired",
        "schema (IL003) at the record: the record is missing the required field 'description': what happened, in "
        "a few sentences, for a reader who was not there",
    ]
    assert "schema (IL003) at /severity" in names
    assert [case.get("name") for case in ET.fromstring(second).iter("testcase")] == names


def test_identical_findings_are_numbered() -> None:
    same = [Diagnostic("a.json", 1, 1, 1, 2, "house", "HSE001", Severity.ERROR, "m", "/x") for _ in range(3)]
    root = ET.fromstring(junit_of(FileResult("a.json", same)))
    assert [case.get("name") for case in root.iter("testcase")] == [
        "house (HSE001) at /x: m",
        "house (HSE001) at /x: m #2",
        "house (HSE001) at /x: m #3",
    ]


def test_findings_below_fail_on_are_skipped_not_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A run that passes must not fail the CI's test view (Jenkins marks a build unstable on any failed test).
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["technical_details"]["root_cause"] = "TBD"  # placeholder-text: a warning
    Path("INC-2024-0315-001.json").write_text(json.dumps(data, indent=2), "utf-8")
    code, out, _ = run_cli("--format", "junit", "INC-2024-0315-001.json")
    root = ET.fromstring(out)
    assert code == 0
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("1", "0", "1")
    [suite] = root.findall("testsuite")
    assert (suite.get("failures"), suite.get("skipped")) == ("0", "1")
    skipped = suite.find("testcase/skipped")
    assert skipped is not None and skipped.get("type") == "warning"
    assert skipped.get("message") == (
        "technical_details.root_cause is the placeholder 'TBD'; replace it with the real content before the record "
        "is published"
    )
    code, out, _ = run_cli("--format", "junit", "--fail-on", "warning", "INC-2024-0315-001.json")
    root = ET.fromstring(out)
    assert code == 1
    assert (root.get("failures"), root.get("skipped")) == ("1", "0")
    assert root.find("testsuite/testcase/failure") is not None
