"""``--format gitlab``: a Code Quality report whose fingerprints survive unrelated edits."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.fingerprint import relative_path
from incidentlint.reporters.base import ReportContext, Summary
from incidentlint.reporters.gitlab import GitlabReporter
from tests.helpers import position_of, reference, run_cli


def gitlab_of(*results: FileResult) -> list[dict[str, Any]]:
    stream = io.StringIO()
    GitlabReporter(ReportContext()).report(list(results), Summary.of(list(results)), stream)
    parsed: list[dict[str, Any]] = json.loads(stream.getvalue())
    return parsed


def lint(text: str) -> tuple[int, list[dict[str, Any]]]:
    Path("incidents").mkdir(exist_ok=True)
    Path("incidents/bad.json").write_text(text, "utf-8")
    code, out, err = run_cli("--format", "gitlab", "--select", "schema", "incidents")
    assert err == ""
    parsed: list[dict[str, Any]] = json.loads(out)
    return code, parsed


def test_issue_shape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "critical"
    text = json.dumps(data, indent=2)
    code, issues = lint(text)
    assert code == 1
    [issue] = issues
    assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
    assert issue["description"] == "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    assert issue["check_name"] == "schema"
    assert issue["severity"] == "major"
    assert issue["location"] == {"path": "incidents/bad.json", "lines": {"begin": position_of(text, '"critical"')[0]}}
    assert len(issue["fingerprint"]) == 32 and int(issue["fingerprint"], 16) >= 0


def test_fingerprint_survives_line_shifts_and_other_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "critical"
    _, [before] = lint(json.dumps(data, indent=2))
    data["title"] = "A different title"
    _, [after] = lint("\n\n\n" + json.dumps(data, indent=4))
    assert after["location"]["lines"]["begin"] != before["location"]["lines"]["begin"]
    assert after["fingerprint"] == before["fingerprint"]
    data["severity"] = "urgent"
    _, [changed] = lint(json.dumps(data, indent=2))
    assert changed["fingerprint"] != before["fingerprint"]


def test_severity_mapping_and_unique_fingerprints() -> None:
    def make(rule: str, severity: Severity, line: int) -> Diagnostic:
        return Diagnostic("a.json", line, 1, line, 2, rule, "X1", severity, "m", "/p", value_hash="h")

    diagnostics = [
        make("parse-error", Severity.ERROR, 1),
        make("schema", Severity.ERROR, 2),
        make("schema", Severity.ERROR, 3),
        make("yaml-ambiguous-value", Severity.WARNING, 4),
        make("some-rule", Severity.INFO, 5),
    ]
    issues = gitlab_of(FileResult("a.json", diagnostics))
    assert [issue["severity"] for issue in issues] == ["critical", "major", "major", "minor", "info"]
    assert len({issue["fingerprint"] for issue in issues}) == 5


def test_clean_run_is_an_empty_array(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, issues = lint(json.dumps(reference()))
    assert (code, issues) == (0, [])


@pytest.mark.parametrize(
    ("name", "shown"),
    [("e\x1b[31m.json", "e\\x1b[31m.json"), ("a\u202eb.json", "a\\u202eb.json"), ("inc\udcff.json", "inc\\udcff.json")],
)
def test_file_names_and_messages_are_visible_text(name: str, shown: str) -> None:
    found = Diagnostic(name, 1, 1, 1, 2, "schema", "IL003", Severity.ERROR, "bad \x07 value \u2028 here")
    [issue] = gitlab_of(FileResult(name, [found], {}))
    # Parsed back from the JSON, nothing that a terminal or a browser would act on is left in the text.
    assert issue["location"]["path"] == shown
    assert issue["description"] == "bad \\x07 value \\u2028 here"


def test_repeats_of_one_finding_are_numbered_from_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fingerprint is GitLab's issue identity across pipelines: (file, rule, pointer, value hash, occurrence),
    # so a change to the scheme would close and reopen every team's open issues.
    monkeypatch.chdir(tmp_path)
    same = Diagnostic("a.json", 3, 1, 3, 2, "schema", "IL003", Severity.ERROR, "m", "/p", value_hash="h")
    issues = gitlab_of(FileResult("a.json", [same, same, same]))
    expected = [
        hashlib.sha256(json.dumps(["a.json", "schema", "/p", "h", n]).encode()).hexdigest()[:32] for n in range(3)
    ]
    assert [issue["fingerprint"] for issue in issues] == expected


def test_only_a_name_in_angle_brackets_is_kept_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Standard input's name is no path: it stays '<stdin>' relative to any folder, the working directory's
    # parent included; a file whose name has only one of the brackets is a path like any other.
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    base = str(tmp_path)
    assert relative_path("<stdin>", base) == "<stdin>"
    assert relative_path("<draft.json", base) == "sub/<draft.json"
    assert relative_path("draft.json>", base) == "sub/draft.json>"
