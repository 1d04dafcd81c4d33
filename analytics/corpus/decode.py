"""Decode documents: bytes to text (encoding detection) and HTML to text (main-text
extraction, or tag removal for HTML nested too deeply)."""

from __future__ import annotations

import html as _html
import re
from typing import Any


from .records import META_FIELDS

#: HTML nested deeper than this (counting elements that need an end tag) is read by
#: removing tags: the main-text extractor loses text beyond about 250 levels.
MAX_HTML_DEPTH = 200
_BINARY_SNIFF = 8192


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str | None, str]:
    """Decode bytes to text, detecting the encoding when needed.

    Parameters
    ----------
    data : bytes
        Raw file content.
    encoding : str, optional
        Force this encoding (errors are replaced, never raised).

    Returns
    -------
    (text, encoding) : tuple
        ``text`` is ``None`` when the data look binary; ``encoding`` names the
        codec used (``utf-8``, ``utf-8-sig``, ``cp1252``...) or ``binary``.
    """
    if encoding:
        return data.decode(encoding, errors="replace"), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    head = data[:_BINARY_SNIFF]
    if b"\x00" in head:
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None, "binary"
    enc = best.encoding
    # charset-normalizer may name a close relative; cp1252 is a superset of latin-1
    # for printable text and is what "latin-1" web text almost always is.
    if enc in {"latin_1", "iso8859_1", "iso-8859-1"}:
        enc = "cp1252"
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        text = data.decode(enc, errors="replace") if _codec_exists(enc) else data.decode(
            "cp1252", errors="replace")
    return text, enc.replace("_", "-")


def _codec_exists(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def extract_html(html: str) -> tuple[str, dict[str, Any]]:
    """Extract the main text and metadata of a news page.

    Uses trafilatura's main-content extraction (not tag stripping): navigation,
    footers, comments and related-link blocks are left out by the extractor. A page
    nested more than :data:`MAX_HTML_DEPTH` levels deep (which the extractor cannot
    read) or one the extractor fails on is read by removing all tags instead.

    Parameters
    ----------
    html : str
        The page's markup.

    Returns
    -------
    (text, metadata) : tuple
        The article text, one paragraph per line, and a dict with ``title``,
        ``date``, ``outlet`` and ``url`` where the page states them (``None``
        otherwise; nothing is invented).
    """
    text, meta, _ = _extract_html(html)
    return text, meta


_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
# elements without content, and elements whose end tag is optional (browsers close
# them implicitly, so they do not nest in practice)
_HTML_FLAT = frozenset(
    "area base br col embed hr img input link meta param source track wbr "
    "p li td th tr dt dd option optgroup thead tbody tfoot colgroup caption rb rt rp".split())


def html_depth(html: str) -> int:
    """Return the deepest element nesting of a page (a fast estimate from its tags).

    Elements with optional end tags (``p``, ``li``, ``td``...) and empty elements
    (``br``, ``img``...) are not counted.

    Parameters
    ----------
    html : str
        The page's markup.

    Returns
    -------
    int
        The maximum number of open elements at any point.
    """
    depth = deepest = 0
    for m in _HTML_TAG.finditer(html):
        name = m.group(2).lower()
        if name in _HTML_FLAT or m.group(0).endswith("/>"):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


class _TagStripper:
    """Plain text of a page by tag removal (no depth limit), one block per line."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head"})
    _BLOCK = frozenset(
        "address article aside blockquote br dd div dl dt figcaption figure footer form "
        "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split())

    def __init__(self) -> None:
        from html.parser import HTMLParser

        outer = self

        class _P(HTMLParser):
            def handle_starttag(self, tag: str, attrs: Any) -> None:
                outer._start(tag)

            def handle_startendtag(self, tag: str, attrs: Any) -> None:
                if tag in outer._BLOCK:
                    outer.parts.append("\n")

            def handle_endtag(self, tag: str) -> None:
                outer._end(tag)

            def handle_data(self, data: str) -> None:
                outer._data(data)

        self.parser = _P(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.in_title = False
        self.title: list[str] = []

    def _start(self, tag: str) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in self._SKIP:
            self.skip.append(tag)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def _end(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif self.skip and tag == self.skip[-1]:
            self.skip.pop()
        if tag in self._BLOCK:
            self.parts.append("\n")

    def _data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)

    def run(self, html: str) -> tuple[str, str | None]:
        self.parser.feed(html)
        self.parser.close()
        lines = (" ".join(ln.split()) for ln in "".join(self.parts).split("\n"))
        title = " ".join("".join(self.title).split()) or None
        return "\n".join(ln for ln in lines if ln), title


def strip_tags(html: str) -> tuple[str, str | None]:
    """Return the text of a page with every tag removed, and its ``<title>``.

    Scripts, styles and the page head are dropped; block elements start new lines;
    character references are decoded. Works at any nesting depth.

    Parameters
    ----------
    html : str
        The page's markup.

    Returns
    -------
    (text, title) : tuple
        One block per line; the title or None.
    """
    try:
        return _TagStripper().run(html)
    except Exception:  # the stdlib parser is lenient; this is a last resort
        text = _html.unescape(re.sub(r"<[^>]*>", "\n", html))
        lines = (" ".join(ln.split()) for ln in text.split("\n"))
        return "\n".join(ln for ln in lines if ln), None


def _extract_html(html: str) -> tuple[str, dict[str, Any], str | None]:
    """:func:`extract_html` plus a note when the text came from tag removal."""
    empty_meta: dict[str, Any] = {k: None for k in META_FIELDS}
    depth = html_depth(html)
    if depth > MAX_HTML_DEPTH:
        text, title = strip_tags(html)
        return text, {**empty_meta, "title": title}, (
            f"HTML nested {depth} levels deep, too deep for main-text extraction: text "
            "taken by removing all tags (menus and footers may remain)")
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=False,
        )
    except Exception as exc:  # the extractor's failure must not end the run
        text, title = strip_tags(html)
        return text, {**empty_meta, "title": title}, (
            f"main-text extraction failed ({type(exc).__name__}): text taken by removing "
            "all tags (menus and footers may remain)")
    if doc is None:
        return "", empty_meta, None
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {
        "title": d.get("title") or None,
        "date": d.get("date") or None,
        "outlet": d.get("sitename") or d.get("hostname") or None,
        "url": d.get("url") or None,
    }
    return d.get("text") or "", meta, None
