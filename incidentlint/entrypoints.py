"""A quick look for installed entry points, so importlib.metadata (~15-20 ms to import) loads only when needed.

Every run asks for rule plugins, and almost always none is installed. This scan reads the ``entry_points.txt``
of each distribution on ``sys.path`` (about a millisecond for a typical virtualenv) and says "no" only when it
is sure; anything it cannot read as importlib.metadata would (zip files, eggs in zips, finders of other
importers) makes it answer "maybe", and the caller then asks importlib.metadata as before.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys


def may_declare(group: str) -> bool:
    """False only when no distribution on ``sys.path`` declares an entry point in ``group``."""
    for finder in sys.meta_path:
        if getattr(finder, "find_distributions", None) is not None and finder is not importlib.machinery.PathFinder:
            return True  # another importer can report distributions we cannot see from here
    header = f"[{group}]"
    for entry in sys.path:
        directory = entry or "."
        try:
            with os.scandir(directory) as children:
                names = [child.name for child in children]
        except NotADirectoryError:
            return True  # a zip archive on the path
        except OSError:
            continue  # missing or unreadable: importlib.metadata finds nothing there either
        for name in names:
            lowered = name.lower()
            if lowered.endswith((".dist-info", ".egg-info")):
                path = os.path.join(directory, name, "entry_points.txt")
            elif lowered.endswith(".egg"):
                if not os.path.isdir(os.path.join(directory, name)):
                    return True  # a zipped egg
                path = os.path.join(directory, name, "EGG-INFO", "entry_points.txt")
            else:
                continue
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return True
            if declares(text, header):
                return True
    return False


def declares(text: str, header: str) -> bool:
    """Whether an ``entry_points.txt`` has at least one entry under ``header`` (like ``[incidentlint.rules]``)."""
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped == header
        elif inside and stripped and not stripped.startswith(("#", ";")):
            return True
    return False
