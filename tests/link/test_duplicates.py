"""Exact and near-duplicate marking (`rasd.link.duplicates`).

The articles in data/ were written for these tests: one report of a shelling (original), the
same report as another site ran it (rewrite: new opening line, some words changed, agency line
dropped, boilerplate added, digits and spellings varied), another outlet's own report of the same
shelling, another story on the same front, and an unrelated economy story.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash

from rasd.arabic.normalise import MatchView
from rasd.link import DuplicateMarker, duplicates
from rasd.link.duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    NUM_PERM,
    content_digest,
    matching_text,
    shingle_keys,
    signature,
)
from rasd.model import Document, Provenance

DATA = Path(__file__).parent / "data"


def article(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def doc(doc_id: str, text: str, **fields: object) -> Document:
    return Document(id=doc_id, provenance=Provenance(source="-", format="text"), raw_text=text, text=text, **fields)


def similarity(a: str, b: str) -> float:
    sketch_a, sketch_b = signature(matching_text(a)), signature(matching_text(b))
    assert sketch_a is not None and sketch_b is not None
    return sketch_a.jaccard(sketch_b)


ORIGINAL = article("original")
REWRITE = article("rewrite")
SAME_EVENT_OTHER_REPORT = article("same_event_other_report")
SAME_TOPIC = article("same_topic")
UNRELATED = article("unrelated")


def test_rewritten_copy_is_marked_as_a_copy_of_the_first() -> None:
    marked = list(DuplicateMarker()([doc("original", ORIGINAL), doc("rewrite", REWRITE)]))
    assert [d.duplicate_of for d in marked] == [None, "original"]


@pytest.mark.parametrize("other", [SAME_EVENT_OTHER_REPORT, SAME_TOPIC, UNRELATED])
def test_other_articles_on_the_same_topic_are_not_copies(other: str) -> None:
    marked = list(DuplicateMarker()([doc("original", ORIGINAL), doc("other", other)]))
    assert [d.duplicate_of for d in marked] == [None, None]


def test_similarities_fall_on_either_side_of_the_threshold_with_room() -> None:
    assert similarity(ORIGINAL, REWRITE) >= NEAR_DUPLICATE_THRESHOLD + 0.15
    for other in (SAME_EVENT_OTHER_REPORT, SAME_TOPIC, UNRELATED):
        assert similarity(ORIGINAL, other) <= NEAR_DUPLICATE_THRESHOLD - 0.2


def test_spelling_variants_diacritics_and_spacing_are_no_difference() -> None:
    varied = (
        ORIGINAL.replace("أ", "ا").replace("ة ", "ه ").replace("قُتل", "قتل").replace(" ", "  ").replace("٢٠٢٠", "2020")
    )
    assert varied != ORIGINAL
    assert similarity(ORIGINAL, varied) == 1.0


def test_exact_copies_are_found_by_content_hash_without_signing(monkeypatch: pytest.MonkeyPatch) -> None:
    marker = DuplicateMarker()
    first = marker.mark(doc("a", ORIGINAL, content_hash="h1"))
    signed: list[str] = []
    monkeypatch.setattr(duplicates, "signature", lambda matched, *args: signed.append(matched))
    second = marker.mark(doc("b", ORIGINAL, content_hash="h1"))
    assert (first.duplicate_of, second.duplicate_of) == (None, "a")
    assert signed == []


def test_content_digest_falls_back_to_the_sha256_of_the_text() -> None:
    assert content_digest(doc("a", "نص", content_hash="abc")) == "abc"
    assert content_digest(doc("a", "نص")) == hashlib.sha256("نص".encode()).hexdigest()


def test_the_first_seen_copy_wins_and_copies_never_chain() -> None:
    second_rewrite = REWRITE.replace("مقتل مدنيين بقصف", "سقوط ضحايا في قصف").replace("تلغرام", "فيسبوك")
    docs = [doc("original", ORIGINAL), doc("rewrite", REWRITE), doc("rewrite-2", second_rewrite)]
    marked = list(DuplicateMarker()(docs))
    assert [d.duplicate_of for d in marked] == [None, "original", "original"]


def test_exact_copy_of_a_near_copy_points_at_the_first_copy() -> None:
    marker = DuplicateMarker()
    docs = [doc("original", ORIGINAL), doc("rewrite", REWRITE), doc("rewrite-again", REWRITE)]
    assert [marker.mark(d).duplicate_of for d in docs] == [None, "original", "original"]
    assert len(marker) == 1 and "original" in marker and "rewrite" not in marker


def test_streams_lazily() -> None:
    def stream() -> Iterator[Document]:
        yield doc("original", ORIGINAL)
        raise AssertionError("read past the first document")

    assert next(DuplicateMarker()(stream())).id == "original"


def test_marking_is_deterministic() -> None:
    docs = [doc(name, article(name)) for name in ("original", "same_topic", "rewrite", "unrelated")]
    runs = [[d.duplicate_of for d in DuplicateMarker()(docs)] for _ in range(2)]
    assert runs[0] == runs[1] == [None, None, "original", None]
    first, second = (signature(matching_text(ORIGINAL)) for _ in range(2))
    assert first is not None and second is not None
    assert np.array_equal(first.hashvalues, second.hashvalues)


def test_signature_equals_datasketch_minhash_over_the_same_shingles() -> None:
    matched = matching_text(ORIGINAL + SAME_EVENT_OTHER_REPORT + SAME_TOPIC + UNRELATED + REWRITE)
    keys = shingle_keys(matched)
    assert len(keys) > 2 * duplicates._BLOCK  # the blocked loop runs several times
    reference = MinHash(num_perm=NUM_PERM, seed=duplicates.MINHASH_SEED, hashfunc=int)
    reference.update_batch(keys.tolist())
    sketch = signature(matched)
    assert sketch is not None
    assert np.array_equal(sketch.hashvalues, reference.hashvalues)
    assert sketch.jaccard(LeanMinHash(reference)) == 1.0


def test_shingles_are_character_five_grams_of_the_matching_text() -> None:
    assert len(shingle_keys("قصف مدفعي")) == len({"قصف مدفعي"[i : i + 5] for i in range(5)})
    assert len(shingle_keys("قصف")) == 1  # shorter than one shingle: the whole text
    assert len(shingle_keys("")) == 0
    assert matching_text("  قُتِلَ   خمسة\n\nمدنيين ") == "قتل خمسه مدنيين"


def test_matching_text_reuses_the_document_view() -> None:
    view = MatchView.of(ORIGINAL)
    assert matching_text(ORIGINAL, view) == matching_text(ORIGINAL)
    stale = MatchView.of(UNRELATED)
    assert matching_text(ORIGINAL, stale) == matching_text(ORIGINAL)  # a view of other text is ignored


def test_signatures_from_an_earlier_run_are_reusable() -> None:
    earlier = DuplicateMarker()
    original = doc("2021-02-26/original", ORIGINAL)
    assert earlier.mark(original).duplicate_of is None
    sketch = earlier.signature(original)
    assert sketch is not None
    stored = bytearray(sketch.bytesize())
    sketch.serialize(stored)

    later = DuplicateMarker()
    later.add_signature(original.id, content_digest(original), LeanMinHash.deserialize(stored))
    assert later.mark(doc("today/rewrite", REWRITE)).duplicate_of == original.id
    assert later.mark(doc("today/exact", ORIGINAL)).duplicate_of == original.id
    assert later.mark(doc("today/other", SAME_TOPIC)).duplicate_of is None


def test_find_does_not_index() -> None:
    marker = DuplicateMarker()
    marker.mark(doc("original", ORIGINAL))
    assert marker.find(doc("rewrite", REWRITE)) == "original"
    assert marker.find(doc("other", SAME_TOPIC)) is None
    assert len(marker) == 1
    assert marker.mark(doc("other", SAME_TOPIC)).duplicate_of is None
    assert len(marker) == 2


def test_the_same_document_seen_twice_is_not_its_own_copy() -> None:
    marker = DuplicateMarker()
    first = doc("original", ORIGINAL)
    assert marker.mark(first).duplicate_of is None
    assert marker.mark(first).duplicate_of is None
    assert marker.find(first) is None
    edited = dataclasses.replace(first, text=ORIGINAL + "\nتحديث: ارتفع عدد القتلى إلى ستة.")
    assert marker.mark(edited).duplicate_of is None
    assert len(marker) == 1


def test_a_stale_duplicate_of_is_cleared() -> None:
    marked = DuplicateMarker().mark(doc("original", ORIGINAL, duplicate_of="elsewhere"))
    assert marked.duplicate_of is None


@pytest.mark.parametrize("text", ["", "  \n\t"])
def test_empty_articles_are_neither_marked_nor_indexed(text: str) -> None:
    marker = DuplicateMarker()
    marked = [marker.mark(doc(str(i), text)) for i in range(2)]
    assert [d.duplicate_of for d in marked] == [None, None]
    assert len(marker) == 0
