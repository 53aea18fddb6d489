"""A deterministic corpus of realistic incident records (about 3 KB each, JSON and YAML) for the benchmark.

Records are internally consistent (durations match timestamps, the commander is a responder, updates are in
order) so the clean ones lint clean; a seeded tenth carry one schema or rule violation, like a real repository
where someone is mid-edit. The same seed always gives byte-identical files.

Like real records, some are not plain ASCII: people's names with accents, an em dash, a quoted flag name and a
second paragraph, which JSON writes with backslash escapes. So the benchmark also pays for the slower paths that
the cheap text tests (such as the hidden-character rules' prefilter) send those records down.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

CORPUS_VERSION = 3  # bump when the generator's output changes, so stale corpora are rebuilt

SERVICES = [
    "payment-api",
    "checkout-service",
    "subscription-billing",
    "search-indexer",
    "auth-gateway",
    "user-profile",
    "notification-service",
    "inventory-db",
    "order-pipeline",
    "cdn-edge",
    "recommendations",
    "ledger",
    "kafka-cluster",
    "metrics-ingest",
    "image-resizer",
    "api-gateway",
    "session-store",
    "feature-flags",
]
REGIONS = ["us-east", "us-west", "eu-west", "eu-central", "ap-southeast", "ap-northeast", "sa-east"]
FIRST = ["Sarah", "Tom", "Lisa", "Mike", "David", "Priya", "Chen", "Amara", "Jonas", "Elena", "Kofi", "Yuki", "Omar"]
FIRST += ["Søren"]  # one name of fourteen: about a third of the records name a person with an accent
LAST = ["Chen", "Wilson", "Park", "Rodriguez", "Kumar", "Okafor", "Schmidt", "Rossi", "Tanaka", "Haddad", "Silva"]
ROLES = ["On-call Engineer", "Database Engineer", "DevOps Engineer", "SRE", "Network Engineer", "Team Lead"]
TEAMS = ["payments", "platform", "data", "identity", "edge", "observability"]
CAUSES = [
    ("an inefficient database query introduced in deployment {v}", "connection pool exhaustion"),
    ("a certificate that expired on the internal load balancer", "TLS handshake failures"),
    ("a configuration change that halved the worker pool size in release {v}", "request queueing"),
    ("a retry storm after a downstream dependency slowed down", "cascading timeouts"),
    ("disk exhaustion on the primary replica after log rotation stopped", "write failures"),
    ("a schema migration in {v} that locked a hot table", "blocked writes"),
    ("a DNS record that was removed by an automated cleanup job", "resolution failures"),
    ("memory growth in {v} from an unbounded in-process cache", "repeated out-of-memory restarts"),
    ('a feature flag named "fast-path" that {v} switched on for every tenant', "elevated latency"),
]
#: A second paragraph some descriptions have: a line break (an escape in JSON) and an em dash.
FOLLOW_UP = "\n\nThe review is scheduled — follow-ups are tracked in the action items below."
DETECTION = ["automated_monitoring", "customer_report", "manual", "synthetic_check"]
RESOLUTION = ["rollback", "hotfix", "failover", "config_change", "restart"]
VERBS = ["Add", "Fix", "Document", "Automate", "Alert on", "Load-test", "Review", "Remove", "Limit", "Monitor"]
OBJECTS = [
    "query performance checks in the CI pipeline",
    "connection pool utilisation above 80 percent",
    "the rollback runbook for the payment services",
    "certificate expiry dates for every internal endpoint",
    "retry budgets in the shared HTTP client",
    "disk usage on database replicas",
    "the DNS cleanup job's allow list",
    "cache size limits in the recommendations service",
    "schema migrations on tables above 10 GB",
]
LESSONS = [
    "Code review missed the performance implications of the change",
    "Load testing did not include realistic production traffic patterns",
    "Earlier alerting on saturation would have shortened detection",
    "The rollback procedure worked well and took only minutes",
    "The runbook for this failure mode was out of date",
    "Dashboards for the dependency were not linked from the alert",
    "Escalation to the owning team happened quickly through the paging policy",
]


def _duration_text(rng: random.Random, delta: timedelta) -> str:
    """The same span written in one of the styles people use."""
    minutes = int(delta.total_seconds()) // 60
    hours, rest = divmod(minutes, 60)
    style = rng.choice(["compact", "words", "iso", "minutes"])
    if minutes == 0:
        return "immediate"
    if style == "minutes" or hours == 0:
        return f"{minutes} minutes" if minutes != 1 else "1 minute"
    if style == "compact":
        return f"{hours}h {rest}m" if rest else f"{hours}h"
    if style == "iso":
        return f"PT{hours}H{rest}M" if rest else f"PT{hours}H"
    hour_word = "hour" if hours == 1 else "hours"
    return f"{hours} {hour_word} {rest} minutes" if rest else f"{hours} {hour_word}"


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _people(rng: random.Random, count: int) -> list[str]:
    """``count`` different people: a responder listed twice is a finding."""
    chosen: list[str] = []
    while len(chosen) < count:
        name = _person(rng)
        if name not in chosen:
            chosen.append(name)
    return chosen


def record(rng: random.Random, incident_id: str, start: datetime) -> dict[str, Any]:
    """One clean, internally consistent record."""
    version = f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    cause, symptom = rng.choice(CAUSES)
    cause = cause.format(v=version)
    services = rng.sample(SERVICES, rng.randint(1, 4))
    lasted = timedelta(minutes=rng.randint(8, 600))
    end = start + lasted
    to_detect = timedelta(minutes=rng.choice([0, 0, 1, 2, 5, 7]))
    detected = start + to_detect
    war_room = min(detected + timedelta(minutes=rng.randint(1, 10)), end)
    people = _people(rng, rng.randint(3, 6))
    commander = people[0]
    responders: list[Any] = [f"{commander} - Incident Commander"]
    for name in people[1:]:
        if rng.random() < 0.7:
            responders.append(f"{name} - {rng.choice(ROLES)}")
        else:
            responders.append({"name": name, "role": rng.choice(ROLES), "team": rng.choice(TEAMS)})
    rng.shuffle(responders)
    failed = rng.randint(100, 20000)
    share = rng.randint(5, 95)
    status_page = rng.random() < 0.6
    executives = rng.random() < 0.3
    log: list[dict[str, Any]] = []
    moments = sorted(detected + (end - detected) * rng.random() for _ in range(rng.randint(1, 3)))
    for index, moment in enumerate([*moments, end]):
        final = index == len(moments)
        log.append(
            {
                "timestamp": _ts(moment.replace(second=0, microsecond=0) if not final else end),
                "type": "status_page" if status_page else rng.choice(["email", "slack", "internal"]),
                "message": f"{'Resolved' if final else 'Investigating'}: {symptom} affecting {services[0]}",
                "audience": "customers" if status_page else "internal",
            }
        )
    if executives:
        log.insert(
            1,
            {
                "timestamp": log[0]["timestamp"],
                "type": "email",
                "message": "Executive briefing sent",
                "audience": "executives",
            },
        )
    resolution = rng.choice(RESOLUTION)
    technical: dict[str, Any] = {
        "root_cause": f"The {symptom} was caused by {cause}, which exhausted capacity in {services[0]} "
        f"for {int(lasted.total_seconds() // 60)} minutes until it was reverted",
        "affected_regions": rng.sample(REGIONS, rng.randint(1, 3)),
        "error_metrics": {
            "peak_error_rate": f"{rng.randint(20, 90)}%",
            "normal_error_rate": "0.1%",
            "requests_failed": failed,
        },
        "resolution_method": resolution,
    }
    if resolution == "rollback":
        technical["rollback_target"] = f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        technical["rollback_duration"] = _duration_text(rng, min(lasted, timedelta(minutes=rng.randint(2, 15))))
    actions: list[Any] = []
    for _ in range(rng.randint(2, 5)):
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        if rng.random() < 0.5:
            actions.append(text)
        else:
            due = (end + timedelta(days=rng.randint(3, 14))).date().isoformat()
            actions.append(
                {
                    "description": text,
                    "owner": _person(rng),
                    "due_date": due,
                    "ticket": f"OPS-{rng.randint(100, 9999)}",
                    "status": rng.choice(["open", "done"]),
                }
            )
    result: dict[str, Any] = {
        "incident_id": incident_id,
        "title": f"{services[0].replace('-', ' ').title()} {symptom} after {version}",
        "description": f"{symptom.capitalize()} caused errors in {', '.join(services)} for "
        f"{share}% of requests. The underlying cause was {cause}. "
        "Responders restored service and are following up on prevention." + (FOLLOW_UP if rng.random() < 0.15 else ""),
        "severity": rng.choice(["sev1", "sev2", "sev2", "sev3", "sev3", "sev4"]),
        "status": rng.choice(["resolved", "resolved", "closed"]),
        "start_time": _ts(start),
        "end_time": _ts(end),
        "duration": _duration_text(rng, lasted),
        "affected_services": services,
        "customer_impact": f"About {share}% of users saw errors; roughly {failed:,} requests failed during "
        f"the {int(lasted.total_seconds() // 60)} minutes of impact.",
        "business_impact": f"Estimated revenue loss of ${rng.randint(1, 90) * 1000:,}; "
        f"{rng.randint(0, 30)} customer escalations through support.",
        "incident_commander": commander,
        "responders": responders,
        "detection_details": {
            "detection_method": rng.choice(DETECTION),
            "detection_time": _ts(detected),
            "alert_source": rng.choice(["Datadog error rate monitor", "Prometheus latency alert", "Pingdom check"]),
            "time_to_detection": _duration_text(rng, to_detect),
        },
        "response_details": {
            "time_to_response": _duration_text(rng, timedelta(minutes=rng.randint(1, 10))),
            "time_to_escalation": _duration_text(rng, timedelta(minutes=rng.randint(5, 20))),
            "time_to_resolution": _duration_text(rng, lasted),
            "war_room_established": _ts(war_room),
            "executives_notified": executives,
            "status_page_updated": status_page,
        },
        "technical_details": technical,
        "communication_log": log,
        "lessons_learned_preview": rng.sample(LESSONS, rng.randint(2, 4)),
        "preliminary_action_items": actions,
    }
    return result


def _missing_field(rng: random.Random, data: dict[str, Any]) -> None:
    del data[rng.choice(["responders", "title", "severity", "affected_services"])]


def _bad_enum(rng: random.Random, data: dict[str, Any]) -> None:
    data["severity"] = rng.choice(["SEV2", "critical", "P1"])


def _typo_key(rng: random.Random, data: dict[str, Any]) -> None:
    data["incident_comander"] = data.pop("incident_commander")


def _bad_timestamp(rng: random.Random, data: dict[str, Any]) -> None:
    data["start_time"] = data["start_time"].replace("T", " ")[:16]


def _duration_mismatch(rng: random.Random, data: dict[str, Any]) -> None:
    data["duration"] = "13h 7m"


def _end_before_start(rng: random.Random, data: dict[str, Any]) -> None:
    data["start_time"], data["end_time"] = data["end_time"], data["start_time"]


def _commander_not_responder(rng: random.Random, data: dict[str, Any]) -> None:
    data["incident_commander"] = "Nobody Listed"


def _log_out_of_order(rng: random.Random, data: dict[str, Any]) -> None:
    data["communication_log"].reverse()


VIOLATIONS: list[Callable[[random.Random, dict[str, Any]], None]] = [
    _missing_field,
    _bad_enum,
    _typo_key,
    _bad_timestamp,
    _duration_mismatch,
    _end_before_start,
    _commander_not_responder,
    _log_out_of_order,
]


def dump(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))


def generate(directory: Path, count: int, seed: int = 20240315, yaml_share: float = 0.3) -> list[Path]:
    """Write ``count`` records into ``directory`` and return their paths in a stable order.

    File ``i`` is clean unless ``i % 10 == 9`` (a tenth, spread evenly, so every prefix has the same mix).
    """
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    base = datetime(2022, 1, 1, tzinfo=UTC)
    paths = []
    per_day: dict[str, int] = {}
    for index in range(count):
        start = base + timedelta(minutes=rng.randint(0, 4 * 365 * 24 * 60 - 1))
        day = start.strftime("%Y-%m%d")
        per_day[day] = per_day.get(day, 0) + 1
        incident_id = f"INC-{day}-{per_day[day]:03d}"
        data = record(rng, incident_id, start)
        if index % 10 == 9:
            rng.choice(VIOLATIONS)(rng, data)
        fmt = "yaml" if rng.random() < yaml_share else "json"
        path = directory / f"{incident_id}.{fmt}"
        path.write_text(dump(data, fmt), encoding="utf-8")
        paths.append(path)
    return paths
