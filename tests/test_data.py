"""Download, cache, verify and fall back — against a real HTTP server on 127.0.0.1."""
import hashlib
import io
import json
import resource
import subprocess
import sys
import time
import zipfile

import pytest

from skipgram_np import data
from skipgram_np.data import DataError, Dataset, FileSpec, Mirror
from httpserver import LocalServer, Route

FILES = {s: f" = Heading {s} = \n the {s} text , with words . \n".encode() for s in data.SPLITS}
HASHES = {s: "sha256:" + hashlib.sha256(b).hexdigest() for s, b in FILES.items()}
TOY = Dataset("toy", "the toy set",
              tuple(FileSpec(s, f"wiki.{s}.tokens", HASHES[s], len(FILES[s]), (f"{s}.txt",))
                    for s in data.SPLITS), (), "put them there by hand")


def zip_bytes(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def serve_folder(server, prefix, files=FILES, mode="ok", **kw):
    for s, body in files.items():
        server.routes[f"{prefix}/wiki.{s}.tokens"] = Route(body, mode, **kw)


def fetch(server, mirrors, tmp_path, dataset=TOY, **kw):
    kw.setdefault("retries", 0)
    return data.fetch(dataset, cache_dir=tmp_path / "cache", mirrors=mirrors, progress=False,
                      log=kw.pop("log", lambda *a: None), **kw)


@pytest.fixture
def server():
    with LocalServer() as s:
        yield s


def test_success_and_cache_hit(server, tmp_path):
    serve_folder(server, "/a")
    mirrors = [data.mirror_from_url(server.url + "/a")]
    paths = fetch(server, mirrors, tmp_path)
    assert {s: p.read_bytes() for s, p in paths.items()} == FILES
    assert sum(server.hits.values()) == 3
    assert all(a.startswith("skipgram_np/") for a in server.agents)   # descriptive User-Agent
    paths2 = fetch(server, mirrors, tmp_path)                              # cache hit
    assert paths2 == paths and sum(server.hits.values()) == 3


@pytest.mark.parametrize("status", [404, 500])
def test_falls_back_to_second_mirror_after_http_error(server, tmp_path, status):
    serve_folder(server, "/bad", mode="status", status=status)
    serve_folder(server, "/good")
    mirrors = [data.mirror_from_url(server.url + "/bad"), data.mirror_from_url(server.url + "/good")]
    lines = []
    paths = fetch(server, mirrors, tmp_path, log=lines.append)
    assert paths["train"].read_bytes() == FILES["train"]
    assert server.hits["/bad/wiki.train.tokens"] == 1 and server.hits["/good/wiki.test.tokens"] == 1
    # the failure is said as it happens, one line naming the mirror and the reason
    assert any(line.strip() == f"{server.url}/bad: HTTP {status} " + ("Not Found" if status == 404 else
                                                                       "Internal Server Error")
               for line in lines), lines


@pytest.mark.parametrize("mode,words", [("drop", "connection"), ("truncate", "connection")])
def test_cut_off_body_is_not_cached_and_reported(server, tmp_path, mode, words):
    serve_folder(server, "/cut", mode=mode)
    with pytest.raises(DataError) as err:
        fetch(server, [data.mirror_from_url(server.url + "/cut")], tmp_path)
    message = str(err.value)
    assert server.url + "/cut" in message and words in message and "by hand" in message
    assert "('" not in message and "…" not in message       # the reason whole, not a cut-off nested tuple
    assert not list((tmp_path / "cache" / "toy").glob("wiki.*"))


def test_cut_off_body_falls_back(server, tmp_path):
    serve_folder(server, "/cut", mode="drop")
    serve_folder(server, "/good")
    mirrors = [data.mirror_from_url(server.url + "/cut"), data.mirror_from_url(server.url + "/good")]
    assert fetch(server, mirrors, tmp_path)["valid"].read_bytes() == FILES["valid"]


def test_retry_after_dropped_connection(server, tmp_path):
    serve_folder(server, "/flaky", mode="flaky", fail_times=1)
    paths = fetch(server, [data.mirror_from_url(server.url + "/flaky")], tmp_path, retries=1)
    assert paths["test"].read_bytes() == FILES["test"]
    assert server.hits["/flaky/wiki.test.tokens"] == 2


def test_bad_checksum_rejected_and_nothing_cached(server, tmp_path):
    serve_folder(server, "/evil", files={s: b + b"tampered" for s, b in FILES.items()})
    with pytest.raises(DataError, match="sha256"):
        fetch(server, [data.mirror_from_url(server.url + "/evil")], tmp_path)
    cache = tmp_path / "cache" / "toy"
    assert not [p for p in cache.rglob("*") if p.is_file()]


def test_bom_is_stripped_and_still_verified(server, tmp_path):
    serve_folder(server, "/bom", files={s: data.BOM + b for s, b in FILES.items()})
    paths = fetch(server, [data.mirror_from_url(server.url + "/bom")], tmp_path)
    assert paths["train"].read_bytes() == FILES["train"]


def test_zip_mirror_downloaded_once(server, tmp_path):
    members = {f"wikitext-2/wiki.{s}.tokens": b for s, b in FILES.items()}
    body = zip_bytes(members)
    server.routes["/w2.zip"] = Route(body)
    md5 = "md5:" + hashlib.md5(body).hexdigest()
    paths = fetch(server, [Mirror("zip", server.url + "/w2.zip", archive_hash=md5)], tmp_path)
    assert {s: p.read_bytes() for s, p in paths.items()} == FILES
    assert server.hits["/w2.zip"] == 1


def test_zip_with_wrong_md5_falls_back(server, tmp_path):
    server.routes["/w2.zip"] = Route(zip_bytes({f"wiki.{s}.tokens": b for s, b in FILES.items()}))
    serve_folder(server, "/good")
    mirrors = [Mirror("zip", server.url + "/w2.zip", archive_hash="md5:" + "0" * 32),
               data.mirror_from_url(server.url + "/good")]
    assert fetch(server, mirrors, tmp_path)["train"].read_bytes() == FILES["train"]
    assert server.hits["/good/wiki.train.tokens"] == 1


def test_zip_with_path_escape_is_refused(server, tmp_path):
    members = {f"wikitext-2/wiki.{s}.tokens": b for s, b in FILES.items()}
    members["../../escaped.txt"] = b"gotcha"
    server.routes["/evil.zip"] = Route(zip_bytes(members))
    with pytest.raises(DataError, match="refused archive"):
        fetch(server, [data.mirror_from_url(server.url + "/evil.zip")], tmp_path)
    assert not list(tmp_path.rglob("escaped.txt"))


def test_no_server_listening(tmp_path):
    with LocalServer() as s:
        url = s.url
    with pytest.raises(DataError, match="connection failed"):
        fetch(None, [data.mirror_from_url(url + "/x")], tmp_path)


# ------------------------------------------------------------------ slow, silent and oversized servers
def test_trickling_server_hits_the_mirror_deadline(server, tmp_path):
    serve_folder(server, "/slow", mode="trickle", interval=0.2)
    serve_folder(server, "/good")
    mirrors = [data.mirror_from_url(server.url + "/slow"), data.mirror_from_url(server.url + "/good")]
    lines = []
    t0 = time.monotonic()
    paths = fetch(server, mirrors, tmp_path, stall=1.0, deadline=1.5, min_rate=1e9, log=lines.append)
    assert time.monotonic() - t0 < 6
    assert paths["train"].read_bytes() == FILES["train"]
    assert any(f"{server.url}/slow: too slow" in line for line in lines), lines


@pytest.mark.parametrize("mode,words", [("stall", "stalled: no data for 1 s"),
                                        ("silent", "no answer within 1 s")])
def test_stalled_server_fails_fast_with_one_line(server, tmp_path, mode, words):
    serve_folder(server, "/stuck", mode=mode)
    t0 = time.monotonic()
    with pytest.raises(DataError) as err:
        fetch(server, [data.mirror_from_url(server.url + "/stuck")], tmp_path, retries=2, stall=1.0)
    assert time.monotonic() - t0 < 5                  # not retried: a stall is not a dropped line
    assert words in str(err.value)
    assert server.hits["/stuck/wiki.train.tokens"] == 1


def test_oversized_file_is_refused(server, tmp_path):
    serve_folder(server, "/big", files={s: b * 5000 for s, b in FILES.items()})
    with pytest.raises(DataError, match="announces .* bytes, more than the"):
        fetch(server, [data.mirror_from_url(server.url + "/big")], tmp_path)


def test_zip_member_that_inflates_too_far_is_refused(server, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for s, b in FILES.items():
            z.writestr(f"wiki.{s}.tokens", b if s != "train" else b"\0" * 5_000_000)
    server.routes["/bomb.zip"] = Route(buf.getvalue())
    with pytest.raises(DataError, match="wiki.train.tokens in the archive would inflate to 5,000,000"):
        fetch(server, [data.mirror_from_url(server.url + "/bomb.zip")], tmp_path)
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.name != ".lock"]


def test_cli_zip_bomb_ends_in_bounded_time_and_memory(server, tmp_path):
    """A 7 MB zip whose wiki.train.tokens inflates to 1.5 GiB: refused before it is read."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("wiki.train.tokens", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(1536):
                f.write(block)
    server.routes["/wikitext-2-v1.zip"] = Route(buf.getvalue())
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "skipgram_np.train", "--mirror",
                        server.url + "/wikitext-2-v1.zip", "--cache-dir", str(tmp_path / "cache"),
                        "--out", str(tmp_path / "run"), "--no-progress"],
                       capture_output=True, text=True, timeout=120)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "would inflate to 1,610,612,736 bytes" in r.stderr
    assert time.monotonic() - t0 < 60 and peak_mb < 600, peak_mb


def test_leftover_download_folders_are_removed(server, tmp_path):
    stale = tmp_path / "cache" / "toy" / ".download-killed"
    stale.mkdir(parents=True)
    (stale / "half.zip").write_bytes(b"x" * 100)
    serve_folder(server, "/a")
    fetch(server, [data.mirror_from_url(server.url + "/a")], tmp_path)
    assert not stale.exists()


def test_unwritable_cache_is_one_line(server, tmp_path):
    cache = "/sys/skipgram_np_readonly_cache"          # sysfs refuses even root
    serve_folder(server, "/a")
    with pytest.raises(DataError) as err:
        data.fetch(TOY, cache_dir=cache, mirrors=[data.mirror_from_url(server.url + "/a")],
                   progress=False, log=lambda *a: None)
    assert str(err.value).startswith("cannot write the download cache /sys/skipgram_np_readonly_cache")
    assert "--cache-dir" in str(err.value) and "\n" not in str(err.value)


def test_mirror_environment_variable(server, tmp_path, monkeypatch):
    serve_folder(server, "/env")
    monkeypatch.setenv(data.MIRROR_ENV, server.url + "/env")
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "envcache"))
    monkeypatch.setitem(data.DATASETS, "wikitext-2", TOY)
    paths = data.wikitext2_files(progress=False, log=lambda *a: None)
    assert paths["train"].parent == tmp_path / "envcache" / "toy"


def test_local_dir_checks_names_and_hashes(tmp_path):
    for s, b in FILES.items():
        (tmp_path / f"{s}.txt").write_bytes(b)
    assert data.local_files(tmp_path, TOY)["valid"] == tmp_path / "valid.txt"
    (tmp_path / "test.txt").write_bytes(b"other")
    with pytest.raises(DataError, match="is not the original wiki.test.tokens of the toy set"):
        data.local_files(tmp_path, TOY)
    with pytest.raises(DataError, match="is not a folder"):
        data.local_files(tmp_path / "nope", TOY)


def test_wikitext103_path_uses_sha1_and_its_own_cache(server, tmp_path):
    body = zip_bytes({f"wikitext-103/wiki.{s}.tokens": b for s, b in FILES.items()})
    server.routes["/wikitext-103-v1.zip"] = Route(body)
    sha1 = Dataset("wikitext-103", "WikiText-103",
                   tuple(FileSpec(s, f"wiki.{s}.tokens", "sha1:" + hashlib.sha1(b).hexdigest(), len(b))
                         for s, b in FILES.items()), (), "by hand")
    mirror = Mirror("zip", server.url + "/wikitext-103-v1.zip",
                    archive_hash="sha1:" + hashlib.sha1(body).hexdigest())
    paths = data.fetch(sha1, cache_dir=tmp_path, mirrors=[mirror], progress=False,
                       log=lambda *a: None, retries=0)
    assert paths["train"] == tmp_path / "wikitext-103" / "wiki.train.tokens"
    assert paths["train"].read_bytes() == FILES["train"]


def test_cli_wikitext103_from_a_local_mirror_with_wrong_files(server, tmp_path):
    serve_folder(server, "/wt103")
    r = subprocess.run([sys.executable, "-m", "skipgram_np.train", "--dataset", "wikitext-103",
                        "--mirror", server.url + "/wt103", "--cache-dir", str(tmp_path),
                        "--out", str(tmp_path / "run"), "--no-progress"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "expected sha1:b7497e2dfe77e72cfef5e3dbc61b7b53712ac211" in r.stderr
    assert "wikitext-103-v1.zip" in r.stderr
    assert not list((tmp_path / "wikitext-103").glob("wiki.*"))


# ------------------------------------------------------------------ the evaluation sets
def test_eval_sets_fetched_verified_and_cached(server, tmp_path, eval_dir):
    for name in ("questions-words.txt", "wordsim353.tsv"):
        server.routes[f"/ev/{name}"] = Route((eval_dir / name).read_bytes())
    paths = data.eval_files(cache_dir=tmp_path, mirror_urls=[server.url + "/ev"], progress=False,
                            log=lambda *a: None)
    assert paths["analogies"] == tmp_path / "eval" / "questions-words.txt"
    assert paths["similarities"].read_bytes() == (eval_dir / "wordsim353.tsv").read_bytes()
    again = data.eval_files(cache_dir=tmp_path, mirror_urls=[server.url + "/ev"], progress=False)
    assert again == paths and server.hits["/ev/wordsim353.tsv"] == 1


def test_eval_dir_must_hold_the_real_files(tmp_path, eval_dir):
    assert data.eval_files(eval_dir=eval_dir)["analogies"].name == "questions-words.txt"
    (tmp_path / "questions-words.txt").write_text(": capital\nathens greece baghdad iraq\n")
    (tmp_path / "wordsim353.tsv").write_bytes((eval_dir / "wordsim353.tsv").read_bytes())
    with pytest.raises(DataError, match="is not the original questions-words.txt"):
        data.eval_files(eval_dir=tmp_path)


def test_cli_ctrl_c_during_the_download_is_one_line_and_leaves_nothing(server, tmp_path):
    serve_folder(server, "/slow", mode="trickle", interval=0.2)
    proc = subprocess.Popen([sys.executable, "-u", "-m", "skipgram_np.train", "--mirror",
                             server.url + "/slow", "--cache-dir", str(tmp_path / "cache"),
                             "--out", str(tmp_path / "run"), "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("fetching"):
            time.sleep(0.5)
            proc.send_signal(2)                                  # SIGINT, as Ctrl-C sends
            break
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip() == "stopped by Ctrl-C (SIGINT) before training started; nothing was saved"
    assert not list((tmp_path / "cache").rglob(".download-*"))


# ------------------------------------------------------------------ byte-order marks, disk, the cache's trust
def test_mixed_bom_and_plain_files_are_cached_verified(server, tmp_path):
    served = {"train": data.BOM + FILES["train"], "valid": FILES["valid"], "test": data.BOM + FILES["test"]}
    serve_folder(server, "/mixed", files=served)
    paths = fetch(server, [data.mirror_from_url(server.url + "/mixed")], tmp_path)
    assert {s: p.read_bytes() for s, p in paths.items()} == FILES
    assert all(data.file_digest(p, HASHES[s]) == HASHES[s] for s, p in paths.items())
    assert sorted(p.name for p in (tmp_path / "cache" / "toy").iterdir()) == sorted(
        f"wiki.{s}.tokens" for s in data.SPLITS)                   # no .part or raw download left


def test_strip_bom_in_place_across_chunks(tmp_path):
    body = bytes(range(256)) * 9000                                  # > 2 chunks of 1 MiB
    for content, want in ((data.BOM + body, body), (body, body), (data.BOM, b""), (b"", b""),
                          (data.BOM + data.BOM + b"x", data.BOM + b"x")):   # one mark only
        path = tmp_path / "f"
        path.write_bytes(content)
        data.strip_bom_in_place(path)
        assert path.read_bytes() == want


# Run in its own process: an audit hook (which cannot be removed once added) measures the download
# cache's total size at every file event (open, rename, truncate, remove, ...) during a fetch.
PEAK = r"""
import json, os, sys
from pathlib import Path
from skipgram_np import data
root, url, spec_file = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
dataset = data.Dataset("big", "a big set", tuple(data.FileSpec(*f) for f in json.loads(Path(spec_file).read_text())),
                       (), "by hand")
peak, busy = [0, ""], [False]
def hook(event, args):
    if busy[0]:
        return
    busy[0] = True
    try:
        total = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
        if total > peak[0]:
            peak[:] = [total, event]
    except OSError:
        pass
    finally:
        busy[0] = False
sys.addaudithook(hook)
data.fetch(dataset, cache_dir=root, mirrors=[data.mirror_from_url(url)], progress=False, log=lambda *a: None,
           retries=0)
print(json.dumps(peak))
"""


def test_a_folder_download_needs_about_one_files_size_of_disk(server, tmp_path):
    """The biggest file arrives with a BOM; at no file event during the fetch does the cache hold
    two copies of it (downloaded, then copied without the mark, was twice its size)."""
    big = b"".join(b"word%d " % i for i in range(400_000))                # ~3.9 MB
    bodies = {"train": big, "valid": FILES["valid"], "test": FILES["test"]}
    specs = [[s, f"wiki.{s}.tokens", "sha256:" + hashlib.sha256(b).hexdigest(), len(b)] for s, b in bodies.items()]
    (tmp_path / "specs.json").write_text(json.dumps(specs))
    serve_folder(server, "/big", files={s: data.BOM + b for s, b in bodies.items()})
    r = subprocess.run([sys.executable, "-c", PEAK, str(tmp_path / "cache"), server.url + "/big",
                        str(tmp_path / "specs.json")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    peak, event = json.loads(r.stdout)
    assert (tmp_path / "cache" / "big" / "wiki.train.tokens").read_bytes() == big
    assert len(big) <= peak < 1.2 * len(big), (peak, event)


def test_a_wrong_file_in_the_cache_is_replaced_never_returned(server, tmp_path):
    cache = tmp_path / "cache" / "toy"
    cache.mkdir(parents=True)
    for s, b in FILES.items():                                       # the right names, one wrong content
        (cache / f"wiki.{s}.tokens").write_bytes(b if s != "valid" else b.upper())
    serve_folder(server, "/a")
    paths = fetch(server, [data.mirror_from_url(server.url + "/a")], tmp_path)
    assert paths["valid"].read_bytes() == FILES["valid"]              # fetched again, verified
    assert server.hits["/a/wiki.valid.tokens"] == 1 and server.hits["/a/wiki.train.tokens"] == 0
    (cache / "wiki.test.tokens").write_bytes(b"not the test split")
    with pytest.raises(DataError, match="could not get wiki.test.tokens"):
        fetch(None, [data.mirror_from_url("http://127.0.0.1:9/none")], tmp_path)
