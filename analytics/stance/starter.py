"""A starter issue list drafted from a corpus (``analytics issues --init SOURCE``).

The draft lists the corpus's key phrases (collocations found in at least two documents,
names of people, offices and places left out), grouped by the topic whose top terms
hold them, most widespread first. Each becomes one issue with the phrase as its trigger;
the user keeps the policy questions, writes what "support" means, and adds synonyms,
``against`` phrases and anaphors (format: ``docs/issues.md``). The draft always loads
with :func:`analytics.stance.load_issues`.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["draft_issues", "issues_template"]

_SLUG_RE = re.compile(r"[^a-z0-9]+")
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def _slug(phrase: str, taken: set[str]) -> str:
    base = _SLUG_RE.sub("_", phrase.lower()).strip("_")[:40] or "issue"
    if not base[0].isalpha():
        base = "issue_" + base
    slug, k = base, 2
    while slug in taken:
        slug, k = f"{base}_{k}", k + 1
    taken.add(slug)
    return slug


def _pattern(phrase: str) -> str:
    """The trigger pattern of a phrase: words as written, a plural last word matches
    its singular too ("identity cards" -> "identity card*")."""
    words = phrase.lower().split()
    last = words[-1]
    if len(last) > 4 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        words[-1] = last[:-1] + "*"
    return " ".join(words)


def _is_name(phrase: str, texts: list[str]) -> bool:
    """Mostly written in capitals ("Home Secretary", "Donald Trump"), or ending in a
    word always written in capitals ("leader Charles"): a person, office or place, not
    a policy question."""
    rx = re.compile(r"(?<![\w])" + r"[\s\-]+".join(re.escape(w) for w in phrase.split())
                    + r"(?![\w])", re.IGNORECASE)
    titled = lower_last = total = 0
    for t in texts:
        for m in rx.finditer(t):
            words = _WORD_RE.findall(m.group(0))
            total += 1
            titled += all(w[0].isupper() for w in words)
            lower_last += bool(words) and words[-1][0].islower()
    return total > 0 and (2 * titled > total or lower_last == 0)


def _key_phrases(texts: list[str]) -> list[tuple[str, int]]:
    """(surface, number of documents) of the corpus's multi-word collocations."""
    from ..topics.analyzer import NewsAnalyzer, news_stopwords
    from ..topics.phrases import detect_phrases

    _phrases, display = detect_phrases(NewsAnalyzer(news_stopwords()), texts, min_count=2)
    lows = [t.lower() for t in texts]
    out = []
    for key, surface in display.items():
        if " " not in key:
            continue
        phrase = " ".join(surface.split())
        n_docs = sum(1 for t in lows if phrase.lower() in t)
        if n_docs >= 2 and not _is_name(phrase, texts):
            out.append((phrase, n_docs))
    out.sort(key=lambda x: (-x[1], x[0].lower()))
    return out


def _topic_terms(paragraphs: pd.DataFrame, documents: pd.DataFrame) -> list[list[str]]:
    """Top terms of each topic (empty when the corpus is too small for topics)."""
    import warnings

    from ..topics import topic_tables

    try:
        with warnings.catch_warnings():  # a small corpus gets fewer topics: fine here
            warnings.simplefilter("ignore")
            found = topic_tables(paragraphs, None, documents=documents)
    except ValueError:
        return []
    out = []
    for terms in found["topics"]["top_terms"]:
        out.append([str(t) for t in (terms if isinstance(terms, (list, tuple)) else
                                     str(terms).split(", "))])
    return out


def issues_template(documents: pd.DataFrame, paragraphs: pd.DataFrame, *,
                    n_issues: int = 12, source: str = "") -> str:
    """A starter issue file (YAML text) from a prepared corpus.

    Parameters
    ----------
    documents : pandas.DataFrame
        The ``documents`` table (``doc_id``, ``status``, ``text``).
    paragraphs : pandas.DataFrame
        The ``paragraphs`` table (for the topics).
    n_issues : int, default 12
        At most this many issues.
    source : str
        The corpus, named in the header.

    Returns
    -------
    str
        YAML that :func:`analytics.stance.load_issues` reads; a commented example
        issue when the corpus has no key phrase.
    """
    ok = documents[documents["status"] == "ok"] if "status" in documents.columns else documents
    texts = [str(t) for t in ok["text"]]
    phrases = _key_phrases(texts) if texts else []
    topics = _topic_terms(paragraphs, documents) if phrases else []
    group: dict[str, int] = {}
    for k, terms in enumerate(topics):
        for t in terms:
            group.setdefault(t.lower(), k)
    chosen = phrases[:n_issues]
    chosen.sort(key=lambda x: (group.get(x[0].lower(), len(topics)), -x[1], x[0].lower()))
    lines = [
        f"# Starter issue list for {source or 'the corpus'}, drafted by `analytics issues "
        f"--init` from {len(texts)} document{'s' if len(texts) != 1 else ''}.",
        "#",
        "# Each issue below is a key phrase of the corpus (found in at least two documents;",
        "# names of people, offices and places left out), grouped by topic. Keep the",
        "# policy questions, delete the rest, and for each one: write in 'description' what",
        "# supporting it means, add synonyms to 'terms', phrases that go against it (\"lift",
        "# the embargo\", \"repeal the ban\") to 'against', and generic references (\"the",
        "# plans\", \"the bill\") to 'anaphors'. Format and worked examples: docs/issues.md.",
        "# Then: analytics analyze SOURCE --issues THIS_FILE --out DIR",
        "",
        "issues:",
    ]
    taken: set[str] = set()
    last_group = None
    for phrase, n_docs in chosen:
        g = group.get(phrase.lower(), len(topics))
        if g != last_group:
            lines.append(f"  # topic {g + 1}: " + ", ".join(topics[g][:8]) if g < len(topics)
                         else "  # other key phrases")
            last_group = g
        lines += [
            f"  - id: {_slug(phrase, taken)}",
            f"    label: {_yaml_str(phrase)}",
            f"    description: {_yaml_str(f'TODO: what supporting {phrase} means')}"
            f"  # in {n_docs} documents",
            "    terms:",
            f"      - {_yaml_str(_pattern(phrase))}",
            "    against: []",
            "    anaphors: []",
        ]
    if not chosen:
        lines[-1] = "issues:  # no key phrase found in two documents or more; an example:"
        lines += ["  - id: example_issue", "    label: Example issue",
                  "    description: What supporting the issue means.",
                  "    terms:", "      - example phrase"]
    return "\n".join(lines) + "\n"


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (safe for any phrase)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draft_issues(source: Any = None, *, n_issues: int = 12, **options: Any) -> str:
    """Load and prepare ``source`` as :func:`analytics.analyze` does, and draft a starter
    issue list from it (:func:`issues_template`).

    Parameters
    ----------
    source : path, DataFrame or iterable of str
        As for :func:`analytics.analyze`.
    n_issues : int, default 12
        At most this many issues.
    **options
        The input options of :class:`analytics.Options` (``text_column``,
        ``id_column``, ``columns``, ``encoding``, ``boilerplate``, ``max_chars``,
        ``languages``).

    Returns
    -------
    str
        The YAML text.

    Raises
    ------
    analytics.errors.InputError
        When the source cannot be read (as :func:`analytics.analyze`).
    """
    from ..corpus.clean import load_rules
    from ..corpus.load import load_corpus
    from ..corpus.prepare import prepare_documents
    from ..options import Options

    opts = Options.from_keywords(options, caller="draft_issues")
    corpus = load_corpus(source, text_column=opts.text_column, id_column=opts.id_column,
                         columns=opts.columns, encoding=opts.encoding,
                         max_chars=opts.max_chars)
    rules = load_rules(opts.boilerplate, replace=opts.boilerplate_replace)
    documents, _removed, paragraphs, _sentences = prepare_documents(
        corpus, rules=rules, languages=opts.languages)
    name = "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source)
    return issues_template(documents, paragraphs, n_issues=n_issues, source=name)
