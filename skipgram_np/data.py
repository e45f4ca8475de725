"""Get a data set's files onto disk, verified: WikiText-2, WikiText-103, or the evaluation sets
(declared in datasets.py). The only module that downloads.

Where the files come from, in order:
  1. a local folder you filled yourself (``--data-dir`` / ``--eval-dir``);
  2. the cache (``cache_dir``, default ``~/.cache/skipgram_np``, or ``$SKIPGRAM_NP_CACHE``);
  3. the mirrors, tried in turn: the built-in public hosts, or the URLs you pass (``--mirror``,
     ``$SKIPGRAM_NP_MIRROR``; ``--eval-mirror``, ``$SKIPGRAM_NP_EVAL_MIRROR``), each either a
     ``.zip`` holding the files or a folder URL serving them.

Every file is checked against the digest of the original release before it is used or cached
(after removing a UTF-8 byte-order mark, which some public copies carry). A download is bounded:
it may not grow past the file's known size plus a margin (a zip member is streamed to disk under
the same cap, never read into memory), it fails when no byte arrives for ``stall`` seconds, and
each mirror has an overall deadline. Each failure is one line naming the mirror and the reason;
then the next mirror is tried. pooch does the retries, the temporary file and the archive's
checksum; downloads into one cache are serialised by a lock file, and what an interrupted
download left behind is removed by the next one.

pooch, requests and tqdm are imported where a download starts (a cached run never needs them;
pooch alone takes ~0.1 s to import).

Left out: resuming half-finished downloads (WikiText-2 is 13 MB) and proxies beyond what
``requests`` reads from the environment.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import posixpath
import re
import shutil
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

from .datasets import (DATASETS, EVAL, HASHES, SPLITS, WIKITEXT2, WIKITEXT103, Dataset,  # noqa: F401
                       FileSpec, Mirror, mirror_from_url)
from .files import describe_os_error

try:
    import fcntl
except ImportError:           # not POSIX: no lock
    fcntl = None

BOM = b"\xef\xbb\xbf"
# The author's host refuses python-requests' default agent, so say who we are.
USER_AGENT = "skipgram_np/0.1 (educational word2vec; python-requests)"
CACHE_ENV = "SKIPGRAM_NP_CACHE"
MIRROR_ENV = "SKIPGRAM_NP_MIRROR"
EVAL_MIRROR_ENV = "SKIPGRAM_NP_EVAL_MIRROR"
STALL_SECONDS = 30.0          # a download fails when no byte arrives for this long
DEADLINE_SECONDS = 60.0       # each mirror's deadline: this, plus the expected bytes at ...
MIN_RATE = 100_000            # ... this many bytes per second
CHUNK = 1 << 16


class DataError(RuntimeError):
    """A data problem the user can fix; the CLI prints the message alone, no traceback."""

    @property
    def headline(self) -> str:
        """The message without its list of mirrors tried, for a one-line note."""
        return str(self).split(" (tried ")[0]


def default_cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import pooch
    return Path(pooch.os_cache("skipgram_np"))


def digest(data: bytes, like: str) -> str:
    """``data``'s digest in the form of ``like`` ("sha256:..." or "sha1:...")."""
    algorithm = like.split(":", 1)[0]
    return f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"


def file_digest(path, like: str) -> str:
    """The digest of a file's contents after a leading BOM, read in chunks."""
    algorithm = like.split(":", 1)[0]
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        first = f.read(len(BOM))
        h.update(normalise(first))
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return f"{algorithm}:{h.hexdigest()}"


def normalise(data: bytes) -> bytes:
    """Drop a leading UTF-8 byte-order mark; the release files have none."""
    return data[len(BOM):] if data.startswith(BOM) else data


# ----------------------------------------------------------------------------------- local folders
def local_files(folder, dataset: Dataset = WIKITEXT2, option: str = "--data-dir") -> dict[str, Path]:
    """The files from a folder you filled by hand, each verified. Raises DataError."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise DataError(f"{option} {folder} is not a folder. It should hold "
                        + ", ".join(f.name for f in dataset.files) + ".")
    paths = {}
    for spec in dataset.files:
        found = [folder / n for n in spec.names if (folder / n).is_file()]
        if not found:
            raise DataError(f"{folder} has no {' or '.join(spec.names)} (one of the files of "
                            f"{dataset.title}); {dataset.by_hand}.")
        actual = file_digest(found[0], spec.digest)
        if actual != spec.digest:
            raise DataError(f"{found[0]} is not the original {spec.name} of {dataset.title} "
                            f"({actual}, expected {spec.digest}). Replace it with the original.")
        paths[spec.key] = found[0]
    return paths


def _cached(cache: Path, dataset: Dataset, delete_bad: bool) -> dict[str, Path]:
    """The verified files already in the cache folder (a corrupt one is deleted if we may)."""
    paths = {}
    for spec in dataset.files:
        p = cache / spec.name
        if p.is_file():
            if file_digest(p, spec.digest) == spec.digest:
                paths[spec.key] = p
            elif delete_bad:
                p.unlink()
    return paths


# ----------------------------------------------------------------------------------- downloading
class DownloadRefused(DataError):
    """A download stopped for a reason that another try would not fix (too big, stalled, too
    slow). pooch retries only ValueError and requests' errors, so it does not retry these."""


class GuardedDownloader:
    """pooch downloader: streams ``url`` to a file, at most ``max_bytes``, failing when no byte
    comes for ``stall`` seconds or when the monotonic clock passes ``deadline``."""

    def __init__(self, max_bytes: int, deadline: float, stall: float, progress: bool):
        self.max_bytes, self.deadline, self.stall, self.progress = max_bytes, deadline, stall, progress

    def __call__(self, url, output_file, pooch_obj=None):
        import requests
        from urllib3.exceptions import ProtocolError, ReadTimeoutError
        try:
            response = requests.get(url, stream=True, timeout=(self.stall, self.stall),
                                    headers={"User-Agent": USER_AGENT})
        except requests.Timeout:
            raise DownloadRefused(f"no answer within {self.stall:g} s") from None
        with response:
            response.raise_for_status()
            announced = int(response.headers.get("Content-Length") or 0)
            if announced > self.max_bytes:
                raise DownloadRefused(f"it announces {announced:,} bytes, more than the "
                                      f"{self.max_bytes:,} expected")
            bar = None
            if self.progress:
                from tqdm import tqdm
                bar = tqdm(total=announced or None, unit="B", unit_scale=True, leave=False,
                           desc=posixpath.basename(url.split("?")[0]))
            got = 0
            try:
                with open(output_file, "wb") as f:
                    while True:
                        if time.monotonic() > self.deadline:
                            raise DownloadRefused(f"too slow: {got:,} bytes before the mirror's "
                                                  f"deadline")
                        try:     # read1: whatever has arrived, so the deadline is checked often
                            chunk = response.raw.read1(CHUNK)
                        except ReadTimeoutError:
                            raise DownloadRefused(f"stalled: no data for {self.stall:g} s after "
                                                  f"{got:,} bytes") from None
                        except ProtocolError as exc:
                            raise requests.ConnectionError(
                                f"connection dropped during the transfer after {got:,} bytes "
                                f"({_reason(exc)})") from None
                        if not chunk:
                            break
                        got += len(chunk)
                        if got > self.max_bytes:
                            raise DownloadRefused(f"more than the {self.max_bytes:,} bytes expected")
                        f.write(chunk)
                        if bar is not None:
                            bar.update(len(chunk))
            finally:
                if bar is not None:
                    bar.close()
            if announced and got < announced:
                raise requests.ConnectionError(f"connection closed after {got:,} of {announced:,} bytes")


def _download(url: str, folder: Path, known_hash: str | None, retries: int,
              downloader: GuardedDownloader) -> Path:
    """One HTTP download through pooch (temporary file, retries, optional hash)."""
    import pooch
    fname = posixpath.basename(url.split("?")[0]) or "download"
    fetcher = pooch.create(path=folder, base_url="", registry={fname: known_hash},
                           urls={fname: url}, retry_if_failed=retries)
    return Path(fetcher.fetch(fname, downloader=downloader))


def safe_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Map each member's base name to it, refusing any archive with an absolute or ``..`` path."""
    members = {}
    for info in archive.infolist():
        name = info.filename.replace("\\", "/")
        parts = name.split("/")
        if name.startswith("/") or ".." in parts or (len(parts[0]) == 2 and parts[0][1] == ":"):
            raise DataError(f"refused archive: member {info.filename!r} would be written outside "
                            f"the target folder")
        if not info.is_dir():
            members.setdefault(parts[-1], info)
    return members


def _stream_to(src, dest: Path, spec: FileSpec) -> str:
    """Copy a stream to ``dest`` (a leading BOM dropped), at most spec.cap bytes. -> its digest."""
    h = hashlib.new(spec.digest.split(":", 1)[0])
    got, first = 0, True
    with open(dest, "wb") as out:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            if first:
                chunk, first = normalise(chunk), False
            got += len(chunk)
            if got > spec.cap:
                raise DownloadRefused(f"{spec.name} is larger than the {spec.size:,} bytes expected")
            h.update(chunk)
            out.write(chunk)
    return f"{h.name}:{h.hexdigest()}"


def _from_archive(path: Path, specs: list, into: Path) -> dict[str, tuple[Path, str]]:
    """Stream the wanted members of a zip to files in ``into``. -> {key: (path, digest)}."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = safe_members(archive)
            out = {}
            for spec in specs:
                info = next((members[n] for n in spec.names if n in members), None)
                if info is None:
                    raise DataError(f"the archive has no {spec.name}")
                if info.file_size > spec.cap:
                    raise DownloadRefused(f"{spec.name} in the archive would inflate to "
                                          f"{info.file_size:,} bytes; expected {spec.size:,}")
                dest = into / (spec.name + ".part")
                with archive.open(info) as src:
                    out[spec.key] = (dest, _stream_to(src, dest, spec))
            return out
    except zipfile.BadZipFile as exc:
        raise DataError(f"not a valid zip archive ({exc})") from None


def strip_bom_in_place(path: Path) -> None:
    """Remove a leading UTF-8 byte-order mark from a file without a second copy of it: the bytes
    after the mark move back by its length, chunk by chunk within the same file, which is then
    truncated. (Each chunk is read before it is written over, and the write position trails
    the read position by len(BOM), so nothing is overwritten before it has been read.)"""
    with open(path, "r+b") as f:
        if f.read(len(BOM)) != BOM:
            return
        read_at, write_at = len(BOM), 0
        while True:
            f.seek(read_at)
            chunk = f.read(1 << 20)
            if not chunk:
                break
            f.seek(write_at)
            f.write(chunk)
            read_at, write_at = read_at + len(chunk), write_at + len(chunk)
        f.truncate(write_at)


def _from_folder(mirror: Mirror, specs: list, into: Path, retries: int, guard) -> dict:
    """Each file downloaded (at most its cap), digested skipping a BOM, the BOM removed in place,
    renamed to NAME.part: a download needs about one file's size of disk, not two."""
    out = {}
    for spec in specs:
        raw = _download(mirror.file_url(spec), into, None, retries, guard(spec.cap))
        actual = file_digest(raw, spec.digest)                   # (after a BOM, as the release has none)
        strip_bom_in_place(raw)
        dest = into / (spec.name + ".part")
        os.replace(raw, dest)
        out[spec.key] = (dest, actual)
    return out


@contextmanager
def cache_lock(cache_root: Path, log=print):
    """Hold ``cache_root/.lock`` (an OS lock, released if the process dies), so that two runs do
    not download into the same cache at once; the second waits, then finds the files there."""
    _existing(cache_root)
    fd = os.open(cache_root / ".lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log(f"waiting for another process downloading into {cache_root}")
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def fetch(dataset: Dataset, cache_dir=None, mirrors=None, retries: int = 1, progress: bool = True,
          log=print, stall: float = STALL_SECONDS, deadline: float = DEADLINE_SECONDS,
          min_rate: float = MIN_RATE) -> dict[str, Path]:
    """Return {key: path} of the data set's verified files, downloading what the cache lacks.

    Each missing file is taken from the first mirror that delivers it with the right digest; a
    zip is downloaded once for all the files it holds. Raises DataError naming every attempt.
    """
    root = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    cache = root / dataset.name
    mirrors = list(mirrors or dataset.mirrors)
    paths = _cached(cache, dataset, delete_bad=os.access(cache, os.W_OK))
    if len(paths) == len(dataset.files):
        return paths
    import pooch
    pooch.get_logger().setLevel(logging.WARNING)   # we print our own line per mirror
    failures = []
    try:
        with cache_lock(root, log):
            for old in cache.glob(".download-*"):      # left by a download that was killed
                shutil.rmtree(old, ignore_errors=True)
            paths = _cached(cache, dataset, delete_bad=True)   # another process may have finished
            for mirror in mirrors:
                missing = [f for f in dataset.files if f.key not in paths]
                if not missing:
                    break
                log(f"fetching {', '.join(f.name for f in missing)} from {mirror.name}")
                expected = sum(f.size for f in missing)
                until = time.monotonic() + deadline + expected / min_rate
                guard = lambda cap: GuardedDownloader(cap, until, stall, progress)   # noqa: E731
                with tempfile.TemporaryDirectory(dir=_existing(cache), prefix=".download-") as tmp:
                    tmp = Path(tmp)
                    try:
                        if mirror.is_archive:
                            cap = int(1.05 * sum(f.size for f in dataset.files)) + (1 << 20)
                            zpath = _download(mirror.url, tmp, mirror.archive_hash, retries, guard(cap))
                            got = _from_archive(zpath, missing, tmp)
                        else:
                            got = _from_folder(mirror, missing, tmp, retries, guard)
                    except OSError as exc:
                        if exc.errno in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EPERM):
                            raise
                        failures.append(_failed(mirror, _describe(exc), log))
                        continue
                    except Exception as exc:  # requests/pooch errors: record, try the next mirror
                        failures.append(_failed(mirror, _describe(exc), log))
                        continue
                    for key, (part, actual) in got.items():
                        spec = dataset.spec(key)
                        if actual != spec.digest:
                            failures.append(_failed(mirror, f"{spec.name} has {actual}, expected "
                                                    f"{spec.digest} (corrupt or another version); "
                                                    f"not cached", log))
                            continue
                        os.replace(part, cache / spec.name)
                        paths[key] = cache / spec.name
    except OSError as exc:
        raise DataError(describe_os_error(exc, f"the download cache {root}")
                        + f"; pass --cache-dir or set ${CACHE_ENV} to a writable folder") from None
    missing = [f.name for f in dataset.files if f.key not in paths]
    if missing:
        tried = "; ".join(failures) or "no mirror given"
        raise DataError(f"could not get {', '.join(missing)} (tried {tried}). To work offline, "
                        f"{dataset.by_hand}.")
    return paths


def _failed(mirror: Mirror, reason: str, log) -> str:
    log(f"  {mirror.url}: {reason}")
    return f"{mirror.url}: {reason}"


def _existing(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _reason(exc: BaseException) -> str:
    """The plain sentence inside an exception, whole: urllib3 and requests nest theirs in tuples
    ("('Connection broken: IncompleteRead(…)', IncompleteRead(…))"), which a cut-off str() shows."""
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    text = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return text.strip().rstrip(".")


def _describe(exc: Exception) -> str:
    """One line for a network failure: HTTP status, refused connection, cut-off body, bad hash."""
    import requests
    if isinstance(exc, DataError):
        return str(exc)
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason}"
    if isinstance(exc, requests.ConnectionError):
        text = str(exc)
        host = re.search(r"host='([^']+)'", text)
        if "NameResolution" in text or "name resolution" in text or "not known" in text:
            return f"connection failed (cannot resolve {host.group(1) if host else 'the host'}: offline?)"
        if "refused" in text.lower():
            return "connection failed (refused)"
        if "dropped" in text or "closed after" in text:
            return _reason(exc)
        return f"connection failed ({_reason(exc)})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"connection dropped during the transfer ({_reason(exc)})"
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, ValueError) and "hash" in str(exc).lower():
        return "checksum of the download does not match (corrupt or truncated)"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def _mirrors(urls, env: str) -> list[Mirror] | None:
    urls = list(urls) or [u for u in os.environ.get(env, "").split() if u]
    return [mirror_from_url(u) for u in urls] or None


def wikitext2_files(data_dir=None, cache_dir=None, mirror_urls=(), retries: int = 1,
                    progress: bool = True, log=print, dataset: str = "wikitext-2") -> dict[str, Path]:
    """The corpus files: ``data_dir`` if given, else the cache, else the mirrors."""
    if dataset not in DATASETS:
        raise DataError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    if data_dir:
        return local_files(data_dir, DATASETS[dataset])
    return fetch(DATASETS[dataset], cache_dir=cache_dir, mirrors=_mirrors(mirror_urls, MIRROR_ENV),
                 retries=retries, progress=progress, log=log)


def cached_files(dataset: str = "wikitext-2", cache_dir=None) -> dict[str, Path]:
    """The data set's files from the cache alone, verified; DataError when any is missing."""
    root = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    found = _cached(root / DATASETS[dataset].name, DATASETS[dataset], delete_bad=False)
    if len(found) < len(DATASETS[dataset].files):
        raise DataError(f"{DATASETS[dataset].title} is not in the cache {root}")
    return found


def eval_files(eval_dir=None, cache_dir=None, mirror_urls=(), progress: bool = True,
               log=print, retries: int = 1) -> dict[str, Path]:
    """{"analogies": questions-words.txt, "similarities": wordsim353.tsv}, verified, from
    ``eval_dir`` if given, else the cache, else the mirrors."""
    if eval_dir:
        return local_files(eval_dir, EVAL, option="--eval-dir")
    return fetch(EVAL, cache_dir=cache_dir, mirrors=_mirrors(mirror_urls, EVAL_MIRROR_ENV),
                 progress=progress, log=log, retries=retries)
