"""action-item-due-too-late (IL127): off by default, a team's deadline policy by severity."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from incidentlint.api import Options
from tests.helpers import run_cli
from tests.rules import assert_silent, catalogue, findings_both, lint_json, lint_yaml

RULE = "action-item-due-too-late"
START, END = "2024-03-15T14:30:00Z", "2024-03-15T15:35:00Z"


def record(*dues: Any, severity: Any = "sev1", start: Any = START, end: Any = END, **item: Any) -> dict[str, Any]:
    items = [{"description": f"Item {index}", "due_date": due, **item} for index, due in enumerate(dues)]
    return {"severity": severity, "start_time": start, "end_time": end, "preliminary_action_items": items}


def message(due: str, late: str, day: str, policy: str, deadline: str, **kw: str) -> str:
    label, what, severity = kw.get("label", "action item 'Item 0'"), kw.get("what", "ended"), kw.get("sev", "sev1")
    return (
        f"due_date {due} of {label} is {late} after the incident {what} ({day}); this team's policy for {severity} "
        f"follow-ups is {policy}: set a due_date on or before {deadline}, or agree a longer deadline"
    )


JSON = """{
  "severity": "sev1",
  "start_time": "2024-03-15T14:30:00Z",
  "end_time": "2024-03-15T15:35:00Z",
  "preliminary_action_items": [
    {"description": "Add pool alerts", "due_date": "2024-03-30"},
    {"description": "Load test the database", "owner": "Lisa Park", "due_date": "2024-05-30"},
    "Fix inefficient query"
  ]
}
"""

YAML = """severity: sev2
start_time: 2024-04-02T09:10:00Z
end_time: 2024-04-03T01:05:00+02:00   # 2024-04-02 in UTC, the 3rd where it was written: counted from the 3rd
preliminary_action_items:
  - description: Alert on redelivery rate
    due_date: 2024-05-03
  - due_date: 2024-05-04
    owner: Jonas Berg
"""


def test_the_default_policy_fires_at_the_due_date_in_json() -> None:
    late = message(
        "2024-05-30", "76 days", "2024-03-15", "15 days", "2024-03-30", label="action item 'Load test the database'"
    )
    assert lint_json(RULE, JSON) == [(7, 81, late)]


def test_days_are_counted_from_the_later_day_the_end_falls_on_in_yaml() -> None:
    late = message("2024-05-04", "31 days", "2024-04-03", "30 days", "2024-05-03", label="this action item", sev="sev2")
    assert lint_yaml(RULE, YAML) == [(7, 15, late)]


def test_start_time_is_counted_from_when_there_is_no_usable_end_time() -> None:
    expected = [message("2024-04-01", "17 days", "2024-03-15", "15 days", "2024-03-30", what="started")]
    for end in (None, "2024-03-15 15:35", "2031-01-01T00:00:00Z"):  # absent, malformed, later than now
        assert findings_both(RULE, record("2024-04-01", end=end)) == (expected, expected)


def test_the_days_option_replaces_the_policy() -> None:
    data = record("2024-04-13", "2024-04-12", severity="sev3")
    expected = [message("2024-04-13", "29 days", "2024-03-15", "28 days", "2024-04-12", sev="sev3")]
    assert findings_both(RULE, data, days={"sev3": 28}) == (expected, expected)
    assert_silent(RULE, record("2025-01-01"), days={"sev3": 28})  # sev1 is no longer in the policy


def test_a_zero_day_policy_wants_the_day_itself() -> None:
    expected = [message("2024-03-16", "1 day", "2024-03-15", "0 days", "2024-03-15")]
    assert findings_both(RULE, record("2024-03-16", "2024-03-15"), days={"sev1": 0}) == (expected, expected)


@pytest.mark.parametrize(
    "data",
    [
        record("2024-03-30"),  # exactly 15 days
        record("2024-04-14", severity="sev2"),  # exactly 30 days
        record("2024-03-01"),  # before the incident: due-date-before-incident's
        record("2025-01-01", severity="sev3"),  # no policy for sev3
        record("2025-01-01", severity="SEV1"),  # not a severity: the schema's finding
        record("2025-01-01", severity=None),
        record("2025-01-01", status="wont_do"),  # nothing will be done, so nothing is due
        record("2025-01-01", end="2024-03-14T15:35:00Z"),  # end-before-start: either may be wrong
        record("2025-01-01", start=None, end=None),
        record("2025-13-01", "2025/01/01", 20250101, None),
        {"severity": "sev1", "start_time": START, "preliminary_action_items": ["Fix it by 2025-01-01"]},
        {"severity": "sev1", "start_time": START, "preliminary_action_items": {"due_date": "2025-01-01"}},
    ],
)
def test_silent(data: dict[str, Any]) -> None:
    assert_silent(RULE, data)


def test_it_is_off_by_default() -> None:
    assert catalogue()[RULE].enabled_by_default is False


@pytest.mark.parametrize(
    "days", [None, "15", [15], {"sev1": True}, {"sev1": -1}, {"sev1": "15"}, {"sev1": float("nan")}]
)
def test_a_bad_policy_given_through_the_api_never_crashes(days: Any) -> None:
    check = catalogue()[RULE].check
    found = list(check(record("2030-01-01"), Options({"days": days})))
    # A mapping of the wrong shape counts as the default policy; a bad number for sev1 as no policy for it.
    assert len(found) == (0 if isinstance(days, dict) else 1)


def test_a_whole_float_counts_as_its_integer() -> None:
    found = list(catalogue()[RULE].check(record("2024-04-01"), Options({"days": {"sev1": 15.0}})))
    assert [f.message for f in found] == [message("2024-04-01", "17 days", "2024-03-15", "15 days", "2024-03-30")]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # so that messages name the configuration file as given
    return tmp_path


def test_the_policy_is_configured_in_toml(in_tmp: Path) -> None:
    (in_tmp / "r.json").write_text(
        '{"severity": "sev3", "start_time": "2024-03-15T14:30:00Z", "preliminary_action_items": '
        '[{"description": "Add alerts", "due_date": "2024-06-01"}]}',
        "utf-8",
    )
    (in_tmp / "c.toml").write_text(f'select = ["{RULE}"]\n[options.{RULE}]\ndays = {{sev3 = 60}}\n', "utf-8")
    code, out, err = run_cli("--config", "c.toml", "--format", "json", "r.json")
    assert (code, err) == (0, ""), out  # an info finding does not fail the run
    assert "is 78 days after the incident started (2024-03-15); this team's policy for sev3 follow-ups is 60" in out


@pytest.mark.parametrize(
    ("days", "problem"),
    [
        ("{sev1 = true}", ".days.sev1 (line 2, column 16) must be a whole number; got true"),
        ("{sev1 = -1}", ".days.sev1 (line 2, column 16) must be at least 0; got -1"),
        ("{sev1 = 1.5}", ".days.sev1 (line 2, column 16) must be a whole number; got 1.5"),
        ('{sev1 = "15"}', ".days.sev1 (line 2, column 16) must be a whole number; got '15'"),
        ("{SEV1 = 15}", ": unknown key 'SEV1' in days (line 2, column 9); valid keys are sev1, sev2, sev3, sev4, sev5"),
        ("15", ".days (line 2, column 8) must be a table (mapping); got 15"),
    ],
)
def test_a_bad_policy_in_the_configuration_is_a_usage_error(in_tmp: Path, days: str, problem: str) -> None:
    (in_tmp / "c.toml").write_text(f"[options.{RULE}]\ndays = {days}\n", "utf-8")
    (in_tmp / "r.json").write_text("{}", "utf-8")
    code, out, err = run_cli("--config", "c.toml", "r.json")
    assert (code, out) == (2, "")
    assert err == f"incidentlint: error: c.toml: options.{RULE}{problem}\n"


def test_an_end_time_at_now_exactly_is_still_the_end_counted_from() -> None:
    # Only an end_time later than now is left out (future-timestamp reports it); one at now is the incident's end.
    late = message("2024-05-30", "76 days", "2024-03-15", "15 days", "2024-03-30")
    now = datetime.fromisoformat("2024-03-15T15:35:00+00:00")
    assert findings_both(RULE, record("2024-05-30"), now=now) == ([late], [late])


@pytest.mark.parametrize("items", [None, 7, "Add alerts", {"description": "Add alerts", "due_date": "2024-05-30"}])
def test_silent_when_the_action_items_are_not_a_list(items: Any) -> None:
    data: dict[str, Any] = {"severity": "sev1", "start_time": START, "end_time": END}
    if items is not None:
        data["preliminary_action_items"] = items
    assert_silent(RULE, data)


def test_a_description_is_shown_up_to_sixty_characters() -> None:
    whole, cut = "D" * 60, "D" * 59 + "\u2026"
    data = record("2024-05-30", "2024-05-30")
    data["preliminary_action_items"][0]["description"] = whole
    data["preliminary_action_items"][1]["description"] = whole + "x"
    expected = [
        message("2024-05-30", "76 days", "2024-03-15", "15 days", "2024-03-30", label=f"action item '{shown}'")
        for shown in (whole, cut)
    ]
    assert findings_both(RULE, data) == (expected, expected)


@pytest.mark.parametrize("severity", [["sev1"], {"level": "sev1"}, 1, None])
def test_silent_when_the_severity_is_not_a_string(severity: Any) -> None:
    assert_silent(RULE, record("2024-05-30", severity=severity))


def test_an_end_time_alone_is_the_end_counted_from() -> None:
    late = message("2024-05-30", "76 days", "2024-03-15", "15 days", "2024-03-30")
    data = record("2024-05-30")
    del data["start_time"]
    assert findings_both(RULE, data) == ([late], [late])
