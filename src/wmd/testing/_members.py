"""Strategies for members, their figures and spells, and registries (public through :mod:`wmd.testing`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import attrs
import pendulum
from hypothesis import strategies as st

from wmd.members.member import EndReason, LegalForm, Member, Membership, YearFigures
from wmd.members.registry import Registry
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.money import CENTS, allocate, from_cents
from wmd.periods import Date, Period

__all__ = [
    "amounts",
    "dates",
    "kvk_numbers",
    "member_ids",
    "members",
    "memberships",
    "periods",
    "registries",
    "sector_codes",
    "spells",
    "year_figures",
    "years",
]

_FIRST: Date = pendulum.date(2000, 1, 1)
_LAST: Date = pendulum.date(2020, 12, 31)


def amounts(
    min_value: Decimal | int = 0, max_value: Decimal | int = 10_000_000
) -> st.SearchStrategy[Decimal]:
    """Amounts of euros in whole cents between ``min_value`` and ``max_value`` (inclusive).

    >>> from hypothesis import find
    >>> find(amounts(0, 1), lambda a: a > Decimal("0.5"))
    Decimal('0.51')
    """
    low = int(Decimal(min_value) * 100)
    high = int(Decimal(max_value) * 100)
    return st.integers(low, high).map(from_cents)


def dates(min_value: Date = _FIRST, max_value: Date = _LAST) -> st.SearchStrategy[Date]:
    """Pendulum dates from ``min_value`` to ``max_value`` (inclusive).

    Half are drawn evenly; the other half fall on the first of a month, most of
    them on 1 January (where cancellations and mergers take effect), kept inside
    the bounds.

    >>> from hypothesis import find
    >>> find(dates(), lambda d: d.year == 2012)
    Date(2012, 1, 1)
    >>> find(dates(), lambda d: d.month == 1 and d.day == 1 and d.year > 2000)
    Date(2001, 1, 1)
    """
    evenly = st.dates(
        dt.date(min_value.year, min_value.month, min_value.day),
        dt.date(max_value.year, max_value.month, max_value.day),
    ).map(lambda d: pendulum.date(d.year, d.month, d.day))
    firsts = st.builds(
        lambda y, m: min(max(pendulum.date(y, m, 1), min_value), max_value),
        st.integers(min_value.year, max_value.year),
        st.sampled_from([1, 1, 1, 7, 4, 10, 9]),
    )
    return evenly | firsts


def years(min_value: int = 2008, max_value: int = 2016) -> st.SearchStrategy[int]:
    """Calendar years (a narrow window by default, so figures and spells meet)."""
    return st.integers(min_value, max_value)


@st.composite
def periods(
    draw: st.DrawFn, *, min_value: Date = _FIRST, max_value: Date = _LAST, open_ended: bool = True
) -> Period:
    """Half-open periods inside the window; some open-ended when ``open_ended``.

    >>> from hypothesis import find
    >>> p = find(periods(open_ended=False), lambda p: p.start.year == 2012)
    >>> p.end is not None and p.start < p.end
    True
    """
    start = draw(dates(min_value, max_value.subtract(days=1)))
    if open_ended and draw(st.booleans()):
        return Period(start)
    return Period(start, draw(dates(start.add(days=1), max_value)))


@st.composite
def year_figures(draw: st.DrawFn, year: int | None = None) -> YearFigures:
    """One year's figures; each figure may be unknown, fte never above the headcount.

    >>> from hypothesis import find
    >>> find(year_figures(2012), lambda f: f.fte is not None and f.fte > 0)
    YearFigures(year=2012, wage_sum=None, headcount=None, fte=Decimal('0.01'))
    """
    chosen = draw(years()) if year is None else year
    wage_sum = draw(st.none() | amounts(0, 20_000_000))
    headcount = draw(st.none() | st.integers(0, 500))
    most = 50_000 if headcount is None else headcount * 100
    fte = draw(st.none() | st.integers(0, most).map(lambda n: Decimal(n).scaleb(-2)))
    return YearFigures(chosen, wage_sum=wage_sum, headcount=headcount, fte=fte)


def member_ids() -> st.SearchStrategy[str]:
    """Member ids such as ``M017`` (also with characters a spreadsheet treats as a formula)."""
    return st.one_of(
        st.integers(0, 999).map(lambda n: f"M{n:03d}"),
        st.from_regex(r"[-A-Za-z0-9_.:/]{1,8}", fullmatch=True),
    )


def kvk_numbers() -> st.SearchStrategy[str]:
    """Valid KvK numbers: 8 digits."""
    return st.integers(0, 99_999_999).map(lambda n: f"{n:08d}")


def sector_codes(sectors: Sequence[Sector] = PUBLISHED_SECTORS) -> st.SearchStrategy[str]:
    """Codes from a sector catalog (the six published sectors by default)."""
    return st.sampled_from([s.code for s in sectors])


_LEAVING = st.sampled_from([EndReason.CANCELLATION, EndReason.TERMINATION, EndReason.EXPULSION])


@st.composite
def memberships(
    draw: st.DrawFn, *, successors: Sequence[str] = (), min_value: Date = _FIRST
) -> Membership:
    """One membership spell; a merger only when ``successors`` names members to merge into.

    >>> from hypothesis import find
    >>> find(memberships(successors=["M000"]), lambda m: m.successor is not None).successor
    'M000'
    """
    period = draw(periods(min_value=min_value))
    if period.end is None:
        return Membership(period.start)
    merge: bool = len(successors) > 0 and draw(st.booleans())
    if merge:
        return Membership(
            period.start, period.end, EndReason.MERGER, draw(st.sampled_from(list(successors)))
        )
    return Membership(period.start, period.end, draw(_LEAVING))


@st.composite
def spells(draw: st.DrawFn, *, max_spells: int = 3) -> tuple[Membership, ...]:
    """Membership spells that never overlap (a member may rejoin after leaving), no mergers.

    >>> from hypothesis import find
    >>> first, second = find(spells(), lambda s: len(s) == 2)
    >>> first.end is not None and first.end <= second.start
    True
    """
    count = draw(st.integers(0, max_spells))
    days = sorted(draw(st.sets(dates(), min_size=2 * count, max_size=2 * count)))
    result = []
    for index in range(count):
        start, end = days[2 * index], days[2 * index + 1]
        last = index == count - 1
        if last and draw(st.booleans()):
            result.append(Membership(start))
        else:
            result.append(Membership(start, end, draw(_LEAVING)))
    return tuple(result)


@st.composite
def members(
    draw: st.DrawFn,
    *,
    member_id: str | None = None,
    sectors: Sequence[Sector] = PUBLISHED_SECTORS,
    max_spells: int = 3,
) -> Member:
    """A member with sectors from the catalog (sometimes a declared split), figures and spells.

    >>> from hypothesis import find
    >>> find(members(member_id="M1"), lambda m: m.sector_split is not None).sector_split
    (Decimal('0.50'), Decimal('0.50'))
    """
    codes = [s.code for s in sectors]
    chosen = draw(
        st.lists(st.sampled_from(codes), min_size=1, max_size=min(3, len(codes)), unique=True)
    )
    split = None
    if len(chosen) > 1 and draw(st.booleans()):
        weights = draw(st.lists(st.integers(1, 9), min_size=len(chosen), max_size=len(chosen)))
        split = allocate(Decimal(1), weights, policy=CENTS)
    figure_years = draw(st.sets(years(), max_size=3))
    return Member(
        id=draw(member_ids()) if member_id is None else member_id,
        name=draw(st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")),
        kvk=draw(st.none() | kvk_numbers()),
        sectors=tuple(chosen),
        sector_split=split,
        figures=tuple(draw(year_figures(y)) for y in sorted(figure_years)),
        spells=draw(spells(max_spells=max_spells)),
        legal_form=draw(st.sampled_from(list(LegalForm))),
    )


def _overlap(first: Member, second: Member) -> bool:
    return any(a.period.overlaps(b.period) for a in first.spells for b in second.spells)


@st.composite
def registries(
    draw: st.DrawFn,
    *,
    min_members: int = 0,
    max_members: int = 6,
    sectors: Sequence[Sector] = PUBLISHED_SECTORS,
) -> Registry:
    """A small registry with mergers and reused KvK numbers, valid by construction.

    Ids are unique (``M000``, ``M001``, ...); a member may merge into an earlier
    member that is a member on the merger date (and may itself merge on later: a
    chain); a KvK number passes only to members never in at the same time.

    >>> from hypothesis import find
    >>> reg = find(registries(max_members=3), lambda r: len(r) == 3)
    >>> [m.id for m in reg]
    ['M000', 'M001', 'M002']
    """
    count = draw(st.integers(min_members, max_members))
    ids = [f"M{index:03d}" for index in range(count)]
    built: list[Member] = []
    for member_id in ids:
        member = draw(members(member_id=member_id, sectors=sectors))
        # A merger ends the member's last closed spell into an earlier member that is a
        # member on the merger date (BW 2:34 lid 2), so successors exist, carry on the
        # membership and never form a cycle; an earlier member may itself merge later,
        # giving chains.
        closed = [s for s in member.spells if s.end is not None]
        merge: bool = draw(st.booleans())
        if closed and merge:
            last = closed[-1]
            end = last.end
            assert end is not None  # noqa: S101 - closed spells only
            candidates = [m.id for m in built if m.is_member_on(end)]
            if candidates:
                successor = draw(st.sampled_from(candidates))
                merged = Membership(last.start, end, EndReason.MERGER, successor)
                member = attrs.evolve(
                    member, spells=tuple(merged if s is last else s for s in member.spells)
                )
        # A KvK number may pass to a later member that is never a member at the same time.
        if member.kvk is not None:
            holders = [m for m in built if m.kvk == member.kvk]
            if any(_overlap(member, m) for m in holders):
                member = attrs.evolve(member, kvk=None)
        if built and draw(st.integers(0, 4)) == 0:
            donor = draw(st.sampled_from(built))
            holders = [m for m in built if donor.kvk is not None and m.kvk == donor.kvk]
            if donor.kvk is not None and not any(_overlap(member, m) for m in holders):
                member = attrs.evolve(member, kvk=donor.kvk)
        built.append(member)
    return Registry(tuple(built), sectors=tuple(sectors))
