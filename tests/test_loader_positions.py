"""Exact source positions from the loader, for pretty JSON, minified JSON, YAML block and YAML flow."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from incidentlint.document import Lines, Span
from incidentlint.jsonload import build_spans
from incidentlint.loader import parse
from tests.helpers import position_of, reference

POINTERS = ["/severity", "/responders/3", "/technical_details/error_metrics/peak_error_rate", "/communication_log/1"]


def _position(text: str, fmt: str, pointer: str, on_key: bool = False) -> tuple[int, int]:
    document, problems = parse(f"x.{fmt}", text)
    assert document is not None, problems
    start, _ = document.locate(pointer, on_key)
    return document.lines.position(start)


def test_pretty_json_positions() -> None:
    text = json.dumps(reference(), indent=2)
    assert _position(text, "json", "/severity") == position_of(text, '"sev2"')
    assert _position(text, "json", "/severity", on_key=True) == position_of(text, '"severity"')
    assert _position(text, "json", "/responders/3") == position_of(text, '"Mike Rodriguez - Incident Commander"')
    assert _position(text, "json", "/communication_log/1") == (position_of(text, '"timestamp"', 1)[0] - 1, 5)


def test_minified_json_columns_count_characters() -> None:
    data = reference()
    data["title"] = "Zahlungs-API: Überlastung — 決済"
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    assert "\n" not in text
    line, column = _position(text, "json", "/severity")
    assert (line, column) == (1, text.index('"sev2"') + 1)
    line, column = _position(text, "json", "/technical_details/error_metrics/peak_error_rate")
    assert (line, column) == (1, text.index('"45%"') + 1)


def test_yaml_block_positions() -> None:
    text = "incident_id: INC-2024-0315-001\nseverity: sev2\nresponders:\n  - Ann - IC\n  - name: Bo\n    role: DBA\n"
    assert _position(text, "yaml", "/severity") == (2, 11)
    assert _position(text, "yaml", "/severity", on_key=True) == (2, 1)
    assert _position(text, "yaml", "/responders/0") == (4, 5)
    assert _position(text, "yaml", "/responders/1/role") == (6, 11)


def test_yaml_flow_positions() -> None:
    text = "a: {b: [x, 'y', {c: 3}]}\n"
    assert _position(text, "yaml", "/a/b/1") == (1, 12)
    assert _position(text, "yaml", "/a/b/2/c") == (1, 21)
    assert _position(text, "yaml", "/a/b/2/c", on_key=True) == (1, 18)


def test_pointer_escaping_follows_rfc6901() -> None:
    text = '{"a/b": {"m~n": 1}}'
    assert _position(text, "json", "/a~1b/m~0n") == (1, 17)


def test_unknown_pointer_falls_back_to_nearest_ancestor() -> None:
    text = '{\n  "a": {\n    "b": 1\n  }\n}\n'
    assert _position(text, "json", "/a/missing") == (2, 8)


@pytest.mark.parametrize("text", ["a: 2024-03-15T14:30:00Z\n", "a: '2024-03-15T14:30:00Z'\n"])
def test_yaml_timestamps_keep_their_text(text: str) -> None:
    document, _ = parse("x.yaml", text)
    assert document is not None and document.data == {"a": "2024-03-15T14:30:00Z"}


# -- line breaks: LF, CRLF and a lone CR each end a line, in JSON and YAML alike ---------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_every_newline_style_gives_the_same_positions(newline: str) -> None:
    text = "incident_id: INC-2024-0315-001\ntitle: t\nresponders:\n  - Ann\n  - Bo\n".replace("\n", newline)
    assert _position(text, "yaml", "/title") == (2, 8)
    assert _position(text, "yaml", "/responders/1") == (5, 5)
    assert _position(text, "yaml", "/responders", on_key=True) == (3, 1)
    text = '{\n  "title": "t",\n  "responders": [\n    "Ann",\n    "Bo"\n  ]\n}\n'.replace("\n", newline)
    assert _position(text, "json", "/title") == (2, 12)
    assert _position(text, "json", "/responders/1") == (5, 5)


def test_mixed_newlines_each_count_once_and_lf_cr_is_two() -> None:
    text = "a: 1\r\nb: 2\rc: 3\nd: 4\n\re: 5"
    assert [_position(text, "yaml", f"/{key}") for key in "abcde"] == [(1, 4), (2, 4), (3, 4), (4, 4), (6, 4)]
    text = '{"a": 1,\r\n"b": 2,\r"c": 3,\n"d": 4,\n\r"e": 5}'
    assert [_position(text, "json", f"/{key}") for key in "abcde"] == [(1, 7), (2, 6), (3, 6), (4, 6), (6, 6)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_text_drops_the_line_break(newline: str) -> None:
    lines = Lines(newline.join(["one", "", "three", ""]))
    assert [lines.line_text(number) for number in range(5)] == ["", "one", "", "three", ""]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_positions_never_point_past_the_end_of_the_file(newline: str) -> None:
    # An offset at the very end of a file that ends with a line break is the end of its last line: a 2-line file
    # has no line 3 for an editor, a GitHub annotation or a code frame to show.
    text = f"a: 1{newline}b: [{newline}"
    lines = Lines(text)
    assert lines.position(len(text)) == (2, 5)
    assert lines.position(len(text) + 10) == (2, 5)
    assert lines.position(len(text) - len(newline)) == (2, 5)
    assert lines.position(len(text) - len(newline) - 1) == (2, 4)
    assert Lines("a: 1\nb").position(6) == (2, 2)  # no final line break: the end is after the last character
    assert Lines("").position(0) == Lines("\n").position(1) == (1, 1)
    document, problems = parse("x.yaml", text)
    assert document is None and [(p.line, p.column) for p in problems] == [(2, 5)]
    document, problems = parse("x.json", f'{{{newline}  "a": [{newline}')
    assert document is None and [(p.line, p.column, p.message) for p in problems] == [
        (2, 9, "the file ends early; expected a value")
    ]


def test_duplicate_key_names_the_first_line_after_lone_crs() -> None:
    text = "incident_id: x\rtitle: a\rowner: b\rtitle: c\r"
    document, problems = parse("x.yaml", text)
    assert document is not None
    assert [(p.rule, document.lines.position(p.offset), p.message) for p in problems] == [
        (
            "duplicate-key",
            (4, 1),
            "key 'title' appears twice in this object (first at 2:1); the later value silently wins, so remove one",
        )
    ]


def _duplicate(key: str, first: str) -> str:
    return f"key '{key}' appears twice in this object (first at {first}); the later value silently wins, so remove one"


def test_duplicate_key_in_minified_json_names_the_first_line_and_column() -> None:
    # On one line "first on line 1" said nothing: the column finds the first one.
    text = '{"incident_id": "INC-1", "title": "x", "owner": "a", "title": "y"}'
    document, problems = parse("x.json", text)
    assert document is not None
    assert [(p.rule, document.lines.position(p.offset), p.message) for p in problems] == [
        ("duplicate-key", (1, 54), _duplicate("title", "1:26"))
    ]


def test_duplicate_key_in_a_yaml_flow_mapping_uses_the_same_words_as_json() -> None:
    text = "incident_id: x\nlinks: {runbook: a, dashboard: b, runbook: c}\n"
    document, problems = parse("x.yaml", text)
    assert document is not None
    assert [(p.rule, document.lines.position(p.offset), p.message) for p in problems] == [
        ("duplicate-key", (2, 35), _duplicate("runbook", "2:9"))
    ]


# -- the span scanner on long strings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["d" * 1_000_000, "line\n" * 200_000, "\u00e9" * 500_000], ids=["plain", "escapes", "non-ascii"]
)
def test_scanning_a_long_string_allocates_a_small_multiple_of_its_length(value: str) -> None:
    # The string pattern once kept ~120 bytes of backtracking state per character (~500 MB for a 4 MB string);
    # tracemalloc sees the regular expression engine's allocations, so this pins the fix without a subprocess.
    text = json.dumps({"title": value, "severity": "sev9"}, ensure_ascii=False)
    tracemalloc.start()
    try:
        spans = build_spans(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert spans["/severity"] == Span(len(text) - 7, len(text) - 1, len(text) - 19, len(text) - 9)
    assert peak < 6 * len(text.encode("utf-8")) + 100_000


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # The usual slip when a field is added by hand: the line above ends without a comma.
        (
            '{\n  "severity": "sev2"\n  "start_time": "2024-03-15T14:30:00Z"\n}\n',
            3,
            3,
            "a comma is missing before \"start_time\": separate the fields of the object with ','",
        ),
        (
            '{"tags": ["db" "payments"]}',
            1,
            16,
            "a comma is missing before \"payments\": separate the items of the list with ','",
        ),
        ('{"ids": [1 2]}', 1, 12, "a comma is missing before '2': separate the items of the list with ','"),
        (
            '{"log": [{"a": 1} {"b": 2}]}',
            1,
            19,
            "a comma is missing before a new object: separate the items of the list with ','",
        ),
        # In an object only a quoted key can follow: anything else is not a missing comma.
        ('{"a": 1 true}', 1, 9, "expected ',' or '}', found 'true}'"),
        # A long string is shortened, and stays data.
        (
            '{"a": 1 "' + "k" * 60 + '": 2}',
            1,
            9,
            'a comma is missing before "' + "k" * 38 + "\u2026: separate the fields of the object with ','",
        ),
    ],
)
def test_a_missing_comma_is_named_as_such(text: str, line: int, column: int, message: str) -> None:
    document, problems = parse("r.json", text)
    assert document is None
    assert [(p.rule, p.line, p.column, p.message) for p in problems] == [("parse-error", line, column, message)]
