"""Parse-error messages for the mistakes authors make when they edit a JSON record by hand: what, where, and the fix.

Each case is the reference record, pretty-printed as an editor shows it, with one mistake in it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidentlint.loader import parse
from tests.helpers import reference, run_cli

PRETTY = json.dumps(reference(), indent=2) + "\n"


def _with(old: str, new: str) -> str:
    assert PRETTY.count(old) == 1, old
    return PRETTY.replace(old, new)


def _problem(text: str) -> tuple[int, int, str]:
    document, problems = parse("r.json", text)
    assert document is None
    [problem] = problems
    assert problem.rule == "parse-error"
    return problem.line, problem.column, problem.message


SEVERITY = '"severity": "sev2"'
POOL = '"connection_pool_max": 200'
TARGET = '"rollback_target": "v2.2.9"'
DETECTION_END = '    "time_to_detection": "immediate"\n  },\n'


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            _with(SEVERITY, '\u201cseverity\u201d: "sev2"'),
            5,
            3,
            "\u201c is a curly quote, which JSON does not read as a quote; type a straight '\"'",
            id="curly-quotes-key",
        ),
        pytest.param(
            _with(SEVERITY, '"severity": \u2018sev2\u2019'),
            5,
            15,
            "\u2018 is a curly quote, which JSON does not read as a quote; type a straight '\"'",
            id="curly-single-quotes-value",
        ),
        pytest.param(
            _with(SEVERITY, 'severity: "sev2"'), 5, 3, 'the key severity needs double quotes: "severity"', id="bare-key"
        ),
        pytest.param(_with(SEVERITY, '"severity" "sev2"'), 5, 14, "a ':' is missing between the key and its value"),
        pytest.param(_with(SEVERITY, '"severity":: "sev2"'), 5, 14, "':' is written twice; remove one"),
        pytest.param(_with(SEVERITY, '"severity": "sev2",'), 5, 22, "',' is written twice; remove one"),
        pytest.param(
            _with(SEVERITY, '"severity" = "sev2"'), 5, 14, "JSON separates a key from its value with ':', not '='"
        ),
        pytest.param(
            _with('"peak_error_rate": "45%"', '"peak_error_rate": 45%'),
            47,
            26,
            '45% is not a JSON value; put text in double quotes: "45%"',
            id="unquoted-percent",
        ),
        pytest.param(
            _with(TARGET, '"rollback_target": v2.2.9'),
            53,
            24,
            'v2.2.9 is not a JSON value; put text in double quotes: "v2.2.9"',
            id="unquoted-version",
        ),
        pytest.param(
            _with(TARGET, '"rollback_target": 2.2.9'),
            53,
            24,
            '2.2.9 is not a JSON value; put text in double quotes: "2.2.9"',
            id="unquoted-version-digits",
        ),
        pytest.param(
            _with('"start_time": "2024-03-15T14:30:00Z"', '"start_time": 2024-03-15T14:30:00Z'),
            6,
            17,
            '2024-03-15T14:30:00Z is not a JSON value; put text in double quotes: "2024-03-15T14:30:00Z"',
            id="unquoted-timestamp",
        ),
        pytest.param(
            _with('"status": "resolved"', '"status": resolved'),
            24,
            13,
            'resolved is not a JSON value; put text in double quotes: "resolved"',
            id="unquoted-word",
        ),
        pytest.param(
            _with('"status_page_updated": true', '"status_page_updated": True'),
            37,
            28,
            "True is Python; JSON writes true",
        ),
        pytest.param(
            _with('"executives_notified": false', '"executives_notified": None'),
            36,
            28,
            "None is Python; JSON writes null",
        ),
        pytest.param(
            _with(POOL, '"connection_pool_max": undefined'),
            49,
            30,
            "undefined is not a JSON value; write null, or leave the field out",
        ),
        pytest.param(
            _with(POOL, '"connection_pool_max": 0200'),
            49,
            30,
            'JSON numbers do not start with 0: write 200, or "0200" if it is text',
        ),
        pytest.param(_with(POOL, '"connection_pool_max": +200'), 49, 30, "JSON numbers have no '+' sign: write 200"),
        pytest.param(
            _with(POOL, '"connection_pool_max": 0xC8'),
            49,
            30,
            'JSON has no hex numbers: write 200, or "0xC8" if it is text',
        ),
        pytest.param(
            _with('"status": "resolved",\n', '"status": "resolved",\n  # confirmed by Mike\n'),
            25,
            3,
            "JSON does not allow comments; use an 'x-' key for notes",
            id="hash-comment",
        ),
    ],
)
def test_values_and_keys_written_as_in_other_languages_are_named(
    text: str, line: int, column: int, message: str
) -> None:
    assert _problem(text) == (line, column, message)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # The brace to find is the one left open, not the end of the file.
        pytest.param(
            PRETTY.rstrip().removesuffix("}") + "\n",
            1,
            1,
            "the file ends before the object opened here is closed; add '}' at the end",
            id="final-brace-missing",
        ),
        pytest.param(
            PRETTY.rstrip().removesuffix("]\n}") + "\n",
            76,
            31,
            "the file ends before the list opened here is closed; add ']}' at the end",
            id="truncated-in-a-list",
        ),
        # A dedented key after an object's last field: the '}' is missing, not a comma.
        pytest.param(
            _with(DETECTION_END, '    "time_to_detection": "immediate"\n\n'),
            31,
            3,
            'the object opened at 25:24 is not closed before "response_details", which is indented less than its '
            "fields; add '}' before it",
            id="inner-brace-missing",
        ),
        pytest.param(
            _with('    "subscription-billing"\n  ],\n', '    "subscription-billing"\n\n'),
            14,
            3,
            "the list opened at 9:24 is not closed before the field \"customer_impact\"; add ']' before it",
            id="bracket-missing",
        ),
        pytest.param(
            _with('    "us-west",\n', '    "primary": "us-west",\n'),
            42,
            7,
            'a list holds values, not "key": value fields; remove the key "primary", or make the list an object with '
            "{ and }",
            id="key-in-list",
        ),
        pytest.param(
            _with('"affected_services": [\n', '"affected_services": [\n    "payment-api"}\n  ],\n  "x": [\n'),
            10,
            18,
            "'}' does not match: the list opened at 9:24 closes with ']'",
            id="wrong-closer",
        ),
        pytest.param(
            _with(
                '"affected_regions": [\n      "us-west",\n      "us-east",\n      "eu-west"\n    ]',
                '"affected_regions": {\n      "us-west",\n      "us-east",\n      "eu-west"\n    }',
            ),
            42,
            16,
            "this key has no ':' and value; for a list of values use [ and ], not { and }",
            id="braces-for-a-list",
        ),
        pytest.param(
            _with(DETECTION_END, '    "time_to_detection": "immediate"\n  }},\n'),
            30,
            4,
            "this '}' ends the record, but more follows at 30:5; a '}' or ']' here or above is one too many",
            id="extra-brace-inside",
        ),
        pytest.param(
            PRETTY + "}\n",
            83,
            1,
            "one '}' too many: the record already ended at 82:1; remove it",
            id="extra-brace-at-end",
        ),
        pytest.param(
            PRETTY + PRETTY,
            83,
            1,
            "a second JSON value starts here, after the record that ended at 82:1; a file holds one record",
            id="two-records",
        ),
        pytest.param(
            PRETTY.rstrip() + "x\n", 82, 2, "'x' follows the end of the record at 82:1; remove it", id="stray-character"
        ),
    ],
)
def test_brackets_missing_or_extra_are_placed_where_the_fix_goes(
    text: str, line: int, column: int, message: str
) -> None:
    assert _problem(text) == (line, column, message)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            _with("exhausting the 200-connection", "exhausting\nthe 200-connection"),
            40,
            170,
            "the string opened at 40:19 runs past the end of its line; close it with '\"', or write a line break "
            "inside it as \\n",
            id="pasted-line-break",
        ),
        pytest.param(
            _with(SEVERITY + ",", '"severity": "sev2,'),
            5,
            21,
            "the string opened at 5:15 runs past the end of its line; close it with '\"', or write a line break "
            "inside it as \\n",
            id="closing-quote-missing",
        ),
        pytest.param(
            _with('"Datadog error', '"Datadog\terror'), 28, 29, "a tab inside a string; write it as \\t", id="raw-tab"
        ),
        pytest.param(
            _with('"title": "Payment API Database', '"title": "Payment API " +\n    "Database'),
            3,
            27,
            "JSON cannot join strings with '+'; write the text as one string",
            id="joined-with-plus",
        ),
        pytest.param(
            _with(TARGET, '"rollback_target": "\\d+ errors"'),
            53,
            25,
            "invalid escape '\\d' in a string; write a backslash as '\\\\'",
            id="regex-backslash",
        ),
    ],
)
def test_strings_say_how_to_write_what_they_hold(text: str, line: int, column: int, message: str) -> None:
    assert _problem(text) == (line, column, message)


def test_a_parse_error_exits_1_with_the_message_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(_with('"status": "resolved"', '"status": resolved'), "utf-8")
    code, out, err = run_cli("--select", "parse-error", "--color", "never", str(path))
    assert code == 1 and "Traceback" not in out + err
    expected = f'{path}:24:13: error[parse-error] resolved is not a JSON value; put text in double quotes: "resolved"'
    assert expected in out.splitlines()


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # Sloppy indentation at the top level: no object around to take the field, so it is a comma.
        (
            '{"a": 1,\n "b": 2\n"c": 3}',
            3,
            1,
            "a comma is missing before \"c\": separate the fields of the object with ','",
        ),
        # A nested object whose next field keeps the indentation: a comma, as in most records.
        (
            '{\n  "x": {\n    "y": 1\n  }\n  "z": 2\n}',
            5,
            3,
            "a comma is missing before \"z\": separate the fields of the object with ','",
        ),
    ],
)
def test_a_missing_comma_is_not_taken_for_a_missing_bracket(text: str, line: int, column: int, message: str) -> None:
    assert _problem(text) == (line, column, message)
