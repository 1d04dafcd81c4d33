"""Find quotations in news text and attribute them to speakers.

:func:`extract_quotes` returns the ``quotes`` table (see :mod:`analytics.schema`):
one row per quotation, with the words inside the marks, who said them and how.

How quotations are found
------------------------
By :func:`analytics.text.find_quote_spans`, the package's one quotation-mark scanner
(see :mod:`analytics.text.quotemarks`): curly and straight, double and single marks,
classed as opening or closing from the characters around them; apostrophes are never
quotation marks; a quotation continues into the next paragraph only when that
paragraph reopens it, and is otherwise capped at the end of its paragraph.

``start``/``end`` are the offsets of the quoted words (inside the marks) in the clean
text; ``quote`` is that text, with the reopening marks of a multi-paragraph quote
removed (paragraphs joined by a newline) and a trailing comma dropped.

How speakers are found
----------------------
Rules (:mod:`analytics.quotes.attribution`), tried in order, on the clean text with the contents of every quotation masked
(so words inside quotes are never taken for cues or speakers):

1. after the closing mark: ``“…,” Mr Healey stated`` / ``“…,” said the minister`` /
   ``“…”, he said`` (not after a quote ending in a full stop, which ends the sentence);
2. before the opening mark: ``Starmer told reporters: “…”`` / ``He added: “…”``;
3. reported speech with an embedded (partial) quote: the subject of the nearest
   reporting verb before the quote in the same sentence (``he described it as a “…”``);
   a participle cue (``…, stating he was “…”``) takes the subject of the main clause;
4. another reporting clause in the same sentence (``“…” by doing X, “…”, he said``);
   a quotation ending in ``?`` or ``!`` also takes the clause that follows it
   (``“…?” Reuters correspondent Jane Wardell asked.``);
5. a colon introduction: the paragraph before ends with ``Cruz continued:`` and the
   quotation opens the next one (rules 2/3 on that sentence), or a colon without a
   reporting verb (``President Clinton released the following statement: “…”``, rule
   ``colon``), whose speaker is the subject of the introducing clause;
6. the speaker of the previous quotation in the same paragraph (quotes split by an
   attribution, ``“…,” Starmer said. “…”``), or of the previous paragraph when the
   quotation's paragraph holds nothing but quotations (a multi-paragraph statement);
   in an exchange set as paragraphs of quotations only, an answer after a question
   goes to the other party (interview Q/A). These rows have ``rule == "continued"``.

Titles and abbreviations never end a speaker phrase (``said Sen. Ted Cruz``, ``said
Harry M. Reid (D-Nev.)``, ``the Rev. Al Sharpton``); a parenthesis or apposition after
the name is dropped (``Rep. Trey Gowdy (R-S.C.) said``, ``Benjamin J. Rhodes, Mr. Obama's
deputy national security adviser, said``). The doubled ``''`` marks of some archives
are read like ``"``.

The speaker noun phrase is resolved with the ``mentions`` table: the actor of the last
mention inside the phrase. A named person no mention covers is still the speaker
(``speaker_kind == "unlisted"``): the name as written without titles, descriptions or
parentheses (:func:`analytics.quotes.speakers.person_name`: ``Democratic Rep. Dina
Titus`` -> ``Dina Titus``), a surname taking the full name the document gave earlier
(``Mr. Burman`` -> ``Leonard Burman``: a mention's actor, an earlier speaker, else the
full name written before). Pronouns (he, she, they) are resolved to the nearest
compatible person, sentence by sentence going back: in each sentence first the
speakers of its quotations (the latest first: ``After Beck asked him …, D’Souza
replied, “…”`` / ``“…,” he added`` is D’Souza), then the speaker of a reporting clause
(``…, Stovall said.``, ``according to a post from Arianna Huffington``; not a passive
``Asked by Stephanopoulos``, not a possessive ``the host’s remarks``) or, failing one,
the person named at its start (the subject), then the speakers of earlier quotations,
actor mentions *outside* quotation marks (a name inside the quote is not what ``he
said`` refers to; an indefinite ``a Univision host`` names no one) and people the
mentions table missed (a given name that says the gender, ``Zoe Saldana``, or a surname
whose full name the text gave, ``West`` after ``Cornel West``), those after a
preposition (``filling in for Sanders``) last; gender must agree (registry, honorific,
given name); a person named after the pronoun in its own clause (``he told Rubio``) is
not it; the ``pronoun`` mentions of :mod:`analytics.actors` are a fallback when their
gender agrees. A participle cue takes a pronoun subject (``she sent an email saying,
“…”``). An unresolved pronoun keeps ``speaker == ""`` with ``speaker_method ==
"pronoun"``. A quotation that runs over paragraphs is followed by continuations in the
paragraph where it ends.

Descriptions (``the CNN host said``) are linked to the person the text names with the
same words (``CNN host Jake Tapper`` or ``Jake Tapper, the CNN host``) or with the
head noun as a title (``Judge Richard Berman`` … ``the judge said``) before the
quotation, or, for a definite role (``the senator``, ``the Florida senator's answer``),
to the one person the previous sentence names or has as its subject, unless the text
gives that person another title (``Mayor Bill de Blasio`` is not ``the Republican
presidential candidate``) (``speaker_kind == "described"``); otherwise, and always for an
indefinite description (``a senior campaign official``), ``speaker`` stays ``""`` and
the description is kept in ``speaker_surface``.

Spokespeople and offices: ``a Downing Street spokesperson said`` is attributed to the
office, never to the leader. ``speaker`` is then the canonical actor of an organisation
mentioned in the phrase, else the capitalised modifier as written (``"Downing
Street"``, ``"Kremlin"``), else — for ``Zelenskyy's spokesman`` / ``the president's
office`` — ``"office of <actor>"``. A bare ``the spokesperson`` refers back to the last
spokesperson quoted in the document. A spokesperson who is named (``Kremlin spokesman
Dmitry Peskov said``) is that person. Institutions and countries named as speakers
(``Downing Street said``, ``the Kremlin said``: the names of the actor registry's
scopes) are speakers as written, without the article. These rows have
``speaker_kind == "office"``. ``according to X`` takes X as the speaker.

Kinds: ``direct`` for a quotation introduced by a cue and a colon/comma (``X said: “…”``),
standing at the start of its sentence with an attribution (``“…,” X said``) or
continuing one; also a capitalised quotation of five or more words embedded after a
cue. Everything else — words quoted inside reported speech (``described it as a “…”``)
and scare quotes of one to three words — is ``partial``; its speaker is the reporting
subject when there is one, else ``""``.

``speaker`` is ``""`` when the speaker is unknown or a description of no one named; the
phrase is kept in ``speaker_surface``. Discovered people (``kind == "discovered"``
mentions) keep the name the mentions table gives them.

``speaker_method`` (the last documented column) says how the speaker was found, for
filtering by confidence: ``name`` (a name at the cue: registry, discovered or
unlisted), ``pronoun`` (a pronoun resolved to a person, or left unresolved with
``speaker == ""``), ``description`` (a role, office, spokesperson or other
description, linked to a person or not), ``continuation`` (the speaker of a preceding
quotation, rule 6) and ``none`` (no rule applied).

Extra columns (after the documented ones): ``speaker_kind`` (``name``, ``role``,
``pronoun``, ``office``, ``discovered``, ``unlisted``, ``described``, ``unknown``, or
``""`` when no rule applied), ``rule`` (the rule that attributed the quote: ``after``,
``before``, ``reported``, ``sentence``, ``colon``, ``continued`` or ``""``) and
``para_id`` (the paragraph of the sentence that
holds the quotation; for a quotation outside every sentence, e.g. in a heading, the
index of its non-empty line). ``sent_id`` is the sentence that contains the first quoted
character (else the first sentence the quotation overlaps; -1 when none does).

The function words the rules use are language data
(``analytics/lang/en/quote_grammar.yaml``, ``speech_verbs.yaml``, ``abbreviations.txt``,
``actor_types.yaml``).

Who is quoted: :func:`quote_counts` (per person and outlet, with the methods) and
:func:`quoted_about` (quotations whose words mention another actor), in
:mod:`~analytics.quotes.tables`.

Modules: :mod:`~analytics.quotes.cues` (the cue lexicon), :mod:`~analytics.quotes.document`
(a document prepared for the rules), :mod:`~analytics.quotes.speakers` (speaker phrases),
:mod:`~analytics.quotes.attribution` (the rules), :mod:`~analytics.quotes.extract` (the
table).
"""

from __future__ import annotations

from ..text.quotemarks import QuoteSpan, find_quote_spans
from .cues import Cues, load_cues
from .extract import extract_quotes
from .tables import quote_counts, quoted_about

__all__ = ["Cues", "QuoteSpan", "extract_quotes", "find_quote_spans", "load_cues",
           "quote_counts", "quoted_about"]
