"""A user's schema (config key ``schema``) through the real command line: checked whole at start-up (F1, F3, F4),
then applied without backtracking (D8) and with short messages (D9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import position_of, run_cli, run_json


def _setup(tmp_path: Path, schema: Any, record: Any = None, name: str = "mine.json") -> tuple[Path, Path]:
    """A config naming the schema file ``name``, and a record; returns (config, record)."""
    text = schema if isinstance(schema, str) else json.dumps(schema, indent=2)
    (tmp_path / name).write_text(text, "utf-8")
    config = tmp_path / ".incidentlint.yaml"
    config.write_text(f"schema: {name}\n", "utf-8")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record if record is not None else {"title": 1}, indent=2), "utf-8")
    return config, path


def _refused(tmp_path: Path, schema: Any, name: str = "mine.json") -> str:
    """The configuration error for ``schema``: exit 2, nothing on stdout, one line on stderr."""
    config, record = _setup(tmp_path, schema, name=name)
    code, out, err = run_cli("--config", str(config), str(record))
    assert (code, out) == (2, "")
    assert "Traceback" not in err and err.count("\n") == 1
    prefix = f"incidentlint: error: schema {tmp_path / name}: "
    assert err.startswith(prefix)
    return err[len(prefix) : -1]


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing is ever fetched: a download attempt fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("incidentlint tried to download something")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


# -- F1/F3: every reference resolves at start-up -------------------------------------------------------------------


def test_a_reference_to_a_missing_definition_stops_the_run_at_start_up(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"title": {"$ref": "#/$defs/missing"}}}
    assert _refused(tmp_path, schema) == (
        "$ref '#/$defs/missing' at /properties/title cannot be resolved: there is nothing at /$defs/missing"
    )


def test_a_reference_into_the_bundled_schema_must_lead_somewhere(tmp_path: Path) -> None:
    schema = {"allOf": [{"$ref": "https://incidentlint.dev/schemas/incident.schema.json#/$defs/nope"}]}
    assert _refused(tmp_path, schema) == (
        "$ref 'https://incidentlint.dev/schemas/incident.schema.json#/$defs/nope' at /allOf/0 cannot be resolved: "
        "there is nothing at /$defs/nope"
    )


def test_a_reference_to_a_missing_anchor_stops_the_run(tmp_path: Path) -> None:
    schema = {"$defs": {"a": {"$anchor": "here"}}, "properties": {"x": {"items": {"$ref": "#there"}}}}
    assert _refused(tmp_path, schema) == (
        "$ref '#there' at /properties/x/items cannot be resolved: no subschema declares the anchor 'there'"
    )


def test_a_remote_dynamic_reference_is_refused_not_fetched(tmp_path: Path) -> None:
    schema = {"$id": "https://x.example/s", "properties": {"a": {"$dynamicRef": "http://127.0.0.1:9/y#meta"}}}
    assert _refused(tmp_path, schema) == (
        "the schema refers to 'http://127.0.0.1:9/y#meta', which is not bundled; incidentlint never downloads "
        "schemas, so refer only to the bundled schema's $id or to definitions inside your file"
    )


def test_a_dynamic_reference_to_a_missing_pointer_is_refused(tmp_path: Path) -> None:
    schema = {"properties": {"a": {"$dynamicRef": "#/$defs/gone"}}}
    assert _refused(tmp_path, schema) == (
        "$dynamicRef '#/$defs/gone' at /properties/a cannot be resolved: there is nothing at /$defs/gone"
    )


def test_references_that_resolve_are_accepted_wherever_they_stand(tmp_path: Path) -> None:
    """Relative to a nested $id, recursive, dynamic, and "$ref" as data inside const (not a reference)."""
    schema = {
        "$id": "https://acme.example/root.json",
        "$defs": {
            "inner": {
                "$id": "inner.json",
                "$defs": {"name": {"type": "string"}},
                "properties": {"n": {"$ref": "#/$defs/name"}},
            },
            "tree": {"$dynamicAnchor": "node", "properties": {"child": {"$dynamicRef": "#node"}}},
        },
        "properties": {
            "x": {"$ref": "inner.json"},
            "t": {"$ref": "#/$defs/tree"},
            "c": {"const": {"$ref": "#/nowhere"}},
        },
    }
    record = {"x": {"n": 5}, "t": {"child": {"child": {}}}, "c": {"$ref": "#/nowhere"}}
    config, path = _setup(tmp_path, schema, record)
    code, report = run_json("--config", str(config), "--select", "schema", str(path))
    text = path.read_text("utf-8")
    assert (code, [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]]) == (
        1,
        [(*position_of(text, "5"), "x.n must be a string; got 5")],
    )


LOOP = (
    "that never moves into a part of the record, so validating would never end; a schema can refer back to itself "
    "only from inside properties, items or another keyword that checks a part of the record"
)


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#"},
            f"$ref '#' at / leads round a loop (/ -> /) {LOOP}",
        ),
        (
            {"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"},
            f"$ref '#/$defs/a' at /$defs/a leads round a loop (/$defs/a -> /$defs/a) {LOOP}",
        ),
        (
            {
                "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                "properties": {"x": {"$ref": "#/$defs/a"}},
            },
            f"$ref '#/$defs/b' at /$defs/a leads round a loop (/$defs/a -> /$defs/b -> /$defs/a) {LOOP}",
        ),
        (  # checking something on the way does not end the loop: the value is the same each time round
            {"type": "object", "anyOf": [{"required": ["a"]}, {"$ref": "#"}]},
            f"$ref '#' at /anyOf/1 leads round a loop (/anyOf/1 -> / -> /anyOf/1) {LOOP}",
        ),
        (
            {
                "$defs": {
                    "a": {"allOf": [{"$ref": "#/$defs/b"}]},
                    "b": {"if": {"type": "string"}, "else": {"not": {"$ref": "#/$defs/a"}}},
                }
            },
            "$ref '#/$defs/b' at /$defs/a/allOf/0 leads round a loop (/$defs/a/allOf/0 -> /$defs/b -> "
            f"/$defs/b/else -> /$defs/b/else/not -> /$defs/a -> /$defs/a/allOf/0) {LOOP}",
        ),
        (
            {"$dynamicAnchor": "me", "$dynamicRef": "#me"},
            f"$dynamicRef '#me' at / leads round a loop (/ -> /) {LOOP}",
        ),
    ],
)
def test_a_reference_loop_that_never_moves_into_the_record_stops_the_run(
    tmp_path: Path, schema: dict[str, Any], message: str
) -> None:
    """Each of these made every record an internal error (RecursionError) before."""
    assert _refused(tmp_path, schema) == message


def test_a_recursive_schema_for_a_tree_still_works(tmp_path: Path) -> None:
    node = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
    }
    schema = {"$defs": {"node": node}, "type": "object", "properties": {"tree": {"$ref": "#/$defs/node"}}}
    leaf: dict[str, Any] = {"name": 7}
    for depth in range(20):
        leaf = {"name": f"level {depth}", "children": [leaf]}
    config, path = _setup(tmp_path, schema, {"tree": leaf})
    code, report = run_json("--config", str(config), "--select", "schema", str(path))
    text = path.read_text("utf-8")
    pointer = "tree" + ".children[0]" * 20 + ".name"
    line, column = position_of(text, '"name": 7')
    assert (code, [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]]) == (
        1,
        [(line, column + len('"name": '), f"{pointer} must be a string; got 7")],
    )


def _chain(length: int) -> dict[str, Any]:
    """A schema applying ``length`` subschemas in a row to the record, by references a0 -> a1 -> ..."""
    definitions: dict[str, Any] = {f"a{n}": {"$ref": f"#/$defs/a{n + 1}"} for n in range(length - 1)}
    definitions[f"a{length - 1}"] = {"type": "object"}
    return {"$defs": definitions, "$ref": "#/$defs/a0"}


def test_a_chain_of_a_hundred_references_is_accepted(tmp_path: Path) -> None:
    config, path = _setup(tmp_path, _chain(100), {"title": "x"})
    assert run_cli("--config", str(config), "--select", "schema", str(path))[0] == 0


def test_a_chain_of_references_too_long_to_validate_stops_the_run(tmp_path: Path) -> None:
    """A chain of 1,000 references exhausted the stack on every record, as a loop does."""
    assert _refused(tmp_path, _chain(1000)) == (
        "more than 100 subschemas are applied in a row to one value from / (through $ref, allOf, anyOf, oneOf, not "
        "or if/then/else), which would exhaust the stack while validating; shorten the chain"
    )


def test_a_record_too_deep_for_a_recursive_schema_gets_a_finding_not_a_crash(tmp_path: Path) -> None:
    """A chain of 45 subschemas applied again at each of 62 levels passed Python's stack: an internal error (exit 3)
    telling the user to report a bug. The schema is legal and the record within the nesting limit, so it is this
    record's finding, and the other files are still checked."""
    length = 45
    definitions: dict[str, Any] = {f"a{n}": {"allOf": [{"$ref": f"#/$defs/a{n + 1}"}]} for n in range(length)}
    definitions[f"a{length}"] = {"type": "object", "properties": {"child": {"$ref": "#/$defs/a0"}}}
    deep: dict[str, Any] = {}
    for _ in range(62):
        deep = {"child": deep}
    config, path = _setup(tmp_path, {"$defs": definitions, "$ref": "#/$defs/a0"}, deep)
    shallow = tmp_path / "shallow.json"
    shallow.write_text(json.dumps({"child": {"child": {}}}), "utf-8")
    code, report = run_json("--config", str(config), "--select", "schema", str(path), str(shallow))
    assert code == 1
    assert [(d["file"], d["line"], d["column"], d["rule"], d["message"]) for d in report["diagnostics"]] == [
        (
            str(path),
            1,
            1,
            "schema",
            "this record could not be checked against the schema: its subschemas, applied again at each level of the "
            "record's nesting, go deeper than Python's stack allows; shorten the schema's chains of $ref and allOf, "
            "or nest the record less deeply",
        )
    ]


# -- F4: the schema file goes through the hardened loader ----------------------------------------------------------


def test_a_schema_file_that_is_a_fifo_is_refused_without_reading_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "mine.json")
    config = tmp_path / ".incidentlint.yaml"
    config.write_text("schema: mine.json\n", "utf-8")
    (tmp_path / "r.json").write_text("{}", "utf-8")
    code, out, err = run_cli("--config", str(config), str(tmp_path / "r.json"))
    assert (code, out) == (2, "")
    assert err == (
        f"incidentlint: error: schema {tmp_path / 'mine.json'} is a pipe (FIFO), not a regular file; "
        "name a regular file\n"
    )


def test_a_duplicate_key_in_a_json_schema_names_the_key_and_line(tmp_path: Path) -> None:
    text = '{\n  "type": "object",\n  "properties": {},\n  "type": "array"\n}\n'
    assert _refused(tmp_path, text) == (
        "key 'type' appears twice in this object (first at 2:3); the later value silently wins, so remove one "
        "(line 4, column 3)"
    )


def test_a_duplicate_key_in_a_yaml_schema_names_the_key_and_line(tmp_path: Path) -> None:
    text = "type: object\nproperties:\n  a: {type: string}\n  a: {type: integer}\n"
    assert _refused(tmp_path, text, name="mine.yaml") == (
        "key 'a' appears twice in this object (first at 3:3); the later value silently wins, so remove one "
        "(line 4, column 3)"
    )


def test_of_several_problems_in_a_schema_file_the_first_is_named(tmp_path: Path) -> None:
    text = '{\n  "type": "object",\n  "type": "array",\n  "title": "a",\n  "title": "b"\n}\n'
    assert _refused(tmp_path, text) == (
        "key 'type' appears twice in this object (first at 2:3); the later value silently wins, so remove one "
        "(line 3, column 3)"
    )


def test_a_yaml_schema_refused_by_the_loader_is_told_about_the_schema_not_a_record(tmp_path: Path) -> None:
    text = "type: object\nproperties:\n  a: &shared {type: string}\n  b: *shared\n"
    assert _refused(tmp_path, text, name="mine.yaml") == (
        "anchors (&shared) are not supported in a schema file; write the value out (line 3, column 6)"
    )


def test_a_json_syntax_error_in_the_schema_has_a_position(tmp_path: Path) -> None:
    assert _refused(tmp_path, '{\n  "type": "object",\n}\n') == (
        "invalid JSON: trailing comma before the closing bracket (line 2, column 19)"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"type": "\xff"}', "invalid UTF-8: byte 0xff cannot start or continue a character; save the file as UTF-8"),
        ('{"type": "object"}'.encode("utf-16"), "the file is encoded as UTF-16; save it as UTF-8"),
    ],
)
def test_a_schema_that_is_not_utf8_is_named_with_the_reason(tmp_path: Path, raw: bytes, message: str) -> None:
    config, record = _setup(tmp_path, "{}")
    (tmp_path / "mine.json").write_bytes(raw)
    assert run_cli("--config", str(config), str(record)) == (
        2,
        "",
        f"incidentlint: error: schema {tmp_path / 'mine.json'}: {message}\n",
    )


@pytest.mark.parametrize("name", ["mine.yaml", "mine.yml"])
def test_a_yaml_syntax_error_in_the_schema_is_not_called_invalid_json(tmp_path: Path, name: str) -> None:
    assert _refused(tmp_path, "type: [object\n", name=name) == (
        "YAML syntax error: the list opened with '[' here is never closed; add ']' after its last item "
        "(line 1, column 7)"
    )


@pytest.mark.parametrize(
    ("text", "name"), [("[1]", "mine.json"), ("- type: object\n", "mine.yaml"), ("7", "mine.json")]
)
def test_a_schema_that_is_not_an_object_is_refused(tmp_path: Path, text: str, name: str) -> None:
    assert _refused(tmp_path, text, name=name) == "a JSON Schema must be an object"


# -- D8/D9: applying the schema ------------------------------------------------------------------------------------


def test_a_backtracking_pattern_in_a_user_schema_is_checked_in_linear_time(tmp_path: Path) -> None:
    """The console script in a subprocess: with Python's re this title would take longer than the universe's age,
    so a regression fails by the subprocess timeout instead of blocking the suite."""
    title = "a" * 100_000 + "!"
    schema = {"type": "object", "properties": {"title": {"type": "string", "pattern": "^(a+)+$"}}}
    config, path = _setup(tmp_path, schema, {"title": title})
    script = str(Path(sys.executable).parent / "incidentlint")
    done = subprocess.run(
        [script, "--config", str(config), "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(done.stdout)
    text = path.read_text("utf-8")
    assert (done.returncode, [(d["rule"], d["line"], d["column"], d["message"]) for d in report["diagnostics"]]) == (
        1,
        [("schema", *position_of(text, '"aaa'), "title does not have the expected form; got '" + "a" * 79 + "…'")],
    )


def test_user_patterns_follow_the_json_schema_dialect(tmp_path: Path) -> None:
    """jsonschema-rs matches as ECMA-262 (the dialect JSON Schema specifies): '$' is the end of the text, not
    also the place before a final line break as in Python."""
    schema = {"type": "object", "properties": {"title": {"type": "string", "pattern": "^[a-z]+$"}}}
    config, path = _setup(tmp_path, schema, {"title": "abc\n"})
    code, report = run_json("--config", str(config), str(path))
    assert (code, [d["message"] for d in report["diagnostics"]]) == (
        1,
        ["title does not have the expected form; got 'abc\\x0a'"],
    )


def test_a_huge_key_is_shortened_in_the_place_it_is_named(tmp_path: Path) -> None:
    key = "k" * 1_000_000
    schema = {"type": "object", "additionalProperties": {"type": "string"}}
    config, path = _setup(tmp_path, schema, {key: 5})
    code, report = run_json("--config", str(config), str(path))
    [d] = report["diagnostics"]
    line, column = position_of(path.read_text("utf-8"), ": 5")
    assert (code, d["line"], d["column"]) == (1, line, column + 2)
    assert d["message"] == "k" * 59 + "… must be a string; got 5"


def test_unique_items_uses_json_equality_in_the_message(tmp_path: Path) -> None:
    """true and 1 are different JSON values, 1 and 1.0 the same: the repeat named is the second 1, not true."""
    schema = {"type": "object", "properties": {"codes": {"type": "array", "uniqueItems": True}}}
    config, path = _setup(tmp_path, schema, {"codes": [1, True, {"a": [1.0]}, {"a": [1]}, 1]})
    code, report = run_json("--config", str(config), str(path))
    text = path.read_text("utf-8")
    assert (code, [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]]) == (
        1,
        [(*position_of(text, "["), "codes lists an object more than once; remove the repeat")],
    )
    path.write_text(json.dumps({"codes": [1, True, 1.0]}), "utf-8")
    code, report = run_json("--config", str(config), str(path))
    assert (code, [d["message"] for d in report["diagnostics"]]) == (
        1,
        ["codes lists 1.0 more than once; remove the repeat"],
    )
    path.write_text(json.dumps({"codes": [1, True, 0, False, [1], [True]]}), "utf-8")
    assert run_json("--config", str(config), str(path))[1]["diagnostics"] == []


@pytest.mark.parametrize(
    ("pattern", "where", "schema"),
    [
        ("(?P<x>a)(?P=x)", "/properties/title/pattern", {"properties": {"title": {"pattern": "(?P<x>a)(?P=x)"}}}),
        ("a{,3}", "/patternProperties/a{,3}", {"patternProperties": {"a{,3}": {"type": "string"}}}),
        ("(a)(?(1)b|c)", "/$defs/id/pattern", {"$defs": {"id": {"pattern": "(a)(?(1)b|c)"}}}),
    ],
)
def test_a_pattern_outside_the_linear_dialect_stops_the_run(
    tmp_path: Path, pattern: str, where: str, schema: Any
) -> None:
    """Left to Python's backtracking re, such a pattern could hang a run on one crafted value: refused at start-up,
    with exit 2, naming the pattern and where it is."""
    assert _refused(tmp_path, {"type": "object", **schema}) == (
        f"the pattern '{pattern}' at {where} is outside the regular-expression dialect JSON Schema specifies "
        "(ECMA-262), which incidentlint matches in time linear in the text; rewrite it in that dialect (\\Z may "
        "stay)"
    )


def _console(config: Path, path: Path, timeout: float = 60) -> tuple[int, list[tuple[int, int, str]]]:
    """The console script in a subprocess, so a hang fails by the timeout instead of blocking the suite."""
    script = str(Path(sys.executable).parent / "incidentlint")
    done = subprocess.run(
        [script, "--config", str(config), "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    report = json.loads(done.stdout)
    return done.returncode, [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]]


def test_unevaluated_properties_match_pattern_properties_in_linear_time(tmp_path: Path) -> None:
    """jsonschema's unevaluatedProperties matched patternProperties with Python's re: one 31-character key against
    ^(a+)+$ hung the run (jsonschema-rs had already said the record was invalid, so jsonschema described it)."""
    key = "a" * 30 + "!"
    schema = {"type": "object", "patternProperties": {"^(a+)+$": {}}, "unevaluatedProperties": False}
    config, path = _setup(tmp_path, schema, {"aaaa": 1, key: 2})
    text = path.read_text("utf-8")
    assert _console(config, path) == (
        1,
        [
            (
                *position_of(text, f'"{key}"'),
                f"unknown field '{key}' in the record; remove it, or prefix it with 'x-' to keep a local extension",
            )
        ],
    )


@pytest.mark.slow
def test_unevaluated_properties_and_items_are_linear_in_the_number_of_members(tmp_path: Path) -> None:
    """jsonschema kept the evaluated keys (and indexes) in a list and looked each member up in it: 40,000 x- keys
    took 13 s, 60,000 keys and 60,000 items about a minute. Here they take about a second, so a 20 s timeout catches
    a return of the quadratic while leaving room for a slow, shared machine."""
    schema = {
        "type": "object",
        "patternProperties": {"^x-": {}},
        "properties": {"codes": {"items": {"type": "integer"}, "unevaluatedItems": False}},
        "unevaluatedProperties": False,
    }
    record: dict[str, Any] = {f"x-{n}": n for n in range(60_000)}
    record["codes"] = list(range(60_000))
    record["unknown"] = 1
    config, path = _setup(tmp_path, schema, record)
    text = path.read_text("utf-8")
    assert _console(config, path, timeout=20) == (
        1,
        [
            (
                *position_of(text, '"unknown"'),
                "unknown field 'unknown' in the record; remove it, or prefix it with 'x-' to keep a local extension",
            )
        ],
    )


def test_unevaluated_properties_count_what_subschemas_evaluated(tmp_path: Path) -> None:
    """Keys evaluated by an allOf branch, or valid under unevaluatedProperties itself, are not reported; the
    others are, at their keys."""
    schema = {
        "type": "object",
        "allOf": [{"properties": {"a": {"type": "integer"}}}],
        "unevaluatedProperties": {"type": "string"},
    }
    config, path = _setup(tmp_path, schema, {"a": 1, "b": "fine", "c": 3})
    code, report = run_json("--config", str(config), str(path))
    text = path.read_text("utf-8")
    assert (code, [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]]) == (
        1,
        [(*position_of(text, "3"), "c must be a string; got 3")],
    )
    path.write_text(json.dumps({"a": 1, "b": "fine"}), "utf-8")
    assert run_json("--config", str(config), str(path))[1]["diagnostics"] == []


def test_unevaluated_items_are_reported_past_the_prefix(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"pair": {"prefixItems": [{"type": "string"}, {"type": "string"}], "unevaluatedItems": False}},
    }
    config, path = _setup(tmp_path, schema, {"pair": ["a", "b", "c", "d"]})
    code, report = run_json("--config", str(config), str(path))
    text = path.read_text("utf-8")
    assert (code, [(d["line"], d["column"], d["message"]) for d in report["diagnostics"]]) == (
        1,
        [(*position_of(text, "["), "pair has 2 items the schema does not allow, the first at index 2; remove them")],
    )
    path.write_text(json.dumps({"pair": ["a", "b"]}), "utf-8")
    assert run_json("--config", str(config), str(path))[1]["diagnostics"] == []
