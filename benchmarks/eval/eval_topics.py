"""Evaluate the topics (themes and stories) on corpora read at run time.

    python benchmarks/eval/eval_topics.py [--data ../shared/data] [--skip-speed]

Corpora (texts are read from ``--data`` at run time; none is copied into the
repository):

* ``demo``: the five bundled articles (``seeds/``): number of topics, their labels.
* ``polnear``: ``polnear_train/train.jsonl``, 840 articles on the 2016 US campaign,
  one subject. Paragraph units. Bar: no story holds more than 35 % of the paragraphs,
  no topic term is markup. Used to tune the grain rules (see benchmarks/TOPICS.md).
* ``persent``: ``persent/dev.jsonl``, 575 articles on varied subjects. The 258 whose
  headline says their section were hand-labelled from the headline
  (``topics_persent_sections.tsv``: id, section; 7 sections). Document units; NMI of the
  themes (automatic grain) and of the topics with ``n_topics=7`` against the sections.
  **Held out**: never used to tune.
* ``bbclike``: a BBC-like mixed corpus (``topics_bbclike.yaml``, written for this
  repository): 300 short articles drawn with a fixed seed in five sections with BBC's
  proportions (business, entertainment, politics, sport, tech), four stories each, every
  article mixing sentences of its story, of its section, of a pool shared by all
  sections and (up to two) of another section. Document units; NMI of the themes (automatic grain) and of the topics with
  ``n_topics=5`` against the sections, and of the topics against the stories.
  **Held out**: never used to tune.
* ``speed``: 2,000 articles (polnear + persent + GMB sentences bundled ten at a time),
  document units: seconds (wall and CPU: on a busy machine the CPU time is the figure
  to compare) for the vocabulary, the automatic search and the fit, with BLAS limited
  to one thread inside the fit.

Prints one JSON object per corpus.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.metrics import normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from analytics.corpus.load import load_corpus
from analytics.corpus.prepare import prepare_documents
from analytics.topics import topic_tables

HERE = Path(__file__).resolve().parent
MARKUP = re.compile(r"tweet|datetime|https?|twitter|\bcom\b|\bpic\b|\bauthor\b|\bid\b")


def _prepare(frame: pd.DataFrame):
    docs, _, paras, _ = prepare_documents(load_corpus(frame))
    return docs, paras


def _jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def demo() -> dict:
    docs, paras = _prepare(load_corpus(None))
    out = topic_tables(paras, None, documents=docs)
    return {"corpus": "demo", "themes": len(out["topic_themes"]), "topics": len(out["topics"]),
            "labels": out["topics"]["label"].tolist()}


def polnear(data: Path) -> dict:
    rows = _jsonl(data / "polnear_train" / "train.jsonl")
    frame = pd.DataFrame({"id": [r["id"] for r in rows], "text": [r["text"] for r in rows],
                          "date": [r["date"] for r in rows],
                          "outlet": [r["publisher"] for r in rows]})
    docs, paras = _prepare(frame)
    t0 = time.perf_counter()
    out = topic_tables(paras, None, documents=docs)
    secs = time.perf_counter() - t0
    a = out["topic_assignments"]
    shares = a.loc[a["topic"] >= 0, "topic"].value_counts(normalize=True)
    terms = [t for row in out["topics"]["top_terms"] for t in row]
    return {"corpus": "polnear", "paragraphs": int(len(a)), "seconds": round(secs, 1),
            "themes": len(out["topic_themes"]), "topics": len(out["topics"]),
            "largest_story_share": round(float(shares.max()), 3),
            "markup_terms": sorted({t for t in terms if MARKUP.search(t)}),
            "theme_labels": out["topic_themes"]["label"].tolist(),
            "topics_table": out["topics"][["topic", "theme", "size", "label"]]
            .to_dict("records"),
            "trend_periods": int(out["topic_trends"]["period"].nunique()),
            "outlets": int(out["topic_outlets"]["outlet"].nunique())}


def persent(data: Path) -> dict:
    rows = _jsonl(data / "persent" / "dev.jsonl")
    gold = pd.read_csv(HERE / "topics_persent_sections.tsv", sep="\t", dtype={"id": str})
    frame = pd.DataFrame({"id": [str(r["id"]) for r in rows],
                          "text": [r["document"] for r in rows]})
    docs, paras = _prepare(frame)
    res: dict = {"corpus": "persent", "documents": int(docs["doc_id"].nunique()),
                 "labelled": int(len(gold))}
    for name, kw in (("auto", {}), ("k=7", {"n_topics": 7})):
        t0 = time.perf_counter()
        out = topic_tables(paras, None, documents=docs, unit="document", **kw)
        secs = time.perf_counter() - t0
        a = out["topic_assignments"].drop_duplicates("doc_id").astype({"doc_id": str})
        m = gold.merge(a, left_on="id", right_on="doc_id")
        res[name] = {
            "seconds": round(secs, 1), "themes": len(out["topic_themes"]),
            "topics": len(out["topics"]),
            "nmi_themes": round(normalized_mutual_info_score(m["section"], m["theme"]), 3),
            "nmi_topics": round(normalized_mutual_info_score(m["section"], m["topic"]), 3),
            "theme_labels": out["topic_themes"]["label"].tolist(),
        }
    return res


#: Articles per section in the BBC collection (2,225 articles), scaled to ``bbclike``.
BBC_SECTIONS = {"business": 510, "entertainment": 386, "politics": 417, "sport": 511,
                "tech": 401}


def bbclike_corpus(n: int = 300, seed: int = 0) -> pd.DataFrame:
    """The ``bbclike`` articles: ``id, text, section, story`` (deterministic for ``seed``)."""
    spec = yaml.safe_load((HERE / "topics_bbclike.yaml").read_text(encoding="utf-8"))
    slots, shared = spec["slots"], spec["shared"]
    rng = np.random.RandomState(seed)
    names = sorted(BBC_SECTIONS)
    p = np.array([BBC_SECTIONS[s] for s in names], dtype=float)
    p /= p.sum()

    def fill(sentence: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(rng.choice(slots[m.group(1)])), sentence)

    rows = []
    for i in range(n):
        section = names[rng.choice(len(names), p=p)]
        sec = spec["sections"][section]
        story = sorted(sec["stories"])[rng.randint(len(sec["stories"]))]
        other = names[(names.index(section) + rng.randint(1, len(names))) % len(names)]
        pools = (sec["stories"][story], sec["general"], shared,
                 spec["sections"][other]["general"])
        counts = (rng.randint(4, 7), rng.randint(1, 4), rng.randint(1, 3), rng.randint(0, 3))
        sents = [s for pool, c in zip(pools, counts)
                 for s in rng.choice(pool, min(c, len(pool)), replace=False)]
        rng.shuffle(sents)
        paras = [" ".join(fill(s) for s in sents[j:j + 3]) for j in range(0, len(sents), 3)]
        rows.append({"id": f"bbc{i:04d}", "text": "\n\n".join(paras), "section": section,
                     "story": f"{section}/{story}"})
    return pd.DataFrame(rows)


def bbclike() -> dict:
    corpus = bbclike_corpus()
    docs, paras = _prepare(corpus[["id", "text"]])
    res: dict = {"corpus": "bbclike", "documents": int(len(corpus)),
                 "sections": corpus["section"].value_counts().to_dict()}
    for name, kw in (("auto", {}), ("k=5", {"n_topics": 5})):
        t0 = time.perf_counter()
        out = topic_tables(paras, None, documents=docs, unit="document", **kw)
        secs = time.perf_counter() - t0
        a = out["topic_assignments"].drop_duplicates("doc_id").astype({"doc_id": str})
        m = corpus.merge(a, left_on="id", right_on="doc_id")
        res[name] = {
            "seconds": round(secs, 1), "themes": len(out["topic_themes"]),
            "topics": len(out["topics"]),
            "nmi_themes": round(normalized_mutual_info_score(m["section"], m["theme"]), 3),
            "nmi_topics": round(normalized_mutual_info_score(m["section"], m["topic"]), 3),
            "nmi_topics_stories": round(normalized_mutual_info_score(m["story"], m["topic"]),
                                        3),
            "theme_labels": out["topic_themes"]["label"].tolist(),
            "topic_labels": out["topics"]["label"].tolist(),
        }
    return res


def speed(data: Path, n: int = 2000) -> dict:
    texts = [r["text"] for r in _jsonl(data / "polnear_train" / "train.jsonl")]
    texts += [r["document"] for r in _jsonl(data / "persent" / "dev.jsonl")]
    sents = [" ".join(r["tokens"]) for r in _jsonl(data / "gmb_ner" / "gmb_ner.jsonl")]
    i = 0
    while len(texts) < n:
        texts.append(" ".join(sents[i:i + 10]))
        i += 10
    frame = pd.DataFrame({"id": [f"{j:05d}" for j in range(n)], "text": texts[:n]})
    docs, paras = _prepare(frame)
    t0, c0 = time.perf_counter(), time.process_time()
    out = topic_tables(paras, None, unit="document")
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"corpus": "speed", "articles": n, "seconds": round(secs, 2),
            "cpu_seconds": round(cpu, 2),
            "themes": len(out["topic_themes"]), "topics": len(out["topics"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(HERE.parents[2] / "shared" / "data"))
    ap.add_argument("--only", nargs="*", default=["demo", "polnear", "persent", "bbclike", "speed"])
    args = ap.parse_args()
    data = Path(args.data)
    warnings.simplefilter("ignore")
    for name in args.only:
        res = {"demo": demo, "polnear": lambda: polnear(data), "persent": lambda: persent(data),
               "bbclike": bbclike, "speed": lambda: speed(data)}[name]()
        print(json.dumps(res, default=lambda o: o.item() if isinstance(o, np.generic) else str(o)),
              flush=True)


if __name__ == "__main__":
    main()
