"""filename-id-mismatch: a record's file is named after its incident_id."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from incidentlint.api import Finding, Options, rule, truncate, visible

from .incident_id_date_mismatch import Day, id_day, ids_in, parse_id, show_day, start_day


class Summary(NamedTuple):
    """What this rule keeps of a record: its incident_id and the UTC day start_time falls on."""

    incident_id: str | None
    started: Day | None


def collect(record: Mapping[str, Any]) -> Summary:
    incident_id = record.get("incident_id")
    return Summary(incident_id if isinstance(incident_id, str) and incident_id else None, start_day(record))


@rule(
    code="IL202",
    name="filename-id-mismatch",
    severity="info",
    summary="The file name does not contain the record's incident_id.",
    rationale=(
        "When files are named after their incident_id, people find a record from a ticket or chat message "
        "without searching, and a copied file whose id was never updated stands out at once; the VERIS community "
        "database requires each incident_id to match its file name. Off by default, because some teams name "
        "files by date or title: enable it with extend-select. The id must appear in the file name exactly, "
        "in the same case; records read from standard input have no file name and are skipped. When the id's "
        "date is not start_time's UTC day (incident-id-date-mismatch) the id is the one to fix, not the file "
        "name: if the file name holds an id of start_time's day, the id looks copied from another incident, and "
        "the finding names the file name's id as the right one."
    ),
    valid=[{"INC-2024-0315-001.json": {"incident_id": "INC-2024-0315-001"}}],
    invalid=[{"payment-outage.json": {"incident_id": "INC-2024-0315-001"}}],
    scope="repository",
    enabled_by_default=False,
    collect=collect,
)
def check(summaries: Sequence[tuple[str, object]], options: Options) -> Iterator[tuple[int, Finding]]:
    for index, (name, summary) in enumerate(summaries):
        if not isinstance(summary, Summary) or (name.startswith("<") and name.endswith(">")):
            continue
        incident_id, started = summary
        base = re.split(r"[\\/]", name)[-1]
        if incident_id is None or incident_id in base:
            continue
        yield index, Finding("/incident_id", _message(base, incident_id, started))


def _message(base: str, incident_id: str, started: Day | None) -> str:
    shown = visible(truncate(incident_id))
    own = parse_id(incident_id)
    if started is not None and own is not None and id_day(own) != started:
        # The id's date is not start_time's: renaming the file after it would spread the mistake.
        day = show_day(started)
        named = [match.group() for match in ids_in(base) if id_day(match) == started]
        if named:
            return (
                f"incident_id {shown} is not the id in the file name {visible(base)}, which has start_time's date "
                f"({day}) where the incident_id does not: the id looks copied from another incident; "
                f"set incident_id to {named[0]}"
            )
        return (
            f"the file name {visible(base)} does not contain the incident_id {shown}, whose date is not start_time's "
            f"({day}) either; correct the id first, then name the file after it"
        )
    dot = base.rfind(".")
    suffix = base[dot:] if dot > 0 else ".json"
    start = base.casefold().find(incident_id.casefold())
    if start >= 0 and len(base.casefold()) == len(base) and len(incident_id.casefold()) == len(incident_id):
        # The id is there in other letters' case (inc-2024-0315-001.json): a search for the id, and a file
        # system that tells case apart, will not find it. The rest of the name is kept.
        written = base[start : start + len(incident_id)]
        renamed = base[:start] + incident_id + base[start + len(incident_id) :]
        return (
            f"the file name {visible(base)} writes the incident_id {shown} as {visible(truncate(written))}; "
            f"rename it to {visible(truncate(renamed))}"
        )
    return f"the file name {visible(base)} does not contain the incident_id {shown}; rename it to {shown}{suffix}"
