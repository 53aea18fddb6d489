"""commander-not-in-responders: the incident commander must be listed among the responders."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value
from incidentlint.lazyre import lazy

from ._common import ENTRY_ADDRESS, HOW_NAMES_ARE_READ, ROLE_SEPARATOR, name_key, responder_name, without_address

#: The longest name key offered as a spelling: a longer text is no one's name.
_LONGEST_NAME = 200
#: What a comma does not do, said where a comma stands between a name and a role.
_NO_COMMA = "a comma does not separate a name from a role, as names such as 'Smith, Jr.' hold one"


@rule(
    code="IL105",
    name="commander-not-in-responders",
    severity="error",
    summary="incident_commander is not among the responders, or holds a role as well as a name.",
    rationale=(
        "The responders list is the record of who took part; PagerDuty's postmortem template and the SRE "
        "incident-command model put the incident commander first among them. A commander missing from the list "
        "usually means a misspelt name, which breaks every per-person report built from these records. "
        + HOW_NAMES_ARE_READ
        + " incident_commander holds the name alone: a role written there as well ('Mike Rodriguez - Incident "
        "Commander') is reported too, as it breaks the same reports. It may also be an email address or a chat "
        "handle, as paging and chat tools name people: 'ann@example.com' and '@ann' are among the responders when "
        "an entry gives them after the name ('Ann Lee <ann@example.com> - SRE', 'Ann Lee (@ann) - SRE'), in any "
        "case."
    ),
    valid=[
        {
            "incident_commander": "Mike Rodriguez",
            "responders": ["Sarah Chen - On-call Engineer", "mike rodriguez - Incident Commander"],
        },
        {"incident_commander": "Mike Rodriguez", "responders": [{"name": "Mike Rodriguez", "role": "IC"}]},
        {"incident_commander": "Mike Rodriguez", "responders": ["Mike Rodriguez \u2013 Incident Commander"]},
        {"incident_commander": "Mike Rodriguez", "responders": ["Mike Rodriguez (Incident Commander)"]},
        {"incident_commander": "Ren\u00e9e O'Connor", "responders": ["Ren\u00e9e O\u2019Connor -- IC"]},
        {"incident_commander": "\u5c71\u7530\u592a\u90ce", "responders": ["\u5c71\u7530\u592a\u90ce\uff08IC\uff09"]},
        {"incident_commander": "ann@example.com", "responders": ["Ann Lee <ann@example.com> - SRE"]},
    ],
    invalid=[
        {"incident_commander": "Mike Rodriguez", "responders": ["Sarah Chen - On-call Engineer"]},
        {
            "incident_commander": "Mike Rodriguez - Incident Commander",
            "responders": ["Mike Rodriguez - Incident Commander"],
        },
    ],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    commander = record.get("incident_commander")
    responders = record.get("responders")
    if not isinstance(commander, str) or not commander.strip() or not isinstance(responders, list):
        return
    written = commander.strip()
    names = [entry for entry in map(responder_name, responders) if entry is not None]
    if written in names:
        return  # spelt the same in both places, the common case: no need to read or normalise any name
    name = responder_name(written) or written  # " - IC" names nobody: take it whole, as written
    by_key = {name_key(entry): entry for entry in reversed(names)}  # the first spelling of a name is shown
    key = name_key(name)
    if key in by_key:
        if name != written and without_address(written) != name:  # an address names the same person
            yield Finding(
                "/incident_commander",
                f"incident_commander {show_value(commander)} holds a role as well as a name; "
                f"write the name only: {show_value(name)}",
            )
        return
    if "@" in written and _listed_by_identifier(written, responders):
        return
    yield Finding(
        "/incident_commander",
        f"incident_commander {show_value(commander)} is not among the responders; "
        + _advice(name, key, written, responders, by_key),
    )


#: How incident_commander may name the commander other than by name, as paging and chat tools do, and how a
#: responder's entry gives the same after their name: an email address ("ann@example.com", in an entry "Ann Lee
#: <ann@example.com>") or a chat handle ("@ann", in an entry "Ann Lee (@ann)"). Each as (the commander's text,
#: optionally in its brackets; the same in an entry).
_IDENTIFIERS = (
    (lazy(r"<?([^<>\s@]+@[^<>\s@]+)>?"), ENTRY_ADDRESS),
    (lazy(r"\(?(@[\w.\-]+)\)?"), lazy(r"\((@[\w.\-]+)\)")),
)


def _listed_by_identifier(written: str, responders: list[Any]) -> bool:
    """Whether ``written`` is an email address or a chat handle that a responder's entry gives after their name
    ("Ann Lee <ann@example.com> - SRE", "Ann Lee (@ann) - SRE"): the same person, named as a paging or chat tool
    names them. Compared ignoring case, as mail systems and chat tools do."""
    for alone, in_entry in _IDENTIFIERS:
        found = alone.fullmatch(written)
        if found is None:
            continue
        wanted = found.group(1).casefold()
        for item in responders:
            if isinstance(item, dict):
                item = item.get("name")
            if isinstance(item, str) and "@" in item:
                name = ROLE_SEPARATOR.split(item, 1)[0]  # one in the role ("- IC, pager <x@y>") names no one
                if any(given.casefold() == wanted for given in in_entry.findall(name)):
                    return True
    return False


def _advice(name: str, key: str, written: str, responders: list[Any], by_key: dict[str, str]) -> str:
    """What to change when the commander's name (``name``, compared as ``key``) is not among the responders."""
    parts = _other_separator(written)
    if parts is not None and name_key(parts[0]) in by_key:
        return f"if it means {show_value(by_key[name_key(parts[0])])}, write the name only ({_why_not(parts[2])})"
    for index, item in enumerate(responders):
        parts = _other_separator(item) if isinstance(item, str) else None
        if parts is not None and name_key(parts[0]) == key:
            spelt = f"{parts[0]} - {parts[1]}"
            return (
                f"if responders[{index}] {show_value(item)} is them, write {show_value(spelt)} ({_why_not(parts[2])})"
            )
    import difflib  # only when the commander is missing, which a clean record never is

    # Comparing two long texts takes difflib seconds (a pasted page, or U+FDFA, which NFKC turns into 18 letters);
    # no name is that long, so such texts are offered no spelling.
    if len(key) <= _LONGEST_NAME:
        known = [known for known in by_key if len(known) <= _LONGEST_NAME]
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close:
            return f"did you mean {show_value(by_key[close[0]])}? Use the same spelling in both places"
    part = _same_name_in_part(key, by_key)
    if part is not None:
        return f"{show_value(by_key[part])} among the responders may be them: write the same full name in both places"
    advice = f"add {show_value(name + ' - Incident Commander')} to responders"
    if name != written:
        advice += f", and write the name only in incident_commander: {show_value(name)}"
    return advice


def _same_name_in_part(key: str, by_key: dict[str, str]) -> str | None:
    """The one responder's key whose words hold all of ``key``'s words or are all among them ("Mike" and "Mike
    Rodriguez"): a first name alone in one place, the full name in the other. None when no responder, or more
    than one, is such a name: then there is no telling who is meant."""
    words = set(key.split())
    found = [known for known in by_key if (other := set(known.split())) != words and (words <= other or other <= words)]
    return found[0] if len(found) == 1 else None


#: What follows a comma in a name rather than a role ("Smith, Jr.", "Ann Lee, Ph.D."): lower-cased, without dots.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})


#: Marks people type between a name and a role that are not separators ("Mike Rodriguez: IC", "Ann Lee / SRE"),
#: so the advice can say how to write the entry. The first one in the text is taken.
_NOT_SEPARATORS = (",", ":", "|", "/")


def _other_separator(text: str) -> tuple[str, str, str] | None:
    """(name, role, mark) when ``text`` reads as ``"Name, Role"`` (or with ':', '|' or '/'): no dash or bracketed
    role, something on both sides of the first such mark, and no name suffix after a comma. Only for advice: these
    marks are never read as separators."""
    if responder_name(text) != text.strip():
        return None
    at = min((found for found in map(text.find, _NOT_SEPARATORS) if found >= 0), default=-1)
    if at < 0:
        return None
    head, mark, tail = text[:at].strip(), text[at], text[at + 1 :].strip()
    if not (head and tail):
        return None
    if mark == "," and tail.casefold().replace(".", "") in _SUFFIXES:
        return None
    return head, tail, mark


def _why_not(mark: str) -> str:
    """Why ``mark`` does not split a name from a role, said in the advice."""
    if mark == ",":
        return _NO_COMMA
    return f"{show_value(mark)} does not separate a name from a role; a dash with a space either side does"
