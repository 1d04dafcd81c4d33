"""Learned classifier of capitalised spans: person, organisation, place or other.

A capitalised span of a news sentence ("Bernie Sanders", "Clinton Foundation",
"Los Angeles", "Paul Ryan Joins Growing List") is classified as ``PERSON``, ``ORG``,
``PLACE`` (geographical and geopolitical names, nationalities) or ``OTHER`` (events,
products, titles of works, dates, headline fragments, ordinary words that are
capitalised because they start a sentence).

How it works
------------
* The sentence is cut into tokens (``"Clinton's"`` -> ``Clinton``, ``'s``; ``"Sen."``,
  ``"J."`` and ``"U.S."`` keep their full stop).
* Candidate spans are the maximal runs of capitalised tokens, joined across connectors
  ("Bank of America", "Osama bin Laden"). A title before a name is cut off the run and
  kept as context ("Sen. Bernie Sanders" -> "Bernie Sanders"); at the start of a
  sentence the run without its first word is a candidate too ("Yesterday Tony
  Blair"). In a headline, where every word is capitalised, all sub-spans of up to four
  words are candidates ("Paul Ryan" in "Paul Ryan Joins Growing List").
* Each span is described by hashed features (its words, their shapes and suffixes, two
  words of context on each side, the title before it, sentence-initial and headline
  flags, organisation and place cue words) and scored by a multinomial logistic
  regression. :func:`find_entities` keeps the best non-overlapping spans.
* The word lists (titles, connectors, cue words) are data:
  ``analytics/lang/en/ner_cues.yaml``. The artefact keeps the copy it was trained
  with.

The estimator :class:`PersonSpanClassifier` follows scikit-learn conventions: ``X`` is
a sequence of ``(sentence, start, end)`` triples (character offsets), ``y`` the labels.
Features are hashed with CRC-32 (stable across processes and platforms) into
``2 ** n_features_log2`` buckets; scoring is per-row in float64, so a span gets the same
probabilities whatever else is in the batch.

The default model (``analytics/actors/data/ner.npz``, trained by
``python -m analytics.training.ner`` on the GMB news NER corpus, see
``analytics/actors/data/NER_NOTICE.md``) is read with ``numpy.load(...,
allow_pickle=False)``: loading never executes code.

Examples
--------
>>> from analytics.actors.ner import find_entities
>>> s = "Sen. Bernie Sanders spoke at the Clinton Foundation in Los Angeles."
>>> [(s[a:b], label) for a, b, label, p in find_entities(s)]  # doctest: +SKIP
[('Bernie Sanders', 'PERSON'), ('Clinton Foundation', 'ORG'), ('Los Angeles', 'PLACE')]
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import zlib
from itertools import accumulate
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import yaml
from sklearn.base import BaseEstimator, ClassifierMixin

from ..errors import InputError
from ..lang import en
from ..resources import as_path

__all__ = [
    "LABELS",
    "EntitySpan",
    "NerCues",
    "PersonSpanClassifier",
    "classify_spans",
    "find_entities",
    "find_entities_batch",
    "load_cues",
    "load_default",
]

#: The four classes of the default model.
LABELS: tuple[str, ...] = ("PERSON", "ORG", "PLACE", "OTHER")
ARTEFACT_FORMAT = 1
DEFAULT_RESOURCE = "data/ner.npz"
CUES_RESOURCE = "ner_cues"  # a resource of analytics.lang.en
#: longest sub-span (in tokens) considered inside a headline
MAX_HEADLINE_SPAN = 4

_CUE_KEYS = ("abbreviations", "titles", "personal_titles", "name_suffixes", "connectors",
             "function_words", "determiners", "time_words", "org_cues", "place_cues")
_OPENERS = frozenset({"“", "‘", "(", "[", ":", "--", "—", "–"})
_QUOTES = frozenset({'"', "'", "`"})
_PARTICLE = re.compile(r"[a-z]{1,3}[-'’][A-ZÀ-ÖØ-Þ]")
_PARTICLE_IN_TEXT = re.compile(r"(?<!\w)[a-z]{1,3}[-'’][A-ZÀ-ÖØ-Þ]")


class EntitySpan(NamedTuple):
    """A classified span: ``sentence[start:end]`` is its text."""

    start: int
    end: int
    label: str
    prob: float


# --------------------------------------------------------------------------- cues
@dataclass(frozen=True)
class NerCues:
    """The word lists the span classifier cuts and describes sentences with.

    Every entry is lower case without a final full stop. ``titles`` holds phrases as
    tuples of words.
    """

    abbreviations: tuple[str, ...]
    titles: tuple[tuple[str, ...], ...]
    personal_titles: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    connectors: tuple[str, ...]
    function_words: tuple[str, ...]
    determiners: tuple[str, ...]
    time_words: tuple[str, ...]
    org_cues: tuple[str, ...]
    place_cues: tuple[str, ...]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "ner cues") -> NerCues:
        """Build and validate the lists from a mapping (the parsed YAML file).

        Parameters
        ----------
        data : mapping
            One key per list (see ``analytics/lang/en/ner_cues.yaml``).
        source : str
            Named in error messages.

        Raises
        ------
        InputError
            A key is missing or unknown, or an entry is not a non-empty string.
        """
        if not isinstance(data, Mapping):
            raise InputError("expected a mapping of word lists", source)
        unknown = sorted(set(map(str, data)) - set(_CUE_KEYS))
        missing = [k for k in _CUE_KEYS if k not in data]
        if unknown or missing:
            raise InputError(f"unknown keys {unknown} / missing keys {missing}; "
                             f"expected exactly {list(_CUE_KEYS)}", source)
        lists: dict[str, tuple] = {}
        for key in _CUE_KEYS:
            items = data[key]
            if not isinstance(items, (list, tuple)):
                raise InputError(f"{key!r} must be a list of words", source)
            words = []
            for x in items:
                if not isinstance(x, str) or not x.strip():
                    raise InputError(f"{key!r}: entry {x!r} is not a word; quote words such "
                                     "as \"no\" or \"on\" that YAML reads as booleans", source)
                words.append(_norm(x.strip().lower()))
            if key == "titles":
                phrases = {tuple(_norm(w) for w in p.split()) for p in words}
                lists[key] = tuple(sorted(phrases))
            else:
                lists[key] = tuple(sorted(set(words)))
        return cls(**lists)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The lists as unicode arrays (for the ``.npz`` artefact)."""
        out = {}
        for key in _CUE_KEYS:
            vals = getattr(self, key)
            if key == "titles":
                vals = [" ".join(p) for p in vals]
            out[f"cues_{key}"] = np.array(list(vals), dtype=str)
        return out

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], source: str) -> NerCues:
        """Inverse of :meth:`to_arrays`."""
        return cls.from_mapping({k: [str(x) for x in arrays[f"cues_{k}"].tolist()]
                                 for k in _CUE_KEYS}, source)


def word_hash(word: str) -> int:
    """Stable 32-bit hash of a word (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(word.encode("utf-8"))


def case_vocabulary(sentences: Iterable[str], *, min_count: int = 3,
                    min_share: float = 0.9) -> frozenset[int]:
    """Hashes of the words that a corpus writes in lower case (its common words).

    A word counts when it is written in lower case at least ``min_count`` times and
    in at least ``min_share`` of its occurrences that do not start a sentence. Only
    the hashes (:func:`word_hash`) are kept, never the words.

    Parameters
    ----------
    sentences : iterable of str
    min_count : int
    min_share : float

    Returns
    -------
    frozenset of int
    """
    word = re.compile(r"[^\W\d_][\w'’-]*")
    low: dict[str, int] = {}
    cap: dict[str, int] = {}
    for text in sentences:
        for k, m in enumerate(word.finditer(text)):
            w = m.group()
            if w[0].islower():
                low[w] = low.get(w, 0) + 1
            elif k > 0:
                lw = w.lower()
                cap[lw] = cap.get(lw, 0) + 1
    return frozenset(word_hash(w) for w, c in low.items()
                     if c >= min_count and c >= min_share * (c + cap.get(w, 0)))


def _norm(word: str) -> str:
    """Lower-case word without one final full stop ("Sen." -> "sen")."""
    return word[:-1] if len(word) > 1 and word.endswith(".") else word


def load_cues(path: str | Path | None = None) -> NerCues:
    """Read the cue lists (default: the bundled ``ner_cues.yaml``).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with the keys of ``analytics/lang/en/ner_cues.yaml``.

    Returns
    -------
    NerCues
    """
    if path is None:
        return NerCues.from_mapping(yaml.safe_load(en.text(CUES_RESOURCE)), en.source(CUES_RESOURCE))
    from ..safe.yaml import load_yaml

    return NerCues.from_mapping(load_yaml(path, what="NER cue file"), str(path))


# --------------------------------------------------------------------------- analysis
class _Sent:
    """A tokenised sentence with its candidate spans (token ranges)."""

    __slots__ = ("text", "toks", "starts", "ends", "low", "name", "title", "first",
                 "headline", "cands", "levels")


class _Analyzer:
    """Tokeniser, candidate generator and featuriser for one set of cue lists."""

    def __init__(self, cues: NerCues, n_features_log2: int,
                 lowercase_words: frozenset[int] = frozenset()) -> None:
        self.cues = cues
        self.mask = (1 << n_features_log2) - 1
        self.lowercase_words = lowercase_words
        self._lc: dict[str, bool] = {}
        # one fast pattern; a word's final full stop is split off again afterwards
        # unless the word is an abbreviation ("Sen.", "Jr.") or an initial ("J.")
        self.token_re = re.compile(
            r"(?:[^\W\d_]\.){2,}"                         # U.S., P.J., a.m.
            r"|\w+(?:[-'’&](?![sS]\b)\w+)*(?:\.(?![^\W\d_]))?"  # words, O'Brien, al-Assad
            r"|['’][sS]\b"                                 # possessive
            r"|\S"
        )
        self.split_re = re.compile(f"({self.token_re.pattern})")
        self.abbreviations = frozenset(cues.abbreviations)
        self.function = frozenset(cues.function_words)
        self.determiners = frozenset(cues.determiners) | frozenset(cues.time_words)
        self.connectors = frozenset(cues.connectors)
        self.suffixes = frozenset(cues.name_suffixes)
        self.org = frozenset(cues.org_cues)
        self.place = frozenset(cues.place_cues)
        titles: dict[str, list[tuple[str, ...]]] = {}
        for p in cues.titles:
            titles.setdefault(p[0], []).append(p)
        self.titles = {k: sorted(v, key=len, reverse=True) for k, v in titles.items()}
        self._hash: dict[str, int] = {}
        self._shape: dict[str, str] = {}

    # ------------------------------------------------------------------ tokens
    def analyse(self, text: str) -> _Sent:
        """Tokenise a sentence and find its candidate spans."""
        s = _Sent()
        s.text = text
        # split keeps the tokens at the odd positions; offsets are running lengths
        parts = self.split_re.split(text)
        toks = parts[1::2]
        cum = list(accumulate(map(len, parts)))
        starts = cum[0:-1:2]
        ends = cum[1::2]
        if "." in text:
            abbr = self.abbreviations
            for k in [k for k, t in enumerate(toks) if t[-1] == "." and len(t) > 1
                      and not (len(t) == 2 and t[0].isupper())
                      and not (len(t) > 2 and t[-3] == ".")
                      and t[:-1].lower() not in abbr][::-1]:
                b = ends[k]
                toks[k:k + 1] = [toks[k][:-1], "."]
                starts[k + 1:k + 1] = [b - 1]
                ends[k:k + 1] = [b - 1, b]
        n = len(toks)
        low = list(map(str.lower, toks))
        # capitalised tokens (and particles such as "al-Assad", "d'Ivoire")
        capidx = [k for k, t in enumerate(toks) if t[0].isupper()]
        if _PARTICLE_IN_TEXT.search(text):
            capidx = sorted(capidx + [k for k, t in enumerate(toks)
                                      if t[0].islower() and _PARTICLE.match(t)])
        first = 0
        while first < n and not toks[first][0].isalnum():
            first += 1
        # headline: no lower-case content word after the first word, >= 3 capitalised ones
        function = self.function
        headline = False
        if len(capidx) >= 3:
            capset = set(capidx)
            headline = True
            n_cap = 0
            for k in range(first + 1, n):
                if not toks[k][0].isalpha():
                    continue
                if low[k] in function:
                    continue
                if k not in capset:
                    headline = False
                    break
                n_cap += 1
            headline = headline and n_cap >= 3
        dets = self.determiners
        name = [False] * n
        for k in capidx:
            w = low[k]
            if w in dets:
                continue
            if (k == first or headline) and w in function and not (
                    len(w) > 1 and toks[k].isupper()):
                continue
            name[k] = True
        # titles: cut off a run only when a name (or another title) follows
        title = [False] * n
        titles = self.titles
        if titles:
            active: dict[int, int] = {}
            suffixes = self.suffixes
            for k in reversed(capidx):
                w = low[k]
                phrases = titles.get(w[:-1] if len(w) > 1 and w[-1] == "." else w)
                if not phrases:
                    continue
                for p in phrases:
                    L = len(p)
                    if k + L > n:
                        continue
                    if L > 1 and tuple(_norm(x) for x in low[k:k + L]) != p:
                        continue
                    nxt = k + L
                    if nxt < n and ((name[nxt] and _norm(low[nxt]) not in suffixes)
                                    or nxt in active):
                        active[k] = L
                    break
            for k, L in active.items():
                for q in range(k, k + L):
                    title[q] = True
        # runs of names joined by connectors
        conn = self.connectors
        cands: list[tuple[int, int]] = []
        levels: list[int] = []
        run_end = 0
        for k in capidx:
            if k < run_end or not name[k] or title[k]:
                continue
            j = k + 1
            pieces = None
            while j < n:
                if name[j] and not title[j]:
                    j += 1
                    continue
                q = j
                while (q < n and q - j < 2 and low[q] in conn and not (name[q] and not title[q])
                       and (q > j or low[q] != "the")):
                    q += 1
                if q > j and q < n and name[q] and not title[q]:
                    if pieces is None:
                        pieces = [k]
                    pieces.extend((j, q))
                    j = q + 1
                    continue
                break
            cands.append((k, j))
            levels.append(0)
            if headline:
                for a in range(k, j):
                    if not name[a]:
                        continue
                    for b in range(a + 1, min(j, a + MAX_HEADLINE_SPAN) + 1):
                        if (a, b) != (k, j) and name[b - 1]:
                            cands.append((a, b))
                            levels.append(1)
            else:
                extra = []
                if pieces is not None:  # the parts between connectors
                    pieces.append(j)
                    extra.extend((pieces[p], pieces[p + 1]) for p in range(0, len(pieces), 2))
                e = pieces[1] if pieces is not None else j
                if e - k >= 3 or (e - k == 2 and (k == first or toks[k - 1] in _OPENERS or (
                        toks[k - 1] in _QUOTES and starts[k - 1] == starts[k] - 1
                        and (starts[k - 1] == 0 or text[starts[k - 1] - 1].isspace())))):
                    if name[k + 1]:  # without the first word ("Yesterday Tony Blair")
                        extra.append((k + 1, e))
                for c in extra:
                    if c != (k, j) and c not in extra[:extra.index(c)]:
                        cands.append(c)
                        levels.append(1)
            run_end = j
        s.toks, s.starts, s.ends, s.low = toks, starts, ends, low
        s.name, s.title, s.first, s.headline = name, title, first, headline
        s.cands, s.levels = cands, levels
        return s

    def shape(self, tok: str) -> str:
        sh = self._shape.get(tok)
        if sh is None:
            out = []
            for ch in tok[:8]:
                c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
                if not out or out[-1] != c:
                    out.append(c)
            sh = "".join(out)
            if len(self._shape) > 200_000:
                self._shape.clear()
            self._shape[tok] = sh
        return sh

    def is_lowercase_word(self, low: str) -> bool:
        """Whether a (lower-cased) word is mostly written in lower case (a common word)."""
        v = self._lc.get(low)
        if v is None:
            v = word_hash(low) in self.lowercase_words
            if len(self._lc) > 200_000:
                self._lc.clear()
            self._lc[low] = v
        return v

    # ------------------------------------------------------------------ features
    def features(self, s: _Sent, i: int, j: int) -> list[str]:
        """Feature strings of the span of tokens ``[i, j)``.

        The words of the span (``w=``, ``W=``, ``f=``, ``l=``) and their suffixes are
        shared between sentences and headlines; the other features (shape, length,
        context, flags) are separate in a headline (prefix ``h|``).
        """
        low, n = s.low, len(s.low)
        words = low[i:j]
        m = j - i
        first, last = words[0], words[-1]
        f = ["w=" + w for w in words]
        if m > 1:
            f.append("W=" + " ".join(words))
            f.append("f=" + first)
            f.append("l=" + last)
        f.append("x3=" + last[-3:])
        f.append("x4=" + last[-4:])
        if i == s.first:
            f.append("init&f=" + first)
        shapes = self._shape
        g = ["n=%d" % (m if m < 5 else 5),
             "S=" + " ".join([shapes.get(t) or self.shape(t) for t in s.toks[i:j]])]
        l1 = low[i - 1] if i > 0 else "<s>"
        l2 = low[i - 2] if i > 1 else "<s>"
        r1 = low[j] if j < n else "</s>"
        r2 = low[j + 1] if j + 1 < n else "</s>"
        g.append("L1=" + l1)
        g.append("L2=" + l2)
        g.append("L12=" + l2 + " " + l1)
        g.append("R1=" + r1)
        g.append("R2=" + r2)
        g.append("R12=" + r1 + " " + r2)
        if i == s.first:
            g.append("init")
        if i > 0:
            if s.title[i - 1]:
                g.append("T")
            elif s.name[i - 1]:
                g.append("capL")
        if j < n and s.name[j]:
            g.append("capR")
        lastn = _norm(last)
        if lastn in self.org:
            g.append("oc")
        elif lastn in self.place:
            g.append("pc")
        for w in words[:-1]:
            if _norm(w) in self.org:
                g.append("oc*")
                break
        lcd = self._lc
        lc = self.is_lowercase_word
        n_lc = sum([lcd[w] if w in lcd else lc(w) for w in words])
        g.append("lc=" + ("all" if n_lc == m else "none" if n_lc == 0 else "some"))
        if lc(first):
            g.append("lcF")
        if lc(last):
            g.append("lcL")
        if j < n and s.name[j] and lc(r1):
            g.append("lcR")
        if i > 0 and s.name[i - 1] and lc(l1):
            g.append("lcP")
        if s.headline:
            # the headline offset enters with value 4, so that the L2 penalty hardly
            # pulls it to 0: sentences and headlines get their own class priors
            f.extend(("hl", "hl", "hl", "hl"))
            f.extend(["h|" + x for x in g])
        else:
            f.extend(g)
        return f

    def buckets(self, feats: Iterable[str]) -> list[int]:
        """Hash bucket of each feature string (CRC-32 of its UTF-8 bytes)."""
        cache, mask = self._hash, self.mask
        out = []
        for feat in feats:
            h = cache.get(feat)
            if h is None:
                h = zlib.crc32(feat.encode("utf-8")) & mask
                if len(cache) > 500_000:
                    cache.clear()
                cache[feat] = h
            out.append(h)
        return out

    def bucket_row(self, s: _Sent, i: int, j: int) -> list[int]:
        """Hash buckets of the features of the span ``[i, j)``."""
        return self.buckets(self.features(s, i, j))


# --------------------------------------------------------------------------- estimator
def _as_triples(X) -> list[tuple[str, int, int]]:
    out = []
    for r, row in enumerate(X):
        try:
            text, start, end = row
        except (TypeError, ValueError):
            raise InputError(f"row {r}: expected a (sentence, start, end) triple, got {row!r}")
        if not isinstance(text, str):
            raise InputError(f"row {r}: the sentence must be a string, got {type(text).__name__}")
        start, end = int(start), int(end)
        if not 0 <= start < end <= len(text):
            raise InputError(f"row {r}: span ({start}, {end}) is not inside the sentence "
                             f"of length {len(text)}; give 0 <= start < end <= len(sentence)")
        out.append((text, start, end))
    return out


def _token_range(s: _Sent, start: int, end: int, where: str) -> tuple[int, int]:
    """Tokens overlapping the characters ``[start, end)``."""
    i = bisect.bisect_right(s.ends, start)
    j = bisect.bisect_left(s.starts, end)
    if i >= j:
        raise InputError(f"{where}: span ({start}, {end}) {s.text[start:end]!r} holds no "
                         "word; give the character offsets of a name")
    return i, j


class PersonSpanClassifier(ClassifierMixin, BaseEstimator):
    """Classify capitalised spans of sentences as person, organisation, place or other.

    A multinomial logistic regression over hashed span and context features (see the
    module docstring). Trained with scikit-learn, applied with numpy only.

    Parameters
    ----------
    n_features_log2 : int
        The features are hashed into ``2 ** n_features_log2`` buckets.
    C : float
        Inverse L2 regularisation strength of the logistic regression.
    min_count : int
        Hash buckets used by fewer training spans get weight 0 (fewer parameters,
        faster fit).
    max_iter : int
        Iterations of the L-BFGS solver.
    tol : float
        Tolerance of the solver.
    class_weight : "balanced", dict or None
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    cues : str, Path, mapping or None
        The cue lists (a YAML path or a mapping with the keys of ``ner_cues.yaml``);
        ``None`` reads the bundled file.
    random_state : int or None
        Seed (the L-BFGS solver is deterministic; kept for the estimator contract).

    Attributes
    ----------
    classes_ : ndarray of str
        The labels, sorted.
    coef_ : ndarray of shape (n_classes, 2 ** n_features_log2), float32
        Weights (buckets that no training span used are 0).
    intercept_ : ndarray of shape (n_classes,)
    cues_ : NerCues
        The cue lists the model was fitted with.
    lowercase_words_ : frozenset of int
        Hashes of the words the training sentences write in lower case
        (:func:`case_vocabulary`); a span made of such words is likely no name.
    n_iter_ : int
        Solver iterations used.
    """

    def __init__(self, n_features_log2: int = 20, C: float = 1.0, min_count: int = 1,
                 max_iter: int = 500, tol: float = 1e-4, class_weight=None, cues=None,
                 random_state=None) -> None:
        self.n_features_log2 = n_features_log2
        self.C = C
        self.min_count = min_count
        self.max_iter = max_iter
        self.tol = tol
        self.class_weight = class_weight
        self.cues = cues
        self.random_state = random_state

    # ------------------------------------------------------------------ helpers
    def _resolve_cues(self) -> NerCues:
        if self.cues is None:
            return load_cues()
        if isinstance(self.cues, NerCues):
            return self.cues
        if isinstance(self.cues, Mapping):
            return NerCues.from_mapping(self.cues)
        return load_cues(self.cues)

    def _analyzer(self) -> _Analyzer:
        an = getattr(self, "_an", None)
        if an is None:
            an = self._an = _Analyzer(self.cues_, int(self.n_features_log2),
                                      self.lowercase_words_)
        return an

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("this PersonSpanClassifier is not fitted; call fit() or "
                                 "use load_default()")

    def _rows(self, triples: Sequence[tuple[str, int, int]]) -> list[list[int]]:
        an = self._analyzer()
        rows, last_text, sent = [], None, None
        for r, (text, start, end) in enumerate(triples):
            if text is not last_text and text != last_text:
                sent, last_text = an.analyse(text), text
            i, j = _token_range(sent, start, end, f"row {r}")
            rows.append(an.bucket_row(sent, i, j))
        return rows

    def _matrix(self, rows: list[list[int]]):
        from scipy import sparse

        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        idx = np.fromiter((h for r in rows for h in r), dtype=np.int64, count=int(indptr[-1]))
        X = sparse.csr_matrix((np.ones(len(idx)), idx, indptr),
                              shape=(len(rows), 1 << int(self.n_features_log2)))
        X.sum_duplicates()
        return X

    def _scores(self, rows: list[list[int]]) -> np.ndarray:
        """Per-row float64 scores (row-local sums: independent of the batch)."""
        W = self._weights()
        if not rows:
            return np.zeros((0, W.shape[1]))
        lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        offs = np.zeros(len(rows), dtype=np.int64)
        np.cumsum(lens[:-1], out=offs[1:])
        idx = np.fromiter((h for r in rows for h in r), dtype=np.int64, count=int(lens.sum()))
        return np.add.reduceat(W[idx].astype(np.float64), offs, axis=0) + self.intercept_

    def _weights(self) -> np.ndarray:
        """Weights as a C-contiguous (buckets, classes) float32 array (rows gathered fast)."""
        W = getattr(self, "_W", None)
        if W is None:
            W = self._W = np.ascontiguousarray(self.coef_.T, dtype=np.float32)
        return W

    @staticmethod
    def _softmax(scores: np.ndarray) -> np.ndarray:
        z = scores - scores.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # ------------------------------------------------------------------ estimator API
    def fit(self, X, y, sample_weight=None) -> PersonSpanClassifier:
        """Fit on ``(sentence, start, end)`` triples and their labels.

        Parameters
        ----------
        X : sequence of (str, int, int)
            Sentences with the character offsets of one span each.
        y : sequence of str
            Label of each span (for the default model ``PERSON``, ``ORG``, ``PLACE``,
            ``OTHER``).
        sample_weight : array-like, optional

        Returns
        -------
        self
        """
        triples = _as_triples(X)
        y = np.asarray(list(y), dtype=str)
        if len(y) != len(triples):
            raise InputError(f"{len(triples)} spans but {len(y)} labels")
        if len(np.unique(y)) < 2:
            raise InputError("fit needs at least two different labels")
        if not 4 <= int(self.n_features_log2) <= 24:
            raise InputError(f"n_features_log2={self.n_features_log2}: give 4 to 24")
        self.cues_ = self._resolve_cues()
        self.lowercase_words_ = case_vocabulary(dict.fromkeys(t for t, _, _ in triples))
        for attr in ("_an", "_W"):
            self.__dict__.pop(attr, None)
        return self._fit_matrix(self._matrix(self._rows(triples)), y, sample_weight)

    def _fit_matrix(self, Xm, y: np.ndarray, sample_weight=None) -> PersonSpanClassifier:
        """Fit on a hashed feature matrix (``self.cues_`` already set)."""
        from sklearn.linear_model import LogisticRegression

        Xm = Xm.tocsr()
        used = np.flatnonzero(np.bincount(Xm.indices, minlength=Xm.shape[1])
                              >= max(int(self.min_count), 1))
        lr = LogisticRegression(C=self.C, max_iter=self.max_iter, tol=self.tol,
                                class_weight=self.class_weight, random_state=self.random_state)
        lr.fit(Xm[:, used], y, sample_weight=sample_weight)
        self.classes_ = lr.classes_.astype(str)
        coef = np.zeros((lr.coef_.shape[0], Xm.shape[1]), dtype=np.float32)
        coef[:, used] = lr.coef_
        if coef.shape[0] == 1:  # binary: expand to one row per class
            coef = np.vstack([-coef[0] / 2, coef[0] / 2])
            icpt = np.array([-lr.intercept_[0] / 2, lr.intercept_[0] / 2])
        else:
            icpt = lr.intercept_
        # float32 weights, exactly what the artefact stores: a saved model predicts the same
        self._W = np.ascontiguousarray(coef.T, dtype=np.float32)
        self.coef_ = self._W.T  # a view: the weights are held once
        self.intercept_ = icpt.astype(np.float32).astype(np.float64)
        self.n_iter_ = int(np.max(lr.n_iter_))
        return self

    def decision_function(self, X) -> np.ndarray:
        """Class scores (log-odds up to a constant) of each span, float64."""
        self._check_fitted()
        return self._scores(self._rows(_as_triples(X)))

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities of each ``(sentence, start, end)`` span.

        Returns
        -------
        ndarray of shape (n_spans, n_classes)
            Columns in the order of :attr:`classes_`.
        """
        return self._softmax(self.decision_function(X))

    def predict(self, X) -> np.ndarray:
        """Most probable label of each span."""
        scores = self.decision_function(X)
        return self.classes_[np.argmax(scores, axis=1)]

    # ------------------------------------------------------------------ sentences
    def candidates(self, sentence: str) -> list[tuple[int, int]]:
        """Character spans of the candidate spans of a sentence (see the module docstring)."""
        self._check_fitted()
        s = self._analyzer().analyse(_check_text(sentence, "sentence"))
        return [(s.starts[i], s.ends[j - 1]) for i, j in s.cands]

    def find_entities_batch(self, sentences: Iterable[str], *,
                            include_other: bool = False) -> list[list[EntitySpan]]:
        """:meth:`find_entities` for many sentences (faster than one at a time).

        Parameters
        ----------
        sentences : iterable of str
        include_other : bool
            Also report the capitalised runs that hold no entity, labelled ``OTHER``.

        Returns
        -------
        list of list of EntitySpan
            One list per sentence, in order of position.
        """
        self._check_fitted()
        an = self._analyzer()
        sents, rows = [], []
        for n, text in enumerate(sentences):
            s = an.analyse(_check_text(text, f"sentence {n}"))
            sents.append(s)
            for i, j in s.cands:
                rows.append(an.bucket_row(s, i, j))
        probs = self._softmax(self._scores(rows)).tolist()
        classes = [str(c) for c in self.classes_]
        other = classes.index("OTHER") if "OTHER" in classes else -1
        out, r = [], 0
        for s in sents:
            k = len(s.cands)
            out.append(_decode(s, probs[r:r + k], classes, other, include_other))
            r += k
        return out

    def find_entities(self, sentence: str, *, include_other: bool = False) -> list[EntitySpan]:
        """Named entities of one sentence as ``(start, end, label, prob)`` tuples.

        Parameters
        ----------
        sentence : str
        include_other : bool
            Also report the capitalised runs that hold no entity, labelled ``OTHER``.

        Returns
        -------
        list of EntitySpan
            Non-overlapping, in order of position; ``sentence[start:end]`` is the span.
        """
        return self.find_entities_batch([sentence], include_other=include_other)[0]

    def classify_spans(self, sentence: str, spans: Iterable[tuple[int, int]]) -> list[EntitySpan]:
        """Label given character spans of one sentence (for spans found by other means).

        Returns
        -------
        list of EntitySpan
            One per span, with the most probable label and its probability.
        """
        spans = [(int(a), int(b)) for a, b in spans]
        if not spans:
            return []
        P = self.predict_proba([(sentence, a, b) for a, b in spans])
        best = np.argmax(P, axis=1)
        return [EntitySpan(a, b, str(self.classes_[c]), float(P[n, c]))
                for n, ((a, b), c) in enumerate(zip(spans, best))]

    # ------------------------------------------------------------------ artefact
    def save(self, path: str | Path) -> None:
        """Write the fitted model as a pickle-free ``.npz`` file."""
        self._check_fitted()
        params = {k: v for k, v in self.get_params().items() if k != "cues"}
        meta = {"format": ARTEFACT_FORMAT, "params": params, "n_iter": self.n_iter_,
                "hash": "crc32-utf8"}
        W = self._weights()
        buckets = np.flatnonzero(np.any(W != 0, axis=1)).astype(np.uint32)
        np.savez_compressed(
            path, buckets=buckets, weights=W[buckets], intercept=self.intercept_.astype(np.float32),
            classes=np.array(self.classes_, dtype=str), meta=np.array(json.dumps(meta)),
            lowercase_words=np.array(sorted(self.lowercase_words_), dtype=np.uint32),
            **self.cues_.to_arrays())

    @classmethod
    def load(cls, path) -> PersonSpanClassifier:
        """Read a model written by :meth:`save` (``allow_pickle=False``).

        Raises
        ------
        InputError
            The file is missing, not an artefact of this format, or damaged.
        """
        src = str(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                data = {k: z[k] for k in z.files}
        except (OSError, ValueError, EOFError) as e:
            raise InputError(f"cannot read the NER model ({e}); retrain it with "
                             "python -m analytics.training.ner", src) from None
        need = {"buckets", "weights", "intercept", "classes", "meta", "lowercase_words"} | {
            f"cues_{k}" for k in _CUE_KEYS}
        if not need <= set(data):
            raise InputError(f"not an NER model artefact (missing {sorted(need - set(data))})", src)
        meta = json.loads(str(data["meta"]))
        if meta.get("format") != ARTEFACT_FORMAT:
            raise InputError(f"artefact format {meta.get('format')} is not {ARTEFACT_FORMAT}; "
                             "retrain with python -m analytics.training.ner", src)
        params = dict(meta["params"])
        model = cls(**params)
        model.cues_ = NerCues.from_arrays(data, src)
        model.intercept_ = data["intercept"].astype(np.float64)
        model.classes_ = data["classes"].astype(str)
        model.lowercase_words_ = frozenset(data["lowercase_words"].astype(np.int64).tolist())
        model.n_iter_ = int(meta.get("n_iter", 0))
        n_buckets, k = 1 << int(model.n_features_log2), len(model.classes_)
        buckets, weights = data["buckets"].astype(np.int64), data["weights"]
        if (weights.shape != (len(buckets), k) or model.intercept_.shape != (k,)
                or (len(buckets) and (buckets.min() < 0 or buckets.max() >= n_buckets))):
            raise InputError(f"weights of shape {weights.shape} do not fit {k} classes and "
                             f"2**{model.n_features_log2} buckets", src)
        W = np.zeros((n_buckets, k), dtype=np.float32)
        W[buckets] = weights
        model._W = W
        model.coef_ = W.T
        return model


def _check_text(text, where: str) -> str:
    if not isinstance(text, str):
        raise InputError(f"{where}: expected a string, got {type(text).__name__}")
    return text


def _select(cands: Sequence[tuple[int, int]], levels: Sequence[int], n_tokens: int,
            probs: Sequence[Sequence[float]], other: int) -> list[tuple[int, int, int, float]]:
    """Best non-overlapping non-``OTHER`` candidates as ``(i, j, class, prob)`` token spans.

    A whole capitalised run (level 0) classified as an entity is kept as it is; inside
    the other runs the sub-spans (level 1) are taken by decreasing probability of their
    best class (ties: leftmost, then shortest), skipping any that overlaps a taken one.
    """
    taken = [False] * n_tokens
    out = []
    order = []
    for c, p in enumerate(probs):
        best = p.index(max(p))
        if best == other:
            continue
        i, j = cands[c]
        if levels[c] == 0:
            for q in range(i, j):
                taken[q] = True
            out.append((i, j, best, p[best]))
        else:
            order.append((-p[best], i, j, best))
    order.sort()
    for negp, i, j, best in order:
        if any(taken[i:j]):
            continue
        for q in range(i, j):
            taken[q] = True
        out.append((i, j, best, -negp))
    return out


def _decode(s: _Sent, probs: list[list[float]], classes: list[str], other: int,
            include_other: bool) -> list[EntitySpan]:
    """Entity spans of one sentence (character offsets)."""
    chosen = _select(s.cands, s.levels, len(s.toks), probs, other)
    out = [EntitySpan(s.starts[i], s.ends[j - 1], classes[c], p) for i, j, c, p in chosen]
    if include_other and other >= 0:
        taken = [False] * len(s.toks)
        for i, j, _c, _p in chosen:
            for q in range(i, j):
                taken[q] = True
        for c, (i, j) in enumerate(s.cands):
            if s.levels[c] == 0 and not any(taken[i:j]):
                out.append(EntitySpan(s.starts[i], s.ends[j - 1], classes[other],
                                      probs[c][other]))
    out.sort()
    return out


# --------------------------------------------------------------------------- defaults
@functools.lru_cache(maxsize=1)
def load_default() -> PersonSpanClassifier:
    """The bundled model (``analytics/actors/data/ner.npz``), loaded once."""
    with as_path(DEFAULT_RESOURCE, "analytics.actors") as p:
        return PersonSpanClassifier.load(p)


def find_entities(sentence: str, *, include_other: bool = False,
                  model: PersonSpanClassifier | None = None) -> list[EntitySpan]:
    """Named entities of a sentence with the bundled model.

    Parameters
    ----------
    sentence : str
    include_other : bool
        Also report capitalised runs that hold no entity (label ``OTHER``).
    model : PersonSpanClassifier, optional
        Another fitted model.

    Returns
    -------
    list of EntitySpan
        ``(start, end, label, prob)`` with ``sentence[start:end]`` the span text.
    """
    return (model or load_default()).find_entities(sentence, include_other=include_other)


def find_entities_batch(sentences: Iterable[str], *, include_other: bool = False,
                        model: PersonSpanClassifier | None = None) -> list[list[EntitySpan]]:
    """:func:`find_entities` for many sentences at once (same results, faster)."""
    return (model or load_default()).find_entities_batch(sentences, include_other=include_other)


def classify_spans(sentence: str, spans: Iterable[tuple[int, int]], *,
                   model: PersonSpanClassifier | None = None) -> list[EntitySpan]:
    """Label given character spans of a sentence with the bundled model.

    Parameters
    ----------
    sentence : str
    spans : iterable of (int, int)
        Character offsets ``(start, end)``.
    model : PersonSpanClassifier, optional

    Returns
    -------
    list of EntitySpan
        One per span: the most probable label and its probability.
    """
    return (model or load_default()).classify_spans(sentence, spans)
