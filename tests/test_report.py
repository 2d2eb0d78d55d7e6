"""``plantrack report``: the self-contained HTML page.

Pure checks (the page parses with every tag closed, has no script, no
``@import``, no URL fetched, escapes plan text, is the same bytes twice, says
so in one line without matplotlib), the CLI (``--output``/``--force``, stdout
only when piped, every bad input exits 2 and writes nothing), the README's
help block, and a real browser: Debian's chromium dumps the DOM and draws the
page at 375 and 1280 pixels wide (skipped without chromium, unless
PLANTRACK_REQUIRE_CHROMIUM=1).  Expected values are worked by hand from
plans/met.yaml as of 2013-12-31 (see tests/test_citations.py).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from plantrack.cli import cli
from plantrack.loader import load_plan, load_plan_text
from plantrack.render.html import NO_CHARTS, render_html
from plantrack.render.html_svg import inline_svg
from plantrack.slippage import evaluate

from .conftest import DATA, MET, ROOT, Invoke, PlanFile

AS_OF = _dt.date(2013, 12, 31)
VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "col", "source"}
HOSTILE = """\
plantrack: 1
plan: 'P <script>alert(1)</script> & "q"'
notes: "</p><iframe src=//evil>\\u001b[31m"
sources:
  s1:
    title: '<img src=x onerror=alert(1)>'
    publisher: "\\u202ePub"
    url: 'https://example.org/a"><script>b</script>'
  s2:
    title: Bad link
    url: 'javascript:alert(1)'
milestones:
  - id: x
    name: '<script>alert("name")</script>'
    planned: 2013-04
    forecasts:
      - {reported: 2013-02, date: 2013-09, source: s1}
      - {reported: 2013-05, date: 2013-10, source: s2}
  - id: y
    name: "it's ]]> --> <!-- &amp;"
    planned: 2013-01
    actual: 2013-03
    source: s1
"""


class Tree(HTMLParser):
    """Checks that every element is closed in order, and collects what the
    tests look at: tags, attributes and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))  # <path .../> in SVG: opened and closed

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Tree:
    tree = Tree()
    tree.feed(page)
    tree.close()
    assert tree.problems == []
    assert tree.stack == []
    return tree


def met_page(*, charts: bool = True, as_of: _dt.date = AS_OF) -> str:
    return render_html([evaluate(load_plan(MET), as_of)], version="9.9", charts=charts)


def assert_self_contained(page: str, *, links: set[str]) -> None:
    """No script, no @import, nothing fetched; the only outward links are ``links``."""
    tree = parse(page)
    assert "<script" not in page.lower()
    assert "@import" not in page
    assert not re.search(r"url\((?!#)", page), "a CSS or SVG url() that is not an in-page id"
    outward = set()
    for tag, attrs in tree.tags:
        assert not {a for a in attrs if a.startswith("on")}, (tag, attrs)  # no event handlers
        assert "src" not in attrs and "srcset" not in attrs, (tag, attrs)
        assert tag not in {"iframe", "object", "embed", "img", "link", "base", "form"}, tag
        for name in ("href", "xlink:href"):
            value = attrs.get(name)
            if value is not None and not value.startswith("#"):
                outward.add(value)
    assert outward == links


# -- the page -----------------------------------------------------------------------------------


def test_met_page_holds_every_milestone_status_and_citation() -> None:
    tree = parse(met_page(charts=False))
    text = " ".join(" ".join(tree.text).split())
    for milestone, status in [
        ("deloitte-review", "unscheduled"),
        ("ten-day-plan", "unscheduled"),
        ("hundred-day-plan", "unscheduled"),
        ("cio-steps-down", "unscheduled"),
        ("noticeable-improvements", "on track"),
        ("smart-policing-report", "unscheduled"),
        ("ict-strategy", "overdue"),
    ]:
        assert re.search(rf"{milestone} .*? {status}", text), milestone
    assert "1 of 7 milestones late, worst: ict-strategy, 9 months" in text
    assert "as of 2013-12-31" in text
    assert (
        "cw-2013-12 · Met Police IT strategy expected 9 months late · Computer Weekly · 2013-12"
        in text
    )
    assert "smart-policing · Smart Policing · London Assembly Budget and Performance" in text
    assert "cio-uk-2014-02-07" not in text  # the launch was not known yet
    # the strategy's row: planned [1], latest forecast [1]; under it the earlier forecast [2]
    assert "ict-strategy New ICT strategy published 2013-04 [1] cw-2013-12 2014-01 [1]" in text
    assert "↳ 2013-10..2013-11 [2] reported 2013-08-30 · smart-policing 6–7 months" in text


def test_statuses_are_text_and_colour() -> None:
    page = met_page(charts=False)
    assert '<span class="status status-overdue">overdue</span>' in page
    assert '<span class="status status-on-track">on track</span>' in page
    assert ".status-overdue { color: var(--overdue); }" in page


def test_the_page_is_responsive_printable_and_dark() -> None:
    page = met_page(charts=False)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media (max-width: 40rem)" in page
    assert "@media print" in page
    assert "@media (prefers-color-scheme: dark)" in page
    assert 'data-label="Forecast / actual"' in page  # the stacked layout's column names


def test_met_page_is_self_contained() -> None:
    assert_self_contained(met_page(), links=set())


def test_met_page_has_the_charts_inline() -> None:
    pytest.importorskip("matplotlib")
    page = met_page()
    assert page.count("<svg ") == 2  # the slip chart, and ict-strategy's trend (its forecasts)
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "<!--" not in page
    ids = re.findall(r'\bid="([^"]*)"', page)
    assert len(ids) == len(set(ids)), "an id used twice"
    for ref in re.findall(r'(?:url\(#|href="#)([^")]*)', page):
        assert ref in ids, ref


def test_same_input_same_bytes() -> None:
    pytest.importorskip("matplotlib")
    assert met_page() == met_page()


def test_without_matplotlib_one_line_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    page = met_page()
    assert page.count(html.escape(NO_CHARTS)) == 1
    assert NO_CHARTS == (
        "Charts are left out: they need matplotlib "
        "(install the plot extra: pip install 'plantrack-cli[plot]')."
    )
    assert "<svg" not in page
    assert "ict-strategy" in page and "Sources" in page


def test_hostile_plan_text_stays_text() -> None:
    pytest.importorskip("matplotlib")
    plan = load_plan_text(HOSTILE, "p<b>.yaml")
    page = render_html([evaluate(plan, AS_OF)], version="1", charts=True)
    assert page.count("<svg ") == 2  # the slip chart and x's trend chart, titled with its name
    assert_self_contained(page, links={"https://example.org/a%22%3E%3Cscript%3Eb%3C/script%3E"})
    text = "".join(parse(page).text)
    assert '<script>alert("name")</script>' in text  # shown, as text
    assert 'P <script>alert(1)</script> & "q"' in text
    assert "</p><iframe src=//evil>" in text
    assert "javascript:alert(1)" in text  # listed, not linked
    assert "\\x1b[31m" in text and "\\u202ePub" in text  # controls made visible
    assert "p<b>.yaml" in text
    assert "\x1b" not in page and "\u202e" not in page


def test_several_plans_get_a_contents_list() -> None:
    reports = [
        evaluate(load_plan(MET), AS_OF),
        evaluate(load_plan(DATA / "stress-airport.yaml"), AS_OF),
    ]
    tree = parse(render_html(reports, version="1", charts=False))
    hrefs = [a.get("href") for tag, a in tree.tags if tag == "a"]
    assert hrefs[:2] == ["#plan-1", "#plan-2"]
    sections = [a["id"] for tag, a in tree.tags if tag == "section"]
    assert sections == ["plan-1", "plan-2"]
    titles = [a for tag, a in tree.tags if tag == "title"]
    assert len(titles) == 1
    assert "Slippage report: 2 plans" in "".join(tree.text)


def test_inline_svg_prefixes_ids_and_drops_the_prolog() -> None:
    svg = (
        b'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  "http://www.w3.org/x.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10pt">\n <metadata><a>x</a></metadata>\n'
        b' <defs><style type="text/css">*{stroke: red}</style>'
        b'<path id="m1"/><clipPath id="p1"/></defs>\n'
        b'<!-- <script> --><use xlink:href="#m1" clip-path="url(#p1)"/></svg>\n'
    )
    assert inline_svg(svg, "c-") == (
        '<svg id="c-chart" role="img" xmlns="http://www.w3.org/2000/svg" width="10pt">\n'
        ' <defs><style type="text/css">#c-chart *{stroke: red}</style>'
        '<path id="c-m1"/><clipPath id="c-p1"/></defs>\n'
        '<use xlink:href="#c-m1" clip-path="url(#c-p1)"/></svg>'
    )


# -- the command --------------------------------------------------------------------------------


def test_output_file_and_force(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    invoke("report", MET, "--as-of", "2013-12-31", "--no-charts", "--output", out)
    assert out.read_text("utf-8") == met_page(charts=False).replace("9.9", _version())
    out.write_text("mine", encoding="utf-8")
    result = invoke("report", MET, "--no-charts", "--output", out, code=2)
    assert "--force" in result.stderr
    assert out.read_text("utf-8") == "mine"
    invoke("report", MET, "--no-charts", "--output", out, "--force")
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def _version() -> str:
    from plantrack import __version__

    return __version__


def test_stdout_when_piped(invoke: Invoke) -> None:
    result = invoke("report", MET, "--as-of", "2013-12-31", "--no-charts")
    assert result.stdout == met_page(charts=False).replace("9.9", _version())


def test_a_terminal_needs_output(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("plantrack.cli.report.stdout_is_terminal", lambda: True)
    result = invoke("report", MET, code=2)
    assert "give --output FILE" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.yaml"], "missing.yaml"),
        (["{MET}", "--as-of", "2013-13"], "Invalid value for '--as-of'"),
        (["{MET}", "--max-size", "lots"], "is not a size"),
        (["{MET}", "--bogus"], "--bogus"),  # Click words it "No such option: --bogus" before 8.2.1
        ([], "Missing argument 'PLANS...'"),
    ],
)
def test_bad_options_exit_2(invoke: Invoke, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "r.html"
    argv = [a.replace("{MET}", str(MET)) for a in args]
    result = invoke("report", *argv, "--output", out, code=2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_every_bad_plan_is_reported_and_nothing_written(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path
) -> None:
    one = plan_file("plantrack: 1\nmilestones:\n  - {id: a, planned: 2013-13-01}\n", "one.yaml")
    two = plan_file("plantrack: 1\nmilestones:\n  - {id: b, planned: 2013-02, x: 1}\n", "two.yaml")
    out = tmp_path / "r.html"
    result = invoke("report", MET, one, two, "--output", out, code=2)
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{one}:3:") and ": error: " in line for line in lines), lines
    assert any(line.startswith(f"{two}:3:") and ": error: " in line for line in lines), lines
    assert not out.exists()
    assert result.stdout == ""


def test_readme_has_the_real_help() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["report", "--help"], prog_name="plantrack", terminal_width=78)
    assert result.exit_code == 0
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"```text\n{result.stdout}```" in readme


# -- a real browser -----------------------------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("PLANTRACK_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is not installed and PLANTRACK_REQUIRE_CHROMIUM=1")
        pytest.skip("chromium is not installed (.ci/install-renderers installs it)")
    return found


def browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
        page.as_uri(),
    ]
    result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result


def png_pixels(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the set of colours of an 8-bit RGB or RGBA PNG
    (chromium's screenshots), decoded with zlib and struct only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, width, height, channels = 8, b"", 0, 0, 0
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += size + 12
    raw, stride = zlib.decompress(idat), width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        colours.update(bytes(line[x : x + 3]) for x in range(0, stride, channels * 7))
        previous = line
    return width, height, colours


def test_png_decoder_on_a_known_picture() -> None:
    # 2x1 RGB: a red and a white pixel, filter 1 (sub) on the only row, worked by hand:
    # raw row = 255,0,0 then (255-255, 255-0, 255-0) = 0,255,255
    row = bytes([1, 255, 0, 0, 0, 255, 255])
    ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + b"\0\0\0\0"

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(row))
    assert png_pixels(png) == (2, 1, {b"\xff\x00\x00"})  # every 7th pixel: the first only


@pytest.fixture(scope="module")
def met_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "met.html"
    path.write_text(met_page(), encoding="utf-8")
    return path


def test_chromium_dom_has_every_milestone_status_and_citation(
    met_html: Path, tmp_path: Path
) -> None:
    dom = browse(met_html, tmp_path, "--window-size=375,800", "--dump-dom").stdout.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", dom).split())
    for milestone in (m.id for m in load_plan(MET).milestones):
        assert milestone in text
    for status in ("unscheduled", "on track", "overdue"):
        assert f">{status}</span>" in dom
    for title in ("Met Police IT strategy expected 9 months late", "Smart Policing"):
        assert title in text
    assert 'id="plan-1-source-2"' in dom
    assert "<script" not in dom


@pytest.mark.parametrize("size", [(375, 800), (1280, 900)])
def test_chromium_draws_the_page(met_html: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    shot = tmp_path / "shot.png"
    browse(met_html, tmp_path, f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}")
    width, height, colours = png_pixels(shot.read_bytes())
    assert (width, height) == size
    assert len(colours) > 10, "a blank page"
    assert colours != {b"\xff\xff\xff"}


@pytest.mark.parametrize(
    ("flags", "background", "absent"),
    [
        ((), b"\xff\xff\xff", b"\x0d\x11\x17"),  # the light palette: white, not #0d1117
        (("--force-dark-mode", "--blink-settings=preferredColorScheme=0"), b"\x0d\x11\x17", None),
    ],
)
def test_chromium_follows_the_colour_scheme(
    met_html: Path, tmp_path: Path, flags: tuple[str, ...], background: bytes, absent: bytes | None
) -> None:
    shot = tmp_path / "shot.png"
    browse(met_html, tmp_path, *flags, "--window-size=600,400", f"--screenshot={shot}")
    _, _, colours = png_pixels(shot.read_bytes())
    assert background in colours
    assert absent is None or absent not in colours
