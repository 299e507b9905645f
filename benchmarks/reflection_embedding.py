"""Experiments only: static token embeddings from the wordllama wheel, read offline (the audit does without).

wordllama 0.4 ships a 256-dimensional token embedding (trained from Llama 2's input layer)
and its tokenizer inside the wheel. They are read straight from the installed package's
folder with ``tokenizers`` and ``safetensors``: the package's own loader would try the
network when a file is missing and configures the root logger when imported, and neither
may happen inside an audit. Nothing is downloaded; when the files are absent the embedding
is reported unavailable and the caller decides.

A text's embedding is the mean of its tokens' vectors. Because the classifier is linear in
that mean, a trained weight vector folds into the table once (``project``): each token then
carries one score per output, and a passage's score is the mean of its tokens' scores. That
keeps the run-time cost to tokenising, which is memoised per whitespace-separated piece.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Optional

import numpy as np

PACKAGE = "wordllama"
PACKAGE_VERSION = "0.4.0.post1"
WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR_KEY = "embedding.weight"
DIMENSIONS = 256
# Pieces (whitespace-separated strings) whose token ids are memoised; the memo is dropped past
# this size so a document of unique strings cannot grow memory without bound.
MAX_MEMO_PIECES = 200_000
# A piece longer than this is cut before tokenising: no word is this long, a minified blob is.
MAX_PIECE_CHARS = 64


class EmbeddingUnavailable(RuntimeError):
    """The wordllama files are not installed where they should be."""


def package_folder() -> Path:
    """The installed wordllama package folder, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingUnavailable(f"{PACKAGE} is not installed (pip install {PACKAGE}=={PACKAGE_VERSION})")
    return Path(next(iter(spec.submodule_search_locations)))


class TokenEmbedding:
    """The tokenizer and token table, loaded once, with a memo from piece to token ids."""

    def __init__(self, folder: Optional[Path] = None):
        from safetensors import safe_open
        from tokenizers import Tokenizer

        folder = folder or package_folder()
        weights, tokenizer = folder / WEIGHTS_FILE, folder / TOKENIZER_FILE
        if not weights.is_file() or not tokenizer.is_file():
            raise EmbeddingUnavailable(f"{PACKAGE} files missing under {folder}")
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        with safe_open(str(weights), framework="np", device="cpu") as handle:
            self.table = np.ascontiguousarray(handle.get_tensor(TENSOR_KEY).astype(np.float32))
        self._ids: dict = {}

    def piece_ids(self, pieces: list) -> list:
        """Token ids of each piece (memoised); unknown pieces are tokenised in one batch."""
        memo = self._ids
        fresh = sorted({p for p in pieces if p not in memo})
        if fresh:
            if len(memo) + len(fresh) > MAX_MEMO_PIECES:
                memo.clear()
            limit = self.table.shape[0] - 1
            for piece, encoding in zip(fresh, self.tokenizer.encode_batch(
                    [p[:MAX_PIECE_CHARS] for p in fresh], add_special_tokens=False)):
                memo[piece] = tuple(min(i, limit) for i in encoding.ids)
        return [memo[p] for p in pieces]

    def mean_vectors(self, texts: list, table: Optional[np.ndarray] = None) -> np.ndarray:
        """Mean token vector of each text (rows of ``table``, the embedding itself by default)."""
        table = self.table if table is None else table
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float64)
        pieces_per_text = [text.split() for text in texts]
        flat = [piece for pieces in pieces_per_text for piece in pieces]
        ids_of = dict(zip(flat, self.piece_ids(flat))) if flat else {}
        for row, pieces in enumerate(pieces_per_text):
            ids = [i for piece in pieces for i in ids_of[piece]]
            if ids:
                out[row] = table[ids].mean(axis=0, dtype=np.float64)
        return out

    def project(self, weights: np.ndarray) -> "ProjectedEmbedding":
        """A table of per-token scores for ``weights`` (dimensions x outputs)."""
        return ProjectedEmbedding(self, (self.table.astype(np.float64) @ weights).astype(np.float64))


class ProjectedEmbedding:
    """Mean per-token scores of texts: what a linear model over the mean embedding adds."""

    def __init__(self, embedding: TokenEmbedding, scores: np.ndarray):
        self.embedding = embedding
        self.scores = scores

    def __call__(self, texts: list) -> np.ndarray:
        return self.embedding.mean_vectors(texts, self.scores)


_SHARED: dict = {}


def shared_embedding() -> TokenEmbedding:
    """One TokenEmbedding per process: the table is 32 MB and takes a fraction of a second to read."""
    if "embedding" not in _SHARED:
        _SHARED["embedding"] = TokenEmbedding()
    return _SHARED["embedding"]
