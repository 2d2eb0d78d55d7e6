"""Plan text made safe as HTML text or an attribute value, for every part of
the HTML report (:mod:`plantrack.render.html` and its league section)."""

from __future__ import annotations

import html

from plantrack.safetext import for_terminal

__all__ = ["text"]


def text(value: str) -> str:
    """Plan text as HTML text or an attribute value: controls, bidi and
    separator characters made visible (:func:`plantrack.safetext.for_terminal`),
    the non-characters U+FFFE and U+FFFF too, then ``& < > " '`` escaped."""
    safe = for_terminal(value).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")
    return html.escape(safe, quote=True)
