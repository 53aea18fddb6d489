"""filename-id-mismatch (IL202), a repository-wide rule that is off by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentlint.api import Options
from tests.helpers import position_of, reference, run_json
from tests.rules import as_json, catalogue

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
    records: list[tuple[str, dict[str, object]]] = [
        ("<stdin>", {"incident_id": "INC-2024-0315-001"}),
        ("dir\\INC-2024-0315-002.json", {"incident_id": "INC-2024-0315-002"}),
        ("README", {"incident_id": "INC-2024-0315-003"}),
        ("evil.json", {"incident_id": "INC-\x1b[2J"}),
        ("none.json", {"incident_id": None}),
    ]
    assert rule.collect is not None
    summaries = [(name, rule.collect(record)) for name, record in records]
    results = [(index, finding.message) for index, finding in rule.check(summaries, Options(rule.options))]
    assert results == [
        (
            2,
            "the file name README does not contain the incident_id INC-2024-0315-003; "
            "rename it to INC-2024-0315-003.json",
        ),
        (3, "the file name evil.json does not contain the incident_id INC-\\x1b[2J; rename it to INC-\\x1b[2J.json"),
    ]


def _record(tmp_path: Path, name: str, **changes: object) -> tuple[Path, str]:
    data = reference()
    data.update(changes)
    text = as_json(data) + "\n"
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path, text


def test_an_id_copied_from_another_incident_gets_one_story_from_both_rules(tmp_path: Path) -> None:
    # The file name and start_time agree on 2024-03-15; the id, from another incident, is the odd one out.
    path, text = _record(tmp_path, "INC-2024-0315-001.json", incident_id="INC-2024-0301-002")
    code, report = run_json("--extend-select", RULE, str(path))
    where = position_of(text, '"INC-2024-0301-002"')
    assert code == 0  # a warning and an info: nothing at the default fail-on
    assert [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [
        (
            "incident-id-date-mismatch",
            *where,
            "incident_id INC-2024-0301-002 says 2024-03-01 but start_time 2024-03-15T14:30:00Z is on 2024-03-15 "
            "in UTC; use INC-2024-0315-002 if only the id's date is wrong, or correct start_time",
        ),
        (
            RULE,
            *where,
            "incident_id INC-2024-0301-002 is not the id in the file name INC-2024-0315-001.json, which has "
            "start_time's date (2024-03-15) where the incident_id does not: the id looks copied from another "
            "incident; set incident_id to INC-2024-0315-001",
        ),
    ]
    # Following that advice clears both.
    path.write_text(text.replace("INC-2024-0301-002", "INC-2024-0315-001"), "utf-8")
    code, report = run_json("--extend-select", RULE, str(path))
    assert (code, report["diagnostics"]) == (0, [])


def test_the_file_names_id_of_start_times_day_is_the_one_named(tmp_path: Path) -> None:
    path, _ = _record(tmp_path, "INC-2024-0301-002-then-INC-2024-0315-004.yaml", incident_id="INC-2024-0302-002")
    assert [m for *_, m in found("--select", RULE, str(path))] == [
        "incident_id INC-2024-0302-002 is not the id in the file name INC-2024-0301-002-then-INC-2024-0315-004.yaml, "
        "which has start_time's date (2024-03-15) where the incident_id does not: the id looks copied from another "
        "incident; set incident_id to INC-2024-0315-004"
    ]


def test_an_id_with_the_wrong_date_is_not_proposed_as_the_file_name(tmp_path: Path) -> None:
    path, _ = _record(tmp_path, "payments-outage.json", incident_id="INC-2024-0301-002")
    assert [m for *_, m in found("--select", RULE, str(path))] == [
        "the file name payments-outage.json does not contain the incident_id INC-2024-0301-002, whose date is not "
        "start_time's (2024-03-15) either; correct the id first, then name the file after it"
    ]


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        # The id agrees with start_time: the file name is the stale one (a renamed or copied file).
        ("INC-2024-0301-002.json", {}),
        # No usable start_time: nothing says which of the two is right, so the file follows the id as before.
        ("INC-2024-0301-002.json", {"start_time": "yesterday"}),
        # An id of another form: no date to compare.
        ("INC-2024-0315-001.json", {"incident_id": "PAY-42"}),
    ],
)
def test_otherwise_the_file_is_renamed_after_the_id(tmp_path: Path, name: str, changes: dict[str, object]) -> None:
    path, _ = _record(tmp_path, name, **changes)
    incident_id = changes.get("incident_id", "INC-2024-0315-001")
    assert [m for *_, m in found("--select", RULE, str(path))] == [
        f"the file name {name} does not contain the incident_id {incident_id}; rename it to {incident_id}.json"
    ]


def test_the_rename_keeps_the_file_s_extension_however_short_its_stem() -> None:
    rule = catalogue()[RULE]
    assert rule.collect is not None
    names = ["x.yaml", "ab.yml", ".yaml", "<draft.json", "draft>"]  # '.yaml' is a stem with no extension
    summaries = [(name, rule.collect({"incident_id": "INC-2024-0315-001"})) for name in names]
    results = [(index, finding.message) for index, finding in rule.check(summaries, Options(rule.options))]
    assert results == [
        (index, f"the file name {name} does not contain the incident_id INC-2024-0315-001; rename it to {renamed}")
        for index, (name, renamed) in enumerate(
            zip(
                names,
                [
                    "INC-2024-0315-001.yaml",
                    "INC-2024-0315-001.yml",
                    "INC-2024-0315-001.json",
                    "INC-2024-0315-001.json",
                    "INC-2024-0315-001.json",
                ],
                strict=True,
            )
        )
    ]


@pytest.mark.parametrize("incident_id", [7, ["INC-2024-0315-001"], "", True])
def test_an_id_that_is_not_a_non_empty_string_is_not_kept(incident_id: object) -> None:
    rule = catalogue()[RULE]
    assert rule.collect is not None
    summary = rule.collect({"incident_id": incident_id, "start_time": "2024-03-15T14:30:00Z"})
    assert list(rule.check([("payment-outage.json", summary)], Options(rule.options))) == []


def test_an_id_written_in_another_case_is_named_and_the_rest_of_the_name_kept(tmp_path: Path) -> None:
    lower = tmp_path / "2024-03-15-inc-2024-0315-001-payments.json"
    lower.write_text('{"incident_id": "INC-2024-0315-001"}', "utf-8")
    assert found("--select", RULE, str(lower)) == [
        (
            str(lower),
            1,
            17,
            "the file name 2024-03-15-inc-2024-0315-001-payments.json writes the incident_id INC-2024-0315-001 as "
            "inc-2024-0315-001; rename it to 2024-03-15-INC-2024-0315-001-payments.json",
        )
    ]
