"""English language data (word lists, cue words, lexicons, boilerplate rules).

Every English word list of the package lives in this folder as a data file, one per
kind. Read them through the functions below (cached)::

    from analytics.lang import en
    en.words("news_stopwords")             # frozenset of a TXT / YAML list
    en.words("name_stoplists", "head_words")  # a list inside a YAML mapping
    en.items("speech_verbs", "fillers")    # the same, as a tuple in file order
    en.table("actor_cues")                 # a YAML mapping
    en.text("boilerplate"), en.source("boilerplate")  # raw text and its location

See :class:`analytics.lang.LanguageData`.
"""

from __future__ import annotations

from .. import LanguageData

__all__ = ["DATA", "items", "kinds", "path", "source", "table", "text", "words"]

#: The loader bound to this folder.
DATA = LanguageData(__name__)

words = DATA.words
items = DATA.items
table = DATA.table
text = DATA.text
path = DATA.path
source = DATA.source
kinds = DATA.kinds
