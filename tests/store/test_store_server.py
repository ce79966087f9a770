"""Server mode against a real `chroma run` on 127.0.0.1, and the OpenAI-compatible embeddings
backend against a small local endpoint."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from pipeline.config import load_settings
from pipeline.errors import StoreError
from pipeline.store.corpus import open_store
from pipeline.store.embeddings import HashEmbedder, get_embedder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chroma_binary() -> str:
    here = Path(sys.executable).parent / "chroma"
    return str(here) if here.exists() else (shutil.which("chroma") or pytest.skip("chroma CLI not installed"))


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    proc = subprocess.Popen([chroma_binary(), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert proc.poll() is None, (tmp_path / "chroma.log").read_text()
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def _write_reports(folder: Path) -> None:
    folder.mkdir()
    for i, topic in enumerate(["理论学习中心组集中学习", "意识形态工作责任制", "巡察整改落实"]):
        (folder / f"r{i}.txt").write_text(
            f"某局{2021 + i}年度工作总结\n一、主要工作及成效\n（一）抓好{topic}。围绕{topic}制定方案，压实责任。\n"
            f"二、存在的问题\n{topic}还有差距。\n三、下一年工作思路\n持续深化{topic}。\n",
            encoding="utf-8",
        )


@pytest.mark.server
def test_server_mode_ingest_search_list_remove(chroma_server, tmp_path):
    _write_reports(tmp_path / "reports")
    settings = load_settings(chroma_url=chroma_server, embedding="hash:64", store=tmp_path / "unused-store")
    store = open_store(settings)
    report = store.ingest([tmp_path / "reports"])
    assert report.summary()["added"] == 3
    assert open_store(settings).ingest([tmp_path / "reports"]).summary()["unchanged"] == 3
    hits = store.search("意识形态工作责任制", k=3)
    assert hits and "意识形态" in hits[0].text and hits[0].metadata["heading_path"]
    assert len(store.list_sources()) == 3 and store.stats()["embedding_model"] == "hash-64"
    assert not settings.store.exists()  # nothing embedded was created
    assert list((settings.cache_dir / "chroma-server").glob("*/bm25/meta.json"))  # BM25 cache is local
    store.remove("r1.txt")
    assert all("意识形态" not in h.text for h in open_store(settings).search("意识形态工作责任制", k=5))
    with pytest.raises(StoreError, match="hash-64"):
        open_store(load_settings(chroma_url=chroma_server, embedding="hash:32")).search("学习")


def test_unreachable_server_is_a_clear_store_error():
    settings = load_settings(chroma_url=f"http://127.0.0.1:{free_port()}", embedding="hash:64")
    with pytest.raises(StoreError, match="Chroma"):
        open_store(settings).search("学习")


class _Embeddings(BaseHTTPRequestHandler):
    """OpenAI /v1/embeddings: deterministic vectors from the hash embedder, in shuffled order."""

    calls: list[dict] = []

    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append(body)
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        vectors = HashEmbedder(48).embed_documents(texts)
        data = [{"object": "embedding", "index": i, "embedding": (np.array(v) * 3).tolist()} for i, v in enumerate(vectors)]
        payload = json.dumps({"object": "list", "data": data[::-1], "model": body["model"],
                              "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def test_openai_compatible_embeddings_backend(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Embeddings)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/v1"
        settings = load_settings(store=tmp_path / "store", embedding="openai:test-embed", embedding_base_url=base)
        embedder = get_embedder(settings)
        assert embedder.name == "openai:test-embed"
        vectors = embedder.embed_documents(["理论学习", "意识形态", "巡察整改"])
        expected = HashEmbedder(48).embed_documents(["理论学习", "意识形态", "巡察整改"])
        assert np.allclose(vectors, expected, atol=1e-5)  # order restored, normalised
        assert embedder.dim == 48
        _write_reports(tmp_path / "reports")
        store = open_store(settings)
        store.ingest([tmp_path / "reports"])
        assert store.stats()["embedding_model"] == "openai:test-embed" and store.stats()["embedding_dim"] == 48
        assert store.search("巡察整改落实", k=2)[0].text
        assert all(call["model"] == "test-embed" for call in _Embeddings.calls)
    finally:
        server.shutdown()
