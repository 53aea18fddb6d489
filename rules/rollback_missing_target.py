"""rollback-missing-target: a rollback names the version it went back to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from incidentlint.api import Finding, Options, rule

from ._common import get, is_blank


@rule(
    code="IL114",
    name="rollback-missing-target",
    severity="error",
    summary="resolution_method is rollback with no rollback_target.",
    rationale=(
        "A rollback is only reproducible, and its follow-up (fix forward, then redeploy) only trackable, when the "
        "record says which version it went back to; VERIS-style implication rules ('if A is X then B is "
        "required') exist for exactly this. resolution_method is matched case-insensitively; a rollback_target "
        "that is absent, null or blank fires, one of the wrong type is the schema's finding."
    ),
    valid=[
        {"technical_details": {"resolution_method": "rollback", "rollback_target": "v2.2.9"}},
        {"technical_details": {"resolution_method": "hotfix"}},
    ],
    invalid=[{"technical_details": {"resolution_method": "rollback"}}],
)
def check(record: Mapping[str, Any], options: Options) -> Iterator[Finding]:
    method = get(record, "technical_details", "resolution_method")
    if not isinstance(method, str) or method.strip().casefold() != "rollback":
        return
    details = record["technical_details"]
    target = details.get("rollback_target")
    if not is_blank(target):
        return
    pointer = "/technical_details/resolution_method" if target is None else "/technical_details/rollback_target"
    yield Finding(
        pointer,
        "resolution_method is 'rollback' but rollback_target is "
        + ("missing" if target is None else "empty")
        + "; set rollback_target to the version rolled back to, like 'v2.2.9'",
    )
