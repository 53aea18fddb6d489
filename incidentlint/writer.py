"""Write a file atomically and carefully (a fixed record, a baseline): keeping its mode and links.

The recipe: resolve a symlink to its target (the link stays a link); refuse anything but a regular file; for a
fix, re-read the target and compare it with the bytes the fix was computed from; write a temporary file in the
same directory (same file system, so the rename is atomic); copy the mode and, where allowed, the owner; flush it
to disk; compare once more; ``os.replace`` it over the target; sync the directory. A file with several hard links
is refused: replacing it would silently split the links, and writing in place would not be atomic. Extended
attributes and ACLs are not copied. A change that lands between the last comparison and the rename cannot be
detected without file locks, which editors do not take; that window is a few system calls wide.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile

from incidentlint.loader import file_kind


class WriteError(Exception):
    """The file was not written; ``message`` says why in a sentence for the person running the tool."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _current(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def write_atomic(path: str, data: bytes, expected: bytes | None, what: str = "the fixed file") -> None:
    """Replace the contents of ``path`` (or of the file its symlinks lead to) with ``data``.

    ``expected`` is what the file held when it was read; if it holds anything else now, nothing is written. With
    ``expected`` None (a file the run owns, like a baseline) it is replaced whatever it holds, or created when it
    does not exist, with the mode the umask gives any new file. ``what`` names the file in messages.
    Raises :class:`WriteError`; on any failure the original file is left as it was.
    """
    target, info = _target(path, expected, what)
    if expected is not None and _current(target) != expected:
        raise WriteError(_changed_message())
    if info is not None and not os.access(target, os.W_OK):
        # Replacing the file would succeed wherever its directory is writable, but read-only is a choice its owner
        # made (an archived postmortem, say): say so rather than override it. Root may write anything, as ever.
        raise WriteError(f"cannot write {what}: it is read-only; make it writable to let --fix change it")
    directory = os.path.dirname(target) or "."
    kept = "the original is unchanged" if info is not None else "nothing was written"
    try:
        if info is None:
            fd, temporary = _fresh(directory, target)
        else:
            # A short prefix: the random part and the suffix must fit in the file system's name limit too.
            fd, temporary = tempfile.mkstemp(prefix=_prefix(target), suffix=".tmp", dir=directory)
    except OSError as error:
        hint = " (is the directory read-only?)" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else ""
        raise WriteError(
            f"cannot write {what}: {_reason(error)} when creating a file in {directory}{hint}; {kept}"
        ) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if info is not None:
                _keep_mode_and_owner(temporary, info)
            os.fsync(handle.fileno())
        if expected is not None and _current(target) != expected:
            raise WriteError(_changed_message())
        os.replace(temporary, target)
    except WriteError:
        _discard(temporary)
        raise
    except OSError as error:
        _discard(temporary)
        raise WriteError(f"cannot write {what}: {_reason(error)}; {kept}") from error
    _sync_directory(directory)


def check_target(path: str, what: str) -> None:
    """Raise :class:`WriteError` now if ``write_atomic(path, ..., None, what)`` would refuse ``path`` for what it is
    (not a regular file, hard-linked), so a run can stop before its work rather than after. The write checks again."""
    _target(path, None, what)


def _target(path: str, expected: bytes | None, what: str) -> tuple[str, os.stat_result | None]:
    """The file a write to ``path`` lands in, and its stat (None for a file to be created)."""
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except FileNotFoundError as error:
        if expected is None:
            return target, None
        raise WriteError(f"cannot write {what}: {_reason(error)}; nothing was written") from error
    except OSError as error:
        raise WriteError(f"cannot write {what}: {_reason(error)}; nothing was written") from error
    if not stat.S_ISREG(info.st_mode):
        if expected is not None:
            raise WriteError(f"cannot write {what}: it is no longer a regular file; nothing was written")
        # Replacing a device or a FIFO with a regular file (as root, even /dev/full) must never happen.
        raise WriteError(
            f"cannot write {what}: it is {file_kind(info.st_mode)}, not a regular file; nothing was written. "
            "Name a regular file, or one that does not exist yet"
        )
    if info.st_nlink > 1:
        if expected is not None:
            raise WriteError(
                f"the file has {info.st_nlink} hard links, and writing the fix would separate them; it was not "
                "changed. Replace it with a plain copy first, or apply the change shown by --diff by hand"
            )
        raise WriteError(
            f"cannot write {what}: it has {info.st_nlink} hard links, and replacing it would separate them; "
            "nothing was written. Replace it with a plain copy first"
        )
    return target, info


def _prefix(target: str) -> str:
    return f".{os.path.basename(target)[:64]}."


def _fresh(directory: str, target: str) -> tuple[int, str]:
    """A new temporary file with the mode any new file gets (0666 less the umask, as open() applies it); mkstemp
    always gives 0600, which is right for a copy of an existing file (its mode is copied next) but not here."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(directory, f"{_prefix(target)}{os.urandom(4).hex()}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name")


def _keep_mode_and_owner(temporary: str, info: os.stat_result) -> None:
    os.chmod(temporary, stat.S_IMODE(info.st_mode))  # by path: os.fchmod is Unix-only before 3.13
    mine = os.stat(temporary)
    chown = getattr(os, "chown", None)
    if chown is not None and (info.st_uid, info.st_gid) != (mine.st_uid, mine.st_gid):
        with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
            chown(temporary, info.st_uid, info.st_gid)


def _changed_message() -> str:
    return (
        "the file changed on disk while incidentlint was fixing it, so the fix was not written; "
        "run incidentlint again on the new contents"
    )


def _discard(temporary: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def _sync_directory(directory: str) -> None:
    """Make the rename durable; some file systems do not allow opening a directory, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
