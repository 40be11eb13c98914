"""Counts, changes and key figures over the registry's columns equal the rule member by member.

Each reference below is the straightforward computation over the Member objects; the
library computes on :attr:`Registry.columns` (no Python loop per member). Both run over
registries built from objects and over registries as the CSV column reader makes them
(no Member made before the count).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, localcontext
from fractions import Fraction

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from wmd.members import EventKind, Member, Membership, Registry, YearFigures, read_csv
from wmd.members.columnar import read_columns
from wmd.members.keyfigures import (
    Attribution,
    SectorTable,
    SizeBands,
    YearTotals,
    bands_from_edges,
    sector_table,
    size_bands,
    year_totals,
)
from wmd.members.member import EndReason
from wmd.members.registry import MembershipEvent
from wmd.money import allocate
from wmd.periods import Period, Year
from wmd.testing import amounts, dates, periods, registries, roll_registries, years

_LEAVE = {
    EndReason.CANCELLATION: EventKind.CANCELLED,
    EndReason.TERMINATION: EventKind.TERMINATED,
    EndReason.MERGER: EventKind.MERGED,
    EndReason.EXPULSION: EventKind.EXPELLED,
}

_ANY_REGISTRY = st.one_of(registries(max_members=8), roll_registries(2012, max_members=8))


def _read_back(registry: Registry) -> Registry:
    """The registry as the CSV column reader makes it (rows only for an escaped cell)."""
    out = io.StringIO()
    registry.to_csv(out)
    header, *body = csv.reader(io.StringIO(out.getvalue()))
    read = read_columns(header, body)
    return read_csv(io.StringIO(out.getvalue())) if read is None else read


def _both(registry: Registry) -> tuple[Registry, Registry]:
    return registry, _read_back(registry)


# -- the references, member by member ------------------------------------------------------


def _changes(registry: Registry, period: Period) -> list[MembershipEvent]:
    events = []
    for member in registry:
        for spell in member.spells:
            if spell.start in period:
                events.append(MembershipEvent(member.id, spell.start, EventKind.JOINED))
            if spell.end is not None and spell.end in period and spell.end_reason is not None:
                kind = _LEAVE[spell.end_reason]
                events.append(MembershipEvent(member.id, spell.end, kind, spell.successor))
    return sorted(events, key=lambda e: (e.date, e.member_id, e.kind))


def _at_end(registry: Registry, year: int) -> list[Member]:
    return [m for m in registry if m.is_member_on(Year(year).last_day)]


def _totals(registry: Registry, year: int) -> YearTotals:
    members = _at_end(registry, year)
    figures = [m.figures_for(year) for m in members]
    heads = [f.headcount if f else None for f in figures]
    ftes = [f.fte if f else None for f in figures]
    wages = [f.wage_sum if f else None for f in figures]
    return YearTotals(
        year,
        len(members),
        sum(h for h in heads if h is not None),
        sum((v for v in ftes if v is not None), Decimal(0)),
        sum((v for v in wages if v is not None), Decimal(0)),
        tuple(m.id for m, h in zip(members, heads, strict=True) if h is None),
        tuple(m.id for m, v in zip(members, ftes, strict=True) if v is None),
        tuple(m.id for m, v in zip(members, wages, strict=True) if v is None),
    )


def _bands(registry: Registry, year: int, edges: list[Decimal]) -> list[tuple[str, ...]]:
    bands = bands_from_edges(edges)
    found: list[list[str]] = [[] for _ in range(len(bands) + 1)]
    for member in _at_end(registry, year):
        wage_sum = member.wage_sum(year)
        home = (
            len(bands)
            if wage_sum is None
            else next(i for i, b in enumerate(bands) if wage_sum in b)
        )
        found[home].append(member.id)
    return [tuple(ids) for ids in found]


def _sectors(registry: Registry, year: int, attribution: Attribution) -> dict[str, object]:
    members = _at_end(registry, year)
    ids: dict[str, list[str]] = {s.code: [] for s in registry.sectors}
    sums = {s.code: Decimal(0) for s in registry.sectors}
    for member in members:
        for code in member.sectors:
            ids[code].append(member.id)
        wage_sum = member.wage_sum(year)
        if wage_sum is None:
            continue
        if attribution == "primary":
            sums[member.primary_sector] += wage_sum
            continue
        weights = member.sector_weights()
        for (code, _), part in zip(
            weights, allocate(wage_sum, [w for _, w in weights]), strict=True
        ):
            sums[code] += part
    return {
        "ids": {code: tuple(v) for code, v in ids.items()},
        "sums": {code: str(v) for code, v in sums.items()},
        "count": len(members),
        "unknown": tuple(m.id for m in members if m.wage_sum(year) is None),
    }


def _shown(table: SectorTable) -> dict[str, object]:
    return {
        "ids": {row.sector.code: row.member_ids for row in table.rows},
        "sums": {row.sector.code: str(row.wage_sum) for row in table.rows},
        "count": table.member_count,
        "unknown": table.wage_sum_unknown,
    }


def _band_ids(bands: SizeBands) -> list[tuple[str, ...]]:
    return [row.member_ids for row in bands.rows]


# -- the properties ------------------------------------------------------------------------


@given(_ANY_REGISTRY, dates())
def test_count_and_members_on_a_day_are_the_members_rule(
    registry: Registry, day: pendulum.Date
) -> None:
    """Property: count_on(day) and members_on(day) are the members with is_member_on(day), in order."""
    expected = [m.id for m in registry if m.is_member_on(day)]
    for reg in _both(registry):
        assert reg.count_on(day) == len(expected)
        assert [m.id for m in reg.members_on(day)] == expected
        assert [reg.columns.ids[k] for k in reg.member_rows_on(day).tolist()] == expected


@given(_ANY_REGISTRY, periods(open_ended=False))
def test_changes_and_reconcile_are_the_spells_rule(registry: Registry, period: Period) -> None:
    """Property: changes() lists each spell start and each reasoned end in the period, as member by member."""
    expected = _changes(registry, period)
    assert period.end is not None
    opening = sum(m.is_member_on(period.start.subtract(days=1)) for m in registry)
    closing = sum(m.is_member_on(period.end.subtract(days=1)) for m in registry)
    for reg in _both(registry):
        assert list(reg.changes(period).events) == expected
        rec = reg.reconcile(period)
        assert (rec.opening, rec.closing) == (opening, closing)


@given(_ANY_REGISTRY, years(2010, 2014))
def test_year_totals_are_the_sums_member_by_member(registry: Registry, year: int) -> None:
    """Property: year_totals() equals the Decimal sums member by member, to the digit shown (str)."""
    expected = _totals(registry, year)
    for reg in _both(registry):
        got = year_totals(reg, year)
        assert got == expected
        assert (str(got.fte), str(got.wage_sum)) == (str(expected.fte), str(expected.wage_sum))


@given(_ANY_REGISTRY, years(2010, 2014), st.data())
def test_size_bands_are_the_bands_member_by_member(
    registry: Registry, year: int, data: st.DataObject
) -> None:
    """Property: each member at the end of the year is in the band holding its wage sum, else unknown.

    Some edges are the members' own wage sums, so a wage sum on an edge is tried.
    """
    own = sorted(
        {w for m in _at_end(registry, year) if (w := m.wage_sum(year)) is not None and w > 0}
    )
    picked = data.draw(st.lists(st.sampled_from(own), max_size=2) if own else st.just([]))
    drawn = data.draw(st.lists(amounts(Decimal("0.01"), 20_000_000), max_size=3))
    edges = sorted(set(picked) | set(drawn))
    expected = _bands(registry, year, edges)
    for reg in _both(registry):
        assert _band_ids(size_bands(reg, year, edges=edges)) == expected


@given(_ANY_REGISTRY, years(2010, 2014), st.sampled_from(["primary", "split"]))
def test_sector_table_is_the_attribution_member_by_member(
    registry: Registry, year: int, attribution: Attribution
) -> None:
    """Property: sector members, wage sums (as shown) and unknowns equal the allocation member by member."""
    expected = _sectors(registry, year, attribution)
    for reg in _both(registry):
        assert _shown(sector_table(reg, year, attribution=attribution)) == expected


# -- examples ------------------------------------------------------------------------------

_SPELL = (Membership(pendulum.date(2010, 1, 1)),)


def test_sums_beyond_int64_stay_exact() -> None:
    """A hundred wage sums of 10^15 euros add up to 10^17 exactly (10^19 cents overflow int64)."""
    # 100 x 10^15 euros = 10^17 euros = 10^19 cents > 2^63 - 1 (about 9.2 x 10^18)
    big = Decimal(10**15)
    reg = Registry(
        Member(
            f"M{i}",
            f"Stichting {i}",
            sectors=("LW",),
            spells=_SPELL,
            figures=(YearFigures(2012, wage_sum=big),),
        )
        for i in range(100)
    )
    assert year_totals(reg, 2012).wage_sum == Decimal(10**17)
    assert sector_table(reg, 2012, attribution="split").wage_sum == Decimal(10**17)


def test_sums_ignore_the_callers_decimal_context() -> None:
    """Totals are exact under a caller's context of 3 digits: 123.45 + 0.01 = 123.46."""
    reg = Registry(
        (
            Member(
                "A",
                "A",
                sectors=("LW",),
                spells=_SPELL,
                figures=(YearFigures(2012, wage_sum=Decimal("123.45"), fte=Decimal("1.5")),),
            ),
            Member(
                "B",
                "B",
                sectors=("MD",),
                spells=_SPELL,
                figures=(YearFigures(2012, wage_sum=Decimal("0.01"), fte=Decimal("0.25")),),
            ),
        )
    )
    with localcontext() as ctx:
        ctx.prec = 3
        totals = year_totals(reg, 2012)
        table = sector_table(reg, 2012)
    assert (str(totals.wage_sum), str(totals.fte)) == ("123.46", "1.75")
    assert table.wage_sum == Decimal("123.46")
    assert table.rows[0].wage_sum_share == Fraction(12345, 12346)


def test_edges_between_cents_band_like_the_rule() -> None:
    """An edge of 100.005 puts 100.00 below it and 100.01 above it, as Band.__contains__ does."""
    reg = Registry(
        Member(
            i, i, sectors=("LW",), spells=_SPELL, figures=(YearFigures(2012, wage_sum=Decimal(w)),)
        )
        for i, w in (("A", "100.00"), ("B", "100.01"))
    )
    bands = size_bands(reg, 2012, edges=[Decimal("100.005")])
    assert _band_ids(bands) == [("A",), ("B",), ()]
