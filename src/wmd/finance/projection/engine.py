"""Dues projections: Monte Carlo ranges of dues income under a :class:`~wmd.finance.scenario.Scenario`.

:func:`project` starts from the members of the registry on 1 January of the first
projected year (so a cancellation at the end of the base year, the year before,
has taken effect), each with its basis of the base year resolved by the schedule's
own column builder (:func:`base_columns`: the same missing-basis rule, whole-cents
check and merged members as the roll). Then, for every run and every projected
year, in this order:

1. every member's wage sum is multiplied by its factor ``1 + change`` and rounded to
   whole cents (``numpy.rint``); a factor below zero clips the wage sum at zero and
   is counted (:attr:`ProjectedYear.clipped`);
2. cancellations, mergers and new members take effect (1 January);
3. the year's dues are assessed by the year's schedule through the dues kernel
   (:meth:`~wmd.finance.dues.DuesSchedule.amounts_cents`) on ``int64`` cents, on
   the simulated wage sums of the schedule's basis year. Every member is a member
   the whole year, so proration never applies.

The *deterministic path* is one run without randomness: every change at its
central value (a fixed rate, a normal's mean, a lognormal's or the data's median),
no cancellations, no mergers and no new members. It is the registry as it stands,
shocked, what a spreadsheet would compute; :meth:`Projection.columns` gives it as
the kernel's columns, so ``schedule.roll_columns(projection.columns(year))`` gives
the deterministic dues to the cent. The projection never rebuilds a registry.

Randomness: run ``i`` draws from its own stream,
``numpy.random.SeedSequence(seed).spawn(runs)[i]`` (built directly as
``SeedSequence(seed, spawn_key=(i,))``), so a run's result depends on the seed and
its index only: not on the chunk size, the number of workers, nor the number of runs.
Runs are simulated in chunks of ``chunk_size``, all members of a chunk at once, so
memory stays bounded; an ``executor`` (any :class:`concurrent.futures.Executor`, a
process pool or a dask client's executor) runs chunks in parallel with results
identical to the serial run.

>>> import pendulum
>>> from wmd.finance import DuesSchedule, Rate, Scenario, project
>>> from wmd.finance.projection.scenario import Normal
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> registry = Registry(
...     Member(f"M{i}", f"Stichting {i}", sectors=("LW",),
...            figures=(YearFigures(2012, wage_sum=Decimal(wage)),),
...            spells=(Membership(pendulum.date(2000, 1, 1)),))
...     for i, wage in enumerate(["400000", "1000000", "2600000"]))
>>> scenario = Scenario(range(2013, 2015), DuesSchedule(2013, Rate.per_mille("2")),
...     change=Normal(-0.10, 0.05))
>>> projection = project(registry, scenario, runs=200, seed=2012)
>>> projection.year(2013).dues_deterministic  # 4.000.000 x 0,9 x 2 promille
Decimal('7200.00')
>>> projection.year(2014).dues_deterministic  # 4.000.000 x 0,81 x 2 promille
Decimal('6480.00')
>>> p10, p50, p90 = (value for _q, value in projection.year(2014).dues_quantiles)
>>> p10 < p50 < p90
True
>>> 0 < projection.shortfall_probability(2014, Decimal("6480")) < 1
True
"""

from __future__ import annotations

import concurrent.futures
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError, MissingExtraError, RuleError
from wmd.finance.dues import DuesSchedule, RollColumns
from wmd.finance.projection.result import Projection, _Paths
from wmd.finance.projection.scenario import Scenario, WageChange
from wmd.members.columns import REASONS
from wmd.members.member import EndReason
from wmd.members.registry import Registry
from wmd.periods import Year, days_between

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = ["base_columns", "known_ends", "project"]

Int64Array: TypeAlias = "npt.NDArray[np.int64]"
FloatArray: TypeAlias = "npt.NDArray[np.float64]"
BoolArray: TypeAlias = "npt.NDArray[np.bool_]"

_array_eq = attrs.cmp_using(eq=lambda a, b: np.array_equal(a, b))  # noqa: PLW0108 - numpy is read on first use, not at import


# -- what the workers get: plain arrays and frozen attrs, nothing else -----------------------


@attrs.frozen
class _Model:
    """Everything a chunk of runs needs; picklable, so it can go to another process."""

    years: tuple[int, ...]
    schedules: tuple[DuesSchedule, ...]
    basis_index: tuple[int, ...]
    days: tuple[int, ...]
    wage_cents: Int64Array = attrs.field(eq=_array_eq)
    sector_index: Int64Array = attrs.field(eq=_array_eq)
    carried: BoolArray = attrs.field(eq=_array_eq)
    carrier: Int64Array = attrs.field(eq=_array_eq)
    stops: Int64Array = attrs.field(eq=_array_eq)  # per start slot: the year index it stops
    heirs: Int64Array = attrs.field(eq=_array_eq)  # per start slot: its successor's slot, or -1
    changes: tuple[WageChange, ...]
    correlation: float
    cancellation: float
    merger: float
    new_members: int
    seed: int

    @property
    def random_changes(self) -> bool:
        return any(c.random for c in self.changes)

    @property
    def first_read(self) -> tuple[int, ...]:
        """Per year index ``t``: the oldest history entry that year ``t`` or a later one reads.

        Entry ``k`` is the wage sums of the base year + ``k``; year ``t``'s dues read
        its basis year, its changes and events the latest entry, ``t + 1``.
        """
        return tuple(min((*self.basis_index[t:], t + 1)) for t in range(len(self.years)))


@attrs.frozen
class _Draws:
    """The random numbers of a chunk of runs, each run from its own stream."""

    common: FloatArray | None  # (runs, years, sectors)
    own: FloatArray | None  # (runs, years, slots)
    cancel: FloatArray | None  # (runs, years, slots)
    merge_order: FloatArray | None  # (runs, years, slots)
    merge: FloatArray | None  # (runs, years, slots)
    picks: Int64Array | None  # (runs, years, new members)

    @classmethod
    def for_runs(cls, model: _Model, start: int, stop: int, slots: int) -> _Draws:
        runs, n_years = stop - start, len(model.years)

        def empty(width: int, wanted: bool) -> FloatArray | None:
            return np.empty((runs, n_years, width)) if wanted else None

        common = empty(len(model.changes), model.random_changes)
        own = empty(slots, model.random_changes)
        cancel = empty(slots, model.cancellation > 0)
        merge_order = empty(slots, model.merger > 0)
        merge = empty(slots, model.merger > 0)
        picks = (
            np.empty((runs, n_years, model.new_members), dtype=np.int64)
            if model.new_members > 0
            else None
        )
        for i in range(runs):
            # the stream of run `start + i`: SeedSequence(seed).spawn(...)[start + i]
            rng = np.random.Generator(
                np.random.PCG64(np.random.SeedSequence(model.seed, spawn_key=(start + i,)))
            )
            if common is not None and own is not None:
                rng.standard_normal(out=common[i])
                rng.standard_normal(out=own[i])
            if cancel is not None:
                rng.random(out=cancel[i])
            if merge_order is not None and merge is not None:
                rng.random(out=merge_order[i])
                rng.random(out=merge[i])
            if picks is not None:
                picks[i] = rng.integers(0, len(model.wage_cents), picks.shape[1:])
        return cls(common, own, cancel, merge_order, merge, picks)


def _change_groups(model: _Model) -> list[tuple[WageChange, BoolArray]]:
    """Each distinct wage change once, with a lookup by sector index of the sectors it applies to.

    The change of most starting members comes first: it is applied to every member,
    then the others to the members of their sectors (the factors are elementwise).
    """
    firsts = [model.changes.index(change) for change in model.changes]
    members = np.bincount(model.sector_index, minlength=len(firsts))
    groups = [
        (model.changes[first], np.array([f == first for f in firsts], dtype=bool))
        for first in dict.fromkeys(firsts)
    ]
    return sorted(groups, key=lambda group: -int(members[group[1]].sum()))


@attrs.define
class _State:
    """The members of a chunk of runs: wage sums per year so far, sector and membership.

    ``history[k]`` holds the wage sums of the base year + ``k`` per (run, slot); the
    first ``filled`` entries hold a year so far. A merger or a join changes only the
    entries that a later year still reads (:attr:`_Model.first_read`): an older one
    is never read again.
    """

    history: Int64Array  # (years + 1, runs, slots)
    filled: int
    sector: Int64Array
    active: BoolArray
    carrier: Int64Array  # per (run, carried slot): the slot of the member that carries it

    @classmethod
    def start(cls, model: _Model, runs: int, slots: int) -> _State:
        n_start = len(model.wage_cents)
        history = np.zeros((len(model.years) + 1, runs, slots), dtype=np.int64)
        history[0, :, :n_start] = model.wage_cents
        sector = np.zeros((runs, slots), dtype=np.int64)
        sector[:, :n_start] = model.sector_index
        active = np.zeros((runs, slots), dtype=bool)
        active[:, :n_start] = ~model.carried  # a carried member is assessed, not a member
        carrier = np.tile(model.carrier[model.carried], (runs, 1))
        return cls(history, 1, sector, active, carrier)

    @property
    def now(self) -> Int64Array:
        """The wage sums of the latest year so far."""
        latest: Int64Array = self.history[self.filled - 1]
        return latest

    def live(self, model: _Model, t: int) -> Int64Array:
        """The years of history that year ``t`` and later still read, up to the latest."""
        return self.history[model.first_read[t] : self.filled]

    def change(self, groups: list[tuple[WageChange, BoolArray]], latent: FloatArray) -> int:
        """Next year's wage sums: this year's times the factors, clipped; returns the clips."""
        factor = groups[0][0].factors(latent)  # every WageChange returns a new array
        for change, sectors in groups[1:]:
            mask = sectors[self.sector]
            factor[mask] = change.factors(latent[mask])
        clips = int(np.count_nonzero((factor < 0) & self.active))
        np.maximum(factor, 0.0, out=factor)
        np.multiply(self.now, factor, out=factor)
        np.rint(factor, out=factor)
        self.history[self.filled] = factor  # float to int64, as astype: whole cents already
        self.filled += 1
        return clips

    def known_ends(self, model: _Model, t: int) -> None:
        """Ends already in the registry that take effect by 1 January of year ``t``.

        A member whose notice was given, or whose merger is agreed, stops; a merged
        member's wage sums of every year so far join its successor's, when the
        successor is a member then (in that run). One step per such member (in slot
        order, as in a chain of mergers the order matters), each over all runs at once.
        """
        live = self.live(model, t)
        for slot in np.nonzero(model.stops == t)[0]:
            heir = int(model.heirs[slot])
            if heir >= 0:
                joins = self.active[:, slot] & self.active[:, heir]
                live[:, joins, heir] += live[:, joins, slot]
                live[:, joins, slot] = 0
            self.active[:, slot] = False

    def events(self, model: _Model, draws: _Draws, t: int) -> None:
        """Cancellations, mergers and new members of year ``t``, on 1 January."""
        live = self.live(model, t)
        if draws.cancel is not None:
            self.active &= draws.cancel[:, t, :] >= model.cancellation
        if draws.merge_order is not None and draws.merge is not None:
            run, stopping, continuing = _merge(
                live,
                self.sector,
                self.active,
                order_keys=draws.merge_order[:, t, :],
                chance=draws.merge[:, t, :],
                probability=model.merger,
            )
            if self.carrier.size and run.size:
                # a carrier that merged on: follow its wages (pairs are disjoint, so one map)
                follow = np.tile(np.arange(self.sector.shape[1]), (self.sector.shape[0], 1))
                follow[run, stopping] = continuing
                self.carrier = np.take_along_axis(follow, self.carrier, axis=1)
        if draws.picks is not None:
            picks = draws.picks[:, t, :]
            first = len(model.wage_cents) + t * picks.shape[1]
            joining = slice(first, first + picks.shape[1])
            live[:, :, joining] = model.wage_cents[picks]
            self.sector[:, joining] = model.sector_index[picks]
            self.active[:, joining] = True

    def dues(
        self, model: _Model, t: int, out: _Paths, bases_out: list[Int64Array] | None = None
    ) -> None:
        """The dues of year ``t`` through the kernel, on the basis year's wage sums.

        Every slot is one piece covering the whole year. In the first year a member
        carried by its successor (merged away on 1 January, assessed separately) pays
        on its own basis; then its wage sums of every year so far join its carrier's,
        as the successor's own figures hold them from then on.
        """
        runs, slots = self.sector.shape
        basis = self.history[model.basis_index[t]]
        if bases_out is not None:
            bases_out.append(basis[0].copy())
        _gross, _fraction, due_flat = model.schedules[t].amounts_cents(
            basis.reshape(-1),
            np.arange(runs * slots, dtype=np.int64),
            np.zeros(runs * slots, dtype=np.int64),
            np.full(runs * slots, model.days[t], dtype=np.int64),
        )
        carried = t == 0 and bool(model.carried.any())
        assessed = self.active
        if carried:
            assessed = self.active.copy()
            assessed[:, : len(model.carried)] |= model.carried
        due = np.where(assessed, due_flat.reshape(runs, slots), 0)
        out.dues_cents[:, t] = due.sum(axis=1)
        by_sector = np.zeros(runs * len(model.changes), dtype=np.int64)
        cells = np.arange(runs)[:, None] * len(model.changes) + self.sector  # (run, sector)
        np.add.at(by_sector, cells.reshape(-1), due.reshape(-1))  # 1-d: numpy's fast path
        out.sector_cents[:, t, :] = by_sector.reshape(runs, -1)
        out.members[:, t] = self.active.sum(axis=1)
        out.wage_cents[:, t] = np.where(self.active, self.now, 0).sum(axis=1)
        if carried:
            self.fold(model, t)

    def fold(self, model: _Model, t: int) -> None:
        """Carried members' wage sums of every year so far join their carriers' (in place)."""
        (carried,) = np.nonzero(model.carried)
        runs = np.arange(self.carrier.shape[0])[:, None]
        for figures in self.live(model, t):
            np.add.at(figures, (runs, self.carrier), figures[:, carried])
            figures[:, carried] = 0


def _simulate(
    model: _Model,
    start: int,
    stop: int,
    *,
    deterministic: bool = False,
    bases_out: list[Int64Array] | None = None,
) -> _Paths:
    """Runs ``start`` to ``stop`` (or the deterministic path): all members at once, year by year."""
    runs = stop - start
    n_years, n_sectors = len(model.years), len(model.changes)
    new = 0 if deterministic else model.new_members
    slots = len(model.wage_cents) + new * n_years
    draws = None if deterministic else _Draws.for_runs(model, start, stop, slots)
    state = _State.start(model, runs, slots)
    groups = _change_groups(model)
    out = _Paths(
        np.zeros((runs, n_years), dtype=np.int64),
        np.zeros((runs, n_years, n_sectors), dtype=np.int64),
        np.zeros((runs, n_years), dtype=np.int64),
        np.zeros((runs, n_years), dtype=np.int64),
        np.zeros(n_years, dtype=np.int64),
    )
    shared_weight, own_weight = math.sqrt(model.correlation), math.sqrt(1 - model.correlation)
    for t in range(n_years):
        if draws is not None and draws.common is not None and draws.own is not None:
            latent = np.take_along_axis(draws.common[:, t, :], state.sector, axis=1)
            latent *= shared_weight
            latent += own_weight * draws.own[:, t, :]
        else:
            latent = np.zeros((runs, slots))
        out.clipped[t] = state.change(groups, latent)
        state.known_ends(model, t)
        if draws is not None:
            state.events(model, draws, t)
        state.dues(model, t, out, bases_out)
    return out


def _merge(
    history: Int64Array,
    sector: Int64Array,
    active: BoolArray,
    *,
    order_keys: FloatArray,
    chance: FloatArray,
    probability: float,
) -> tuple[Int64Array, Int64Array, Int64Array]:
    """Pair the members of each sector at random; each pair merges with ``probability``.

    The member with the larger wage sum this year (``history[-1]``) continues with the
    combined wage sums of every year in ``history``; the other stops. Works in place,
    all runs at once; returns ``(run, stopping, continuing)`` per merger.
    """
    runs, slots = sector.shape
    group = sector * 2 + ~active  # members of a sector first, then those who left
    order = np.argsort(group + order_keys, axis=1)
    grouped = np.take_along_axis(group, order, axis=1)
    alive = np.take_along_axis(active, order, axis=1)
    position = np.arange(slots)
    starts = np.ones((runs, slots), dtype=bool)
    starts[:, 1:] = grouped[:, 1:] != grouped[:, :-1]
    first_of_group = np.maximum.accumulate(np.where(starts, position, 0), axis=1)
    rank = position - first_of_group
    has_next = np.zeros((runs, slots), dtype=bool)
    has_next[:, :-1] = ~starts[:, 1:] & alive[:, 1:]
    merging = (rank % 2 == 0) & alive & has_next & (chance < probability)
    run, at = np.nonzero(merging)
    a, b = order[run, at], order[run, at + 1]
    now = history[-1]
    keep_a = now[run, a] >= now[run, b]
    continuing = np.where(keep_a, a, b)
    stopping = np.where(keep_a, b, a)
    history[:, run, continuing] += history[:, run, stopping]
    history[:, run, stopping] = 0
    active[run, stopping] = False
    return run, stopping, continuing


# -- from the registry to the model ----------------------------------------------------------


def base_columns(registry: Registry, scenario: Scenario) -> RollColumns:
    """The starting members as the dues kernel's columns, with their bases of the base year.

    The bases come from the schedule's own column builder
    (:meth:`~wmd.finance.dues.DuesSchedule.columns`), so a projection resolves a basis
    exactly as a roll does: the missing-basis rule, the whole-cents check and merged
    members carried by their successor. The rules are those of the first projected
    year's schedule that uses the basis (the first schedule when none does), asked
    for the base year; a member that merged away on 1 January of the first projected
    year is in its successor's basis (:attr:`~wmd.finance.dues.MergerRule.CONTINUES`),
    or under :attr:`~wmd.finance.dues.MergerRule.SEPARATE` assessed on its own in that
    year and owed by its successor (its payer), as in the roll. The starting members
    are the members on 1 January of the first projected year, so a cancellation at
    the end of the base year has taken effect, and those carried members; each piece
    covers the whole first projected year. The registry is taken as known on that
    1 January (``columns(..., as_of=...)``): a cancellation or merger later in the
    year is not applied, as the projection simulates the years from there.

    Raises:
        RuleError: listing every member whose basis cannot be determined, as the
            roll does, or when no member is left on 1 January.
    """
    base = scenario.base_year
    first = next((s for s in scenario.schedules if s.formula.uses_basis), scenario.schedules[0])
    schedule = attrs.evolve(
        first,
        year=base + 1,
        basis=attrs.evolve(first.basis, years_before=1, reference_date=None),
    )
    day = Year(base + 1).start
    try:
        columns = schedule.columns(registry, as_of=day)
    except RuleError as err:
        raise RuleError(f"projection from {base}: {err}") from None
    # the members on 1 January (over the registry's columns), and those carried for their payer
    on_day = np.zeros(len(registry.columns), dtype=bool)
    on_day[registry.member_rows_on(day)] = True
    row = registry.columns.index()
    keep = np.array(
        [
            bool(on_day[row[mid]]) or payer != mid
            for mid, payer in zip(columns.member_ids, columns.payers, strict=True)
        ],
        dtype=bool,
    )
    if not keep.any():
        raise RuleError(
            f"projection from {base}: the registry has no members on 1 January {base + 1}"
        )
    n = int(keep.sum())
    ids = tuple(mid for mid, kept in zip(columns.member_ids, keep, strict=True) if kept)
    payers = tuple(p for p, kept in zip(columns.payers, keep, strict=True) if kept)
    return RollColumns(
        member_ids=ids,
        payer_ids=payers,
        basis_units=columns.basis_units[keep],
        estimated=columns.estimated[keep],
        piece_member=np.arange(n, dtype=np.int64),
        piece_a=np.zeros(n, dtype=np.int64),
        piece_b=np.full(n, days_between(day, Year(base + 2).start), dtype=np.int64),
    )


def known_ends(
    registry: Registry, scenario: Scenario, start: RollColumns
) -> tuple[Int64Array, Int64Array]:
    """Per starting member: the projected year (index) from which it is no longer a member, and its heir.

    A member stops paying from the first projected year on whose 1 January it is no
    longer a member: a notice given, a termination or a merger already in the
    registry (``len(years)`` when it stays). The heir is the slot of the successor
    of a merger when the successor is a starting member, else ``-1``. A member
    carried by its successor from the start (merged on 1 January of the first year)
    is handled by the roll's rule and never stops here.

    Worked out over the registry's columns, all members at once: the members on each
    1 January by :meth:`~wmd.members.Registry.member_rows_on` (the whole-column form
    of :meth:`~wmd.members.Member.is_member_on`); the merger that ends a membership
    is its last spell (by start) ended by that day. A property test ties this to the
    members' own rule.
    """
    ids = {mid: k for k, mid in enumerate(start.member_ids)}
    stops = np.full(len(ids), len(scenario.years), dtype=np.int64)
    heirs = np.full(len(ids), -1, dtype=np.int64)
    cols = registry.columns
    row = cols.index()
    rows = np.array([row[mid] for mid in start.member_ids], dtype=np.int64)
    own = np.array([p == mid for mid, p in zip(start.member_ids, start.payers, strict=True)])
    days = np.array([Year(y).start.toordinal() for y in scenario.years], dtype=np.int64)
    on = np.zeros((len(cols), len(days)), dtype=bool)  # per registry row and projected year
    for t, year in enumerate(scenario.years):
        on[registry.member_rows_on(Year(year).start), t] = True
    gone = ~on[rows] & own[:, None]  # per starting member and year
    (leaving,) = np.nonzero(gone.any(axis=1))
    if not len(leaving):
        return stops, heirs
    stops[leaving] = np.argmax(gone[leaving], axis=1)
    # the spell that ended last (by start) by the day it stopped
    never = np.iinfo(np.int64).min
    stop_day = np.full(len(cols), never, dtype=np.int64)
    stop_day[rows[leaving]] = days[stops[leaving]]
    member, begin, end = cols.spell_member, cols.spell_start, cols.spell_end
    ended = end <= stop_day[member]
    latest = np.full(len(cols), never, dtype=np.int64)
    np.maximum.at(latest, member[ended], begin[ended])
    (last,) = np.nonzero(ended & (begin == latest[member]))
    slot = np.full(len(cols), -1, dtype=np.int64)
    slot[rows[leaving]] = leaving
    merger = REASONS.index(EndReason.MERGER)
    for r in last[cols.spell_reason[last] == merger].tolist():
        successor = cols.successors[r]
        if successor:
            heirs[slot[member[r]]] = ids.get(successor, -1)
    return stops, heirs


def _model(
    registry: Registry,
    scenario: Scenario,
    start: RollColumns,
    seed: int,
) -> _Model:
    codes = [s.code for s in registry.sectors]
    unknown = sorted({code for code, _c in scenario.sector_changes} - set(codes))
    if unknown:
        raise InvalidInputError(
            "sector_changes",
            given=unknown,
            expected=f"sector codes of the registry {codes}",
            where="scenario",
        )
    stops, heirs = known_ends(registry, scenario, start)
    cols = registry.columns
    row = cols.index()
    slot_of: dict[str, int] = {}
    for k, mid in enumerate(start.member_ids):
        slot_of.setdefault(mid, k)  # a dict, not tuple.index: linear in the members
    return _Model(
        years=scenario.years,
        schedules=scenario.schedules,
        basis_index=tuple(
            s.basis.year_for(s.year) - scenario.base_year for s in scenario.schedules
        ),
        days=tuple(days_between(Year(y).start, Year(y + 1).start) for y in scenario.years),
        wage_cents=start.basis_units,
        sector_index=np.array(  # the primary sector: the first of the member's sectors
            [codes.index(cols.sectors[row[mid]][0]) for mid in start.member_ids], dtype=np.int64
        ),
        carried=np.array(
            [payer != mid for mid, payer in zip(start.member_ids, start.payers, strict=True)],
            dtype=bool,
        ),
        carrier=np.array([slot_of[payer] for payer in start.payers], dtype=np.int64),
        stops=stops,
        heirs=heirs,
        changes=tuple(scenario.change_for(code) for code in codes),
        correlation=scenario.correlation,
        cancellation=scenario.cancellation,
        merger=scenario.merger,
        new_members=scenario.new_members,
        seed=seed,
    )


# -- the public function -------------------------------------------------------------------


def _check_int(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInputError(
            name, given=value, expected=f"a whole number >= {minimum}", where="project"
        )
    return value


def _check_quantiles(values: Iterable[float]) -> tuple[float, ...]:
    try:
        result = tuple(float(q) for q in values)
    except (TypeError, ValueError):
        raise InvalidInputError(
            "quantiles", given=values, expected="numbers in [0, 1]", where="project"
        ) from None
    if not result or any(not 0 <= q <= 1 for q in result):
        raise InvalidInputError(
            "quantiles", given=values, expected="one or more numbers in [0, 1]", where="project"
        )
    return result


def _chunks(runs: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, runs, size):
        yield start, min(runs, start + size)


def project(
    registry: Registry,
    scenario: Scenario,
    *,
    runs: int = 1000,
    seed: int | None = None,
    quantiles: Iterable[float] = (0.1, 0.5, 0.9),
    chunk_size: int = 100,
    executor: concurrent.futures.Executor | None = None,
    progress: bool = False,
) -> Projection:
    """Project dues income: ``runs`` Monte Carlo runs of ``scenario``, and the deterministic path.

    Args:
        registry: the members; those on the last day of the base year start.
        scenario: the years, changes, events and schedules.
        runs: the number of runs (>= 1).
        seed: the seed (>= 0); ``None`` picks one, kept in :attr:`Projection.seed`.
        quantiles: the quantiles to report (each in [0, 1]).
        chunk_size: runs simulated together; memory grows with it (about
            ``chunk_size x members x years x 40`` bytes), results do not change.
        executor: a :class:`concurrent.futures.Executor` to run chunks in parallel
            (``ProcessPoolExecutor``, or ``dask.distributed.Client.get_executor()``).
        progress: show a progress bar (needs ``tqdm``: ``pip install 'wmd[progress]'``).

    Raises:
        InvalidInputError: for zero runs, a bad seed, chunk size or quantile, or a
            sector in the scenario that the registry does not know.
        RuleError: when a starting member has no wage sum, or amounts get too large
            for exact ``int64`` arithmetic.
        MissingExtraError: for ``progress=True`` without ``tqdm``.
    """
    runs = _check_int("runs", runs, 1)
    chunk_size = _check_int("chunk_size", chunk_size, 1)
    chosen = int(np.random.SeedSequence().entropy) % 2**63 if seed is None else seed  # type: ignore[arg-type]
    chosen = _check_int("seed", chosen, 0)
    levels = _check_quantiles(quantiles)
    starting = base_columns(registry, scenario)
    model = _model(registry, scenario, starting, chosen)

    bar = _progress_bar(runs) if progress else None
    parts: dict[int, _Paths] = {}
    try:
        if executor is None:
            for start, stop in _chunks(runs, chunk_size):
                parts[start] = _simulate(model, start, stop)
                if bar is not None:
                    bar.update(stop - start)
        else:
            futures = {
                executor.submit(_simulate, model, start, stop): start
                for start, stop in _chunks(runs, chunk_size)
            }
            for future in concurrent.futures.as_completed(futures):
                part = future.result()
                parts[futures[future]] = part
                if bar is not None:
                    bar.update(len(part.dues_cents))
    finally:
        if bar is not None:
            bar.close()
    paths = _Paths.join([parts[k] for k in sorted(parts)])
    bases: list[Int64Array] = []
    deterministic = _simulate(model, 0, 1, deterministic=True, bases_out=bases)
    return Projection(
        scenario=scenario,
        seed=chosen,
        quantiles=levels,
        sectors=tuple(s.code for s in registry.sectors),
        paths=paths,
        deterministic=deterministic,
        start=starting,
        bases=np.stack(bases),
    )


def _progress_bar(total: int) -> Any:  # noqa: ANN401 - a tqdm bar, tqdm being optional
    try:
        from tqdm.auto import tqdm  # noqa: PLC0415 - optional dependency
    except ImportError:
        raise MissingExtraError("tqdm", "progress") from None
    return tqdm(total=total, desc="projection", unit="run")
