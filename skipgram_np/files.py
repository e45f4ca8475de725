"""Writing files so that nothing half-written is ever left behind.

Every file the package writes (checkpoints, exports, figures' report, the page, the caches) goes
through ``atomic_writer``: the bytes go to a temporary file beside the target, which is flushed,
fsync'ed and renamed over the target only when everything was written. A crash, a kill or a full
disk therefore leaves either the old file or the new one, plus at worst a ``.NAME.*.tmp`` file
that ``remove_temp_files`` deletes on the next run.
"""
from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_writer(path):
    """Open a temporary file beside ``path`` for binary writing; on success, fsync it and rename
    it over ``path``, so a crash or a full disk never leaves a half-written file behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)        # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see atomic_writer)."""
    with atomic_writer(path) as f:
        f.write(data)


def remove_temp_files(folder) -> list[Path]:
    """Delete what an interrupted atomic_writer left in ``folder`` (``.NAME.*.tmp``)."""
    removed = []
    for p in Path(folder).glob(".*.tmp"):
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


class WriteFailed(RuntimeError):
    """A write that failed (disk full, read-only or forbidden folder): one line naming the path,
    what is kept and the command that does the step again (``guarded`` makes it)."""


@contextmanager
def guarded(what: str, kept: str, redo: str):
    """Turn any OSError inside into WriteFailed: "<what failed>; <kept>; <redo>". Every file the
    package writes goes through atomic_writer, so what failed left nothing half-written."""
    try:
        yield
    except OSError as exc:
        raise WriteFailed(f"{describe_os_error(exc, what)}; {kept}; {redo}") from None


def describe_os_error(exc: OSError, what: str) -> str:
    """One line for a failed write: a full disk, a read-only or forbidden folder, or else."""
    name = getattr(exc, "filename", None)
    where = f" ({name})" if name and str(name) not in what else ""
    if exc.errno == errno.ENOSPC:
        return f"disk full while writing {what}{where}: free some space"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {what}{where}: {exc.strerror}"
    return f"{what}: {exc.strerror or exc}{where}"
