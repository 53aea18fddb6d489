"""future-timestamp (IL120)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import EXAMPLE, position_of, run_cli
from tests.rules import assert_silent, findings_both, lint_json, lint_yaml

RULE = "future-timestamp"
NOW = datetime.fromisoformat("2024-03-15T16:00:00+00:00")


def message(where: str, text: str) -> str:
    return (
        f"{where} {text} is later than now; a record describes what already happened: "
        "check the year, the date and the offset"
    )


JSON = """{
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2025-03-15T15:35:00Z",
  "detection_details": {"detection_time": "2024-03-15T14:30:00Z"},
  "response_details": {"war_room_established": "2024-03-15T16:00:01Z"},
  "communication_log": [
    {"timestamp": "2024-03-15T14:50:00Z", "message": "Investigating"},
    {"timestamp": "2024-03-15T17:35:00+01:00", "message": "Resolved"}
  ]
}
"""

YAML = """start_time: 2034-03-15T14:30:00Z
detection_details:
  detection_time: 2024-03-15T17:30:00+02:00   # 15:30 UTC: in the past
communication_log:
  - message: Investigating
    timestamp: 2024-03-16T00:00:00+07:00   # 17:00 UTC
"""


def test_fires_at_each_future_timestamp_in_json() -> None:
    assert lint_json(RULE, JSON, now=NOW) == [
        (3, 15, message("end_time", "2025-03-15T15:35:00Z")),
        (5, 48, message("response_details.war_room_established", "2024-03-15T16:00:01Z")),
        (8, 19, message("communication_log[1].timestamp", "2024-03-15T17:35:00+01:00")),
    ]


def test_fires_at_each_future_timestamp_in_yaml() -> None:
    assert lint_yaml(RULE, YAML, now=NOW) == [
        (1, 13, message("start_time", "2034-03-15T14:30:00Z")),
        (6, 16, message("communication_log[0].timestamp", "2024-03-16T00:00:00+07:00")),
    ]


def test_now_itself_is_not_the_future() -> None:
    assert_silent(RULE, {"start_time": "2024-03-15T16:00:00Z", "end_time": "2024-03-15T18:00:00+02:00"}, now=NOW)


def test_the_cli_now_option_reaches_the_rule() -> None:
    code, out, _ = run_cli("--select", RULE, "--format", "concise", "--now", "2024-03-15T15:00:00Z", str(EXAMPLE))
    assert code == 1
    # The reference record is one line; 15:35 appears as end_time and as the last communication_log entry.
    text = EXAMPLE.read_text("utf-8")
    (_, end), (_, logged) = position_of(text, '"2024-03-15T15:35:00Z"'), position_of(text, '"2024-03-15T15:35:00Z"', 1)
    assert out.splitlines() == [
        f"{EXAMPLE}:1:{end}: error[future-timestamp] {message('end_time', '2024-03-15T15:35:00Z')}",
        f"{EXAMPLE}:1:{logged}: error[future-timestamp] "
        + message("communication_log[1].timestamp", "2024-03-15T15:35:00Z"),
    ]
    assert run_cli("--select", RULE, "--now", "2024-03-15T15:35:00Z", str(EXAMPLE))[0] == 0


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2024-03-15", "'2024-03-15'"),  # a date alone: which instant of it, and in which zone, is not said
        ("2024-03-15T14:30:00", "'2024-03-15T14:30:00'"),  # no offset
        ("yesterday", "'yesterday'"),
        ("\x1b[2J2024", "'\\x1b[2J2024'"),  # a control sequence is shown escaped, never sent to the terminal
    ],
)
def test_a_now_that_is_not_a_date_and_time_with_an_offset_stops_the_run(given: str, shown: str) -> None:
    code, out, err = run_cli("--now", given, str(EXAMPLE))
    assert (code, out) == (2, "")
    assert err == (
        "incidentlint: error: --now must be a date and time with a time zone offset, like 2024-03-15T14:30:00Z "
        f"(Z is UTC) or 2024-03-15T16:30:00+02:00; got {shown}\n"
    )


@pytest.mark.parametrize(
    "record",
    [
        {"start_time": "2999-01-01"},
        {"start_time": "2999-01-01T00:00:00"},
        {"start_time": 32503680000},
        {"detection_details": "2999-01-01T00:00:00Z"},
        {"communication_log": [{"timestamp": None}, "2999-01-01T00:00:00Z", {"when": "2999-01-01T00:00:00Z"}]},
        {"communication_log": {"timestamp": "2999-01-01T00:00:00Z"}},
        {"preliminary_action_items": [{"description": "Add alerts", "due_date": "2999-01-01"}]},  # due dates are ahead
        {"x-reviewed": "2999-01-01T00:00:00Z"},
    ],
)
def test_silent_on_malformed_or_other_fields(record: dict[str, Any]) -> None:
    assert_silent(RULE, record, now=NOW)


@pytest.mark.parametrize("entries", [100, 101, 30_000])
def test_one_rule_lists_at_most_100_findings_per_file(entries: int) -> None:
    log = [{"timestamp": "2099-01-01T00:00:00Z", "type": "slack", "message": "x"} for _ in range(entries)]
    found = lint_json(RULE, json.dumps({"communication_log": log}, indent=1))
    listed = [message.split(" ", 1)[0] for _, _, message in found if message.startswith("communication_log[")]
    assert listed == [f"communication_log[{index}].timestamp" for index in range(min(entries, 100))]
    rest = [finding for finding in found if not finding[2].startswith("communication_log[")]
    more = entries - 100
    message = (
        f"{more:,} more {'finding' if more == 1 else 'findings'} of this rule in this file are not listed (only the "
        "first 100 are); fix those and run again"
    )
    assert rest == ([] if more <= 0 else [(1, 1, message)])


_OFFSETS = st.sampled_from(["Z", "z", "+00:00", "-23:59", "+23:59", "-12:30", "+14:00", "-00:00"])


@settings(max_examples=400, deadline=None)
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
    st.lists(st.tuples(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)), _OFFSETS)),
    st.integers(-3 * 86400, 3 * 86400),
)
def test_the_date_shortcut_never_hides_a_future_timestamp(
    now: datetime, written: list[tuple[datetime, str]], near: int
) -> None:
    """The rule passes over texts dated three days or more before now without parsing them. Whatever the offset
    (up to -23:59) and however close to now, it reports exactly the timestamps that parse to a later instant."""
    from incidentlint.api import Options
    from incidentlint.registry import all_rules
    from incidentlint.timeparse import parse_timestamp

    current = now.replace(tzinfo=UTC)
    # Half the texts are written close to now (within three days either side), where the shortcut must not cut.
    texts = [
        f"{(moment if index % 2 else now + timedelta(seconds=near)):%Y-%m-%dT%H:%M:%S}{offset}"
        for index, (moment, offset) in enumerate(written)
    ]
    record = {"start_time": texts[0] if texts else None, "communication_log": [{"timestamp": t} for t in texts]}
    found = {f.pointer for f in all_rules()[RULE].check(record, Options({}, current))}
    instants = [parse_timestamp(text) for text in texts]
    assert None not in instants  # every text is a valid timestamp, so the shortcut is what is tested
    later = {f"/communication_log/{i}/timestamp" for i, instant in enumerate(instants) if instant and instant > current}
    if instants and instants[0] and instants[0] > current:
        later.add("/start_time")
    assert found == later


def test_a_now_of_the_right_shape_that_does_not_exist_says_which_part() -> None:
    code, out, err = run_cli("--now", "2024-02-30T00:00:00Z", str(EXAMPLE))
    assert (code, out) == (2, "")
    assert (
        err
        == "incidentlint: error: --now '2024-02-30T00:00:00Z' is not a real date and time: February 2024 has 29 days\n"
    )


def test_a_now_within_three_days_of_year_one_still_checks_every_timestamp() -> None:
    # Three days before such a now is no date at all; every timestamp is then looked at, none passed over.
    expected = message("start_time", "0001-01-03T00:00:00Z")
    now = datetime(1, 1, 2, tzinfo=UTC)
    assert findings_both(RULE, {"start_time": "0001-01-03T00:00:00Z"}, now=now) == ([expected], [expected])
