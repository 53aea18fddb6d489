"""A user's schema checked at start-up: every ``$ref`` and ``$dynamicRef`` in it resolves offline, or the run stops.

Without this, a reference to a missing definition passed the start-up checks and then crashed the validation of
every record that reached it (an internal error per file, with the whole schema quoted in the message).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from incidentlint import pointer as jp
from incidentlint.textsafe import truncate, visible

if TYPE_CHECKING:
    from referencing import Registry
    from referencing._core import Resolver
    from referencing.exceptions import Unresolvable

#: Draft 2020-12 keywords whose value is a schema, a list of schemas, or a mapping of names to schemas. Other
#: members (const, enum, examples, unknown keywords) hold data: a "$ref" in them is not a reference.
_ONE = (
    "additionalProperties",
    "contains",
    "contentSchema",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_NAMED = ("$defs", "definitions", "dependentSchemas", "patternProperties", "properties")
REFERENCES = ("$ref", "$dynamicRef")


def subschemas(schema: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The direct subschemas of ``schema``, each with its JSON pointer relative to ``schema``."""
    for keyword in _ONE:
        if keyword in schema:
            yield jp.join("", keyword), schema[keyword]
    for keyword in _MANY:
        items = schema.get(keyword)
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield jp.join(jp.join("", keyword), index), item
    for keyword in _NAMED:
        members = schema.get(keyword)
        if isinstance(members, dict):
            for name, member in members.items():
                yield jp.join(jp.join("", keyword), name), member


def _reason(error: Unresolvable) -> str:
    """Why a reference does not resolve, in a sentence that does not quote the whole schema (referencing does)."""
    from referencing.exceptions import InvalidAnchor, NoSuchAnchor, PointerToNowhere

    if isinstance(error, PointerToNowhere):
        return f"there is nothing at {visible(truncate(error.ref, 120))}"
    if isinstance(error, NoSuchAnchor):
        return f"no subschema declares the anchor {visible(truncate(error.anchor, 120))!r}"
    if isinstance(error, InvalidAnchor):
        return "a JSON pointer after '#' starts with '/', like '#/$defs/name'"
    return "no schema with that URI is bundled, and incidentlint never downloads one"


def unresolvable_reference(schema: dict[str, Any], registry: Registry[Any]) -> str | None:
    """A sentence about the first ``$ref``/``$dynamicRef`` of ``schema`` that does not resolve against ``registry``
    (which must never fetch), or None when all resolve. Each reference is looked up from where it stands, so an
    ``$id`` on the way changes its base URI as it does during validation."""
    from referencing.exceptions import InvalidAnchor, NoSuchAnchor, PointerToNowhere, Unresolvable
    from referencing.jsonschema import DRAFT202012

    root = registry.resolver_with_root(DRAFT202012.create_resource(schema))
    stack: list[tuple[str, Any, Resolver[Any]]] = [("", schema, root)]
    while stack:
        where, node, resolver = stack.pop()
        if not isinstance(node, dict):
            continue
        resolver = resolver.in_subresource(DRAFT202012.create_resource(node))
        for keyword in REFERENCES:
            ref = node.get(keyword)
            if not isinstance(ref, str):
                continue
            try:
                resolver.lookup(ref)
            except Unresolvable as error:
                shown = visible(truncate(ref, 120))
                if not isinstance(error, PointerToNowhere | NoSuchAnchor | InvalidAnchor):
                    return (
                        f"the schema refers to {shown!r}, which is not bundled; incidentlint never downloads "
                        "schemas, so refer only to the bundled schema's $id or to definitions inside your file"
                    )
                return f"{keyword} {shown!r} at {where or '/'} cannot be resolved: {_reason(error)}"
        stack.extend((where + relative, child, resolver) for relative, child in reversed(list(subschemas(node))))
    return None
