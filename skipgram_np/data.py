"""Get a data set's files onto disk, verified: WikiText-2, WikiText-103, or the evaluation sets.

    wikitext-2 / wikitext-103   wiki.train.tokens · wiki.valid.tokens · wiki.test.tokens
    eval                        questions-words.txt (Google analogies) · wordsim353.tsv (WordSim-353)

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
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "valid", "test")
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


@dataclass(frozen=True)
class FileSpec:
    """One file of a data set: its name in the cache, the other names it goes by, its digest
    ("sha256:..." or "sha1:...") and its size in bytes (the download cap is this plus a margin)."""
    key: str
    name: str
    digest: str
    size: int
    aliases: tuple = ()

    @property
    def names(self) -> tuple:
        return (self.name,) + tuple(self.aliases)

    @property
    def cap(self) -> int:
        return self.size + max(1 << 16, self.size // 50)


@dataclass(frozen=True)
class Mirror:
    """One place that serves the files: a zip archive, or a folder of plain files."""
    name: str
    url: str                          # the .zip, or the folder URL (files are url + "/" + name)
    archive_hash: str | None = None   # pooch-style "md5:..." of the zip, when known
    file_names: tuple = ()            # (key, name) pairs where the folder names files its own way

    @property
    def is_archive(self) -> bool:
        return self.url.lower().split("?")[0].endswith(".zip")

    def file_url(self, spec: FileSpec) -> str:
        return self.url.rstrip("/") + "/" + dict(self.file_names).get(spec.key, spec.name)


@dataclass(frozen=True)
class Dataset:
    name: str                 # the cache folder's name
    title: str                # for messages
    files: tuple              # FileSpec, ...
    mirrors: tuple            # the built-in Mirrors, tried in order
    by_hand: str              # how to get the files without us, for the last line of an error

    def spec(self, key: str) -> FileSpec:
        return next(f for f in self.files if f.key == key)


def _wikitext(name, title, digests, sizes, mirrors, zip_name):
    files = tuple(FileSpec(s, f"wiki.{s}.tokens", digests[s], sizes[s], (f"{s}.txt",)) for s in SPLITS)
    return Dataset(name, title, files, mirrors,
                   f"download {zip_name} by hand, unzip it and pass --data-dir FOLDER (the folder "
                   f"holding {', '.join(f.name for f in files)}), or point --mirror at a server "
                   f"that has them")


_PYTORCH = "https://raw.githubusercontent.com/pytorch/examples/main/word_language_model/data/wikitext-2"
# Digests of the original release files. WikiText-2: SHA-256 of the wikitext-2-v1.zip members;
# WikiText-103: the SHA-1s that gluonnlp pins for wikitext-103-v1.zip.
WIKITEXT2 = _wikitext(
    "wikitext-2", "WikiText-2",
    {"train": "sha256:9e9fa1ad55b1c2c95b08e37dd8e653f638fac2c6de904b79e813611eefbc985f",
     "valid": "sha256:f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8",
     "test": "sha256:d790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0"},
    {"train": 10_797_148, "valid": 1_121_681, "test": 1_256_449},
    (  # The dataset author's host (the original S3 bucket answers 403 since 2023); torchtext
       # pins this zip's MD5.
     Mirror("wikitext.smerity.com (dataset author)", "https://wikitext.smerity.com/wikitext-2-v1.zip",
            archive_hash="md5:542ccefacc6c27f945fb54453812b3cd"),
       # The PyTorch examples repository keeps the three files, some with a UTF-8 BOM.
     Mirror("github.com/pytorch/examples", _PYTORCH,
            file_names=tuple((s, f"{s}.txt") for s in SPLITS))),
    "wikitext-2-v1.zip")
WIKITEXT103 = _wikitext(
    "wikitext-103", "WikiText-103",
    {"train": "sha1:b7497e2dfe77e72cfef5e3dbc61b7b53712ac211",
     "valid": "sha1:c326ac59dc587676d58c422eb8a03e119582f92b",
     "test": "sha1:8a5befc548865cec54ed4273cf87dbbad60d1e47"},
    # approximate sizes: only the download caps use them (+2 %)
    {"train": 545_000_000, "valid": 1_200_000, "test": 1_350_000},
    (Mirror("wikitext.smerity.com (dataset author)", "https://wikitext.smerity.com/wikitext-103-v1.zip",
            archive_hash="sha1:0aec09a7537b58d4bb65362fee27650eeaba625a"),),
    "wikitext-103-v1.zip")
_GENSIM = "gensim/test/test_data"
EVAL = Dataset(
    "eval", "the Google analogy set and WordSim-353",
    (FileSpec("analogies", "questions-words.txt",
              "sha256:8c29b3332afc46f3fb8be04cb5297bf96f39aa7131272dff57869b4485b22a36", 603_955),
     FileSpec("similarities", "wordsim353.tsv",
              "sha256:f92a022fc2537793a15bc3a8c162ebcd74990e033a228bb6388cb71e4c0b1e1d", 7_186)),
    # gensim ships both files with its tests (the Google set as word2vec released it).
    (Mirror("github.com/piskvorky/gensim",
            f"https://raw.githubusercontent.com/piskvorky/gensim/develop/{_GENSIM}"),
     Mirror("cdn.jsdelivr.net (gensim 4.3.3)", f"https://cdn.jsdelivr.net/gh/piskvorky/gensim@4.3.3/{_GENSIM}")),
    "download questions-words.txt and wordsim353.tsv (gensim/test/test_data/ in the gensim "
    "repository) and pass --eval-dir FOLDER, or point --eval-mirror at a server that has them")
DATASETS = {d.name: d for d in (WIKITEXT2, WIKITEXT103)}
HASHES = {d.name: {f.key: f.digest for f in d.files} for d in (WIKITEXT2, WIKITEXT103)}


def mirror_from_url(url: str) -> Mirror:
    """A user-given mirror: a ``.zip`` URL, or a folder URL serving the files by their names."""
    return Mirror(f"mirror {url}", url)


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


def describe_os_error(exc: OSError, what: str) -> str:
    """One line for a failed write: a full disk, a read-only or forbidden folder, or else."""
    name = getattr(exc, "filename", None)
    where = f" ({name})" if name and str(name) not in what else ""
    if exc.errno == errno.ENOSPC:
        return f"disk full while writing {what}{where}: free some space"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {what}{where}: {exc.strerror}"
    return f"{what}: {exc.strerror or exc}{where}"


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
                                f"({str(exc)[:120]})") from None
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


def _from_folder(mirror: Mirror, specs: list, into: Path, retries: int, guard) -> dict:
    out = {}
    for spec in specs:
        raw = _download(mirror.file_url(spec), into, None, retries, guard(spec.cap))
        dest = into / (spec.name + ".part")
        with open(raw, "rb") as src:
            out[spec.key] = (dest, _stream_to(src, dest, spec))
    return out


@contextmanager
def cache_lock(cache_root: Path, log=print):
    """Hold ``cache_root/.lock`` (an OS lock, released if the process dies), so that two runs do
    not download into the same cache at once; the second waits, then finds the files there."""
    _existing(cache_root)
    fd = os.open(cache_root / ".lock", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            import fcntl
        except ImportError:            # not POSIX: no lock
            fcntl = None
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
            return text[:200]
        return f"connection failed ({text[:160]})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"connection dropped during the transfer ({str(exc)[:160]})"
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


def eval_files(eval_dir=None, cache_dir=None, mirror_urls=(), progress: bool = True,
               log=print, retries: int = 1) -> dict[str, Path]:
    """{"analogies": questions-words.txt, "similarities": wordsim353.tsv}, verified, from
    ``eval_dir`` if given, else the cache, else the mirrors."""
    if eval_dir:
        return local_files(eval_dir, EVAL, option="--eval-dir")
    return fetch(EVAL, cache_dir=cache_dir, mirrors=_mirrors(mirror_urls, EVAL_MIRROR_ENV),
                 progress=progress, log=log, retries=retries)
