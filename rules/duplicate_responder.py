"""duplicate-responder: each person is listed once among the responders."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Fix, Options, Remove, rule, show_value

from ._common import ENTRY_ADDRESS, HOW_NAMES_ARE_READ, ROLE_SEPARATOR, name_key, responder_name


@rule(
    code="IL117",
    name="duplicate-responder",
    severity="warning",
    summary="The same person is listed twice in responders.",
    rationale=(
        "Responder lists feed on-call load and per-person reports; a person listed twice is counted twice, and two "
        "entries with different roles hide which role they actually held. The PagerDuty and SRE incident-command "
        "models give each person one role at a time. "
        + HOW_NAMES_ARE_READ
        + " Two entries with one name are two people when they say so: objects with different teams, or "
        "different email addresses after the name ('Alex Kim <alex.kim@example.com>', 'Alex Kim "
        "<alex.kim2@example.com>'). The finding points at the second entry. When it is an exact copy of the first, "
        "an unsafe fix removes it; otherwise a person must decide which role to keep."
    ),
    valid=[
        {"responders": ["Sarah Chen - On-call Engineer", "Tom Wilson - Database Team Lead"]},
        {"responders": ["Smith, Jr. - SRE", "Smith - SRE", "Mike Rodriguez (IC)", "Mike Rodriguez Jr. (IC)"]},
    ],
    invalid=[
        {"responders": ["Sarah Chen - On-call Engineer", "sarah chen - Incident Commander"]},
        {"responders": [{"name": "Tom Wilson"}, {"name": "Tom Wilson"}]},
        {"responders": ["Mike Rodriguez - IC", "Mike Rodriguez (Scribe)"]},
        {"responders": ["\u5c71\u7530\u592a\u90ce\uff08IC\uff09", "\u5c71\u7530\u592a\u90ce - Scribe"]},
    ],
    fixable=True,
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    responders = record.get("responders")
    if not isinstance(responders, list):
        return
    first: dict[str, list[int]] = {}
    for index, item in enumerate(responders):
        name = responder_name(item)
        if name is None:
            continue
        earlier_ones = first.setdefault(name_key(name), [])
        same = next((earlier for earlier in earlier_ones if not _two_people(responders[earlier], item)), None)
        if same is None:
            earlier_ones.append(index)
            continue
        earlier = same
        exact = _same(responders[earlier], item)
        pointer = f"/responders/{index}"
        yield Finding(
            pointer,
            f"{show_value(name)} is listed twice in responders, also as responders[{earlier}]; "
            + ("this entry is an exact copy: remove it" if exact else "keep one entry, with the role they held"),
            fix=Fix(ops=(Remove(pointer),), safe=False, description="remove the duplicate responder")
            if exact
            else None,
        )


def _two_people(first: Any, second: Any) -> bool:
    """Whether two entries that give one name say they are two people: different teams, or different email
    addresses after the name. Each entry must say it: an entry without a team or an address may be either."""
    return _differ(_team(first), _team(second)) or _differ(_address(first), _address(second))


def _differ(first: str | None, second: str | None) -> bool:
    return first is not None and second is not None and first != second


def _team(item: Any) -> str | None:
    team = item.get("team") if isinstance(item, dict) else None
    if not isinstance(team, str):
        return None
    return " ".join(team.casefold().split()) or None


def _address(item: Any) -> str | None:
    text = item.get("name") if isinstance(item, dict) else item
    if not isinstance(text, str) or "@" not in text:
        return None
    found = ENTRY_ADDRESS.search(
        ROLE_SEPARATOR.split(text, 1)[0]
    )  # one in the role ("- IC, pager <x@y>") is not theirs
    return found.group(1).casefold() if found else None


def _same(first: Any, second: Any) -> bool:
    """The same JSON value, types included at every level: Python's == takes 1, 1.0 and true for one another, and
    removing ``{x-pager: true}`` as a copy of ``{x-pager: 1}`` would lose data. Key order does not matter."""
    return type(first) is type(second) and json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
