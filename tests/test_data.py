"""Download, cache, verify and fall back — against a real HTTP server on 127.0.0.1."""
import hashlib
import io
import zipfile

import pytest

from skipgram_np import data
from skipgram_np.data import DataError, Mirror, fetch_wikitext2
from httpserver import LocalServer, Route

FILES = {s: f" = Heading {s} = \n the {s} text , with words . \n".encode() for s in data.SPLITS}
HASHES = {s: "sha256:" + hashlib.sha256(b).hexdigest() for s, b in FILES.items()}


def zip_bytes(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def serve_folder(server, prefix, files=FILES, mode="ok", **kw):
    for s, body in files.items():
        server.routes[f"{prefix}/wiki.{s}.tokens"] = Route(body, mode, **kw)


def fetch(server, mirrors, tmp_path, **kw):
    kw.setdefault("retries", 0)
    return fetch_wikitext2(cache_dir=tmp_path / "cache", mirrors=mirrors, progress=False,
                           hashes=HASHES, log=lambda *a: None, **kw)


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
    paths = fetch(server, mirrors, tmp_path)
    assert paths["train"].read_bytes() == FILES["train"]
    assert server.hits["/bad/wiki.train.tokens"] == 1 and server.hits["/good/wiki.test.tokens"] == 1


@pytest.mark.parametrize("mode,words", [("drop", "connection"), ("truncate", "connection")])
def test_cut_off_body_is_not_cached_and_reported(server, tmp_path, mode, words):
    serve_folder(server, "/cut", mode=mode)
    with pytest.raises(DataError) as err:
        fetch(server, [data.mirror_from_url(server.url + "/cut")], tmp_path)
    message = str(err.value)
    assert server.url + "/cut" in message and words in message and "--data-dir" in message
    assert not list((tmp_path / "cache" / "wikitext-2").glob("wiki.*"))


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
    cache = tmp_path / "cache" / "wikitext-2"
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


def test_mirror_environment_variable(server, tmp_path, monkeypatch):
    serve_folder(server, "/env")
    monkeypatch.setenv(data.MIRROR_ENV, server.url + "/env")
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "envcache"))
    monkeypatch.setitem(data.HASHES, "wikitext-2", HASHES)
    paths = data.wikitext2_files(progress=False, log=lambda *a: None)
    assert paths["train"].parent == tmp_path / "envcache" / "wikitext-2"


def test_local_dir_checks_names_and_hashes(tmp_path):
    for s, b in FILES.items():
        (tmp_path / f"{s}.txt").write_bytes(b)
    assert data.local_files(tmp_path, HASHES)["valid"] == tmp_path / "valid.txt"
    (tmp_path / "test.txt").write_bytes(b"other")
    with pytest.raises(DataError, match="not the WikiText-2 v1 test file"):
        data.local_files(tmp_path, HASHES)
    with pytest.raises(DataError, match="is not a folder"):
        data.local_files(tmp_path / "nope", HASHES)


def test_wikitext103_path_uses_sha1_and_its_own_cache(server, tmp_path):
    body = zip_bytes({f"wikitext-103/wiki.{s}.tokens": b for s, b in FILES.items()})
    server.routes["/wikitext-103-v1.zip"] = Route(body)
    sha1 = {s: "sha1:" + hashlib.sha1(b).hexdigest() for s, b in FILES.items()}
    mirror = Mirror("zip", server.url + "/wikitext-103-v1.zip",
                    archive_hash="sha1:" + hashlib.sha1(body).hexdigest())
    paths = fetch_wikitext2(cache_dir=tmp_path, mirrors=[mirror], progress=False, hashes=sha1,
                            log=lambda *a: None, retries=0, dataset="wikitext-103")
    assert paths["train"] == tmp_path / "wikitext-103" / "wiki.train.tokens"
    assert paths["train"].read_bytes() == FILES["train"]


def test_cli_wikitext103_from_a_local_mirror_with_wrong_files(server, tmp_path):
    import subprocess
    import sys
    serve_folder(server, "/wt103")
    r = subprocess.run([sys.executable, "-m", "skipgram_np.train", "--dataset", "wikitext-103",
                        "--mirror", server.url + "/wt103", "--cache-dir", str(tmp_path),
                        "--out", str(tmp_path / "run"), "--no-progress"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "expected sha1:b7497e2dfe77e72cfef5e3dbc61b7b53712ac211" in r.stderr
    assert "wikitext-103-v1.zip" in r.stderr
    assert not list((tmp_path / "wikitext-103").glob("wiki.*"))
