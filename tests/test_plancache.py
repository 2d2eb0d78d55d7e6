"""The plan cache: the same output with and without it, never stale, and
safe against a damaged or crafted cache (every such entry is discarded)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plantrack import plancache
from plantrack.errors import PlanError
from plantrack.loader import load_plan as load_fresh
from tests.conftest import MET, Invoke

GOOD = """\
plantrack: 1
plan: Cached
milestones:
  - id: a
    name: Alpha
    planned: 2013-04
    forecasts:
      - date: 2013-06-15
        reported: 2013-03
  - id: b
    name: Beta
    planned: a.expected + 2 months
    deadline: 2013-12
    tolerance: 5bd
"""


def _cache(tmp_path: Path) -> plancache.PlanCache:
    cache = plancache.from_environment(environ={"PLANTRACK_CACHE_DIR": str(tmp_path / "c")})
    assert cache is not None
    return cache


def _entries(cache: plancache.PlanCache) -> list[Path]:
    return sorted(cache.directory.rglob("*.json"))


def test_round_trip_is_the_same_plan_with_positions(tmp_path: Path) -> None:
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(GOOD)
    cache = _cache(tmp_path)
    cold = plancache.load_plan(plan_file, cache=cache)
    assert len(_entries(cache)) == 1
    warm = plancache.load_plan(plan_file, cache=cache)
    assert warm == cold == load_fresh(plan_file)
    # positions by hand: milestone a starts at line 4, column 5 ("id: a")
    assert [(m.line, m.column) for m in warm.milestones] == [(4, 5), (10, 5)]
    assert [m.planned.text for m in warm.milestones] == ["2013-04", "a.expected + 2 months"]


def test_same_bytes_under_another_name_report_that_name(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    (tmp_path / "one.yaml").write_text(GOOD)
    (tmp_path / "two.yaml").write_text(GOOD)
    plancache.load_plan(tmp_path / "one.yaml", cache=cache)
    assert plancache.load_plan(tmp_path / "two.yaml", cache=cache).file == str(
        tmp_path / "two.yaml"
    )


def test_an_edited_file_is_never_served_stale(tmp_path: Path) -> None:
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(GOOD)
    cache = _cache(tmp_path)
    plancache.load_plan(plan_file, cache=cache)
    plan_file.write_text(GOOD.replace("name: Alpha", "name: Alpha two"))
    assert plancache.load_plan(plan_file, cache=cache).milestones[0].name == "Alpha two"


def test_invalid_files_are_never_cached_and_fail_the_same(tmp_path: Path) -> None:
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(GOOD.replace("planned: 2013-04", "planned: 2013-13"))
    cache = _cache(tmp_path)
    with pytest.raises(PlanError) as cached:
        plancache.load_plan(plan_file, cache=cache)
    with pytest.raises(PlanError) as fresh:
        load_fresh(plan_file)
    assert cached.value.problems == fresh.value.problems
    assert _entries(cache) == []


def _edit(change: Callable[[list[Any]], object]) -> Callable[[str, str], str]:
    """Damage that keeps the entry well-formed JSON: ``change`` edits the
    field list of the first milestone (id, name, planned, ..., index at 11)."""

    def damage(text: str, key: str) -> str:
        entry = json.loads(text)
        milestone = entry["plan"][2][2][1][0]
        assert milestone[:2] == ["C", "Milestone"]
        change(milestone[2])
        return json.dumps(entry)

    return damage


def _set(i: int, value: object) -> Callable[[list[Any]], object]:
    return lambda fields: fields.__setitem__(i, value)


_DAYS = ["E", "DurationUnit", "days"]


def _fuzzy(ordinal: int, precision: str) -> list[Any]:
    """A FuzzyDate entry: start and end at ``ordinal``."""
    return [
        "C",
        "FuzzyDate",
        [["D", ordinal], ["D", ordinal], ["E", "Precision", precision], "", False],
    ]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda t, k: t[: len(t) // 2], id="truncated"),
        pytest.param(lambda t, k: "\0\xff garbage", id="corrupted"),
        pytest.param(lambda t, k: "", id="empty"),
        pytest.param(lambda t, k: t.replace(k, "0" * 64), id="wrong-key"),
        pytest.param(lambda t, k: json.dumps({"key": k}), id="no-plan"),
        pytest.param(lambda t, k: json.dumps({"key": k, "plan": ["C", "Popen", []]}), id="class"),
        pytest.param(lambda t, k: json.dumps({"key": k, "plan": 1}), id="not-a-plan"),
        pytest.param(_edit(_set(11, "0")), id="str-for-int"),
        pytest.param(_edit(_set(11, True)), id="bool-for-int"),
        pytest.param(_edit(_set(1, None)), id="none-for-str"),
        pytest.param(_edit(lambda f: f.pop()), id="missing-field"),
        pytest.param(_edit(lambda f: f.append(1)), id="extra-field"),
        pytest.param(_edit(_set(2, ["D", 1e400])), id="date-for-fuzzy-date"),
        pytest.param(
            _edit(
                _set(
                    2,
                    [
                        "C",
                        "FuzzyDate",
                        [["D", 10**20], ["D", 1], ["E", "Precision", "day"], "", False],
                    ],
                )
            ),
            id="huge-date",
        ),
        pytest.param(
            _edit(
                _set(
                    2,
                    [
                        "C",
                        "FuzzyDate",
                        [["D", 1], ["D", 1], ["E", "Precision", "fortnight"], "", False],
                    ],
                )
            ),
            id="enum",
        ),
        # FuzzyDate rows are checked whole in one call (plancache._fuzzy_date):
        *(
            pytest.param(_edit(_set(2, ["C", "FuzzyDate", fields])), id=f"fuzzy-{name}")
            for name, fields in [
                ("bool-ordinal", [["D", True], ["D", 1], ["E", "Precision", "day"], "", False]),
                ("str-ordinal", [["D", "1"], ["D", 1], ["E", "Precision", "day"], "", False]),
                ("two-chars", ["D1", ["D", 1], ["E", "Precision", "day"], "", False]),
                ("long-date", [["D", 1, 2], ["D", 1], ["E", "Precision", "day"], "", False]),
                ("other-enum", [["D", 1], ["D", 1], ["E", "DurationUnit", "day"], "", False]),
                ("list-value", [["D", 1], ["D", 1], ["E", "Precision", ["day"]], "", False]),
                ("int-text", [["D", 1], ["D", 1], ["E", "Precision", "day"], 0, False]),
                ("int-derived", [["D", 1], ["D", 1], ["E", "Precision", "day"], "", 0]),
                ("short", [["D", 1], ["D", 1], ["E", "Precision", "day"], ""]),
                ("ordinal-0", [["D", 0], ["D", 1], ["E", "Precision", "day"], "", False]),
            ]
        ),
        pytest.param(_edit(_set(2, ["C", "FuzzyDate", "abcde"])), id="fuzzy-str-fields"),
        pytest.param(_edit(_set(2, ["C", "FuzzyDate"])), id="fuzzy-no-fields"),
        pytest.param(_edit(_set(2, ["C", "Duration", [1, _DAYS, ""]])), id="wrong-class"),
        pytest.param(_edit(_set(3, ["T", "abc"])), id="tuple-not-list"),
        pytest.param(lambda t, k: "[" * 100_000 + "]" * 100_000, id="deep"),
        pytest.param(lambda t, k: t + " " * 10_000_000, id="huge"),
    ],
)
def test_a_damaged_or_crafted_entry_is_discarded(tmp_path: Path, damage: object) -> None:
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(GOOD)
    cache = _cache(tmp_path)
    expected = plancache.load_plan(plan_file, cache=cache)
    (entry,) = _entries(cache)
    key = entry.parent.name + entry.stem
    entry.write_text(damage(entry.read_text(), key))  # type: ignore[operator]
    assert plancache.load_plan(plan_file, cache=cache) == expected


def test_an_entry_that_is_a_link_is_not_followed(tmp_path: Path) -> None:
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(GOOD)
    cache = _cache(tmp_path)
    expected = plancache.load_plan(plan_file, cache=cache)
    (entry,) = _entries(cache)
    outside = tmp_path / "outside.json"
    outside.write_text(entry.read_text().replace("Alpha", "Evil"))
    entry.unlink()
    entry.symlink_to(outside)
    assert plancache.load_plan(plan_file, cache=cache) == expected
    plancache.load_plan(plan_file, cache=cache)
    assert "Evil" in outside.read_text()  # rewritten in place of the link, never through it
    assert not entry.is_symlink()


def test_an_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    plan_file = tmp_path / "p.yaml"
    plan_file.write_text(GOOD)
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = plancache.PlanCache(blocker / "sub", "salt")
    assert plancache.load_plan(plan_file, cache=cache) == load_fresh(plan_file)


@pytest.mark.parametrize(
    ("enabled", "environ", "on"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"PLANTRACK_NO_CACHE": "1"}, False),
        (True, {"PLANTRACK_NO_CACHE": "0"}, True),
        (True, {"PLANTRACK_NO_CACHE": ""}, True),
    ],
)
def test_switches(tmp_path: Path, enabled: bool, environ: dict[str, str], on: bool) -> None:
    env = {"PLANTRACK_CACHE_DIR": str(tmp_path)} | environ
    cache = plancache.from_environment(enabled=enabled, environ=env)
    assert (cache is not None) is on
    if cache is not None:
        assert cache.directory == tmp_path / "plans-v1"


def test_default_directory_is_the_user_cache_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    cache = plancache.from_environment(environ={})
    assert cache is not None
    assert cache.directory.parent == Path(platformdirs.user_cache_dir("plantrack", appauthor=False))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_check_output_is_the_same_cold_warm_and_without_cache(
    invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "met.yaml").write_text(MET.read_text())
    (plans / "small.yaml").write_text(GOOD)
    (plans / "bad.yaml").write_text(GOOD.replace("planned: 2013-04", "planned: 2013-13"))
    args = ("check", plans, "--as-of", "2013-12-31", "--format", fmt, "--no-step-summary")
    without = invoke(*args, "--no-cache", code=2)
    assert not list(Path(os.environ["PLANTRACK_CACHE_DIR"]).rglob("*.json"))
    cold = invoke(*args, code=2)
    warm = invoke(*args, code=2)
    assert len(list(Path(os.environ["PLANTRACK_CACHE_DIR"]).rglob("*.json"))) == 2  # valid ones
    for run in (cold, warm):
        assert (run.stdout, run.stderr) == (without.stdout, without.stderr)
