"""Expand command-line paths into the files to lint: directories are searched with include/exclude globs.

The globs mean what they mean in ruff and in our per-file-ignores: a glob without a slash matches a file or
directory name at any depth (``drafts``, ``*.yaml``); a glob with a slash matches the path relative to the
configuration file's directory (``incidents/drafts``, ``incidents/*/old-*.json``), wherever the run starts and
whichever directory is named on the command line. Inside a git work tree, a walk also skips what git ignores
(see :mod:`incidentlint.gitignore`); a path named on the command line is never filtered by it.
"""

from __future__ import annotations

import fnmatch
import functools
import itertools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from incidentlint.gitignore import Rules


class Globs(NamedTuple):
    """One list of include or exclude globs, split by how each is matched."""

    names: tuple[str, ...]  # no slash: a name at any depth
    anchored: tuple[str, ...]  # a slash: the path from the configuration's directory
    #: Each list as one expression (fnmatch's own translation of each glob, joined): a walk matches every file's
    #: name against the include and exclude globs, ~11 fnmatch calls a file with the defaults, and one match of
    #: the joined expressions costs about what one of them did.
    match_name: Callable[[str], object]
    match_anchored: Callable[[str], object]

    @classmethod
    def of(cls, patterns: Sequence[str]) -> Globs:
        return _globs(tuple(patterns))  # per-file-ignores asks again for each file

    def match(self, name: str, anchored: str | None) -> bool:
        """``name`` is the last component; ``anchored`` the path from the base, None outside it."""
        if self.match_name(name) is not None:
            return True
        return anchored is not None and self.match_anchored(anchored) is not None


@functools.lru_cache(maxsize=256)
def _globs(patterns: tuple[str, ...]) -> Globs:
    names: list[str] = []
    anchored: list[str] = []
    for pattern in patterns:  # a trailing slash changes nothing; a leading one anchors, as in .gitignore
        leading = pattern.startswith("/")  # '/drafts' is the configuration directory's drafts only
        for variant in _zero_directories(pattern.strip("/") or pattern):
            (anchored if leading or "/" in variant else names).append(variant)
    return Globs(tuple(names), tuple(anchored), _joined(names), _joined(anchored))


def _joined(patterns: Sequence[str]) -> Callable[[str], object]:
    """``fnmatch.fnmatchcase`` against any of ``patterns``, as one compiled expression's ``match``."""
    if not patterns:
        return lambda text: None
    return re.compile("|".join(fnmatch.translate(pattern) for pattern in patterns)).match


def _zero_directories(pattern: str) -> list[str]:
    """``pattern`` and, where it has ``**/``, the pattern with each ``**/`` standing for no directory at all, as in
    ruff and .gitignore: ``incidents/**/*.json`` covers ``incidents/a.json`` too (fnmatch's ``**/`` needs a slash)."""
    parts = pattern.split("**/")
    if len(parts) == 1 or len(parts) > 5:  # more than four '**/' in one glob: only the literal reading
        return [pattern]
    variants: list[str] = []
    for kept in itertools.product(("**/", ""), repeat=len(parts) - 1):
        variant = parts[0] + "".join(sep + part for sep, part in zip(kept, parts[1:], strict=True))
        if variant and variant not in variants:
            variants.append(variant)
    return variants


def _anchored_dir(directory: str, base: str) -> str | None:
    """``directory`` relative to ``base`` with a trailing slash ("" for the base itself); None outside it."""
    try:
        relative = os.path.relpath(os.path.abspath(directory), base)
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return "" if relative == os.curdir else relative.replace(os.sep, "/") + "/"


def expand(
    paths: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str],
    base: str | os.PathLike[str] | None = None,
    force_exclude: bool = False,
    respect_gitignore: bool = False,
) -> Iterator[str]:
    """Files named directly are linted (unless ``force_exclude``, when ``exclude`` applies to them too); files
    found in directories must match ``include`` and not ``exclude``, and excluded directories are not entered.
    ``base`` anchors the globs with a slash (the configuration file's directory; the working directory by default).
    With ``respect_gitignore``, what git ignores is skipped too, and ignored directories are not entered.

    Directory walks are sorted, so output order is the same on every machine.
    """
    wanted, unwanted = Globs.of(include), Globs.of(exclude)
    root = os.path.abspath(base if base is not None else os.curdir)
    anchoring = bool(wanted.anchored or unwanted.anchored)  # else the relative path is never needed
    for path in paths:
        if force_exclude and path != "-" and excluded(path, unwanted, root):
            continue
        if path != "-" and os.path.isdir(path):
            # A directory that cannot be listed is passed on as a path of its own, so that the loader reports it
            # (io-error, exit 2) instead of the walk leaving its records out without a word.
            unlisted: list[OSError] = []
            ignoring = _Ignoring(path) if respect_gitignore else None
            for directory, dirnames, filenames in os.walk(path, onerror=unlisted.append):
                yield from _drain(unlisted)
                here = _anchored_dir(directory, root) if anchoring else None
                rules = ignoring.enter(directory, dirnames, filenames) if ignoring is not None else None
                dirnames[:] = sorted(
                    d
                    for d in dirnames
                    if not unwanted.match(d, None if here is None else here + d)
                    and not (rules is not None and rules.ignores(d, is_dir=True))
                )
                if ignoring is not None and rules is not None:
                    ignoring.expect(directory, dirnames, rules)
                for filename in sorted(filenames):
                    anchored = None if here is None else here + filename
                    if (
                        wanted.match(filename, anchored)
                        and not unwanted.match(filename, anchored)
                        and not (rules is not None and rules.ignores(filename, is_dir=False))
                    ):
                        yield os.path.join(directory, filename)
            yield from _drain(unlisted)
        else:
            yield path


def excluded(path: str, unwanted: Globs, root: str) -> bool:
    """Whether ``exclude`` covers ``path`` or a directory it lies in, as a directory walk would have found it:
    each component from the configuration's directory down is tested (the components of the path as written,
    when it lies outside that directory, so that a run started inside ``node_modules`` is not all excluded)."""
    absolute = os.path.abspath(path)
    relative = _anchored_dir(absolute, root)
    if relative is None:
        parts = [part for part in path.replace(os.sep, "/").split("/") if part not in ("", ".", "..")]
        return any(unwanted.match(part, None) for part in parts)
    parts = relative.rstrip("/").split("/") if relative else []
    return any(unwanted.match(part, "/".join(parts[: index + 1])) for index, part in enumerate(parts))


def _drain(unlisted: list[OSError]) -> Iterator[str]:
    while unlisted:
        error = unlisted.pop(0)
        if error.filename is not None:
            yield os.fsdecode(error.filename)


class _Ignoring:
    """The ignore rules of each directory of one walk: os.walk lists a directory before its subdirectories, so
    the rules for a subdirectory wait in ``pending`` until the walk reaches it (and are then dropped)."""

    def __init__(self, top: str) -> None:
        self.top = top
        self.pending: dict[str, tuple[Rules, str]] = {}

    def enter(self, directory: str, dirnames: list[str], filenames: list[str]) -> Rules | None:
        """The rules for the entries of ``directory``; None outside a repository."""
        # Imported here: a run over named files (pre-commit) never walks, and pays nothing for ignore files.
        from incidentlint.gitignore import start, start_at_root

        if directory == self.top:
            rules = start(directory)
            return None if rules is None else rules.with_file(directory, filenames)
        listing = [*dirnames, *filenames]
        parent = self.pending.pop(directory, None)
        if parent is not None:
            rules, name = parent
            return rules.below(directory, name, listing)
        if ".git" in listing:  # a repository met by a walk that started outside one: its files are in a work tree
            return start_at_root(directory).with_file(directory, filenames)
        return None

    def expect(self, directory: str, dirnames: list[str], rules: Rules) -> None:
        """Remember ``rules`` for the subdirectories the walk will enter next."""
        for name in dirnames:
            self.pending[os.path.join(directory, name)] = (rules, name)
