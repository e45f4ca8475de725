"""Own files only: where figures and explore may write outside a run folder.

Inside a run folder, run.json lists the run's files (runs.py). Anywhere else (``figures --out DIR``,
``explore --out FILE``) a command writes only

  - into a folder that is new or empty, or that holds a manifest of its own (``.skipgram_np.json``:
    the files it wrote there and the name of the run they show) — and then, unless ``--overwrite``, only when none
    of its earlier files is in the way (``--overwrite`` replaces those, and only those);
  - to a file name that does not exist, or that is a page the command wrote (its first line says so),
    again with ``--overwrite`` to replace it.

A file it would write that it did not write before (someone's ``pics/training.png``) is never
replaced: the command stops in one line before it writes anything.
"""
from __future__ import annotations

import json
from pathlib import Path

from .files import write_atomic

MANIFEST = ".skipgram_np.json"
FORMAT = "skipgram_np.outputs/1"


class NotOurs(RuntimeError):
    """A folder or file a command may not write into; the message says why and what to do."""


def _names(names, most: int = 3) -> str:
    names = sorted(names)
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def listed(folder) -> dict | None:
    """The manifest of a folder (its "files" and "run"), or None when it has none."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc if doc.get("format") == FORMAT else None
    except (ValueError, OSError, UnicodeDecodeError):
        return None


def claim_folder(folder, names, overwrite: bool, command: str) -> list[str]:
    """Check that writing ``names`` into ``folder`` replaces nothing that is not ours; -> the names of
    our earlier files there that this call will not write again (to remove after it has written)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotOurs(f"{folder} is a file, not a folder: choose another --out")
    present = {p.name for p in folder.iterdir()} - {MANIFEST} if folder.is_dir() else set()
    ours = set((listed(folder) or {}).get("files", []))
    foreign = present - ours
    if foreign & set(names):
        raise NotOurs(f"{folder} holds {_names(foreign & set(names))}, which {command} did not write: nothing was "
                      f"written (your files stay as they are); choose another --out")
    if foreign and not ours:
        raise NotOurs(f"{folder} holds {_names(foreign)}, not written by {command}: it writes only into a new or "
                      f"empty folder, or one it wrote before; nothing was written; choose another --out")
    if ours & present and not overwrite:
        raise NotOurs(f"{folder} already holds what {command} wrote there before ({_names(ours & present)}): "
                      f"replace it with --overwrite (only the files it wrote), or choose another --out")
    return sorted((ours & present) - set(names))


def record_folder(folder, names, run_dir) -> None:
    """Write the folder's manifest: ``names`` (with the earlier files still there) and the run; once
    before writing them (so a stop half-way leaves nothing of ours unlisted) and once after."""
    folder = Path(folder)
    earlier = set((listed(folder) or {}).get("files", []))
    files = sorted((earlier & {p.name for p in folder.iterdir()}) | set(names))
    write_atomic(folder / MANIFEST, json.dumps({"format": FORMAT, "run": Path(run_dir).name,
                                                 "files": files}, indent=1).encode("utf-8"))


def claim_file(path, overwrite: bool, command: str, marker: str) -> None:
    """Check that ``path`` is new, or a file of ours (its first 512 bytes hold ``marker``) that
    ``overwrite`` allows to replace."""
    path = Path(path)
    if not path.exists():
        return
    if path.is_dir():
        raise NotOurs(f"{path} is a folder: give --out a file name (e.g. {path / 'explorer.html'})")
    with open(path, "rb") as f:
        ours = marker.encode() in f.read(512)
    if not ours:
        raise NotOurs(f"{path} exists and {command} did not write it: nothing was written (the file stays as it "
                      f"is); choose another --out")
    if not overwrite:
        raise NotOurs(f"{path} is a page {command} wrote before: replace it with --overwrite, or choose another --out")
