"""Schema validation: the bundled (or a configured) JSON Schema, offline, with messages a person would write."""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from incidentlint import pointer as jp
from incidentlint.api import Fix, Replace
from incidentlint.diagnostics import Finding
from incidentlint.schemakeywords import (
    Focus,
    Search,
    extra_keys,
    first_repeat,
    linear_search,
    nonlinear_pattern,
    python_search,
    validator_class,
)
from incidentlint.schemarefs import reference_loop, unresolvable_reference
from incidentlint.textsafe import show_value, truncate, visible
from incidentlint.timeparse import DURATION_PATTERN, format_duration, impossible, is_timestamp, parse_date

#: A YAML value's source text by JSON Pointer (None when unknown).
Written = Callable[[str], str | None]

# jsonschema and referencing cost ~60 ms to import; a run whose records are all valid never needs them.
if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from referencing import Registry, Resource
    from referencing.exceptions import Unresolvable

BUNDLED_NAME = "incident.schema.json"
#: Schema problems reported per record at most; the rest of a pathological record is not validated.
MAX_SCHEMA_ERRORS = 100
TOO_DEEP = (
    "this record could not be checked against the schema: its subschemas, applied again at each level of the "
    "record's nesting, go deeper than Python's stack allows; shorten the schema's chains of $ref and allOf, or nest "
    "the record less deeply"
)


class SchemaConfigError(Exception):
    """A schema that cannot be used: invalid, unreadable, or referring to something we will not fetch."""


@cache
def bundled_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(_bundled_text())
    return schema


def _bundled_text() -> str:
    """The bundled schema's text: read beside the package's files where it is installed as files (a wheel or an
    editable install), which spares a one-file run importing importlib.resources (~5 ms with zipfile and
    tempfile); through importlib.resources where the package is not on disk (a zip archive)."""
    import importlib

    package = importlib.import_module("incidentlint.schemas")
    origin = getattr(package.__spec__, "origin", None)
    if origin:
        try:
            with open(os.path.join(os.path.dirname(origin), BUNDLED_NAME), encoding="utf-8") as handle:
                return handle.read()
        except OSError:
            pass
    from importlib import resources

    return resources.files("incidentlint.schemas").joinpath(BUNDLED_NAME).read_text("utf-8")


def _is_date(value: object) -> bool:
    """The ``date`` format: an RFC 3339 full-date, YYYY-MM-DD, that names a real day."""
    return not isinstance(value, str) or parse_date(value) is not None


#: Our checks for the formats the bundled schema uses, by name: for jsonschema, jsonschema-rs and the YAML hints.
_FORMATS = {"date-time": is_timestamp, "date": _is_date}


def format_checker() -> FormatChecker:
    """Our own checkers for the formats we use, so they are enforced whatever optional packages are installed."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in _FORMATS.items():
        checker.checks(name)(check)
    return checker


def _refuse(uri: str) -> Resource[Any]:
    from referencing.exceptions import NoSuchResource

    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


def registry(extra: dict[str, Any] | None = None) -> Registry[Any]:
    """A registry holding only the bundled schema; any other reference fails instead of being fetched."""
    from referencing import Registry, Resource

    bundled = bundled_schema()
    resources_ = [(bundled["$id"], Resource.from_contents(bundled))]
    if extra is not None and isinstance(extra.get("$id"), str):
        resources_.append((extra["$id"], Resource.from_contents(extra)))
    return Registry(retrieve=_refuse).with_resources(resources_)  # type: ignore[call-arg]


#: What jsonschema-rs's own ``date-time`` and ``date`` checks accept and ours do not: year 0 (Python's datetime
#: starts at year 1). The quick validator's schema refuses it explicitly, so that what it accepts, our checks
#: accept too. (A leap second is read as the last microsecond of its minute, so even 9999-12-31T23:59:60Z is ours.)
_BEYOND_DATETIME = {"not": {"type": "string", "pattern": "^0000-"}}
_BEYOND_DATE = {"not": {"type": "string", "pattern": "^0000-"}}
_BEYOND = {"date-time": _BEYOND_DATETIME, "date": _BEYOND_DATE}
#: Keywords whose values are instances, not schemas: a "format" key inside them is data and stays as it is.
_INSTANCE_KEYWORDS = frozenset({"const", "enum", "default", "examples"})


def with_builtin_formats(schema: Any) -> Any:
    """A copy of ``schema`` for jsonschema-rs's built-in format checks, with what they accept beyond ours refused.

    jsonschema-rs's checks are stricter than ours in other ways (no space between date and time; a leap second
    only at 23:59:60 UTC), so a record that fails this copy is not necessarily invalid: see fast_validator."""
    if isinstance(schema, list):
        return [with_builtin_formats(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    copy = {key: value if key in _INSTANCE_KEYWORDS else with_builtin_formats(value) for key, value in schema.items()}
    kind = copy.get("format")
    extra = _BEYOND.get(kind) if isinstance(kind, str) else None  # not a property that happens to be called format
    if extra is not None:
        copy["allOf"] = [*copy.get("allOf", []), extra]
    return copy


def fast_validator(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """jsonschema-rs compiled for ``schema``, answering exactly as jsonschema with our format checks would, or None
    where it cannot be imported.

    Two compiled validators: a quick one using jsonschema-rs's built-in format checks (about 4 µs for a 3 KB
    record), and an exact one calling our Python format checks (about 18 µs: most of it is crossing from Rust
    into Python for each timestamp). The quick one accepts only what the exact one accepts (a Hypothesis test
    checks the format checks string by string), so its "valid" is final; only a record it rejects is asked of
    the exact one, and a record that one rejects goes through jsonschema for the messages. Used for the bundled
    schema only: its patterns are written to mean the same in Rust's and Python's regex dialects, and a
    Hypothesis test checks that the validators agree on it. A user's schema may rely on Python-only regex
    semantics, so it gets jsonschema alone.
    """
    try:
        import jsonschema_rs
    except ImportError:
        return None
    quick_valid = jsonschema_rs.Draft202012Validator(with_builtin_formats(schema), validate_formats=True).is_valid
    exact_valid: Callable[[Any], bool] | None = None  # compiled for the first record the quick one rejects

    def is_valid(data: Any) -> bool:
        nonlocal exact_valid
        if quick_valid(data):
            return True
        if exact_valid is None:  # ~0.7-1.7 ms that a clean run, a pre-commit hook's usual one, never needs
            exact_valid = jsonschema_rs.Draft202012Validator(schema, formats=_FORMATS, validate_formats=True).is_valid
        return bool(exact_valid(data))

    return is_valid


#: More errors than this from jsonschema-rs, and a record is described in full (it is hostile or hopeless).
_MAX_FAST_ERRORS = 1000


def invalid_fields(schema: dict[str, Any]) -> Callable[[dict[str, Any]], frozenset[str] | None] | None:
    """For the bundled ``schema``: the top-level fields of a record whose values jsonschema-rs (with our format
    checks) finds invalid, or None where it cannot say; None where jsonschema-rs cannot be imported.

    jsonschema then describes only those values (see :class:`incidentlint.schemakeywords.Focus`): describing a
    whole record took ~600 us, most of it spent confirming the fields that were fine. The two validators agree on
    the bundled schema (a Hypothesis test checks it, and another that the findings are the same either way)."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    exact = jsonschema_rs.Draft202012Validator(schema, formats=_FORMATS, validate_formats=True)

    def fields(data: dict[str, Any]) -> frozenset[str] | None:
        found: set[str] = set()
        try:
            for count, error in enumerate(exact.iter_errors(data)):
                if count >= _MAX_FAST_ERRORS:
                    return None
                path = error.instance_path
                if path:
                    found.add(str(path[0]))
        except Exception:  # whatever jsonschema-rs cannot take, jsonschema describes in full
            return None
        return frozenset(found)

    return fields


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` with every ``#/$defs/NAME`` reference replaced by that definition, its own keywords
    (a description) taking precedence. jsonschema resolves a $ref through its registry on every visit, which
    was a quarter of the time spent describing an invalid record. Only for schemas without recursive $defs."""
    definitions = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in definitions:
                siblings = {key: walk(value) for key, value in node.items() if key != "$ref"}
                return {**walk(definitions[ref[8:]]), **siblings}
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    inlined: dict[str, Any] = walk(schema)
    return inlined


@dataclass
class SchemaValidator:
    """The run's schema, compiled once: a fast yes/no check, and jsonschema for the messages, built on first use."""

    schema: dict[str, Any]
    fast: Callable[[Any], bool] | None = None
    #: Validate against a copy with local $refs inlined (the bundled schema, which has no recursive $defs).
    inline: bool = False
    #: How ``pattern`` and ``patternProperties`` match: Python's re for the bundled schema, whose patterns are
    #: written and tested to be linear; a linear engine for a user's schema, whose patterns may backtrack.
    search: Search = python_search
    #: Starts every configuration error about this schema: "schema PATH: " for a user's schema file.
    prefix: str = ""
    _validator: Validator | None = field(default=None, repr=False)
    #: For the bundled schema: what jsonschema describes of a record, and how the fields to describe are found.
    _focus: Focus | None = field(default=None, repr=False)
    _invalid_fields: Callable[[dict[str, Any]], frozenset[str] | None] | None = field(default=None, repr=False)

    @classmethod
    def create(cls, schema: dict[str, Any] | None = None, source: str | None = None) -> SchemaValidator:
        """The bundled schema, or a user's ``schema`` checked now; ``source`` names its file in error messages."""
        if schema is None:
            # The bundled schema is checked by the test suite; checking it again would import jsonschema.
            bundled = bundled_schema()
            return cls(bundled, fast_validator(bundled), inline=True)
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError
        from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]

        prefix = f"schema {visible(source)}: " if source is not None else ""
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            where = jp.from_path(error.absolute_path) or "/"
            raise SchemaConfigError(
                f"{prefix}the schema is not a valid JSON Schema at {where}: {visible(error.message[:200])}"
            ) from None
        # Resolved once here, as jsonschema would during validation (with the meta-schemas it bundles), so that a
        # reference to nothing stops the run now instead of failing every record that reaches it.
        resources = SPECIFICATIONS.combine(registry(schema))
        problem = (
            unresolvable_reference(schema, resources) or reference_loop(schema, resources) or nonlinear_pattern(schema)
        )
        if problem is not None:
            raise SchemaConfigError(prefix + problem)
        created = cls(schema, search=linear_search(), prefix=prefix)
        created.validator  # noqa: B018 - compile now, so a broken schema fails at start-up, not mid-run
        return created

    @property
    def validator(self) -> Validator:
        """The jsonschema validator, for messages (and for validity where the fast validator is unavailable)."""
        if self._validator is None:
            schema = inline_refs(self.schema) if self.inline else self.schema
            if self.fast is not None:  # the bundled schema, with jsonschema-rs to find the invalid fields
                self._invalid_fields = invalid_fields(self.schema)
                self._focus = Focus()
                self._focus.properties = schema.get("properties")
            kind = validator_class(self.search, self._focus)
            self._validator = kind(schema, registry=registry(schema), format_checker=format_checker())
        return self._validator

    def is_valid(self, data: Any) -> bool:
        if self.fast is not None:
            try:
                return self.fast(data)
            except Exception:  # whatever jsonschema-rs cannot take, jsonschema decides
                pass
        from referencing.exceptions import Unresolvable

        try:
            return bool(self.validator.is_valid(data))
        except Unresolvable as unresolvable:  # create() resolved every reference; this is a last line of defence
            raise self._unresolvable(unresolvable) from None
        except RecursionError:  # findings() says why
            return False

    def _unresolvable(self, error: Unresolvable) -> SchemaConfigError:
        return SchemaConfigError(
            f"{self.prefix}the schema has a reference that cannot be resolved: {visible(str(error.ref))}"
        )

    def findings(self, data: Any, written: Written | None = None) -> list[Finding]:
        """The record's schema problems, described for its author. ``written`` gives a YAML value's source text
        by pointer, so that a number or boolean where text belongs can be explained ("quote it")."""
        if not isinstance(data, dict):
            kind = show_value(data) if not isinstance(data, list) else "an array"
            return [Finding("", f"an incident record must be a mapping of fields (a JSON object); got {kind}")]
        from referencing.exceptions import Unresolvable

        validator = self.validator
        focus, fields = self._focus, self._invalid_fields
        only = fields(data) if focus is not None and fields is not None else None
        try:
            if focus is not None and only is not None:
                focus.record, focus.fields = data, only
            # A hostile record can hold hundreds of thousands of violations; past the cap, stop validating.
            errors = list(itertools.islice(validator.iter_errors(data), MAX_SCHEMA_ERRORS + 1))
        except Unresolvable as unresolvable:
            raise self._unresolvable(unresolvable) from None
        except RecursionError:
            # A user's schema may apply up to 100 subschemas in a row to one value (create() refuses more), and a
            # recursive one does so again at each level of the record: deep enough, that passes Python's stack.
            return [Finding("", TOO_DEEP)]
        finally:
            if focus is not None:
                focus.record = None  # no other record (nor this one, checked again) is focused by mistake
        unexamined = len(errors) > MAX_SCHEMA_ERRORS
        errors = sorted(errors[:MAX_SCHEMA_ERRORS], key=lambda e: list(map(str, e.absolute_path)))
        # jsonschema yields one 'required' error per missing field, and each is described with every missing
        # field of its object: keep each finding once. One error can stand for 50,000 findings (an
        # additionalProperties error on a record of unknown keys): past the cap, those are counted, not described.
        listed: dict[Finding, None] = {}
        unlisted: set[Finding] = set()
        unlisted_keys = 0
        for error in errors:
            described = _describe(error, self.search, written, self.validator.schema)
            extras = _extra_count(error, self.search)
            if extras is not None:
                for finding in itertools.islice(described, max(0, MAX_SCHEMA_ERRORS - len(listed))):
                    listed[finding] = None
                    extras -= 1
                unlisted_keys += extras
                continue
            for finding in described:
                if finding not in listed:
                    if len(listed) < MAX_SCHEMA_ERRORS:
                        listed[finding] = None
                    else:
                        unlisted.add(finding)
        result = list(listed)
        hidden = len(unlisted) + unlisted_keys
        if unexamined or hidden:
            result.append(_cap_finding(len(result) + hidden, exact=not unexamined))
        return result


def _cap_finding(total: int, exact: bool) -> Finding:
    """The closing finding of a record with more schema problems than are listed."""
    rest = total - MAX_SCHEMA_ERRORS
    count, others = (f"{total:,}", f"{rest:,}") if exact else (f"more than {total:,}", f"more than {rest:,}")
    unlisted = f" ({others} others are not listed)" if rest > 0 else ""
    return Finding(
        "",
        f"the record has {count} schema problems; only the first {MAX_SCHEMA_ERRORS} are reported{unlisted} — "
        "fix those and run again",
        identity="more schema problems than listed",  # the same finding whatever the counts
    )


def _extra_count(error: ValidationError, search: Search) -> int | None:
    """For an error about unknown keys, how many findings it stands for (one per key), counted without composing
    their messages; None for any other error."""
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        return len(_unknown_keys(error, search))
    return None


def _unknown_keys(error: ValidationError, search: Search) -> list[str]:
    """The keys an additionalProperties or unevaluatedProperties error refused: carried by the error where only the
    evaluation knew them (unevaluatedProperties), else the keys its own schema object does not cover."""
    carried: list[str] | None = getattr(error, "unexpected_keys", None)
    if carried is not None:
        return carried
    return extra_keys(error.instance, error.schema if isinstance(error.schema, dict) else {}, search)


#: Field names and keys are shown at most this long in a message; a 1 MB key made a 1 MB message.
MAX_KEY_CHARS = 60


def location(path: Any) -> str:
    """A readable field path: ``technical_details.rollback_duration``, ``responders[2].name``."""
    out = ""
    for token in path:
        if isinstance(token, int):
            out += f"[{token}]"
        else:
            out += ("." if out else "") + visible(truncate(str(token), MAX_KEY_CHARS))
    return out or "the record"


def _known_properties(schema: Any) -> list[str]:
    properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
    return list(properties)


def _describe(
    error: ValidationError, search: Search, written: Written | None = None, root: Any = None
) -> Iterator[Finding]:
    """The findings for one jsonschema error, composed one at a time: the caller may need only the first few.
    ``root`` is the schema validated against, to tell a required field from an optional one."""
    path = list(error.absolute_path)
    where = location(path)
    pointer = jp.from_path(path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance = error.instance
    if keyword == "required":
        missing = [name for name in error.validator_value if isinstance(instance, dict) and name not in instance]
        for name in missing or [str(error.message)]:
            prop = schema.get("properties", {}).get(name, {})
            hint = (  # after a colon: a description holds parentheses of its own ("(RFC 3339 ...)")
                f": {_lower_first(prop['description']).rstrip('.')}"
                if isinstance(prop, dict) and isinstance(prop.get("description"), str)
                else ""
            )
            owner = "the record" if not path else where
            message = f"{owner} is missing the required field {show_value(name, MAX_KEY_CHARS)}{hint}"
            # Known by the missing field, not by the object that lacks it: an edit to its other fields is not new.
            yield Finding(pointer, message, identity=f"missing {jp.join(pointer, name)}")
        return
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, dict):
        known = _known_properties(schema)
        owner = "in the record" if not path else f"in {where}"
        from .keyhints import meant_keys  # only for a record that fails the schema

        for key in _unknown_keys(error, search):
            close = meant_keys(key, known)
            if close:
                advice = f"did you mean {' or '.join(show_value(name, MAX_KEY_CHARS) for name in close)}?"
            else:
                advice = "remove it, or prefix it with 'x-' to keep a local extension"
            shown = show_value(key, MAX_KEY_CHARS)
            yield Finding(jp.join(pointer, key), f"unknown field {shown} {owner}; {advice}", on_key=True)
        return
    if keyword in ("oneOf", "anyOf"):
        branches = list(error.context or [])
        same_level = [e for e in branches if list(e.absolute_path) == path]
        if branches and len(same_level) == len(branches) and all(e.validator == "type" for e in branches):
            what = schema.get("description", "one of the allowed shapes")
            yield Finding(pointer, f"{where} must be {_lower_first(what).rstrip('.')}; got {show_value(instance)}")
            return
        # Drop the branches whose type does not fit the value; report every error of the best remaining one.
        groups: dict[Any, list[ValidationError]] = {}
        for sub in branches:
            groups.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [
            errors
            for errors in groups.values()
            if not any(e.validator == "type" and list(e.absolute_path) == path for e in errors)
        ]
        candidates = [e for errors in fitting for e in errors] or branches
        from jsonschema.exceptions import best_match

        best: ValidationError | None = best_match(candidates) if candidates else None  # type: ignore[no-untyped-call]
        if best is not None:
            chosen = groups.get(best.relative_schema_path[0], [best]) if fitting else [best]
            for sub in chosen:
                yield from _describe(sub, search, written, root)
            return
        yield Finding(pointer, f"{where} does not match any of the allowed shapes")
        return
    message = _message(keyword, where, schema, instance, error)
    if keyword == "type":
        names = _type_names(error.validator_value)
        source = written(pointer) if written is not None else None
        required = _required(error, root) if instance is None else None
        message += _boolean_hint(names, instance, source)
        message += _quote_hint(names, instance, source, error.schema, search, required)
    if keyword == "enum" and isinstance(instance, str) and isinstance(error.validator_value, list):
        meant = _spelt_otherwise(instance, error.validator_value)
        if len(meant) == 1:  # 'SEV-1' for sev1, 'Resolved' for resolved: the same word, safely rewritten
            fix = Fix(ops=(Replace(pointer, meant[0]),), safe=True, description=f"set {where} to {meant[0]}")
            yield Finding(pointer, f"{message}; write {show_value(meant[0])}", fix=fix)
            return
        if meant:  # two allowed values differ only in punctuation: which one is meant is the author's call
            message += f"; did you mean {' or '.join(map(show_value, meant))}?"
        else:
            message += _closest(instance, error.validator_value)
    yield Finding(pointer, message)


def _spelt_otherwise(value: str, allowed: list[Any]) -> list[str]:
    """The allowed texts that ``value`` spells with other case, spaces or punctuation ('SEV-1', 'Sev 1' for
    sev1; 'Resolved' for resolved). One is a safe fix; with more, no guess is safe."""
    key = _spelling(value)
    if not key:
        return []
    return [item for item in allowed if isinstance(item, str) and _spelling(item) == key]


def _spelling(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _closest(value: str, allowed: list[Any]) -> str:
    """'; did you mean ...?' for a misspelt allowed text ('resovled', 'sevv1'), else nothing. Only texts with the
    same digits are offered: 'sev9' is no misspelling of sev1, it is a level the scale does not have."""
    import difflib  # only for a record that fails the schema

    if len(value) > 100:  # difflib is quadratic, and no allowed value is that long
        return ""
    digits = _digits(value)
    texts = {item.casefold(): item for item in allowed if isinstance(item, str) and _digits(item) == digits}
    close = difflib.get_close_matches(value.casefold(), list(texts), n=1, cutoff=0.8)
    return f"; did you mean {show_value(texts[close[0]])}?" if close else ""


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


#: Words YAML 1.1 tools read as booleans, and YAML 1.2 tools (and our loader) as text.
_YES = frozenset({"yes", "y", "on", "true"})
_NO = frozenset({"no", "n", "off", "false"})


def _type_names(expected: Any) -> list[str]:
    """The JSON types a ``type`` keyword allows: one name or a list of them."""
    return [expected] if isinstance(expected, str) else list(expected) if isinstance(expected, list) else []


def _boolean_hint(names: list[str], instance: Any, source: str | None) -> str:
    """For a boolean field holding a yes/no word as text: the literal to write instead. ``source`` is the YAML
    text of the value (None for JSON): an unquoted yes is a boolean to YAML 1.1 tools but text to YAML 1.2."""
    if names != ["boolean"] or not isinstance(instance, str) or instance.strip().lower() not in _YES | _NO:
        return ""
    literal = "true" if instance.strip().lower() in _YES else "false"
    if source is not None and source[:1] not in ("'", '"'):
        return f"; write {literal} (YAML 1.2 reads an unquoted {visible(instance)} as text, not as a boolean)"
    return f"; write {literal}, without quotes"


def _quote_hint(
    names: list[str], instance: Any, source: str | None, schema: Any, search: Search, required: bool | None = None
) -> str:
    """Advice for a plain YAML scalar that was meant as text but reads as a number, boolean or null
    (``rollback_target: 1.10`` is the number 1.1): quote it. Empty when that is not the case, and when the quoted
    text would be refused too (``start_time: 2024``, ``duration: 90``): then quoting is not the fix. A null in an
    optional field is a field left empty: the advice is to leave it out until it has a value. ``required`` says
    whether the field is required (None: not known, and then a null that would not fit as text is taken as
    empty); leaving out a required field is no fix."""
    if "string" not in names or isinstance(instance, str | dict | list):
        return ""
    text = source.strip() if source is not None else ""
    leave_out = "leave the field out until it has a value"  # in JSON too: null is how an export says "empty"
    if instance is None and text.startswith("#") and _fits_as_text(schema, text, search):
        # 'title: #42 checkout down': the written source of an empty value runs to the end of its line, and there
        # YAML saw a comment where the author wrote text.
        quote = '"' + visible(text[:60]).replace('"', '\\"') + ('…"' if len(text) > 60 else '"')
        otherwise = f", otherwise {leave_out}" if required is False else ""
        return (
            "; YAML reads ' #' as the start of a comment, so the value is empty; "
            f"if that is the value, write {quote}{otherwise}"
        )
    if instance is None and required is False:
        return f"; {leave_out}"
    if instance is None and required and (source is None or text in ("", "~") or text.startswith("#")):
        # Left empty (a JSON null, nothing after the colon, a comment): leaving it out would only be "missing the
        # required field". A word written out ('null', 'Null') may be a name, and gets the quoting advice below.
        return "; the field is required: fill it in"
    if (
        instance is None
        and required is None
        and not _fits_as_text(schema, "null" if text in ("", "~") or text[:1] == "#" else text, search)
    ):
        return f"; {leave_out}"
    if source is None:
        return ""
    if not text or text[0] in "'\"" or "\n" in text or len(text) > 40:
        return ""  # quoted (so not this mistake), or not a one-line scalar to quote
    if not _fits_as_text(schema, text, search):
        return ""
    kind = "a boolean" if isinstance(instance, bool) else "null" if instance is None else "a number"
    quote = "'" + visible(text).replace("'", "''") + "'"
    return f"; YAML reads the unquoted {visible(text)} as {kind}: write {quote} to keep it as text"


def _required(error: ValidationError, root: Any) -> bool | None:
    """Whether the field ``error`` is about is in its object's ``required`` list, found by following the error's
    schema path from ``root``; None when the path cannot be followed (a ``$ref`` to another file on the way) or
    names no field."""
    path, steps = list(error.absolute_path), list(error.absolute_schema_path)
    if not path or not isinstance(path[-1], str):
        return None
    at = next((i for i in range(len(steps) - 2, -1, -1) if steps[i] == "properties" and steps[i + 1] == path[-1]), -1)
    if at < 0:
        return None
    from urllib.parse import unquote  # only for a record that fails the schema

    def follow(node: Any) -> Any:
        """The schema a "$ref" within the file leads to (jsonschema's path goes on there), else ``node``."""
        ref = node.get("$ref") if isinstance(node, dict) else None
        return jp.resolve(root, unquote(ref[1:])) if isinstance(ref, str) and ref.startswith("#") else node

    node = root
    before: list[Any] = []  # the node each step was taken from
    for step in steps[:at]:
        if step == "$ref" or (isinstance(node, dict) and step not in node):
            node = follow(node)
        before.append(node)
        if step == "$ref":
            continue
        found = isinstance(node, dict) and step in node
        if not (found or (isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node))):
            return None
        node = node[step]
    if isinstance(node, dict) and "properties" not in node:
        node = follow(node)
    if not isinstance(node, dict):
        return None
    # A property declared in an allOf branch belongs to the object holding the allOf, which may list it as
    # required itself or in another branch: {"allOf": [{"properties": {...}}, {"required": [...]}]}.
    scope, index = node, at
    while index >= 2 and steps[index - 2] == "allOf" and isinstance(steps[index - 1], int):
        index -= 2
        scope = before[index]
    parts = _all_of(scope) if isinstance(scope, dict) else [node]
    if any(isinstance(part.get("required"), list) and path[-1] in part["required"] for part in parts):
        return True
    # Other keywords can make it required on a condition (if/then, dependentRequired, a oneOf branch): not known.
    return None if any(keyword in part for part in parts for keyword in _CONDITIONAL) else False


#: Keywords under which a field may be required in some records and not in others.
_CONDITIONAL = ("anyOf", "oneOf", "if", "then", "else", "not", "dependentRequired", "dependentSchemas")


def _all_of(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """``schema`` and the subschemas its ``allOf`` (at any depth) adds to it: what one object must satisfy."""
    parts = [schema]
    for part in parts:  # grows as it goes: a branch's own allOf is read too
        branches = part.get("allOf")
        if isinstance(branches, list) and len(parts) < 100:
            parts.extend(branch for branch in branches if isinstance(branch, dict))
    return parts


def _fits_as_text(schema: Any, text: str, search: Search) -> bool:
    """Whether ``text`` as a string passes the string keywords of ``schema`` that a wrong type hides: enum, const,
    pattern and our formats."""
    if not isinstance(schema, dict):
        return True
    enum = schema.get("enum")
    if isinstance(enum, list) and text not in enum:
        return False
    if "const" in schema and schema["const"] != text:
        return False
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if not search(pattern, text):
                return False
        except Exception:  # a hint must never cost the finding it hangs on
            return True
    check = _FORMATS.get(schema.get("format", ""))
    return check is None or bool(check(text))


def _duration_spelling(value: Any) -> str | None:
    """The duration ``value`` spells with other case or a closing full stop, as prose writes it ('1 Hour 5
    Minutes', 'Immediate', 'pt1h5m', '20 hours 20 minutes.'), or None. The grammar's units are lower-case and
    ISO 8601's letters upper-case, so each is tried as a whole."""
    if not isinstance(value, str) or len(value) > 100:
        return None
    text = value.strip().removesuffix(".").rstrip()
    for candidate in (text, text.lower(), text.upper()):
        if candidate != value and re.search(DURATION_PATTERN, candidate):
            return candidate
    # A stopwatch's hours:minutes:seconds ('1:05:00'), which exports and spreadsheets write. Without the seconds
    # ('1:05') it could as well be minutes and seconds, so that is left to the examples.
    clock = re.fullmatch(r"([0-9]{1,4}):([0-5][0-9]):([0-5][0-9])", text)
    if clock is not None:
        hours, minutes, seconds = map(int, clock.groups())
        return format_duration(timedelta(hours=hours, minutes=minutes, seconds=seconds))
    return None


def _lower_first(text: str) -> str:
    """Lower-case a description's first letter so it reads inside a sentence, keeping acronyms (RFC, ISO)."""
    if len(text) > 1 and text[0].isupper() and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


_TYPE_NAMES = {
    "string": "a string",
    "object": "an object (a mapping of fields)",
    "array": "a list",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "null",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "null"


def _message(keyword: str, where: str, schema: dict[str, Any], instance: Any, error: ValidationError) -> str:
    got = show_value(instance)
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{where} must be one of {allowed}; got {got}"
    if keyword == "const":
        return f"{where} must be {show_value(error.validator_value)}; got {got}"
    if keyword == "type":
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in _type_names(error.validator_value))
        shown = got if not isinstance(instance, dict | list) else _kind(instance)
        return f"{where} must be {wanted}; got {shown}"
    if keyword == "format":
        kind = error.validator_value
        unreal = impossible(instance, kind == "date") if isinstance(instance, str) else None
        if unreal is not None and kind in ("date-time", "date"):
            # The shape is right and the value names no real moment: say which part is out of range.
            what = "a real date and time" if kind == "date-time" else "a real calendar date"
            return f"{where} {got} is not {what}: {unreal}"
        if error.validator_value == "date-time":
            # Said without "RFC 3339": the author needs the shape, and that Z is UTC, more than the standard's name.
            return (
                f"{where} must be a date and time with a time zone offset, like 2024-03-15T14:30:00Z (Z is UTC) or "
                f"2024-03-15T16:30:00+02:00; got {got}"
            )
        if error.validator_value == "date":
            return f"{where} must be a calendar date YYYY-MM-DD, like 2024-04-01; got {got}"
        return f"{where} must be a valid {error.validator_value}; got {got}"
    if keyword == "pattern":
        if error.validator_value == DURATION_PATTERN:
            meant = _duration_spelling(instance)
            return (
                f"{where} must be a duration like '1h 5m', '65 minutes', '90s' or 'PT1H5M' (or 'immediate'); got {got}"
                + (f"; write {show_value(meant)}" if meant is not None else "")
            )
        examples = schema.get("examples")
        if examples:
            return f"{where} must look like {examples[0]}; got {got}"
        return f"{where} does not have the expected form; got {got}"
    if keyword == "minItems":
        count = error.validator_value
        return f"{where} must list at least {count} item{'s' if count != 1 else ''}; it has {len(instance)}"
    if keyword == "maxItems":
        return f"{where} may list at most {error.validator_value} items; it has {len(instance)}"
    if keyword == "minLength":
        if error.validator_value == 1:
            return f"{where} must not be empty"
        return f"{where} must be at least {error.validator_value} characters long"
    if keyword == "maxLength":
        return f"{where} must be at most {error.validator_value} characters long; it has {len(instance)}"
    if keyword == "uniqueItems":
        repeat = first_repeat(instance) if isinstance(instance, list) else None
        if repeat is not None:
            return f"{where} lists {show_value(repeat[1])} more than once; remove the repeat"
        return f"{where} lists an item more than once"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "exclusiveMinimum": "more than",
            "maximum": "at most",
            "exclusiveMaximum": "less than",
        }
        return f"{where} must be {words[keyword]} {error.validator_value}; got {got}"
    if keyword == "not":
        return f"{where} has a value the schema forbids: {got}"
    if keyword == "unevaluatedItems":  # the message is ours: "2 items the schema does not allow, the first at ..."
        return f"{where} has {error.message}; remove them"
    return f"{where} is invalid ({keyword}): {visible(error.message[:120])}"
