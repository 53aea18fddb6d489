"""Expand command-line paths into the files to lint: directories are searched with include/exclude globs."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath


def _matches(relative: str, patterns: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        if "/" in pattern.strip("/"):
            if fnmatch.fnmatchcase(relative, pattern.strip("/")) or PurePosixPath(relative).match(pattern):
                return True
        elif fnmatch.fnmatchcase(name, pattern.rstrip("/")):
            return True
    return False


def excluded(path: str, patterns: Sequence[str]) -> bool:
    """True when any component of ``path`` (relative, posix) matches an exclude glob."""
    parts = path.replace(os.sep, "/").strip("/").split("/")
    return any(_matches("/".join(parts[: index + 1]), patterns) for index in range(len(parts)))


def expand(paths: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> Iterator[str]:
    """Files named directly are always linted; files found in directories must match ``include``.

    Directory walks are sorted, so output order is the same on every machine.
    """
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for directory, dirnames, filenames in os.walk(path):
                relative_dir = os.path.relpath(directory, path)
                relative_dir = "" if relative_dir == "." else relative_dir.replace(os.sep, "/") + "/"
                dirnames[:] = sorted(d for d in dirnames if not excluded(relative_dir + d, exclude))
                for filename in sorted(filenames):
                    relative = relative_dir + filename
                    if _matches(relative, include) and not excluded(relative, exclude):
                        yield os.path.join(directory, filename)
        else:
            yield path
