"""Plan text made safe for each kind of output: the one place for it.

Plan files, file names and the values echoed in error messages are untrusted
text.  Before any of it reaches an output it goes through one of these
functions, chosen by where it lands:

- :func:`for_terminal`: a value inside a line of text (a Rich ``Text``, a
  message): C0 and C1 controls, DEL, ESC, bidi overrides and isolates, line and
  paragraph separators and lone surrogates (undecodable bytes of a file name)
  become visible escapes, so a value can neither drive a terminal nor start a
  new line.  ``\\n``, ``\\r`` and ``\\t`` are shown as those two characters.
- :func:`for_line`: as :func:`for_terminal`, for text that may begin a line:
  a leading ``:`` is escaped too, so no line can start with ``::`` (a GitHub
  workflow command) unless plantrack wrote one.
- :func:`for_xml`, :func:`for_csv_cell`, :func:`for_markdown_cell`,
  :func:`for_markdown_text`, :func:`for_markdown_code`,
  :func:`for_github_command` and :func:`for_json`: the same, plus what each
  format needs.

Backslashes are left as they are: an escape here is for display, and
ordinary text (a Windows path) reads better unchanged.  Pure functions; no I/O.
"""

from __future__ import annotations

import functools
import re

__all__ = [
    "escape_github_data",
    "escape_github_property",
    "for_csv_cell",
    "for_github_command",
    "for_json",
    "for_line",
    "for_markdown_cell",
    "for_markdown_code",
    "for_markdown_text",
    "for_terminal",
    "for_xml",
    "no_command_lines",
]

# C0 controls, DEL, C1 controls; ALM, LRM and RLM; line and paragraph
# separators; bidi embeddings, overrides and isolates; lone surrogates.
_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE_RE = f"[{_UNSAFE}]"
# What XML 1.0 forbids beyond those: the non-characters U+FFFE and U+FFFF.
_XML_RE = f"[{_UNSAFE}\ufffe\uffff]"
# In JSON text, json.dumps has already escaped C0 (its raw newlines are the
# document's own indentation): what is left to escape is DEL and the rest.
_JSON_RE = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LEADING_COLON = r"^(\s*):"
_COMMAND_LINE = r"(?m)^(\s*):(?=:)"
_CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # OWASP's "CSV injection" rule
# Markdown: what could open emphasis, a code span, a link or image, an
# autolink or HTML tag, strikethrough, an entity, or break a table row.
_MD_INLINE = r"([\\`*_\[\]<>|~&])"
# ... and, at the start of a line, a heading, a block quote, a list item, a
# thematic break or setext underline, or an ordered list item ("1." "1)").
_MD_BLOCK = r"^([#>+=-])|^(\d+)([.)])"


@functools.cache
def _compiled(source: str) -> re.Pattern[str]:
    """One of the patterns above, compiled on first use (once), not at import."""
    return re.compile(source)


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every control, bidi and separator character escaped:
    ``"a\\x1b[31mb"`` → ``"a\\\\x1b[31mb"``, a newline → ``\\n`` (two characters),
    ``U+202E`` → ``\\u202e``.  Text without such characters is returned as is."""
    return _compiled(_UNSAFE_RE).sub(_escape_char, text)


def for_line(text: str) -> str:
    """As :func:`for_terminal`, and a first ``:`` (after any leading space) is
    shown as ``\\x3a``, so the text can begin a line of any output without that
    line starting with ``::``."""
    return _compiled(_LEADING_COLON).sub(r"\1\\x3a", for_terminal(text))


def no_command_lines(text: str) -> str:
    """Escape the first ``:`` of every line of ``text`` that starts (after
    spaces) with ``::``.  For text laid out by a library (Rich tables wrap and
    fold cells), after layout, where a wrapped value could begin a line."""
    return _compiled(_COMMAND_LINE).sub(r"\1\\x3a", text)


def for_xml(text: str) -> str:
    """As :func:`for_line`, and the characters XML 1.0 forbids (U+FFFE, U+FFFF)
    escaped too: the text can go into any XML attribute or element, and an XML
    writer (ElementTree) escapes ``&``, ``<``, ``>`` and quotes."""
    return _compiled(_LEADING_COLON).sub(r"\1\\x3a", _compiled(_XML_RE).sub(_escape_char, text))


def for_csv_cell(text: str, *, raw: bool = False) -> str:
    """A CSV cell: :func:`for_line`, and (unless ``raw``) a ``'`` before a cell
    that starts with ``=``, ``+``, ``-``, ``@``, tab or CR, so a spreadsheet
    does not run it as a formula (OWASP)."""
    safe = for_line(text)
    if not raw and text.startswith(_CSV_FORMULA):
        return "'" + safe
    return safe


def for_markdown_cell(text: str) -> str:
    """Text for a Markdown table cell (or anywhere inside a line): as
    :func:`for_terminal`, then backslashes and the characters that could open
    emphasis, code, a link, an image, an HTML tag or an entity, or break the
    row (``|``), escaped with a backslash."""
    return _compiled(_MD_INLINE).sub(r"\\\1", for_line(text))


def for_markdown_text(text: str) -> str:
    """As :func:`for_markdown_cell`, for text that may start a line: a leading
    ``#``, ``>``, ``+``, ``-``, ``=`` or ``1.`` is escaped too (no heading,
    quote, list or rule), and leading spaces are kept as ``&#32;`` (no code
    block)."""
    escaped = _compiled(_MD_BLOCK).sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}",
        for_markdown_cell(text),
    )
    stripped = escaped.lstrip(" ")
    return "&#32;" * (len(escaped) - len(stripped)) + stripped


def for_markdown_code(text: str, *, cell: bool = True) -> str:
    """A Markdown code span showing ``text`` literally: fenced with more
    backticks than any run inside it, controls escaped as :func:`for_terminal`
    does, and in a table ``cell`` each ``|`` escaped for the table."""
    body = for_terminal(text)
    if cell:
        body = body.replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith(("`", " ")) or body.endswith(("`", " ")) else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def escape_github_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_github_property(text: str) -> str:
    """GitHub's escaping of a property value: as the message, and ``:`` and ``,``."""
    return escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def for_github_command(text: str, *, prop: bool = False) -> str:
    """Plan text for a workflow command (a ``prop``\\ erty value, or the
    message): controls escaped as :func:`for_terminal` does (so a newline in the
    text shows as ``\\n`` and cannot end the command), then GitHub's escaping."""
    safe = for_terminal(text)
    return escape_github_property(safe) if prop else escape_github_data(safe)


def for_json(document: str) -> str:
    """A JSON document from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1
    controls, bidi characters, line separators and lone surrogates written as
    ``\\uXXXX`` escapes: the same data once parsed, and the same bytes for
    text without them."""
    return _compiled(_JSON_RE).sub(lambda m: f"\\u{ord(m.group()):04x}", document)
