"""Scale benchmark for analytics.topics: fit time and peak memory on a synthetic corpus.

    python benchmarks/bench_topics.py --n 100000 --words 400 --k 12 [--n-topics auto]

The corpus is generated (no download): ``k`` latent themes, each with its own
vocabulary of 300 pseudo-words drawn with a Zipf law, mixed 50/50 with a shared
background vocabulary of 3,000 pseudo-words and English function words, plus numbers
and punctuation. Each document draws one dominant theme (70 % of its theme words)
and a second one (30 %). This measures the *cost* of the estimator at scale (and the
NMI of the coarse level against the dominant theme as a sanity check); quality on
real news is measured in ``benchmarks/eval/eval_topics.py``. The fit is the two-level
:class:`~analytics.topics.hierarchy.TopicHierarchy` (``--flat``: the one-level
:class:`~analytics.topics.TopicModel`); BLAS is limited to one thread inside it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FUNCTION = ("the of and to a in that is was he for it with as his on be at by had are but "
            "from or have an they which one you were all we her she there would their will "
            "when who him been has more if no out so said what up its about into than them "
            "can only other new some could time these two may then do first any my now such "
            "like our over man me even most made after also did many before must through").split()


def pseudo_words(rng, n, lo=4, hi=10):
    cons, vows = "bcdfghklmnprstvz", "aeiou"
    out = set()
    while len(out) < n:
        m = rng.randint(lo // 2, hi // 2 + 1)
        out.add("".join(rng.choice(list(cons)) + rng.choice(list(vows)) for _ in range(m)))
    return sorted(out)


def make_imbalanced(n, words, weights, theme_frac, seed=0):
    """Themes of unequal size (``weights``) with ``theme_frac`` of theme words per doc."""
    rng = np.random.RandomState(seed)
    k = len(weights)
    vocab = pseudo_words(rng, 300 * k + 3000)
    tv = [vocab[i * 300:(i + 1) * 300] for i in range(k)]
    bg = vocab[300 * k:]
    z = 1.0 / np.arange(1, 301) ** 1.1
    z /= z.sum()
    zb = 1.0 / np.arange(1, len(bg) + 1)
    zb /= zb.sum()
    labels = rng.choice(k, n, p=np.asarray(weights) / np.sum(weights))
    texts = []
    for i in range(n):
        nt = int(words * theme_frac)
        sec = (labels[i] + rng.randint(1, k)) % k
        toks = np.concatenate([
            rng.choice(tv[labels[i]], int(nt * 0.7), p=z),
            rng.choice(tv[sec], nt - int(nt * 0.7), p=z),
            rng.choice(bg, words // 4, p=zb),
            rng.choice(FUNCTION, words - nt - words // 4)])
        rng.shuffle(toks)
        texts.append(" ".join(toks))
    return texts, labels


def make_corpus(n, words, k, seed=0):
    rng = np.random.RandomState(seed)
    vocab = pseudo_words(rng, 300 * k + 3000)
    theme_vocab = [vocab[i * 300:(i + 1) * 300] for i in range(k)]
    background = vocab[300 * k:]
    zipf = 1.0 / np.arange(1, 301) ** 1.1
    zipf /= zipf.sum()
    zb = 1.0 / np.arange(1, len(background) + 1) ** 1.0
    zb /= zb.sum()
    labels = rng.randint(0, k, n)
    second = (labels + rng.randint(1, k, n)) % k
    texts = []
    for i in range(n):
        n_theme = words // 4
        n_main = int(0.7 * n_theme)
        w_main = rng.choice(theme_vocab[labels[i]], n_main, p=zipf)
        w_sec = rng.choice(theme_vocab[second[i]], n_theme - n_main, p=zipf)
        w_bg = rng.choice(background, words // 4, p=zb)
        w_fn = rng.choice(FUNCTION, words - 2 * (words // 4))
        toks = np.concatenate([w_main, w_sec, w_bg, w_fn])
        rng.shuffle(toks)
        toks = toks.tolist()
        for j in range(0, len(toks), 18):
            toks[j] = toks[j].capitalize()
        toks.insert(5, str(rng.randint(1, 2000)))
        texts.append(" ".join(toks).replace(" Th", ". Th"))
    return texts, labels


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--k", type=int, default=12)
    ap.add_argument("--n-topics", default="auto")
    ap.add_argument("--method", default="nmf")
    ap.add_argument("--flat", action="store_true",
                    help="one-level TopicModel instead of themes and stories")
    args = ap.parse_args(argv)
    from sklearn.metrics import normalized_mutual_info_score

    from analytics.topics import TopicModel
    from analytics.topics.hierarchy import TopicHierarchy
    from analytics.topics.vectorize import NewsVectorizer

    t0 = time.time()
    texts, labels = make_corpus(args.n, args.words, args.k)
    t_gen = time.time() - t0
    rss_gen = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n_topics = args.n_topics if args.n_topics == "auto" else int(args.n_topics)
    # the vectoriser alone (tokenising and counting), then the whole fit
    c0 = time.process_time()
    NewsVectorizer().fit_transform(texts)
    c_vec = time.process_time() - c0
    t0, c0 = time.time(), time.process_time()
    if args.flat:
        m = TopicModel(n_topics=n_topics, method=args.method, random_state=0).fit(texts)
        coarse = m.labels_
    else:
        m = TopicHierarchy(n_topics=n_topics, method=args.method, random_state=0).fit(texts)
        coarse = m.theme_labels_
    t_fit, c_fit = time.time() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    nmi = normalized_mutual_info_score(labels, coarse)
    print(f"corpus: {args.n} docs x {args.words} words, {args.k} themes "
          f"(generated in {t_gen:.0f}s, peak RSS after generation {rss_gen:.0f} MiB)")
    print(f"fit ({'flat' if args.flat else 'themes+stories'}, {args.method}, "
          f"n_topics={args.n_topics}): {t_fit:.1f}s wall, {c_fit:.1f}s CPU "
          f"(of which about {c_vec:.1f}s CPU vectorising), peak RSS {rss:.0f} MiB, "
          f"topics={m.n_topics_}, vocabulary={len(m.feature_names_)}, NMI(coarse)={nmi:.3f}")
    scores = m.k_scores_ if args.flat else m.search_
    if scores is not None:
        print(scores.round(3).to_string())


if __name__ == "__main__":
    main()
