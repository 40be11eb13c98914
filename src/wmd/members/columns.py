"""The registry as columns: every member, member-year and spell in flat arrays.

A :class:`~wmd.members.Registry` holds its members twice over, in two forms that
say the same: the :class:`~wmd.members.Member` objects (the friendly, validated
API) and these columns (what a roll, a projection or the key figures compute on,
without a Python loop per member). A reader builds the columns straight from the
cells it parsed and checked, and the objects are made from them only when asked
for; a registry built from objects makes its columns once, when first needed.

Three tables, each in a fixed order:

* **members** (``n`` rows, in the registry's order): id, name, KvK number, sectors,
  declared split, legal form;
* **figures** (one row per member-year, by member then year): the member's row
  number, the year, and the wage sum, headcount and fte as the exact values
  (``None`` when unknown);
* **spells** (by member then start): the member's row number, the first day and
  the first day *no longer* a member as date ordinals (:data:`OPEN` while it
  lasts), the end reason as an index in :data:`REASONS` (``-1`` while open) and
  the merger successor's id.

>>> import pendulum
>>> from decimal import Decimal
>>> from wmd.members import Member, Membership, YearFigures
>>> a = Member("A", "Stichting A", sectors=("LW",),
...     figures=(YearFigures(2012, wage_sum=Decimal("812000.50")),),
...     spells=(Membership(pendulum.date(2001, 1, 1), pendulum.date(2013, 1, 1), "cancellation"),))
>>> cols = RegistryColumns.from_members((a,))
>>> cols.figure_year.tolist(), cols.figure_units("wage_sum", 100)[0].tolist()
([2012], [81200050])
>>> pendulum.Date.fromordinal(int(cols.spell_end[0]))
Date(2013, 1, 1)
>>> cols.member(0) == a
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from wmd._lazy import lazy_module
from wmd.members.member import EndReason, LegalForm, Member, Membership, YearFigures, trusted
from wmd.periods import Date

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Int64Array = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]
else:
    np = lazy_module("numpy")

__all__ = ["OPEN", "REASONS", "RegistryColumns"]

OPEN: Final = 2**62
"""The end ordinal of a spell that lasts (later than any date)."""

REASONS: Final[tuple[EndReason, ...]] = tuple(EndReason)
"""End reasons in code order: ``spell_reason`` is an index into this tuple."""

_REASON_CODE: Final = {reason: code for code, reason in enumerate(REASONS)}
_MAX_UNITS: Final = 2**62


def _offsets(member: Int64Array, n: int) -> Int64Array:
    """Where each member's rows start in a table sorted by member (``n + 1`` offsets)."""
    counts = np.bincount(member, minlength=n) if len(member) else np.zeros(n, dtype=np.int64)
    out = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


@attrs.frozen(eq=False)
class RegistryColumns:
    """Members, member-years and spells as columns (see the module docs).

    Built by the readers from checked cells, or by :meth:`from_members`; the
    columns are never changed after construction. Nothing here checks the rules
    again: the values are those of valid members.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    kvks: tuple[str | None, ...]
    sectors: tuple[tuple[str, ...], ...]
    splits: tuple[tuple[Decimal, ...] | None, ...]
    legal_forms: tuple[LegalForm, ...]
    figure_member: Int64Array = attrs.field(repr=False)
    figure_year: Int64Array = attrs.field(repr=False)
    wage_sums: tuple[Decimal | None, ...] = attrs.field(repr=False)
    headcounts: tuple[int | None, ...] = attrs.field(repr=False)
    ftes: tuple[Decimal | None, ...] = attrs.field(repr=False)
    spell_member: Int64Array = attrs.field(repr=False)
    spell_start: Int64Array = attrs.field(repr=False)
    spell_end: Int64Array = attrs.field(repr=False)
    spell_reason: npt.NDArray[np.int8] = attrs.field(repr=False)
    successors: tuple[str | None, ...] = attrs.field(repr=False)
    _cache: dict[object, object] = attrs.field(factory=dict, init=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_members(cls, members: Sequence[Member]) -> RegistryColumns:
        """The columns of valid members (one pass over them)."""
        figures = [(k, f) for k, m in enumerate(members) for f in m.figures]
        spells = [(k, s) for k, m in enumerate(members) for s in m.spells]
        return cls(
            ids=tuple(m.id for m in members),
            names=tuple(m.name for m in members),
            kvks=tuple(m.kvk for m in members),
            sectors=tuple(m.sectors for m in members),
            splits=tuple(m.sector_split for m in members),
            legal_forms=tuple(m.legal_form for m in members),
            figure_member=np.array([k for k, _ in figures], dtype=np.int64),
            figure_year=np.array([f.year for _, f in figures], dtype=np.int64),
            wage_sums=tuple(f.wage_sum for _, f in figures),
            headcounts=tuple(f.headcount for _, f in figures),
            ftes=tuple(f.fte for _, f in figures),
            spell_member=np.array([k for k, _ in spells], dtype=np.int64),
            spell_start=np.array([s.start.toordinal() for _, s in spells], dtype=np.int64),
            spell_end=np.array(
                [OPEN if s.end is None else s.end.toordinal() for _, s in spells], dtype=np.int64
            ),
            spell_reason=np.array(
                [-1 if s.end_reason is None else _REASON_CODE[s.end_reason] for _, s in spells],
                dtype=np.int8,
            ),
            successors=tuple(s.successor for _, s in spells),
        )

    # --- derived columns (computed once) ----------------------------------------------------

    def derived(self, key: Hashable, make: Callable[[], object]) -> object:
        """A value derived from the columns, made by ``make`` once per ``key`` and kept.

        For what computes on a registry and depends only on it and ``key`` (a dues
        roll's columns for one year and basis); the columns never change, so the
        value never goes stale.

        >>> cols = RegistryColumns.from_members(())
        >>> cols.derived("size", lambda: len(cols))
        0
        >>> cols.derived("size", lambda: 99)  # kept: not made again
        0
        """
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def figure_offsets(self) -> Int64Array:
        """Member ``k``'s figures are rows ``figure_offsets[k]`` up to ``figure_offsets[k + 1]``."""
        return self.derived("figure_offsets", lambda: _offsets(self.figure_member, len(self)))  # type: ignore[return-value]

    @property
    def spell_offsets(self) -> Int64Array:
        """Member ``k``'s spells are rows ``spell_offsets[k]`` up to ``spell_offsets[k + 1]``."""
        return self.derived("spell_offsets", lambda: _offsets(self.spell_member, len(self)))  # type: ignore[return-value]

    def index(self) -> dict[str, int]:
        """Member id → row number."""
        return self.derived("index", lambda: dict(zip(self.ids, itertools.count(), strict=False)))  # type: ignore[return-value]

    def successor_rows(self) -> Int64Array:
        """Per spell, the successor's row number (``-1`` without one)."""

        def make() -> Int64Array:
            index = self.index()
            return np.array(
                [-1 if s is None else index[s] for s in self.successors], dtype=np.int64
            )

        return self.derived("successor_rows", make)  # type: ignore[return-value]

    def figure_units(self, kind: str, scale: int) -> tuple[Int64Array, BoolArray, BoolArray]:
        """A figure per member-year in whole units of ``1/scale``: ``(units, known, exact)``.

        ``kind`` is ``"wage_sum"``, ``"headcount"`` or ``"fte"``. ``known`` is false
        where the figure is unknown; ``exact`` is false where it is known but not a
        whole number of units below ``2**62`` (those take the exact scalar path,
        which says what is wrong with them). ``units`` is 0 where either is false.
        """

        def make() -> tuple[Int64Array, BoolArray, BoolArray]:
            values: Sequence[Decimal | int | None]
            if kind == "wage_sum":
                values = self.wage_sums
            elif kind == "headcount":
                values = self.headcounts
            else:
                values = self.ftes
            units: list[int] = []
            known: list[bool] = []
            exact: list[bool] = []
            for value in values:
                if value is None:
                    units.append(0)
                    known.append(False)
                    exact.append(False)
                    continue
                numerator, denominator = value.as_integer_ratio()
                whole, rest = divmod(numerator * scale, denominator)
                fits = not rest and abs(whole) < _MAX_UNITS
                units.append(whole if fits else 0)
                known.append(True)
                exact.append(fits)
            return (
                np.array(units, dtype=np.int64),
                np.array(known, dtype=bool),
                np.array(exact, dtype=bool),
            )

        return self.derived(("units", kind, scale), make)  # type: ignore[return-value]

    # --- the objects ---------------------------------------------------------------------

    def _date(self, ordinal: int) -> Date:
        dates: dict[int, Date] = self.derived("dates", dict)  # type: ignore[assignment]
        day = dates.get(ordinal)
        if day is None:
            day = dates[ordinal] = Date.fromordinal(ordinal)
        return day

    def _lists(self) -> tuple[list[int], ...]:
        """The integer columns as Python lists (indexing a list is 10x an array's)."""

        def make() -> tuple[list[int], ...]:
            return (
                self.figure_offsets.tolist(),
                self.spell_offsets.tolist(),
                self.figure_year.tolist(),
                self.spell_start.tolist(),
                self.spell_end.tolist(),
                self.spell_reason.tolist(),
            )

        return self.derived("lists", make)  # type: ignore[return-value]

    def member(self, k: int) -> Member:
        """Member ``k`` as a :class:`~wmd.members.Member` (made from the columns)."""
        figure_at, spell_at, year, start, end, reason = self._lists()
        figures = tuple(
            trusted(
                YearFigures,
                year=year[r],
                wage_sum=self.wage_sums[r],
                headcount=self.headcounts[r],
                fte=self.ftes[r],
            )
            for r in range(figure_at[k], figure_at[k + 1])
        )
        spells = tuple(
            trusted(
                Membership,
                start=self._date(start[r]),
                end=None if end[r] == OPEN else self._date(end[r]),
                end_reason=None if reason[r] < 0 else REASONS[reason[r]],
                successor=self.successors[r],
            )
            for r in range(spell_at[k], spell_at[k + 1])
        )
        return trusted(
            Member,
            id=self.ids[k],
            name=self.names[k],
            kvk=self.kvks[k],
            sectors=self.sectors[k],
            sector_split=self.splits[k],
            figures=figures,
            spells=spells,
            legal_form=self.legal_forms[k],
        )
