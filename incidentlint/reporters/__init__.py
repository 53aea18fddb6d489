"""Output formats, by name. Each is one class; machine formats never go through rich."""

from __future__ import annotations

from incidentlint.reporters.base import Reporter
from incidentlint.reporters.full import FullReporter
from incidentlint.reporters.github import GithubReporter
from incidentlint.reporters.gitlab import GitlabReporter
from incidentlint.reporters.junit import JunitReporter
from incidentlint.reporters.sarif import SarifReporter
from incidentlint.reporters.simple import ConciseReporter, JsonReporter

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter
    for reporter in (
        FullReporter,
        ConciseReporter,
        JsonReporter,
        GithubReporter,
        SarifReporter,
        JunitReporter,
        GitlabReporter,
    )
}
