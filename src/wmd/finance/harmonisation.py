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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from wmd.errors import InvalidInputError
from wmd.finance.dues import DuesSchedule, solve_rate
from wmd.i18n import format_amount, format_percent, label
from wmd.members.registry import Registry
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Harmonisation", "HarmonisedDues", "harmonise"]

_ZERO = Decimal("0.00")


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
        return self.change / self.old


@attrs.frozen
class Harmonisation(Tabular):
    """Everyone's old and new dues, with summaries."""

    schedule: DuesSchedule
    rows: tuple[HarmonisedDues, ...]
    calibrated: bool

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

    def table(self, lang: str = "nl", *, n: int = 10) -> Table:
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
        total_fraction = None if self.total_old == 0 else self.total_change / self.total_old
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
            footnotes=(f"+ {counts['more']}  - {counts['less']}  = {counts['same']}",),
        )

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
    if calibrate:
        schedule = solve_rate(schedule, combined, sum(old.values(), _ZERO)).schedule
    new = schedule.roll(combined).amounts()
    ids = [m.id for m in combined if m.id in new or m.id in old]
    rows = tuple(
        HarmonisedDues(
            mid, combined.member(mid).primary_sector, old.get(mid, _ZERO), new.get(mid, _ZERO)
        )
        for mid in ids
    )
    return Harmonisation(schedule, rows, calibrate)
