"""commander-not-in-responders: the incident commander must be listed among the responders."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule, show_value

from ._common import name_key, responder_name


@rule(
    code="IL105",
    name="commander-not-in-responders",
    severity="error",
    summary="incident_commander is not among the responders.",
    rationale=(
        "The responders list is the record of who took part; PagerDuty's postmortem template and the SRE "
        "incident-command model put the incident commander first among them. A commander missing from the list "
        "usually means a misspelt name, which breaks every per-person report built from these records. Names are "
        "the part of 'Name - Role' before the first hyphen, en dash or em dash with a space either side "
        "(' - ', ' \u2013 ', ' \u2014 ': word processors turn a typed hyphen into a dash), or the name of a "
        "responder object, compared case-insensitively with surrounding whitespace trimmed and inner runs of "
        "spaces counted as one."
    ),
    valid=[
        {
            "incident_commander": "Mike Rodriguez",
            "responders": ["Sarah Chen - On-call Engineer", "mike rodriguez - Incident Commander"],
        },
        {"incident_commander": "Mike Rodriguez", "responders": [{"name": "Mike Rodriguez", "role": "IC"}]},
        {"incident_commander": "Mike Rodriguez", "responders": ["Mike Rodriguez \u2013 Incident Commander"]},
    ],
    invalid=[{"incident_commander": "Mike Rodriguez", "responders": ["Sarah Chen - On-call Engineer"]}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    commander = record.get("incident_commander")
    responders = record.get("responders")
    if not isinstance(commander, str) or not commander.strip() or not isinstance(responders, list):
        return
    names = [name for name in map(responder_name, responders) if name is not None]
    if commander.strip() in names:
        return  # spelt the same in both places, the common case: no need to normalise every name
    by_key = {name_key(name): name for name in names}
    if name_key(commander) in by_key:
        return
    import difflib  # only when the commander is missing, which a clean record never is

    close = difflib.get_close_matches(name_key(commander), list(by_key), n=1, cutoff=0.8)
    if close:
        advice = f"did you mean {show_value(by_key[close[0]])}? Use the same spelling in both places"
    else:
        advice = f"add {show_value(commander.strip() + ' - Incident Commander')} to responders"
    yield Finding(
        "/incident_commander",
        f"incident_commander {show_value(commander)} is not among the responders; {advice}",
    )
