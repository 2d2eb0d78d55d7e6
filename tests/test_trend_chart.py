"""The trend chart on real data (issue 12.4): labels that overlap nothing,
every point inside the axes, one legend entry per kind, an as-of line, the
projection band, small multiples; the label layout worked by hand."""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plantrack.loader import load_plan
from plantrack.render.labels import Box, Label, is_label, layout_labels, place_labels
from plantrack.trend import compute_trends

from .conftest import DATA, MET, Invoke

AIRPORT = DATA / "stress-airport-trend.yaml"
SPACECRAFT = DATA / "stress-spacecraft.yaml"
KINDS = {
    "forecast, at the date reported",
    "actual",
    "range of a fuzzy date",
    "planned date (band: its range)",
    "forecast = report date (lands here)",
    "projection if the slip rate holds",
}

# -- the layout, by hand -------------------------------------------------------------------------

BOUNDS = Box(0, 0, 100, 100)


@pytest.mark.parametrize(
    ("anchors", "sizes", "obstacles", "expected"),
    [
        # up-left of the point first: right edge 4 px left of it, bottom 4 px above it
        ([(50, 50)], [(20, 10)], [], [Box(26, 54, 46, 64)]),
        # a second label at the same point: up-left is taken, so down-right
        ([(50, 50)] * 2, [(20, 10)] * 2, [], [Box(26, 54, 46, 64), Box(54, 36, 74, 46)]),
        # in a corner, up-left would leave the bounds: down-right
        ([(5, 95)], [(20, 10)], [], [Box(9, 81, 29, 91)]),
        # obstacles over the up-left and down-right places (3 px apart from the
        # left place, the least clearance): left of the point, centred
        ([(50, 50)], [(20, 10)], [Box(20, 59, 80, 70), Box(50, 30, 80, 41)], [Box(26, 45, 46, 55)]),
        # nowhere free within reach: None
        ([(50, 50)], [(20, 10)], [Box(0, 0, 100, 100)], [None]),
        # wider than the bounds: None
        ([(50, 50)], [(120, 10)], [], [None]),
    ],
)
def test_layout_labels_by_hand(
    anchors: list[tuple[float, float]],
    sizes: list[tuple[float, float]],
    obstacles: list[Box],
    expected: list[Box | None],
) -> None:
    assert list(layout_labels(anchors, sizes, bounds=BOUNDS, obstacles=obstacles)) == expected


def test_the_next_ring_when_the_first_is_blocked() -> None:
    # every place at distance 4 is blocked by a ring of obstacles 4..13 px out;
    # ring 1 lies at 4 + 10 (the label's height) = 14 px, up-left: x1 = 50 - 14
    ring = [Box(37, 37, 63, 63)]
    got = layout_labels([(50, 50)], [(20, 10)], bounds=BOUNDS, obstacles=ring, pad=0)
    assert got == (Box(16, 64, 36, 74),)
    assert layout_labels([(50, 50)], [(20, 10)], bounds=BOUNDS, obstacles=ring, reach=10) == (None,)


@pytest.mark.parametrize(
    ("a", "b", "intersects"),
    [
        (Box(0, 0, 10, 10), Box(5, 5, 15, 15), True),
        (Box(0, 0, 10, 10), Box(10, 0, 20, 10), False),  # a shared edge is not an overlap
        (Box(0, 0, 10, 10), Box(0, 11, 10, 20), False),
        (Box(0, 0, 10, 10), Box(2, 2, 3, 3), True),  # one inside the other
    ],
)
def test_box_intersects(a: Box, b: Box, intersects: bool) -> None:
    assert a.intersects(b) is intersects
    assert b.intersects(a) is intersects


boxes = st.builds(
    lambda x, y, w, h: Box(x, y, x + w, y + h),
    st.floats(0, 300),
    st.floats(0, 300),
    st.floats(1, 60),
    st.floats(1, 20),
)


@given(
    st.lists(
        st.tuples(st.floats(0, 300), st.floats(0, 300), st.floats(1, 80), st.floats(1, 15)),
        max_size=25,
    ),
    st.lists(boxes, max_size=5),
)
def test_placed_labels_never_overlap(
    labels: list[tuple[float, float, float, float]], obstacles: list[Box]
) -> None:
    bounds = Box(0, 0, 300, 300)
    got = layout_labels(
        [(x, y) for x, y, _, _ in labels],
        [(w, h) for _, _, w, h in labels],
        bounds=bounds,
        obstacles=obstacles,
    )
    placed = [b for b in got if b is not None]
    for box, (_, _, w, h) in zip(got, labels, strict=True):
        if box is not None:
            assert box.within(bounds)
            assert (round(box.x1 - box.x0, 6), round(box.y1 - box.y0, 6)) == (
                round(w, 6),
                round(h, 6),
            )
            assert not any(box.intersects(o) for o in obstacles)
    assert not any(a.intersects(b) for a, b in itertools.combinations(placed, 2))


# -- the stress plans, drawn ---------------------------------------------------------------------


@functools.cache  # drawn once per module: the tests only read the figure
def figure(path: Path, ids: tuple[str, ...] = (), as_of: _dt.date | None = None) -> Any:
    pytest.importorskip("matplotlib")
    from plantrack.render.chart import build_trend_figure

    plan = load_plan(path)
    at = as_of or (plan.as_of.end if plan.as_of else _dt.date(2014, 3, 1))
    return build_trend_figure(compute_trends(plan, at, ids), title=plan.name)


def drawn(fig: Any) -> Any:
    from plantrack.render.labels import renderer

    return renderer(fig)


def labels_of(fig: Any) -> list[Any]:
    return [t for ax in fig.axes for t in ax.texts if is_label(t)]


STRESS = [
    (AIRPORT, ("opening",)),
    (SPACECRAFT, ("launch",)),
    (AIRPORT, ()),
    (SPACECRAFT, ()),
    (SPACECRAFT, ("launch", "science-ops")),
    (MET, ()),
]


@pytest.mark.parametrize(("path", "ids"), STRESS)
def test_no_label_overlaps_a_label_the_titles_or_the_axes(path: Path, ids: tuple[str, ...]) -> None:
    fig = figure(path, ids)
    r = drawn(fig)
    texts = labels_of(fig)
    assert texts, "the points are labelled"
    extents = [t.get_window_extent(r) for t in texts]
    for a, b in itertools.combinations(extents, 2):
        assert not a.overlaps(b), (a, b)
    titles = [ax.title for ax in fig.axes]  # the plan's title sits above these
    for text, extent in zip(texts, extents, strict=True):
        frame = text.axes.get_window_extent(r)
        assert frame.x0 < extent.x0 and extent.x1 < frame.x1, text.get_text()
        assert frame.y0 < extent.y0 and extent.y1 < frame.y1, text.get_text()
        assert not any(extent.overlaps(t.get_window_extent(r)) for t in titles)
        for legend in fig.legends:
            assert not extent.overlaps(legend.get_window_extent(r))


@pytest.mark.parametrize(("path", "ids"), STRESS)
def test_every_point_inside_the_axes_with_margin(path: Path, ids: tuple[str, ...]) -> None:
    fig = figure(path, ids)
    drawn(fig)
    for ax in fig.axes:
        lines = [line for line in ax.lines if str(line.get_gid()).startswith("points-")]
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        margin = 0.02 * (x1 - x0)
        for line in lines:
            for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                assert x0 + margin < x < x1 - margin
                assert y0 + margin < y < y1 - margin


@pytest.mark.parametrize(("path", "ids"), STRESS)
def test_one_legend_entry_per_kind(path: Path, ids: tuple[str, ...]) -> None:
    fig = figure(path, ids)
    (legend,) = fig.legends
    names = [t.get_text() for t in legend.get_texts()]
    assert len(names) == len(set(names))
    as_of = [n for n in names if n.startswith("as of ")]
    assert set(names) - set(as_of) <= KINDS
    assert len(as_of) <= 1


def test_the_met_outcome_axes_by_hand() -> None:
    # reports, forecasts and the plan span 2013-04-01 .. 2014-02-08 (the actual's
    # day ends then); the as-of date 2014-03-01 ends at 2014-03-02, 22 days later,
    # within half the span, so it is included: 2013-04-01 .. 2014-03-02 is 335
    # days; the margin is 6% of that, 20.1 days, on each side.
    from plantrack.render.chart import num

    fig = figure(MET, ("ict-strategy",), _dt.date(2014, 3, 1))
    (ax,) = fig.axes
    pad = _dt.timedelta(days=20.1)
    lo, hi = _dt.datetime(2013, 4, 1) - pad, _dt.datetime(2014, 3, 2) + pad
    assert ax.get_xlim() == pytest.approx((num(lo), num(hi)))
    assert ax.get_ylim() == pytest.approx((num(lo), num(hi)))
    assert ax.get_title() == "ict-strategy · New ICT strategy published"
    as_of_lines = [line for line in ax.lines if line.get_linestyle() == "-."]
    assert [line.get_xdata()[0] for line in as_of_lines] == [num(_dt.datetime(2014, 3, 2))]


def test_the_projection_is_a_dashed_band_to_the_diagonal() -> None:
    # docs/trend.md, as of 2013-12-31: lands 2014-01..2023-02; the band runs from
    # the last forecast (2013-12 reported, 2014-01 forecast, at their middles) to
    # the diagonal from 2014-01-01 to the end of 2023-02 (2023-03-01 00:00).
    from matplotlib.patches import Polygon

    from plantrack.render.chart import num

    fig = figure(MET, ("ict-strategy",), _dt.date(2013, 12, 31))
    (ax,) = fig.axes
    (band,) = [p for p in ax.patches if isinstance(p, Polygon)]
    assert band.get_linestyle() == "--"
    corners = band.get_xy()[:3].ravel().tolist()
    mid_dec = num(_dt.datetime(2013, 12, 16, 12))
    mid_jan = num(_dt.datetime(2014, 1, 16, 12))
    start, end = num(_dt.datetime(2014, 1, 1)), num(_dt.datetime(2023, 3, 1))
    assert corners == pytest.approx([mid_dec, mid_jan, start, start, end, end])
    assert "projection if the slip rate holds" in [t.get_text() for t in fig.legends[0].texts]


def test_small_multiples_one_axes_per_milestone_each_titled() -> None:
    fig = figure(AIRPORT)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [
        "opening · Airport opens to passengers",
        "terminal-works · Main terminal building work…",
        "fire-safety · Smoke extraction system approv…",  # 44 characters and "…"
        "second-terminal · Second terminal opens",
        "old-airport-closes · Old city airport closes",
    ]


def test_labels_that_do_not_fit_become_numbers_with_a_key() -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3, 2), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    texts = [f"slip {i} years 11 months" for i in range(1, 8)]
    crowd = [Label(5, 5, t, t, f"2020-0{i}: {i} years") for i, t in enumerate(texts, 1)]
    place_labels(fig, [ax], [crowd], colour="black", key_title="slip, by report date")
    key = ax.get_legend()
    assert key.get_title().get_text() == "slip, by report date"
    rows = [t.get_text() for t in key.get_texts()]
    assert rows == [f"{i}  2020-0{i}: {i} years" for i in range(1, 8)]
    placed = [t.get_text() for t in ax.texts if is_label(t)]
    assert placed and set(placed) <= {str(i) for i in range(1, 8)}


# -- the CLI -------------------------------------------------------------------------------------


def test_repeated_milestone_options_draw_small_multiples(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "t.svg"
    invoke("trend", SPACECRAFT, "-m", "launch", "-m", "science-ops", "--svg", svg)
    text = svg.read_text("utf-8")
    ET.fromstring(text)
    # matplotlib writes each text as paths under a comment holding the text
    assert "<!-- launch · Telescope launches -->" in text
    assert "<!-- science-ops · Science operations begin -->" in text
    assert "mirror-assembly" not in text
    ids = [e.get("id", "") for e in ET.fromstring(text).iter()]
    labels = [i for i in ids if i.startswith("slip-label-")]
    assert labels and len(labels) == len(set(labels))  # ids unique in the document
    assert {i.split("-")[2] for i in labels} == {"0", "1"}  # labels in both axes
