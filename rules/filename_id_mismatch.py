"""filename-id-mismatch: a record's file is named after its incident_id."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from incidentlint.api import Finding, Options, rule, truncate, visible

from .duplicate_incident_id import collect


@rule(
    code="IL202",
    name="filename-id-mismatch",
    severity="info",
    summary="The file name does not contain the record's incident_id.",
    rationale=(
        "When files are named after their incident_id, people find a record from a ticket or chat message "
        "without searching, and a copied file whose id was never updated stands out at once; the VERIS community "
        "database requires each incident_id to match its file name. Off by default, because some teams name "
        "files by date or title: enable it with extend-select. The id must appear in the file name exactly; "
        "records read from standard input have no file name and are skipped."
    ),
    valid=[{"INC-2024-0315-001.json": {"incident_id": "INC-2024-0315-001"}}],
    invalid=[{"payment-outage.json": {"incident_id": "INC-2024-0315-001"}}],
    scope="repository",
    enabled_by_default=False,
    collect=collect,
)
def check(summaries: Sequence[tuple[str, object]], options: Options) -> Iterator[tuple[int, Finding]]:
    for index, (name, incident_id) in enumerate(summaries):
        if not isinstance(incident_id, str) or (name.startswith("<") and name.endswith(">")):
            continue
        base = re.split(r"[\\/]", name)[-1]
        if incident_id in base:
            continue
        dot = base.rfind(".")
        suffix = base[dot:] if dot > 0 else ".json"
        shown = visible(truncate(incident_id))
        yield (
            index,
            Finding(
                "/incident_id",
                f"the file name {visible(base)} does not contain the incident_id {shown}; rename it to {shown}{suffix}",
            ),
        )
