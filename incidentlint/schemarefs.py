"""A user's schema checked at start-up: every ``$ref`` and ``$dynamicRef`` in it resolves offline and none of them
loops without moving into the record, or the run stops.

Without this, a reference to a missing definition passed the start-up checks and then crashed the validation of
every record that reached it (an internal error per file, with the whole schema quoted in the message), and
``{"$ref": "#"}`` crashed every record with RecursionError.
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
#: Keywords that apply their subschemas to the value itself, not to a part of it (the references too). A loop
#: through these alone comes back to the same value and never ends; under properties or items it reaches the
#: record's leaves, which is how a recursive schema for a tree works.
_IN_PLACE_ONE = ("not", "if", "then", "else")
_IN_PLACE_MANY = ("allOf", "anyOf", "oneOf")
#: jsonschema spends about two stack frames per subschema applied in place; Python's limit is 1,000 frames, and
#: the record's own nesting needs some. No real schema chains more than a handful.
MAX_IN_PLACE = 100


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


class _Step:
    """A subschema on the current path of :func:`reference_loop`'s walk, and what is known of what follows it."""

    __slots__ = ("longest", "next", "node")

    def __init__(self, node: dict[str, Any], successors: Iterator[_Edge]) -> None:
        self.node = node
        self.next = successors
        self.longest = 0  # the most subschemas applied in place after this one, over the successors seen so far


#: A subschema applied in place: the reference keyword and its value (None for allOf and the like), the
#: subschema, and the resolver its own references resolve against.
_Edge = tuple[str | None, str | None, Any, "Resolver[Any]"]


def _in_place(node: dict[str, Any], resolver: Resolver[Any]) -> Iterator[_Edge]:
    from referencing.exceptions import Unresolvable
    from referencing.jsonschema import DRAFT202012

    resolver = resolver.in_subresource(DRAFT202012.create_resource(node))
    for keyword in REFERENCES:
        ref = node.get(keyword)
        if isinstance(ref, str):
            try:
                resolved = resolver.lookup(ref)
            except Unresolvable:  # unresolvable_reference reports these
                continue
            yield keyword, ref, resolved.contents, resolved.resolver
    for keyword in _IN_PLACE_ONE:
        if keyword in node:
            yield None, None, node[keyword], resolver
    for keyword in _IN_PLACE_MANY:
        items = node.get(keyword)
        if isinstance(items, list):
            yield from ((None, None, item, resolver) for item in items)
    dependent = node.get("dependentSchemas")
    if isinstance(dependent, dict):
        yield from ((None, None, member, resolver) for member in dependent.values())


def reference_loop(schema: dict[str, Any], registry: Registry[Any]) -> str | None:
    """A sentence about the first loop of references that comes back to a subschema for the same value without
    moving into a part of it (``{"$ref": "#"}``; a -> b -> a through ``$ref``, ``allOf``, ``not``, ``if``...), which
    validation would follow until the stack runs out, or about a chain of more than :data:`MAX_IN_PLACE` of them;
    None when there is neither. Call it once :func:`unresolvable_reference` has found every reference resolves."""
    from referencing.jsonschema import DRAFT202012

    places: dict[int, str] = {}  # where each subschema of the file is, to name it in the message
    starts: list[tuple[dict[str, Any], Resolver[Any]]] = []
    root = registry.resolver_with_root(DRAFT202012.create_resource(schema))
    stack: list[tuple[str, Any, Resolver[Any]]] = [("", schema, root)]
    while stack:
        where, node, resolver = stack.pop()
        if isinstance(node, dict):
            places[id(node)] = where or "/"
            starts.append((node, resolver))
            inner = resolver.in_subresource(DRAFT202012.create_resource(node))
            stack.extend((where + relative, child, inner) for relative, child in reversed(list(subschemas(node))))
    # A depth-first walk along the in-place edges; a subschema met again while still on the path closes a loop.
    # ``longest`` holds, for each subschema the walk has finished, the longest chain that follows it.
    longest: dict[int, int] = {}
    for start, resolver in starts:
        if id(start) in longest:
            continue
        path = [_Step(start, _in_place(start, resolver))]
        edges: list[_Edge] = []
        on_path = {id(start): 0}
        while path:
            step = path[-1]
            edge = next(step.next, None)
            if edge is None:
                path.pop()
                del on_path[id(step.node)]
                longest[id(step.node)] = step.longest
                if path:
                    edges.pop()
                    path[-1].longest = max(path[-1].longest, step.longest + 1)
                continue
            child = edge[2]
            if not isinstance(child, dict):
                continue
            if id(child) in on_path:
                first = on_path[id(child)]
                return _loop([entry.node for entry in path[first:]], [*edges[first:], edge], places)
            if id(child) in longest:
                step.longest = max(step.longest, longest[id(child)] + 1)
                continue
            on_path[id(child)] = len(path)
            path.append(_Step(child, _in_place(child, edge[3])))
            edges.append(edge)
        if longest[id(start)] > MAX_IN_PLACE:  # named where the chain starts: the walk goes outermost first
            return _too_long(places[id(start)])
    return None


def _loop(nodes: list[dict[str, Any]], edges: list[_Edge], places: dict[int, str]) -> str:
    """Name a loop by its first reference: ``edges[i]`` leads from ``nodes[i]`` to the next node (the last back to
    the first), and a loop has a reference in it, since the in-place keywords alone only lead down the file."""
    first = next(index for index, edge in enumerate(edges) if edge[0] is not None)
    keyword, ref = edges[first][0], edges[first][1]
    names = [places.get(id(node), "a subschema outside the file") for node in nodes[first:] + nodes[:first]]
    chain = " -> ".join([*names, names[0]])
    return (
        f"{keyword} {visible(truncate(ref or '', 120))!r} at {names[0]} leads round a loop ({chain}) that never moves "
        "into a part of the record, so validating would never end; a schema can refer back to itself only from "
        "inside properties, items or another keyword that checks a part of the record"
    )


def _too_long(where: str) -> str:
    return (
        f"more than {MAX_IN_PLACE} subschemas are applied in a row to one value from {where} (through $ref, allOf, "
        "anyOf, oneOf, not or if/then/else), which would exhaust the stack while validating; shorten the chain"
    )
