"""Verbs and clauses of stance subjects: what a subject governs and how far.

A subject (a mention of an actor) governs the first verb after it, skipping fillers
(auxiliaries, adverbs, time words) and an optional appositive ("Starmer, the prime
minister, said"). The actor's clause runs from the subject to the end of the sentence
or the next clause break (", but", ";"). The word lists are language data
(``analytics/lang/en/stance_cues.yaml``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lang import en
from .lexicon import load_lexicon

__all__ = ["clause_end", "clause_start", "find_verb", "is_speech", "possessive_end",
           "is_subordinate", "third_party", "after_preposition", "takes_position"]

_FILLER = en.words("stance_cues", "fillers")
_NOT_ADVERBS = en.words("stance_cues", "not_adverbs")
_NOT_VERBS = en.words("stance_cues", "not_verbs")
_IRREGULAR_VERBS = en.words("stance_cues", "irregular_verbs")
_ADJ_PRED = en.words("stance_cues", "predicate_adjectives")
_ENTOURAGE = en.words("stance_cues", "entourage")
_APPOSITIVE_OPENERS = en.words("stance_cues", "appositive_openers")
_CLAUSE_BREAKS = en.items("stance_cues", "clause_breaks")

_APPOSITIVE_RE = re.compile(r"\s*,\s*([^,;:]{1,90}?),")
_APPOSITIVE_ROLE_RE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in en.items("stance_cues", "appositive_roles")) + ")")
_POSS_HEAD_RE = re.compile(
    r"'s?\s+(?:[a-z-]+\s+){0,2}?(?:"
    + "|".join(re.escape(w) for w in en.items("stance_cues", "possessive_heads")) + r")\b")
_SUBORDINATE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in en.items("stance_cues", "subordinators"))
    + r")\s+(?:the\s+)?$")
_THIRD_PARTY_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in en.items("stance_cues", "third_parties")) + r")\b")
_PREPOSITIONS = en.words("stance_cues", "prepositions")
_LAST_WORD_RE = re.compile(r"([a-z']+)\s*$")
_TOKEN_RE = re.compile(r"[a-z][a-z'\-]*|\d+|[^\sa-z\d]")
_MAX_FILLERS = 5


@lru_cache(maxsize=1)
def _speech_forms() -> frozenset[str]:
    from ..quotes import load_cues

    return frozenset(load_cues().forms)


@lru_cache(maxsize=1)
def _verb_re() -> re.Pattern:
    """Any form of a speech verb, or an operator of the stance lexicon that is a verb."""
    from ..quotes import load_cues

    words = sorted(load_cues().forms, key=len, reverse=True)
    parts = ["|".join(re.escape(w) for w in words)]
    classes = load_lexicon().classes
    for cls in ("support", "oppose", "reverse", "strong", "expect_neg"):
        rx = classes.get(cls)
        if rx is not None:
            parts.append(rx.pattern)
    return re.compile(r"(?:" + "|".join(f"(?:{p})" for p in parts) + r")", re.IGNORECASE)


def _skip_appositive(low: str, pos: int, end: int) -> int:
    """Position after an appositive (", the Chancellor," / ", who was ... ,") at ``pos``."""
    m = _APPOSITIVE_RE.match(low[pos:end])
    if m is None:
        return pos
    words = m.group(1).split()
    if not words:
        return pos
    if len(words) == 1 or words[0] in _APPOSITIVE_OPENERS or _APPOSITIVE_ROLE_RE.match(m.group(1)):
        return pos + m.end()
    return pos


def _is_filler(word: str) -> bool:
    return word in _FILLER or (word.endswith("ly") and len(word) > 4
                               and word not in _NOT_ADVERBS)


def _looks_like_verb(word: str) -> bool:
    """A person's unknown -ed / -s word ("Starmer insisted", "Trump wants") or
    irregular past form ("Murphy led")."""
    if word in _IRREGULAR_VERBS:
        return True
    return word not in _NOT_VERBS and len(word) > 3 and (
        word.endswith("ed") or (word.endswith("s") and not word.endswith("ss")))


def find_verb(low: str, pos: int, end: int, person: bool) -> tuple[int, int] | None:
    """The verb a subject ending at ``pos`` governs.

    Parameters
    ----------
    low : str
        The sentence, normalised and lower-cased.
    pos, end : int
        Where the subject ends and where to stop looking.
    person : bool
        The subject is a person: any -ed / -s word then counts as a verb, and an
        entourage noun right after it ("the Trump administration") is skipped.

    Returns
    -------
    (int, int) or None
        Offsets of the verb (or predicate adjective) in ``low``.
    """
    skipped = 0
    first = True
    for t in _TOKEN_RE.finditer(low, _skip_appositive(low, pos, end), end):
        w = t.group(0)
        if w in ("\"", "'"):
            continue  # Starmer "remains committed"
        if first and person and w in _ENTOURAGE:
            first = False
            continue  # "the Trump administration is seeking ..." acts for the person
        first = False
        if _is_filler(w):
            skipped += 1
            if skipped > _MAX_FILLERS:
                return None
            continue
        if w in _ADJ_PRED:
            return t.start(), t.end()
        vm = _verb_re().match(low, t.start(), end)
        if vm and vm.end() >= t.end() - 1:
            return t.start(), vm.end()
        if person and _looks_like_verb(w):
            return t.start(), t.end()
        return None
    return None


def possessive_end(low: str, end: int) -> int | None:
    """Where a subject ending at ``end`` really ends, given a possessive after it.

    "Trump's envoy" is not Trump (``None``), but "Starmer's initiative aims to ..." and
    "Trump's plan would ..." speak for the possessor (the end of the head noun). A
    subject without a possessive keeps its end.
    """
    if not (low[end:end + 2] == "'s" or (low[end:end + 1] == "'" and low[end - 1:end] == "s")):
        return end
    hm = _POSS_HEAD_RE.match(low, end)
    return None if hm is None else hm.end()


def clause_end(low: str, verb_end: int) -> int:
    """End of the clause of a verb ending at ``verb_end``: the next clause break
    ("not only ... but also" is one clause), else the end of the sentence."""
    end = len(low)
    for b in _CLAUSE_BREAKS:
        k = low.find(b, verb_end)
        if k >= 0 and b.strip(", ") == "but" and low.startswith("also", k + len(b)) \
                and "not only" in low[verb_end:k]:
            k = low.find(b, k + len(b))
        if k >= 0:
            end = min(end, k)
    return end


def clause_start(low: str, pos: int) -> int:
    """Start of the clause holding ``pos`` (after the last ";" or ": " before it)."""
    k = max(low.rfind(";", 0, pos), low.rfind(": ", 0, pos))
    return k + 1 if k >= 0 else 0


def is_subordinate(low: str, subject_start: int) -> bool:
    """The subject is introduced by a subordinating word ("as the chancellor said")."""
    return _SUBORDINATE_RE.search(low[max(0, subject_start - 30):subject_start]) is not None


def is_speech(low: str, v0: int, v1: int) -> bool:
    """The verb at ``low[v0:v1]`` is a form of a speech verb (its clause is reported)."""
    return low[v0:v1].strip() in _speech_forms()


def after_preposition(low: str, pos: int) -> bool:
    """The word before ``pos`` is a preposition ("the deal with Iran"): a name there is
    an object, not a subject."""
    m = _LAST_WORD_RE.search(low, max(0, pos - 20), pos)
    return m is not None and m.group(1) in _PREPOSITIONS


def third_party(low: str, start: int, end: int) -> int | None:
    """Offset of the first third party ("critics", "opponents", "those who") in
    ``low[start:end]``, or None: a reported clause about them is not the speaker's
    stance."""
    m = _THIRD_PARTY_RE.search(low, start, end)
    return None if m is None else m.start()


_BE_FORMS = frozenset(("be", "been", "being", "is", "are", "was", "were", "get", "got"))


def takes_position(low: str, v0: int, v1: int) -> bool:
    """The verb at ``low[v0:v1]`` states its subject's own position: a speech verb or
    an active verb of the stance lexicon ("the Tory leader had backed ..."), not a
    passive ("Ukraine will not be offered ...") or a predicate adjective ("Kyiv is
    unlikely to ...") that the speaker says about the subject."""
    word = low[v0:v1].strip()
    if word in _ADJ_PRED:
        return False
    before = low[max(0, v0 - 12):v0].split()
    if before and before[-1] in _BE_FORMS:
        return False
    if is_speech(low, v0, v1):
        return True
    classes = load_lexicon().classes
    return any(classes[c].fullmatch(word) for c in ("support", "oppose", "reverse")
               if c in classes) or word.endswith("ed")
