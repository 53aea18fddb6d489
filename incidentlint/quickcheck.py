"""jsonschema-rs's quick yes for small schemas (the configuration, rule options), so jsonschema is imported only to
word a no.

jsonschema costs ~50-60 ms to import, which a pre-commit hook would pay on every commit of a configured repository;
jsonschema-rs is imported by every run anyway, for the bundled record schema. Its yes is taken only where it is
known to be jsonschema's too: no ``pattern`` or ``format`` in the schema (the two engines' regular expressions and
format checks can differ), and no float in the value (JSON Schema counts 2.0 as an integer; our configuration does
not). Everything else, and every no, goes to jsonschema, which decides and says why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def accepts(schema: Mapping[str, Any], value: Any) -> bool:
    """True only when jsonschema-rs validates ``value`` against ``schema`` (draft 2020-12) and its answer is known to
    be jsonschema's; False whenever jsonschema must decide."""
    if not _comparable(schema) or _holds_float(value):
        return False
    try:
        import jsonschema_rs

        return bool(jsonschema_rs.Draft202012Validator(dict(schema)).is_valid(value))
    except Exception:  # not installed, or a schema or value it cannot take
        return False


def valid_schema(schema: Mapping[str, Any]) -> bool:
    """True only when jsonschema-rs finds ``schema`` a valid JSON Schema, under the same conditions."""
    if not _comparable(schema):
        return False
    try:
        import jsonschema_rs

        return bool(jsonschema_rs.meta.is_valid(dict(schema)))
    except Exception:
        return False


def _comparable(schema: Mapping[str, Any]) -> bool:
    try:
        text = json.dumps(schema)
    except (TypeError, ValueError):  # not JSON: jsonschema says what is wrong
        return False
    return '"pattern' not in text and '"format"' not in text


def _holds_float(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
