"""The fast validator (jsonschema-rs) and jsonschema agree on validity; without the fast one, results are the same."""

from __future__ import annotations

import itertools
import random
import re
import string
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import record
from incidentlint.schema import SchemaValidator, bundled_schema, fast_validator
from tests.helpers import EXAMPLE, position_of, reference, run_cli

VALIDATOR = SchemaValidator.create()
FAST = fast_validator(bundled_schema())

# Strings near the edges of the schema's patterns and formats: trailing newlines, non-ASCII digits, leap
# seconds, offsets without colons, every duration spelling and near-misses of each.
TRICKY = [
    "INC-2024-0315-001",
    "INC-2024-0315-001\n",
    "INC-2024-0315-0011",
    "INC-٢٠٢٤-0315-001",
    "inc-2024-0315-001",
    "2024-03-15T14:30:00Z",
    "2024-03-15t14:30:00z",
    "2024-03-15 14:30:00+01:00",
    "2024-03-15T14:30:00",
    "2024-03-15T14:30:00+0100",
    "2024-03-15T23:59:60Z",
    "2024-02-30T14:30:00Z",
    "2024-03-15T14:30:00.123456789-05:30",
    "2024-03-15T14:30:00Z\n",
    "2024-04-01",
    "2024-4-1",
    "2024-02-30",
    "immediate",
    "immediate\n",
    "1h 5m",
    "1h5m",
    "1h 5m\n",
    "90s",
    "1.5h",
    "65 minutes",
    "1 hour 5 minutes",
    "1 hour, 5 minutes",
    "1 hour and 5 minutes",
    "2 days",
    "PT1H5M",
    "P1DT2H",
    "P2W",
    "P1Y",
    "PT",
    "1h  5m",
    "",
    "sev2",
    "SEV2",
    "resolved",
    "Name - Role",
    "x",
]

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(TRICKY),
    st.text(max_size=12),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["name", "x-a", "role", "bad"]), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(data: Any, out: list[Any]) -> list[Any]:
    out.append(data)
    children = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    for child in children:
        if isinstance(child, dict | list):
            _containers(child, out)
    return out


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """A clean generated record, then zero to three mutations: replace, delete or add a member anywhere."""
    seed = draw(st.integers(min_value=0, max_value=2**32))
    rng = random.Random(seed)
    start = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 10**6))
    data = record(rng, f"INC-{start:%Y-%m%d}-001", start)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        target = draw(st.sampled_from(_containers(data, [])))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            if action == "delete":
                del target[key]
            elif action == "add":
                target[draw(st.sampled_from(["x-note", "extra", "incident_comander", key + "_"]))] = draw(JSON_VALUE)
            else:
                target[key] = draw(JSON_VALUE)
        elif isinstance(target, list) and target:
            index = draw(st.integers(min_value=0, max_value=len(target) - 1))
            if action == "delete":
                del target[index]
            elif action == "add":
                target.append(draw(JSON_VALUE))
            else:
                target[index] = draw(JSON_VALUE)
    return data


@pytest.mark.skipif(FAST is None, reason="jsonschema-rs is not installed; the fallback tests below still run")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
@example(reference())
@example({**reference(), "duration": "1h 5m\n"})
@example({**reference(), "incident_id": "INC-2024-0315-001\n"})
@example({**reference(), "start_time": "2024-03-15T14:30:00"})
def test_fast_and_jsonschema_agree_on_validity(data: dict[str, Any]) -> None:
    assert FAST is not None
    assert FAST(data) == VALIDATOR.validator.is_valid(data)


WITH_REFS = SchemaValidator(bundled_schema())  # jsonschema resolving every $ref, as before inlining


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
@example({**reference(), "responders": [{"name": ""}, 5], "preliminary_action_items": [{"due_date": "x"}]})
@example({**reference(), "start_time": "2024-03-15 14:30", "duration": "about an hour"})
def test_inlined_refs_give_the_same_messages(data: dict[str, Any]) -> None:
    """The message validator uses the bundled schema with its $refs inlined; every finding (pointer, message)
    is the same as with jsonschema resolving the references."""
    assert VALIDATOR.inline
    assert VALIDATOR.findings(data) == WITH_REFS.findings(data)


UNFOCUSED = SchemaValidator(bundled_schema(), inline=True)  # jsonschema describing every field, as before the focus


@pytest.mark.skipif(FAST is None, reason="the focus needs jsonschema-rs; without it every field is described")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), records())
@example(reference(), reference())
@example({**reference(), "severity": "SEV2", "responders": [{"name": ""}, 5], "x-a": {"b": 1}}, reference())
@example({**reference(), "start_time": "2024-02-30T14:30:00Z", "extra": 1, "title": ""}, reference())
def test_describing_only_the_fields_jsonschema_rs_finds_invalid_gives_every_finding(
    data: dict[str, Any], other: dict[str, Any]
) -> None:
    """jsonschema describes only the top-level fields jsonschema-rs finds invalid: the findings are exactly those
    of describing the whole record, whatever mix of problems it has. ``other`` checked in between shows that the
    focus on one record does not stay on the next."""
    assert VALIDATOR.findings(data) == UNFOCUSED.findings(data)
    assert VALIDATOR.findings(other) == UNFOCUSED.findings(other)
    assert VALIDATOR.findings(data) == UNFOCUSED.findings(data)


@pytest.mark.skipif(FAST is None, reason="the focus needs jsonschema-rs; without it every field is described")
def test_jsonschema_descends_only_into_the_invalid_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the focus: a record with one bad field costs jsonschema that field, not the whole record."""
    validator = SchemaValidator.create()
    kind: Any = type(validator.validator)  # jsonschema's class, whose descend() the Validator protocol omits
    entered: list[Any] = []
    descend = kind.descend

    def spy(self: Any, instance: Any, schema: Any, path: Any = None, schema_path: Any = None) -> Any:
        entered.append(path)
        return descend(self, instance, schema, path=path, schema_path=schema_path)

    monkeypatch.setattr(kind, "descend", spy)
    data = {**reference(), "severity": "SEV2", "status": 5}
    assert [f.pointer for f in validator.findings(data)] == ["/severity", "/status"]
    top_level = [path for path in entered if path in data]
    assert sorted(top_level) == ["severity", "status"]  # not "timeline", "responders", ... (13 more fields)
    assert validator._focus is not None and validator._focus.record is None  # released after the record
    entered.clear()
    validator._invalid_fields = lambda record: None  # where jsonschema-rs cannot say: every field, as before
    assert [f.pointer for f in validator.findings(data)] == ["/severity", "/status"]
    assert sorted(path for path in entered if path in data) == sorted(data)


def test_generated_records_are_valid_and_mutations_are_found() -> None:
    """The strategy is not vacuous: clean generated records pass, and a typical mutation fails both ways."""
    rng = random.Random(7)
    start = datetime(2023, 5, 1, 12, 0, tzinfo=UTC)
    data = record(rng, "INC-2023-0501-001", start)
    assert VALIDATOR.validator.is_valid(data)
    assert VALIDATOR.is_valid(data)
    data["response_details"]["time_to_response"] = "5 minutes\n"
    assert not VALIDATOR.validator.is_valid(data)
    assert not VALIDATOR.is_valid(data)


def test_a_record_the_quick_validator_rejects_is_judged_by_the_exact_one_compiled_then() -> None:
    """The quick validator (jsonschema-rs's own date-time check, narrowed) rejects a few timestamps our format
    accepts, such as a space for the 'T' or a 60th second; the exact one, compiled only when first needed, says
    valid, so such a record is not sent to jsonschema to be described (and found to have nothing to report)."""
    import jsonschema_rs

    from incidentlint.schema import with_builtin_formats

    quick = jsonschema_rs.Draft202012Validator(with_builtin_formats(bundled_schema()), validate_formats=True)
    is_valid = fast_validator(bundled_schema())
    assert is_valid is not None
    for written in ("2024-03-15 14:23:00Z", "2024-03-15T14:23:60Z"):
        data = {**reference(), "start_time": written}
        assert (quick.is_valid(data), is_valid(data)) == (False, True), written
    assert is_valid({**reference(), "severity": "SEV2"}) is False


def test_without_jsonschema_rs_the_schema_check_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # makes `import jsonschema_rs` raise ImportError
    assert fast_validator(bundled_schema()) is None
    slow = SchemaValidator.create()
    assert slow.fast is None
    assert slow.is_valid(reference())
    assert not slow.is_valid({**reference(), "severity": "SEV2"})


def test_without_jsonschema_rs_the_cli_gives_the_same_results(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = EXAMPLE.read_text("utf-8").replace('"sev2"', '"SEV2"')
    bad = tmp_path / "INC-2024-0315-001.json"
    bad.write_text(text, "utf-8")
    args = ("--format", "concise", str(bad), str(EXAMPLE))
    with_fast = run_cli(*args), run_cli("--select", "schema", *args)
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)
    without = run_cli(*args), run_cli("--select", "schema", *args)
    assert without == with_fast
    code, out, _ = without[1]
    line, column = position_of(text, '"SEV2"')
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:{line}:{column}: error[schema] severity must be one of sev1, sev2, sev3, sev4, sev5; got 'SEV2'; "
        "write 'sev2'"
    ]


def test_yaml_fast_path_covers_every_first_character_pyyaml_resolves() -> None:
    """The YAML loader returns a plain scalar as text at once unless its first character is in _SPECIAL_FIRST;
    PyYAML's YAML 1.1 resolver picks its patterns by first character, so every key it uses must be in the set."""
    import yaml

    from incidentlint.yamlquick import SPECIAL_FIRST as _SPECIAL_FIRST

    keys = {key[0] for key in yaml.resolver.Resolver.yaml_implicit_resolvers if key}
    assert keys <= _SPECIAL_FIRST
    assert None not in yaml.resolver.Resolver.yaml_implicit_resolvers  # no resolver that applies to any text


@given(st.text(min_size=1, max_size=20))
@example("yes")
@example("0x1F")
@example(".inf")
@example("~")
@example("Null")
@example("2024-03-15")
@example("<<")
@example("=")
@example("é")
def test_yaml_plain_scalars_outside_the_fast_path_are_text_in_both_yaml_versions(text: str) -> None:
    from incidentlint.yamlload import _core_value, _yaml11_value
    from incidentlint.yamlquick import SPECIAL_FIRST as _SPECIAL_FIRST

    if text[0] in _SPECIAL_FIRST:
        return  # the full resolution runs for these
    assert _core_value(text) == text
    assert _yaml11_value(text) == text


# Plain scalars near the shortcut's edges: numbers with signs, zeros, separators, exponents and sexagesimal parts,
# durations and percentages, timestamps with a space, and the boolean and null words.
NUMBERLIKE = st.text(alphabet="0123456789 .:_-+eE%xXoObB~nullNtrufasyYinfINFhmdDTZ\n", min_size=1, max_size=12)


@settings(max_examples=1000)
@given(st.one_of(NUMBERLIKE, st.text(min_size=1, max_size=12)))
@example("5 minutes")
@example("99.9%")
@example("1200")
@example("0")
@example("0755")
@example("1_000")
@example("1:30")
@example("1.")
@example("12\n")
@example("true")
@example("TRUE")
@example("tRUE")
@example("~")
@example("2001-12-14 21:59:43.10 -5")
@example("9" * 19)
@example("\u0661")
@example("2h")
@example("")
@example("0x1Fh")
@example("2024-03-15T14:30:00Z")
@example("1e3m")
def test_the_plain_scalar_shortcut_gives_what_both_yamls_resolve(text: str) -> None:
    """Where _settled answers without the full resolution, YAML 1.2's core schema and PyYAML's YAML 1.1 resolver
    both give that very value, of that very type: the shortcut changes no reading and no warning."""
    from incidentlint.yamlload import _core_value, _yaml11_value
    from incidentlint.yamlquick import UNSURE as _UNSURE
    from incidentlint.yamlquick import settled as _settled

    settled = _settled(text)
    if settled is _UNSURE:
        return
    for value in (_core_value(text), _yaml11_value(text)):
        assert (type(value), value) == (type(settled), settled)


def test_the_plain_scalar_shortcut_takes_the_common_values_of_a_record() -> None:
    from incidentlint.yamlquick import UNSURE as _UNSURE
    from incidentlint.yamlquick import settled as _settled

    taken = ["5 minutes", "1h 30m", "99.9%", "1200", "0", "true", "False", "2024-03-15 14:00", "", "~", "null"]
    settled = [_settled(text) for text in taken]
    assert settled == ["5 minutes", "1h 30m", "99.9%", 1200, 0, True, False, taken[-4], None, None, None]
    for unsure in ["0755", "1_000", "1:30", "12.5", "-3", "yes", "nULL", "1e3", "0x1F", "9" * 19]:
        assert _settled(unsure) is _UNSURE, unsure


PLAIN_SCALARS = st.sampled_from(
    ["yes", "no", "on", "0755", "1:30", "~", "null", "true", "1e3", ".inf", "0x1F", "12", "-3.5", "text", "x-y",
     "2024-03-15T14:30:00Z", "'quoted'", '"dq"', "[a, b]", "{a: 1}", "<<", "&anchor a", "*alias", "!!str 5", "é"]
)  # fmt: skip
YAML_KEYS = st.sampled_from(["a", "b", "title", "1", "yes", "a"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(YAML_KEYS, PLAIN_SCALARS, st.booleans()), min_size=1, max_size=6), st.integers(0, 2**16))
def test_quick_yaml_loading_gives_the_full_loaders_results(lines: list[tuple[str, str, bool]], seed: int) -> None:
    """The quick passes (no pointers, no spans) and the full pass agree on data and problems; spans are left out
    only for a record with no problem at all, and are then built on demand by the full pass. Both quick passes:
    load_yaml_quickly (the line reader, else the event pass) and the event pass alone, which the line reader's
    answers would otherwise keep from these texts."""
    from incidentlint.loader import parse
    from incidentlint.yamlload import load_events_quickly, load_yaml, load_yaml_quickly

    rng = random.Random(seed)
    start = datetime(2022, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 10**6))
    body = "".join(f"{key}:\n  - {value}\n" if nested else f"{key}: {value}\n" for key, value, nested in lines)
    texts = (body, body + "x-record:\n" + _indent(record(rng, f"INC-{start:%Y-%m%d}-001", start)))
    for text, quickly in itertools.product(texts, (load_yaml_quickly, load_events_quickly)):
        data, spans, problems = quickly(text)
        full_data, full_spans, full_problems = load_yaml(text)
        assert (data, problems) == (full_data, full_problems)
        assert spans is None or spans == full_spans
        if spans is None:
            assert problems == []
            document, _ = parse("r.yaml", text)
            assert document is not None and document.spans == full_spans


# Scalars as written in YAML. Most are text or numbers in both YAMLs, so that many documents are taken quickly;
# the rest are near every rule of the quick pass (booleans, nulls, ambiguous numbers, a merge key, tags, anchors,
# aliases), for which it must give way to the full pass.
PLAIN_TEXT = st.sampled_from(
    ["title", "type", "owner", "oN", "offline", "nothing", "Yess", "trueish", "tRUE", "none", "None", "nULL", "''",
     '""', "'yes'", '"on"', "0", "12", "-3.5", "x-y", "text with: colon", "é", "\u00e9t\u00e9", "Off:x",
     "2024-03-15T14:30:00Z", "2024-03-15", "|\n  block\n", ">-\n  folded\n", '"\\u00e9"', "!!str 5", "! 5", "t", "f"]
)  # fmt: skip
RISKY = st.sampled_from(
    ["on", "On", "off", "no", "No", "y", "Y", "n", "yes", "true", "True", "TRUE", "false", "False", "null", "Null",
     "NULL", "~", "", "1e3", "0x1F", "0o17", "0755", "1:30", ".inf", "-.inf", ".nan", "<<", "=", "!!int 5", "!!int x",
     "!!bool yes", "!!float 1", "!!null ''", "!local x", "&a 1", "*a", '"\\ud800"', "1_000", "+1", "0b101"]
)  # fmt: skip
WRITTEN_SCALARS = st.one_of(PLAIN_TEXT, PLAIN_TEXT, PLAIN_TEXT, PLAIN_TEXT, RISKY)
KEYS = ["a", "b", "c", "title", "type", "nothing", "x-y", "'q'", "é", "off", "1", "on", "null", "<<", "? a", "~"]
WRITTEN_KEYS = st.sampled_from(KEYS)


def _yaml_node(draw: st.DrawFn, depth: int, indent: str) -> str:
    """YAML text for one value, in block or flow style, which may have anything the quick pass must give up on."""
    kinds = ["scalar", "scalar", "map", "map", "list", "flow"] * 3 + ["anchored"]
    kind = draw(st.sampled_from(kinds if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return " " + draw(WRITTEN_SCALARS).replace("\n", "\n" + indent) + "\n"
    if kind == "flow":
        items = draw(st.lists(st.tuples(WRITTEN_KEYS, WRITTEN_SCALARS), max_size=3))
        scalars = [value for _, value in items if "\n" not in value and not value.startswith(("|", ">"))]
        if draw(st.booleans()):
            return " [" + ", ".join(scalars) + "]\n"
        return " {" + ", ".join(f"{key}: {value}" for key, value in items if value in scalars) + "}\n"
    if kind == "anchored":
        return " &x" + _yaml_node(draw, depth + 1, indent)
    unique = draw(st.integers(0, 3)) > 0  # usually, as in a record; sometimes a duplicate
    entries = draw(st.lists(st.sampled_from(KEYS[:9] if unique else KEYS), min_size=1, max_size=4, unique=unique))
    text = "\n"
    for key in entries:
        head = f"{indent}- " if kind == "list" else f"{indent}{key}:"
        text += head + _yaml_node(draw, depth + 1, indent + "  ")
    return text


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    body = _yaml_node(draw, 0, "")
    text = body.lstrip(" ") if not body.startswith("\n") else body[1:]
    start = draw(st.sampled_from(["", "", "---\n", "%YAML 1.1\n---\n"]))
    return start + text + draw(st.sampled_from(["", "", "", "...\n", "---\nb: 1\n"]))


@settings(max_examples=500, deadline=None)
@given(yaml_documents())
@example("title: x\ntype: y\n")
@example("a: 1\na: 2\n")
@example("on: 1\n")
@example("<<: {a: 1}\n")
@example("a: &x 1\nb: *x\n")
@example("a: !!int 5\n")
@example("a: [1, 2]\n? [x]\n: y\n")
@example("[{? [a] : b}]\n")  # a complex key inside a flow collection: the quick pass must give way
@example("a: 1\n---\nb: 2\n")
@example("Off:x\n")
@example("")
@example("--- 5\n")
def test_quick_yaml_loading_agrees_with_the_full_pass_on_any_document(text: str) -> None:
    """Whatever the text, each quick pass (the line reader first, and the event pass alone) either gives the full
    pass's data with no problem, or gives way to it."""
    from incidentlint.yamlload import load_events_quickly, load_yaml, load_yaml_quickly

    full = load_yaml(text)
    for quickly in (load_yaml_quickly, load_events_quickly):
        quick = quickly(text)
        assert (quick[0], quick[2]) == (full[0], full[2])
        assert quick[1] is None or quick[1] == full[1]
        if quick[1] is None:  # taken quickly: only a document the full pass reads without any problem
            assert full[2] == []


@given(st.sampled_from(sorted("nNtTfFyYoO")), st.text(max_size=8))
@example("o", "n")
@example("O", "FF")
@example("N", "ULL")
@example("n", "ull\n")
@example("t", "rue ")
@example("y", "")
def test_a_plain_scalar_starting_with_a_letter_is_text_in_both_yamls_unless_it_is_a_boolean_or_null_word(
    first: str, rest: str
) -> None:
    """The loader takes such a scalar as text at once unless it is one of _LETTER_WORDS: that must be exactly
    what the full resolution of YAML 1.2 and of PyYAML's YAML 1.1 gives."""
    from incidentlint.yamlload import _core_value, _yaml11_value
    from incidentlint.yamlquick import LETTER_WORDS as _LETTER_WORDS

    text = first + rest
    if text in _LETTER_WORDS:
        assert not isinstance(_yaml11_value(text), str) or text in "yYnN"
        return
    if text.endswith("\n"):
        return  # resolved in full: PyYAML's patterns end in '$', which matches before a final line break
    assert _core_value(text) == text
    assert _yaml11_value(text) == text


def test_pyyaml_resolves_plain_scalars_starting_with_a_letter_only_as_booleans_or_nulls() -> None:
    import yaml

    from incidentlint.yamlquick import LETTER_FIRST as _LETTER_FIRST
    from incidentlint.yamlquick import SPECIAL_FIRST as _SPECIAL_FIRST

    letters = {key for key in yaml.resolver.Resolver.yaml_implicit_resolvers if key and key.isalpha()}
    assert letters == set(_LETTER_FIRST) and _LETTER_FIRST <= _SPECIAL_FIRST
    for letter in letters:
        tags = {tag for tag, _ in yaml.resolver.Resolver.yaml_implicit_resolvers[letter]}
        assert tags <= {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}


def _indent(data: dict[str, Any]) -> str:
    import yaml

    return "".join("  " + line + "\n" for line in yaml.safe_dump(data, sort_keys=False).splitlines())


FRAGMENTS = st.sampled_from(
    ["human", "error", "Human  Error", "should", "have", "Shouldn't", "blame", "blameless", "at", "fault", "-",
     "careless", "ness", "CARELESSLY", "negligent", "operator", "could have been avoided", " ", "\n", ".", "x",
     # non-ASCII: a typographic apostrophe, letters a case-insensitive pattern takes for i, s and k, and others
     "\u2019", "Shouldn\u2019t", "\u0131", "\u0130", "\u017f", "\u212a", "\u00e9", "\u2014", "\u00df", "\ufb01",
     "carele\u017fs", "negl\u0131gent", "NEGL\u0130GENCE", "\u017fhould"]
)  # fmt: skip


def test_ascii_lookalikes_are_every_character_a_pattern_or_lower_takes_for_an_ascii_letter() -> None:
    import importlib

    common = importlib.import_module("incidentlint.rules._common")
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {
        chr(code)
        for code in range(0x80, 0x110000)
        if letter.fullmatch(chr(code)) or any(char.isascii() for char in chr(code).lower())
    }
    assert found == set(common.ASCII_LOOKALIKES)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=8).map("".join), st.lists(FRAGMENTS, min_size=1, max_size=3).map(" ".join))
def test_blameless_shortcut_finds_what_the_regex_finds(text: str, phrase: str) -> None:
    """blameless-language skips the regex for text that lacks each phrase's longest word (lower-cased, where that
    is exact); with the shortcut turned off the findings are the same, for the default phrases and for configured
    ones, in ASCII and non-ASCII text."""
    import importlib

    from incidentlint.api import Options
    from incidentlint.registry import all_rules

    # The installed module the rule's check() reads _needles from (top-level rules/ is mapped onto it).
    module = importlib.import_module("incidentlint.rules.blameless_language")
    rule = all_rules()["blameless-language"]
    ascii_record = {
        "description": text,
        "technical_details": {"root_cause": phrase},
        "lessons_learned_preview": [text.upper()],
    }
    # A non-ASCII field turns off the look at all fields joined, but not the per-field look at the others.
    mixed_record = {**ascii_record, "business_impact": "Caf\u00e9 orders failed"}
    for data, phrases in itertools.product((ascii_record, mixed_record), (list(module.DEFAULT_PHRASES), [phrase])):
        options = Options({"phrases": phrases})
        with_shortcut = list(rule.check(data, options))
        original = module._needles
        try:
            setattr(module, "_needles", lambda words: None)  # noqa: B010 - mypy cannot see the mapped module
            without = list(rule.check(data, options))
        finally:
            setattr(module, "_needles", original)  # noqa: B010
        assert with_shortcut == without


@settings(max_examples=300, deadline=None)
@given(st.recursive(JSON_LEAF, lambda inner: st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12))
def test_span_scanner_decodes_strings_like_json_loads(value: Any) -> None:
    """The scanner that builds JSON spans takes unescaped strings straight from the text; with escapes, quotes,
    backslashes and non-ASCII in keys and values, it reads what json.loads reads."""
    import json

    from incidentlint.jsonload import scan

    for text in (json.dumps({"k": value}), json.dumps({"k": value}, ensure_ascii=False)):
        if "\\ud8" in text or "\\udc" in text or any("\ud800" <= c <= "\udfff" for c in text):
            continue  # lone surrogates are refused by design
        assert scan(text, [])[0] == json.loads(text)


PLACED = [
    "TBD",
    " todo: later",
    "tOdO",
    "\tFIXME",
    "<service>",
    "<b>Investigating</b>",
    "<https://x.example/1>",
    "<1% failed, p99 >3s",
    "N/A.",
    "n/a",
    "x-",
    "TBDs",
    "Stub",
    "? later",
    "lorem  IPSUM",
    "Lorem ipsum dolor",
    "?",
    "...",
    "\u2026",
    " - ",
    "\u2014",
    "0",
    "x",
    "XxXx",
    "xylophone",
    "{{ root_cause }}",
    "[fill in]",
    "[service name] was down",
    "[UPDATE] Payments restored",
    "[1] cited",
    "[runbook](https://x.example)",
    "(TBD)",
    "[TODO: graphs]",
    "TODO list endpoints failing",
    "Fill in the gaps",
    "FILL ME IN",
    "tbc - vendor",
    "Impact on {{ service }}",
    "Root cause: ${ROOT_CAUSE}",
    "Rendered `{{ a }}` as text",
    "{% if sev1 %}",
    "Paid $5 from ${var.budget}",
]
WORD_LISTS = [None, ("TBD", "todo"), ("?",), ("\u017ftub",), ("N/A", "a b"), ("lorem ipsum",), ()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), st.lists(st.sampled_from(PLACED), max_size=3), st.sampled_from(WORD_LISTS))
@example(reference(), ["Stub"], ("\u017ftub",))  # IGNORECASE: 'ſ' matches 's', so no ASCII shortcut for this list
def test_placeholder_shortcut_never_hides_a_placeholder(
    data: dict[str, Any], placed: list[str], words: tuple[str, ...] | None
) -> None:
    """placeholder-text asks a quick question ("could any string start with a placeholder?") before the walk
    that keeps pointers; the quick walk skips strings by their first characters. Whatever it skips, the rule
    reports exactly what the full walk finds, including under and beside 'x-' keys, for any word list, and
    templates anywhere in a string."""
    import importlib

    from incidentlint.api import Options
    from incidentlint.registry import all_rules

    module = importlib.import_module("incidentlint.rules.placeholder_text")
    rule = all_rules()["placeholder-text"]
    chosen = tuple(rule.options["words"]) if words is None else words
    for index, text in enumerate(placed):
        target = data if index % 2 == 0 else data.setdefault("x-notes", {})
        target[f"field{index}"] = [text] if index else text
    pattern = module._pattern(chosen)
    found = [
        locate()
        for locate, value in module.walk_strings_lazily(data)
        if pattern.match(value) or module._templates(value)
    ]
    if found:
        assert module._may_have_placeholder(data, pattern, module._heads(chosen))
    reported = [finding.pointer for finding in rule.check(data, Options({"words": list(chosen)}))]
    assert reported == found


def test_placeholder_shortcut_skips_ordinary_strings_and_only_those() -> None:
    """The quick walk is not vacuous: it answers no for the reference record and for ordinary text, and yes for
    any spelling of a word's start and for every built-in kind of placeholder, whatever the words; for a list
    with a non-ASCII start it turns itself off."""
    import importlib

    module = importlib.import_module("incidentlint.rules.placeholder_text")
    words = ("TBD", "TODO", "N/A")
    pattern, heads = module._pattern(words), module._heads(words)
    assert heads is not None
    harmless, size, _, clear = heads
    # "N/" and "n/" are not letters and digits anyway; 'lo' starts dummy text and 'xx' a value of x's.
    taken = {"TB", "Tb", "tB", "tb", "TO", "To", "tO", "to", "LO", "Lo", "lO", "lo", "XX", "Xx", "xX", "xx"}
    assert size == 2 and not harmless & (taken | {"x", "X"})
    alnum = string.ascii_letters + string.digits
    # A first character that starts no placeholder clears a string alone, whatever follows ('Dé', 'a\r') ...
    assert clear == set(alnum) - set("TtNnLlXx")
    # ... and after one that does, every other ASCII letter or digit, or nothing (a string of one character) but
    # 'x' and 'X'; those two-character starts are all the harmless set keeps.
    led = set("TtNnLlXx")
    assert harmless == ({first + then for first in led for then in alnum} | led) - taken - {"x", "X"}

    def cleared(text: str) -> bool:
        return text[:1] in clear or text[:size] in harmless

    assert all(cleared(first + then) for first in alnum for then in alnum if first + then not in taken)
    assert [text for text in taken | {"x", "X", "T-", "N/", "l."} if cleared(text)] == []
    assert all(map(cleared, ["Da", "ot", "xy", "Xa", "7", "0.", "5 ", "D-", "Ta"]))
    assert not module._may_have_placeholder({"a": ["D\u00e9ploy", "a\rb", "0\u2013"]}, pattern, heads)
    assert not module._may_have_placeholder(reference(), pattern, heads)
    built_in = ("<owner>", "?", "...", "-", "x", "XXXX", "Lorem ipsum", "[fill in]", "{{ a }}", "(TBD)")
    for text in ("tOdO", "  tbd", "n/a", *built_in):
        assert module._may_have_placeholder({"a": [{"b": text}]}, pattern, heads), text
    ordinary = ["Today", "Totally fine", "TBDs", "TODO list endpoints failing", "Lovely", "xylophone", "0", "-1"]
    assert not module._may_have_placeholder({"a": ordinary}, pattern, heads)
    no_words = module._pattern(()), module._heads(())
    for text in built_in[:-1]:  # '(TBD)' is a placeholder for its word
        assert module._may_have_placeholder({"a": [text]}, *no_words), text
    assert not module._may_have_placeholder({"a": ["TBD", "(TBD)", "todo: x"]}, *no_words)
    for text in ("Impact on {{ service }}", "Root cause: ${ROOT_CAUSE}", "Paged {% if sev1 %}"):
        assert module._may_have_placeholder({"a": [text]}, *no_words), text
    assert not module._may_have_placeholder({"a": ['{"pool": 200}', "Paid $5 from ${var.budget}"]}, *no_words)
    assert module._heads(("\u017ftub",)) is None
    assert module._heads(("?", "TBD"))[:2] == (frozenset(string.ascii_letters + string.digits) - set("TtxXlL"), 1)


@settings(max_examples=500)
@given(
    st.sampled_from([("TBD", "TODO", "FIXME", "XXX", "N/A", "fill in", "fill me in"), ("tbd",), ("a b", "N/A"), ()]),
    st.text(alphabet="TtBbDdOoFfIiXxNnAaLlMmEeRrPpSsUu/ .:-()\n\u212a\u017f", max_size=16),
)
@example(("fill in",), "Fill \n in: later")
@example(("TBD",), "tbd")
@example((), "xx")
@example((), "Lorem ipsum dolor")
def test_the_placeholder_start_gate_lets_through_every_string_the_full_expression_matches(
    words: tuple[str, ...], text: str
) -> None:
    """A string that starts with an ASCII letter or digit and is not harmless by its first characters goes to the
    full expression only past a cheap one: a word, 'lorem' or an x at its start. That gate must never turn away a
    string the full expression matches."""
    import importlib

    module = importlib.import_module("incidentlint.rules.placeholder_text")
    heads = module._heads(words)
    assert heads is not None
    if text[:1] in module._ALNUM_SET and module._pattern(words).match(text):
        assert heads[2].match(text), text


def test_a_record_without_placeholders_is_cleared_without_compiling_the_full_expression() -> None:
    """The full expression takes ~4 ms to compile: the reference record, whose 'Fix ...', 'Load testing ...' and
    'Tom Wilson ...' share their first letters with 'fill in', 'lorem' and 'todo', never needs it."""
    import importlib

    module = importlib.import_module("incidentlint.rules.placeholder_text")
    words = module.DEFAULT_WORDS
    fresh = module._pattern.__wrapped__(words)  # not the run's cached one, which another test may have compiled
    assert not module._may_have_placeholder(reference(), fresh, module._heads(words))
    assert "match" not in vars(fresh)
    assert module._may_have_placeholder({"a": "Fill in: later"}, fresh, module._heads(words))
    assert "match" in vars(fresh)


#: What may follow a string's first characters: nothing, each kind of continuation a placeholder needs, and prose.
TAILS = [
    "",
    " ",
    ".",
    ":",
    " - x",
    ")",
    "]",
    "\n",
    "x",
    "xx",
    "D",
    "DO",
    "rem ipsum",
    " ipsum",
    "/A",
    "ll in",
    "ll me in",
]


@pytest.mark.parametrize("words", [None, ("TBD", "todo"), ("N/A", "a b"), ("lorem ipsum",), ("?",), ("pending",), ()])
def test_every_harmless_start_starts_no_placeholder(words: tuple[str, ...] | None) -> None:
    """The quick walk passes over a string whose first characters are in the harmless set; for every such start
    and every ending that could complete a placeholder (of any kind, built-in or from the words), the exact
    expression agrees that it is none."""
    import importlib

    from incidentlint.registry import all_rules

    module = importlib.import_module("incidentlint.rules.placeholder_text")
    chosen = tuple(all_rules()["placeholder-text"].options["words"]) if words is None else words
    pattern, heads = module._pattern(chosen), module._heads(chosen)
    assert heads is not None
    harmless, size, _, clear = heads
    # A start shorter than ``size`` is a whole string (a longer one's start would be longer), so nothing follows;
    # a clear first character is followed by anything.
    strings = [head + tail for head in harmless for tail in (TAILS if len(head) == size else [""])]
    strings += [first + then + tail for first in clear for then in ["", "a", "T", "-", " ", "\u00e9"] for tail in TAILS]
    assert [text for text in strings if pattern.match(text)] == []
    assert len(clear) > 40 and len(strings) > 10 * (len(harmless) + len(clear)) / size  # the check is not vacuous


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: 1\n", {"a": 1}),
        ("--- \ntitle: DB outage\nok: true\nfix: False\n", {"title": "DB outage", "ok": True, "fix": False}),
        (
            "took: 5 minutes\nsla: 99.9%\nzero: 0\ncount: 1200\n",
            {"took": "5 minutes", "sla": "99.9%", "zero": 0, "count": 1200},
        ),
        ("- a\n- [1, 'two', {z: null}]\n- {}\n", ["a", [1, "two", {"z": None}], {}]),
        ('k: !!str 5\nq: "x: y"\nr: |\n  two\n  lines\n', {"k": "5", "q": "x: y", "r": "two\nlines\n"}),
        ("a:\n  b:\n    - c: ~\n", {"a": {"b": [{"c": None}]}}),
    ],
)
def test_the_quick_yaml_pass_takes_a_record_without_problems(text: str, data: object) -> None:
    """The differential tests accept the quick pass giving way to the full one on anything; a record with nothing
    to report must be taken quickly (no spans built), or the shortcut saves nothing: by the event pass, where
    the line reader gives way (a flow collection, a tag), and so by load_yaml_quickly."""
    from incidentlint.yamlload import load_events_quickly, load_yaml_quickly

    assert load_events_quickly(text) == (data, None, [])
    assert load_yaml_quickly(text) == (data, None, [])


def test_the_quick_yaml_pass_counts_values_as_the_full_pass_does() -> None:
    from incidentlint.jsonload import MAX_NODES
    from incidentlint.yamlload import load_events_quickly, load_yaml_quickly

    at_limit = "k:\n" + "  - a\n" * (MAX_NODES - 3)  # the mapping, its key, the list and its items
    for quickly in (load_yaml_quickly, load_events_quickly):
        data, spans, problems = quickly(at_limit)
        assert (spans, problems, data == {"k": ["a"] * (MAX_NODES - 3)}) == (None, [], True)
        _, _, problems = quickly(at_limit + "  - a\n")
        assert [(problem.rule, problem.message) for problem in problems] == [
            ("parse-error", f"the document has more than {MAX_NODES} values")
        ]
