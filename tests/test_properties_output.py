"""Hypothesis properties of what comes out: schema-shaped records pass the schema, and output is always safe.

Two properties:
- any record generated from the schema's own shape (required and optional properties, enums, timestamps in every
  RFC 3339 spelling, durations in every style of the grammar, responders and action items as strings or objects,
  ``x-`` extensions) produces no ``schema`` diagnostic, in JSON and in YAML;
- whatever the values, keys and file names hold, ``--format json`` output parses and carries no raw control
  character, and the human formats (concise, full) show every such character escaped; and no line of any of
  them is a command to a CI runner (``##vso[``, ``::error::``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentlint import timeparse
from incidentlint.timeparse import DURATION_PATTERN, parse_duration, parse_timestamp
from tests.helpers import ROOT, linter, reference, run_cli, runner_commands

SCHEMA: dict[str, Any] = json.loads((ROOT / "schemas" / "incident.schema.json").read_text("utf-8"))
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)

# -- a generator that follows the schema -------------------------------------------------------------------------

_NUMBER = st.one_of(
    st.integers(0, 500).map(str), st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]}")
)
_UNITS = st.sampled_from(sorted(timeparse._UNITS))  # the grammar's own unit table, so new units are covered
_PART = st.builds(lambda n, space, unit: f"{n}{space}{unit}", _NUMBER, st.sampled_from(["", " "]), _UNITS)
_COMPACT = st.lists(
    st.tuples(st.integers(1, 99), st.sampled_from("dhms")), min_size=1, max_size=4, unique_by=lambda p: p[1]
).flatmap(lambda parts: st.sampled_from([" ", ""]).map(lambda sep: sep.join(f"{n}{u}" for n, u in parts)))
_WORDS = st.builds(
    lambda first, rest: first + "".join(sep + part for sep, part in rest),
    _PART,
    st.lists(st.tuples(st.sampled_from(["", " ", ", ", ", and ", " and "]), _PART), max_size=3),
)
_ISO_TIME = st.one_of(
    st.builds(
        lambda h, m, s: f"{h}H" + (f"{m}M" if m is not None else "") + (f"{s}S" if s is not None else ""),
        st.integers(0, 99),
        st.none() | st.integers(0, 59),
        st.none() | _NUMBER,
    ),
    st.builds(lambda m, s: f"{m}M" + (f"{s}S" if s is not None else ""), st.integers(0, 999), st.none() | _NUMBER),
    _NUMBER.map(lambda s: f"{s}S"),
)
_ISO = st.one_of(
    st.integers(0, 52).map(lambda w: f"P{w}W"),
    st.builds(lambda d, t: f"P{d}D" + (f"T{t}" if t else ""), st.integers(0, 400), st.none() | _ISO_TIME),
    _ISO_TIME.map(lambda t: f"PT{t}"),
)
#: Every style of the duration grammar: immediate, compact (1h 5m, 1h5m), words (65 minutes, 1 hour, 5 minutes,
#: 1 hour and 5 minutes, 1.5 hrs) and ISO 8601 (P2W, P1DT2H, PT1H5M, PT0.5S).
DURATIONS = st.one_of(st.just("immediate"), _COMPACT, _WORDS, _ISO)


def _timestamp(moment: Any, sep: str, fraction: str, offset: str, leap: bool) -> str:
    seconds = "60" if leap else f"{moment.second:02d}"
    date = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"  # strftime's %Y drops the zeros of year 999
    return f"{date}{sep}{moment.hour:02d}:{moment.minute:02d}:{seconds}{fraction}{offset}"


#: RFC 3339 date-times with an explicit offset, in every spelling the grammar allows (T, t or space; Z, z or
#: +hh:mm; fractions of any length; a leap second).
TIMESTAMPS = st.builds(
    _timestamp,
    st.datetimes(),
    st.sampled_from(["T", "t", " "]),
    st.one_of(st.just(""), st.integers(1, 9).flatmap(lambda n: st.from_regex(rf"\A\.[0-9]{{{n}}}\Z"))),
    st.one_of(
        st.sampled_from(["Z", "z"]),
        st.builds(lambda s, h, m: f"{s}{h:02d}:{m:02d}", st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59)),
    ),
    st.booleans(),
)
DATES = st.dates().map(lambda d: d.isoformat())
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.floats(allow_nan=False, allow_infinity=False) | TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    target = SCHEMA["$defs"][ref.rsplit("/", 1)[-1]]
    return {**_resolve(target), **{k: v for k, v in node.items() if k != "$ref"}}


def from_schema(node: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for values that the (sub)schema ``node`` accepts; covers exactly what the incident schema uses."""
    node = _resolve(node)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "oneOf" in node:
        return st.one_of([from_schema(branch) for branch in node["oneOf"]])
    kind = node.get("type")
    if kind == "object":
        properties: dict[str, Any] = node.get("properties", {})
        if not properties:  # free-form, like error_metrics
            return st.dictionaries(TEXT, JSON_VALUES, max_size=4)
        required = node.get("required", [])
        extensions = st.dictionaries(TEXT.map(lambda key: "x-" + key), JSON_VALUES, max_size=2)
        fixed = st.fixed_dictionaries(
            {name: from_schema(properties[name]) for name in required},
            optional={name: from_schema(sub) for name, sub in properties.items() if name not in required},
        )
        return st.builds(lambda base, extra: {**base, **extra}, fixed, extensions)
    if kind == "array":
        items = from_schema(node.get("items", {}))
        return st.lists(items, min_size=node.get("minItems", 0), max_size=4, unique=node.get("uniqueItems", False))
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        if node.get("format") == "date-time":
            return TIMESTAMPS
        if node.get("format") == "date":
            return DATES
        if node.get("pattern") == DURATION_PATTERN:
            return DURATIONS
        if "pattern" in node:
            # Hypothesis cannot generate from the lookahead that forbids a trailing newline; fullmatch does that.
            return st.from_regex(node["pattern"].removesuffix("(?!\\n)"), fullmatch=True)
        return st.text(st.characters(exclude_categories=["Cs"]), min_size=node.get("minLength", 0), max_size=20)
    raise AssertionError(f"the generator does not cover this part of the schema: {node}")


RECORDS = from_schema(SCHEMA)
_QUOTED_TIMESTAMP = re.compile(r"'([0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9:.]+(?:[Zz]|[+-][0-9]{2}:[0-9]{2}))'")


def test_generators_produce_what_the_grammar_accepts() -> None:
    """The generators are only useful if they cover the grammar; spot-check each style against the parsers."""
    for text in ("immediate", "1h 5m", "1h5m", "90s", "65 minutes", "1 hour 5 minutes", "2 days", "PT1H5M", "P2W"):
        assert parse_duration(text) is not None, text
    assert parse_timestamp("2024-03-15 14:30:00.123456789+05:30") is not None


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=RECORDS, style=st.sampled_from(["json", "json-min", "yaml", "yaml-flow", "yaml-plain-times"]))
def test_schema_shaped_records_have_no_schema_diagnostic(record: dict[str, Any], style: str) -> None:
    if style == "json":
        name, text = "r.json", json.dumps(record, indent=2, ensure_ascii=False)
    elif style == "json-min":
        name, text = "r.json", json.dumps(record, separators=(",", ":"))
    else:
        name = "r.yaml"
        text = yaml.safe_dump(record, default_flow_style=style == "yaml-flow", sort_keys=False)
        if style == "yaml-plain-times":
            # The issue: a valid record with unquoted timestamps (start_time: 2024-03-15T14:30:00Z) is valid.
            text = _QUOTED_TIMESTAMP.sub(r"\1", text)
    result = linter(select=["schema", "parse-error", "duplicate-key"]).lint_text(name, text)
    assert [(d.rule, d.pointer, d.message) for d in result.diagnostics] == [], text


# -- output safety ------------------------------------------------------------------------------------------------

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


def _unsafe(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char != "\n") or 0x7F <= code <= 0x9F or char in _BIDI or 0xD800 <= code <= 0xDFFF


HOSTILE = st.text(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from([*"\x1b\x07\x00\x08\r\n\t\x7f\x85\x9b\u202e\u2066\u2028\u2029\u200b\ufeff[]/~"]),
    ),
    min_size=1,
    max_size=12,
) | st.lists(st.sampled_from(["##vso[", "##[", "::", "\n", "x", " "]), min_size=1, max_size=6).map("".join)
# File names: any text without '/' and NUL, or raw bytes that are not UTF-8 (they arrive as lone surrogates).
NAMES = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"), min_size=1, max_size=30),
    st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode),
    st.lists(st.sampled_from(["##vso[", "##[", "::", ":", "x"]), min_size=1, max_size=5).map("".join),
)


def _write_corpus(directory: Path, names: list[str], value: str, key: str, garbage: str) -> None:
    data = reference()
    data["severity"] = value  # an enum error quotes the value
    data["title"] = value
    data[key] = value  # an unknown-key error quotes the key
    data.setdefault("technical_details", {})["error_metrics"] = {key: value}
    texts = {
        ".json": json.dumps(data, ensure_ascii=False),
        ".yaml": yaml.safe_dump(data, allow_unicode=True),
        ".dup.json": "{" + f"{json.dumps(key)}: 1, {json.dumps(key)}: 2" + "}",  # duplicate-key quotes the key
        ".bad.json": garbage,  # parse errors quote the text they stopped at
    }
    for index, (suffix, text) in enumerate(texts.items()):
        stem = names[index % len(names)]
        path = os.path.join(os.fsencode(directory), os.fsencode(f"{index}{stem}{suffix}"))
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8", "surrogateescape"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(NAMES, min_size=1, max_size=4), value=HOSTILE, key=HOSTILE, garbage=HOSTILE)
def test_output_never_carries_raw_control_characters(names: list[str], value: str, key: str, garbage: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _write_corpus(directory, names, value, key, garbage)
        code, out, err = run_cli("--format", "json", "--now", "2030-01-01T00:00:00Z", str(directory))
        assert code in (0, 1), err
        report = json.loads(out)
        assert not [c for c in out if _unsafe(c)]
        assert runner_commands(out + err) == []
        assert report["summary"]["files"] == 4
        for diagnostic in report["diagnostics"]:
            # Parsed, the human-facing message and the file name are still free of anything a terminal acts on,
            # and strict JSON parsers (which reject lone surrogate escapes) can read every string.
            assert not [c for c in diagnostic["message"] + diagnostic["file"] if _unsafe(c)], diagnostic
            json.dumps(diagnostic, ensure_ascii=False).encode("utf-8")

        code, out, err = run_cli("--format", "concise", "--now", "2030-01-01T00:00:00Z", str(directory))
        assert not [c for c in out + err if _unsafe(c)]
        assert runner_commands(out + err) == []
        assert len(out.splitlines()) == len(report["diagnostics"]), "one line per diagnostic, however odd the text"

        code, out, err = run_cli("--color", "never", "--now", "2030-01-01T00:00:00Z", str(directory))
        assert not [c for c in out + err if _unsafe(c)]
        assert runner_commands(out + err) == []
