"""incidentlint: schema validation and consistency linting for incident records."""

__version__ = "0.1.0"
