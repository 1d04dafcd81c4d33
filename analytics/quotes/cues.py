"""Reporting cues: the speech-verb lexicon and where its words are verbs.

:func:`load_cues` reads ``analytics/lang/en/speech_verbs.yaml`` (or a file of the same
layout) into a :class:`Cues` lexicon with compiled patterns. :func:`cues_in` finds the
reporting cues of a stretch of a document, leaving out nouns (``their call``), passives
(``is being called``) and capitalised words inside names (``Secretary of State``).
The function words these checks use are in ``analytics/lang/en/quote_grammar.yaml``
(:func:`grammar`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..errors import RegistryError
from ..lang import en
from .document import QuoteDoc

__all__ = ["Cues", "cues_in", "grammar", "load_cues", "words_pattern"]


def grammar(key: str) -> frozenset[str]:
    """A word list of ``analytics/lang/en/quote_grammar.yaml`` (lower case)."""
    return en.words("quote_grammar", key)


@lru_cache(maxsize=None)
def words_pattern(key: str, *, capitalised: bool = False) -> str:
    """A regular-expression alternation of a ``quote_grammar`` list, in file order.

    With ``capitalised=True`` each word is written with a capital letter only
    (``The``); the alternation is not grouped.
    """
    items = en.items("quote_grammar", key)
    if capitalised:
        items = tuple(w.capitalize() for w in items)
    return "|".join(re.escape(w) for w in items)


@dataclass
class Cues:
    """Reporting-verb lexicon and related word lists (from ``speech_verbs.yaml``).

    Attributes
    ----------
    forms : dict of str to str
        Every inflected form of a reporting verb -> its lemma.
    phrasal : list of str
        Multi-word cues (``according to``).
    spokesperson, statement, office : list of str
        Heads of speaker phrases that are not people.
    fillers : list of str
        Words that may stand between a speaker and its cue.
    pronouns : dict of str to str
        Subject pronoun -> agreement class (``male``, ``female``, ``plural`` ...).
    honorifics : dict of str to str
        Honorific -> gender.
    """

    forms: dict[str, str]
    phrasal: list[str]
    spokesperson: list[str]
    statement: list[str]
    office: list[str]
    fillers: list[str]
    pronouns: dict[str, str]
    honorifics: dict[str, str]
    cue_re: re.Pattern = field(init=False)
    filler_tail_re: re.Pattern = field(init=False)
    spokes_re: re.Pattern = field(init=False)
    statement_re: re.Pattern = field(init=False)
    office_re: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        words = sorted(set(self.forms) | set(self.phrasal), key=len, reverse=True)
        alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        self.cue_re = re.compile(r"(?<![\w'-])(?:" + alt + r")(?![\w'-])")
        fill = sorted(set(self.fillers), key=len, reverse=True)
        falt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in fill)
        # trailing fillers, or any lower-case -ly adverb / time phrase
        self.filler_tail_re = re.compile(
            r"(?:(?<![\w'-])(?:" + falt + r"|[a-z]+ly|in\s+a\s+statement|on\s+\w+day"
            r"|last\s+\w+|this\s+\w+)\s*,?\s*)$"
        )

        def words_re(ws: list[str]) -> re.Pattern:
            a = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(ws, key=len, reverse=True))
            return re.compile(r"(?<![\w-])(?:" + a + r")(?![\w-])")

        self.spokes_re = words_re(self.spokesperson)
        self.statement_re = words_re(self.statement)
        self.office_re = words_re(self.office)


def _inflect(lemma: str) -> list[str]:
    out = [lemma]
    if lemma.endswith("e"):
        out += [lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out += [lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        out += [lemma + "es", lemma + "ed", lemma + "ing"]
    else:
        out += [lemma + "s", lemma + "ed", lemma + "ing"]
    return out


@lru_cache(maxsize=8)
def load_cues(path: str | None = None) -> Cues:
    """Load the reporting-verb lexicon.

    Parameters
    ----------
    path : str, optional
        A YAML file with the layout of ``analytics/lang/en/speech_verbs.yaml``; the
        bundled file by default.

    Returns
    -------
    Cues
    """
    if path is None:
        raw = en.text("speech_verbs")
        src = en.source("speech_verbs")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
        src = str(path)
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:  # pragma: no cover - bundled file is valid
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise RegistryError(f"cannot parse cue lexicon ({exc})", f"{src}{line}") from exc
    forms: dict[str, str] = {}
    for lemma, fs in (data.get("verbs") or {}).items():
        for f in (fs or _inflect(str(lemma))):
            forms[str(f).lower()] = str(lemma)
    honor: dict[str, str] = {}
    for gender, words in (data.get("honorifics") or {}).items():
        for w in words or []:
            honor[str(w).lower()] = str(gender)
    return Cues(
        forms=forms,
        phrasal=[str(p).lower() for p in data.get("phrasal") or []],
        spokesperson=[str(p).lower() for p in data.get("spokesperson_nouns") or []],
        statement=[str(p).lower() for p in data.get("statement_nouns") or []],
        office=[str(p).lower() for p in data.get("office_nouns") or []],
        fillers=[str(p).lower() for p in data.get("fillers") or []],
        pronouns={str(k).lower(): str(v) for k, v in (data.get("pronouns") or {}).items()},
        honorifics=honor,
    )


def cue_ok(doc: QuoteDoc, m: re.Match) -> bool:
    """A cue is a verb, not a noun ('their call', 'a post')."""
    before = doc.masked[max(0, m.start() - 12):m.start()].split()
    if before and before[-1] in grammar("noun_determiners"):
        return False
    after = doc.masked[m.end():m.end() + 12].split()
    if after and after[0] in grammar("noun_followers") and \
            doc.cue_lemma(m.group(0)) in grammar("nounish_cues"):
        return False  # "phone call with", "a post from"
    if before and before[-1] in grammar("passive_auxiliaries") and \
            not m.group(0).endswith("ing"):
        return False  # passive: "is being called" - the subject is not the speaker
    if doc.norm[m.start()].isupper():
        # "Secretary of State", "Truth Social Post": a capitalised cue inside a sentence
        # is part of a name
        k = m.start() - 1
        while k >= 0 and doc.norm[k] == " ":
            k -= 1
        if k >= 0 and (doc.norm[k].isalnum() or doc.norm[k] in ",;-"):
            return False
    return "_" not in m.group(0)


def cues_in(doc: QuoteDoc, a: int, b: int, cues: Cues) -> list[re.Match]:
    """The reporting cues (verbs) of the masked text in [a, b), in text order."""
    return [m for m in cues.cue_re.finditer(doc.masked, a, b) if cue_ok(doc, m)]
