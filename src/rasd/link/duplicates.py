"""Mark exact and near-duplicate articles: syndicated and lightly rewritten copies of one story.

An exact copy is found by `content_hash` first (a dictionary look-up). A near copy is found with
MinHash signatures of character 5-gram shingles over the matching view (`normalise`, whitespace
collapsed), so spelling variants («الأمريكية» / «الامريكيه»), diacritics and spacing do not count
as differences; datasketch's MinHashLSH finds the candidates and the estimated Jaccard similarity
confirms them. Each copy's `duplicate_of` names the first-seen copy of its story; the first copy
itself stays unmarked, and only first copies are indexed, so a chain of copies never forms.

The marker is incremental: `mark` one document at a time, or `add_signature` a stored signature
from an earlier run, then go on marking.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Iterable, Iterator
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from rasd.arabic.normalise import MatchView, normalise
from rasd.model import Document

logger = logging.getLogger(__name__)

# Character 5-grams span a short Arabic word with its clitic or two letters of the next word:
# long enough that unrelated texts share few of them, short enough that a changed word only
# touches the shingles around it.
SHINGLE_SIZE = 5
# Estimated Jaccard similarity at and above which two articles are copies of one story. Measured
# on the 20 dev articles (../shared/eval/articles_dev.jsonl): the 190 pairs of distinct articles
# score at most 0.16 (two reports of air strikes in Syria among them); copies rewritten from
# them (first line replaced by a new intro, words replaced at random, three boilerplate lines
# added) score at least 0.63 with 5 % of words replaced, 0.56 with 10 %, 0.38 with 20 %. The
# fixtures in tests/link/test_duplicates.py agree: a rewritten copy 0.66, another outlet's report
# of the same shelling 0.11, another story on the same front 0.10. 0.4 sits in the gap, low
# enough to catch copies edited harder than one word in ten.
NEAR_DUPLICATE_THRESHOLD = 0.4
# 128 permutations estimate a similarity of 0.4 within ±0.09 (two standard errors), which keeps
# both sides of that gap apart; signing a 5 KB article costs ≈0.7 ms.
NUM_PERM = 128
# The LSH index only proposes candidates; each is confirmed on its estimated similarity. Weighing
# missed copies nine times over false candidates gives 42 bands of 3 rows, which propose 94 % of
# pairs at similarity 0.4 and 99.6 % at 0.5 (against 56 % and 87 % with equal weights).
LSH_WEIGHTS = (0.1, 0.9)
MINHASH_SEED = 1
# Shingles are permuted in blocks through one reused buffer: numpy's temporaries for a whole
# (shingles × permutations) matrix cost more than the arithmetic (2.3 ms against 0.35 ms for a
# 5 KB article), and a very long text must not build one huge matrix.
_BLOCK = 1024
# An odd 64-bit multiplier for the polynomial hash of a shingle's code points (from the
# golden ratio, as in Fibonacci hashing): the high 32 bits of the product are well mixed.
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
# datasketch's permutation scheme: MurmurHash3's 32-bit finalizer, then a * h + b mod 2^32.
SCHEME = "affine32"
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
_EMPTY = np.uint32(0xFFFFFFFF)


def matching_text(text: str, view: MatchView | None = None) -> str:
    """Return the text duplicates are compared on: the matching view, whitespace collapsed.

    Pass the document's `view` when the normalise stage has built it, to save folding again.
    """
    folded = view.text if view is not None and view.display == text else normalise(text)
    return " ".join(folded.split())


def shingle_keys(matched: str) -> np.ndarray:
    """Return the distinct 32-bit keys of the character shingles of a matching text.

    A text shorter than one shingle is one shingle; an empty text has none.
    """
    if not matched:
        return np.empty(0, dtype=np.uint32)
    points = np.frombuffer(matched.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    width = min(SHINGLE_SIZE, len(points))
    count = len(points) - width + 1
    keys = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        keys = keys * _MULTIPLIER + points[offset : offset + count]
    return np.unique((keys * _MULTIPLIER) >> np.uint64(32)).astype(np.uint32)


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return datasketch's permutation parameters (a, b) for `num_perm` and `seed`."""
    a, b = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
    return a, b


def signature(matched: str, num_perm: int = NUM_PERM, seed: int = MINHASH_SEED) -> LeanMinHash | None:
    """Return the MinHash signature of a matching text, or None when it has no shingles.

    The values are those of datasketch's `MinHash(num_perm, seed).update_batch(keys)` with the
    identity hash over `shingle_keys(matched)`, computed in place.
    """
    keys = shingle_keys(matched)
    if not len(keys):
        return None
    a, b = _permutations(num_perm, seed)
    mixed = _fmix32(keys)
    hashvalues = np.full(num_perm, _EMPTY, dtype=np.uint32)
    buffer = np.empty((min(len(mixed), _BLOCK), num_perm), dtype=np.uint32)
    for start in range(0, len(mixed), _BLOCK):
        block = mixed[start : start + _BLOCK, np.newaxis]
        permuted = buffer[: len(block)]
        np.multiply(block, a, out=permuted)
        np.add(permuted, b, out=permuted)
        np.minimum(hashvalues, permuted.min(axis=0), out=hashvalues)
    return LeanMinHash(seed=seed, hashvalues=hashvalues, scheme=SCHEME)


def _fmix32(keys: np.ndarray) -> np.ndarray:
    shift1, multiply1, shift2, multiply2, shift3 = _FMIX32
    keys = keys ^ (keys >> shift1)
    keys = keys * multiply1
    keys = keys ^ (keys >> shift2)
    keys = keys * multiply2
    return keys ^ (keys >> shift3)


def content_digest(doc: Document) -> str:
    """Return the document's content hash, computing it the way cleaning does when it is unset."""
    return doc.content_hash or hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


class DuplicateMarker:
    """Set `duplicate_of` on documents that copy one seen before (exactly or nearly)."""

    def __init__(
        self, threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM, seed: int = MINHASH_SEED
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.seed = seed
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
        self._signatures: dict[str, LeanMinHash] = {}  # first copies only
        self._arrival: dict[str, int] = {}  # first copy's id → its rank in arrival order
        self._first_by_digest: dict[str, str] = {}  # content hash → id of the first copy

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Mark a stream of documents in order; the first copy of each story wins."""
        for doc in docs:
            yield self.mark(doc)

    def __len__(self) -> int:
        """Return how many first copies are indexed."""
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def mark(self, doc: Document) -> Document:
        """Return `doc` with `duplicate_of` set if it copies an indexed story, else index it."""
        if not doc.text.strip():
            return doc
        digest = content_digest(doc)
        first = self._first_by_digest.get(digest)
        if first is None:
            sketch = self.signature(doc)
            first = self._near_copy_of(doc.id, sketch)
            if first is None:
                self.add_signature(doc.id, digest, sketch)
                return dataclasses.replace(doc, duplicate_of=None)
            self._first_by_digest[digest] = first
        if first == doc.id:
            return dataclasses.replace(doc, duplicate_of=None)
        return dataclasses.replace(doc, duplicate_of=first)

    def find(self, doc: Document) -> str | None:
        """Return the id of the indexed first copy that `doc` copies, without indexing `doc`."""
        first = self._first_by_digest.get(content_digest(doc))
        if first is None and doc.text.strip():
            first = self._near_copy_of(doc.id, self.signature(doc))
        return None if first == doc.id else first

    def signature(self, doc: Document) -> LeanMinHash | None:
        """Return the signature this marker indexes `doc` by (to store it for a later run)."""
        return signature(matching_text(doc.text, doc.view), self.num_perm, self.seed)

    def add_signature(self, doc_id: str, digest: str, sketch: LeanMinHash | None) -> None:
        """Index a first copy by id, content hash and signature (e.g. one stored by an earlier run)."""
        self._first_by_digest.setdefault(digest, doc_id)
        if sketch is None:
            return
        if doc_id in self._signatures:
            logger.warning("document id %s is indexed already; its new text is not", doc_id)
            return
        self._lsh.insert(doc_id, sketch)
        self._signatures[doc_id] = sketch
        self._arrival[doc_id] = len(self._arrival)

    def _near_copy_of(self, doc_id: str, sketch: LeanMinHash | None) -> str | None:
        """Return the earliest indexed first copy at least `threshold` similar to `sketch`."""
        if sketch is None:
            return None
        similar = [
            key
            for key in self._lsh.query(sketch)
            if key != doc_id and self._signatures[key].jaccard(sketch) >= self.threshold
        ]
        return min(similar, key=self._arrival.__getitem__, default=None)
