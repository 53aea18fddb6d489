"""Exact source positions from the loader, for pretty JSON, minified JSON, YAML block and YAML flow."""

from __future__ import annotations

import json

import pytest

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
