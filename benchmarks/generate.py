"""Generate news-like corpora of any size for benchmarks.

The generator writes articles of about ``--words`` words with the structure of real
web news: a headline, body paragraphs with direct and reported speech, leaders named
in several ways (full name, surname, title, role), a few topical threads, and the
boilerplate the cleaner must remove (cookie notices, "Loading...", photo credits,
video timestamps). It is deterministic for a given ``--seed``.

Usage::

    python benchmarks/generate.py --docs 10000 --out benchmarks/_corpora/10k.jsonl
    python benchmarks/generate.py --docs 1000 --format dir --out benchmarks/_corpora/1k
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

LEADERS = [
    ("Keir Starmer", "Starmer", "the Prime Minister", "Sir Keir", "he"),
    ("Donald Trump", "Trump", "the US president", "Mr Trump", "he"),
    ("Volodymyr Zelensky", "Zelensky", "the Ukrainian president", "Mr Zelenskyy", "he"),
    ("Vladimir Putin", "Putin", "the Russian leader", "Mr Putin", "he"),
    ("Emmanuel Macron", "Macron", "the French president", "Mr Macron", "he"),
    ("Friedrich Merz", "Merz", "the German chancellor", "Mr Merz", "he"),
    ("Ursula von der Leyen", "von der Leyen", "the Commission president", "Ms von der Leyen",
     "she"),
    ("Giorgia Meloni", "Meloni", "the Italian prime minister", "Ms Meloni", "she"),
    ("Mark Rutte", "Rutte", "the Nato secretary-general", "Mr Rutte", "he"),
    ("Rachel Reeves", "Reeves", "the Chancellor", "Ms Reeves", "she"),
]
THREADS = {
    "security": [
        "security guarantees for Ukraine", "a peacekeeping force", "the coalition of the "
        "willing", "British troops on the ground", "air defence systems", "a ceasefire line",
    ],
    "economy": [
        "trade tariffs", "the minerals deal", "defence spending", "the aid budget",
        "energy prices", "sanctions on Russian oil",
    ],
    "diplomacy": [
        "peace talks in Riyadh", "a summit in Paris", "the G7 communique", "a phone call",
        "direct negotiations", "the Munich Security Conference",
    ],
    "domestic": [
        "the spending review", "the NHS waiting lists", "migration figures",
        "the local elections", "a cabinet reshuffle", "the budget statement",
    ],
}
SPEECH = ["said", "told reporters", "added", "insisted", "warned", "argued", "stated"]
REPORTED = [
    "{a} reiterated the commitment to {t}.",
    "{a} refused to approve {t}, officials said.",
    "{a} has urged allies to step up on {t}.",
    "{a} criticised {b} over {t}.",
    "{a} praised {b} for the progress on {t}.",
    "{a} accused {b} of playing games over {t}.",
    "{a} and {b} discussed {t} on {d}.",
    "{a} said there could be no agreement on {t} without Europe.",
]
QUOTES = [
    "We will keep up the pressure and stand by our partners on {t}",
    "There is no alternative to {t}, and the world is watching",
    "I do not accept that {t} is off the table",
    "This is a decisive moment for {t} and for our security",
    "Nobody wants {t} to fail, but we must be realistic",
]
BOILER = [
    ["Loading...", "Loading..."],
    ["Photo credit: Jane Doe/Agency"],
    ["Please use Chrome browser for a more accessible video player", "1:24"],
    ["Share it:"],
    ["Spreaker", "This content is provided by Spreaker, which may be using cookies and "
     "other technologies.", "To show you this content, we need your permission to use "
     "cookies."],
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "The talks come at a delicate moment for European governments.",
    "Officials expect further meetings in the coming weeks.",
    "Analysts said the outcome remained uncertain.",
    "The announcement followed weeks of speculation in several capitals.",
    "Critics argued that the plan lacked detail and funding.",
    "Markets reacted calmly to the news on {d}.",
]


def _name(rng: random.Random, leader: tuple, first: bool) -> str:
    full, surname, role, title, _ = leader
    if first:
        return full
    return rng.choice([surname, surname, title, role.capitalize() if False else role, surname])


def article(i: int, rng: random.Random, words: int = 400) -> dict:
    """Return one synthetic article record (id, title, date, outlet, text)."""
    thread = rng.choice(sorted(THREADS))
    cast = rng.sample(LEADERS, k=3)
    seen: set[str] = set()
    paras: list[str] = []
    if rng.random() < 0.4:
        paras += rng.choice(BOILER)
    n = 0
    while n < words:
        a, b = rng.sample(cast, 2)
        an = _name(rng, a, a[0] not in seen)
        seen.add(a[0])
        bn = _name(rng, b, b[0] not in seen)
        seen.add(b[0])
        t = rng.choice(THREADS[thread] if rng.random() < 0.8 else THREADS[rng.choice(
            sorted(THREADS))])
        d = rng.choice(DAYS)
        kind = rng.random()
        if kind < 0.35:
            q = rng.choice(QUOTES).format(t=t)
            para = f"\u201c{q},\u201d {an} {rng.choice(SPEECH)} on {d}."
        elif kind < 0.8:
            para = rng.choice(REPORTED).format(a=an[0].upper() + an[1:], b=bn, t=t, d=d)
            para += " " + rng.choice(FILLER).format(d=d)
        else:
            para = rng.choice(FILLER).format(d=d) + " " + rng.choice(FILLER).format(d=d)
        paras.append(para)
        n += len(para.split())
        if rng.random() < 0.08:
            paras.append(f"{t.capitalize()} in focus")
    title = f"{cast[0][1]} and {cast[1][1]} clash over {rng.choice(THREADS[thread])}"
    return {"id": f"doc{i:07d}", "title": title,
            "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "outlet": rng.choice(["Daily Post", "The Ledger", "Evening Wire", "Herald"]),
            "section": thread, "text": "\n".join(paras)}


def generate(n_docs: int, out: Path, *, fmt: str = "jsonl", seed: int = 0,
             words: int = 400) -> Path:
    """Write ``n_docs`` articles to ``out`` as JSONL, CSV, Parquet or a folder of .txt."""
    rng = random.Random(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "dir":
        out.mkdir(parents=True, exist_ok=True)
        for i in range(n_docs):
            rec = article(i, rng, words)
            (out / f"{rec['id']}.txt").write_text(rec["title"] + "\n" + rec["text"],
                                                  encoding="utf-8")
        return out
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as fh:
            for i in range(n_docs):
                fh.write(json.dumps(article(i, rng, words), ensure_ascii=False) + "\n")
        return out
    import pandas as pd

    df = pd.DataFrame([article(i, rng, words) for i in range(n_docs)])
    if fmt == "csv":
        df.to_csv(out, index=False)
    else:
        df.to_parquet(out, index=False)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--docs", type=int, default=1000)
    p.add_argument("--words", type=int, default=400)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--format", choices=["jsonl", "csv", "parquet", "dir"], default="jsonl")
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args()
    print(generate(a.docs, a.out, fmt=a.format, seed=a.seed, words=a.words))


if __name__ == "__main__":
    main()
