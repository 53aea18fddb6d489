"""JSON Schema keywords that replace jsonschema's own where those are quadratic (uniqueItems) or backtrack (pattern).

jsonschema compares unhashable array items pairwise, so ``uniqueItems`` over 8,000 objects took 52 s; here every
item gets a hashable canonical form and one pass with a set finds the first repeat. jsonschema matches ``pattern``
and ``patternProperties`` with Python's backtracking ``re``, so a user's ``^(a+)+$`` against 29 characters took
18 s; a user's schema gets its patterns matched by jsonschema-rs instead (Rust's regex crate, linear in the text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from incidentlint import pointer as jp
from incidentlint.lazyre import lazy
from incidentlint.textsafe import show_value, truncate, visible

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

#: ``search(pattern, text)``: whether ``pattern`` matches anywhere in ``text`` (JSON Schema patterns are not anchored).
Search = Callable[[str, str], bool]


def canonical(value: Any) -> Any:
    """A hashable form of a JSON value that is equal exactly where JSON Schema calls two values equal: 1 and 1.0
    are equal, true and 1 are not, object members are compared without their order, array items in theirs."""
    if isinstance(value, bool):  # before int: bool is a subclass of int, and true == 1 in Python
        return ("b", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, int | float):
        return ("n", value)  # 1 == 1.0 and hash(1) == hash(1.0), as JSON Schema wants
    if value is None:
        return ("z",)
    if isinstance(value, list):
        return ("a", tuple(canonical(item) for item in value))
    if isinstance(value, dict):
        return ("o", frozenset((key, canonical(item)) for key, item in value.items()))
    return ("?", repr(value))  # not a JSON value: equal only to something that prints the same


def first_repeat(items: Sequence[Any]) -> tuple[int, Any] | None:
    """The index and value of the first item equal (by JSON Schema's rules) to an earlier one, or None."""
    seen: set[Any] = set()
    for index, item in enumerate(items):
        key = canonical(item)
        if key in seen:
            return index, item
        seen.add(key)
    return None


def python_search(pattern: str, text: str) -> bool:
    """Python's ``re``, as jsonschema matches: right for patterns we wrote and test (the bundled schema's)."""
    return re.search(pattern, text) is not None


#: ``\\Z`` not itself escaped: Python's end of the text, which Rust's regex engine spells ``\\z``.
_PYTHON_END = lazy(r"(?<!\\)((?:\\\\)*)\\Z")


def rust_dialect(pattern: str) -> str:
    """``pattern`` for jsonschema-rs: ``\\Z``, which hostile-inputs.md advises against a final line break slipping
    past ``$``, becomes Rust's ``\\z``, the same anchor. Everything else is already JSON Schema's dialect."""
    return _PYTHON_END.sub(r"\1\\z", pattern) if "\\Z" in pattern else pattern


def compile_linear(pattern: str) -> Callable[[str], bool]:
    """A matcher for ``pattern`` from jsonschema-rs; raises ValueError with the reason when it has none."""
    import jsonschema_rs

    try:
        return jsonschema_rs.Draft202012Validator({"type": "string", "pattern": rust_dialect(pattern)}).is_valid
    except Exception as error:  # jsonschema-rs raises its own ValidationError for a pattern it cannot compile
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ValueError(reason) from None


def linear_search() -> Search:
    """A search whose time is linear in the text: each pattern compiled once by jsonschema-rs, whose regex engine
    does not backtrack. A user schema whose patterns it cannot compile is refused at start-up (see
    :func:`nonlinear_pattern`); where jsonschema-rs is not installed, Python's ``re`` matches, as jsonschema does.

    Patterns with look-around or back-references run in jsonschema-rs's backtracking engine, which gives up after
    a bounded number of steps; a text it gives up on counts as not matching."""
    try:
        import jsonschema_rs  # noqa: F401 - only whether it is there
    except ImportError:
        return python_search
    compiled: dict[str, Callable[[str], bool] | None] = {}

    def compile_pattern(pattern: str) -> Callable[[str], bool] | None:
        try:
            return compile_linear(pattern)
        except ValueError:  # refused at start-up; reached only through the API without that check
            return None

    def search(pattern: str, text: str) -> bool:
        if pattern not in compiled:
            compiled[pattern] = compile_pattern(pattern)
        matcher = compiled[pattern]
        return python_search(pattern, text) if matcher is None else bool(matcher(text))

    return search


def extra_keys(instance: dict[str, Any], schema: dict[str, Any], search: Search) -> list[str]:
    """The members of ``instance`` that neither ``properties`` nor ``patternProperties`` of ``schema`` cover."""
    properties = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [key for key in instance if key not in properties and not any(search(p, key) for p in patterns)]


def _unique_items(validator: Validator, unique: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if unique and validator.is_type(instance, "array"):
        repeat = first_repeat(instance)
        if repeat is not None:
            yield ValidationError(f"{show_value(repeat[1])} appears more than once")


def _valid(errors: Iterator[ValidationError]) -> bool:
    return next(errors, None) is None


def _resolved(validator: Any, ref: str) -> tuple[Any, Any]:
    """The validator and schema a ``$ref`` or ``$dynamicRef`` leads to, as jsonschema's own keywords resolve it."""
    resolved = validator._resolver.lookup(ref)
    return validator.evolve(schema=resolved.contents, _resolver=resolved.resolver), resolved.contents


def evaluated_keys(validator: Any, instance: dict[str, Any], schema: Any, search: Search) -> set[str]:
    """The members of ``instance`` that ``schema`` evaluates, for ``unevaluatedProperties``.

    jsonschema's own finder, with the same keywords and results, but matching ``patternProperties`` through
    ``search`` (it used Python's backtracking ``re``: a user's ``^(a+)+$`` against a 31-character key hung a run)
    and collecting into a set (it used a list, and each key was then looked up in it: 40,000 ``x-`` keys took
    13 s).
    """
    if not isinstance(schema, dict):  # true or false: evaluates nothing by itself
        return set()
    keys: set[str] = set()
    for keyword in ("$ref", "$dynamicRef"):
        ref = schema.get(keyword)
        if isinstance(ref, str):
            inner, contents = _resolved(validator, ref)
            keys |= evaluated_keys(inner, instance, contents, search)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        keys |= properties.keys() & instance.keys()
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        subschema = schema.get(keyword)
        if subschema is not None:
            keys.update(key for key, value in instance.items() if _valid(validator.descend(value, subschema)))
    patterns = schema.get("patternProperties")
    if isinstance(patterns, dict) and patterns:
        keys.update(key for key in instance if any(search(pattern, key) for pattern in patterns))
    dependent = schema.get("dependentSchemas")
    if isinstance(dependent, dict):
        for name, subschema in dependent.items():
            if name in instance:
                keys |= evaluated_keys(validator, instance, subschema, search)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if _valid(validator.descend(instance, subschema)):
                keys |= evaluated_keys(validator, instance, subschema, search)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            keys |= evaluated_keys(validator, instance, schema["if"], search)
            if "then" in schema:
                keys |= evaluated_keys(validator, instance, schema["then"], search)
        elif "else" in schema:
            keys |= evaluated_keys(validator, instance, schema["else"], search)
    return keys


def evaluated_indexes(validator: Any, instance: list[Any], schema: Any) -> set[int]:
    """The indexes of ``instance`` that ``schema`` evaluates, for ``unevaluatedItems``: jsonschema's finder with a
    set (with a list, 100,000 items under ``items`` cost 5 billion comparisons)."""
    if not isinstance(schema, dict):
        return set()
    if "items" in schema:
        return set(range(len(instance)))
    indexes: set[int] = set()
    for keyword in ("$ref", "$dynamicRef"):
        ref = schema.get(keyword)
        if isinstance(ref, str):
            inner, contents = _resolved(validator, ref)
            indexes |= evaluated_indexes(inner, instance, contents)
    prefix = schema.get("prefixItems")
    if isinstance(prefix, list):
        indexes.update(range(len(prefix)))
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            indexes |= evaluated_indexes(validator, instance, schema["if"])
            if "then" in schema:
                indexes |= evaluated_indexes(validator, instance, schema["then"])
        elif "else" in schema:
            indexes |= evaluated_indexes(validator, instance, schema["else"])
    for keyword in ("contains", "unevaluatedItems"):
        if keyword in schema:
            inner = validator.evolve(schema=schema[keyword])
            indexes.update(index for index, item in enumerate(instance) if inner.is_valid(item))
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if _valid(validator.descend(instance, subschema)):
                indexes |= evaluated_indexes(validator, instance, subschema)
    return indexes


def unexpected_keys_error(keys: list[str]) -> ValidationError:
    """The error of ``unevaluatedProperties: false``, carrying the keys it refused as ``unexpected_keys``: only the
    evaluation (through $ref, allOf, if/then, ...) knows them, where ``additionalProperties`` can be re-derived
    from its own schema object."""
    from jsonschema.exceptions import ValidationError

    error = ValidationError(f"{len(keys)} unevaluated properties, the first {show_value(keys[0])}")
    error.unexpected_keys = keys  # type: ignore[attr-defined]
    return error


class Focus:
    """The top-level fields of one record whose values the fast validator found invalid (see
    :meth:`incidentlint.schema.SchemaValidator.findings`): ``properties`` descends only into those at the root of
    ``record``, for the root schema's own ``properties``. Every other value jsonschema meets is validated in full."""

    __slots__ = ("fields", "properties", "record")

    def __init__(self) -> None:
        self.record: Any = None
        self.properties: Any = None
        self.fields: frozenset[str] = frozenset()


def validator_class(search: Search, focus: Focus | None = None) -> type[Validator]:
    """Draft 2020-12 validation with a linear ``uniqueItems``, and ``pattern``, ``patternProperties`` and
    ``additionalProperties`` matching through ``search``. Their messages are short: jsonschema's quote the whole
    instance, 488 KB for a record with 50,000 unknown keys (we describe errors ourselves anyway)."""
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    def pattern(validator: Any, wanted: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if validator.is_type(instance, "string") and not search(wanted, instance):
            yield ValidationError(f"{show_value(instance)} does not match {show_value(wanted)}")

    def pattern_properties(
        validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object"):
            return
        for wanted, subschema in patterns.items():
            for key, value in instance.items():
                if search(wanted, key):
                    yield from validator.descend(value, subschema, path=key, schema_path=wanted)

    def additional_properties(
        validator: Any, allowed: Any, instance: Any, schema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object"):
            return
        extras = extra_keys(instance, schema, search)
        if validator.is_type(allowed, "object"):
            for extra in extras:
                yield from validator.descend(instance[extra], allowed, path=extra)
        elif not allowed and extras:
            yield ValidationError(f"{len(extras)} unexpected properties, the first {show_value(extras[0])}")

    def unevaluated_properties(
        validator: Any, unevaluated: Any, instance: Any, schema: Any
    ) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "object"):
            return
        evaluated = evaluated_keys(validator, instance, schema, search)
        rest = [key for key in instance if key not in evaluated]
        if unevaluated is False:
            if rest:  # one error for the object, naming the keys: each becomes an "unknown field" at its key
                yield unexpected_keys_error(rest)
            return
        for key in rest:  # the errors of each value under the subschema, where that value is
            yield from validator.descend(instance[key], unevaluated, path=key)

    def unevaluated_items(validator: Any, unevaluated: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not validator.is_type(instance, "array"):
            return
        evaluated = evaluated_indexes(validator, instance, schema)
        rest = [index for index in range(len(instance)) if index not in evaluated]
        if unevaluated is False:
            if rest:
                items = f"{len(rest)} item{'s' if len(rest) != 1 else ''}"
                yield ValidationError(f"{items} the schema does not allow, the first at index {rest[0]}")
            return
        for index in rest:
            yield from validator.descend(instance[index], unevaluated, path=index)

    def properties(validator: Any, wanted: dict[str, Any], instance: Any, schema: Any) -> Iterator[ValidationError]:
        # jsonschema's own, but for the focus: the values of a record the fast validator passed need no messages.
        if not validator.is_type(instance, "object"):
            return
        only = focus.fields if focus is not None and instance is focus.record and wanted is focus.properties else None
        for name, subschema in wanted.items():
            if name in instance and (only is None or name in only):
                yield from validator.descend(instance[name], subschema, path=name, schema_path=name)

    keywords = {
        "properties": properties,
        "unevaluatedProperties": unevaluated_properties,
        "unevaluatedItems": unevaluated_items,
        "uniqueItems": _unique_items,
        "pattern": pattern,
        "patternProperties": pattern_properties,
        "additionalProperties": additional_properties,
    }
    extended: type[Validator] = validators.extend(Draft202012Validator, keywords)  # type: ignore[no-untyped-call]
    return extended


def nonlinear_pattern(schema: dict[str, Any]) -> str | None:
    """A sentence about the first ``pattern`` or ``patternProperties`` name of a user's ``schema`` that
    jsonschema-rs cannot compile, or None. Such a pattern would be left to Python's backtracking ``re``, where
    one crafted value, like a 34-character title against ``^(a+)+\\Z``, runs for minutes (hostile input D8)."""
    try:
        import jsonschema_rs  # noqa: F401 - only whether it is there
    except ImportError:
        return None  # Python's re matches every pattern, as jsonschema does: the documented, slower fallback
    from incidentlint.schemarefs import subschemas

    stack: list[tuple[str, Any]] = [("", schema)]
    while stack:
        where, node = stack.pop()
        if not isinstance(node, dict):
            continue
        found = [(where + "/pattern", node["pattern"])] if isinstance(node.get("pattern"), str) else []
        names = node.get("patternProperties")
        if isinstance(names, dict):
            found += [(jp.join(where + "/patternProperties", name), name) for name in names]
        for at, pattern in found:
            try:
                compile_linear(pattern)
            except ValueError:  # its reason only says "... is not a regex", quoting the pattern again
                return (
                    f"the pattern {visible(truncate(pattern, 80))!r} at {at} is outside the regular-expression "
                    "dialect JSON Schema specifies (ECMA-262), which incidentlint matches in time linear in the "
                    "text; rewrite it in that dialect (\\Z may stay)"
                )
        stack.extend((where + relative, child) for relative, child in reversed(list(subschemas(node))))
    return None
