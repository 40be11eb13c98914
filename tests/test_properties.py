"""Properties over the whole domain, on the public strategies of wmd.testing.

Every property names its invariant. The strategies generate every basis kind,
missing-basis rule, basis year (0-3 back or a reference date), proration,
merger rule, rounding policy and VAT split, and registries with several sectors,
unknown figures, rejoining members and mergers (in chains, often on 1 January).
"""

from __future__ import annotations

import csv
import io
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
from wmd.members import EndReason, EventKind, Member, Membership, Registry, YearFigures, read_csv
from wmd.members.columnar import read_columns
from wmd.money import CENTS, allocate, as_fraction, from_cents
from wmd.periods import Year
from wmd.testing import amounts, dates, dues_schedules, roll_registries, roundings

YEAR = 2013
NEW_YEAR = pendulum.date(YEAR, 1, 1)


def _read_back(registry: Registry) -> Registry:
    """The registry as the CSV column reader makes it (its columns straight from the cells).

    A registry whose CSV has an escaped cell (a name starting with ``=``) is read row by
    row; its columns are then made from its members.
    """
    out = io.StringIO()
    registry.to_csv(out)
    header, *body = csv.reader(io.StringIO(out.getvalue()))
    read = read_columns(header, body)
    if read is None:
        return read_csv(io.StringIO(out.getvalue()))
    assert read._members is None  # no Member made yet
    return read


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
    """For every member: the roll's amount, gross, fraction, VAT base and VAT are assess()'s, to the cent.

    The roll runs on the registry as the CSV column reader makes it, assess() on the
    members themselves.
    """
    roll = _roll_or_error(schedule, _read_back(registry))
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
        assert a.exempt == from_cents(int(roll.exempt_cents[i]))
        assert a.total == from_cents(int(roll.including_vat_cents[i]))
        assert a.estimated == bool(roll.estimated[i])
        assert a.payer == roll.payer(member.id)


# -- VAT and allocations add up --------------------------------------------------------------


@given(schedule=dues_schedules(YEAR), registry=roll_registries(YEAR, max_members=8, gaps=False))
def test_taxable_plus_exempt_is_the_amount_and_vat_is_taxable_times_rate_in_cents(
    schedule: DuesSchedule, registry: Registry
) -> None:
    """Per member 0 <= taxable <= amount, taxable is amount x share within a cent, VAT = round(taxable x rate) in cents; totals add up."""
    assume(schedule.vat is not None)
    assert schedule.vat is not None
    roll = schedule.roll(registry)
    share, rate = as_fraction(schedule.vat.share), as_fraction(schedule.vat.rate)
    columns = (roll.due_cents, roll.vat_base_cents, roll.exempt_cents, roll.vat_cents)
    for i, mid in enumerate(roll.member_ids):
        due, taxable, exempt, vat = (int(c[i]) for c in columns)
        note(f"{mid}: due {due}, taxable {taxable}, exempt {exempt}, VAT {vat} (cents)")
        assert taxable + exempt == due
        assert 0 <= taxable <= due
        assert abs(taxable - due * share) < 1
        assert from_cents(vat) == CENTS.round(Fraction(taxable, 100) * rate)
        assert int(roll.including_vat_cents[i]) == due + vat
    assert roll.total_taxable + roll.total_exempt == roll.total
    assert roll.total_including_vat == roll.total + roll.total_vat
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


@given(schedule=dues_schedules(YEAR), registry=roll_registries(YEAR, max_members=8, gaps=False))
def test_roll_by_sector_adds_up_to_the_total(schedule: DuesSchedule, registry: Registry) -> None:
    """The roll's dues per sector, per size band and per payer add up to its total exactly."""
    roll = schedule.roll(registry)
    assert sum(roll.by_payer().values(), Decimal(0)) == roll.total
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
    leaving = [k for k in EventKind if k is not EventKind.JOINED]
    assert sum(len(changes.of_kind(k)) for k in leaving) == len(rec.left)
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
        reference_date=st.none()
        | dates(pendulum.date(year - 1, 1, 1), pendulum.date(year - 1, 12, 31)),
        missing=st.sampled_from(list(MissingBasis)),
    )


def _history(registry: Registry, first: pendulum.Date) -> Registry:
    """The registry as known on ``first``: later joins, departures and mergers not (yet) recorded.

    A join on ``first`` itself is known (a member merged into it that day needs it).
    """
    out = []
    for member in registry:
        spells = tuple(
            s if s.end is None or s.end <= first else Membership(s.start)
            for s in member.spells
            if s.start <= first
        )
        if spells:
            out.append(attrs.evolve(member, spells=spells))
    kept = {m.id for m in out}
    # a member merged into one that joins later is not in the registry yet either
    out = [m for m in out if all(s.successor is None or s.successor in kept for s in m.spells)]
    return Registry(out, registry.sectors)


def _with_projected_figures(
    registry: Registry, years: range, rule: MergerRule, first_basis_year: int
) -> Registry:
    """Each member's wage sum of every projected year is its base-year basis as the roll resolves it (change 0).

    That basis includes the members merged into it (chains followed) by the merger
    rule; a member that merged away gets a figure only for the first year when the
    separate rule still assesses it (merged on 1 January), none otherwise. When the
    first year's dues are not based on the first year's own figures, the successor's
    wage sum of that year already holds the member merged into it on its 1 January
    (its staff work there): the separate rule changes who pays that year, not whose
    wage sums they are.
    """
    # the base year's bases as the first year sees them (the separate rule assesses a member
    # merged away on 1 January on its own), and as later years see them: every member merged
    # into a continuing member is in its basis, whichever the rule
    first_year, later = (
        DuesSchedule(
            years[k], Rate(Decimal(1)), Basis(years_before=k + 1), merger_rule=rule
        ).columns(registry)
        for k in (0, 1)
    )
    wage = [
        dict(zip(c.member_ids, c.basis_units.tolist(), strict=True)) for c in (first_year, later)
    ]
    if first_basis_year < years[0]:
        wage[0] = {**wage[0], **wage[1]}
    out = []
    for member in registry:
        extra = tuple(
            YearFigures(y, wage_sum=from_cents(wage[min(k, 1)][member.id]))
            for k, y in enumerate(years)
            if member.id in wage[min(k, 1)]
        )
        out.append(attrs.evolve(member, figures=(*member.figures, *extra)))
    return Registry(out, registry.sectors)


def _check_projection_equals_the_rolls(
    rule: MergerRule, registry: Registry, schedule: DuesSchedule
) -> None:
    """Project the registry as known on 1 January; compare each year with the roll on its base-year bases."""
    schedule = attrs.evolve(schedule, merger_rule=rule)
    years = range(YEAR, YEAR + 3)
    history = _history(registry, Year(YEAR).start)
    assume(history.count_on(Year(YEAR).start) > 0)
    expected = _with_projected_figures(history, years, rule, schedule.basis.year_for(YEAR))
    scenario = Scenario(years, schedule)
    projection = project(_read_back(history), scenario, runs=2, seed=1)
    for y in years:
        roll = scenario.schedule_for(y).roll(expected)
        columns = projection.columns(y)
        note(f"{y}: roll {dict(zip(roll.member_ids, roll.basis_units.tolist(), strict=True))}")
        note(
            f"{y}: projected {dict(zip(columns.member_ids, columns.basis_units.tolist(), strict=True))}"
        )
        assert projection.year(y).dues_deterministic == roll.total
        assert [from_cents(int(c)) for c in projection.dues_cents(y)] == [roll.total] * 2


PROJECTED = {
    "registry": roll_registries(YEAR - 1, max_members=8, gaps=False),
    "schedule": dues_schedules(YEAR, basis=_wage_bases(YEAR)),
}


@given(**PROJECTED)
def test_projection_without_variance_or_events_equals_the_rolls_year_by_year(
    registry: Registry, schedule: DuesSchedule
) -> None:
    """With no change, cancellations, mergers or new members, every run's dues of each year are the roll on the base-year bases, to the cent."""
    _check_projection_equals_the_rolls(MergerRule.CONTINUES, registry, schedule)


@given(**PROJECTED)
def test_projection_equals_the_rolls_under_the_separate_merger_rule_too(
    registry: Registry, schedule: DuesSchedule
) -> None:
    """The same under the separate rule: a member merged away on 1 January is assessed in the first projected year."""
    _check_projection_equals_the_rolls(MergerRule.SEPARATE, registry, schedule)


# -- mergers never lose dues ------------------------------------------------------------------


@st.composite
def _merger_cases(draw: st.DrawFn) -> tuple[Registry, Registry, str, str]:
    """A registry, and the same with one whole-year member merged into another on 1 January."""
    registry = draw(roll_registries(YEAR, max_members=6, gaps=False))
    year = Year(YEAR)

    def all_year(member: Member) -> bool:
        spell = member.spell_on(year.start)
        return spell is not None and spell.start < year.start and spell.end is None

    def no_later_mergers_into(member: Member) -> bool:
        return all(
            spell.end is not None and spell.end < year.start
            for _m, spell in registry.predecessors(member.id)
        )

    whole = [m.id for m in registry if all_year(m)]
    # B must be mergeable on 1 January: no member merges into it later (it would be gone)
    mergeable = [mid for mid in whole if no_later_mergers_into(registry.member(mid))]
    assume(len(whole) >= 2 and mergeable)
    merged_id = draw(st.sampled_from(mergeable))
    successor_id = draw(st.sampled_from([mid for mid in whole if mid != merged_id]))
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
        reference_date=st.none()
        | dates(pendulum.date(YEAR - 3, 1, 1), pendulum.date(YEAR, 12, 31)),
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
    """B merging into A on 1 January: others pay the same; separate: B still assessed, owed by A; continues: the total is within one quantum (A + B rounded once), or A's own dues when the basis year is the merger year."""
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
        assert with_merger.amount(merged_id) == without.amount(merged_id)
        assert with_merger.payer(merged_id) == successor_id
        assert with_merger.total == without.total
    elif basis.year_for(YEAR) < YEAR:
        # the successor pays on both bases: A + B rounded once instead of each
        assert merged_id not in with_merger.member_ids
        assert abs(with_merger.total - without.total) <= rounding.quantum
    else:
        # basis year = merger year: the merged member did not exist in it, its staff are in
        # the successor's own figure, so only the successor's own basis counts
        assert with_merger.amount(successor_id) == without.amount(successor_id)
        assert with_merger.total == without.total - without.amount(merged_id)
