"""The stance lexicon: operators that act on the sign of an issue trigger.

The lexicon (``analytics/lang/en/stance_lexicon.yaml`` by default) lists negators,
oppose / reverse / support verbs, modality and clause breaks; see
:mod:`analytics.stance.classify` for how they are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from ..errors import RegistryError
from ..lang import en
from .patterns import compile_pattern
from .registry import _fail

__all__ = ["Lexicon", "load_lexicon"]


@dataclass
class Lexicon:
    """Stance operators (see ``analytics/lang/en/stance_lexicon.yaml``)."""

    classes: dict[str, re.Pattern]
    breaks: list[str]


_LEX_CLASSES = ("negators", "oppose", "reverse", "support", "strong", "hedges", "expect_neg",
                "endorse_mods", "eval_pos", "eval_neg")


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the stance lexicon (bundled ``stance_lexicon.yaml`` by default).

    Raises
    ------
    analytics.errors.RegistryError
        When a user file is missing, unreadable, too large, not UTF-8, uses YAML
        anchors or aliases, or has a bad entry (the message names the file).
    """
    from ..actors.registry import compose_registry, read_registry_text
    from ..safe.yaml import construct

    if path is None:
        text = en.text("stance_lexicon")
        src = en.source("stance_lexicon")
    else:
        text = read_registry_text(path, "stance lexicon")
        src = str(path)
    root = compose_registry(text, src)
    try:
        data: Any = construct(root) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"invalid YAML value: {exc}", src) from None
    if not isinstance(data, dict):
        raise _fail(src, root, "the lexicon must be a mapping of word lists")
    classes: dict[str, re.Pattern] = {}
    for name in _LEX_CLASSES:
        entries = data.get(name) or []
        if not isinstance(entries, list):
            raise RegistryError(f"{name} must be a list of words", src)
        words = [str(w) for w in entries]
        regs = []
        for w in sorted(words, key=len, reverse=True):
            if w.startswith("'") or w == "n't":
                regs.append(re.escape(w))
                continue
            if w.strip().startswith("re:"):
                raise RegistryError(f"bad entry in {name}: {w!r}: regular expressions are not "
                                    "supported in the lexicon; use the pattern language", src)
            try:
                regs.append(compile_pattern(w).pattern[len(r"(?<![\w])"):-len(r"(?![\w])")])
            except ValueError as exc:
                raise RegistryError(f"bad entry in {name}: {exc}", src) from None
        if regs:
            classes[name] = re.compile(r"(?:(?<![\w])|(?=n't))(?:" + "|".join(regs) + r")(?![\w])",
                                       re.IGNORECASE)
    return Lexicon(classes, [str(b) for b in data.get("breaks") or []])
