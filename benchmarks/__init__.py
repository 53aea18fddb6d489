"""Benchmarks for incidentlint.

Run from the repository root (``python -m benchmarks.bench``), Python puts the root first on ``sys.path``, so the
source tree's ``incidentlint`` would shadow the installed one. Under a regular install (``pip install '.[bench]'``,
the one the README asks for) the source tree alone is not a working package: the built-in rules live in top-level
``rules/``, which only an install maps to ``incidentlint.rules``. So incidentlint is imported here with the root
left off the path, from the installation whose console scripts the benchmark times; an editable install maps it
back to this tree. Without any install, the source tree's is used, as before.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def _import_installed() -> None:
    if "incidentlint" in sys.modules:
        return
    root = Path(__file__).resolve().parent.parent
    kept = sys.path[:]
    sys.path[:] = [entry for entry in kept if Path(entry or ".").resolve() != root]
    try:
        importlib.import_module("incidentlint")
    except ImportError:
        pass
    finally:
        sys.path[:] = kept


_import_installed()
