"""Properties of autofix over generated records in many layouts: idempotent, resolving, and exact."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentlint.loader import parse
from incidentlint.timeparse import format_duration
from tests.fix_rules import fix_text

BASE = datetime(2024, 3, 15, 14, 30, tzinfo=UTC)
NAMES = ["Sarah Chen - On-call", "Tom Wilson", "Lisa Park: DBA", "it's me", "Zoë #2"]
MESSAGES = st.text(alphabet=st.sampled_from(list("ab Z:#'\"-,é\\\n\t\u2028\x85")), min_size=1, max_size=12)
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .-]*[A-Za-z0-9]")
#: LF, CRLF, or a lone CR (old Mac files), which YAML reads as a line break.
NEWLINES = st.sampled_from(["\n", "\n", "\r\n", "\r"])
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _stamp(minutes: int) -> str:
    return (BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    length = draw(st.integers(0, 3000))
    written = draw(st.sampled_from([length, length, draw(st.integers(1, 3000))]))
    style = draw(st.sampled_from(["iso", "compact", "compact-tight", "words"]))
    data: dict[str, Any] = {
        "title": draw(MESSAGES),
        "start_time": _stamp(0),
        "end_time": _stamp(length),
        "duration": format_duration(timedelta(minutes=written), style),
        "responders": draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5)),
    }
    entries = draw(st.lists(st.tuples(st.integers(0, length), MESSAGES), max_size=4))
    if entries:
        data["communication_log"] = [{"timestamp": _stamp(at), "message": text} for at, text in entries]
    data["status"] = "resolved"
    return data


def expected_after_fix(data: dict[str, Any]) -> dict[str, Any]:
    """The record as the three test rules would have it, computed from the values alone."""
    out: dict[str, Any] = json.loads(json.dumps(data))
    start = datetime.fromisoformat(data["start_time"])
    end = datetime.fromisoformat(data["end_time"])
    from incidentlint.timeparse import format_like, parse_duration

    if parse_duration(data["duration"]) != end - start:
        # In the author's style, and in their one unit where they used one ('PT1M' for a zero span is 'PT0M').
        out["duration"] = format_like(end - start, data["duration"])
    out["responders"] = list(dict.fromkeys(data["responders"]))
    if "communication_log" in out:
        out["communication_log"].sort(key=lambda entry: entry["timestamp"])
    return out


@st.composite
def json_texts(draw: st.DrawFn, data: dict[str, Any]) -> str:
    indent = draw(st.sampled_from([None, 2, 4, "\t"]))
    separators = draw(st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : ")]))
    text = json.dumps(data, indent=indent, separators=separators, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text += "\n"
    return text.replace("\n", draw(NEWLINES))


@st.composite
def yaml_texts(draw: st.DrawFn, data: dict[str, Any]) -> str:
    def scalar(value: str) -> str:
        style = draw(st.sampled_from(["plain", "single", "double"]))
        if style == "plain" and _PLAIN.fullmatch(value) and not value.isdigit():
            return value
        if style == "single" and not any(char in value for char in "\n\t\u2028\x85"):
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(value, ensure_ascii=True)

    def comment() -> str:
        return draw(st.sampled_from(["", "  # note", " # é: x"]))

    indent = draw(st.sampled_from(["", "  ", "    "]))
    lines = [draw(st.sampled_from(["", "# an incident", "---"]))]
    for key, value in data.items():
        if key == "responders" and draw(st.booleans()):
            lines.append(f"{key}: [{', '.join(scalar(v) for v in value)}]{comment()}")
        elif isinstance(value, list):
            lines.append(f"{key}:{comment()}")
            for item in value:
                if draw(st.booleans()):
                    lines.append(draw(st.sampled_from(["", f"{indent}# entry"])))
                if isinstance(item, dict) and draw(st.booleans()):
                    inner = ", ".join(f"{k}: {scalar(v)}" for k, v in item.items())
                    lines.append(f"{indent}- {{{inner}}}{comment()}")
                elif isinstance(item, dict):
                    first = True
                    for k, v in item.items():
                        lead = "- " if first else "  "
                        lines.append(f"{indent}{lead}{k}: {scalar(v)}{comment()}")
                        first = False
                else:
                    lines.append(f"{indent}- {scalar(item)}{comment()}")
        else:
            lines.append(f"{key}: {scalar(value)}{comment()}")
    text = "\n".join(line for line in lines if line != "" or draw(st.booleans()))
    if draw(st.booleans()):
        text += "\n"
    return text.replace("\n", draw(NEWLINES))


@st.composite
def files(draw: st.DrawFn) -> tuple[str, str, dict[str, Any]]:
    data = draw(records())
    if draw(st.booleans()):
        return draw(json_texts(data)), "r.json", data
    return draw(yaml_texts(data)), "r.yaml", data


@PROPERTY
@given(files())
def test_fix_is_idempotent(case: tuple[str, str, dict[str, Any]]) -> None:
    text, name, _ = case
    once, _ = fix_text(text, name)
    twice, second = fix_text(once, name)
    assert twice == once
    assert second.applied == 0


@PROPERTY
@given(files())
def test_a_fixed_file_relints_without_the_fixed_rules(case: tuple[str, str, dict[str, Any]]) -> None:
    text, name, _ = case
    fixed, outcome = fix_text(text, name)
    document, problems = parse(name, fixed)
    assert document is not None, problems
    assert outcome.diagnostics == []
    if "\r\n" in text:  # line endings stay what they were
        assert fixed.count("\n") == fixed.count("\r\n")
    elif "\r" in text:
        assert "\n" not in fixed


@PROPERTY
@given(files())
def test_the_fixed_record_equals_the_original_except_at_the_fixed_values(case: tuple[str, str, dict[str, Any]]) -> None:
    text, name, data = case
    original, _ = parse(name, text)
    assert original is not None and original.data == data
    fixed, _ = fix_text(text, name)
    document, _ = parse(name, fixed)
    assert document is not None
    assert json.dumps(document.data) == json.dumps(expected_after_fix(data))


@PROPERTY
@given(files())
def test_the_text_outside_the_fixed_values_is_unchanged(case: tuple[str, str, dict[str, Any]]) -> None:
    """Only duration, responders and communication_log are touched: everything before the first of them and
    after the last of them is byte-for-byte the same."""
    text, name, _ = case
    fixed, _ = fix_text(text, name)
    head = text.index("duration")
    assert fixed[:head] == text[:head]
    tail = text.index("status")
    assert fixed.endswith(text[tail:])
