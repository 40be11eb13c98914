"""Dues history: what a member (or every member) paid across years and schedules, and why it changed.

:func:`dues_history` assesses each year with that year's schedule
(:meth:`~wmd.finance.dues.DuesSchedule.roll` for who pays,
:meth:`~wmd.finance.dues.DuesSchedule.assess` for how): there is no second dues rule
here. Each line names what changed since the member's previous year:

* ``basis``: the figure the dues rest on (wage sum, headcount or fte);
* ``rate``: the schedule's formula;
* ``proration``: the part of the year owed (joining or leaving during a year);
* ``merger``: the basis now includes (or no longer includes) merged members' figures,
  or another member owes the dues;
* ``joined`` / ``left``: the member starts or stops paying.

>>> import pendulum
>>> from decimal import Decimal
>>> from wmd.finance import DuesSchedule, Rate
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> member = Member("A", "Stichting A", sectors=("LW",),
...     figures=(YearFigures(2011, wage_sum=Decimal("1000000")),
...              YearFigures(2012, wage_sum=Decimal("900000"))),
...     spells=(Membership(pendulum.date(2000, 1, 1)),))
>>> registry = Registry([member])
>>> schedules = [DuesSchedule(2012, Rate.per_mille("2")), DuesSchedule(2013, Rate.per_mille("2.5"))]
>>> history = dues_history(registry, schedules, member_id="A", basis_years_before=1)
>>> [(line.year, line.due, line.reasons) for line in history.lines]
[(2012, Decimal('2000.00'), ()), (2013, Decimal('2250.00'), ('basis', 'rate'))]
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from wmd.errors import InvalidInputError
from wmd.finance.dues import Assessment, Basis, DuesSchedule
from wmd.finance.formulas import Rate
from wmd.i18n import format_amount, format_number, format_rate, label, resolve_lang
from wmd.members.registry import Registry
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DuesHistory", "HistoryLine", "dues_history"]


@attrs.frozen
class HistoryLine:
    """One member's dues in one year, and what changed since its previous year.

    Attributes:
        member_id: the member.
        year: the dues year.
        assessment: the year's assessment, or ``None`` when the member pays nothing.
        change: the due minus the previous year's (the previous counts as zero when absent).
        reasons: what changed, as keys (see the module docs), in a fixed order.
    """

    member_id: str
    year: int
    assessment: Assessment | None
    change: Decimal
    reasons: tuple[str, ...]

    @property
    def due(self) -> Decimal:
        """The amount due (excluding VAT); zero when the member pays nothing."""
        return Decimal("0.00") if self.assessment is None else self.assessment.amount


_REASONS = ("basis", "rate", "proration", "merger", "joined", "left")


def _reasons(
    before: Assessment | None,
    now: Assessment | None,
    before_schedule: DuesSchedule | None,
    schedule: DuesSchedule,
) -> tuple[str, ...]:
    if before is None and now is None:
        return ()
    if before is None:
        return ("joined",) if before_schedule is not None else ()
    if now is None:
        return ("left",)
    found = set()
    if now.basis != before.basis:
        found.add("basis")
    if before_schedule is not None and schedule.formula != before_schedule.formula:
        found.add("rate")
    if now.fraction != before.fraction:
        found.add("proration")
    if len(now.parts) != len(before.parts) or now.payer != before.payer:
        found.add("merger")
    return tuple(r for r in _REASONS if r in found)


@attrs.frozen
class DuesHistory(Tabular):
    """The lines of :func:`dues_history`, by member, then year."""

    lines: tuple[HistoryLine, ...]
    schedules: tuple[DuesSchedule, ...] = attrs.field(repr=False)

    def member(self, member_id: str) -> tuple[HistoryLine, ...]:
        """One member's lines."""
        return tuple(line for line in self.lines if line.member_id == member_id)

    def table(self, lang: str | None = None) -> Table:
        """Per member and year: basis, rate, part of the year, due, change and why."""
        lang = resolve_lang(lang)
        by_year = {s.year: s for s in self.schedules}
        rows = []
        for line in self.lines:
            a = line.assessment
            formula = by_year[line.year].formula
            rate = format_rate(formula.rate, lang) if isinstance(formula, Rate) else formula.kind
            rows.append(
                (
                    line.member_id,
                    str(line.year),
                    "" if a is None else format_amount(a.basis, lang, decimals=2),
                    rate,
                    "" if a is None else _fraction(a.fraction, lang),
                    format_amount(line.due, lang, decimals=2),
                    format_amount(line.change, lang, decimals=2),
                    ", ".join(label(r, lang) for r in line.reasons),
                )
            )
        return Table(
            title=label("dues history", lang).capitalize(),
            columns=(
                label("member", lang),
                label("year", lang),
                label("basis", lang),
                label("rate", lang),
                label("part of the year", lang),
                label("dues", lang),
                label("change", lang),
                label("why", lang),
            ),
            rows=rows,
            align="lrrrrrrl",
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per member and year: ``member_id``, ``year``, ``basis``, ``fraction``, ``due``, ``change``, ``reasons``."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {
                    "member_id": line.member_id,
                    "year": line.year,
                    "basis": None if line.assessment is None else line.assessment.basis,
                    "fraction": None if line.assessment is None else line.assessment.fraction,
                    "due": line.due,
                    "change": line.change,
                    "reasons": ", ".join(line.reasons),
                }
                for line in self.lines
            ],
            columns=["member_id", "year", "basis", "fraction", "due", "change", "reasons"],
        )
        return frame


def _fraction(value: Fraction, lang: str) -> str:
    if value.denominator == 1:
        return format_number(Decimal(value.numerator), lang)
    return f"{value.numerator}/{value.denominator}"


def dues_history(
    registry: Registry,
    schedules: Iterable[DuesSchedule],
    *,
    member_id: str | None = None,
    basis_years_before: int | None = None,
) -> DuesHistory:
    """Every member's (or one member's) dues under each year's schedule, with the reasons for each change.

    Args:
        registry: the members.
        schedules: one schedule per year, consecutive or not, each assessed on its own.
        member_id: only this member.
        basis_years_before: when given, every schedule's basis looks that many years back
            (convenient for schedules written for one year); else each schedule's own.

    Raises:
        InvalidInputError: for no schedules, two for one year, or an unknown member.
    """
    chosen = sorted(schedules, key=lambda s: s.year)
    if not chosen:
        raise InvalidInputError("schedules", given=chosen, expected="one or more schedules")
    if len({s.year for s in chosen}) != len(chosen):
        raise InvalidInputError(
            "schedules", given=[s.year for s in chosen], expected="one schedule per year"
        )
    if basis_years_before is not None:
        chosen = [
            attrs.evolve(s, basis=attrs.evolve(s.basis, years_before=basis_years_before))
            if isinstance(s.basis, Basis)
            else s
            for s in chosen
        ]
    ids = [member_id] if member_id is not None else [m.id for m in registry.members]
    if member_id is not None:
        registry.member(member_id)  # raises for an unknown member
    assessed: dict[int, dict[str, Assessment]] = {}
    for schedule in chosen:
        roll = schedule.roll(registry)
        paying = set(roll.amounts())
        assessed[schedule.year] = {
            mid: schedule.assess(registry.member(mid), registry) for mid in ids if mid in paying
        }
    lines = []
    for mid in ids:
        before: Assessment | None = None
        before_schedule: DuesSchedule | None = None
        for schedule in chosen:
            now = assessed[schedule.year].get(mid)
            if now is None and before is None:
                before_schedule = schedule
                continue
            previous = Decimal("0.00") if before is None else before.amount
            due = Decimal("0.00") if now is None else now.amount
            lines.append(
                HistoryLine(
                    mid,
                    schedule.year,
                    now,
                    due - previous,
                    _reasons(before, now, before_schedule, schedule),
                )
            )
            before, before_schedule = now, schedule
    return DuesHistory(tuple(lines), tuple(chosen))
