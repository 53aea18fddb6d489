"""non-utc-timestamp (IL125), off by default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentlint.api import Fix, Options, Replace, parse_timestamp
from incidentlint.config import Config
from incidentlint.engine import Linter
from tests.helpers import reference, run_cli
from tests.rules import NOW, as_json, assert_silent, catalogue, findings_both, lint_json, lint_yaml

RULE = "non-utc-timestamp"
POLICY = "is not in UTC; this team writes every time in UTC"

JSON = """{
  "start_time": "2024-03-15T16:30:00+02:00",
  "end_time": "2024-03-15T15:35:00Z",
  "communication_log": [
    {"timestamp": "2024-03-15T09:50:00-05:00", "message": "Investigating"}
  ]
}
"""

YAML = """incident_id: INC-2024-0315-009
start_time: 2024-03-15T16:30:00+02:00   # local time
end_time: "2024-03-15T17:35:00.25+02:00"
response_details:
  war_room_established: '2024-03-15 15:45:00+01:00'
communication_log:
  - timestamp: 2024-03-15T09:50:00-05:00
    message: Investigating
  - {timestamp: '2016-12-31T23:59:60+01:00', message: leap}
"""


def test_positions_and_messages_in_json() -> None:
    assert lint_json(RULE, JSON) == [
        (2, 17, f"start_time 2024-03-15T16:30:00+02:00 {POLICY}: write 2024-03-15T14:30:00Z"),
        (5, 19, f"communication_log[0].timestamp 2024-03-15T09:50:00-05:00 {POLICY}: write 2024-03-15T14:50:00Z"),
    ]


def test_positions_and_messages_in_yaml() -> None:
    assert lint_yaml(RULE, YAML) == [
        (2, 13, f"start_time 2024-03-15T16:30:00+02:00 {POLICY}: write 2024-03-15T14:30:00Z"),
        (3, 11, f"end_time 2024-03-15T17:35:00.25+02:00 {POLICY}: write 2024-03-15T15:35:00.25Z"),
        (
            5,
            25,
            f"response_details.war_room_established 2024-03-15 15:45:00+01:00 {POLICY}: write 2024-03-15 14:45:00Z",
        ),
        (7, 16, f"communication_log[0].timestamp 2024-03-15T09:50:00-05:00 {POLICY}: write 2024-03-15T14:50:00Z"),
        (
            9,
            17,
            f"communication_log[1].timestamp 2016-12-31T23:59:60+01:00 {POLICY}: write it with Z, converted by hand",
        ),
    ]


def test_fix_writes_utc_in_yaml_keeping_quotes_comments_and_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(YAML, "utf-8")
    code, _, err = run_cli("--select", RULE, "--fix", "--format", "concise", str(path))
    assert (code, err) == (1, "incidentlint: applied 4 fixes in 1 file\n")
    assert path.read_text("utf-8") == (
        YAML.replace("2024-03-15T16:30:00+02:00", "2024-03-15T14:30:00Z")
        .replace("2024-03-15T17:35:00.25+02:00", "2024-03-15T15:35:00.25Z")
        .replace("2024-03-15 15:45:00+01:00", "2024-03-15 14:45:00Z")
        .replace("2024-03-15T09:50:00-05:00", "2024-03-15T14:50:00Z")
    )


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2024-01-01T01:00:00+02:00", "2023-12-31T23:00:00Z"),  # the day, month and year roll back
        ("2024-02-28T23:30:00-01:00", "2024-02-29T00:30:00Z"),  # a leap day
        ("2024-03-15t16:30:00.123456789+02:00", "2024-03-15t14:30:00.123456789Z"),  # digits past microseconds kept
        ("0999-06-01T12:00:00+01:00", "0999-06-01T11:00:00Z"),  # four digits for a year under 1000
        ("2024-03-15T14:30:00+05:45", "2024-03-15T08:45:00Z"),
    ],
)
def test_the_fix_is_the_same_instant_written_in_utc(written: str, utc: str) -> None:
    message = f"start_time {written} {POLICY}: write {utc}"
    assert findings_both(RULE, {"start_time": written}) == ([message], [message])


@pytest.mark.parametrize(
    "record",
    [
        {"start_time": "2024-03-15T14:30:00Z", "end_time": "2024-03-15T15:35:00+00:00"},
        {"start_time": "2024-03-15T14:30:00z", "end_time": "2024-03-15T15:35:00-00:00"},
        {"start_time": "2024-03-15T14:30:00", "end_time": "yesterday"},  # not timestamps: the schema's
        {"start_time": 1710513000, "communication_log": [{"timestamp": None}, "2024-03-15T14:30:00+01:00"]},
        {"x-local": {"start_time": "2024-03-15T16:30:00+02:00"}},
    ],
)
def test_silent(record: dict[str, Any]) -> None:
    assert_silent(RULE, record)


def test_an_instant_before_year_one_in_utc_gets_no_fix() -> None:
    message = f"start_time 0001-01-01T00:30:00+01:00 {POLICY}: write it with Z, converted by hand"
    assert findings_both(RULE, {"start_time": "0001-01-01T00:30:00+01:00"}) == ([message], [message])


def test_off_by_default_and_the_reference_record_is_clean_with_it_on() -> None:
    record = reference()
    record["start_time"] = "2024-03-15T16:30:00+02:00"
    assert Linter(Config(), catalogue(), NOW).lint_text("r.json", as_json(record)).diagnostics == []
    assert RULE not in Linter(Config(), catalogue(), NOW).checks
    linter = Linter(Config(extend_select=[RULE]), catalogue(), NOW)
    assert linter.lint_text("r.json", as_json(reference())).diagnostics == []


OFFSETS = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).filter(lambda minutes: minutes != 0)
INSTANTS = st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9998, 12, 30)).map(
    lambda naive: naive.replace(microsecond=naive.microsecond // 1000 * 1000)
)


@settings(max_examples=300, deadline=None)
@given(INSTANTS, OFFSETS)
def test_every_fix_names_the_instant_the_record_named(instant: datetime, offset: int) -> None:
    sign = "+" if offset > 0 else "-"
    local = instant + timedelta(minutes=offset)
    written = local.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    rule = catalogue()[RULE]
    [finding] = list(rule.check({"start_time": written}, Options(rule.options, NOW)))
    assert finding.fix is not None and finding.fix.safe
    [replace] = finding.fix.ops
    assert isinstance(replace, Replace) and isinstance(replace.value, str) and replace.value.endswith("Z")
    assert parse_timestamp(replace.value) == parse_timestamp(written) == instant.replace(tzinfo=UTC)


def test_the_fix_is_described_with_the_field_it_rewrites() -> None:
    rule = catalogue()[RULE]
    record = {"communication_log": [{"timestamp": "2024-03-15T09:50:00-05:00", "message": "Investigating"}]}
    [finding] = list(rule.check(record, Options(rule.options, NOW)))
    assert finding.fix == Fix(
        ops=(Replace("/communication_log/0/timestamp", "2024-03-15T14:50:00Z"),),
        safe=True,
        description="write communication_log[0].timestamp in UTC",
    )
