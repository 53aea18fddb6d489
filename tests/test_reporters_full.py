"""The closing summary of the ``full`` format: a small table of file counts, findings and the top rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import reference, run_cli


def summary_of(out: str) -> dict[str, str]:
    """The summary rows: a key, three or more spaces, a value."""
    rows = {}
    for line in out.splitlines():
        match = re.fullmatch(r"([a-z ]+?) {3,}(\S.*)", line)
        if match:
            rows[match[1]] = match[2]
    return rows


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for index, changes in enumerate(
        [{}, {}, {"severity": "critical", "status": "done"}, {"severity": "urgent"}, {"x-flag": "yes"}]
    ):
        data = {**reference(), "incident_id": f"INC-2024-0315-00{index + 1}", **changes}
        if "x-flag" in changes:
            lines = [f"{key}: {json.dumps(value)}" for key, value in data.items() if key != "x-flag"]
            Path(f"r{index}.yaml").write_text("\n".join([*lines, "x-flag: yes"]) + "\n", "utf-8")
        else:
            Path(f"r{index}.json").write_text(json.dumps(data, indent=2), "utf-8")
    return tmp_path


def test_summary_table_counts_files_and_top_rules(folder: Path) -> None:
    code, out, _ = run_cli("--color", "never", "--select", "schema,yaml-ambiguous-value", ".")
    assert code == 1
    assert summary_of(out) == {
        "files checked": "5",
        "clean": "2",
        "with errors": "2",
        "with warnings": "1",
        "findings": "3 errors, 1 warning",
        "top rules": "schema (3), yaml-ambiguous-value (1)",
    }
    assert all(line == line.rstrip() for line in out.splitlines())


def test_quiet_has_no_summary(folder: Path) -> None:
    _, out, _ = run_cli("--quiet", "--select", "schema", ".")
    assert summary_of(out) == {}
    assert "r2.json:" in out


def test_clean_run_is_one_line(folder: Path) -> None:
    code, out, _ = run_cli("r0.json", "r1.json")
    assert (code, out) == (0, "All clean: 2 files checked, no problems found.\n")


def test_a_run_that_finds_no_records_says_so_rather_than_all_clean(folder: Path) -> None:
    # A CI job pointed at the wrong folder (or with an include that matches nothing) must not read as a pass.
    Path("drafts").mkdir()
    Path("drafts/notes.txt").write_text("not a record", "utf-8")
    assert run_cli("drafts") == (
        0,
        "No records checked: the paths given hold no file that include, exclude and .gitignore leave to lint.\n",
        "",
    )


def test_baseline_counts_appear_in_the_summary(folder: Path) -> None:
    run_cli("--select", "schema", "--write-baseline", "baseline.json", ".")
    code, out, _ = run_cli("--select", "schema", "--baseline", "baseline.json", ".")
    assert (code, out) == (
        0,
        "All clean: 5 files checked, no problems found (3 known findings hidden by the baseline).\n",
    )
    code, out, _ = run_cli("--select", "schema,yaml-ambiguous-value", "--baseline", "baseline.json", ".")
    assert code == 0
    rows = summary_of(out)
    assert rows["note"] == "3 known findings hidden by the baseline"
    assert rows["top rules"] == "yaml-ambiguous-value (1)"


def fixable_record(path: Path, duplicate: bool = True) -> None:
    data = reference()
    data["duration"] = "1h 15m"  # a safe fix: time_to_resolution agrees with the timestamps
    if duplicate:
        data["responders"].append(data["responders"][0])  # an unsafe fix: remove the copy
    path.write_text(json.dumps(data, indent=2), "utf-8")


def test_fixable_findings_are_marked_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "INC-2024-0315-001.json"
    fixable_record(path)
    code, out, _ = run_cli("--color", "never", str(path))
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(str(path) + ":")]
    assert lines == [
        f"{path}:8:15: error[duration-mismatch] [*] duration says '1h 15m' but end_time - start_time is 1h 5m; "
        "set duration to '1h 5m', or correct the timestamps",
        f"{path}:23:5: warning[duplicate-responder] 'Sarah Chen' is listed twice in responders, also as "
        "responders[0]; this entry is an exact copy: remove it",
    ]
    assert summary_of(out)["fixes"] == "[*] 1 fixable with --fix (1 more with --fix --unsafe-fixes)"
    # What --fix leaves is the unsafe one, and the summary says how to apply it.
    code, out, _ = run_cli("--color", "never", "--fix", str(path))
    assert code == 1
    assert summary_of(out)["fixes"] == "1 fixable with --fix --unsafe-fixes"
    assert summary_of(out)["note"] == "1 fix applied"
    code, out, _ = run_cli("--color", "never", "--fix", "--unsafe-fixes", str(path))
    assert (code, out) == (1, "All clean: 1 file checked, no problems found (1 fix applied).\n")


def test_no_fix_row_without_fixable_findings(folder: Path) -> None:
    _, out, _ = run_cli("--color", "never", "--select", "schema", ".")
    assert "fixes" not in summary_of(out)
    assert "[*]" not in out


def test_json_gives_each_finding_its_fix(tmp_path: Path) -> None:
    path = tmp_path / "INC-2024-0315-001.json"
    fixable_record(path)
    _, out, _ = run_cli("--format", "json", "--select", "duration-mismatch,duplicate-responder,schema", str(path))
    fixes = [(d["rule"], d["fix"]) for d in json.loads(out)["diagnostics"]]
    assert fixes == [
        ("duration-mismatch", {"applicability": "safe", "message": "set duration to 1h 5m"}),
        ("duplicate-responder", {"applicability": "unsafe", "message": "remove the duplicate responder"}),
    ]
    data = reference()
    data["severity"] = "critical"
    path.write_text(json.dumps(data), "utf-8")
    _, out, _ = run_cli("--format", "json", str(path))
    assert [d["fix"] for d in json.loads(out)["diagnostics"]] == [None]


def test_the_fix_row_counts_several_unsafe_fixes(tmp_path: Path) -> None:
    path = tmp_path / "INC-2024-0315-001.json"
    data = reference()
    data["duration"] = "1h 15m"
    data["responders"] += [data["responders"][0], data["responders"][1]]  # two exact copies: two unsafe fixes
    path.write_text(json.dumps(data, indent=2), "utf-8")
    _, out, _ = run_cli("--color", "never", str(path))
    assert summary_of(out)["fixes"] == "[*] 1 fixable with --fix (2 more with --fix --unsafe-fixes)"


def test_a_fix_the_layout_cannot_take_is_not_offered(tmp_path: Path) -> None:
    # A '? key' mapping: the fixer cannot edit it, so neither [*] nor the json fix may promise a repair.
    path = tmp_path / "r.yaml"
    path.write_text(
        "? communication_log\n"
        ": - timestamp: 2024-03-15T15:00:00Z\n"
        "    message: b\n"
        "  - timestamp: 2024-03-15T14:40:00Z\n"
        "    message: a\n",
        "utf-8",
    )
    rule = "timeline-not-chronological"
    _, out, _ = run_cli("--format", "json", "--select", rule, str(path))
    assert [(d["rule"], d["fix"]) for d in json.loads(out)["diagnostics"]] == [(rule, None)]
    _, out, _ = run_cli("--color", "never", "--select", rule, str(path))
    assert "[*]" not in out and "fixes" not in summary_of(out)
    # Written plainly, the same log takes the fix.
    path.write_text(path.read_text("utf-8").replace("? communication_log\n: - ", "communication_log:\n  - "), "utf-8")
    _, out, _ = run_cli("--format", "json", "--select", rule, str(path))
    assert [d["fix"] for d in json.loads(out)["diagnostics"]] == [
        {"applicability": "unsafe", "message": "sort communication_log by time"}
    ]


@pytest.mark.parametrize("fmt", ["concise", "github", "sarif", "junit", "gitlab"])
def test_a_run_in_another_format_that_finds_no_records_says_so_on_stderr(folder: Path, fmt: str) -> None:
    # The format keeps stdout (an empty list of diagnostics reads as a pass in CI); the warning goes to stderr.
    Path("drafts").mkdir()
    code, _, err = run_cli("--format", fmt, "drafts")
    assert (code, err) == (
        0,
        "incidentlint: warning: no records checked: the paths given hold no file that include, exclude and "
        ".gitignore leave to lint\n",
    )
    assert run_cli("--format", fmt, "-q", "drafts")[2] == ""
    assert run_cli("--format", fmt, "r0.json")[2] == ""


def test_a_json_report_of_no_records_stays_parseable_with_the_warning_on_stderr(folder: Path) -> None:
    Path("drafts").mkdir()
    code, out, err = run_cli("--format", "json", "drafts")
    assert code == 0 and json.loads(out)["summary"]["files"] == 0
    assert err.startswith("incidentlint: warning: no records checked:")
