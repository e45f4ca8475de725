"""What the data sets are: their files, the digests of the original releases, and where they are served.

    wikitext-2 / wikitext-103   wiki.train.tokens · wiki.valid.tokens · wiki.test.tokens
    eval                        questions-words.txt (Google analogies) · wordsim353.tsv (WordSim-353)

Declarations only; data.py fetches, verifies and caches them.
"""
from __future__ import annotations

from dataclasses import dataclass

SPLITS = ("train", "valid", "test")


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


def mirror_from_url(url: str) -> Mirror:
    """A user-given mirror: a ``.zip`` URL, or a folder URL serving the files by their names."""
    return Mirror(f"mirror {url}", url)


def wikitext(version: str, files: dict, archive_hash: str, more_mirrors=()) -> Dataset:
    """WikiText-{version}: ``files`` {split: (digest, size)}; the dataset author's zip first."""
    name, zip_name = f"wikitext-{version}", f"wikitext-{version}-v1.zip"
    specs = tuple(FileSpec(s, f"wiki.{s}.tokens", *files[s], (f"{s}.txt",)) for s in SPLITS)
    # The dataset author's host (the original S3 bucket answers 403 since 2023).
    author = Mirror("wikitext.smerity.com (dataset author)", f"https://wikitext.smerity.com/{zip_name}",
                    archive_hash=archive_hash)
    return Dataset(name, f"WikiText-{version}", specs, (author, *more_mirrors),
                   f"download {zip_name} by hand, unzip it and pass --data-dir FOLDER (the folder "
                   f"holding {', '.join(f.name for f in specs)}), or point --mirror at a server "
                   f"that has them")


# Digests of the original release files. WikiText-2: SHA-256 of the wikitext-2-v1.zip members (the
# zip's MD5 as torchtext pins it); WikiText-103: the SHA-1s that gluonnlp pins for wikitext-103-v1.zip,
# with approximate sizes (only the download caps use them, +2 %).
WIKITEXT2 = wikitext("2", {
    "train": ("sha256:9e9fa1ad55b1c2c95b08e37dd8e653f638fac2c6de904b79e813611eefbc985f", 10_797_148),
    "valid": ("sha256:f0737ed31fc1329026e95cb8b98e19c2a182c39c240ab909dc31abf2f8af58e8", 1_121_681),
    "test": ("sha256:d790b833ef8cf03a90db7bf1271b7520b83c45ce07ba3c1a9699df81e239eca0", 1_256_449)},
    "md5:542ccefacc6c27f945fb54453812b3cd",
    # The PyTorch examples repository keeps the three files, some with a UTF-8 BOM.
    (Mirror("github.com/pytorch/examples",
            "https://raw.githubusercontent.com/pytorch/examples/main/word_language_model/data/wikitext-2",
            file_names=tuple((s, f"{s}.txt") for s in SPLITS)),))
WIKITEXT103 = wikitext("103", {
    "train": ("sha1:b7497e2dfe77e72cfef5e3dbc61b7b53712ac211", 545_000_000),
    "valid": ("sha1:c326ac59dc587676d58c422eb8a03e119582f92b", 1_200_000),
    "test": ("sha1:8a5befc548865cec54ed4273cf87dbbad60d1e47", 1_350_000)},
    "sha1:0aec09a7537b58d4bb65362fee27650eeaba625a")
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
