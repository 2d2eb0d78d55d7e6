"""safetext: every function against expectations written by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.safetext import (
    escape_github_data,
    escape_github_property,
    for_csv_cell,
    for_github_command,
    for_json,
    for_line,
    for_markdown_cell,
    for_markdown_code,
    for_markdown_text,
    for_terminal,
    for_xml,
    no_command_lines,
)

# (input, for_terminal) -- the escapes spelled out as they are printed
TERMINAL = [
    ("plain text", "plain text"),
    ("", ""),
    ("ümlaut ✓ 🚀 שלום", "ümlaut ✓ 🚀 שלום"),  # printable Unicode, RTL letters: unchanged
    ("a\nb", "a\\nb"),
    ("a\r\nb", "a\\r\\nb"),
    ("a\tb", "a\\tb"),
    ("\x1b[31mred", "\\x1b[31mred"),  # CSI
    ("\x1b]8;;http://x\x1b\\link", "\\x1b]8;;http://x\\x1b\\link"),  # OSC 8 hyperlink
    ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),  # OSC 0 window title, BEL
    ("\x00\x08\x7f", "\\x00\\x08\\x7f"),  # NUL, backspace, DEL
    ("\x85 \x9b", "\\x85 \\x9b"),  # C1: NEL, CSI
    ("abc\u202edef", "abc\\u202edef"),  # right-to-left override
    ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
    ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),  # isolates
    ("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),  # LRM, RLM, ALM
    ("a\u2028b\u2029c", "a\\u2028b\\u2029c"),  # line and paragraph separators
    ("bad\udcff.yaml", "bad\\udcff.yaml"),  # os.fsdecode of a non-UTF-8 byte
    ("C:\\plans\\x1b", "C:\\plans\\x1b"),  # backslashes are left as they are
    ("::error::x", "::error::x"),  # inside a line, colons are harmless
]


@pytest.mark.parametrize(("text", "expected"), TERMINAL)
def test_for_terminal(text: str, expected: str) -> None:
    assert for_terminal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("::error::x", "\\x3a:error::x"),
        ("  ::warning::x", "  \\x3a:warning::x"),
        ("\u3000::x", "\u3000\\x3a:x"),  # ideographic space: GitHub's runner trims it too
        (":", "\\x3a"),  # a ":" that plantrack's own ": " would make "::"
        ("a::b", "a::b"),
        ("x\n::error::y", "x\\n::error::y"),
    ],
)
def test_for_line(text: str, expected: str) -> None:
    assert for_line(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\nb\nc", "a\nb\nc"),
        ("::error::x\nok\n  ::notice::y", "\\x3a:error::x\nok\n  \\x3a:notice::y"),
        (": one colon", ": one colon"),
        ("a ::b", "a ::b"),
    ],
)
def test_no_command_lines(text: str, expected: str) -> None:
    assert no_command_lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<a & 'b'>", "<a & 'b'>"),  # ElementTree escapes these itself
        ("a\x01b", "a\\x01b"),
        ("\ufffe\uffff", "\\ufffe\\uffff"),  # non-characters XML forbids
        ("\ud800", "\\ud800"),
        ("tab\tnl\n", "tab\\tnl\\n"),
        ("::x", "\\x3a:x"),
    ],
)
def test_for_xml(text: str, expected: str) -> None:
    assert for_xml(text) == expected


@pytest.mark.parametrize(
    ("text", "raw", "expected"),
    [
        ("plain", False, "plain"),
        ("=1+1", False, "'=1+1"),
        ("+1", False, "'+1"),
        ("-1", False, "'-1"),
        ("@SUM(A1)", False, "'@SUM(A1)"),
        ("\tx", False, "'\\tx"),
        ("\rx", False, "'\\rx"),
        ("a=b", False, "a=b"),  # only the first character counts
        ("=1+1", True, "=1+1"),
        ("\tx", True, "\\tx"),  # raw keeps formulas, never controls
        ("a\nb", True, "a\\nb"),
        ("::x", True, "\\x3a:x"),
    ],
)
def test_for_csv_cell(text: str, raw: bool, expected: str) -> None:
    assert for_csv_cell(text, raw=raw) == expected


@pytest.mark.parametrize(
    ("text", "cell", "text_"),
    [
        ("plain words", "plain words", "plain words"),
        ("a|b", "a\\|b", "a\\|b"),
        ("[a](b)", "\\[a\\](b)", "\\[a\\](b)"),
        ("![i](u)", "!\\[i\\](u)", "!\\[i\\](u)"),
        ("<script>", "\\<script\\>", "\\<script\\>"),
        ("*em* _em_ `c` ~~s~~", "\\*em\\* \\_em\\_ \\`c\\` \\~\\~s\\~\\~", None),
        ("&amp;", "\\&amp;", "\\&amp;"),
        ("a\\b", "a\\\\b", "a\\\\b"),
        ("a\nb\rc", "a\\\\nb\\\\rc", "a\\\\nb\\\\rc"),  # shown as \n and \r
        ("# heading", "# heading", "\\# heading"),
        ("- item", "- item", "\\- item"),
        ("+ item", "+ item", "\\+ item"),
        ("> quote", "\\> quote", "\\> quote"),  # escaped once: not a quote
        ("=== ", "=== ", "\\=== "),
        ("12. item", "12. item", "12\\. item"),
        ("3) item", "3) item", "3\\) item"),
        ("    code", "    code", "&#32;&#32;&#32;&#32;code"),
        ("2013-04 (cw-2013-12)", "2013-04 (cw-2013-12)", "2013-04 (cw-2013-12)"),
    ],
)
def test_for_markdown(text: str, cell: str, text_: str | None) -> None:
    assert for_markdown_cell(text) == cell
    if text_ is not None:
        assert for_markdown_text(text) == text_


@pytest.mark.parametrize(
    ("text", "cell", "expected"),
    [
        ("plans/met.yaml", True, "`plans/met.yaml`"),
        ("a`b", True, "``a`b``"),
        ("``x", False, "``` ``x ```"),
        ("a|b", True, "`a\\|b`"),
        ("a|b", False, "`a|b`"),
        ("a\nb", False, "`a\\nb`"),
    ],
)
def test_for_markdown_code(text: str, cell: bool, expected: str) -> None:
    assert for_markdown_code(text, cell=cell) == expected


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% done", "50%25 done", "50%25 done"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_github_data(text) == data
    assert escape_github_property(text) == prop


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("a\n::error::b", "a\\n::error::b", "a\\n%3A%3Aerror%3A%3Ab"),
        ("\x1b[31m%", "\\x1b[31m%25", "\\x1b[31m%25"),
        ("a\r\nb", "a\\r\\nb", "a\\r\\nb"),
    ],
)
def test_for_github_command(text: str, data: str, prop: str) -> None:
    assert for_github_command(text) == data
    assert for_github_command(text, prop=True) == prop


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain ✓", '"plain ✓"'),
        ("\x1b\n", '"\\u001b\\n"'),  # json.dumps's own escapes
        ("\x9b\x7f", '"\\u009b\\u007f"'),
        ("\u202e\u2028", '"\\u202e\\u2028"'),
        ("bad\udcff", '"bad\\udcff"'),
    ],
)
def test_for_json(value: str, expected: str) -> None:
    assert for_json(json.dumps(value, ensure_ascii=False)) == expected


@given(st.text())
def test_for_json_keeps_the_data(value: str) -> None:
    doc = for_json(json.dumps({"v": [value]}, indent=2, ensure_ascii=False))
    assert json.loads(doc) == {"v": [value]}
    doc.encode("utf-8")  # no lone surrogate left to fail on


@given(st.text())
def test_for_terminal_leaves_nothing_unsafe(value: str) -> None:
    out = for_terminal(value)
    assert not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in out
    )
    assert not set(out) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")
    assert len(out.splitlines()) <= 1
    assert for_terminal(out) == out  # escaping twice changes nothing more
