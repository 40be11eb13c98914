"""Harmonising dues: everyone on one schedule, and who pays more or less.

Given the combined registry of two associations (:func:`wmd.members.combine`),
each member's current dues (summed over both associations for a shared member)
and a new schedule, :func:`harmonise` gives per member the old dues, the new dues,
and the change in euros and percent. With ``calibrate=True`` the schedule's rates
are first scaled (:func:`~wmd.finance.dues.solve_rate`) so the combined income
equals the old income as closely as rounding allows.

The changes add up to the change in total income **exactly**: both totals are sums
of the same members' cents.

>>> import pendulum
>>> from wmd.finance import Basis, DuesSchedule, Rate
>>> from wmd.finance import harmonise
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> def org(mid, wage_sum):
...     return Member(mid, mid, sectors=("LW",), figures=(YearFigures(2015, wage_sum=Decimal(wage_sum)),),
...         spells=(Membership(pendulum.date(2010, 1, 1)),))
>>> registry = Registry((org("A:1", "1000000"), org("B:2", "3000000")))
>>> old = {"A:1": Decimal("2500.00"), "B:2": Decimal("5500.00")}
>>> result = harmonise(registry, old, DuesSchedule(2016, Rate.per_mille("2"), Basis(years_before=1)))
>>> [(r.member_id, r.old, r.new, r.change) for r in result.rows]
[('A:1', Decimal('2500.00'), Decimal('2000.00'), Decimal('-500.00')), ('B:2', Decimal('5500.00'), Decimal('6000.00'), Decimal('500.00'))]
>>> result.total_change == sum(r.change for r in result.rows)
True
>>> print(result.explain("A:1", "en"))
A:1, dues old and new
old dues: €2,500.00
new dues on the 2016 schedule: €2,000.00
difference: €2,000.00 - €2,500.00 = -€500.00
change: -€500.00 / €2,500.00 = -20.0%
pays less
"""

from __future__ import annotations

import decimal
from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from wmd.errors import InvalidInputError
from wmd.finance.dues import DuesSchedule, Percentage, explain_steps, solve_rate
from wmd.i18n import format_amount, format_percent, label
from wmd.members.registry import Registry
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Harmonisation", "HarmonisedDues", "harmonise"]

_ZERO = Decimal("0.00")
_RATIO: Final = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_UP)


def _ratio(a: Decimal, b: Decimal) -> Decimal:
    """``a / b`` in a private context, so the caller's context is neither used nor flagged."""
    return _RATIO.copy().divide(a, b)


@attrs.frozen
class HarmonisedDues:
    """One member's dues before and after harmonisation."""

    member_id: str
    sector: str
    old: Decimal
    new: Decimal

    @property
    def change(self) -> Decimal:
        """New minus old, in euros."""
        return self.new - self.old

    @property
    def change_fraction(self) -> Decimal | None:
        """The change as a fraction of the old dues; ``None`` (undefined) when the old dues were zero."""
        if self.old == 0:
            return None
        return _ratio(self.change, self.old)


@attrs.frozen
class Harmonisation(Tabular):
    """Everyone's old and new dues, with summaries."""

    schedule: DuesSchedule
    rows: tuple[HarmonisedDues, ...]
    calibrated: bool
    factor: Decimal | None = None
    """The factor on the rates when calibrated (:func:`~wmd.finance.dues.solve_rate`)."""

    @property
    def total_old(self) -> Decimal:
        """The old dues income."""
        return sum((r.old for r in self.rows), _ZERO)

    @property
    def total_new(self) -> Decimal:
        """The new dues income."""
        return sum((r.new for r in self.rows), _ZERO)

    @property
    def total_change(self) -> Decimal:
        """New minus old income; equal to the sum of the members' changes."""
        return self.total_new - self.total_old

    def counts(self) -> dict[str, int]:
        """How many members pay more, less, or the same."""
        tally = Counter(
            "more" if r.change > 0 else "less" if r.change < 0 else "same" for r in self.rows
        )
        return {key: tally.get(key, 0) for key in ("more", "less", "same")}

    def by_sector(self) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
        """Per primary sector: old, new and change."""
        out: dict[str, tuple[Decimal, Decimal, Decimal]] = {}
        for r in self.rows:
            old, new, change = out.get(r.sector, (_ZERO, _ZERO, _ZERO))
            out[r.sector] = (old + r.old, new + r.new, change + r.change)
        return out

    def largest_changes(self, n: int = 10) -> tuple[HarmonisedDues, ...]:
        """The ``n`` members whose dues change most in euros (up or down)."""
        return tuple(sorted(self.rows, key=lambda r: (-abs(r.change), r.member_id))[:n])

    def table(self, lang: str | None = None, *, n: int = 10) -> Table:
        """The largest changes and the totals as a table."""
        rows = [
            (
                r.member_id,
                format_amount(r.old, lang, decimals=2),
                format_amount(r.new, lang, decimals=2),
                format_amount(r.change, lang, decimals=2),
                format_percent(r.change_fraction, lang),
            )
            for r in self.largest_changes(n)
        ]
        total_fraction = None if self.total_old == 0 else _ratio(self.total_change, self.total_old)
        rows.append(
            (
                label("total", lang).capitalize(),
                format_amount(self.total_old, lang, decimals=2),
                format_amount(self.total_new, lang, decimals=2),
                format_amount(self.total_change, lang, decimals=2),
                format_percent(total_fraction, lang),
            )
        )
        counts = self.counts()
        return Table(
            title=label("dues old and new", lang).capitalize(),
            columns=(
                label("member", lang),
                label("old", lang),
                label("new", lang),
                label("difference", lang),
                "%",
            ),
            rows=rows,
            align="lrrrr",
            total_rows=frozenset({len(rows) - 1}),
            footnotes=(
                label("members paying more: {more}, less: {less}, the same: {same}", lang).format(
                    **counts
                ),
            ),
        )

    def row(self, member_id: str) -> HarmonisedDues:
        """One member's old and new dues.

        Raises:
            InvalidInputError: for a member not compared.
        """
        for r in self.rows:
            if r.member_id == member_id:
                return r
        raise InvalidInputError(
            "member_id", given=member_id, expected="a member of the harmonisation"
        )

    def explain(
        self, member_id: str, lang: str | None = None, *, registry: Registry | None = None
    ) -> str:
        """One member's old and new dues and the change in words, each line checkable by hand.

        With the combined ``registry`` the new dues' own explanation
        (:meth:`~wmd.finance.dues.Assessment.explain`) follows.

        See the module docs for an example.
        """
        r = self.row(member_id)
        steps: list[tuple[str, tuple[tuple[str, object], ...]]] = [
            ("old dues: {old}", (("old", r.old),))
        ]
        if self.calibrated and self.factor is not None:
            steps.append(
                (
                    "the schedule's rates times {factor}, so that the new income equals the old",
                    (("factor", self.factor),),
                )
            )
        steps += [
            (
                "new dues on the {year} schedule: {new}",
                (("year", self.schedule.year), ("new", r.new)),
            ),
            (
                "difference: {new} - {old} = {change}",
                (("new", r.new), ("old", r.old), ("change", r.change)),
            ),
        ]
        if r.change_fraction is not None:
            steps.append(
                (
                    "change: {change} / {old} = {fraction}",
                    (
                        ("change", r.change),
                        ("old", r.old),
                        ("fraction", Percentage(r.change_fraction)),
                    ),
                )
            )
        steps.append(
            ("pays more" if r.change > 0 else "pays less" if r.change < 0 else "pays the same", ())
        )
        title = f"{member_id}, {label('dues old and new', lang)}"
        text = explain_steps(title, steps, lang=lang)
        if registry is not None and r.new:
            text += "\n" + self.schedule.assess(registry.member(member_id), registry).explain(lang)
        return text

    def to_pandas(self) -> pd.DataFrame:
        """One row per member: id, sector, old, new, change (Decimal columns)."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame(
            [(r.member_id, r.sector, r.old, r.new, r.change) for r in self.rows],
            columns=["member_id", "sector", "old", "new", "change"],
        )
        return frame


def harmonise(
    combined: Registry,
    old: Mapping[str, Decimal],
    schedule: DuesSchedule,
    *,
    calibrate: bool = False,
) -> Harmonisation:
    """Put every member of ``combined`` on ``schedule`` and compare with ``old`` dues.

    Args:
        combined: the combined registry.
        old: combined member id → current dues (see
            :meth:`wmd.members.combination.MatchReport.combine_amounts`); a member
            missing here paid nothing before.
        schedule: the one schedule for everyone.
        calibrate: scale the schedule's rates first so the new income equals the old.

    Raises:
        InvalidInputError: for an id in ``old`` that is not in the combined registry.
    """
    unknown = sorted(set(old) - {m.id for m in combined})
    if unknown:
        raise InvalidInputError("old", given=unknown[:5], expected="ids of the combined registry")
    columns = schedule.columns(combined)  # the one builder of the kernel's columns
    factor = None
    if calibrate:
        solved = solve_rate(schedule, columns, sum(old.values(), _ZERO))
        schedule, factor = solved.schedule, solved.factor
    new = schedule.roll_columns(columns).amounts()
    ids = [m.id for m in combined if m.id in new or m.id in old]
    rows = tuple(
        HarmonisedDues(
            mid, combined.member(mid).primary_sector, old.get(mid, _ZERO), new.get(mid, _ZERO)
        )
        for mid in ids
    )
    return Harmonisation(schedule, rows, calibrate, factor)
