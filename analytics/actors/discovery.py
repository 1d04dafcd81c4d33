"""Discovery of persons that the registry does not list.

A capitalised name is taken for a person only with a cue that English news uses
for people:

* ``title``: an honorific or title before it ("Mr Coale", "Sir Tony Brenton",
  "Professor Father Francesco Giordano", "Pope Francis");
* ``role``: a role noun before it ("envoy Steve Witkoff", "Kremlin aide Yuri
  Ushakov", "Defence Secretary John Healey");
* ``speech``: a speech verb after it ("John Bolton, who ..., said") or "said"/
  "according to" before it;
* ``apposition``: ", who", ", the <...> ambassador", ", 45," after it, or
  "the former ambassador to Russia, " before it.

Candidates whose words are place, organisation, publication or event words
(``analytics/data/name_stoplists.yaml``: "Downing Street", "Sky News", "Truth
Social", "Air Force One", "St Peter's Basilica") are rejected, and so are names in
photo credits ("Photo credit: Carl Court/Pool/Reuters").

Names of one token (without a title that stays part of the name, like "Pope")
attach to the multi-token name with the same last token in the document, else to
the only such name in the corpus. All occurrences of a discovered person's full
name are then mentions (kind ``discovered``); surname-only occurrences count in
documents where the person was named in full or cued, or anywhere with a title
("Mr Coale").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import _lexicon as lex
from .registry import strip_accents

__all__ = ["Discoverer", "Cue"]

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿ"
_EXT = "\u0100-\u017f"  # Latin Extended-A (mixed case)
_TOK = (
    rf"(?:[{_UP}{_EXT}][{_LOW}{_EXT}]+(?:[{_UP}][{_LOW}{_EXT}]+)?"
    rf"(?:['-][{_UP}{_LOW}{_EXT}][{_LOW}{_EXT}]+)*"
    rf"|[{_UP}]\.(?:\s?[{_UP}]\.)*"
    rf"|[{_UP}]{{2}}(?=\s[{_UP}][{_LOW}]))"
)
_PARTICLES = ("von", "van", "der", "den", "de", "da", "di", "del", "della", "du", "la", "le",
              "bin", "al", "el", "ben", "ibn", "dos", "das", "ter", "zu", "af")
_SEQ = re.compile(
    rf"(?<![\w'-]){_TOK}(?:(?:\s(?:{'|'.join(_PARTICLES)}))*\s{_TOK})*"
)
_TOKEN_SPLIT = re.compile(rf"{_TOK}|\S+")


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


@dataclass
class Person:
    canonical: str
    tokens: tuple[str, ...]
    gender: str | None = None
    cues: set[str] = field(default_factory=set)
    docs: set[int] = field(default_factory=set)          # docs with a cue or full name
    example_sent: int | None = None


class Discoverer:
    """Cue-based discovery of person names (one instance per call of find_mentions)."""

    def __init__(self) -> None:
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
        speech = lex.alternation(cues.get("speech_verbs", []))
        fillers = lex.alternation(cues.get("speech_fillers", []))
        self.after_speech = re.compile(
            rf"(?:'s?)?\s*(?:,[^,\x00\"]{{1,90}},\s*|,\s*)?(?:(?:{fillers})\s+){{0,2}}(?:{speech})(?![\w-])"
        )
        self.before_speech = re.compile(
            r"(?:\b(?:said|says|added|adds|wrote|according\s+to|asked|explained|warned))[,:]?\s+$"
        )
        roles = lex.alternation(sorted(self.role_nouns))
        self.after_appos = re.compile(
            rf",\s+(?:(?:who|whose)\b|\d{{1,3}},|(?:the|a|an|his|her|its|their)\s+(?:[\w'-]+\s+){{0,6}}?(?i:{roles})(?![\w-]))"
        )
        self.before_appos = re.compile(
            rf"\b(?i:the|a|an|his|her|its|their)\s+(?:[\w'-]+\s+){{0,6}}?(?i:{roles})"
            rf"(?:\s+(?:to|of|for|at|in|on)\s+(?:the\s+)?[\w'-]+(?:\s+[\w'-]+)?)?\s*,\s+$"
        )
        self.role_before = re.compile(rf"(?<![\w-])(?i:{roles})\s+$")
        credit = lex.alternation(cues.get("credit_prefixes", []))
        self.credit_before = re.compile(
            rf"(?i:\b(?:{credit}))\s*:\s*(?:[\w.'-]+(?:\s*[/,;]\s*|\s+))*$"
        )
        self.cues: list[Cue] = []
        self.persons: dict[str, Person] = {}
        self.form_map: dict[str, str] = {}
        self.surname_map: dict[str, str] = {}

    # ------------------------------------------------------------------ pass 1
    def collect(self, text: str, sent_starts: list[int], sent_doc: list[int], sent_base: int = 0) -> None:
        """Collect cue-supported names from a (masked, normalised) corpus string."""
        import bisect

        for m in _SEQ.finditer(text):
            s = m.start()
            si = bisect.bisect_right(sent_starts, s) - 1
            sstart = sent_starts[si]
            raw = [(t.group(), t.start() + s) for t in _TOKEN_SPLIT.finditer(m.group())]
            toks = [t for t, _ in raw]
            # the whole sequence names a place/organisation?
            if toks[-1].rstrip(".") in self.head or toks[0] in self.prefix:
                continue
            # the name is the last run of name-like tokens; what precedes it in the
            # sequence (titles, offices, adjectives) is context
            def breaker(t: str) -> bool:
                u = t.rstrip(".")
                return (t in self.non_name or u in self.hon or t.lower() in self.role_nouns
                        or (t.isupper() and len(t) > 2) or t in self.head or t in self.prefix)

            j = len(toks)
            while j > 0 and breaker(toks[j - 1]):
                j -= 1
            if j == 0:
                continue
            i = j
            while i > 0 and not breaker(toks[i - 1]):
                i -= 1
            core = toks[i:j]
            if len(core) > 6 or any(len(t) > 30 for t in core):
                continue  # not a name: a run of capitalised words or a garbled token
            if j < len(toks) and any(t in self.head for t in toks[j:]):
                continue
            titled = False
            last_hon = ""
            gender = None
            keep_title: str | None = None
            role_cue = False
            k = i - 1
            while k >= 0 and toks[k].rstrip(".") in self.hon:
                t = toks[k].rstrip(".")
                if not titled:
                    last_hon = t
                    keep_title = t if t in self.name_hon else None
                titled = True
                gender = gender or self.hon[t]
                if t.lower() in self.role_nouns:
                    role_cue = True
                k -= 1
            if i > 0 and toks[i - 1] in self.prefix:
                continue
            if any(t.lower() in self.role_nouns for t in toks[:i]):
                role_cue = True
            if any(t in self.head for t in core):
                continue
            cs = raw[i][1]
            ce = raw[i + len(core) - 1][1] + len(core[-1])
            before = text[sstart:raw[i][1] if i else s]
            after = text[ce:ce + 160]
            # photo credits and agency bylines
            if "/" in text[max(sstart, cs - 2):cs] or after[:2].strip().startswith("/") \
                    or self.credit_before.search(text[max(sstart, cs - 80):cs]):
                continue
            cue = None
            if titled:
                cue = "title"
            elif (role_cue or self.role_before.search(before[-40:])) and len(core) >= 2:
                cue = "role"
            elif len(core) >= 2 and (self.after_speech.match(after) or self.before_speech.search(before[-30:])):
                cue = "speech"
            elif len(core) >= 2 and (self.after_appos.match(after) or self.before_appos.search(before[-90:])):
                cue = "apposition"
            if cue is None:
                continue
            if len(core) == 1 and keep_title:
                core = [keep_title] + core
            elif len(core) == 1 and last_hon in self.office:
                continue
            if len(core) == 1 and (core[0] in self.ambiguous or len(core[0]) < 3):
                continue
            self.cues.append(Cue(cs, ce, tuple(core), cue, gender, sent_doc[si], sent_base + si, titled,
                                 last_hon if titled else ""))

    # ------------------------------------------------------------------ grouping
    def group(self, sent_doc_of_cue=None) -> None:
        """Group cue occurrences into persons (full names; surnames attach)."""
        full: dict[str, Person] = {}
        by_surname_doc: dict[tuple[str, int], set[str]] = {}
        by_surname: dict[str, set[str]] = {}
        singles: list[Cue] = []
        for c in self.cues:
            if len(c.tokens) >= 2:
                name = " ".join(c.tokens)
                key = strip_accents(name)
                p = full.get(key)
                if p is None:
                    p = full[key] = Person(canonical=name, tokens=c.tokens)
                p.cues.add(c.cue)
                p.docs.add(c.doc)
                p.gender = p.gender or c.gender
                if p.example_sent is None:
                    p.example_sent = c.sent
                last = c.tokens[-1]
                by_surname_doc.setdefault((last, c.doc), set()).add(key)
                by_surname.setdefault(last, set()).add(key)
            else:
                singles.append(c)
        for c in singles:
            last = c.tokens[0]
            keys = by_surname_doc.get((last, c.doc)) or by_surname.get(last) or set()
            if len(keys) == 1:
                p = full[next(iter(keys))]
            else:
                # no full name anywhere: the person is known as "Mr Coale"
                name = f"{c.hon} {last}" if c.hon else last
                key = "\x00" + strip_accents(last)
                p = full.get(key)
                if p is None:
                    p = full[key] = Person(canonical=name, tokens=tuple(name.split()))
            p.cues.add(c.cue)
            p.docs.add(c.doc)
            p.gender = p.gender or c.gender
            if p.example_sent is None:
                p.example_sent = c.sent
        self.persons = {p.canonical: p for p in full.values()}
        form_map: dict[str, str] = {}
        surname_count: dict[str, set[str]] = {}
        for p in self.persons.values():
            form_map[p.canonical] = p.canonical
            form_map[strip_accents(p.canonical)] = p.canonical
            if len(p.tokens) >= 2 and p.tokens[0] not in self.name_hon:
                surname_count.setdefault(p.tokens[-1], set()).add(p.canonical)
        self.form_map = form_map
        self.surname_map = {
            s: next(iter(v)) for s, v in surname_count.items()
            if len(v) == 1 and s not in self.non_name and s not in form_map
        }
        # personal honorifics only: "Mr Coale" is a surface, "Minister Ishiba" is a title
        hons = [h for h in self.hon if h.lower() not in self.role_nouns]
        forms = set(form_map) | set(self.surname_map)
        if forms:
            self.pattern = re.compile(
                rf"(?<![\w'-])(?P<hon>(?:(?:{lex.alternation(hons)})\.?\s+)*)"
                rf"(?P<name>{lex.trie_regex(sorted(forms))})(?![\w-])"
            )
        else:
            self.pattern = None

    # ------------------------------------------------------------------ pass 2
    def find(self, text: str, sent_starts: list[int], sent_doc: list[int]):
        """Yield ``(start, end, canonical)`` for discovered persons in ``text`` (masked)."""
        import bisect

        if self.pattern is None:
            return
        for m in self.pattern.finditer(text):
            name = " ".join(m.group("name").split())
            hon = m.group("hon").strip()
            si = bisect.bisect_right(sent_starts, m.start()) - 1
            doc = sent_doc[si]
            if name in self.form_map:
                canon = self.form_map[name]
                p = self.persons[canon]
                if len(p.tokens) == 1 and not hon and doc not in p.docs:
                    continue
                if len(p.tokens) == 1 and p.tokens[0] in self.ambiguous and not hon:
                    continue
            else:
                canon = self.surname_map[name]
                p = self.persons[canon]
                if not hon and (doc not in p.docs or name in self.ambiguous):
                    continue
            ns = m.start("name")
            start = m.start() if hon else ns
            end = m.end("name")
            # another given name right before, or a capitalised word right after:
            # a different entity ("Tom Coale", "Coale Street")
            prev = text[max(sent_starts[si], ns - 30):ns]
            pm = re.search(rf"([{_UP}][{_LOW}]+)\s$", prev)
            if not hon and pm and pm.group(1) not in self.non_name and pm.group(1) not in self.hon \
                    and pm.group(1).lower() not in self.role_nouns \
                    and prev[:pm.start(1)].strip(" \"'(") != "":
                continue
            nxt = re.match(rf"\s([{_UP}][{_LOW}]+)", text[end:end + 30])
            if nxt and nxt.group(1) not in self.non_name:
                continue
            if p.gender is None and hon and self.hon.get(hon.split()[-1].rstrip(".")):
                p.gender = self.hon.get(hon.split()[-1].rstrip("."))
            yield start, end, canon

    def gender_of(self, canonical: str) -> str | None:
        p = self.persons.get(canonical)
        return p.gender if p else None
