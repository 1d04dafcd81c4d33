"""Language identification of documents (py3langid; its model ships in the wheel)."""

from __future__ import annotations

from functools import lru_cache

#: Documents shorter than this are not judged (identification is unreliable).
MIN_CHARS = 120
#: Probability above which a non-English verdict skips the document.
MIN_CONFIDENCE = 0.90


@lru_cache(maxsize=1)
def _identifier():
    import py3langid.langid as L

    return L.LanguageIdentifier.from_model_file(L.MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, sample: int = 1500) -> tuple[str | None, float]:
    """Identify the language of a text.

    Parameters
    ----------
    text : str
        Document text; only the first ``sample`` characters are read.
    sample : int, default 1500

    Returns
    -------
    (code, probability) : tuple
        An ISO 639-1 code and its probability, or ``(None, 0.0)`` for texts too
        short (or too odd) to judge.
    """
    head = text[:sample]
    if len(head.strip()) < MIN_CHARS:
        return None, 0.0
    try:
        code, prob = _identifier().classify(head)
    except Exception:  # an odd text must not end the run: it is simply not judged
        return None, 0.0
    return str(code), float(prob)
