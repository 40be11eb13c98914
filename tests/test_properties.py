"""Properties over the whole domain, on the public strategies of wmd.testing.

Every property names its invariant. The strategies generate every basis kind,
missing-basis rule, basis year (0-3 back or a reference date), proration,
merger rule, rounding policy and VAT split, and registries with several sectors,
unknown figures, rejoining members and mergers (in chains, often on 1 January).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import attrs
import pendulum
from hypothesis import assume, given, note
from hypothesis import strategies as st

from wmd.errors import RuleError
from wmd.finance.dues import Basis, BasisKind, DuesRoll, DuesSchedule, MergerRule, MissingBasis
from wmd.finance.formulas import Rate
from wmd.finance.projection import project
from wmd.finance.scenario import Scenario
from wmd.members import EndReason, Member, Membership, Registry, YearFigures
from wmd.money import CENTS, allocate, as_fraction, from_cents
from wmd.periods import Year
from wmd.testing import amounts, dates, dues_schedules, roll_registries, roundings

YEAR = 2013
NEW_YEAR = pendulum.date(YEAR, 1, 1)


def _roll_or_error(schedule: DuesSchedule, registry: Registry) -> DuesRoll | RuleError:
    try:
        return schedule.roll(registry)
    except RuleError as err:
        return err


# -- assess = roll ----------------------------------------------------------------------------


@given(schedule=dues_schedules(YEAR), registry=roll_registries(YEAR, max_members=8))
def test_assess_equals_roll_to_the_cent_for_every_member(
    schedule: DuesSchedule, registry: Registry
) -> None:
    """For every member: the roll's amount, gross, fraction, VAT base and VAT are assess()'s, to the cent."""
    roll = _roll_or_error(schedule, registry)
    if isinstance(roll, RuleError):
        named = set(re.findall(r"member (\S+?), dues", str(roll)))
        assert named, str(roll)
        for mid in named:  # the roll refuses only members that assess() refuses too
            try:
                schedule.assess(registry.member(mid), registry)
            except RuleError:
                continue
            raise AssertionError(f"{mid} is assessed alone but refused in the roll: {roll}")
        return
    fden = schedule.proration.denominator(YEAR)
    index = {mid: i for i, mid in enumerate(roll.member_ids)}
    for member in registry:
        if member.id not in index:
            try:
                schedule.assess(member, registry)
            except RuleError:
                continue
            raise AssertionError(f"{member.id} is assessed alone but not in the roll")
        i = index[member.id]
        a = schedule.assess(member, registry)
        note(f"{member.id}: {a}")
        assert a.amount == from_cents(int(roll.due_cents[i]))
        assert a.gross == from_cents(int(roll.gross_cents[i]))
        assert a.fraction == Fraction(int(roll.fraction_numerators[i]), fden)
        assert a.vat_base == from_cents(int(roll.vat_base_cents[i]))
        assert a.vat == from_cents(int(roll.vat_cents[i]))
        assert a.estimated == bool(roll.estimated[i])


# -- VAT and allocations add up --------------------------------------------------------------


@given(
    schedule=dues_schedules(YEAR), registry=roll_registries(YEAR, max_members=8, gaps=False)
)
def test_taxable_plus_exempt_is_the_amount_and_vat_is_taxable_times_rate_in_cents(
    schedule: DuesSchedule, registry: Registry
) -> None:
    """Per member 0 <= taxable <= amount, taxable is amount x share within a cent, VAT = round(taxable x rate) in cents; totals add up."""
    assume(schedule.vat is not None)
    assert schedule.vat is not None
    roll = schedule.roll(registry)
    share, rate = as_fraction(schedule.vat.share), as_fraction(schedule.vat.rate)
    for i, mid in enumerate(roll.member_ids):
        due, taxable, vat = (int(c[i]) for c in (roll.due_cents, roll.vat_base_cents, roll.vat_cents))
        note(f"{mid}: due {due}, taxable {taxable}, VAT {vat} (cents)")
        exempt = due - taxable
        assert 0 <= taxable <= due
        assert 0 <= exempt <= due
        assert abs(taxable - due * share) < 1
        assert from_cents(vat) == CENTS.round(Fraction(taxable, 100) * rate)
    assert roll.total_vat == from_cents(int(roll.vat_cents.sum()))


@given(
    total=amounts(-100_000, 100_000),
    weights=st.lists(st.integers(0, 10**9), min_size=1, max_size=12).filter(any),
    policy=roundings(),
)
def test_allocate_adds_up_to_the_total_in_every_policy(
    total: Decimal, weights: list[int], policy: object
) -> None:
    """allocate() splits any whole-quantum total into parts that add up to it exactly, none off by more than a quantum."""
    assert isinstance(policy, type(CENTS))
    total = policy.round(total)
    parts = allocate(total, weights, policy=policy)
    assert sum(parts, Decimal(0)) == total
    whole = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert abs(as_fraction(part) - as_fraction(total) * Fraction(weight, whole)) < as_fraction(
            policy.quantum
        )


@given(
    schedule=dues_schedules(YEAR), registry=roll_registries(YEAR, max_members=8, gaps=False)
)
def test_roll_by_sector_adds_up_to_the_total(schedule: DuesSchedule, registry: Registry) -> None:
    """The roll's dues per sector add up to its total exactly."""
    roll = schedule.roll(registry)
    assert sum(roll.by_sector(registry).values(), Decimal(0)) == roll.total
    assert sum(roll.by_size_band().values(), Decimal(0)) == roll.total


# -- the registry's counts --------------------------------------------------------------------


@given(registry=roll_registries(YEAR, max_members=10), year=st.integers(YEAR - 3, YEAR + 2))
def test_registry_counts_reconcile_opening_plus_joined_minus_left_is_closing(
    registry: Registry, year: int
) -> None:
    """For every year: opening + joined - left = closing, and the events by kind add up to those who left."""
    rec = registry.reconcile(Year(year).period)
    assert rec.holds
    changes = rec.changes
    assert len(changes.cancelled) + len(changes.terminated) + len(changes.merged) == len(rec.left)
    assert rec.closing == len(registry.members_at_end_of(year))
    for event in changes.merged:  # the membership passes on: the successor is a member that day
        assert event.successor is not None
        assert registry.member(event.successor).is_member_on(event.date)


# -- projection = rolls -----------------------------------------------------------------------


def _wage_bases(year: int) -> st.SearchStrategy[Basis]:
    """Wage-sum bases a projection from ``year - 1`` accepts: this year, the base year, or a reference date in it."""
    return st.builds(
        Basis,
        kind=st.just(BasisKind.WAGE_SUM),
        years_before=st.integers(0, 1),
        reference_date=st.none() | dates(pendulum.date(year - 1, 1, 1), pendulum.date(year - 1, 12, 31)),
        missing=st.sampled_from(list(MissingBasis)),
    )


def _as_projected(registry: Registry, years: range) -> Registry:
    """The registry as a projection without change or events sees it.

    Members on 1 January of the first year stay members (no cancellation); later
    joins are not projected; every member's wage sum of each projected year is its
    last one known up to the base year (change 0).
    """
    first = Year(years[0]).start
    out = []
    for member in registry:
        spell = member.spell_on(first)
        if spell is None and any(s.start >= first for s in member.spells):
            continue
        spells = member.spells
        if spell is not None:
            spells = (*(s for s in member.spells if s.start < spell.start), Membership(spell.start))
        known = [f.wage_sum for f in member.figures if f.year < years[0] and f.wage_sum is not None]
        extra = () if not known else tuple(YearFigures(y, wage_sum=known[-1]) for y in years)
        out.append(attrs.evolve(member, spells=spells, figures=(*member.figures, *extra)))
    return Registry(out, registry.sectors)


@given(
    registry=roll_registries(YEAR - 1, max_members=8, gaps=False),
    schedule=dues_schedules(YEAR, basis=_wage_bases(YEAR)),
)
def test_projection_without_variance_or_events_equals_the_rolls_year_by_year(
    registry: Registry, schedule: DuesSchedule
) -> None:
    """With no change, cancellations, mergers or new members, every run's dues of each year are that year's roll, to the cent."""
    years = range(YEAR, YEAR + 3)
    assume(registry.count_on(Year(YEAR).start) > 0)
    expected = _as_projected(registry, years)
    scenario = Scenario(years, schedule)
    projection = project(registry, scenario, runs=2, seed=1)
    for y in years:
        roll = scenario.schedule_for(y).roll(expected)
        note(f"{y}: roll {roll.amounts()}")
        assert projection.year(y).dues_deterministic == roll.total
        assert [from_cents(int(c)) for c in projection.dues_cents(y)] == [roll.total] * 2


# -- mergers never lose dues ------------------------------------------------------------------


@st.composite
def _merger_cases(draw: st.DrawFn) -> tuple[Registry, Registry, str, str]:
    """A registry, and the same with one whole-year member merged into another on 1 January."""
    registry = draw(roll_registries(YEAR, max_members=6, gaps=False))
    year = Year(YEAR)

    def all_year(member: Member) -> bool:
        spell = member.spell_on(year.start)
        return spell is not None and spell.start < year.start and spell.end is None

    whole = [m.id for m in registry if all_year(m)]
    assume(len(whole) >= 2)
    merged_id, successor_id = draw(st.permutations(whole))[:2]
    merged = registry.member(merged_id)
    spell = merged.spell_on(year.start)
    assert spell is not None
    ended = Membership(spell.start, year.start, EndReason.MERGER, successor_id)
    spells = (*(s for s in merged.spells if s.start < spell.start), ended)
    after = Registry(
        tuple(attrs.evolve(m, spells=spells) if m.id == merged_id else m for m in registry),
        registry.sectors,
    )
    return registry, after, merged_id, successor_id


@given(
    case=_merger_cases(),
    rate=st.integers(1, 50_000).map(lambda n: Decimal(n).scaleb(-6)),
    basis=st.builds(
        Basis,
        years_before=st.integers(0, 3),
        reference_date=st.none() | dates(pendulum.date(YEAR - 3, 1, 1), pendulum.date(YEAR, 12, 31)),
    ),
    rule=st.sampled_from(list(MergerRule)),
    rounding=roundings(),
)
def test_a_new_year_merger_changes_the_total_by_at_most_one_rounding_quantum(
    case: tuple[Registry, Registry, str, str],
    rate: Decimal,
    basis: Basis,
    rule: MergerRule,
    rounding: object,
) -> None:
    """B merging into A on 1 January: other members pay the same; the total is the same (separate) or within one quantum (combined: one rounding of A + B instead of two)."""
    before, after, merged_id, successor_id = case
    assert isinstance(rounding, type(CENTS))
    schedule = DuesSchedule(YEAR, Rate(rate), basis, merger_rule=rule, rounding=rounding)
    without = schedule.roll(before)
    with_merger = schedule.roll(after)
    note(f"without {without.amounts()}, with {with_merger.amounts()}")
    for mid, due in without.amounts().items():
        if mid not in {merged_id, successor_id}:
            assert with_merger.amounts().get(mid) == due, mid
    if rule is MergerRule.SEPARATE:
        # the merged member is still assessed on its own basis, owed by the successor
        assert with_merger.total == without.total
    else:
        assert abs(with_merger.total - without.total) <= rounding.quantum
