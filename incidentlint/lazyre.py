"""Regular expressions compiled on first use, for the ones a clean run seldom or never needs.

Every run imports the modules of the 25 built-in rules and of the engine, and each ``re.compile`` at a module's top
level runs then: some of the larger character classes and alternations take 0.5-1.5 ms each to compile, while a
clean record never reaches the code that uses them (the blame-context words, the hidden-character classes, the
escaping of untrusted text for the terminal). A one-file pre-commit run paid several milliseconds of its ~200 ms
start-up for them.

``lazy(source, flags)`` stands in for ``re.compile(source, flags)``: the pattern is compiled the first time one of
its attributes is read, and its methods are then bound to the stand-in, so later calls cost what calls on the
compiled pattern cost. Use it only for a module-level pattern whose every use is a method or attribute of the
pattern (``.search``, ``.match``, ``.sub``, ``.pattern``, ...): it is not an ``re.Pattern`` instance, so it must not
be handed to ``re.compile`` or the module-level ``re`` functions.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

#: What the stand-in copies from the compiled pattern on first use: every public attribute of ``re.Pattern``.
_ATTRIBUTES = tuple(name for name in dir(re.Pattern) if not name.startswith("_"))


class _Lazy:
    def __init__(self, source: str | bytes, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # called only for attributes not yet bound: once per name at most
        compiled = re.compile(self._source, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source!r}, {self._flags})"


def lazy(source: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """``re.compile(source, flags)``, deferred to the first use (see the module's docstring for the one limit)."""
    return cast("re.Pattern[AnyStr]", _Lazy(source, int(flags)))
