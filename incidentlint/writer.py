"""Write a fixed file atomically and carefully: only if it is unchanged on disk, keeping its mode and links.

The recipe: resolve a symlink to its target (the link stays a link); re-read the target and compare it with the
bytes the fix was computed from; write a temporary file in the same directory (same file system, so the rename
is atomic); copy the mode and, where allowed, the owner; flush it to disk; compare once more; ``os.replace`` it
over the target; sync the directory. A file with several hard links is refused: replacing it would silently
split the links, and writing in place would not be atomic. Extended attributes and ACLs are not copied.
A change that lands between the last comparison and the rename cannot be detected without file locks, which
editors do not take; that window is a few system calls wide.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile


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


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    """Replace the contents of ``path`` (or of the file its symlinks lead to) with ``data``.

    ``expected`` is what the file held when it was read; if it holds anything else now, nothing is written.
    Raises :class:`WriteError`; on any failure the original file is left as it was.
    """
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except OSError as error:
        raise WriteError(f"cannot write the fixed file: {_reason(error)}; nothing was written") from error
    if not stat.S_ISREG(info.st_mode):
        raise WriteError("cannot write the fixed file: it is no longer a regular file; nothing was written")
    if info.st_nlink > 1:
        raise WriteError(
            f"the file has {info.st_nlink} hard links, and writing the fix would separate them; it was not "
            "changed. Replace it with a plain copy first, or apply the change shown by --diff by hand"
        )
    if _current(target) != expected:
        raise WriteError(_changed_message())
    directory = os.path.dirname(target) or "."
    try:
        # A short prefix: the random part and the suffix must fit in the file system's name limit too.
        fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)[:64]}.", suffix=".tmp", dir=directory)
    except OSError as error:
        hint = " (is the directory read-only?)" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else ""
        raise WriteError(
            f"cannot write the fixed file: {_reason(error)} when creating a file in {directory}{hint}; "
            "the original is unchanged"
        ) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.chmod(temporary, stat.S_IMODE(info.st_mode))  # by path: os.fchmod is Unix-only before 3.13
            mine = os.stat(temporary)
            chown = getattr(os, "chown", None)
            if chown is not None and (info.st_uid, info.st_gid) != (mine.st_uid, mine.st_gid):
                with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
                    chown(temporary, info.st_uid, info.st_gid)
            os.fsync(handle.fileno())
        if _current(target) != expected:
            raise WriteError(_changed_message())
        os.replace(temporary, target)
    except WriteError:
        _discard(temporary)
        raise
    except OSError as error:
        _discard(temporary)
        raise WriteError(f"cannot write the fixed file: {_reason(error)}; the original is unchanged") from error
    _sync_directory(directory)


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
