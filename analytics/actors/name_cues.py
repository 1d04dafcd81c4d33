"""Cue-supported names: the first step of discovering persons outside the registry.

:class:`CueFinder` reads a (masked, normalised) corpus string and reports each run of
capitalised name tokens that English news marks as a person (:class:`Cue`): a title
or a role noun before it, a speech verb after it (or "said" before it), or an
apposition around it; or, without such a cue, the learned span classifier
(:mod:`analytics.actors.ner`) is confident that it names a person. See :mod:`analytics.actors.discovery` for the cue types and
what happens to the cues next. The words come from ``analytics/lang/en``
(``actor_cues.yaml``, ``name_stoplists.yaml``, ``name_parts.yaml``).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from ..lang import en
from . import _lexicon as lex
from .ner import PersonSpanClassifier, load_default

__all__ = ["CLASSIFIER_CUE", "Cue", "CueFinder", "LOW", "NEXT_WORD", "NON_PERSON_THRESHOLD",
           "PERSON_THRESHOLD", "UP", "WORD_BEFORE"]

#: Cue type of a name found by the span classifier alone (no title, role, speech or
#: apposition cue).
CLASSIFIER_CUE = "classifier"
#: Least person probability for an uncued name to count as a person.
PERSON_THRESHOLD = 0.8
#: A cued name (without title) is dropped when the classifier gives it at least this
#: probability of not being a person (organisation, place or other).
NON_PERSON_THRESHOLD = 0.7

#: An uncued name whose last token comes back alone later in the same document needs
#: only this person probability (re-mention by surname is how news treats people).
REMENTION_THRESHOLD = 0.5
#: ... and this one when it comes back with a personal title ("Mr. Santorum").
TITLED_REMENTION_THRESHOLD = 0.2

#: Upper- and lower-case letters of name tokens (regex classes).
UP = "A-ZÀ-ÖØ-Þ"
LOW = "a-zß-öø-ÿ"
_EXT = "\u0100-\u017f"  # Latin Extended-A (mixed case)
_TOK = (
    rf"(?:[{UP}{_EXT}][{LOW}{_EXT}]+(?:[{UP}][{LOW}{_EXT}]+)?"
    rf"(?:['-][{UP}{LOW}{_EXT}][{LOW}{_EXT}]+)*"
    rf"|[{UP}]\.(?:\s?[{UP}]\.)*"
    rf"|[{UP}]{{2}}(?=\s[{UP}][{LOW}]))"
)
_INITIALS = re.compile(r"(?:[A-Z]\.\s*)+")  # "H. W." in "George H. W. Bush"
_TOKEN_SPLIT = re.compile(rf"{_TOK}|\S+")
#: A capitalised word right after a position ("Trump Tower", "The Premier League").
NEXT_WORD = re.compile(rf"[ ]([{UP}][{LOW}{_EXT}]+)")
#: A capitalised word right before a position ("Melania Trump").
WORD_BEFORE = re.compile(rf"([{UP}][{LOW}{_EXT}]+)\s+$")


@functools.lru_cache(maxsize=1)
def _place_after() -> re.Pattern:
    head = lex.alternation(sorted({str(w) for w in lex.stoplists().get("head_words", [])},
                                  key=len, reverse=True))
    return re.compile(rf"(?:[ ][{UP}][{LOW}{_EXT}]+){{0,3}}?[ ](?:{head})(?![\w-])")


def names_a_place_after(text: str, end: int) -> bool:
    """Whether capitalised words right after a name end in a place or building word,
    making the name part of that place's name ("Jomo Kenyatta International Airport",
    "John F. Kennedy Space Center")."""
    return _place_after().match(text, end) is not None


def _sequence_pattern() -> re.Pattern:
    """Runs of name tokens, possibly joined by particles ("von der")."""
    particles = "|".join(en.items("name_parts", "particles"))
    return re.compile(rf"(?<![\w'-]){_TOK}(?:(?:\s(?:{particles}))*\s{_TOK})*")


@dataclass
class Cue:
    """One cue-supported occurrence of a name (positions in the corpus string)."""

    start: int
    end: int
    tokens: tuple[str, ...]
    cue: str
    gender: str | None
    doc: int
    sent: int
    titled: bool  # a title/honorific stood right before
    hon: str = ""  # that title


class _Title(NamedTuple):
    """The titles written right before a name."""

    titled: bool
    last: str  # the title next to the name ("Mr"), else ""
    gender: str | None
    keep: str | None  # a title that stays part of a one-token name ("Pope")
    role: bool  # one of the titles is a role noun


def _words(key: str) -> str:
    """An ``actor_cues`` list as a regex alternation in file order (words as written)."""
    return "|".join(w.replace(" ", r"\s+") for w in en.items("actor_cues", key))


class CueFinder:
    """Finds cue-supported names (word lists and patterns compiled once).

    Parameters
    ----------
    model : PersonSpanClassifier, optional
        The span classifier that vets the names without a title and finds uncued
        ones (classes ``PERSON`` among them); default: the bundled model.
    """

    def __init__(self, model: PersonSpanClassifier | None = None) -> None:
        self.model = model
        st = lex.stoplists()
        cues = lex.cues()
        self.head = frozenset(st.get("head_words", []))
        self.prefix = frozenset(st.get("place_prefixes", []))
        self.non_name = frozenset(st.get("non_name_words", []))
        self.ambiguous = frozenset(st.get("ambiguous_surnames", []))
        self.hon = lex.honorifics()
        self.name_hon = lex.name_honorifics()
        self.office = lex.office_honorifics()
        self.role_nouns = frozenset(w.lower() for w in cues.get("role_nouns", []))
        self.given = frozenset(lex.given_name_genders())
        self.personal = frozenset(h.rstrip(".") for h in lex.personal_honorifics()
                                  if h != "President")
        self.sequence = _sequence_pattern()
        hons = lex.alternation(sorted(self.hon, key=len, reverse=True))
        self.abbrev_before = re.compile(rf"(?<![\w-])(?:(?:{hons})\.?\s+)*(?:{hons})\.\s+$")
        self._compile_context(cues)

    def _compile_context(self, cues: dict) -> None:
        """The patterns of the speech, apposition, role and credit cues."""
        speech = lex.alternation(cues.get("speech_verbs", []))
        fillers = lex.alternation(cues.get("speech_fillers", []))
        dets = _words("apposition_determiners")
        preps = _words("apposition_prepositions")
        self.after_speech = re.compile(
            rf"(?:'s?)?\s*(?:,[^,\x00\"]{{1,90}},\s*|,\s*)?(?:(?:{fillers})\s+){{0,2}}(?:{speech})(?![\w-])"
        )
        self.before_speech = re.compile(rf"(?:\b(?:{_words('speech_before')}))[,:]?\s+$")
        roles = lex.alternation(sorted(self.role_nouns))
        self.after_appos = re.compile(
            rf",\s+(?:(?:{_words('apposition_relatives')})\b|\d{{1,3}},"
            rf"|(?:{dets})\s+(?:[\w'-]+\s+){{0,6}}?(?i:{roles})(?![\w-]))"
        )
        self.before_appos = re.compile(
            rf"\b(?i:{dets})\s+(?:[\w'-]+\s+){{0,6}}?(?i:{roles})"
            rf"(?:\s+(?:{preps})\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?)?\s*,\s+$"
        )
        self.role_before = re.compile(rf"(?<![\w-])(?i:{roles})\s+$")
        credit = lex.alternation(cues.get("credit_prefixes", []))
        self.credit_before = re.compile(
            rf"(?i:\b(?:{credit}))\s*:\s*(?:[\w.'-]+(?:\s*[/,;]\s*|\s+))*$"
        )

    def find(self, text: str, sent_starts: list[int], sent_doc: list[int],
             sent_base: int = 0) -> list[Cue]:
        """The cue-supported names of a (masked, normalised) corpus string.

        Parameters
        ----------
        text : str
            Sentences joined by ``\\x00``; registry names masked.
        sent_starts, sent_doc : list of int
            Position and document number of each sentence.
        sent_base : int, optional
            Number of the first sentence (for :attr:`Cue.sent`).

        Returns
        -------
        list of Cue
            In text order.
        """
        out = []
        self._sent_doc = sent_doc
        for m in self.sequence.finditer(text):
            cue = self._cue(text, m, sent_starts, sent_doc, sent_base)
            if cue is not None:
                out.append(cue)
        return self._classify(text, sent_starts, sent_base, out)

    def _classify(self, text: str, sent_starts: list[int], sent_base: int,
                  cues: list[Cue]) -> list[Cue]:
        """Keep the uncued names the span classifier calls persons and drop the cued
        names it says are no person (all spans of the string in one batch).

        Titled names ("Mr Coale") are kept as they are. Each span is scored in its own
        sentence and its probabilities do not depend on the batch, so the result is the
        same whatever the chunking.
        """
        check = [c for c in cues if not c.titled]
        if not check:
            return cues
        triples = []
        for c in check:
            si = c.sent - sent_base
            a = sent_starts[si]
            b = sent_starts[si + 1] - 1 if si + 1 < len(sent_starts) else len(text)
            triples.append((text[a:b], c.start - a, c.end - a))
        model = self.model or load_default()
        probs = model.predict_proba(triples)
        col = {str(k): n for n, k in enumerate(model.classes_)}
        drop = set()
        for c, p_person in zip(check, probs[:, col["PERSON"]].tolist()):
            if c.cue == CLASSIFIER_CUE:
                if p_person < PERSON_THRESHOLD:
                    again = (self._surname_again(text, sent_starts, sent_base, c)
                             if p_person >= TITLED_REMENTION_THRESHOLD else 0)
                    if not (again == 2 or (again == 1 and p_person >= REMENTION_THRESHOLD)):
                        drop.add(id(c))
            elif 1.0 - p_person >= NON_PERSON_THRESHOLD and not (
                    len(c.tokens) >= 2 and c.tokens[0] in self.given):
                # a cued name that starts with a known given name stays a person
                # ("Conservative MP John Bercow")
                drop.add(id(c))
        return [c for c in cues if id(c) not in drop]

    def _surname_again(self, text: str, sent_starts: list[int], sent_base: int,
                       c: Cue) -> int:
        """Whether the last token of the name comes back alone in another sentence of
        the same document (a headline before it, the body after), as a word of its
        own ("Yasser Arafat ... succeed Arafat"; "Los Angeles" never comes back as
        "Angeles"): how news refers to a person introduced in full. 2: it comes back
        with a personal title ("Mr. Santorum"), 1: alone, 0: not at all."""
        last = c.tokens[-1]
        if len(last) < 3 or last in self.ambiguous:
            return 0
        found = 0
        si = c.sent - sent_base
        lo = si
        while lo > 0 and self._sent_doc[lo - 1] == c.doc and si - lo < 200:
            lo -= 1
        hi = si
        while hi + 1 < len(sent_starts) and self._sent_doc[hi + 1] == c.doc and hi - si < 200:
            hi += 1
        a = sent_starts[lo]
        b = sent_starts[hi + 1] - 1 if hi + 1 < len(sent_starts) else len(text)
        for m in re.finditer(rf"(?<![\w'-]){re.escape(last)}(?![\w-])", text[a:b]):
            pos = a + m.start()
            if c.start <= pos < c.end:
                continue  # the name itself
            sk = bisect.bisect_right(sent_starts, pos) - 1
            before = text[max(sent_starts[sk], pos - 30):pos]
            if c.tokens[0] in before.split()[-1:]:
                continue  # the full name again
            after = NEXT_WORD.match(text, pos + len(last))
            if after and after.group(1) not in self.non_name:
                continue  # "Arafat Foundation"
            hon = before.split()[-1:] if before.strip() else []
            if hon and hon[0].rstrip(".") in self.personal:
                return 2
            found = 1
        return found

    def _breaker(self, t: str) -> bool:
        """A token that cannot be part of a person's name (title, office, place word)."""
        u = t.rstrip(".")
        return (t in self.non_name or u in self.hon or t.lower() in self.role_nouns
                or (t.isupper() and len(t) > 2 and not _INITIALS.fullmatch(t))
                or t in self.head or t in self.prefix)

    def _name_bounds(self, toks: list[str]) -> tuple[int, int]:
        """``[i, j)``: the last run of name-like tokens (what precedes it in the
        sequence, titles, offices, adjectives, is context); ``j == 0`` for none."""
        j = len(toks)
        while j > 0 and self._breaker(toks[j - 1]):
            if j >= 2 and _INITIALS.fullmatch(toks[j - 2]) and not toks[j - 1].isupper():
                break  # a surname after initials stays a surname: "Michael R. Bloomberg"
            j -= 1
        i = j - 1 if j > 0 and self._breaker(toks[j - 1]) else j
        while i > 0 and (not self._breaker(toks[i - 1])
                         or (toks[i - 1] in self.given and i < j)):
            i -= 1  # a given name before a surname stays a name: "Bill Clinton"
        return i, j

    def _titles(self, toks: list[str], i: int) -> _Title:
        """The honorifics right before token ``i``."""
        titled, last, gender, keep, role = False, "", None, None, False
        k = i - 1
        while k >= 0 and toks[k].rstrip(".") in self.hon:
            t = toks[k].rstrip(".")
            if not titled:
                last = t
                keep = t if t in self.name_hon else None
            titled = True
            gender = gender or self.hon[t]
            if t.lower() in self.role_nouns:
                role = True
            k -= 1
        return _Title(titled, last, gender, keep, role)

    def _titles_before(self, text: str, s: int, sstart: int) -> _Title | None:
        """Abbreviated honorifics written before the run ("Sen. Tim Kaine", "Mr. Sloan":
        the full stop ends the run of capitalised tokens)."""
        m = self.abbrev_before.search(text, max(sstart, s - 40), s)
        if not m:
            return None
        toks = m.group().replace(".", ". ").split()
        t = self._titles(toks, len(toks))
        return t if t.titled else None

    def _cue(self, text: str, m: re.Match, sent_starts: list[int], sent_doc: list[int],
             sent_base: int) -> Cue | None:
        """The cue of one run of capitalised tokens, or None when it is not a person."""
        s = m.start()
        si = bisect.bisect_right(sent_starts, s) - 1
        raw = [(t.group(), t.start() + s) for t in _TOKEN_SPLIT.finditer(m.group())]
        toks = [t for t, _ in raw]
        core, i = self._core(toks)
        if core is None:
            return None
        title = self._titles(toks, i)
        if i == 0:
            title = self._titles_before(text, s, sent_starts[si]) or title
        if i > 0 and toks[i - 1] in self.prefix:
            return None
        cs = raw[i][1]
        ce = raw[i + len(core) - 1][1] + len(core[-1])
        sstart = sent_starts[si]
        if self._credit(text, sstart, cs, ce):
            return None
        role_cue = title.role or any(t.lower() in self.role_nouns for t in toks[:i])
        before = text[sstart:raw[i][1] if i else s]
        cue = self._cue_type(title.titled, role_cue, len(core), before, text[ce:ce + 160])
        if cue is None:
            if title.titled or len(core) < 2:
                return None
            cue = CLASSIFIER_CUE  # kept only if the span classifier says person
        if len(core) == 1 and title.keep:
            core = [title.keep] + core
        elif len(core) == 1 and title.last in self.office:
            return None
        if len(core) == 1 and (core[0] in self.ambiguous or len(core[0]) < 3):
            return None
        return Cue(cs, ce, tuple(core), cue, title.gender, sent_doc[si], sent_base + si,
                   title.titled, title.last if title.titled else "")

    def _core(self, toks: list[str]) -> tuple[list[str] | None, int]:
        """The name tokens of a sequence and where they start; None when the sequence
        names a place or organisation, holds no name, or is no name at all."""
        # the whole sequence names a place/organisation?
        if toks[-1].rstrip(".") in self.head or toks[0] in self.prefix:
            return None, 0
        i, j = self._name_bounds(toks)
        if j == 0:
            return None, 0
        core = toks[i:j]
        if len(core) > 6 or any(len(t) > 30 for t in core):
            return None, 0  # not a name: a run of capitalised words or a garbled token
        if j < len(toks) and any(t in self.head for t in toks[j:]):
            return None, 0
        if any(t in self.head and not (t in self.given and k < len(core) - 1)
               for k, t in enumerate(core)):
            return None, 0
        return core, i

    def _credit(self, text: str, sstart: int, cs: int, ce: int) -> bool:
        """Photo credits and agency bylines ("Photo: Carl Court/Pool/Reuters")."""
        return ("/" in text[max(sstart, cs - 2):cs] or text[ce:ce + 2].strip().startswith("/")
                or bool(self.credit_before.search(text[max(sstart, cs - 80):cs])))

    def _cue_type(self, titled: bool, role_cue: bool, n_tokens: int, before: str,
                  after: str) -> str | None:
        """``title``, ``role``, ``speech``, ``apposition`` or None (no cue)."""
        if titled:
            return "title"
        if n_tokens < 2:
            return None
        if role_cue or self.role_before.search(before[-40:]):
            return "role"
        if self.after_speech.match(after) or self.before_speech.search(before[-30:]):
            return "speech"
        if self.after_appos.match(after) or self.before_appos.search(before[-90:]):
            return "apposition"
        return None
