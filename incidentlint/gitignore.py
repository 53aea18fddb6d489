"""Git's ignore files for directory walks: which entries of a git work tree ``.gitignore`` hides from the lint.

Read inside a repository (the nearest directory at or above the walk holding a ``.git`` entry) and only there:
``.git/info/exclude`` (lowest precedence), then ``.gitignore`` in every directory from the repository root down.
As in git, a deeper file wins over a shallower one and, within a file, the last matching pattern decides, a
negation (``!``) re-including. The user's global ``core.excludesFile`` is not read (it lives in git's
configuration). The patterns are translated by pathspec, imported only when a walk meets an ignore file.

pathspec's regular expressions match a path *or anything below it* (``build`` matches ``build/x.json``), the
right answer for one path checked alone. A walk checks every entry itself and never enters an ignored directory,
so here a pattern must match the entry itself only: a deeper negation of a directory (``!b/``) must not re-include
the files in it that a shallower ``*.json`` ignores. :func:`_entry_regex` makes each expression exact.

An ignore file that cannot be used (unreadable, not UTF-8, not a regular file, over 1 MiB) is skipped as if
absent, without a message: incidentlint then lints more files, never fewer without a reason (a ``.gitignore``
that is a symbolic link is not followed, as git does not follow it). A pattern pathspec
rejects is skipped as git skips it (it matches nothing), and so is a pattern with more than three runs of ``*``
(two of them ``**``): Python's regular expressions backtrack, and such a pattern can take minutes on one long path.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass

from incidentlint.loader import read_bytes

IGNORE_FILE = ".gitignore"
#: The largest ignore file read: real ones are a few KiB, and each pattern is tried on every entry of the walk.
MAX_IGNORE_BYTES = 1024 * 1024
#: Runs of ``*`` (``**`` counted too) that keep one match within milliseconds on a 4,096-character path.
MAX_STAR_RUNS, MAX_DOUBLE_STAR_RUNS = 3, 2

_STAR_RUNS = re.compile(r"\*+")
#: How pathspec ends the expression of a pattern that names an entry (``foo``, ``foo/``, ``*/``): with the entry's
#: own directory marker or the end of the path, after which it would accept anything below the entry.
_EXACT_ENDINGS = ("(?P<ps_d>/)", "(?:(?P<ps_d>/)|$)")


@dataclass(frozen=True)
class Layer:
    """The patterns of one ignore file, as one expression that finds the last pattern matching an entry.

    Every pattern's expression is anchored at the start of the path (see :func:`_entry_regex`), so trying them
    newest first at that one position, as alternatives of one expression each followed by an empty group, finds
    the newest match in a single ``match``: the empty group that took part names the pattern. That is one
    compile per ignore file, where a compile per pattern cost ~0.3 ms each (30 ms for a common Python
    ``.gitignore``, on every directory walk), and one test per entry instead of a loop over the patterns.
    """

    base: str  # the file's directory, relative to the repository root: "" or "a/b/"
    newest_first: re.Pattern[str]
    #: Whether a match of the pattern whose empty group has this number ignores the entry (index 0 unused).
    ignores_by_group: tuple[bool, ...]

    @classmethod
    def of(cls, base: str, rules: list[tuple[str, bool]]) -> Layer | None:
        """A layer of ``rules`` (expression, whether a match ignores) in file order; None when none compiles."""
        try:
            return cls._joined(base, rules)
        except re.error:  # one of them is malformed: keep the others, as git skips a pattern it cannot read
            usable = [(source, ignores) for source, ignores in rules if _compiles(source)]
            return cls._joined(base, usable) if usable else None

    @classmethod
    def _joined(cls, base: str, rules: list[tuple[str, bool]]) -> Layer:
        newest = rules[::-1]
        # pathspec's one named group ("ps_d") would be named once per pattern: it is not needed here.
        joined = "|".join(f"(?:{source})()" for source, _ in newest).replace("(?P<ps_d>", "(?:")
        return cls(base, _compile(joined), (False, *(ignores for _, ignores in newest)))

    def decide(self, local: str) -> bool | None:
        """Whether the last matching pattern ignores ``local`` (relative to ``base``, a directory ending in "/");
        None when no pattern matches, so that a shallower file decides."""
        found = self.newest_first.match(local)
        return None if found is None else self.ignores_by_group[found.lastindex or 0]


def _compile(source: str) -> re.Pattern[str]:
    # A bracket expression such as [[]x] compiles to a class that Python warns "may change meaning" (a nested set):
    # it means what git means today, and the warning would reach the user's terminal as a Python FutureWarning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return re.compile(source)


def _compiles(source: str) -> bool:
    try:
        _compile(source)
    except re.error:
        return False
    return True


@dataclass(frozen=True)
class Rules:
    """The ignore files that apply in one directory of a walk, shallowest first."""

    where: str  # the directory, relative to the repository root: "" or "a/b/"
    layers: tuple[Layer, ...]

    def ignores(self, name: str, is_dir: bool) -> bool:
        """Whether the entry ``name`` of this directory is ignored (a deeper ignore file decides first)."""
        path = self.where + name + ("/" if is_dir else "")
        for layer in reversed(self.layers):
            decision = layer.decide(path[len(layer.base) :])
            if decision is not None:
                return decision
        return False

    def below(self, directory: str, name: str, listing: list[str]) -> Rules:
        """The rules inside the entry ``name`` (at ``directory`` on disk), given its listing: its own ignore file
        is added, and a nested repository (a ``.git`` entry) starts afresh, as git does not look into it."""
        if ".git" in listing:
            return start_at_root(directory).with_file(directory, listing)
        return Rules(self.where + name + "/", self.layers).with_file(directory, listing)

    def with_file(self, directory: str, listing: list[str]) -> Rules:
        """These rules plus ``directory``'s own ignore file, if its listing has one that can be used."""
        path = os.path.join(directory, IGNORE_FILE)
        if IGNORE_FILE not in listing or os.path.islink(path):  # git does not follow a symlinked .gitignore either
            return self
        layer = read_layer(path, self.where)
        return self if layer is None else Rules(self.where, (*self.layers, layer))


def find_root(directory: str) -> str | None:
    """The repository root: ``directory`` or its nearest ancestor holding a ``.git`` directory or file (a work
    tree or a submodule has a file). None outside a repository."""
    current = os.path.realpath(directory)
    while True:
        marker = os.path.join(current, ".git")
        if os.path.isdir(marker) or os.path.isfile(marker):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def start_at_root(root: str) -> Rules:
    """The rules at a repository root, before its own ``.gitignore``: ``.git/info/exclude`` if ``.git`` is a
    directory (its patterns are relative to the root)."""
    exclude = os.path.join(root, ".git", "info", "exclude")
    layer = read_layer(exclude, "") if os.path.isdir(os.path.join(root, ".git")) else None
    return Rules("", () if layer is None else (layer,))


def start(directory: str) -> Rules | None:
    """The rules for a walk of ``directory`` named on the command line, before its own ``.gitignore`` (the walk
    adds it with its listing); None outside a repository.

    The ignore files from the root down to ``directory`` apply to it, unless they ignore ``directory`` itself or
    a directory it lies in: it was named, so it is linted as a named file is, and their patterns would match every
    entry below it. Then only the ignore files inside it apply.
    """
    root = find_root(directory)
    if root is None:
        return None
    rules = start_at_root(root)
    relative = os.path.relpath(os.path.realpath(directory), root)
    parts = [] if relative == os.curdir else relative.split(os.sep)
    current = root
    for part in parts:
        rules = rules.with_file(current, _listing_of_ignore_file(current))
        if rules.ignores(part, is_dir=True):
            return Rules("/".join(parts) + "/", ())
        rules = Rules(rules.where + part + "/", rules.layers)
        current = os.path.join(current, part)
    return rules


def _listing_of_ignore_file(directory: str) -> list[str]:
    """As much of a listing as :meth:`Rules.with_file` needs, without listing a directory the walk never enters."""
    return [IGNORE_FILE] if os.path.isfile(os.path.join(directory, IGNORE_FILE)) else []


def read_layer(path: str, base: str) -> Layer | None:
    """The usable patterns of the ignore file at ``path``, or None if it has none or cannot be used."""
    raw = read_bytes(path, MAX_IGNORE_BYTES)  # regular files only, opened without blocking (a FIFO cannot hang us)
    if not isinstance(raw, bytes):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    rules = [rule for line in text.removeprefix("\ufeff").split("\n") if (rule := _entry_regex(line)) is not None]
    return Layer.of(base, rules) if rules else None


def _entry_regex(line: str) -> tuple[str, bool] | None:
    """One pattern line as (expression matching an entry's own path from its start, whether it ignores), not yet
    compiled; None for a blank line, a comment, or a pattern that is skipped (malformed, or too costly to match)."""
    runs = _STAR_RUNS.findall(line)
    if len(runs) > MAX_STAR_RUNS or sum(len(run) > 1 for run in runs) > MAX_DOUBLE_STAR_RUNS:
        return None
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern  # only once an ignore file is met

    try:
        source, include = GitIgnoreSpecPattern.pattern_to_regex(line)
    except ValueError:  # "!" alone, a trailing backslash, a range such as [z-a]
        return None
    if include is None or not isinstance(source, str):
        return None  # a comment or a blank line
    if source.endswith(_EXACT_ENDINGS):
        source += r"\Z"  # the entry itself, not something below it
    elif source.endswith("/"):
        source += "."  # "dir/**": whatever lies inside the directory, not the directory itself
    if not source.startswith("^"):
        # pathspec writes a few patterns to be found anywhere in the path ("*" as ".", "*/" as a "/" at its
        # end): from the start, skipping whatever comes first, they match where a search would (see Layer).
        source = "(?s:.*?)" + source
    return source, include
