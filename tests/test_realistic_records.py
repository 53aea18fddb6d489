"""Correct postmortems written the ways real teams write them lint clean: no finding, exit 0.

Each record in tests/fixtures/realistic/ was checked by hand to be consistent (spans, offsets, order, names). They
vary what a rule could misread: offsets other than Z, midnight, month, year and DST boundaries, a leap second,
fractions of a second, every duration spelling, open incidents, commanders named by e-mail, handle, in another
case or script, Markdown with code spans and fences, Windows paths, and words such as TODO, N/A, blame and fault
used in prose. A finding on one of them is a false positive: a CI gate that fails a correct record.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_json

REALISTIC = Path(__file__).parent / "fixtures" / "realistic"
RECORDS = sorted(path for path in REALISTIC.iterdir() if path.suffix in (".json", ".yaml"))
#: After every timestamp in the records, so that future-timestamp does not depend on the clock.
NOW = "2026-01-01T00:00:00Z"


def test_the_corpus_holds_json_and_yaml_records_named_by_their_ids() -> None:
    suffixes = [path.suffix for path in RECORDS]
    assert (len(RECORDS), suffixes.count(".json"), suffixes.count(".yaml")) == (40, 22, 18)


@pytest.mark.parametrize("path", RECORDS, ids=lambda path: path.name)
def test_a_realistic_record_lints_clean(path: Path) -> None:
    code, report = run_json("--now", NOW, str(path))
    assert (code, report["diagnostics"], report["summary"]["files"]) == (0, [], 1)


def test_the_corpus_lints_clean_under_every_rule_but_the_utc_policy() -> None:
    # Together, so that duplicate-incident-id compares them; with the opt-in rules (filename-id-mismatch,
    # action-item-due-too-late). non-utc-timestamp is a team policy that many of these records do not follow.
    code, report = run_json("--now", NOW, "--select", "ALL", "--ignore", "non-utc-timestamp", str(REALISTIC))
    assert (code, report["diagnostics"], report["summary"]["files"]) == (0, [], 40)


def test_the_utc_policy_does_see_the_records_written_with_offsets() -> None:
    # Proof that the run above is not vacuous: the same rules do read these records.
    code, report = run_json("--now", NOW, "--select", "non-utc-timestamp", str(REALISTIC / "INC-2024-1027-001.yaml"))
    assert (code, [(d["line"], d["pointer"]) for d in report["diagnostics"]]) == (
        0,
        [
            (9, "/start_time"),
            (10, "/end_time"),
            (28, "/detection_details/detection_time"),
            (34, "/response_details/war_room_established"),
            (41, "/communication_log/0/timestamp"),
            (45, "/communication_log/1/timestamp"),
        ],
    )
