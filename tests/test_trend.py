"""plantrack trend: the slip-rate arithmetic (worked by hand, docs/trend.md),
verdicts, projections, outcomes, the golden Met output, JSON and the charts."""

from __future__ import annotations

import datetime as _dt
import json
import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given

from plantrack.dates import parse_date
from plantrack.loader import load_plan, load_plan_text
from plantrack.slippage import Basis, Direction, compute_slip, signed_months
from plantrack.trend import PointKind, Verdict, compute_trend, compute_trends

from .conftest import DATA, MET, Invoke
from .test_properties import date_texts

SHAPES = DATA / "trend" / "shapes.yaml"
M = 365.25 / 12  # 30.4375 days in the mean month
FAR = _dt.date(2030, 1, 1)


def trend_of(milestone: str, as_of: _dt.date = FAR, path: Path = SHAPES):  # type: ignore[no-untyped-def]
    return compute_trend(load_plan(path).milestone(milestone), as_of)


# -- the arithmetic, by hand ----------------------------------------------------


@pytest.mark.parametrize(
    ("path", "milestone", "as_of", "added", "days", "rate_min", "rate_max", "verdict"),
    [
        # Met, at the outcome: slip 6–7 months (2013-08-30) -> 10 months (2014-02-07).
        # added = 10-7 .. 10-6 = 3..4; elapsed = 2014-02-07 - 2013-08-30 = 161 days
        # = 161/30.4375 = 5.2895 months; rate = 3/5.2895 .. 4/5.2895 = 0.5672 .. 0.7562
        (MET, "ict-strategy", FAR, (3, 4), (161, 161), 0.5672, 0.7562, Verdict.SLIPPING),
        # Met as Computer Weekly knew it: 6–7 months (2013-08-30) -> 9 months (2013-12).
        # added = 9-7 .. 9-6 = 2..3; elapsed = 2013-12-01 - 2013-08-30 = 93 days
        # .. 2013-12-31 - 2013-08-30 = 123 days; rate = 2/(123/M) = 0.4949 .. 3/(93/M) = 0.9819
        (MET, "ict-strategy", _dt.date(2013, 12, 31), (2, 3), (93, 123), 0.4949, 0.9819,
         Verdict.SLIPPING),
        # slip 2 (2020-03) -> 6 (2020-07); 2020-01-01 -> 2020-04-01 = 31+29+31 = 91 days
        # rate = 4/(91/M) = 121.75/91 = 1.3379 >= 0.9
        (SHAPES, "runaway", FAR, (4, 4), (91, 91), 1.3379, 1.3379, Verdict.AS_FAST_AS_TIME),
        # slip 8 (2020-09) -> 7 (2020-08); 2020-01-01 -> 2020-07-01 = 182 days
        # rate = -1/(182/M) = -30.4375/182 = -0.1672
        (SHAPES, "recovering", FAR, (-1, -1), (182, 182), -0.1672, -0.1672, Verdict.RECOVERING),
        # slip 0 -> 0 over 2020-01-15 -> 2020-03-15 = 60 days: rate 0
        (SHAPES, "stable", FAR, (0, 0), (60, 60), 0.0, 0.0, Verdict.STABLE),
        # slip 1–2 (2020-02..2020-03) -> 4 (2020-05): added 2..3 over 91 days
        # rate = 60.875/91 = 0.6690 .. 91.3125/91 = 1.0034
        (SHAPES, "borderline", FAR, (2, 3), (91, 91), 0.6690, 1.0034, Verdict.SLIPPING),
    ],
)  # fmt: skip
def test_slip_rate_by_hand(
    path: Path,
    milestone: str,
    as_of: _dt.date,
    added: tuple[int, int],
    days: tuple[int, int],
    rate_min: float,
    rate_max: float,
    verdict: Verdict,
) -> None:
    t = trend_of(milestone, as_of, path)
    assert t.rate is not None
    assert (t.rate.added.months_min, t.rate.added.months_max) == added
    assert (t.rate.elapsed_days_min, t.rate.elapsed_days_max) == days
    assert round(t.rate.rate_min, 4) == rate_min
    assert round(t.rate.rate_max, 4) == rate_max
    assert t.verdict is verdict


def test_met_story_three_steps() -> None:
    t = trend_of("ict-strategy", FAR, MET)
    steps = [(p.kind, p.reported.display if p.reported else None, p.slip.text) for p in t.points]  # type: ignore[union-attr]
    assert steps == [
        (PointKind.FORECAST, "2013-08-30", "6–7 months"),
        (PointKind.FORECAST, "2013-12", "9 months"),
        (PointKind.ACTUAL, "2014-02-07", "10 months"),
    ]
    assert all(type(p.kind) is PointKind for p in t.points)
    assert t.landed
    # change: 9-7..9-6 = +2..3, then 10-9 = +1
    assert [p.change.text if p.change else None for p in t.points] == [
        None,
        "+2–3 months",
        "+1 month",
    ]
    assert t.projection is None  # landed: no projection
    assert t.outcome is not None
    # last forecast 2014-01, actual 2014-02-07: February - January = 1 month
    assert t.outcome.text == (
        "landed 2014-02-07, 1 month after the last forecast (2014-01, reported 2013-12)"
    )


@pytest.mark.parametrize(
    ("milestone", "lands", "unbounded", "text"),
    [
        # rate 1.34 >= 1: never lands, and no date is printed
        ("runaway", None, False, "never lands: at a slip rate of 1 or more the date moves out "
         "as fast as time passes"),
        # t = R + (F - R)/(1 - r), r = -0.16724, R = 2020-07-01, F = 2020-08-01 .. 2020-08-31:
        # 31/1.16724 = 26.6 -> 27 days: 2020-07-28; 61/1.16724 = 52.3 -> 52 days: 2020-08-22
        ("recovering", "2020-07..2020-08", False, "lands 2020-07..2020-08 if the rate holds"),
        # r = 0: t = F, June 2020
        ("stable", "2020-06", False, "lands 2020-06 if the rate holds"),
        # only r = 0.66896 < 1 lands: R = 2020-04-01, F from 2020-05-01: 30/0.33104 = 90.6
        # -> 91 days: 2020-07-01, the earliest landing; at r = 1.0034 it never lands
        ("borderline", "2020-07", True, "no earlier than 2020-07 if the rate holds; at its "
         "fastest it never lands (at a slip rate of 1 or more the date moves out as fast as "
         "time passes)"),
    ],
)  # fmt: skip
def test_projection(milestone: str, lands: str | None, unbounded: bool, text: str) -> None:
    t = trend_of(milestone)
    assert t.projection is not None
    assert (t.projection.lands.display if t.projection.lands else None) == lands
    assert t.projection.unbounded is unbounded
    assert t.projection.text == text


@pytest.mark.parametrize("milestone", ["single", "overlapping"])
def test_no_rate_without_two_distinct_reports(milestone: str) -> None:
    t = trend_of(milestone)
    assert t.rate is None
    assert t.verdict is None
    assert t.projection is None


@pytest.mark.parametrize(
    ("milestone", "text"),
    [
        # last forecast 2020-06, actual 2020-04-15: April - June = -2 months
        ("early", "landed 2020-04-15, 2 months before the last forecast "
         "(2020-06, reported 2020-01-01)"),
        # last forecast 2020-03, actual 2020-02..2020-04: Feb - Mar = -1 .. Apr - Mar = +1
        ("straddle", "landed 2020-02..2020-04, 1 month early – 1 month late against the "
         "last forecast (2020-03, reported 2020-01-01)"),
    ],
)  # fmt: skip
def test_outcome(milestone: str, text: str) -> None:
    t = trend_of(milestone)
    assert t.outcome is not None
    assert t.outcome.text == text


def _landed(forecast: str, actual: str) -> str:
    """The outcome text of a milestone forecast once (2020-01-01) that then landed."""
    plan = load_plan_text(
        "plantrack: 1\nplan: outcome\nmilestones:\n"
        "  - id: m\n    name: M\n    planned: 2019-12\n"
        f"    forecasts:\n      - {{reported: 2020-01-01, date: {forecast}}}\n"
        f"    actual: {actual}\n",
        "outcome.yaml",
    )
    outcome = compute_trend(plan.milestone("m"), FAR).outcome
    assert outcome is not None
    return outcome.text


@pytest.mark.parametrize(
    ("forecast", "actual", "how"),
    [
        # 2020-03-10 lies inside March: on time, at month precision
        ("2020-03", "2020-03-10", "within the last forecast"),
        # the month 2020-03 holds the day 2020-03-10: compared by month, 0..0 months
        ("2020-03-10", "2020-03", "within the last forecast"),
        # 2020-03-20 - 2020-03-10 = 10 days
        ("2020-03-10", "2020-03-20", "10 days after the last forecast"),
        # 2020-03-05 - 2020-03-20 = -15 days
        ("2020-03-20", "2020-03-05", "15 days before the last forecast"),
        # May - March = +2 months
        ("2020-03", "2020-05-15", "2 months after the last forecast"),
        # nearer ends 2020-03-15 - 2020-03-20 = -5 days, farther 2020-03-25 - 2020-03-10
        # = +15 days: early and late, but within one month (0 months at both ends), which
        # the wording has always put "after" (kept byte-identical)
        ("2020-03-10..2020-03-20", "2020-03-15..2020-03-25",
         "5 days early – 15 days late after the last forecast"),
        # Feb - Mar = -1 .. Apr - Mar = +1 month: "against"
        ("2020-03", "2020-02..2020-04", "1 month early – 1 month late against the last forecast"),
    ],
)  # fmt: skip
def test_outcome_wording(forecast: str, actual: str, how: str) -> None:
    assert _landed(forecast, actual) == f"landed {actual}, {how} ({forecast}, reported 2020-01-01)"


@pytest.mark.parametrize(
    ("planned", "later", "direction", "text", "magnitude"),
    [
        # May - March: 2 months later
        ("2020-03", "2020-05-15", Direction.LATE, "2 months", "2 months"),
        # nearer end 0 days, farther end 2 days: late, from zero
        ("2020-03-10", "2020-03-10..2020-03-12", Direction.LATE, "0–2 days", "0–2 days"),
        # April - June = -2 months
        ("2020-06", "2020-04-15", Direction.EARLY, "2 months early", "2 months"),
        ("2020-03-20", "2020-03-05", Direction.EARLY, "15 days early", "15 days"),
        ("2020-03", "2020-02..2020-04", Direction.MIXED, "1 month early – 1 month late",
         "1 month early – 1 month late"),
        ("2020-03", "2020-03-10", Direction.ON_TIME, "on time", "on time"),
        ("2020-03-10", "2020-03", Direction.ON_TIME, "on time", "on time"),
    ],
)  # fmt: skip
def test_slip_direction(
    planned: str, later: str, direction: Direction, text: str, magnitude: str
) -> None:
    slip = compute_slip(parse_date(planned), parse_date(later), Basis.ACTUAL)
    assert slip.direction is direction
    assert slip.text == text
    assert slip.magnitude == magnitude


@given(date_texts(), date_texts())
def test_direction_agrees_with_the_text(p_text: str, a_text: str) -> None:
    slip = compute_slip(parse_date(p_text), parse_date(a_text))
    # The oracle reads the text, which the direction must agree with.
    if slip.text == "on time":
        expected = Direction.ON_TIME
    elif slip.text.endswith(" early"):
        expected = Direction.EARLY
    elif " early – " in slip.text and slip.text.endswith(" late"):
        expected = Direction.MIXED
    else:
        expected = Direction.LATE
    assert slip.direction is expected
    if slip.direction is Direction.EARLY:
        assert f"{slip.magnitude} early" == slip.text


def test_as_of_hides_later_reports() -> None:
    # On 2013-11-30 only the Smart Policing forecast was known.
    t = trend_of("ict-strategy", _dt.date(2013, 11, 30), MET)
    assert [p.date.display for p in t.points] == ["2013-10..2013-11"]
    assert t.rate is None


def test_compute_trends_picks_milestones_with_forecasts() -> None:
    plan = load_plan(SHAPES)
    ids = [t.milestone.id for t in compute_trends(plan, FAR)]
    assert "no-forecasts" not in ids
    assert ids[0] == "runaway"
    with pytest.raises(KeyError):
        compute_trends(plan, FAR, ["nope"])


@pytest.mark.parametrize(
    ("lo", "hi", "text"),
    [(2, 3, "+2–3 months"), (1, 1, "+1 month"), (0, 0, "±0 months"), (-1, -1, "1 month earlier"),
     (-3, -2, "2–3 months earlier"), (-1, 2, "−1 to +2 months")],
)  # fmt: skip
def test_signed_months(lo: int, hi: int, text: str) -> None:
    assert signed_months(lo, hi) == text


# -- the command ----------------------------------------------------------------

MET_GOLDEN = """\
ict-strategy · New ICT strategy published
planned 2013-04 (cw-2013-12)
Reported     Forecast            Slip         Change        Source
─────────────────────────────────────────────────────────────────────────────
2013-08-30   2013-10..2013-11    6–7 months   —             smart-policing
2013-12      2014-01             9 months     +2–3 months   cw-2013-12
2014-02-07   2014-02-07 actual   10 months    +1 month      cio-uk-2014-02-07
slip rate  0.57–0.76 months of slip per month elapsed (+3–4 months in 5.3 months, 2013-08-30 →
           2014-02-07)
verdict    slipping
outcome    landed 2014-02-07, 1 month after the last forecast (2014-01, reported 2013-12)
plans/met.yaml · as of 2026-11-25
"""


def test_cli_golden_met(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(MET.parent.parent)
    result = invoke("trend", "plans/met.yaml", "--milestone", "ict-strategy")
    assert result.stdout == MET_GOLDEN
    assert result.stderr == ""


def test_cli_json_met(invoke: Invoke) -> None:
    doc = json.loads(invoke("trend", MET, "--format", "json").stdout)
    assert doc["as_of"] == "2026-11-25"
    (m,) = doc["milestones"]
    assert m["id"] == "ict-strategy"
    assert [p["slip"]["text"] for p in m["points"]] == ["6–7 months", "9 months", "10 months"]
    assert [p["reported"]["text"] for p in m["points"]] == ["2013-08-30", "2013-12", "2014-02-07"]
    assert [p["kind"] for p in m["points"]] == ["forecast", "forecast", "actual"]
    # 3*30.4375/161 = 0.56716, 4*30.4375/161 = 0.75621
    assert m["rate"]["rate_min"] == 0.5672
    assert m["rate"]["rate_max"] == 0.7562
    assert m["rate"]["added"] == {"months_min": 3, "months_max": 4, "text": "+3–4 months"}
    assert m["verdict"] == "slipping"
    assert m["projection"] is None
    assert m["outcome"]["error"]["text"] == "1 month"


def test_cli_as_of_projection(invoke: Invoke) -> None:
    out = invoke("trend", MET, "--as-of", "2013-12-31").stdout
    assert "projection  lands 2014-01..2023-02 if the rate holds" in out
    assert "0.49–0.98 months of slip per month elapsed" in out
    assert "2014-02-07" not in out  # the actual had not happened


def test_cli_never_lands_prints_no_date(invoke: Invoke) -> None:
    out = invoke("trend", SHAPES, "--milestone", "runaway").stdout
    assert "verdict     slipping as fast as time passes" in out
    assert "projection  never lands: at a slip rate of 1 or more" in out
    doc = json.loads(invoke("trend", SHAPES, "-m", "runaway", "-f", "json").stdout)
    assert doc["milestones"][0]["projection"]["never"] is True
    assert doc["milestones"][0]["projection"]["lands"] is None


def test_cli_unknown_milestone(invoke: Invoke) -> None:
    result = invoke("trend", MET, "--milestone", "nope", code=2)
    assert "no milestone 'nope'" in result.stderr
    assert "ict-strategy" in result.stderr
    assert result.stdout == ""


def test_cli_invalid_plan(invoke: Invoke, plan_file) -> None:  # type: ignore[no-untyped-def]
    bad = plan_file(
        "plantrack: 1\nplan: x\nmilestones:\n  - id: a\n    name: A\n    planned: 2013-13\n"
    )
    result = invoke("trend", bad, code=2)
    assert f"{bad}:6:14: error:" in result.stderr


def test_cli_nothing_to_show(invoke: Invoke) -> None:
    out = invoke("trend", MET, "--as-of", "2013-01-01").stdout
    assert out == "plans/met.yaml: no milestone has a forecast known at 2013-01-01\n".replace(
        "plans/met.yaml", str(MET)
    )


def test_cli_terminal_chart_fits_80_columns(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = invoke("trend", MET, "--chart").stdout
    chart = out[out.index("forecast date") :].splitlines()
    assert max(len(line) for line in chart) <= 80
    assert "\x1b[" not in out  # plain when not a terminal
    body = "\n".join(chart)
    assert "A ict-strategy" in body
    assert "◆" in body  # the actual
    assert "·" in body  # the diagonal
    assert "date reported" in body
    # the first forecast is a two-month range: drawn as a vertical bar around its marker
    a_line = next(i for i, line in enumerate(chart) if "A" in line[9:] and "│" in line[:9])
    column = chart[a_line].index("A", 9)
    assert chart[a_line - 1][column] == "│" or chart[a_line + 1][column] == "│"


# -- pictures -------------------------------------------------------------------


def test_svg_is_a_valid_document(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "met.svg"
    invoke("trend", MET, "--svg", svg)
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.read_text(encoding="utf-8")
    for label in ("Date the forecast was reported", "Forecast date of the milestone"):
        assert label in text or all(word in text for word in label.split())


def test_png_signature_and_header(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "met.png"
    invoke("trend", MET, "--png", png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 600
    assert height >= 400


def test_chart_without_matplotlib_exits_2(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib -> ImportError
    for option in ("--svg", "--png"):
        out = tmp_path / f"chart.{option[2:]}"
        result = invoke("trend", MET, option, out, code=2)
        assert "plantrack-cli[plot]" in result.stderr
        assert option in result.stderr
        assert not out.exists()


def test_chart_unwritable_path_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    result = invoke("trend", MET, "--png", tmp_path / "missing" / "x.png", code=2)
    assert "x.png: not written: cannot create a file in" in result.stderr
    assert "No such file or directory" in result.stderr


def test_chart_refuses_to_overwrite_without_force(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "met.svg"
    svg.write_text("precious")
    result = invoke("trend", MET, "--svg", svg, code=2)
    assert f"{svg}: not written: the file exists (use --force to overwrite it)" in result.stderr
    assert svg.read_text() == "precious"
    invoke("trend", MET, "--svg", svg, "--force")
    assert svg.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["met.svg"]  # no temporary file left


@pytest.mark.parametrize(
    "args",
    [
        ["trend", str(MET), "--format", "json"],
        ["diff", str(MET), str(MET), "--format", "json"],
    ],
)
def test_json_paths_import_nothing_heavy(args: list[str]) -> None:
    # JSON output must not import Rich, matplotlib or ruamel.yaml.
    import subprocess

    code = (
        "import sys\n"
        "from plantrack.cli import cli\n"
        f"cli({args!r}, standalone_mode=False)\n"
        "heavy = [m for m in ('rich', 'matplotlib', 'ruamel') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stderr == "[]"
    assert json.loads(done.stdout)


def test_svg_with_nothing_to_draw(invoke: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    svg = tmp_path / "empty.svg"
    result = invoke("trend", MET, "--as-of", "2013-01-01", "--svg", svg)
    assert "no milestone has a forecast" in result.stdout
    assert ET.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize(
    ("fmt", "option", "start"),
    [("svg", "--svg", b"<?xml"), ("png", "--png", b"\x89PNG\r\n\x1a\n")],
)
def test_chart_renderer_returns_the_bytes_the_cli_writes(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, option: str,
    start: bytes,
) -> None:  # fmt: skip
    pytest.importorskip("matplotlib")
    from plantrack.render.chart import ChartFormat, render_chart

    monkeypatch.chdir(tmp_path)
    plan = load_plan(MET)
    picture = render_chart(compute_trends(plan, FAR), fmt=ChartFormat(fmt), title=plan.name)
    assert picture.startswith(start)
    assert list(tmp_path.iterdir()) == []  # the renderer wrote nothing
    out = tmp_path / f"met.{fmt}"
    invoke("trend", MET, "--as-of", "2030-01-01", option, out)
    assert out.read_bytes() == picture
