"""Schema validation stays linear on hostile records: uniqueItems (D7) and a user schema's patterns (D8).

No wall-clock assertions: the work is counted (Python calls, string comparisons, calls into Python's re), so a
quadratic or backtracking path fails the test however fast or loaded the machine is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import _utils

from incidentlint.diagnostics import Finding
from incidentlint.schema import SchemaValidator
from incidentlint.schemakeywords import canonical, first_repeat, linear_search, python_search, rust_dialect
from tests.helpers import reference


def _calls(action: Callable[[], object]) -> int:
    """How many Python and C functions ``action`` calls: a measure of work that does not depend on the clock."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def _with_services(services: list[Any]) -> dict[str, Any]:
    data = reference()
    data["affected_services"] = services
    return data


def test_unique_items_over_objects_takes_linear_work() -> None:
    """jsonschema compares unhashable items pairwise: 8,000 objects took 52 s. Twice the objects must cost about
    twice the work (a pairwise comparison costs four times as much)."""
    validator = SchemaValidator.create()
    small = _with_services([{"name": f"svc-{n}"} for n in range(400)])
    large = _with_services([{"name": f"svc-{n}"} for n in range(800)])
    assert _calls(lambda: validator.findings(small)) * 2.5 > _calls(lambda: validator.findings(large))
    found = validator.findings(large)
    assert len(found) == 101
    assert found[0] == Finding("/affected_services/0", "affected_services[0] must be a string; got an object")
    assert found[-1] == Finding(
        "",
        "the record has more than 100 schema problems; only the first 100 are reported — fix those and run again",
        identity="more schema problems than listed",
    )


class _Counted(str):
    """A string that counts how often it is compared for equality."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        _Counted.comparisons += 1
        return str.__eq__(self, other) is True

    __hash__ = str.__hash__


def test_a_repeat_at_the_end_of_many_strings_is_found_without_pairwise_comparisons() -> None:
    """190,000 distinct services and one repeat at the end timed out after 120 s: the message searched a list for
    each item. Now each item is compared about once."""
    services = [_Counted(f"service-{n}") for n in range(3_000)] + [_Counted("service-0")]
    _Counted.comparisons = 0
    found = SchemaValidator.create().findings(_with_services(services))
    assert found == [
        Finding("/affected_services", "affected_services lists 'service-0' more than once; remove the repeat")
    ]
    assert _Counted.comparisons <= 10


def test_repeats_follow_json_schema_equality() -> None:
    assert first_repeat([1, True, 0, False, "1", None, [1], {"a": 1}]) is None
    assert first_repeat([1, True, 1.0]) == (2, 1.0)
    assert first_repeat([{"a": 1, "b": [True, 2]}, {"b": [True, 2.0], "a": 1}]) == (1, {"b": [True, 2.0], "a": 1})
    assert first_repeat([[1, 2], [2, 1]]) is None
    assert first_repeat([{"a": [1]}, {"a": [True]}]) is None
    assert first_repeat([None, None]) == (1, None)


JSON = st.recursive(
    st.none() | st.booleans() | st.sampled_from([0, 1, 2, 0.0, 1.0, 2.5]) | st.sampled_from(["", "a", "1"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
    max_leaves=5,
)


def equal(one: Any, two: Any) -> bool:
    """jsonschema's own equality of two JSON values (true is not 1, 1 is 1.0)."""
    return bool(_utils.equal(one, two))  # type: ignore[no-untyped-call]


@given(st.lists(JSON, max_size=6))
def test_repeats_are_found_exactly_where_jsonschema_sees_equal_items(items: list[Any]) -> None:
    """The canonical form agrees with jsonschema's own equality, pair by pair (its uniq() is not an oracle: it
    misses [[1], [true], [1]])."""
    pairwise = any(equal(items[i], items[j]) for i in range(len(items)) for j in range(i))
    assert (first_repeat(items) is not None) == pairwise
    for i in range(len(items)):
        for j in range(i):
            assert (canonical(items[i]) == canonical(items[j])) == equal(items[i], items[j])


EVIL = "^(a+)+$"


def test_a_user_pattern_is_matched_without_python_re(monkeypatch: Any) -> None:
    """Python's re backtracks: '^(a+)+$' against 29 characters took 18 s. A user's patterns go to jsonschema-rs,
    whose engine is linear; Python's re.search is never asked about them."""
    schema = {
        "type": "object",
        "properties": {"title": {"type": "string", "pattern": EVIL}},
        "patternProperties": {"^(b+)+$": {"type": "integer"}},
        "additionalProperties": False,
    }
    validator = SchemaValidator.create(schema)
    real = re.search

    def spy(pattern: Any, string: Any, flags: Any = 0) -> Any:
        # Refuse at once rather than backtrack for hours: with Python's re, this test would never end.
        assert pattern not in (EVIL, "^(b+)+$"), f"Python's re was asked to match {pattern!r}"
        return real(pattern, string, flags)

    monkeypatch.setattr(re, "search", spy)
    data = {"title": "a" * 40 + "!", "bbbb": "four", "b" * 40 + "!": 1}
    assert not validator.is_valid(data)
    assert validator.findings(data) == [
        Finding(
            "/" + "b" * 40 + "!",
            "unknown field '"
            + "b" * 40
            + "!' in the record; remove it, or prefix it with 'x-' to keep a local extension",
            on_key=True,
        ),
        Finding("/bbbb", "bbbb must be a whole number; got 'four'"),
        Finding("/title", "title does not have the expected form; got '" + "a" * 40 + "!'"),
    ]


def test_python_end_anchor_is_matched_linearly_as_rusts() -> None:
    """\\Z (Python's end of the text, which hostile-inputs.md advises) used to send a pattern to Python's re, where
    '^(a+)+\\Z' hung a run on a 34-character title. It is Rust's \\z, so the pattern stays linear."""
    assert rust_dialect("^a+\\Z") == "^a+\\z"
    assert rust_dialect("a\\\\Z") == "a\\\\Z"  # an escaped backslash, then the letter Z
    assert rust_dialect("a\\\\\\Z") == "a\\\\\\z"
    search = linear_search()
    assert search("^a+\\Z", "aaa") and not search("^a+\\Z", "aab") and not search("^a+\\Z", "aaa\n")
    evil_end = "^(a+)+\\Z"
    real = re.search
    try:
        re.search = lambda *args, **kwargs: pytest.fail("Python's re was asked")
        assert search(EVIL, "aaaa") and not search(EVIL, "a" * 10_000 + "!")
        assert search(evil_end, "aaaa") and not search(evil_end, "a" * 10_000 + "!")
    finally:
        re.search = real


def test_without_jsonschema_rs_user_patterns_use_python_re(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # makes `import jsonschema_rs` raise ImportError
    assert linear_search() is python_search
    schema = {"type": "object", "properties": {"title": {"type": "string", "pattern": "^[a-z]+$"}}}
    validator = SchemaValidator.create(schema)
    assert validator.is_valid({"title": "abc"})
    assert validator.findings({"title": "ABC"}) == [
        Finding("/title", "title does not have the expected form; got 'ABC'")
    ]
