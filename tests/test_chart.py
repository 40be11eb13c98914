"""The fan chart stands alone: scenario in the title, € on the axis, budget and chances, every band in the legend."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pendulum
import pytest

from wmd.finance import DuesSchedule, Projection, Rate, Scenario, project
from wmd.finance.projection.chart import describe_scenario, fan_chart
from wmd.finance.scenario import Normal
from wmd.i18n import language
from wmd.members import Member, Membership, Registry, YearFigures

plt: Any = pytest.importorskip("matplotlib.pyplot")

WAGES = ["180000", "420000", "950000", "2600000", "75000", "1300000"]


@pytest.fixture(autouse=True)
def _agg() -> Iterator[None]:
    """Draw off-screen and close every figure afterwards."""
    plt.switch_backend("Agg")
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def projection() -> Projection:
    """Six members, 2013-2016, -12,5% (sd 5%) a year, five quantiles."""
    registry = Registry(
        Member(
            f"M{i}",
            f"Stichting {i}",
            sectors=("LW",),
            figures=(YearFigures(2012, wage_sum=Decimal(w)),),
            spells=(Membership(pendulum.date(2000, 1, 1)),),
        )
        for i, w in enumerate(WAGES)
    )
    scenario = Scenario(
        range(2013, 2017),
        DuesSchedule(2013, Rate.per_mille("2")),
        change=Normal(-0.125, 0.05),
        cancellation=0.02,
    )
    return project(registry, scenario, runs=200, seed=5, quantiles=(0.05, 0.1, 0.5, 0.9, 0.95))


def legend_texts(figure: Any) -> list[str]:
    """The legend entries of the figure's only axes."""
    (axes,) = figure.axes
    return [t.get_text() for t in axes.get_legend().get_texts()]


def test_chart_names_scenario_unit_bands_mean_and_budget_in_dutch(projection: Projection) -> None:
    """Default Dutch: title with the scenario, '(€)' on the y axis, both bands, median, mean, path and budget."""
    figure = fan_chart(projection, budget="8000")
    (axes,) = figure.axes
    assert describe_scenario(projection.scenario) in axes.get_title()
    assert "loonsommen -12,5% per jaar" in axes.get_title()
    assert axes.get_ylabel() == "contributie (€)"
    assert axes.get_xlabel() == "jaar"
    assert legend_texts(figure) == [
        "P5-P95",
        "P10-P90",
        "P50",
        "gemiddelde",
        "deterministisch",
        "begroting (kans die te halen)",
    ]
    assert axes.get_ylim()[0] == 0  # the y axis does not exaggerate
    budget_lines = [line for line in axes.get_lines() if line.get_color() == "tab:red"]
    assert len(budget_lines) == 1
    assert np.asarray(budget_lines[0].get_ydata(), dtype=float).tolist() == [8000.0] * 4


def test_chart_shows_each_years_chance_of_meeting_the_budget(projection: Projection) -> None:
    """One annotation per year with the share of runs at or above the budget, as a whole percentage."""
    figure = fan_chart(projection, budget="8000", lang="en")
    (axes,) = figure.axes
    shown = [t.get_text() for t in axes.texts]
    expected = [
        f"{round(100 * (1 - projection.shortfall_probability(y, '8000')))}%"
        for y in projection.years
    ]
    assert shown == expected


def test_mean_is_drawn_over_the_median(projection: Projection) -> None:
    """The mean line has its own colour and lies above the median in drawing order."""
    (axes,) = fan_chart(projection).axes
    by_label = {line.get_label(): line for line in axes.get_lines()}
    assert by_label["gemiddelde"].get_zorder() > by_label["P50"].get_zorder()
    assert by_label["gemiddelde"].get_color() != by_label["P50"].get_color()


def test_language_setting_and_pyplot_savefig(projection: Projection, tmp_path: Path) -> None:
    """Under language('en') the chart is English, and plt.savefig writes the chart (pyplot knows it)."""
    with language("en"):
        figure = fan_chart(projection, name="report 2012")
    assert plt.gcf() is figure
    (axes,) = figure.axes
    assert axes.get_ylabel() == "dues (€)"
    assert axes.get_title().endswith("report 2012")
    target = tmp_path / "fan.png"
    plt.savefig(target)
    assert target.read_bytes().startswith(b"\x89PNG")
    assert target.stat().st_size > 10_000  # a drawn chart, not an empty canvas
