"""Make every test independent of the environment it runs in (CI variables, colour settings)."""

from __future__ import annotations

import pytest

# Variables that change what incidentlint prints: a test run inside GitHub Actions, or with NO_COLOR set, must
# see the same output as a run on a developer's machine.
_ENVIRONMENT = ("GITHUB_ACTIONS", "TF_BUILD", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "CI")


@pytest.fixture(autouse=True)
def _hermetic_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
