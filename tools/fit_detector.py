"""Fit the ASSAULT / PROTEST detector weights on the development gold and report CV figures.

Usage (from the repository root, with the evaluation data in ../shared/eval):

    python tools/fit_detector.py [--eval ../shared/eval] [--folds 5] [--out src/rasd/extract/model/detector.json]

Training rows are the sentences of `detection_dev.jsonl` (judged yes / easy no / difficult no
for one task), `gsr_dev.jsonl` (hand-coded positives of their own type) and
`negatives_dev.jsonl` (non-conflict news: negative for both types), restricted to sentences
where the lexicon finds a candidate trigger of the type. A sentence with no candidate is
never an event, so it cannot teach the gate anything.

Folds are by sentence text (the same text can appear in two files), so no sentence is
scored by weights fitted on it. The reported figures are out-of-fold: the detection F1 that
`score_detection.py` would compute, and the per-type F1 over gold + negatives that
`score.py` would compute, for the chosen thresholds. Only the fitted weights are written;
the data stays where it is. Needs numpy and scipy (fitting only; rasd itself does not).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from rasd.arabic.normalise import MatchView
from rasd.extract.detector import DETECTED_TYPES, Detector, features
from rasd.extract.events import EventExtractor, read_trigger
from rasd.extract.triggers import EventLexicon
from rasd.model import Document, Provenance, Span

# L2 strength: tried 1, 2 and 5 on 5-fold CV; the out-of-fold figures barely move, 1.0 is
# marginally best without word features.
L2 = 1.0
# Features seen in fewer training sentences carry noise, not evidence.
MIN_COUNT = 2
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def rows(eval_dir: Path) -> list[dict]:
    """Return one row per (sentence, type): features, label, and which scorer judges it."""
    # No weights yet: an empty detector accepts every candidate.
    extractor = EventExtractor(EventLexicon.load(), Detector({}))
    out = []
    records = [(r, "detection") for r in load(eval_dir / "detection_dev.jsonl")]
    records += [(r, "gsr") for r in load(eval_dir / "gsr_dev.jsonl")]
    records += [(r, "negative") for r in load(eval_dir / "negatives_dev.jsonl")]
    for record, kind in records:
        text = record["text"]
        view = MatchView.of(text)
        date = record.get("date")
        doc = Document(
            id=record["id"],
            provenance=Provenance("fit", "jsonl"),
            raw_text=text,
            text=text,
            view=view,
            published=dt.date.fromisoformat(date) if date else None,
        )
        reading = extractor.read_sentences(view, [Span(0, len(text))])[0]
        gold = record.get("gold") or {}
        for event_type in DETECTED_TYPES:
            if kind == "detection":
                if gold["task"] != event_type:
                    continue
                label = gold["label"] == "yes"
            elif kind == "gsr":
                if gold["type"] != event_type:
                    continue  # the other type is not judged on a gsr sentence
                label = True
            else:
                label = False
            candidate = any(
                (r := read_trigger(reading, hit, doc)) is not None and r.type == event_type
                for hit in reading.triggers
                if not hit.value.anaphor
            )
            out.append(
                {
                    "id": record["id"],
                    "group": hashlib.sha1(text.encode()).hexdigest(),
                    "kind": kind,
                    "type": event_type,
                    "label": label,
                    "candidate": candidate,
                    "hard": gold.get("label") == "difficult no",
                    "features": features(reading, event_type) if candidate else [],
                }
            )
    return out


def fit(feature_lists: list[list[str]], labels: list[bool]) -> dict[str, float]:
    """Fit L2-regularised logistic regression; return feature → weight (bias included)."""
    counts = Counter(f for feats in feature_lists for f in feats)
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT or f == "bias"))}
    data, indices, indptr = [], [], [0]
    for feats in feature_lists:
        cols = [vocab[f] for f in feats if f in vocab]
        indices.extend(cols)
        data.extend([1.0] * len(cols))
        indptr.append(len(indices))
    x = sparse.csr_matrix((data, indices, indptr), shape=(len(feature_lists), len(vocab)))
    y = np.array(labels, dtype=float)
    bias = vocab["bias"]
    mask = np.ones(len(vocab))
    mask[bias] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        nll = np.sum(np.logaddexp(0.0, z) - y * z)
        grad = x.T @ (p - y) + L2 * w * mask
        return nll + 0.5 * L2 * float(np.sum(mask * w * w)), grad

    result = minimize(loss, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return {f: round(float(result.x[i]), 4) for f, i in vocab.items() if abs(result.x[i]) >= 1e-3}


def probability(weights: dict[str, float], feats: list[str]) -> float:
    z = sum(weights.get(f, 0.0) for f in feats)
    return float(1.0 / (1.0 + np.exp(-z)))


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate(rows_: list[dict], probs: list[float], threshold: float) -> dict[str, float]:
    """Return out-of-fold detection F1, hard FPR and gold+negatives F1 at `threshold`."""
    det = Counter()
    gsr = Counter()
    for row, p in zip(rows_, probs, strict=True):
        hit = row["candidate"] and p >= threshold
        if row["kind"] == "detection":
            key = "tp" if row["label"] and hit else "fn" if row["label"] else "fp" if hit else "tn"
            det[key] += 1
            if row["hard"]:
                det["hard_n"] += 1
                det["hard_fp"] += hit
        else:
            key = "tp" if row["label"] and hit else "fn" if row["label"] else "fp" if hit else "tn"
            gsr[key] += 1
    return {
        "detectionF1": f1(det["tp"], det["fp"], det["fn"]),
        "hardFPR": det["hard_fp"] / det["hard_n"] if det["hard_n"] else 0.0,
        "goldF1": f1(gsr["tp"], gsr["fp"], gsr["fn"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("src/rasd/extract/model/detector.json"))
    args = parser.parse_args()
    all_rows = rows(args.eval)
    model: dict[str, dict] = {}
    for event_type in DETECTED_TYPES:
        typed = [r for r in all_rows if r["type"] == event_type]
        train = [r for r in typed if r["candidate"]]
        oof = {}
        for fold in range(args.folds):
            held = [r for r in train if int(r["group"], 16) % args.folds == fold]
            rest = [r for r in train if int(r["group"], 16) % args.folds != fold]
            weights = fit([r["features"] for r in rest], [r["label"] for r in rest])
            for r in held:
                oof[id(r)] = probability(weights, r["features"])
        probs = [oof.get(id(r), 0.0) for r in typed]
        scored = {t: evaluate(typed, probs, t) for t in THRESHOLDS}
        # The threshold balances the two scorers: detection F1 (precision on judged
        # sentences) and F1 over gold + negatives (recall on coded events).
        threshold = max(THRESHOLDS, key=lambda t: scored[t]["detectionF1"] + scored[t]["goldF1"])
        print(
            f"{event_type}: out-of-fold ({args.folds}-fold by sentence) at threshold {threshold}: "
            + " ".join(f"{k}={v:.3f}" for k, v in scored[threshold].items())
        )
        weights = fit([r["features"] for r in train], [r["label"] for r in train])
        model[event_type] = {"threshold": threshold, "weights": dict(sorted(weights.items()))}
    payload = {
        "version": 1,
        "about": "Logistic-regression weights for rasd's ASSAULT/PROTEST detector, fitted by "
        "tools/fit_detector.py on the development gold (openeventdata arabic_event_gsr and "
        "UniversalPetrarch validation sentences, MIT; ANT corpus negatives).",
        "types": model,
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
