"""``plantrack chart``: the slip chart of a whole plan (issue 12.3), its marks
worked out by hand, its date axis, determinism, 1,000 milestones, and every
bad input of the command."""

from __future__ import annotations

import datetime as _dt
import re
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from plantrack.loader import load_plan
from plantrack.slippage import evaluate

from .conftest import DATA, MET, ROOT, Invoke, PlanFile

PLAN = """\
plantrack: 1
plan: Hand-drawn
milestones:
  - id: quarter
    name: Planned a quarter, landed on a day
    planned: 2013-Q2
    forecasts:
      - {reported: 2013-03-01, date: 2013-07}
      - {reported: 2013-09-01, date: 2013-11-20}
    actual: 2014-02-07
    deadline: 2013-12
  - id: open
    name: Planned a day, nothing since
    planned: 2013-05-15
  - id: ahead
    name: Forecast within its plan
    planned: 2014
    forecasts:
      - {reported: 2013-06, date: 2014-03..2014-04}
"""
AS_OF = _dt.date(2014, 3, 1)


def figure(text: str, plan_file: PlanFile, as_of: _dt.date = AS_OF) -> Any:
    pytest.importorskip("matplotlib")
    from plantrack.render.slipchart import build_slip_figure

    return build_slip_figure(evaluate(load_plan(plan_file(text)), as_of))


def day(y: int, m: int, d: int, hours: int = 0) -> float:
    from plantrack.render.chart import num

    return num(_dt.datetime(y, m, d, hours))


def bands(ax: Any, face: str | None = None) -> list[tuple[float, float, float]]:
    """(x0, x1, y centre) of each rectangle of the PolyCollections."""
    from matplotlib.collections import PolyCollection

    out = []
    for c in ax.collections:
        if isinstance(c, PolyCollection):
            for path in c.get_paths():
                xs, ys = path.vertices[:4, 0], path.vertices[:4, 1]
                out.append((min(xs), max(xs), round((min(ys) + max(ys)) / 2, 6)))
    return sorted(out)


def points(ax: Any) -> list[tuple[float, float]]:
    from matplotlib.collections import PathCollection

    offsets = [c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)]
    return sorted((float(x), round(float(y), 6)) for o in offsets for x, y in o)


def test_rows_in_file_order_top_down(plan_file: PlanFile) -> None:
    (ax,) = figure(PLAN, plan_file).axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["quarter", "open", "ahead"]
    assert ax.get_ylim() == (2.5, -0.5)  # row 0 at the top


def test_fuzzy_dates_are_bands_single_days_are_points(plan_file: PlanFile) -> None:
    # row 0 ("quarter"): plan lane y = -0.2, expected lane y = +0.2
    #   planned 2013-Q2: 1 April .. the end of 30 June      -> a band
    #   earlier forecasts: 2013-07 (a band), 2013-11-20 (a tick at its middle)
    #   actual 2014-02-07                                  -> a point at noon
    # row 1 ("open"): planned 2013-05-15                    -> a point at noon
    # row 2 ("ahead"): planned 2014 (a band), forecast 2014-03..2014-04 (a band)
    (ax,) = figure(PLAN, plan_file).axes
    assert bands(ax) == [
        (day(2013, 4, 1), day(2013, 7, 1), -0.2),
        (day(2013, 7, 1), day(2013, 8, 1), 0.2),
        (day(2014, 1, 1), day(2015, 1, 1), 1.8),
        (day(2014, 3, 1), day(2014, 5, 1), 2.2),
    ]
    assert points(ax)[:3] == [
        (day(2013, 5, 15, 12), 0.8),
        (day(2013, 11, 20, 12), 0.2),
        (day(2014, 2, 7, 12), 0.2),
    ]


def test_links_coloured_by_status_and_the_open_milestone(plan_file: PlanFile) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_hex

    from plantrack.render.slipchart import STATUS_COLOURS
    from plantrack.slippage import Status

    (ax,) = figure(PLAN, plan_file).axes
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    links, still_open, deadlines = lines
    # plan middle -> expected middle: Q2 2013's is 1 April + 91 days / 2 = 16 May, noon;
    # 2014's is 1 January + 182.5 days = 2 July, noon; March-April's 1 March + 30.5 days
    assert [s.tolist() for s in links.get_segments()] == [
        [[day(2013, 5, 16, 12), -0.2], [day(2014, 2, 7, 12), 0.2]],
        [[day(2014, 7, 2, 12), 1.8], [day(2014, 3, 31, 12), 2.2]],
    ]
    assert [to_hex(c) for c in links.get_colors()] == [
        STATUS_COLOURS[Status.LATE],
        STATUS_COLOURS[Status.ON_TRACK],
    ]
    # "open" is overdue with no forecast: a dashed line to the as-of date (end of 1 March)
    assert [s.tolist() for s in still_open.get_segments()] == [
        [[day(2013, 5, 15, 12), 0.8], [day(2014, 3, 2), 1.2]]
    ]
    # the deadline 2013-12 at its last day's end, across the row
    assert [s.tolist() for s in deadlines.get_segments()] == [
        [[day(2014, 1, 1), -0.42], [day(2014, 1, 1), 0.42]]
    ]


def test_legend_has_one_entry_per_kind_and_the_as_of_date(plan_file: PlanFile) -> None:
    fig = figure(PLAN, plan_file)
    (legend,) = fig.legends
    names = [t.get_text() for t in legend.get_texts()]
    assert names == [
        "planned (band: its range)",
        "latest forecast",
        "actual (◆ a single day)",
        "earlier forecasts",
        "deadline (last day)",
        "not done yet",
        "as of 2014-03-01",
        "late",
        "overdue",
        "on track",
    ]
    (ax,) = fig.axes
    assert day(2014, 3, 2) in [line.get_xdata()[0] for line in ax.lines]


def test_an_as_of_date_far_away_is_named_not_drawn(plan_file: PlanFile) -> None:
    fig = figure(PLAN.split("  - id: open")[0], plan_file, _dt.date(2030, 1, 1))
    names = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "as of 2030-01-01 (to the right)" in names
    (ax,) = fig.axes
    assert ax.get_xlim()[1] < day(2015, 1, 1)


@pytest.mark.parametrize(
    ("planned", "actual", "tick"),
    [
        ("2020-03-02", "2020-03-16", r"\d{4}-\d\d-\d\d"),  # two weeks: days
        ("2020-01", "2021-06", r"\d{4}-\d\d"),  # a year and a half: months
        ("2000", "2031", r"\d{4}"),  # three decades: years
    ],
)
def test_the_date_axis_adapts(plan_file: PlanFile, planned: str, actual: str, tick: str) -> None:
    milestone = f"{{id: m, planned: {planned}, actual: {actual}}}"
    text = f"plantrack: 1\nplan: Span\nmilestones:\n  - {milestone}\n"
    fig = figure(text, plan_file, _dt.date(2031, 12, 31))
    from plantrack.render.labels import renderer

    renderer(fig)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert len(labels) >= 2
    assert all(re.fullmatch(tick, label) for label in labels), labels


def test_a_thousand_milestones_name_every_fourth_row() -> None:
    pytest.importorskip("matplotlib")
    from benchmarks.generate import generate_plan

    from plantrack.loader import load_plan_text
    from plantrack.render.slipchart import build_slip_figure

    plan = load_plan_text(generate_plan(1000), "synthetic.yaml")
    fig = build_slip_figure(evaluate(plan, _dt.date(2021, 6, 30)))
    # 40 inches of rows at most; one name per 0.16 inch: 1000 * 0.16 / 40 = every 4th
    assert fig.get_size_inches().tolist() == [10.0, 42.2]
    names = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert names[:3] == ["m0", "m4", "m8"]
    assert len(names) == 250
    assert "(every 4th row named)" in fig.get_suptitle()


# -- dependency arrows ---------------------------------------------------------------------------

DEPENDS = DATA / "export" / "knock-on.yaml"


def _rows_y(svg: str) -> dict[str, float]:
    """The y of each row (its tick) by the row's name, read from the SVG."""
    ticks = re.findall(
        r'<g id="ytick_\d+">.*?<use [^>]*y="([\d.]+)".*?<!-- (.*?) -->', svg, flags=re.DOTALL
    )
    return {name: float(y) for y, name in ticks}


def _arrows(svg: str) -> dict[str, tuple[float, float]]:
    """The y where each dependency arrow's line starts and ends, by its id."""
    out = {}
    for gid, d in re.findall(r'<g id="(depends-[^"]+)">\s*<path d="([^"]+)"', svg):
        ys = [float(y) for y in re.findall(r"[\d.]+ ([\d.]+)", d)]
        out[gid] = (ys[0], ys[-1])
    return out


def _nearest(y: float, rows: dict[str, float]) -> str:
    return min(rows, key=lambda name: abs(rows[name] - y))


def test_an_arrow_per_dependency_between_the_right_rows(invoke: Invoke, tmp_path: Path) -> None:
    # knock-on.yaml: b <- a; h <- b, f.g; c <- a + 2 weeks; d <- b, e; p <- o.  Each
    # arrow's id is depends-SUCCESSOR-N (N: its place in depends_on); its line starts
    # in the predecessor's row and ends in the successor's (the lanes are 0.2 rows
    # off the row's centre, so the nearest row centre is the row).
    pytest.importorskip("matplotlib")
    svg = tmp_path / "k.svg"
    invoke("chart", DEPENDS, "--as-of", "2024-03-01", "--svg", svg)
    text = svg.read_text("utf-8")
    ET.fromstring(text)
    rows = _rows_y(text)
    assert list(rows) == ["a", "b", "f.g", "h", "c", "e", "d", "o", "p"]
    got = {gid: (_nearest(y0, rows), _nearest(y1, rows)) for gid, (y0, y1) in _arrows(text).items()}
    assert got == {
        "depends-b-0": ("a", "b"),
        "depends-h-0": ("b", "h"),
        "depends-h-1": ("f.g", "h"),
        "depends-c-0": ("a", "c"),
        "depends-d-0": ("b", "d"),
        "depends-d-1": ("e", "d"),
        "depends-p-0": ("o", "p"),
    }
    # only the lag of c's dependency is not zero: one label, "+ 2 weeks"
    # (its group holds the label's light ground, then the text, named in a comment)
    assert re.findall(r'<g id="(lag-[^"]+)">.*?<!-- (.*?) -->', text, flags=re.DOTALL) == [
        ("lag-depends-c-0", "+ 2 weeks")
    ]


def test_arrows_end_at_the_date_the_knock_on_gives(plan_file: PlanFile) -> None:
    # c (planned 2024-03-01, no forecast) depends on a (2024-03-04) + 2 weeks: the
    # arrow ends at its implied 2024-03-18 (noon, the middle of the day) in its
    # expected lane (row 1 + 0.2), not at its plan; it starts at a's planned ring
    # (row 0 - 0.2, 2024-03-04 noon)
    from matplotlib.patches import FancyArrowPatch

    text = (
        "plantrack: 1\nplan: Arrows\nmilestones:\n  - {id: a, planned: 2024-03-04}\n"
        "  - {id: c, planned: 2024-03-01, depends_on: [{milestone: a, lag: 2 weeks}]}\n"
    )
    (ax,) = figure(text, plan_file, _dt.date(2024, 3, 1)).axes
    (arrow,) = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert arrow.get_gid() == "depends-c-0"
    # the path, in data coordinates: the line's start, its (quadratic) middle and
    # end, then the head; both ends are shrunk by 3 points, a fraction of a day
    vertices = arrow.get_path().vertices
    tail, head = vertices[0].tolist(), vertices[2].tolist()
    assert tail == pytest.approx([day(2024, 3, 4, 12), -0.2], abs=0.3)
    assert head == pytest.approx([day(2024, 3, 18, 12), 1.2], abs=0.3)


def test_no_arrows_and_no_legend_entry_without_depends_on(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "c.svg"
    invoke("chart", plan_file(PLAN), "--as-of", "2014-03-01", "--svg", svg)
    text = svg.read_text("utf-8")
    assert 'id="depends-' not in text
    assert 'id="lag-' not in text
    names = [t.get_text() for t in figure(PLAN, plan_file).legends[0].get_texts()]
    assert "depends on (lag)" not in names


# -- the command ---------------------------------------------------------------------------------


def test_svg_and_png_of_the_met(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg, png = tmp_path / "met.svg", tmp_path / "met.png"
    assert invoke("chart", MET, "--svg", svg, "--png", png).stdout == ""
    text = svg.read_text("utf-8")
    ET.fromstring(text)
    assert "<!-- Slip chart: Metropolitan Police ICT strategy -->" in text
    assert "<dc:date>" not in text  # no date in the metadata
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # 7 rows of 0.3 inch and 2.2 inches of title, axis and legend: 10 x 4.3 inches at 150 dpi
    assert struct.unpack(">II", data[16:24]) == (1500, 645)


def test_the_svg_is_the_same_every_time(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    invoke("chart", DATA / "stress-airport-trend.yaml", "--svg", a)
    invoke("chart", DATA / "stress-airport-trend.yaml", "--svg", b)
    assert a.read_bytes() == b.read_bytes()


def test_no_output_option_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("chart", MET, code=2)
    assert "give --svg FILE or --png FILE (or both)" in result.stderr


def test_without_matplotlib_exits_2_naming_the_extra(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    out = tmp_path / "c.png"
    result = invoke("chart", MET, "--png", out, code=2)
    assert result.stderr == (
        "plantrack: error: --png needs matplotlib: "
        "install the plot extra: pip install 'plantrack-cli[plot]'\n"
    )
    assert not out.exists()


def test_an_existing_file_needs_force(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "c.svg"
    svg.write_text("precious")
    result = invoke("chart", MET, "--svg", svg, code=2)
    assert f"{svg}: not written: the file exists (use --force to overwrite it)" in result.stderr
    assert svg.read_text() == "precious"
    invoke("chart", MET, "--svg", svg, "--force")
    assert svg.read_text("utf-8").startswith("<?xml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "plantrack: 1\nplan: Bad\nmilestones:\n  - id: m\n    planned: 2013-13\n",
            "plan.yaml:5:14: error:",
        ),
        ("plantrack: 1\nplan: [\n", "plan.yaml:3:1: error: YAML syntax error"),
    ],
)
def test_a_bad_plan_exits_2_with_its_position(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path, text: str, message: str
) -> None:
    pytest.importorskip("matplotlib")
    result = invoke("chart", plan_file(text), "--svg", tmp_path / "c.svg", code=2)
    assert message in result.stderr
    assert not (tmp_path / "c.svg").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "soon"], "Invalid value for '--as-of'"),
        (["--svg", "."], "is a directory"),
    ],
)
def test_bad_options_exit_2(invoke: Invoke, tmp_path: Path, args: list[str], message: str) -> None:
    result = invoke("chart", MET, *args, code=2)
    assert message in result.stderr


def test_a_missing_plan_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = invoke("chart", tmp_path / "nope.yaml", "--svg", tmp_path / "c.svg", code=2)
    assert "nope.yaml" in result.stderr


def test_years_1_and_9999_and_a_dollar_in_the_name(
    invoke: Invoke, plan_file: PlanFile, tmp_path: Path
) -> None:
    pytest.importorskip("matplotlib")
    plan = plan_file(
        'plantrack: 1\nplan: "Costs $\\\\frac{1}{0$ \\x1b]0;t\\x07"\nmilestones:\n'
        "  - {id: first, planned: 0001-01, actual: 0001-02-03}\n"
        "  - {id: last, planned: 9999-11, forecasts: [{reported: 9999-10, date: 9999-12}]}\n"
    )
    svg, png = tmp_path / "c.svg", tmp_path / "c.png"
    invoke("chart", plan, "--as-of", "9999-12-31", "--svg", svg, "--png", png)
    assert "Slip chart: Costs $\\frac{1}{0$" in svg.read_text("utf-8")
    ET.parse(svg)
    assert png.read_bytes().startswith(b"\x89PNG")


# -- the README's pictures -----------------------------------------------------------------------

PICTURES = [
    ("met-slip.png", ["chart", MET, "--as-of", "2014-03-01"]),
    ("spacecraft-trend.png", ["trend", DATA / "stress-spacecraft.yaml", "--milestone", "launch"]),
    ("met-trend.png", ["trend", MET]),
]


@pytest.mark.parametrize(("name", "args"), PICTURES)
def test_the_readme_pictures_are_current(
    invoke: Invoke, tmp_path: Path, name: str, args: list[str | Path]
) -> None:
    # Redrawn as the README says; the pixels differ with the fonts installed, so
    # only what fonts cannot change is compared: the size in pixels, exactly,
    # and the file size, loosely (a chart with marks missing or doubled is far off).
    pytest.importorskip("matplotlib")
    committed = (ROOT / "docs" / "images" / name).read_bytes()
    fresh = tmp_path / name
    invoke(*args, "--png", fresh)
    redrawn = fresh.read_bytes()
    assert struct.unpack(">II", redrawn[16:24]) == struct.unpack(">II", committed[16:24])
    assert 0.6 < len(redrawn) / len(committed) < 1.6
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"docs/images/{name}" in readme
