"""Our replacements for jsonschema keywords (linear uniqueItems, patterns through a chosen engine, set-based
unevaluatedProperties/unevaluatedItems) judge validity exactly as jsonschema's own, on generated schemas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, _utils

from incidentlint.schemakeywords import evaluated_indexes, evaluated_keys, python_search, validator_class

KEYS = ["a", "b", "x-1", "x-2"]
#: Simple schemas, and some that evaluate members or items, so that unevaluated* has something to take into account.
LEAVES: list[Any] = [
    True,
    False,
    {},
    {"type": "integer"},
    {"type": "string"},
    {"minimum": 2},
    {"properties": {"a": {}}},
    {"properties": {"b": {"type": "integer"}}},
    {"patternProperties": {"^x-": {"type": "integer"}}},
    {"prefixItems": [{}]},
    {"items": {"type": "integer"}},
    {"contains": {"type": "string"}},
    {"if": {"required": ["a"]}, "then": {"properties": {"b": {}}}, "else": {"properties": {"x-1": {}}}},
    {"if": {"minItems": 2}, "then": {"prefixItems": [{}, {}]}, "else": {"prefixItems": [{}]}},
    {"dependentSchemas": {"a": {"properties": {"b": {}}}}},
]


def _object_schemas(
    children: st.SearchStrategy[Any], refs: bool, required: tuple[str, ...] = ()
) -> st.SearchStrategy[dict[str, Any]]:
    keywords: dict[str, st.SearchStrategy[Any]] = {
        "properties": st.dictionaries(st.sampled_from(KEYS), children, max_size=2),
        "patternProperties": st.dictionaries(st.sampled_from(["^x-", "^a", "2$"]), children, max_size=2),
        "additionalProperties": children,
        "unevaluatedProperties": children,
        "allOf": st.lists(children, min_size=1, max_size=2),
        "anyOf": st.lists(children, min_size=1, max_size=2),
        "oneOf": st.lists(children, min_size=1, max_size=2),
        "if": children,
        "then": children,
        "else": children,
        "dependentSchemas": st.dictionaries(st.sampled_from(KEYS), children, max_size=1),
        "prefixItems": st.lists(children, min_size=1, max_size=2),
        "items": children,
        "contains": children,
        "unevaluatedItems": children,
        "uniqueItems": st.booleans(),
    }
    if refs:  # only to the shared definition, which has no $ref of its own: no cycles
        keywords["$ref"] = st.just("#/$defs/shared")
    always = {name: keywords.pop(name) for name in required}
    return st.fixed_dictionaries(always, optional=keywords)


SCHEMAS = st.recursive(st.sampled_from(LEAVES), lambda inner: _object_schemas(inner, refs=True), max_leaves=6)
SHARED = st.recursive(st.sampled_from(LEAVES), lambda inner: _object_schemas(inner, refs=False), max_leaves=4)
VALUES = st.recursive(
    st.integers(0, 3) | st.sampled_from(["s", "t"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    max_leaves=8,
)


def _agree(schema: Any, shared: Any, instance: Any) -> None:
    root = {"$defs": {"shared": shared}, **schema} if isinstance(schema, dict) else schema
    ours = validator_class(python_search)(root)
    theirs = Draft202012Validator(root)
    assert ours.is_valid(instance) == theirs.is_valid(instance)


@settings(max_examples=400, deadline=None)
@given(SCHEMAS, SHARED, VALUES)
def test_our_keywords_agree_with_jsonschema_on_validity(schema: Any, shared: Any, instance: Any) -> None:
    _agree(schema, shared, instance)


@settings(max_examples=600, deadline=None)
@given(
    _object_schemas(SCHEMAS, refs=True, required=("unevaluatedProperties",)),
    SHARED,
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4),
)
def test_unevaluated_properties_agree_with_jsonschema(schema: Any, shared: Any, instance: Any) -> None:
    _agree(schema, shared, instance)


@settings(max_examples=600, deadline=None)
@given(_object_schemas(SCHEMAS, refs=True, required=("unevaluatedItems",)), SHARED, st.lists(VALUES, max_size=4))
def test_unevaluated_items_agree_with_jsonschema(schema: Any, shared: Any, instance: Any) -> None:
    _agree(schema, shared, instance)


# jsonschema's own finders (private, so only here, as the reference): ours must find exactly what they find.
_THEIR_KEYS: Callable[[Any, Any, Any], list[str]] = _utils.find_evaluated_property_keys_by_schema
_THEIR_INDEXES: Callable[[Any, Any, Any], list[int]] = _utils.find_evaluated_item_indexes_by_schema


@settings(max_examples=600, deadline=None)
@given(SCHEMAS, SHARED, st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4))
def test_evaluated_keys_are_jsonschemas(schema: Any, shared: Any, instance: dict[str, Any]) -> None:
    root = {"$defs": {"shared": shared}, **schema} if isinstance(schema, dict) else schema
    validator = Draft202012Validator(root)
    assert evaluated_keys(validator, instance, root, python_search) == set(_THEIR_KEYS(validator, instance, root))


@settings(max_examples=600, deadline=None)
@given(SCHEMAS, SHARED, st.lists(VALUES, max_size=4))
def test_evaluated_indexes_are_jsonschemas(schema: Any, shared: Any, instance: list[Any]) -> None:
    root = {"$defs": {"shared": shared}, **schema} if isinstance(schema, dict) else schema
    validator = Draft202012Validator(root)
    assert evaluated_indexes(validator, instance, root) == set(_THEIR_INDEXES(validator, instance, root))
