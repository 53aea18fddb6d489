"""duplicate-incident-id: no two records share an incident_id."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from incidentlint.api import Finding, Options, rule, truncate, visible

SHOWN = 3  # other file names named in one message; more are counted


def collect(record: Mapping[str, Any]) -> str | None:
    """All this rule keeps of a record: its incident_id, so memory stays flat over thousands of records."""
    incident_id = record.get("incident_id")
    return incident_id if isinstance(incident_id, str) and incident_id else None


@rule(
    code="IL201",
    name="duplicate-incident-id",
    severity="error",
    summary="Two or more files share an incident_id.",
    rationale=(
        "The incident_id is how tickets, dashboards and other postmortems refer to an incident; two records with "
        "one id make every such reference ambiguous, and usually mean a copied template whose id was never "
        "changed. The VERIS community database found exactly such a duplicate in its own sample. Ids are compared "
        "exactly. With a configured root, every record under it is read, so a duplicate is found even when only "
        "some files are linted (as pre-commit does); without one, only the files of the run are compared. Each "
        "file of a clash gets a finding naming the others."
    ),
    valid=[
        {
            "INC-2024-0315-001.json": {"incident_id": "INC-2024-0315-001"},
            "INC-2024-0315-002.json": {"incident_id": "INC-2024-0315-002"},
        }
    ],
    invalid=[
        {
            "INC-2024-0315-001.json": {"incident_id": "INC-2024-0315-001"},
            "copy.json": {"incident_id": "INC-2024-0315-001"},
        }
    ],
    scope="repository",
    collect=collect,
)
def check(summaries: Sequence[tuple[str, object]], options: Options) -> Iterator[tuple[int, Finding]]:
    users: dict[str, list[int]] = {}
    for index, (_, incident_id) in enumerate(summaries):
        if isinstance(incident_id, str):
            users.setdefault(incident_id, []).append(index)
    for incident_id, indexes in users.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = [visible(summaries[other][0]) for other in indexes if other != index]
            named = ", ".join(others[:SHOWN]) + (f" and {len(others) - SHOWN} more" if len(others) > SHOWN else "")
            yield (
                index,
                Finding(
                    "/incident_id",
                    f"incident_id {visible(truncate(incident_id))} is also used by {named}; give each incident its own "
                    "id (the next free sequence number for that day)",
                ),
            )
