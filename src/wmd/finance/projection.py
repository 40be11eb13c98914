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
>>> from wmd.finance.scenario import Normal
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
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from wmd.errors import InvalidInputError, MissingExtraError, RuleError
from wmd.finance.dues import DuesSchedule, RollColumns, SolveResult, solve_rate
from wmd.finance.scenario import Scenario, WageChange
from wmd.i18n import format_amount, label
from wmd.members.registry import Registry
from wmd.money import CENTS, amount, from_cents, round_places
from wmd.periods import Year, days_between
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["ProjectedYear", "Projection", "base_columns", "project"]

Int64Array = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

_array_eq = attrs.cmp_using(eq=np.array_equal)


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
    changes: tuple[WageChange, ...]
    correlation: float
    cancellation: float
    merger: float
    new_members: int
    seed: int

    @property
    def random_changes(self) -> bool:
        return any(c.random for c in self.changes)


@attrs.frozen
class _Paths:
    """Per run and year: dues, dues per sector, members and wage sum; clips per year."""

    dues_cents: Int64Array = attrs.field(eq=_array_eq)
    sector_cents: Int64Array = attrs.field(eq=_array_eq)
    members: Int64Array = attrs.field(eq=_array_eq)
    wage_cents: Int64Array = attrs.field(eq=_array_eq)
    clipped: Int64Array = attrs.field(eq=_array_eq)

    @classmethod
    def join(cls, parts: Sequence[_Paths]) -> _Paths:
        return cls(
            np.concatenate([p.dues_cents for p in parts]),
            np.concatenate([p.sector_cents for p in parts]),
            np.concatenate([p.members for p in parts]),
            np.concatenate([p.wage_cents for p in parts]),
            np.sum([p.clipped for p in parts], axis=0, dtype=np.int64),
        )


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


@attrs.define
class _State:
    """The members of a chunk of runs: wage sums per year so far, sector and membership."""

    history: list[Int64Array]  # wage sums of the base year + k, per (run, slot)
    sector: Int64Array
    active: BoolArray
    carrier: Int64Array  # per (run, carried slot): the slot of the member that carries it

    @classmethod
    def start(cls, model: _Model, runs: int, slots: int) -> _State:
        n_start = len(model.wage_cents)
        wage = np.zeros((runs, slots), dtype=np.int64)
        wage[:, :n_start] = model.wage_cents
        sector = np.zeros((runs, slots), dtype=np.int64)
        sector[:, :n_start] = model.sector_index
        active = np.zeros((runs, slots), dtype=bool)
        active[:, :n_start] = ~model.carried  # a carried member is assessed, not a member
        carrier = np.tile(model.carrier[model.carried], (runs, 1))
        return cls([wage], sector, active, carrier)

    def change(self, model: _Model, latent: FloatArray) -> int:
        """Next year's wage sums: this year's times the factors, clipped; returns the clips."""
        groups: dict[int, list[int]] = {}
        for k, change in enumerate(model.changes):
            groups.setdefault(model.changes.index(change), []).append(k)
        if len(groups) == 1:
            factor = model.changes[0].factors(latent)
        else:
            factor = np.empty(latent.shape)
            for first, codes in groups.items():
                mask = np.isin(self.sector, codes)
                factor[mask] = model.changes[first].factors(latent[mask])
        below = factor < 0
        wage = np.rint(self.history[-1] * np.where(below, 0.0, factor)).astype(np.int64)
        self.history.append(wage)
        return int(np.count_nonzero(below & self.active))

    def events(self, model: _Model, draws: _Draws, t: int) -> None:
        """Cancellations, mergers and new members of year ``t``, on 1 January."""
        if draws.cancel is not None:
            self.active &= draws.cancel[:, t, :] >= model.cancellation
        if draws.merge_order is not None and draws.merge is not None:
            merged = _merge(
                self.history,
                self.sector,
                self.active,
                order_keys=draws.merge_order[:, t, :],
                chance=draws.merge[:, t, :],
                probability=model.merger,
            )
            for run, stopping, continuing in zip(*merged, strict=True):
                row = self.carrier[run]
                row[row == stopping] = continuing  # the carrier merged on: follow its wages
        if draws.picks is not None:
            picks = draws.picks[:, t, :]
            first = len(model.wage_cents) + t * picks.shape[1]
            joining = slice(first, first + picks.shape[1])
            for figures in self.history:
                figures[:, joining] = model.wage_cents[picks]
            self.sector[:, joining] = model.sector_index[picks]
            self.active[:, joining] = True

    def dues(
        self, model: _Model, t: int, out: _Paths, bases_out: list[Int64Array] | None = None
    ) -> None:
        """The dues of year ``t`` through the kernel, on the basis year's wage sums.

        In the first year a member carried by its successor (merged away on 1 January,
        assessed separately) pays on its own basis; then its wage sums of every year
        so far join its carrier's, as the successor's own figures hold them from then on.
        """
        runs, slots = self.sector.shape
        if bases_out is not None:
            bases_out.append(self.history[model.basis_index[t]][0].copy())
        basis = self.history[model.basis_index[t]].reshape(-1)
        piece_member = np.arange(runs * slots, dtype=np.int64)
        piece_a = np.zeros(runs * slots, dtype=np.int64)
        piece_b = np.full(runs * slots, model.days[t], dtype=np.int64)
        _gross, _fraction, due_flat = model.schedules[t].amounts_cents(
            basis, piece_member, piece_a, piece_b
        )
        assessed = self.active.copy()
        if t == 0:
            assessed[:, : len(model.carried)] |= model.carried
        due = np.where(assessed, due_flat.reshape(runs, slots), 0)
        out.dues_cents[:, t] = due.sum(axis=1)
        for k in range(len(model.changes)):
            out.sector_cents[:, t, k] = np.where(self.sector == k, due, 0).sum(axis=1)
        out.members[:, t] = self.active.sum(axis=1)
        out.wage_cents[:, t] = np.where(self.active, self.history[-1], 0).sum(axis=1)
        if t == 0 and model.carried.any():
            self.fold(model)

    def fold(self, model: _Model) -> None:
        """Carried members' wage sums of every year so far join their carriers' (in place)."""
        (carried,) = np.nonzero(model.carried)
        runs = np.arange(self.carrier.shape[0])[:, None]
        for figures in self.history:
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
    out = _Paths(
        np.zeros((runs, n_years), dtype=np.int64),
        np.zeros((runs, n_years, n_sectors), dtype=np.int64),
        np.zeros((runs, n_years), dtype=np.int64),
        np.zeros((runs, n_years), dtype=np.int64),
        np.zeros(n_years, dtype=np.int64),
    )
    rho = model.correlation
    for t in range(n_years):
        latent = np.zeros((runs, slots))
        if draws is not None and draws.common is not None and draws.own is not None:
            shared = np.take_along_axis(draws.common[:, t, :], state.sector, axis=1)
            latent = math.sqrt(rho) * shared + math.sqrt(1 - rho) * draws.own[:, t, :]
        out.clipped[t] = state.change(model, latent)
        if draws is not None:
            state.events(model, draws, t)
        state.dues(model, t, out, bases_out)
    return out


def _merge(
    history: list[Int64Array],
    sector: Int64Array,
    active: BoolArray,
    *,
    order_keys: FloatArray,
    chance: FloatArray,
    probability: float,
) -> tuple[Int64Array, Int64Array, Int64Array]:
    """Pair the members of each sector at random; each pair merges with ``probability``.

    The member with the larger wage sum this year continues with the combined wage
    sums of every year so far; the other stops. Works in place, all runs at once;
    returns ``(run, stopping, continuing)`` per merger.
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
    has_next[:, :-1] = (grouped[:, 1:] == grouped[:, :-1]) & alive[:, 1:]
    merging = (rank % 2 == 0) & alive & has_next & (chance < probability)
    run, at = np.nonzero(merging)
    a, b = order[run, at], order[run, at + 1]
    now = history[-1]
    keep_a = now[run, a] >= now[run, b]
    continuing = np.where(keep_a, a, b)
    stopping = np.where(keep_a, b, a)
    for figures in history:
        figures[run, continuing] += figures[run, stopping]
        figures[run, stopping] = 0
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
    keep = np.array(
        [
            registry.member(mid).is_member_on(day) or payer != mid
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
    return _Model(
        years=scenario.years,
        schedules=scenario.schedules,
        basis_index=tuple(
            s.basis.year_for(s.year) - scenario.base_year for s in scenario.schedules
        ),
        days=tuple(days_between(Year(y).start, Year(y + 1).start) for y in scenario.years),
        wage_cents=start.basis_units,
        sector_index=np.array(
            [codes.index(registry.member(mid).primary_sector) for mid in start.member_ids],
            dtype=np.int64,
        ),
        carried=np.array(
            [payer != mid for mid, payer in zip(start.member_ids, start.payers, strict=True)],
            dtype=bool,
        ),
        carrier=np.array([start.member_ids.index(payer) for payer in start.payers], dtype=np.int64),
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


# -- the result -----------------------------------------------------------------------------


def _mean(values: Int64Array) -> Fraction:
    return Fraction(int(values.sum()), len(values))


def _exact_quantiles(values: Int64Array, levels: Sequence[float]) -> list[int]:
    """Quantiles that are values of actual runs (the inverted distribution function)."""
    return [int(v) for v in np.quantile(values, levels, method="inverted_cdf")]


@attrs.frozen
class ProjectedYear:
    """One projected year: dues income, members and wage sum over the runs.

    Quantiles are the values of actual runs (the inverted distribution function),
    so dues quantiles are exact cents; means are rounded to the cent (members to
    two decimals).

    Attributes:
        year: the projected year.
        dues_mean: mean dues income.
        dues_quantiles: ``(level, dues)`` per requested quantile.
        dues_deterministic: dues on the deterministic path.
        members_mean: mean number of members.
        members_quantiles: ``(level, members)`` per quantile.
        members_deterministic: members on the deterministic path.
        wage_sum_mean: mean total wage sum of the members.
        wage_sum_quantiles: ``(level, wage sum)`` per quantile.
        wage_sum_deterministic: total wage sum on the deterministic path.
        sectors_mean: ``(sector code, mean dues)`` per sector (primary sector).
        sectors_deterministic: ``(sector code, dues)`` on the deterministic path.
        clipped: member-years over all runs whose wage sum was clipped at zero.
    """

    year: int
    dues_mean: Decimal
    dues_quantiles: tuple[tuple[float, Decimal], ...]
    dues_deterministic: Decimal
    members_mean: Decimal
    members_quantiles: tuple[tuple[float, int], ...]
    members_deterministic: int
    wage_sum_mean: Decimal
    wage_sum_quantiles: tuple[tuple[float, Decimal], ...]
    wage_sum_deterministic: Decimal
    sectors_mean: tuple[tuple[str, Decimal], ...]
    sectors_deterministic: tuple[tuple[str, Decimal], ...]
    clipped: int


def _quantile_label(level: float) -> str:
    return f"P{round_places(Decimal(repr(level * 100)), 1).normalize():f}"


@attrs.frozen
class Projection(Tabular):
    """The result of :func:`project`: every run's figures per year, and the deterministic path.

    Use :meth:`year` for one year's summary, :meth:`shortfall_probability` and
    :meth:`solve_rate` for budget questions, :meth:`table`, :meth:`to_pandas` and
    :meth:`plot` (a fan chart) to show it.

    Attributes:
        scenario: the scenario projected.
        seed: the seed; ``project(..., seed=projection.seed)`` repeats it exactly.
        quantiles: the quantile levels reported.
        sectors: the sector codes, in the registry's order.
        start: the starting members as kernel columns, bases of the base year
            (:func:`base_columns`).
        bases: the deterministic path's bases in cents, one row per projected year
            (the wage sums of that year's basis year), one column per starting member.
    """

    scenario: Scenario
    seed: int
    quantiles: tuple[float, ...]
    sectors: tuple[str, ...]
    paths: _Paths = attrs.field(repr=False)
    deterministic: _Paths = attrs.field(repr=False)
    start: RollColumns = attrs.field(repr=False)
    bases: Int64Array = attrs.field(repr=False, eq=_array_eq)

    @property
    def years(self) -> tuple[int, ...]:
        """The projected years."""
        return self.scenario.years

    @property
    def runs(self) -> int:
        """The number of runs."""
        return len(self.paths.dues_cents)

    def dues_cents(self, year: int) -> Int64Array:
        """Every run's dues income in ``year``, in cents (a copy).

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        return self.paths.dues_cents[:, self.scenario.index(year)].copy()

    def year(self, year: int) -> ProjectedYear:
        """The summary of one projected year.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        t = self.scenario.index(year)
        p, d, levels = self.paths, self.deterministic, self.quantiles
        dues, wage, members = p.dues_cents[:, t], p.wage_cents[:, t], p.members[:, t]
        return ProjectedYear(
            year=year,
            dues_mean=CENTS.round(_mean(dues) / 100),
            dues_quantiles=tuple(
                zip(levels, map(from_cents, _exact_quantiles(dues, levels)), strict=True)
            ),
            dues_deterministic=from_cents(int(d.dues_cents[0, t])),
            members_mean=round_places(Decimal(int(members.sum())) / len(members), 2),
            members_quantiles=tuple(zip(levels, _exact_quantiles(members, levels), strict=True)),
            members_deterministic=int(d.members[0, t]),
            wage_sum_mean=CENTS.round(_mean(wage) / 100),
            wage_sum_quantiles=tuple(
                zip(levels, map(from_cents, _exact_quantiles(wage, levels)), strict=True)
            ),
            wage_sum_deterministic=from_cents(int(d.wage_cents[0, t])),
            sectors_mean=tuple(
                (code, CENTS.round(_mean(p.sector_cents[:, t, k]) / 100))
                for k, code in enumerate(self.sectors)
            ),
            sectors_deterministic=tuple(
                (code, from_cents(int(d.sector_cents[0, t, k])))
                for k, code in enumerate(self.sectors)
            ),
            clipped=int(p.clipped[t]),
        )

    def shortfall_probability(self, year: int, budget: Decimal | int | str) -> float:
        """The share of runs whose dues income in ``year`` is below ``budget``.

        Raises:
            InvalidInputError: for a year outside the scenario or a budget that is not an amount.
        """
        t = self.scenario.index(year)
        cents = CENTS.round(amount(budget, field="budget")) * 100
        short = int(np.count_nonzero(self.paths.dues_cents[:, t] < int(cents)))
        return short / self.runs

    def columns(self, year: int) -> RollColumns:
        """The deterministic path of ``year`` as the kernel's columns: the shocked bases of its schedule's basis year.

        ``scenario.schedule_for(year).roll_columns(projection.columns(year))`` gives
        the deterministic dues of ``year`` to the cent.

        Raises:
            InvalidInputError: for a year outside the scenario.
        """
        t = self.scenario.index(year)
        start = self.start
        keep = np.ones(len(start.member_ids), dtype=bool)
        if t > 0:  # a carried member was assessed in the first year only
            keep = np.array([p == m for m, p in zip(start.member_ids, start.payers, strict=True)])
        days = days_between(Year(year).start, Year(year + 1).start)
        columns = start.select(keep).with_basis(self.bases[t][keep])
        return attrs.evolve(columns, piece_b=np.full(int(keep.sum()), days, dtype=np.int64))

    def solve_rate(
        self, year: int, target: Decimal | int | str, *, rates_only: bool = True
    ) -> SolveResult:
        """The factor on ``year``'s schedule that brings the deterministic path's dues to ``target``.

        This is :func:`wmd.finance.dues.solve_rate` on :meth:`columns`: the rate
        needed if wage sums follow their central values and no member leaves, merges
        or joins. It ignores the spread of the runs: check the solved schedule's risk
        with a new projection and :meth:`shortfall_probability`.

        Raises:
            InvalidInputError: for a year outside the scenario.
            RuleError: when no factor reaches the target.
        """
        schedule = self.scenario.schedule_for(year)
        return solve_rate(
            schedule, self.columns(year), amount(target, field="target"), rates_only=rates_only
        )

    def table(self, lang: str = "nl") -> Table:
        """Per year: deterministic dues, mean, the quantiles and mean members."""
        levels = [_quantile_label(q) for q in self.quantiles]
        rows = []
        notes = []
        for year in self.years:
            summary = self.year(year)
            rows.append(
                (
                    str(year),
                    format_amount(summary.dues_deterministic, lang),
                    format_amount(summary.dues_mean, lang),
                    *(format_amount(v, lang) for _q, v in summary.dues_quantiles),
                    format_amount(summary.members_mean, lang),
                )
            )
            if summary.clipped:
                notes.append(
                    f"{year}: {summary.clipped} {label('wage sums clipped at zero', lang)}"
                )
        return Table(
            title=f"{label('projected dues', lang).capitalize()} ({self.runs} {label('runs', lang)})",
            columns=(
                label("year", lang),
                label("deterministic", lang),
                label("mean", lang),
                *levels,
                label("members", lang),
            ),
            rows=rows,
            footnotes=tuple(notes),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per projected year (index ``year``), Decimal money columns.

        Columns: ``deterministic``, ``mean``, one per quantile (``P10``, ``P50``, ...),
        ``members_mean``, ``members_deterministic``, ``wage_sum_mean``,
        ``wage_sum_deterministic``, ``clipped`` and ``dues_<sector>`` (mean dues per
        sector).
        """
        pd_mod = require_pandas()
        records = []
        for year in self.years:
            s = self.year(year)
            record: dict[str, object] = {
                "year": year,
                "deterministic": s.dues_deterministic,
                "mean": s.dues_mean,
            }
            record.update({_quantile_label(q): v for q, v in s.dues_quantiles})
            record.update(
                {
                    "members_mean": s.members_mean,
                    "members_deterministic": s.members_deterministic,
                    "wage_sum_mean": s.wage_sum_mean,
                    "wage_sum_deterministic": s.wage_sum_deterministic,
                    "clipped": s.clipped,
                }
            )
            record.update({f"dues_{code}": v for code, v in s.sectors_mean})
            records.append(record)
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records, index="year")
        return frame

    def plot(self, ax: Axes | None = None, *, lang: str = "en") -> Figure:
        """Draw a fan chart of dues income: quantile bands, the median, the mean and the path.

        Bands lie between pairs of quantiles (P10-P90 by default). Needs matplotlib
        (``pip install 'wmd[plot]'``).

        Draws on ``ax`` when given, else on a new figure (not registered with pyplot,
        so it is safe under any backend); returns the figure.

        Raises:
            MissingExtraError: without matplotlib.
        """
        try:
            from matplotlib.figure import Figure  # noqa: PLC0415 - optional dependency
            from matplotlib.ticker import FuncFormatter  # noqa: PLC0415
        except ImportError:
            raise MissingExtraError("matplotlib", "plot") from None
        if ax is None:
            figure = Figure(figsize=(7, 4))
            ax = figure.add_subplot()
        else:
            figure = ax.get_figure()  # type: ignore[assignment]
        years = list(self.years)
        euros = 1 / 100  # plotting only: money leaves the exact world here
        levels = sorted(set(self.quantiles))
        values = {
            q: [
                float(v)
                for v in np.quantile(self.paths.dues_cents, q, axis=0, method="inverted_cdf")
                * euros
            ]
            for q in levels
        }
        pairs = [(levels[i], levels[-1 - i]) for i in range(len(levels) // 2)]
        for k, (low, high) in enumerate(pairs):
            ax.fill_between(
                years,
                values[low],
                values[high],
                alpha=0.2 + 0.2 * k,
                color="tab:blue",
                linewidth=0,
                label=f"{_quantile_label(low)}-{_quantile_label(high)}",
            )
        if 0.5 in values:
            ax.plot(years, values[0.5], color="tab:blue", label=_quantile_label(0.5))
        means = [float(m) * euros for m in self.paths.dues_cents.mean(axis=0)]
        ax.plot(years, means, color="tab:blue", linestyle="--", label=label("mean", lang))
        ax.plot(
            years,
            [float(v) * euros for v in self.deterministic.dues_cents[0]],
            color="black",
            linestyle=":",
            marker="o",
            label=label("deterministic", lang),
        )
        ax.set_xticks(years)
        ax.set_xlabel(label("year", lang))
        ax.set_ylabel(f"{label('dues', lang)} (EUR)")
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda value, _pos: format_amount(amount(float(value)), lang))
        )
        ax.set_title(
            f"{label('projected dues', lang).capitalize()}, {self.runs} {label('runs', lang)}"
        )
        ax.legend(loc="best")
        return figure
