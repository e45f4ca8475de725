"""Get the three WikiText files (v1, word level) onto disk, verified: WikiText-2 or WikiText-103.

    wiki.train.tokens · wiki.valid.tokens · wiki.test.tokens

Where the files come from, in order:
  1. ``data_dir``: a local folder you filled yourself (``wiki.{split}.tokens`` or ``{split}.txt``);
  2. the cache (``cache_dir``, default ``~/.cache/skipgram_np``, or ``$SKIPGRAM_NP_CACHE``);
  3. the mirrors, tried in turn for each file: by default the dataset author's zip and the copies in
     the PyTorch examples repository; or the URLs you pass (``--mirror``, ``$SKIPGRAM_NP_MIRROR``),
     each either a ``.zip`` holding the files or a folder URL serving them.

Every file is checked against the SHA-256 of the original release before it is used or cached
(after removing a UTF-8 byte-order mark, which some public copies carry). pooch does the HTTP
plumbing (streaming into a temporary file, retries, progress bar, the archive's MD5); this module adds
the mirror fallback, the safe zip extraction and errors that say what was tried and what to do.

Left out: resuming half-finished downloads (the files are 13 MB in all) and proxies beyond what
``requests`` reads from the environment.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import posixpath
import re
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SPLITS = ("train", "valid", "test")
FILE_NAMES = {s: f"wiki.{s}.tokens" for s in SPLITS}
# Other names the same files go by (the PyTorch examples repository calls them train.txt, ...).
ALIASES = {s: (FILE_NAMES[s], f"{s}.txt") for s in SPLITS}
# Digests ("algorithm:hex") of the original release files. WikiText-2: SHA-256 of the
# wikitext-2-v1.zip members; WikiText-103: the SHA-1s that gluonnlp pins for wikitext-103-v1.zip.
HASHES = {
    "wikitext-2": {
        "train": "sha256:9e9fa1ad55b1c2c95b08e37dd8e653f638fac2c6de904b79e813611eefbc985f",
        "valid": "sha256:f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8",
        "test": "sha256:d790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0",
    },
    "wikitext-103": {
        "train": "sha1:b7497e2dfe77e72cfef5e3dbc61b7b53712ac211",
        "valid": "sha1:c326ac59dc587676d58c422eb8a03e119582f92b",
        "test": "sha1:8a5befc548865cec54ed4273cf87dbbad60d1e47",
    },
}
SHA256 = HASHES["wikitext-2"]
BOM = b"\xef\xbb\xbf"
# The author's host refuses python-requests' default agent, so say who we are.
USER_AGENT = "skipgram_np/0.1 (educational word2vec; python-requests)"
CACHE_ENV = "SKIPGRAM_NP_CACHE"
MIRROR_ENV = "SKIPGRAM_NP_MIRROR"


@dataclass(frozen=True)
class Mirror:
    """One place that serves the files: a zip archive, or a folder of plain files."""
    name: str
    url: str                    # the .zip, or the folder URL (files are url + "/" + file name)
    archive_hash: str | None = None   # pooch-style "md5:..." of the zip, when known
    file_names: dict = field(default_factory=lambda: dict(FILE_NAMES))  # split -> name in folder

    @property
    def is_archive(self) -> bool:
        return self.url.lower().split("?")[0].endswith(".zip")

    def file_url(self, split: str) -> str:
        return self.url.rstrip("/") + "/" + self.file_names[split]


_PYTORCH = "https://raw.githubusercontent.com/pytorch/examples/main/word_language_model/data/wikitext-2"
WIKITEXT2_MIRRORS = (
    # The dataset author's host (the original S3 bucket answers 403 since 2023).
    # torchtext pins this zip's MD5.
    Mirror("wikitext.smerity.com (dataset author)", "https://wikitext.smerity.com/wikitext-2-v1.zip",
           archive_hash="md5:542ccefacc6c27f945fb54453812b3cd"),
    # The PyTorch examples repository keeps the three files, some with a UTF-8 BOM.
    Mirror("github.com/pytorch/examples", _PYTORCH,
           file_names={s: f"{s}.txt" for s in SPLITS}),
)
WIKITEXT103_MIRRORS = (
    Mirror("wikitext.smerity.com (dataset author)", "https://wikitext.smerity.com/wikitext-103-v1.zip",
           archive_hash="sha1:0aec09a7537b58d4bb65362fee27650eeaba625a"),
)
DEFAULT_MIRRORS = {"wikitext-2": WIKITEXT2_MIRRORS, "wikitext-103": WIKITEXT103_MIRRORS}
DATASETS = tuple(HASHES)


class DataError(RuntimeError):
    """A data problem the user can fix; the CLI prints the message alone, no traceback."""


def mirror_from_url(url: str) -> Mirror:
    """A user-given mirror: a ``.zip`` URL, or a folder URL serving ``wiki.{split}.tokens``."""
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


def local_files(data_dir: str | os.PathLike, hashes: dict | None = None,
                dataset: str = "wikitext-2") -> dict[str, Path]:
    """The three files from a folder you filled by hand, each verified. Raises DataError."""
    hashes = HASHES[dataset] if hashes is None else hashes
    data_dir = Path(data_dir).expanduser()
    if not data_dir.is_dir():
        raise DataError(f"--data-dir {data_dir} is not a folder. It should hold "
                        + ", ".join(FILE_NAMES.values()) + ".")
    paths = {}
    for split in SPLITS:
        found = [data_dir / n for n in ALIASES[split] if (data_dir / n).is_file()]
        if not found:
            raise DataError(f"{data_dir} has no {' or '.join(ALIASES[split])}. "
                            f"Put the {_title(dataset)} v1 files there (from {dataset}-v1.zip).")
        actual = digest(normalise(found[0].read_bytes()), hashes[split])
        if actual != hashes[split]:
            raise DataError(f"{found[0]} is not the {_title(dataset)} v1 {split} file "
                            f"({actual}, expected {hashes[split]}). Replace it with the "
                            f"file from the original {dataset}-v1.zip.")
        paths[split] = found[0]
    return paths


def _cached(cache: Path, hashes: dict) -> dict[str, Path]:
    """The verified files already in the cache folder (a corrupt one is deleted)."""
    paths = {}
    for split in SPLITS:
        p = cache / FILE_NAMES[split]
        if p.is_file():
            if digest(p.read_bytes(), hashes[split]) == hashes[split]:
                paths[split] = p
            else:
                p.unlink()
    return paths


def _download(url: str, folder: Path, known_hash: str | None, retries: int, progress: bool,
              timeout: float) -> Path:
    """One HTTP download through pooch (temporary file, retries, optional hash, progress bar)."""
    import pooch
    fname = posixpath.basename(url.split("?")[0]) or "download"
    fetcher = pooch.create(path=folder, base_url="", registry={fname: known_hash},
                           urls={fname: url}, retry_if_failed=retries)
    downloader = pooch.HTTPDownloader(progressbar=progress, chunk_size=65536, timeout=timeout,
                                      headers={"User-Agent": USER_AGENT})
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


def _from_archive(path: Path, splits: list[str], hashes: dict) -> dict[str, bytes]:
    """Read the wanted files out of a zip in memory (nothing is extracted to disk by name)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = safe_members(archive)
            out = {}
            for split in splits:
                info = next((members[n] for n in ALIASES[split] if n in members), None)
                if info is None:
                    raise DataError(f"the archive has no {FILE_NAMES[split]}")
                out[split] = archive.read(info)
            return out
    except zipfile.BadZipFile as exc:
        raise DataError(f"not a valid zip archive ({exc})") from None


def fetch_wikitext2(cache_dir=None, mirrors=None, retries: int = 2, progress: bool = True,
                    timeout: float = 60.0, hashes: dict | None = None, log=print,
                    dataset: str = "wikitext-2") -> dict[str, Path]:
    """Return {split: path} of the three verified files, downloading what the cache lacks.

    Each missing file is taken from the first mirror that delivers it with the right SHA-256;
    a zip is downloaded once for all the files it holds. Raises DataError naming every attempt.
    """
    hashes = HASHES[dataset] if hashes is None else hashes
    cache = Path(cache_dir).expanduser() if cache_dir else default_cache_dir()
    cache = cache / dataset
    mirrors = list(DEFAULT_MIRRORS[dataset] if not mirrors else mirrors)
    import pooch
    pooch.get_logger().setLevel(logging.WARNING)   # we print our own line per mirror
    paths = _cached(cache, hashes)
    failures = []
    try:
        for mirror in mirrors:
            missing = [s for s in SPLITS if s not in paths]
            if not missing:
                break
            log(f"fetching {', '.join(FILE_NAMES[s] for s in missing)} from {mirror.name}")
            with tempfile.TemporaryDirectory(dir=_existing(cache), prefix=".download-") as tmp:
                try:
                    if mirror.is_archive:
                        zpath = _download(mirror.url, Path(tmp), mirror.archive_hash, retries,
                                          progress, timeout)
                        contents = _from_archive(zpath, missing, hashes)
                    else:
                        contents = {s: _download(mirror.file_url(s), Path(tmp), None, retries,
                                                 progress, timeout).read_bytes() for s in missing}
                except DataError as exc:
                    failures.append(f"{mirror.url}: {exc}")
                    continue
                except Exception as exc:  # requests/pooch errors: record and try the next mirror
                    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                        raise
                    failures.append(f"{mirror.url}: {_describe(exc)}")
                    continue
                for split, data in contents.items():
                    data = normalise(data)
                    actual = digest(data, hashes[split])
                    if actual != hashes[split]:
                        failures.append(f"{mirror.url}: {FILE_NAMES[split]} has {actual}, "
                                        f"expected {hashes[split]} (corrupt or a different "
                                        f"version); not cached")
                        continue
                    write_atomic(cache / FILE_NAMES[split], data)
                    paths[split] = cache / FILE_NAMES[split]
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DataError(f"disk full while writing to {cache}: free some space or pass "
                            f"--cache-dir on another disk") from None
        raise
    missing = [s for s in SPLITS if s not in paths]
    if missing:
        tried = "\n".join(f"  - {f}" for f in failures) or "  (no mirror given)"
        raise DataError(
            f"could not get {', '.join(FILE_NAMES[s] for s in missing)}. Tried:\n{tried}\n"
            f"To work offline, download {dataset}-v1.zip by hand, unzip it and pass "
            f"--data-dir FOLDER (the folder holding {', '.join(FILE_NAMES.values())}), "
            f"or point --mirror at a server that has them.")
    return paths


def _existing(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _describe(exc: Exception) -> str:
    """One line for a network failure: HTTP status, refused connection, cut-off body, bad hash."""
    import requests
    if isinstance(exc, requests.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason}"
    if isinstance(exc, requests.ConnectionError):
        return f"connection failed ({type(exc).__name__}: {str(exc)[:160]})"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        detail = re.search(r"IncompleteRead\([^)]*\)", str(exc))
        return f"connection dropped during the transfer ({detail.group(0) if detail else exc})"
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, ValueError) and "hash" in str(exc).lower():
        return "checksum of the download does not match (corrupt or truncated)"
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def wikitext2_files(data_dir=None, cache_dir=None, mirror_urls=(), retries: int = 2,
                    progress: bool = True, log=print, dataset: str = "wikitext-2") -> dict[str, Path]:
    """The one entry point: ``data_dir`` if given, else the cache, else the mirrors."""
    if dataset not in HASHES:
        raise DataError(f"unknown dataset {dataset!r}; known: {', '.join(DATASETS)}")
    if data_dir:
        return local_files(data_dir, dataset=dataset)
    urls = list(mirror_urls) or [u for u in os.environ.get(MIRROR_ENV, "").split() if u]
    mirrors = [mirror_from_url(u) for u in urls] or None
    return fetch_wikitext2(cache_dir=cache_dir, mirrors=mirrors, retries=retries,
                           progress=progress, log=log, dataset=dataset)


def _title(dataset: str) -> str:
    return {"wikitext-2": "WikiText-2", "wikitext-103": "WikiText-103"}.get(dataset, dataset)

