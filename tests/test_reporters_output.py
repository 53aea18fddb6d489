"""Where reports go: machine formats alone on stdout, --output-file, --statistics, --exit-zero and --fail-on."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from incidentlint.reporters.output import plan
from tests.helpers import reference, run_cli

MACHINE = ("json", "github", "sarif", "junit", "gitlab", "rdjson", "concise")


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """incidents/ with a clean record, one with two schema errors and one with a YAML warning."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    folder = tmp_path / "incidents"
    folder.mkdir()
    (folder / "a-good.json").write_text(json.dumps(reference(), indent=2), "utf-8")
    bad = reference()
    bad["incident_id"] = "INC-2024-0315-002"
    bad["severity"] = "critical"
    bad["status"] = "done"
    (folder / "b-bad.json").write_text(json.dumps(bad, indent=2), "utf-8")
    warn = reference()
    warn["incident_id"] = "INC-2024-0315-003"
    lines = [f"{key}: {json.dumps(value)}" for key, value in warn.items()] + ["x-flag: yes"]
    (folder / "c-warn.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def parse_machine(fmt: str, text: str) -> object:
    if fmt in ("json", "sarif", "gitlab", "rdjson"):
        return json.loads(text)
    if fmt == "junit":
        return ET.fromstring(text)
    assert all(line.startswith(("::", "incidents/")) for line in text.splitlines()), text
    return text.splitlines()


@pytest.mark.parametrize("fmt", MACHINE)
def test_machine_formats_have_stdout_to_themselves_without_colour(records: Path, fmt: str) -> None:
    code, out, err = run_cli(
        "--format", fmt, "--color", "always", "--select", "schema,yaml-ambiguous-value", "incidents"
    )
    assert (code, err) == (1, "")
    assert "\x1b" not in out
    parse_machine(fmt, out)


@pytest.mark.slow
def test_machine_format_lines_are_not_wrapped_in_a_narrow_terminal(records: Path) -> None:
    long_name = records / ("x" * 150 + ".json")
    data = reference()
    data["severity"] = "c" * 300
    long_name.write_text(json.dumps(data), "utf-8")
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "incidentlint"), "--format", "github", "--select", "schema", str(long_name)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "40", "FORCE_COLOR": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    [line] = proc.stdout.splitlines()
    assert len(line) > 300 and "\x1b" not in line


def test_output_file_gets_the_format_and_the_terminal_the_human_report(records: Path) -> None:
    code, out, err = run_cli(
        "--format", "sarif", "--output-file", "report.sarif", "--select", "schema,yaml-ambiguous-value", "incidents"
    )
    assert (code, err) == (1, "")
    log = json.loads(Path("report.sarif").read_text("utf-8"))
    assert len(log["runs"][0]["results"]) == 3
    assert out.startswith("incidents/b-bad.json\n")
    assert "incidents/b-bad.json:" in out and "files checked   3" in out


def test_output_file_inside_github_actions_also_annotates(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run_cli("--format", "sarif", "--output-file", "r.sarif", "--select", "schema", "incidents")
    assert code == 1
    assert [line.split(" ", 1)[0] for line in out.splitlines() if line.startswith("::")] == ["::error", "::error"]
    assert json.loads(Path("r.sarif").read_text("utf-8"))["version"] == "2.1.0"


def test_output_file_that_cannot_be_written_is_exit_2_after_the_terminal_report(records: Path) -> None:
    code, out, err = run_cli(
        "--format", "json", "--output-file", "missing-dir/r.json", "--select", "schema", "incidents"
    )
    assert code == 2
    assert err.startswith("incidentlint: error: cannot write the report to missing-dir/r.json: ")
    # The CI log still shows what the run found before the report file failed.
    assert "error[schema]" in out and "2 errors" in out


def test_plan_decisions() -> None:
    assert plan(None, None, {}).stdout == ("full",)
    assert plan(None, None, {"GITHUB_ACTIONS": "true"}).stdout == ("full", "github")
    assert plan("json", None, {"GITHUB_ACTIONS": "true"}).stdout == ("json",)
    assert plan("full", None, {"GITHUB_ACTIONS": "true"}).stdout == ("full",)
    with_file = plan("gitlab", Path("r.json"), {})
    assert (with_file.stdout, with_file.file_format, with_file.machine_stdout) == (("full",), "gitlab", False)
    assert plan("sarif", None, {}).machine_stdout


def statistics_rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index("Findings per rule")
    assert lines[start + 1].split() == ["count", "code", "rule", "severity"]
    return [line.split() for line in lines[start + 2 :] if line.strip()]


def test_statistics_table_follows_the_human_report(records: Path) -> None:
    code, out, err = run_cli("--statistics", "--select", "schema,yaml-ambiguous-value", "incidents")
    assert (code, err) == (1, "")
    assert statistics_rows(out) == [
        ["2", "IL003", "schema", "error"],
        ["1", "IL004", "yaml-ambiguous-value", "warning"],
    ]


def test_statistics_with_a_machine_format_go_to_stderr(records: Path) -> None:
    code, out, err = run_cli("--statistics", "--format", "json", "--select", "schema", "incidents")
    assert code == 1
    assert json.loads(out)["summary"]["errors"] == 2
    assert statistics_rows(err) == [["2", "IL003", "schema", "error"]]


def test_exit_zero_turns_findings_into_success_but_not_usage_errors(records: Path) -> None:
    assert run_cli("--exit-zero", "--select", "schema", "incidents")[0] == 0
    assert run_cli("--exit-zero", "incidents/missing.json")[0] == 2


def test_fail_on_warning_from_flag_and_config(records: Path) -> None:
    warn = "incidents/c-warn.yaml"
    assert run_cli("--select", "yaml-ambiguous-value", warn)[0] == 0
    assert run_cli("--fail-on", "warning", "--select", "yaml-ambiguous-value", warn)[0] == 1
    Path(".incidentlint.toml").write_text('fail-on = "warning"\n', "utf-8")
    assert run_cli("--select", "yaml-ambiguous-value", warn)[0] == 1
    assert run_cli("--fail-on", "error", "--select", "yaml-ambiguous-value", warn)[0] == 0


def test_fail_on_info_fails_the_run_on_an_info_finding(tmp_path: Path) -> None:
    data = reference()
    data["technical_details"]["root_cause"] = "Human error during the deployment"  # blameless-language: info
    path = tmp_path / "INC-2024-0315-001.json"
    path.write_text(json.dumps(data, indent=2), "utf-8")
    assert run_cli("--select", "blameless-language", str(path))[0] == 0
    assert run_cli("--select", "blameless-language", "--fail-on", "warning", str(path))[0] == 0
    assert run_cli("--select", "blameless-language", "--fail-on", "info", str(path))[0] == 1
    (tmp_path / ".incidentlint.toml").write_text('fail-on = "info"\n', "utf-8")
    assert (
        run_cli("--config", str(tmp_path / ".incidentlint.toml"), "--select", "blameless-language", str(path))[0] == 1
    )
