"""Schema validation: one diagnostic per violation, placed on the offending value, with a readable message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentlint.schema import SchemaConfigError, SchemaValidator
from tests.helpers import position_of, reference, run_json

ALLOWED = {
    "severity": "sev1, sev2, sev3, sev4, sev5",
    "status": "investigating, identified, monitoring, mitigated, resolved, closed",
}


def _lint(tmp_path: Path, data: Any, name: str = "r.json") -> tuple[int, list[dict[str, Any]], str]:
    path = tmp_path / name
    text = json.dumps(data, indent=2)
    path.write_text(text, "utf-8")
    code, report = run_json("--select", "schema", str(path))
    return code, report["diagnostics"], text


def _only_finding(tmp_path: Path, field: str, value: Any) -> tuple[dict[str, Any], str]:
    """The one diagnostic of the reference record with ``field`` set to ``value``, and the file's text."""
    data = reference()
    data[field] = value
    code, diagnostics, text = _lint(tmp_path, data)
    assert code == 1
    [d] = diagnostics
    return d, text


def test_reference_record_is_clean(tmp_path: Path) -> None:
    code, diagnostics, _ = _lint(tmp_path, reference())
    assert (code, diagnostics) == (0, [])


def test_enum_message_lists_allowed_values(tmp_path: Path) -> None:
    data = reference()
    data["severity"] = "critical"
    code, diagnostics, text = _lint(tmp_path, data)
    assert code == 1
    [d] = diagnostics
    assert d["message"] == "severity must be one of sev1, sev2, sev3, sev4, sev5; got 'critical'"
    assert (d["line"], d["column"]) == position_of(text, '"critical"')
    assert (d["rule"], d["code"], d["pointer"]) == ("schema", "IL003", "/severity")


@pytest.mark.parametrize(
    ("field", "value", "meant"),
    [
        ("severity", "SEV-1", "sev1"),
        ("severity", "Sev 2", "sev2"),
        ("severity", "SEV_3", "sev3"),
        ("status", "Resolved", "resolved"),
        ("status", " MONITORING ", "monitoring"),
    ],
)
def test_an_allowed_value_spelt_otherwise_is_told_and_safely_fixed(
    tmp_path: Path, field: str, value: str, meant: str
) -> None:
    d, text = _only_finding(tmp_path, field, value)
    allowed = ALLOWED[field]
    assert d["message"] == f"{field} must be one of {allowed}; got {value!r}; write {meant!r}"
    assert (d["line"], d["column"]) == position_of(text, json.dumps(value))
    assert d["fix"] == {"applicability": "safe", "message": f"set {field} to {meant}"}


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        ("resovled", "; did you mean 'resolved'?"),
        ("investigatng", "; did you mean 'investigating'?"),
        ("done", ""),  # nothing close
        ("", ""),
    ],
)
def test_a_misspelt_allowed_value_gets_a_suggestion_and_no_fix(tmp_path: Path, value: str, advice: str) -> None:
    data = reference()
    data["status"] = value
    code, diagnostics, _ = _lint(tmp_path, data)
    assert code == 1
    [d] = diagnostics
    assert d["message"] == f"status must be one of {ALLOWED['status']}; got {value!r}{advice}"
    assert "fix" not in d or d["fix"] is None


@pytest.mark.parametrize("value", ["sev9", "sev-9", "SEV0", "P1"])
def test_a_level_the_scale_lacks_is_no_misspelling(tmp_path: Path, value: str) -> None:
    # difflib finds 'sev9' close to 'sev1'; a different number is a different level, not a typo.
    data = reference()
    data["severity"] = value
    [d] = _lint(tmp_path, data)[1]
    assert d["message"] == f"severity must be one of {ALLOWED['severity']}; got {value!r}"


def test_no_fix_when_the_spelling_matches_two_allowed_values(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"type": "object", "properties": {"tier": {"enum": ["gold-1", "gold_1"]}}}))
    record = tmp_path / "r.json"
    record.write_text('{"tier": "GOLD 1"}', "utf-8")
    (tmp_path / ".incidentlint.toml").write_text(f"schema = {json.dumps(str(schema))}\n", "utf-8")
    code, report = run_json("--config", str(tmp_path / ".incidentlint.toml"), "--select", "schema", str(record))
    assert code == 1
    [d] = report["diagnostics"]
    assert d["message"] == "tier must be one of gold-1, gold_1; got 'GOLD 1'; did you mean 'gold-1' or 'gold_1'?"
    assert d["fix"] is None


def test_unknown_key_points_at_key_and_suggests(tmp_path: Path) -> None:
    data = reference()
    data["incident_comander"] = data.pop("incident_commander")
    _, diagnostics, text = _lint(tmp_path, data)
    messages = {d["message"]: d for d in diagnostics}
    unknown = messages["unknown field 'incident_comander' in the record; did you mean 'incident_commander'?"]
    assert (unknown["line"], unknown["column"]) == position_of(text, '"incident_comander"')
    missing = messages[
        "the record is missing the required field 'incident_commander': "
        "the person who led the response; must also be listed among the responders"
    ]
    assert (missing["line"], missing["column"]) == (1, 1)


@pytest.mark.parametrize(
    ("key", "advice"),
    [
        # Keys a team's existing postmortems hold: no field of ours is meant, so none is named (difflib's 0.6 named
        # 'status', 'title' and 'description').
        ("tags", "remove it, or prefix it with 'x-' to keep a local extension"),
        ("timeline", "remove it, or prefix it with 'x-' to keep a local extension"),
        ("verifcation", "remove it, or prefix it with 'x-' to keep a local extension"),
        # Typos, swapped letters included, and keys that name some of a field's words.
        ("stauts", "did you mean 'status'?"),
        ("startTime", "did you mean 'start_time'?"),
        ("commander", "did you mean 'incident_commander'?"),
        ("impact", "did you mean 'customer_impact' or 'business_impact'?"),
        # Shortenings: initials of a field's words, and common abbreviations written out from a table.
        ("IC", "did you mean 'incident_commander'?"),
        ("cmdr", "did you mean 'incident_commander'?"),
        ("svcs", "did you mean 'affected_services'?"),
        ("comms_log", "did you mean 'communication_log'?"),
        # 'src' is 'source' (detection_details.alert_source), not a field here, though its letters are in 'services'.
        ("src", "remove it, or prefix it with 'x-' to keep a local extension"),
        ("team", "remove it, or prefix it with 'x-' to keep a local extension"),
    ],
)
def test_unknown_key_names_only_a_field_it_could_mean(tmp_path: Path, key: str, advice: str) -> None:
    data = reference()
    data[key] = "x-value"
    code, [d], text = _lint(tmp_path, data)
    assert code == 1
    assert d["message"] == f"unknown field '{key}' in the record; {advice}"
    assert (d["line"], d["column"]) == position_of(text, f'"{key}"')


DURATION_SHAPE = "duration must be a duration like '1h 5m', '65 minutes', '90s' or 'PT1H5M' (or 'immediate'); got"


@pytest.mark.parametrize(
    ("value", "advice"),
    [
        # Prose capitalises units and ends with a full stop (dfds's '20 hours 20 minutes.'); ISO letters are upper-case.
        ("1 Hour 5 Minutes", "; write '1 hour 5 minutes'"),
        ("1H 5M", "; write '1h 5m'"),
        ("Immediate", "; write 'immediate'"),
        ("pt1h5m", "; write 'PT1H5M'"),
        ("65 minutes.", "; write '65 minutes'"),
        # A stopwatch's h:mm:ss (domain notes, section 4.1); without seconds it could be m:ss, so no advice.
        ("1:05:00", "; write '1h 5m'"),
        ("26:00:30", "; write '1d 2h 30s'"),
        ("1:05", ""),
        ("1:65:00", ""),
        # Nothing the grammar reads whatever the case: the examples are the advice.
        ("about an hour", ""),
    ],
)
def test_a_duration_in_other_case_is_given_its_spelling(tmp_path: Path, value: str, advice: str) -> None:
    d, text = _only_finding(tmp_path, "duration", value)
    assert d["message"] == f"{DURATION_SHAPE} '{value}'{advice}"
    assert (d["line"], d["column"]) == position_of(text, f'"{value}"')


def test_extension_keys_are_allowed(tmp_path: Path) -> None:
    data = reference()
    data["x-team-notes"] = {"anything": [1, 2]}
    assert _lint(tmp_path, data)[1] == []


def test_nested_missing_required_points_at_parent(tmp_path: Path) -> None:
    data = reference()
    del data["communication_log"][1]["timestamp"]
    _, [d], text = _lint(tmp_path, data)
    assert d["message"] == (
        "communication_log[1] is missing the required field 'timestamp': when the update was sent (a date and time "
        "with an offset)"
    )
    assert d["pointer"] == "/communication_log/1"
    assert (d["line"], d["column"]) == (position_of(text, '"type"', 1)[0] - 1, 5)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("end_time", "2024-03-15T15:35:00"),  # no offset
        ("start_time", "2024-03-15 14:30"),  # the audit's case: a space instead of T, no seconds, no offset
    ],
)
def test_a_timestamp_without_offset_is_explained_without_jargon(tmp_path: Path, field: str, value: str) -> None:
    data = reference()
    data[field] = value
    _, [d], text = _lint(tmp_path, data)
    assert d["message"] == (
        f"{field} must be a date and time with a time zone offset, like 2024-03-15T14:30:00Z (Z is UTC) or "
        f"2024-03-15T16:30:00+02:00; got '{value}'"
    )
    assert (d["line"], d["column"]) == position_of(text, f'"{value}"')


@pytest.mark.parametrize(
    ("where", "key", "meant"),
    [
        (("communication_log", 0), "msg", "message"),
        (("communication_log", 0), "ts", "timestamp"),
        (("detection_details",), "alertSrc", "alert_source"),
        (("detection_details",), "TTD", "time_to_detection"),
        (("response_details",), "ttr", "time_to_response' or 'time_to_resolution"),
    ],
)
def test_a_shortened_key_is_told_the_field_it_stands_for(
    tmp_path: Path, where: tuple[str | int, ...], key: str, meant: str
) -> None:
    data = reference()
    target: Any = data
    for step in where:
        target = target[step]
    target[key] = "x-value"
    _, [d], text = _lint(tmp_path, data)
    place = "communication_log[0]" if where[0] == "communication_log" else where[0]
    assert d["message"] == f"unknown field '{key}' in {place}; did you mean '{meant}'?"
    assert (d["line"], d["column"]) == position_of(text, f'"{key}"')


def test_one_of_reports_best_branch(tmp_path: Path) -> None:
    data = reference()
    data["responders"][1] = {"name": "Tom", "rol": "lead"}
    _, [d], _ = _lint(tmp_path, data)
    assert d["message"] == "unknown field 'rol' in responders[1]; did you mean 'role'?"
    data["responders"][1] = 7
    _, [d], _ = _lint(tmp_path, data)
    assert d["message"] == (
        "responders[1] must be a 'Name - Role' string, or an object with name, role and team; got 7"
    )


def test_incident_id_with_trailing_newline_fails(tmp_path: Path) -> None:
    data = reference()
    data["incident_id"] = "INC-2024-0315-001\n"
    _, [d], _ = _lint(tmp_path, data)
    assert d["message"] == "incident_id must look like INC-2024-0315-001; got 'INC-2024-0315-001\\x0a'"


def test_unicode_digits_in_id_fail(tmp_path: Path) -> None:
    data = reference()
    data["incident_id"] = "INC-٢٠٢٤-0315-001"
    assert len(_lint(tmp_path, data)[1]) == 1


def test_long_values_are_truncated(tmp_path: Path) -> None:
    data = reference()
    data["severity"] = "x" * 5000
    _, [d], _ = _lint(tmp_path, data)
    assert len(d["message"]) < 200 and d["message"].endswith("…'")


def test_top_level_array_is_one_diagnostic(tmp_path: Path) -> None:
    _, [d], _ = _lint(tmp_path, [1, 2])
    assert d["message"] == "an incident record must be a mapping of fields (a JSON object); got an array"


def test_remote_ref_is_a_configuration_error() -> None:
    with pytest.raises(SchemaConfigError, match="never downloads"):
        SchemaValidator.create({"$ref": "https://example.com/schema.json"})


def test_invalid_user_schema_is_a_configuration_error() -> None:
    with pytest.raises(SchemaConfigError, match="not a valid JSON Schema"):
        SchemaValidator.create({"type": "strng"})


def test_schema_problems_are_capped_per_record(tmp_path: Path) -> None:
    data = reference()
    data["communication_log"] = [{} for _ in range(60_000)]
    code, diagnostics, _ = _lint(tmp_path, data)
    assert code == 1
    assert len(diagnostics) == 101
    assert diagnostics[1]["message"] == "communication_log[0] is missing the required field 'message': what was said"
    # Positioned at the top of the record, so it leads the file's findings.
    assert diagnostics[0]["message"] == (
        "the record has more than 100 schema problems; only the first 100 are reported — fix those and run again"
    )


def test_the_bundled_schema_is_read_the_same_without_its_file_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema is read beside the package's files; where the package has no file path (a zip archive), it is
    read through importlib.resources, with the same text."""
    import importlib

    from incidentlint import schema

    package = importlib.import_module("incidentlint.schemas")
    assert package.__spec__ is not None and package.__spec__.origin is not None
    beside = schema._bundled_text()
    monkeypatch.setattr(package.__spec__, "origin", None)
    assert schema._bundled_text() == beside
    assert json.loads(beside)["$id"] == schema.bundled_schema()["$id"]


def test_unknown_keys_are_capped_per_record_not_per_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One additionalProperties error on 50,000 unknown keys made 50,000 findings; the cap counts findings, and
    the ones past it are counted without being described (no close-match search for each)."""
    from incidentlint import keyhints

    searched: list[str] = []
    real = keyhints.meant_keys

    def spy(word: str, *args: Any, **kwargs: Any) -> list[str]:
        searched.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(keyhints, "meant_keys", spy)
    data = reference()
    data.update({f"extra_{n}": n for n in range(50_000)})
    code, diagnostics, text = _lint(tmp_path, data)
    assert code == 1
    assert len(diagnostics) == 101
    assert [(d["line"], d["column"], d["message"]) for d in diagnostics[:2]] == [
        (
            1,
            1,
            "the record has 50,000 schema problems; only the first 100 are reported (49,900 others are not listed) "
            "— fix those and run again",
        ),
        (
            *position_of(text, '"extra_0"'),
            "unknown field 'extra_0' in the record; remove it, or prefix it with 'x-' to keep a local extension",
        ),
    ]
    assert diagnostics[-1]["message"].startswith("unknown field 'extra_99' in the record")
    assert len(searched) == 100


def test_the_cap_counts_what_it_does_not_list_when_validation_stopped_early(tmp_path: Path) -> None:
    data = reference()
    entry = {**data["communication_log"][0], "x_a": 1, "x_b": 2, "x_c": 3}
    data["communication_log"] = [entry] * 1_000
    _, diagnostics, _ = _lint(tmp_path, data)
    assert len(diagnostics) == 101
    assert diagnostics[1]["message"] == (
        "unknown field 'x_a' in communication_log[0]; remove it, or prefix it with 'x-' to keep a local extension"
    )
    # Validation stopped at the 101st error: the first 100 entries hold 300 unknown keys, the rest were not examined.
    assert diagnostics[0]["message"] == (
        "the record has more than 300 schema problems; only the first 100 are reported (more than 200 others are "
        "not listed) — fix those and run again"
    )


def test_a_huge_unknown_key_is_shortened_in_the_message(tmp_path: Path) -> None:
    data = reference()
    data["k" * 1_000_000] = 1
    code, [d], text = _lint(tmp_path, data)
    assert (code, d["line"], d["column"]) == (1, *position_of(text, '"kkk'))
    assert d["message"] == (
        "unknown field '" + "k" * 59 + "…' in the record; remove it, or prefix it with 'x-' to keep a local extension"
    )


def test_a_repeated_service_is_named_at_the_list(tmp_path: Path) -> None:
    data = reference()
    data["affected_services"] = ["payment-api", "checkout-service", "payment-api"]
    code, [d], text = _lint(tmp_path, data)
    assert (code, d["line"], d["column"], d["pointer"]) == (
        1,
        *position_of(text, '[\n    "payment-api"'),
        "/affected_services",
    )
    assert d["message"] == "affected_services lists 'payment-api' more than once; remove the repeat"


def test_a_reference_that_fails_during_validation_is_a_configuration_error() -> None:
    """create() resolves every reference first; a validator built without it still never reports an internal
    error for a bad reference."""
    validator = SchemaValidator({"properties": {"a": {"$ref": "#/$defs/gone"}}}, prefix="schema s.json: ")
    for check in (validator.is_valid, validator.findings):
        with pytest.raises(SchemaConfigError) as raised:
            check({"a": 1})
        assert str(raised.value) == "schema s.json: the schema has a reference that cannot be resolved: /$defs/gone"


@pytest.mark.parametrize(
    ("written", "read_as", "got"),
    [
        ("1.10", "a number", "1.1"),
        ("2024", "a number", "2024"),
        ("true", "a boolean", "true"),
        ("null", "null", "null"),
    ],
)
def test_a_yaml_value_read_as_another_type_is_explained(tmp_path: Path, written: str, read_as: str, got: str) -> None:
    text = "title: Checkout down\nincident_commander: " + written + "\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, "utf-8")
    _, report = run_json("--select", "schema", str(path))
    [diagnostic] = [d for d in report["diagnostics"] if d["pointer"] == "/incident_commander"]
    assert (diagnostic["line"], diagnostic["column"]) == (2, 21)
    assert diagnostic["message"] == (
        f"incident_commander must be a string; got {got}; YAML reads the unquoted {written} as {read_as}: "
        f"write '{written}' to keep it as text"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        # Quoting would give text the field refuses too ('2024' is no timestamp, '90' no duration): no advice.
        ("start_time: 2024", "start_time must be a string; got 2024"),
        ("duration: 90", "duration must be a string; got 90"),
        # An empty field is what null means here: 'null' as text would be no timestamp either.
        ("end_time: null", "end_time must be a string; got null; leave the field out until it has a value"),
        ("end_time:", "end_time must be a string; got null; leave the field out until it has a value"),
        # Quoting does fit a free-text field.
        (
            "rollback_target: 1.10",
            "technical_details.rollback_target must be a string; got 1.1; YAML reads the unquoted 1.10 as a "
            "number: write '1.10' to keep it as text",
        ),
    ],
)
def test_no_quoting_advice_where_the_quoted_text_would_be_refused_too(tmp_path: Path, line: str, message: str) -> None:
    # end_time: null in an open record was told "write 'null' to keep it as text".
    key = line.split(":")[0]
    nested = key == "rollback_target"
    text = ("technical_details:\n  " + line if nested else line) + "\n"
    path = tmp_path / "r.yaml"
    path.write_text(text, "utf-8")
    _, report = run_json("--select", "schema", str(path))
    pointer = "/technical_details/rollback_target" if nested else "/" + key
    [found] = [d for d in report["diagnostics"] if d["pointer"] == pointer]
    column = len(key) + (3 if line != key + ":" else 2) + (2 if nested else 0)
    assert (found["line"], found["column"], found["message"]) == (2 if nested else 1, column, message)


def test_a_null_timestamp_in_json_is_told_to_leave_the_field_out(tmp_path: Path) -> None:
    # Exports write an unset field as null; the schema wants it absent.
    record = reference()
    record["response_details"]["war_room_established"] = None
    _, diagnostics, _ = _lint(tmp_path, record)
    assert [d["message"] for d in diagnostics] == [
        "response_details.war_room_established must be a string; got null; leave the field out until it has a value"
    ]
    # A required field cannot be left out: it is to be filled in.
    _, diagnostics, _ = _lint(tmp_path, {**reference(), "incident_commander": None})
    assert [d["message"] for d in diagnostics] == [
        "incident_commander must be a string; got null; the field is required: fill it in"
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # A required field cannot be left out: "leave it out" only led to "missing the required field".
        ("start_time:\n", 1, 12, "start_time must be a string; got null; the field is required: fill it in"),
        (
            "communication_log:\n  - timestamp:\n    message: Investigating\n",
            2,
            15,
            "communication_log[0].timestamp must be a string; got null; the field is required: fill it in",
        ),
        ("title: ~\n", 1, 8, "title must be a string; got null; the field is required: fill it in"),
        (
            "start_time:   # not known yet\n",
            1,
            12,
            "start_time must be a string; got null; the field is required: fill it in",
        ),
        # An optional free-text field left empty was told nothing about what would be right.
        (
            "customer_impact:\n",
            1,
            17,
            "customer_impact must be a string; got null; leave the field out until it has a value",
        ),
        (
            "business_impact:   # not known yet\n",
            1,
            17,
            "business_impact must be a string; got null; YAML reads ' #' as the start of a comment, so the value is "
            'empty; if that is the value, write "# not known yet", otherwise leave the field out until it has a value',
        ),
    ],
)
def test_an_empty_field_is_told_to_be_left_out_only_when_it_is_optional(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, "utf-8")
    code, report = run_json("--select", "schema", str(path))
    assert code == 1
    found = [d for d in report["diagnostics"] if "got null" in d["message"]]
    assert [(d["line"], d["column"], d["message"]) for d in found] == [(line, column, message)]


def test_a_null_optional_text_in_json_is_told_to_leave_the_field_out(tmp_path: Path) -> None:
    _, diagnostics, text = _lint(tmp_path, {**reference(), "business_impact": None})
    assert [(d["line"], d["column"], d["message"]) for d in diagnostics] == [
        (
            *position_of(text, "null"),
            "business_impact must be a string; got null; leave the field out until it has a value",
        )
    ]


def test_a_yaml_value_taken_for_a_comment_is_explained(tmp_path: Path) -> None:
    # 'title: #42 checkout down': YAML reads ' #' as a comment, the title is empty, and the author sees only "got null".
    path = tmp_path / "r.yaml"
    path.write_text("title: #42 Checkout down\nend_time:   # still ongoing\n", "utf-8")
    _, report = run_json("--select", "schema", str(path))
    found = {d["pointer"]: (d["line"], d["column"], d["message"]) for d in report["diagnostics"]}
    assert found["/title"] == (
        1,
        7,
        "title must be a string; got null; YAML reads ' #' as the start of a comment, so the value is empty; if that "
        'is the value, write "#42 Checkout down"',
    )
    # A timestamp cannot be text after a '#': that comment is a note, and the field is empty.
    assert found["/end_time"][2] == "end_time must be a string; got null; leave the field out until it has a value"


def test_no_quoting_advice_for_json_or_for_a_mapping(tmp_path: Path) -> None:
    _, diagnostics, _ = _lint(tmp_path, {**reference(), "incident_commander": 1.1})
    assert [d["message"] for d in diagnostics] == ["incident_commander must be a string; got 1.1"]
    path = tmp_path / "r.yaml"
    path.write_text("title: Checkout down\nincident_commander:\n  name: Mike\n", "utf-8")
    _, report = run_json("--select", "schema", str(path))
    [message] = [d["message"] for d in report["diagnostics"] if d["pointer"] == "/incident_commander"]
    assert message == "incident_commander must be a string; got an object"


def test_a_yes_or_no_word_in_a_boolean_field_gets_the_literal_to_write(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("response_details:\n  executives_notified: no\n  status_page_updated: 'Yes'\n", "utf-8")
    _, report = run_json("--select", "schema,yaml-ambiguous-value", str(path))
    found = [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"] if d["line"] > 1]
    # No yaml-ambiguous-value warning at 2:24: its "quote it ('no')" would contradict the schema's advice.
    assert found == [
        (
            "schema",
            2,
            24,
            "response_details.executives_notified must be true or false; got 'no'; write false (YAML 1.2 reads an "
            "unquoted no as text, not as a boolean)",
        ),
        (
            "schema",
            3,
            24,
            "response_details.status_page_updated must be true or false; got 'Yes'; write true, without quotes",
        ),
    ]
    _, diagnostics, _ = _lint(tmp_path, {**reference(), "response_details": {"executives_notified": "off"}})
    assert [d["message"] for d in diagnostics] == [
        "response_details.executives_notified must be true or false; got 'off'; write false, without quotes"
    ]


def test_the_yaml_ambiguity_warning_stays_where_the_schema_accepts_the_text(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("title: no\n", "utf-8")
    _, report = run_json("--select", "schema,yaml-ambiguous-value", str(path))
    assert [(d["rule"], d["line"], d["column"]) for d in report["diagnostics"] if d["line"] > 1 or d["column"] > 1] == [
        ("yaml-ambiguous-value", 1, 8)
    ]


REAL = "is not a real date and time"


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("start_time", "2024-02-30T14:30:00Z", f"{REAL}: February 2024 has 29 days"),
        ("start_time", "2023-02-29T14:30:00Z", f"{REAL}: February 2023 has 28 days"),
        ("end_time", "2024-03-15T25:35:00Z", f"{REAL}: there is no hour 25; hours run from 00 to 23"),
        ("end_time", "2024-03-15T15:60:00Z", f"{REAL}: there is no minute 60; minutes run from 00 to 59"),
        (
            "end_time",
            "2024-03-15T15:35:00+24:00",
            f"{REAL}: the offset +24:00 is out of range; offsets run from -23:59 to +23:59",
        ),
        ("start_time", "0000-03-15T14:30:00Z", f"{REAL}: there is no year 0000; years start at 0001"),
    ],
)
def test_a_timestamp_of_the_right_shape_that_does_not_exist_says_which_part(
    tmp_path: Path, field: str, value: str, why: str
) -> None:
    d, text = _only_finding(tmp_path, field, value)
    assert d["message"] == f"{field} '{value}' {why}"
    assert (d["line"], d["column"]) == position_of(text, json.dumps(value))


def test_a_due_date_that_does_not_exist_says_so(tmp_path: Path) -> None:
    data = reference()
    data["preliminary_action_items"] = [{"description": "Add alerts", "owner": "Sarah Chen", "due_date": "2024-04-31"}]
    [d] = _lint(tmp_path, data)[1]
    assert d["message"] == (
        "preliminary_action_items[0].due_date '2024-04-31' is not a real calendar date: April 2024 has 30 days"
    )


def test_a_leap_second_and_a_leap_day_are_real(tmp_path: Path) -> None:
    data = reference()
    data.update(start_time="2016-12-31T23:59:60Z", end_time="2024-02-29T15:35:00Z", duration="2616 days")
    codes = {d["rule"] for d in _lint(tmp_path, data)[1]}
    assert codes == set()  # only the schema runs here, and both texts are real instants


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        # required in another allOf branch than the property: the field is required, so never "leave it out".
        (
            {"allOf": [{"properties": {"owner": {"type": "string"}}}, {"required": ["owner"]}]},
            "owner must be a string; got null; the field is required: fill it in",
        ),
        # Required on a condition: whether this record needs it is not known, so neither advice is given.
        (
            {
                "properties": {"owner": {"type": "string"}},
                "if": {"required": ["team"]},
                "then": {"required": ["owner"]},
            },
            "owner must be a string; got null",
        ),
        # The property in a branch, required at the object itself.
        (
            {"required": ["owner"], "allOf": [{"properties": {"owner": {"type": "string"}}}]},
            "owner must be a string; got null; the field is required: fill it in",
        ),
        # Plain and optional: the advice stands.
        (
            {"properties": {"owner": {"type": "string"}}},
            "owner must be a string; got null; leave the field out until it has a value",
        ),
    ],
)
def test_a_user_schema_field_is_told_to_be_left_out_only_when_it_is_known_to_be_optional(
    tmp_path: Path, schema: dict[str, Any], message: str
) -> None:
    (tmp_path / "org.json").write_text(json.dumps({"type": "object", **schema}), "utf-8")
    (tmp_path / ".incidentlint.toml").write_text('schema = "org.json"\n', "utf-8")
    record = tmp_path / "r.json"
    record.write_text('{"owner": null}', "utf-8")
    code, report = run_json("--config", str(tmp_path / ".incidentlint.toml"), "--select", "schema", str(record))
    assert code == 1
    assert [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]] == [(1, 11, message)]
