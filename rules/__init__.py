"""The built-in rule pack, written against the public API in :mod:`incidentlint.api`.

Installed as ``incidentlint.rules``. ``MODULES`` lists the modules whose rules are loaded, in catalogue order:
record rules IL101.. first, then repository-wide rules IL201... Shared helpers live in ``_common``.
"""

MODULES: tuple[str, ...] = (
    "end_before_start",
    "duration_mismatch",
    "resolution_time_mismatch",
    "resolved_without_end_time",
    "commander_not_in_responders",
    "missing_action_items",
    "detection_outside_window",
    "detection_time_mismatch",
    "timeline_outside_window",
    "timeline_not_chronological",
    "status_page_not_logged",
    "incident_id_date_mismatch",
    "placeholder_text",
    "rollback_missing_target",
    "rollback_exceeds_duration",
    "error_rate_inconsistent",
    "duplicate_responder",
    "blameless_language",
    "action_item_without_owner",
    "future_timestamp",
    "control_character_in_field",
    "invisible_character",
    "duration_out_of_range",
    "response_before_detection",
    "non_utc_timestamp",
    "due_date_before_incident",
    "action_item_due_too_late",
    "duplicate_incident_id",
    "filename_id_mismatch",
)
