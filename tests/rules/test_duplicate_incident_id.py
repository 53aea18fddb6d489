"""duplicate-incident-id (IL201), a repository-wide rule, run through the CLI over real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentlint.api import Options
from tests.helpers import run_json
from tests.rules import catalogue

RULE = "duplicate-incident-id"
ADVICE = "; give each incident its own id (the next free sequence number for that day)"


def found(*args: str) -> list[tuple[str, int, int, str]]:
    code, report = run_json("--select", RULE, *args)
    assert code == (1 if report["diagnostics"] else 0)
    return [(d["file"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


def write(folder: Path) -> tuple[str, str, str]:
    first = folder / "INC-2024-0315-001.json"
    first.write_text('{\n  "title": "Payments down",\n  "incident_id": "INC-2024-0315-001"\n}\n', "utf-8")
    copy = folder / "copy.yaml"
    copy.write_text("# copied from the template\nincident_id: INC-2024-0315-001\n", "utf-8")
    other = folder / "INC-2024-0315-002.yml"
    other.write_text("incident_id: INC-2024-0315-002\n", "utf-8")
    return str(first), str(copy), str(other)


def test_each_file_of_a_clash_names_the_others(tmp_path: Path) -> None:
    first, copy, _ = write(tmp_path)
    assert found(str(tmp_path)) == [
        (first, 3, 18, f"incident_id INC-2024-0315-001 is also used by {copy}" + ADVICE),
        (copy, 2, 14, f"incident_id INC-2024-0315-001 is also used by {first}" + ADVICE),
    ]


def test_only_files_of_the_run_are_compared_without_a_root(tmp_path: Path) -> None:
    first, _, other = write(tmp_path)
    assert found(first, other) == []


def test_ids_are_compared_exactly(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"incident_id": "INC-2024-0315-001"}', "utf-8")
    (tmp_path / "b.json").write_text('{"incident_id": "inc-2024-0315-001 "}', "utf-8")
    (tmp_path / "c.json").write_text('{"incident_id": ["INC-2024-0315-001"]}', "utf-8")
    (tmp_path / "d.json").write_text('{"title": "no id"}', "utf-8")
    (tmp_path / "e.json").write_text('{"title": "no id either"}', "utf-8")
    assert found(str(tmp_path)) == []


def test_many_others_are_counted() -> None:
    rule = catalogue()[RULE]
    summaries = [(f"f{index}.json", "INC-2024-0315-001") for index in range(6)] + [("g.json", None)]
    results = list(rule.check(summaries, Options(rule.options)))
    assert [index for index, _ in results] == [0, 1, 2, 3, 4, 5]
    assert results[0][1].pointer == "/incident_id"
    assert results[0][1].message == (
        "incident_id INC-2024-0315-001 is also used by f1.json, f2.json, f3.json and 2 more" + ADVICE
    )


def test_collect_keeps_only_the_id() -> None:
    rule = catalogue()[RULE]
    assert rule.collect is not None
    assert rule.collect({"incident_id": "INC-2024-0315-001", "title": "x" * 10_000}) == "INC-2024-0315-001"
    assert rule.collect({"incident_id": 7}) is None
    assert rule.collect({"incident_id": ""}) is None
    assert rule.collect({}) is None


def test_with_a_root_a_batch_of_changed_files_still_finds_every_duplicate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pre-commit hands over only the changed files; the clash is with a record it did not pass.
    records = tmp_path / "records"
    (records / "2023").mkdir(parents=True)
    (records / "2023" / "INC-2024-0315-001.json").write_text('{"incident_id": "INC-2024-0315-001"}', "utf-8")
    (records / "new.yaml").write_text("incident_id: INC-2024-0315-001\n", "utf-8")
    (records / "other.yaml").write_text("incident_id: INC-2024-0315-002\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert found("records/new.yaml", "records/other.yaml") == []
    (tmp_path / ".incidentlint.toml").write_text('root = "records"\n', "utf-8")
    assert found("records/new.yaml", "records/other.yaml") == [
        (
            "records/new.yaml",
            1,
            14,
            "incident_id INC-2024-0315-001 is also used by records/2023/INC-2024-0315-001.json" + ADVICE,
        ),
    ]


def test_exactly_as_many_others_as_are_shown_are_all_named_with_no_count() -> None:
    rule = catalogue()[RULE]
    summaries = [(f"f{index}.json", "INC-2024-0315-001") for index in range(4)]
    results = list(rule.check(summaries, Options(rule.options)))
    assert results[0][1].message == ("incident_id INC-2024-0315-001 is also used by f1.json, f2.json, f3.json" + ADVICE)
