"""The distributed duplicate step decides as the single-process marker does."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'rasd[spark]')")

from datasketch import MinHashLSH

from rasd.link.duplicates import LSH_WEIGHTS, NEAR_DUPLICATE_THRESHOLD, NUM_PERM, matching_text, signature
from rasd.spark.duplicates import band_keys, earliest_first_copies, similarity

REPORT = (
    "قالت وزارة الصحة في غزة إن ٢٣ فلسطينياً قتلوا وأصيب العشرات في غارات إسرائيلية استهدفت منازل في "
    "مخيم جباليا شمالي القطاع فجر اليوم، فيما أعلن الجيش الإسرائيلي أنه استهدف مواقع لحركة حماس. "
    "وأضافت الوزارة أن فرق الإسعاف ما زالت تبحث عن مفقودين تحت الأنقاض، وسط نقص حاد في الوقود والمعدات."
)


def edited(text: str, changes: int, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(["أمريكي", "أميركي", "الاحتلال", "مسؤولون", "٢٠٢٤"])
    return " ".join(words)


def test_bands_propose_exactly_the_candidates_the_marker_lsh_proposes() -> None:
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    texts = [edited(REPORT, changes, seed) for seed, changes in enumerate((0, 3, 8, 15, 25, 40))]
    sketches = [signature(matching_text(text)) for text in texts]
    for i, sketch in enumerate(sketches):
        lsh.insert(i, sketch)
    keys = [set(band_keys(sketch.hashvalues.tobytes())) for sketch in sketches]
    for i, sketch in enumerate(sketches):
        ours = {j for j in range(len(texts)) if keys[i] & keys[j]}
        assert ours == set(lsh.query(sketch))
        for other in sketches:
            assert similarity(sketch.hashvalues.tobytes(), other.hashvalues.tobytes()) == sketch.jaccard(other)


def test_a_copy_of_a_copy_is_not_chained_to_it() -> None:
    # 1 copies 0; 2 is near 1 only: 1 is no first copy, so 2 starts a story of its own;
    # 3 is near 2 and 0: the earliest first copy, 0, wins.
    pairs = sorted([(1, 0), (2, 1), (3, 0), (3, 2)])
    assert dict(earliest_first_copies(pairs)) == {1: 0, 3: 0}


def test_later_copies_all_point_at_the_earliest_first_copy() -> None:
    pairs = sorted([(5, 2), (5, 4), (7, 2), (7, 4), (7, 5), (4, 2)])
    assert dict(earliest_first_copies(pairs)) == {4: 2, 5: 2, 7: 2}


def test_no_signature_has_no_bands() -> None:
    assert band_keys(None) == []
