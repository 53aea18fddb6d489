"""Output formats, by name. Each is one class; machine formats never go through rich."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from incidentlint.reporters.base import Reporter

#: Format name -> (module, class). Only the format a run uses is imported: each pulls in its own libraries
#: (rich for the human formats, xml for JUnit), and a pre-commit hook pays start-up time on every commit.
_WHERE: dict[str, tuple[str, str]] = {
    "full": ("incidentlint.reporters.full", "FullReporter"),
    "concise": ("incidentlint.reporters.simple", "ConciseReporter"),
    "json": ("incidentlint.reporters.simple", "JsonReporter"),
    "github": ("incidentlint.reporters.github", "GithubReporter"),
    "sarif": ("incidentlint.reporters.sarif", "SarifReporter"),
    "junit": ("incidentlint.reporters.junit", "JunitReporter"),
    "gitlab": ("incidentlint.reporters.gitlab", "GitlabReporter"),
    "azure": ("incidentlint.reporters.azure", "AzureReporter"),
    "rdjson": ("incidentlint.reporters.rdjson", "RdjsonReporter"),
}


class _Reporters(Mapping[str, type[Reporter]]):
    """A read-only dict of the reporter classes that imports each one on first use."""

    def __getitem__(self, name: str) -> type[Reporter]:
        module, attribute = _WHERE[name]
        reporter: type[Reporter] = getattr(importlib.import_module(module), attribute)
        return reporter

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)

    def __contains__(self, name: object) -> bool:
        return name in _WHERE


REPORTERS: Mapping[str, type[Reporter]] = _Reporters()
