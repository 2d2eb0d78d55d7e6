"""Did-you-mean hints for a date that does not parse: the closest text that does.

Each word of the text that is not in the grammar's vocabulary is replaced by
the closest vocabulary word (``difflib``), and ``of`` is put back after words
that need it (``end 2014`` -> ``end of 2014``); a candidate is offered only
when the grammar accepts it. The cost is bounded: long texts, texts of many
words and long words get no hint.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from plantrack.lazyre import LazyPattern

__all__ = ["closest_form"]

MAX_TEXT = 200  # characters: parse_date refuses longer texts anyway
MAX_WORDS = 8  # the longest form, "no earlier than the beginning of March 2014", has 7
MAX_WORD = 12  # letters: no vocabulary word is longer than "postponed"
CUTOFF = 0.75  # difflib ratio: "erly"/"early" 0.89, "fifth"/"first" 0.6 (no hint)

_WORD = LazyPattern(r"([A-Za-z]+)")


def closest_form(
    text: str,
    *,
    vocabulary: Collection[str],
    needs_of: Collection[str],
    parses: Callable[[str], bool],
) -> str | None:
    """The closest text to ``text`` that ``parses`` accepts, or None.

    ``vocabulary`` holds the grammar's words as a hint should show them
    (``February``, ``early``, ``NET``); they match whatever the case.
    ``needs_of`` are the (lower-case) words that take ``of`` before a year or
    month (``end``, ``beginning``).
    """
    if len(text) > MAX_TEXT:
        return None
    pieces = _WORD.split(text)  # odd indices are the words
    if not 1 <= len(pieces) // 2 <= MAX_WORDS:
        return None
    shown = {word.lower(): word for word in vocabulary}
    fixed = list(pieces)
    for i in range(1, len(pieces), 2):
        word = pieces[i].lower()
        if word in shown or not 3 <= len(word) <= MAX_WORD:
            continue
        import difflib  # the error path only

        match = difflib.get_close_matches(word, list(shown), n=1, cutoff=CUTOFF)
        if match:
            fixed[i] = shown[match[0]]
    candidates = ["".join(fixed)]
    with_of = list(fixed)
    for i in range(1, len(with_of), 2):
        next_word = with_of[i + 2].lower() if i + 2 < len(with_of) else ""
        if with_of[i].lower() in needs_of and next_word != "of":
            with_of[i] += " of"
    candidates.append("".join(with_of))
    for candidate in candidates:
        if candidate.lower() != text.lower() and parses(candidate):
            return candidate
    return None
