"""The fan chart of a projection: a figure that stands alone, in Dutch or English.

:func:`fan_chart` draws what a reader needs without the notebook around it:

* a title naming the scenario (:func:`describe_scenario`, or a name you give);
* the y axis labelled with its unit (€), starting at zero, amounts formatted by
  babel in the chart's language;
* every quantile band in the legend (P10-P90 and so on), the median, the mean
  drawn over the median in its own colour, and the deterministic path;
* with a ``budget``: the budget line, and per year the chance of meeting it.

Without ``ax`` the figure is made by :func:`matplotlib.pyplot.subplots`, so it is
pyplot's current figure: ``plt.savefig("fan.png")`` and ``plt.show()`` work as users
expect. Needs matplotlib (``pip install 'wmd[plot]'``).

>>> from wmd.finance import DuesSchedule, Rate
>>> from wmd.finance.projection.scenario import Normal, Scenario
>>> scenario = Scenario(range(2013, 2017), DuesSchedule(2013, Rate.per_mille("2")),
...     change=Normal(-0.125, 0.05), correlation=0.5, cancellation=0.02, merger=0.01)
>>> describe_scenario(scenario)
'loonsommen -12,5% per jaar (sd 5%, correlatie 0,5 binnen een deelsector); opzeggingen 2% en fusies 1% per jaar'
>>> describe_scenario(scenario, "en")
'wage sums -12.5% a year (sd 5%, correlation 0.5 within a sector); cancellations 2% and mergers 1% a year'
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from wmd._lazy import lazy_module
from wmd.errors import MissingExtraError
from wmd.finance.projection.result import Projection
from wmd.finance.projection.scenario import (
    Constant,
    Empirical,
    LogNormal,
    Normal,
    Scenario,
    WageChange,
)
from wmd.i18n import format_amount, format_number, format_percent, label, resolve_lang
from wmd.money import CENTS, amount

if TYPE_CHECKING:
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
else:
    np = lazy_module("numpy")

__all__ = ["describe_change", "describe_scenario", "fan_chart"]


def _percent(value: float, lang: str) -> str:
    return (
        format_percent(Decimal(repr(value)), lang, decimals=1)
        .replace(",0%", "%")
        .replace(".0%", "%")
    )


def describe_change(change: WageChange, lang: str | None = None) -> str:
    """A yearly wage-sum change in words: ``-12,5%``, ``-12,5% (sd 5%)``, ``-15% tot -10%``.

    >>> from wmd.finance.projection.scenario import Uniform
    >>> describe_change(Uniform(-0.15, -0.10))
    '-15% tot -10%'


    >>> describe_change(Normal(-0.1, 0.03))
    '-10% (sd 3%)'
    >>> from wmd.finance.projection.scenario import Empirical
    >>> describe_change(Empirical([0.02, -0.08, -0.03]), "en")
    'as observed (3 changes, median -3%)'
    """
    lang = resolve_lang(lang)
    if isinstance(change, Constant):
        return _percent(change.rate, lang)
    if isinstance(change, Normal):
        return f"{_percent(change.mean, lang)} (sd {_percent(change.sd, lang)})"
    if isinstance(change, LogNormal):
        return (
            f"{label('median', lang)} {_percent(change.median, lang)} "
            f"(sigma {format_number(Decimal(repr(change.sigma)), lang)})"
        )
    if isinstance(change, Empirical):
        return (
            f"{label('as observed', lang)} ({len(change.data)} {label('changes', lang)}, "
            f"{label('median', lang)} {_percent(change.central, lang)})"
        )
    return f"{_percent(change.low, lang)} {label('to', lang)} {_percent(change.high, lang)}"


def describe_scenario(scenario: Scenario, lang: str | None = None) -> str:
    """The scenario in one line: wage-sum changes, correlation, cancellations, mergers, joiners."""
    lang = resolve_lang(lang)
    head, open_, rest = describe_change(scenario.change, lang).partition(" (")
    if open_ and scenario.correlation > 0:
        rest = (
            rest[:-1] + f", {label('correlation', lang)} "
            f"{format_number(Decimal(repr(scenario.correlation)), lang)} "
            f"{label('within a sector', lang)})"
        )
    parts = [f"{label('wage sums', lang)} {head} {label('a year', lang)}{open_}{rest}"]
    parts += [
        f"{label(code, lang)} {describe_change(c, lang)}" for code, c in scenario.sector_changes
    ]
    events = []
    if scenario.cancellation:
        events.append(f"{label('cancellations', lang)} {_percent(scenario.cancellation, lang)}")
    if scenario.merger:
        events.append(f"{label('mergers', lang)} {_percent(scenario.merger, lang)}")
    if events:
        and_ = f" {label('and', lang)} "
        parts.append(and_.join(events) + f" {label('a year', lang)}")
    if scenario.new_members:
        parts.append(f"{scenario.new_members} {label('new members a year', lang)}")
    return "; ".join(parts)


def _budgets(
    budget: Decimal | int | str | Mapping[int, Decimal | int | str], years: tuple[int, ...]
) -> dict[int, Decimal]:
    if isinstance(budget, Mapping):
        return {y: CENTS.round(amount(budget[y], field="budget")) for y in years if y in budget}
    return dict.fromkeys(years, CENTS.round(amount(budget, field="budget")))


def fan_chart(
    projection: Projection,
    *,
    budget: Decimal | int | str | Mapping[int, Decimal | int | str] | None = None,
    ax: Axes | None = None,
    lang: str | None = None,
    name: str | None = None,
) -> Figure:
    """Draw the fan chart of dues income of ``projection``; returns its figure.

    Args:
        projection: the projection to draw.
        budget: one amount for every year or a mapping year -> amount; draws the budget
            line and, per year, the chance of meeting it (the share of runs at or above).
        ax: the axes to draw on; without, a new pyplot figure.
        lang: ``"nl"`` or ``"en"``; ``None`` is the current default language.
        name: the scenario's name in the title; by default its description.

    Raises:
        MissingExtraError: without matplotlib.
    """
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency
        from matplotlib.ticker import FuncFormatter  # noqa: PLC0415
    except ImportError:
        raise MissingExtraError("matplotlib", "plot") from None
    lang = resolve_lang(lang)
    if ax is None:
        figure, ax = plt.subplots(figsize=(8, 5), layout="constrained")
    else:
        figure = ax.get_figure()  # type: ignore[assignment]
    years = list(projection.years)
    euros = 1 / 100  # plotting only: money leaves the exact world here
    cents = projection.paths.dues_cents
    levels = sorted(set(projection.quantiles))
    values = {
        q: [float(v) * euros for v in np.quantile(cents, q, axis=0, method="inverted_cdf")]
        for q in levels
    }
    pairs = [(levels[i], levels[-1 - i]) for i in range(len(levels) // 2)]
    for k, (low, high) in enumerate(pairs):
        ax.fill_between(
            years,
            values[low],
            values[high],
            alpha=0.25 + 0.15 * k,
            color="tab:blue",
            linewidth=0,
            label=f"{_level(low)}-{_level(high)}",
        )
    median = [q for q in levels if q == 0.5]
    if median:
        ax.plot(years, values[0.5], color="tab:blue", linewidth=2, label=_level(0.5), zorder=3)
    means = [float(m) * euros for m in cents.mean(axis=0)]
    ax.plot(
        years,
        means,
        color="tab:orange",
        linestyle="--",
        linewidth=2,
        marker="D",
        label=label("mean", lang),
        zorder=4,
    )
    ax.plot(
        years,
        [float(v) * euros for v in projection.deterministic.dues_cents[0]],
        color="black",
        linestyle=":",
        marker="o",
        label=label("deterministic", lang),
        zorder=3,
    )
    top = max(*values[levels[-1]], *means)
    if budget is not None:
        budgets = _budgets(budget, projection.years)
        shown = [y for y in years if y in budgets]
        line = [float(budgets[y]) for y in shown]
        ax.step(
            shown,
            line,
            where="mid",
            color="tab:red",
            linewidth=1.5,
            label=f"{label('budget', lang)} ({label('chance of meeting it', lang)})",
            zorder=5,
        )
        for y, level in zip(shown, line, strict=True):
            chance = 1 - projection.shortfall_probability(y, budgets[y])
            ax.annotate(
                format_percent(Decimal(repr(chance)), lang, decimals=0),
                (y, level),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                color="tab:red",
            )
        top = max(top, *line)
    ax.set_ylim(0, top * 1.12)
    ax.set_xticks(years)
    ax.set_xlabel(label("year", lang))
    ax.set_ylabel(f"{label('dues', lang)} (€)")
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: format_amount(amount(float(value)), lang))
    )
    title = textwrap.fill(
        name if name is not None else describe_scenario(projection.scenario, lang), width=90
    )
    ax.set_title(
        f"{label('projected dues', lang).capitalize()} "
        f"{years[0]}-{years[-1]} ({projection.runs} {label('runs', lang)})\n{title}",
        fontsize="medium",
    )
    ax.legend(loc="lower left")
    return figure


def _level(level: float) -> str:
    return f"P{format_number(Decimal(repr(level * 100)).normalize(), 'en')}"
