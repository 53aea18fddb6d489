"""filename-id-mismatch (IL202), a repository-wide rule that is off by default."""

from __future__ import annotations

from pathlib import Path

from incidentlint.api import Options
from tests.helpers import run_json
from tests.rules import catalogue

RULE = "filename-id-mismatch"


def found(*args: str) -> list[tuple[str, int, int, str]]:
    _, report = run_json(*args)
    return [(d["file"], d["line"], d["column"], d["message"]) for d in report["diagnostics"] if d["rule"] == RULE]


def test_fires_on_files_not_named_after_their_id(tmp_path: Path) -> None:
    (tmp_path / "INC-2024-0315-001.json").write_text('{"incident_id": "INC-2024-0315-001"}', "utf-8")
    (tmp_path / "2024-03-15-INC-2024-0315-002-payments.yaml").write_text("incident_id: INC-2024-0315-002\n", "utf-8")
    renamed = tmp_path / "payments-outage.json"
    renamed.write_text('{\n  "incident_id": "INC-2024-0315-003"\n}\n', "utf-8")
    stale = tmp_path / "INC-2024-0315-001-copy.yml"
    stale.write_text("title: copy\nincident_id: INC-2024-0316-001\n", "utf-8")
    assert found("--select", RULE, str(tmp_path)) == [
        (
            str(stale),
            2,
            14,
            "the file name INC-2024-0315-001-copy.yml does not contain the incident_id INC-2024-0316-001; "
            "rename it to INC-2024-0316-001.yml",
        ),
        (
            str(renamed),
            2,
            18,
            "the file name payments-outage.json does not contain the incident_id INC-2024-0315-003; "
            "rename it to INC-2024-0315-003.json",
        ),
    ]


def test_an_info_finding_does_not_fail_the_run(tmp_path: Path) -> None:
    record = tmp_path / "outage.json"
    record.write_text('{"incident_id": "INC-2024-0315-003"}', "utf-8")
    code, report = run_json("--select", RULE, str(record))
    assert (code, [d["severity"] for d in report["diagnostics"]]) == (0, ["info"])


def test_off_by_default_and_enabled_with_extend_select(tmp_path: Path) -> None:
    record = tmp_path / "outage.json"
    record.write_text('{"incident_id": "INC-2024-0315-003"}', "utf-8")
    assert found(str(record)) == []
    assert len(found("--extend-select", RULE, str(record))) == 1


def test_names_from_stdin_and_odd_ids_are_handled() -> None:
    rule = catalogue()[RULE]
    summaries: list[tuple[str, object]] = [
        ("<stdin>", "INC-2024-0315-001"),
        ("dir\\INC-2024-0315-002.json", "INC-2024-0315-002"),
        ("README", "INC-2024-0315-003"),
        ("evil.json", "INC-\x1b[2J"),
        ("none.json", None),
    ]
    results = [(index, finding.message) for index, finding in rule.check(summaries, Options(rule.options))]
    assert results == [
        (
            2,
            "the file name README does not contain the incident_id INC-2024-0315-003; "
            "rename it to INC-2024-0315-003.json",
        ),
        (3, "the file name evil.json does not contain the incident_id INC-\\x1b[2J; rename it to INC-\\x1b[2J.json"),
    ]
