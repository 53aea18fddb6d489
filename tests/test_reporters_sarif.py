"""``--format sarif``: valid SARIF 2.1.0 (checked against the official schema) with rules, levels and locations."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from incidentlint import __version__
from incidentlint.diagnostics import Diagnostic, Severity
from incidentlint.engine import FileResult
from incidentlint.registry import CORE_CHECKS, CORE_RATIONALE, all_rules
from incidentlint.reporters.base import ReportContext, Summary
from incidentlint.reporters.sarif import SarifReporter
from tests.helpers import ROOT, position_of, reference, run_cli

# In CI the shared folder sits next to the repository; the test fails (never skips) without it.
SCHEMA_PATH = ROOT.parent / "shared" / "external-schemas" / "sarif-schema-2.1.0.json"


def validate(log: Any) -> None:
    assert SCHEMA_PATH.is_file(), f"the official SARIF schema is missing: expected it at {SCHEMA_PATH}"
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # the file declares its own draft
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(log), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]


def sarif_of(*results: FileResult) -> dict[str, Any]:
    stream = io.StringIO()
    SarifReporter(ReportContext(rules=all_rules())).report(list(results), Summary.of(list(results)), stream)
    parsed: dict[str, Any] = json.loads(stream.getvalue())
    return parsed


def test_cli_output_is_valid_sarif_with_a_located_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "post mortems#2024"
    folder.mkdir()
    data = reference()
    data["severity"] = "critical"
    text = json.dumps(data, indent=2)
    (folder / "bad record.json").write_text(text, "utf-8")
    code, out, err = run_cli("--format", "sarif", "--select", "schema", str(folder))
    assert (code, err) == (1, "")
    log = json.loads(out)
    validate(log)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("incidentlint", __version__)
    assert driver["informationUri"].startswith("https://")
    [result] = run["results"]
    line, column = position_of(text, '"critical"')
    assert result["ruleId"] == "IL003"
    assert driver["rules"][result["ruleIndex"]]["id"] == "IL003"
    assert driver["rules"][result["ruleIndex"]]["name"] == "schema"
    assert result["level"] == "error"
    assert result["message"]["text"] == "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "post%20mortems%232024/bad%20record.json"
    assert location["region"] == {
        "startLine": line,
        "startColumn": column,
        "endLine": line,
        "endColumn": column + len('"critical"'),  # SARIF's end column is exclusive, like ours
    }
    assert result["properties"] == {"rule": "schema", "pointer": "/severity"}


def test_rules_cover_core_checks_and_every_loaded_rule() -> None:
    rules = all_rules()
    log = sarif_of()
    validate(log)
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors[: len(CORE_CHECKS)]] == [code for code, _, _ in CORE_CHECKS.values()]
    assert {d["name"] for d in descriptors} == set(CORE_CHECKS) | set(rules)
    assert len({d["id"] for d in descriptors}) == len(descriptors)
    for descriptor in descriptors:
        rule = rules.get(descriptor["name"])
        if rule is None:
            code, severity, summary = CORE_CHECKS[descriptor["name"]]
            assert descriptor["id"] == code
            assert descriptor["shortDescription"]["text"] == summary
            # A core check has a rationale as a rule does, not its summary said again.
            assert descriptor["fullDescription"]["text"] == CORE_RATIONALE[descriptor["name"]] != summary
            assert descriptor["help"]["text"] == CORE_RATIONALE[descriptor["name"]]
        else:
            severity = rule.severity
            assert descriptor["id"] == rule.code
            assert descriptor["shortDescription"]["text"] == rule.summary
            assert descriptor["fullDescription"]["text"] == rule.rationale
            assert descriptor["help"]["text"] == rule.rationale
        expected = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}[severity]
        assert descriptor["defaultConfiguration"]["level"] == expected


def test_every_core_check_has_a_rationale_of_sentences() -> None:
    assert list(CORE_RATIONALE) == list(CORE_CHECKS)
    for name, text in CORE_RATIONALE.items():
        assert text[:1].isupper() and text.endswith("."), name
        assert len(text) > 2 * len(CORE_CHECKS[name][2]), name  # says more than the summary


def test_levels_fingerprints_and_hostile_text() -> None:
    hostile = 'a\x00b\x1b[31m\ud800\u202e ]]> "quoted"'
    diagnostics = [
        Diagnostic(
            "x.json", 2, 3, 2, 3, "yaml-ambiguous-value", "IL004", Severity.WARNING, hostile, "/a", value_hash="1"
        ),
        Diagnostic("x.json", 4, 1, 5, 2, "schema", "IL003", Severity.INFO, "info", "/b", value_hash="2"),
        Diagnostic("x.json", 6, 1, 6, 2, "schema", "IL003", Severity.INFO, "info", "/b", value_hash="2"),
    ]
    log = sarif_of(FileResult("x.json", diagnostics))
    validate(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["warning", "note", "note"]
    assert results[0]["message"]["text"] == hostile
    prints = [r["partialFingerprints"]["incidentlint/v1"] for r in results]
    assert len(set(prints)) == 3  # the same key twice still gets two fingerprints


def test_files_outside_the_working_directory_get_file_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inside = tmp_path / "cwd"
    inside.mkdir()
    monkeypatch.chdir(inside)
    outside = tmp_path / "other" / "r ü.json"
    log = sarif_of(
        FileResult(str(outside), [Diagnostic(str(outside), 1, 1, 1, 2, "schema", "IL003", Severity.ERROR, "m")])
    )
    validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "file://" + str(tmp_path / "other").replace(" ", "%20") + "/r%20%C3%BC.json"


def test_clean_run_is_valid_with_no_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("good.json").write_text(json.dumps(reference()), "utf-8")
    code, out, _ = run_cli("--format", "sarif", "good.json")
    assert code == 0
    log = json.loads(out)
    validate(log)
    assert log["runs"][0]["results"] == []


def test_relative_uris_name_their_base_and_absolute_ones_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SARIF 2.1.0 3.4.4: a top-level artifact's relative uri SHOULD carry a uriBaseId, an absolute one SHALL NOT.
    inside = tmp_path / "cwd"
    inside.mkdir()
    monkeypatch.chdir(inside)
    outside = str(tmp_path / "other" / "r.json")
    log = sarif_of(
        FileResult("a.json", [Diagnostic("a.json", 1, 1, 1, 2, "schema", "IL003", Severity.ERROR, "m")]),
        FileResult(outside, [Diagnostic(outside, 1, 1, 1, 2, "schema", "IL003", Severity.ERROR, "m")]),
    )
    validate(log)
    [run] = log["runs"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [
        {"uri": "a.json", "uriBaseId": "%SRCROOT%"},
        {"uri": "file://" + str(tmp_path / "other" / "r.json")},
    ]
    # Described, not resolved: an absolute path would make the log differ from one checkout to the next.
    assert run["originalUriBaseIds"] == {
        "%SRCROOT%": {"description": {"text": "the working directory incidentlint ran in (the repository root in CI)"}}
    }


def test_columns_count_utf16_code_units_as_the_run_declares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An emoji is one character but two UTF-16 code units: GitHub and the JavaScript viewers count the latter.
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["title"] = "\U0001f525 Payments \u00e9 down"
    data["severity"] = "critical"
    text = json.dumps(data, ensure_ascii=False)  # one line: the title comes before the severity on it
    Path("r.json").write_text(text, "utf-8")
    code, out, _ = run_cli("--format", "sarif", "--select", "schema", "r.json")
    assert code == 1
    log = json.loads(out)
    validate(log)
    [run] = log["runs"]
    assert run["columnKind"] == "utf16CodeUnits"
    line, column = position_of(text, '"critical"')
    assert (line, column) == (1, text.index('"critical"') + 1)
    [result] = run["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": column + 1,  # the emoji before it counts twice, the é once
        "endLine": 1,
        "endColumn": column + 1 + len('"critical"'),
    }
    prefix = text[: text.index('"critical"')].encode("utf-16-le")
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == len(prefix) // 2 + 1


def test_a_byte_order_mark_is_not_a_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A UTF-8 byte order mark is not part of line 1's text: editors do not show it and put the cursor on the
    first character after it at column 1, and SARIF viewers count from there (the practice of rubocop and
    SonarJS, and of the SARIF SDK's maintainers for text regions). Every format agrees on that column."""
    monkeypatch.chdir(tmp_path)
    data = reference()
    data["severity"] = "critical"
    text = json.dumps(data)  # one line, ASCII
    Path("r.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    column = text.index('"critical"') + 1  # in the text after the mark
    code, out, _ = run_cli("--format", "sarif", "--select", "schema", "r.json")
    assert code == 1
    log = json.loads(out)
    validate(log)
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": column,
        "endLine": 1,
        "endColumn": column + len('"critical"'),
    }
    code, out, _ = run_cli("--format", "json", "--select", "schema", "r.json")
    assert code == 1
    [finding] = json.loads(out)["diagnostics"]
    assert (finding["line"], finding["column"], finding["end_column"]) == (1, column, column + len('"critical"'))
    code, out, _ = run_cli("--format", "concise", "--select", "schema", "r.json")
    assert out.startswith(f"r.json:1:{column}: error[schema] severity must be one of")
