"""Allow ``python -m incidentlint``."""

from incidentlint.cli import entry

entry()
