"""Character-level normalisation that preserves offsets.

News text mixes curly and straight quotes, several dashes and non-breaking spaces.
Rules and matchers work on :func:`normalize`'d text, which maps each of these
characters to one ASCII character, so an offset in the normalised text is the same
offset in the clean text users read. Surfaces and offsets reported to users always
come from the clean text.
"""

from __future__ import annotations

import unicodedata

__all__ = ["UNICODE_SPACES", "ascii_spaces", "normalize", "strip_accents"]

#: One character in, one character out. Keep it that way: offsets depend on it.
_CHAR_MAP: dict[str, str] = {
    # double quotation marks
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2033": '"', "\uff02": '"',
    # single quotation marks and apostrophes
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u02bc": "'", "\u0060": "'", "\u00b4": "'", "\u2039": "'", "\u203a": "'",
    # dashes and hyphens
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    # spaces
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ", "\u1680": " ",
    # next-line, line and paragraph separators (lines are split at "\n" only)
    "\u0085": " ", "\u2028": " ", "\u2029": " ",
    # zero-width characters become spaces (not removed: offsets must not move)
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ",
    # ellipsis keeps its single character; bullets become spaces
    "\u2022": " ", "\u00b7": " ", "\u25cf": " ",
}
_TABLE = str.maketrans(_CHAR_MAP)

#: Every white-space character outside ASCII (``str.isspace``; the same set as
#: Unicode's White_Space property).
UNICODE_SPACES = ("\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                  "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE_TABLE = str.maketrans({c: " " for c in UNICODE_SPACES})

def normalize(text: str) -> str:
    """Map typographic variants to ASCII, one character for one character.

    Parameters
    ----------
    text : str
        Clean document text.

    Returns
    -------
    str
        A string of the same length: curly quotes and apostrophes become ``"``
        and ``'``, dashes become ``-``, non-breaking and other spaces become a
        plain space. ``len(normalize(t)) == len(t)`` always holds.

    Examples
    --------
    >>> normalize("Starmer\u2019s \u201cstep up\u201d \u2013 now")
    'Starmer\\'s "step up" - now'
    """
    return text.translate(_TABLE)


def ascii_spaces(text: str) -> str:
    """Replace every non-ASCII white-space character with a plain space.

    Used for tools that mishandle multi-byte white space (the sentence splitter
    crashes on a capital letter, a non-breaking space and a full stop).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        A string of the same length; only the characters of :data:`UNICODE_SPACES`
        change.
    """
    return text.translate(_SPACE_TABLE)


def strip_accents(text: str) -> str:
    """Remove accents and map a few letters (ø, ł) to ASCII: for matching keys only.

    Unlike :func:`normalize`, this may change the length of the text, so its output
    never serves for offsets.
    """
    text = text.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
