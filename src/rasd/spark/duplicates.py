"""Duplicate marking as a distributed step, with the single-process marker's outcome.

`rasd.link.duplicates.DuplicateMarker` reads documents in arrival order: an exact copy (same
content hash) or a near copy (a MinHash LSH candidate whose estimated Jaccard similarity is
at least the threshold) of an earlier *first copy* is marked with the earliest such first
copy; anything else becomes a first copy. Here the same decision is made without bringing
documents to the driver:

1. exact copies: group by content hash; the earliest document of each hash represents it;
2. LSH: every representative's signature is cut into the marker's bands (same rows per band
   as its `MinHashLSH`), grouped by (band, values): documents sharing a bucket are candidates;
3. candidate pairs are confirmed on the estimated similarity, as the marker confirms them;
4. the confirmed pairs (two ids each, never texts or signatures) are streamed to the driver
   in arrival order of their later member, where "earliest first copy wins" is one pass;
5. an exact copy follows its representative: copy of it when it is a first copy, else copy
   of the first copy it copies (the marker records exactly that for the content hash).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import combinations

import numpy as np
from datasketch import MinHashLSH
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, BinaryType, IntegerType, LongType, StructField, StructType

from rasd.link.duplicates import LSH_WEIGHTS, NEAR_DUPLICATE_THRESHOLD, NUM_PERM

COPIES_SCHEMA = StructType([StructField("id", LongType(), False), StructField("first_id", LongType(), False)])
PAIRS_SCHEMA = StructType([StructField("later", LongType(), False), StructField("earlier", LongType(), False)])
BUCKET = StructType([StructField("band", IntegerType()), StructField("values", BinaryType())])


@cache
def band_ranges(threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) signature slices of the marker's LSH bands."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return tuple((band * lsh.r, (band + 1) * lsh.r) for band in range(lsh.b))


def band_keys(hashvalues: bytes | None) -> list[tuple[int, bytes]]:
    """Return (band, values) for every LSH band of a signature (none without a signature)."""
    if hashvalues is None:
        return []
    width = np.dtype(np.uint32).itemsize
    return [(band, hashvalues[start * width : end * width]) for band, (start, end) in enumerate(band_ranges())]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures, as `LeanMinHash.jaccard` computes it."""
    left, right = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.float64(np.count_nonzero(left == right)) / np.float64(len(left)))


def _bucket_pairs(members: Iterable[tuple[int, str, bytes]]) -> Iterator[tuple[int, int]]:
    """Yield (later id, earlier id) for the confirmed near copies among one bucket's members."""
    ordered = sorted(members)
    for (early, early_doc, early_sig), (late, late_doc, late_sig) in combinations(ordered, 2):
        if early_doc != late_doc and similarity(early_sig, late_sig) >= NEAR_DUPLICATE_THRESHOLD:
            yield late, early


def near_copy_pairs(representatives: DataFrame) -> DataFrame:
    """Return the distinct confirmed pairs (later, earlier) among (id, doc_id, hashvalues) rows."""
    keys = F.udf(band_keys, ArrayType(BUCKET), useArrow=False)
    buckets = (
        representatives.where(F.col("hashvalues").isNotNull())
        .select("id", "doc_id", "hashvalues", F.explode(keys("hashvalues")).alias("bucket"))
        .groupBy("bucket")
        .agg(F.collect_list(F.struct("id", "doc_id", "hashvalues")).alias("members"))
        .where(F.size("members") > 1)
    )
    pairs = buckets.select("members").rdd.flatMap(
        lambda row: _bucket_pairs((m["id"], m["doc_id"], bytes(m["hashvalues"])) for m in row["members"])
    )
    return representatives.sparkSession.createDataFrame(pairs, PAIRS_SCHEMA).distinct()


def earliest_first_copies(pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Yield (copy id, first-copy id) from confirmed pairs sorted by (later, earlier).

    A document is a copy of its earliest neighbour that is a first copy; one none of whose
    earlier neighbours is a first copy is a first copy itself. Sorted input means every
    neighbour's standing is known before the document's own is decided.
    """
    copy_of: dict[int, int] = {}
    current: int | None = None
    decided = False
    for later, earlier in pairs:
        if later != current:
            current, decided = later, False
        if decided or earlier in copy_of:
            continue
        copy_of[later] = earlier
        decided = True
        yield later, earlier


def mark_copies(session: SparkSession, documents: DataFrame) -> DataFrame:
    """Return (id, duplicate_of) for every copy among (id, doc_id, content_hash, hashvalues) rows."""
    by_hash = documents.groupBy("content_hash").agg(F.min("id").alias("representative"))
    with_rep = documents.join(by_hash, "content_hash")
    representatives = with_rep.where(F.col("id") == F.col("representative")).select("id", "doc_id", "hashvalues")
    pairs = near_copy_pairs(representatives).orderBy("later", "earlier")
    near = session.createDataFrame(
        list(earliest_first_copies((row["later"], row["earlier"]) for row in pairs.toLocalIterator())),
        COPIES_SCHEMA,
    )
    # Each representative's first copy: the one it nearly copies, else itself.
    first_of_rep = (
        representatives.select(F.col("id").alias("representative"))
        .join(near.withColumnRenamed("id", "representative"), "representative", "left")
        .select("representative", F.coalesce("first_id", "representative").alias("first_id"))
    )
    exact = (
        with_rep.where(F.col("id") != F.col("representative"))
        .join(first_of_rep, "representative")
        .select("id", "first_id")
    )
    names = documents.select(F.col("id").alias("first_id"), F.col("doc_id").alias("duplicate_of"))
    copies = near.unionByName(exact).join(names, "first_id").select("id", "duplicate_of")
    # A copy under its own id is no copy to the marker (the same file given twice).
    own = documents.select("id", F.col("doc_id").alias("own"))
    return copies.join(own, "id").where(F.col("own") != F.col("duplicate_of")).select("id", "duplicate_of")
