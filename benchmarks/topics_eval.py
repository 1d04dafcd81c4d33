"""Quality evaluation of analytics.topics (NMI against known sections).

    python benchmarks/topics_eval.py [--fortunes DIR] [--methods nmf,kmeans,lda]

Corpora (nothing is downloaded at run time):

A. ``hand``: the hand-written 5-section corpus of short news paragraphs in
   ``tests/fixtures/topics_corpus.py`` (50 paragraphs). Also used to tune the k score,
   so it is *not* held out.
B. ``fortunes-docs``: real texts written by others, grouped in topical categories: the
   Debian ``fortunes`` package (``apt-get download fortunes && dpkg -x fortunes_*.deb
   DIR``), categories computers, food, law, medicine, politics, science, sports,
   education, love. To mimic "articles in sections", consecutive fortunes of one
   category are bundled 8 at a time into one document (~150-400 words); documents
   are clustered and compared with their category. Held out (never used for tuning).
C. ``fortunes-short``: the same fortunes one at a time (very short, noisy texts).
D. ``synthetic-K-F``: ``bench_topics.make_imbalanced``: 2,000 documents of 300
   pseudo-words, K themes of unequal sizes, F = share of theme words per document.

For every corpus and method: NMI with ``n_topics="auto"`` (and the k chosen) and
with the true k. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

CATEGORIES = ("computers", "food", "law", "medicine", "politics", "science", "sports",
              "education", "love")


def hand_corpus():
    from fixtures.topics_corpus import corpus

    return corpus()


def read_fortunes(directory: Path, bundle: int):
    texts, labels = [], []
    for cat in CATEGORIES:
        f = directory / cat
        if not f.exists():
            continue
        items = [t.strip() for t in f.read_text("latin-1").split("\n%\n") if t.strip()]
        items = [" ".join(t.split()) for t in items]
        if bundle > 1:
            items = [" ".join(items[i:i + bundle]) for i in range(0, len(items) - bundle + 1, bundle)]
        texts += items
        labels += [cat] * len(items)
    return texts, labels


def evaluate(name, texts, labels, methods, out):
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from analytics.topics import TopicModel

    k_true = len(set(labels))
    for method in methods:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.time()
            auto = TopicModel(method=method, random_state=0).fit(texts)
            t_auto = time.time() - t0
            fixed = TopicModel(n_topics=k_true, method=method, random_state=0).fit(texts)
        row = (name, len(texts), k_true, method, auto.n_topics_,
               nmi(labels, auto.labels_), nmi(labels, fixed.labels_), t_auto)
        out.append(row)
        print("| %s | %d | %d | %s | %d | %.3f | %.3f | %.1f |" % row, flush=True)
        if method == "nmf":
            for r in fixed.topics_.itertuples():
                print(f"|   | topic {r.topic} | {r.size} | {r.label} | | | | |")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--fortunes", type=Path, default=Path("/tmp/fortunes/root/usr/share/games/fortunes"))
    ap.add_argument("--methods", default="nmf,kmeans,lda")
    args = ap.parse_args(argv)
    methods = args.methods.split(",")
    out: list = []
    print("| corpus | texts | true k | method | auto k | NMI auto | NMI true k | fit s (auto) |")
    print("|---|---|---|---|---|---|---|---|")
    texts, labels = hand_corpus()
    evaluate("hand", texts, labels, methods, out)
    if args.fortunes.exists():
        texts, labels = read_fortunes(args.fortunes, bundle=8)
        evaluate("fortunes-docs", texts, labels, methods, out)
        texts, labels = read_fortunes(args.fortunes, bundle=1)
        evaluate("fortunes-short", texts, labels, methods, out)
    else:
        print(f"(fortunes not found at {args.fortunes}: corpora B and C skipped)")
    from bench_topics import make_imbalanced

    for weights, frac in (([.4, .25, .15, .1, .1], 0.15), ([1 / 6] * 6, 0.08),
                          ([.55, .25, .1, .1], 0.10)):
        texts, labels = make_imbalanced(2000, 300, weights, frac)
        evaluate(f"synthetic-{len(weights)}-{frac}", texts, list(labels), ["nmf"], out)


if __name__ == "__main__":
    main()
