r"""Plus packages (pluspakketten): extra services a group of members pays for, cost-covering.

A :class:`PlusPackage` has a cost to cover for the year and a way to share it over
its subscribers: by wage sum, equally, or by the package's own dues schedule. The
plus dues add up to the cost **exactly**, to the cent: the weights go to
:func:`wmd.money.allocate`.

Who is charged, and for how much of the year:

* Only **members** are charged, for the days they are **both member and
  subscriber**: each subscription ``[start, end)`` is intersected with the member's
  membership spells (both half-open: ``end`` is the first day the organisation is
  no longer a subscriber, or no longer a member). A subscriber whose membership
  ended before the package year is not charged at all; one that leaves on 1 July
  (``end = 1 July``) is charged up to 30 June.
* That part of the year is counted by the package's
  :class:`~wmd.finance.proration.Proration` (default: whole months, also on
  leaving), in the rule's own unit: the weight is the base (wage sum, ``1``, or
  the amount under the package's schedule) times the *number* of days, months or
  quarters. Because every subscriber of a package is counted in the same unit, the
  weights are exact and an explanation can be checked with a pocket calculator.
* **A merger passes the subscription on** (BW 2:34 lid 2: the membership passes to
  the organisation that continues): from the merger day the successor holds the
  merged member's subscription, for as long as that subscription would have run.
  The merged member is charged up to the merger day, the successor from it; a
  successor that subscribed itself counts each day once. The successor's weight
  is its own base (its wage sum of the basis year): the merged member's wage sum
  is not added.

>>> import pendulum
>>> from wmd.finance.plus import PlusPackage, Sharing, Subscription
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> def org(mid, wage_sum):
...     return Member(mid, f"Stichting {mid}", sectors=("MD",),
...         figures=(YearFigures(2012, wage_sum=Decimal(wage_sum)),),
...         spells=(Membership(pendulum.date(2000, 1, 1)),))
>>> registry = Registry((org("A", "1000000"), org("B", "2000000"), org("C", "3000000")))
>>> amw = PlusPackage("AMW", "Algemeen Maatschappelijk Werk", 2012, Decimal("100000"), Sharing.BY_WAGE_SUM,
...     subscriptions=tuple(Subscription(m, pendulum.date(2011, 1, 1)) for m in "ABC"))
>>> dues = amw.plus_dues(registry)
>>> dues
{'A': Decimal('16666.67'), 'B': Decimal('33333.33'), 'C': Decimal('50000.00')}
>>> sum(dues.values())
Decimal('100000.00')

Each member's plus dues explain themselves, line by line (shown here with plain spaces
for the non-breaking ones babel puts after the euro sign):

>>> print(amw.assess(registry, "A").explain().replace("\xa0", " "))
A, pluscontributie AMW 2012
kosten van het pakket: € 100.000,00, verdeeld naar loonsom 2012 over 3 leden
lid en abonnee van 1 januari 2012 tot en met 31 december 2012: 12 van 12 maanden
gewicht: loonsom € 1.000.000,00 × 12 = 12.000.000,00
totaal gewicht van de 3 leden: 72.000.000,00
aandeel: € 100.000,00 × 12.000.000,00 / 72.000.000,00 = € 16.666,67
pluscontributie: € 16.666,67
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from wmd.errors import InvalidInputError, RuleError, to_enum
from wmd.finance.dues import DuesSchedule, Term, explain_steps, show_value
from wmd.finance.proration import Proration
from wmd.i18n import format_number, label
from wmd.members.member import Membership
from wmd.members.registry import Registry
from wmd.money import CENTS, RoundingPolicy, allocate, amount
from wmd.periods import Date, Period, Year, days_between, to_date

__all__ = ["PlusAssessment", "PlusPackage", "Sharing", "Subscription"]

# exact sums and products of bases and counts of days, in a local copy: never the caller's context
_CTX = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP, traps=[decimal.InvalidOperation])


class Sharing(enum.StrEnum):
    """How a plus package's cost is shared over its subscribers."""

    BY_WAGE_SUM = "by_wage_sum"
    EQUALLY = "equally"
    BY_SCHEDULE = "by_schedule"


def _sharing(value: object) -> Sharing:
    return to_enum(Sharing, value, "sharing")


def _start(value: object) -> Date:
    return to_date(value, field="start")


def _end(value: object) -> Date | None:
    return None if value is None else to_date(value, field="end")


@attrs.frozen
class Subscription:
    """A member's subscription to a plus package, ``[start, end)``.

    ``end`` is the first day the member no longer subscribes (``None``: no end set).
    """

    member_id: str
    start: Date = attrs.field(converter=_start)
    end: Date | None = attrs.field(default=None, converter=_end)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise InvalidInputError(
                "end",
                given=self.end,
                expected="a date after the start",
                where=f"subscription of {self.member_id}",
            )

    @property
    def period(self) -> Period:
        """The subscription as a half-open period."""
        return Period(self.start, self.end)

    def as_spell(self) -> Membership:
        """The subscription as a spell, so the dues proration rules apply to it."""
        if self.end is None:
            return Membership(self.start)
        return Membership(self.start, self.end, "cancellation")


# -- day pieces of a year: sorted, disjoint [a, b) offsets from 1 January ----------------------

Pieces = tuple[tuple[int, int], ...]


def _pieces(periods: Iterable[Period], year: Year) -> Pieces:
    """The days of ``periods`` inside ``year`` as merged day offsets ``[a, b)``."""
    raw = []
    for period in periods:
        part = period.intersection(year.period)
        if part is not None and part.end is not None:
            raw.append((days_between(year.start, part.start), days_between(year.start, part.end)))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(raw):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


def _both(left: Pieces, right: Pieces) -> Pieces:
    """The days in both."""
    out = []
    for a, b in left:
        for c, d in right:
            lo, hi = max(a, c), min(b, d)
            if lo < hi:
                out.append((lo, hi))
    return tuple(sorted(out))


def _either(left: Pieces, right: Pieces) -> Pieces:
    """The days in either, merged."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted((*left, *right)):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


def _cost(value: object) -> Decimal:
    return amount(value, field="cost")


def _subscriptions(value: Iterable[Subscription]) -> tuple[Subscription, ...]:
    return tuple(value)


@attrs.frozen
class PlusAssessment:
    """One member's plus dues for one package year, with how they came about.

    Attributes:
        member_id: the member charged.
        code: the package's code.
        year: the package year.
        cost: the package's cost, shared over all members charged.
        sharing: how the cost is shared.
        basis_year: the year of the wage sum (``BY_WAGE_SUM`` only, else ``None``).
        base: the member's base: its wage sum, ``1`` (equal shares), or its amount
            under the package's schedule.
        units: how many days, months or quarters (the proration's unit) the member
            was both member and subscriber.
        units_in_year: the units in the whole year (365 or 366 days, 12 months, ...).
        unit: the proration's kind (``"days"``, ``"months"``, ...).
        weight: ``base x units``, exact.
        total_weight: the weights of all members charged, added up.
        charged: how many members are charged.
        share: ``cost x weight / total_weight``, rounded by the package's policy.
        amount: the plus dues: the share, moved by at most one rounding step so that
            all plus dues add up to the cost exactly.
        taken_over_from: members whose subscription passed to this one in a merger.
        periods: the days of the year the member was both member and subscriber,
            as half-open periods (``end`` is the first day it no longer was).
    """

    member_id: str
    code: str
    year: int
    cost: Decimal
    sharing: Sharing
    basis_year: int | None
    base: Decimal
    units: int
    units_in_year: int
    unit: str
    weight: Decimal
    total_weight: Decimal
    charged: int
    share: Decimal
    amount: Decimal
    taken_over_from: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()

    @property
    def rounding_difference(self) -> Decimal:
        """What the allocation added to (or took from) the rounded share."""
        with decimal.localcontext(_CTX):
            return self.amount - self.share

    def explain(self, lang: str | None = None) -> str:
        """The steps in words, each one checkable with a pocket calculator.

        >>> from wmd.periods import Period
        >>> a = PlusAssessment("C", "SRW", 2013, Decimal("100"), Sharing.EQUALLY, None, Decimal(1),
        ...     6, 12, "months", Decimal(6), Decimal(30), 3, Decimal("20.00"), Decimal("20.00"),
        ...     periods=(Period("2013-01-01", "2013-07-01"),))
        >>> print(a.explain("en"))
        C, plus dues SRW 2013
        cost of the package: €100.00, shared equally over 3 members
        member and subscriber from 1 January 2013 up to and including 30 June 2013: 6 of 12 months
        weight: 1 × 6 = 6
        total weight of the 3 members: 30
        share: €100.00 × 6 / 30 = €20.00
        plus dues: €20.00
        """
        with decimal.localcontext(_CTX):
            return self._explain(lang)

    def _explain(self, lang: str | None) -> str:
        # the steps go through the dues explanation renderer (explain_steps / show_value), so
        # euros, dates, counts and catalog words read as in every other explanation. Weights
        # are no euros: format_number shows them with all their digits (two decimals at least
        # for wage sums and schedule amounts), never rounded.
        places = 0 if self.sharing is Sharing.EQUALLY else 2
        weight = format_number(self.weight, lang, min_decimals=places)
        total = format_number(self.total_weight, lang, min_decimals=places)
        cost = ("cost", self.cost)

        def euros(value: Decimal) -> str:
            return show_value("amount", value, lang)

        count = ("count", self.charged)
        steps: list[tuple[str, tuple[tuple[str, object], ...]]] = []
        if self.sharing is Sharing.BY_WAGE_SUM:
            steps.append(
                (
                    "cost of the package: {cost}, shared by wage sum {basis_year} over {count} members",
                    (cost, ("basis_year", self.basis_year), count),
                )
            )
        elif self.sharing is Sharing.EQUALLY:
            steps.append(
                ("cost of the package: {cost}, shared equally over {count} members", (cost, count))
            )
        else:
            steps.append(
                (
                    "cost of the package: {cost}, shared by the package's own schedule over {count} members",
                    (cost, count),
                )
            )
        if self.taken_over_from:
            steps.append(
                (
                    "subscription taken over in the merger with {members}",
                    (("members", ", ".join(self.taken_over_from)),),
                )
            )
        spans = ", ".join(
            label("from {first} up to and including {last}", lang).format(
                first=show_value("first", p.start, lang), last=show_value("last", p.last_day, lang)
            )
            for p in self.periods
            if p.last_day is not None
        )
        counted = (("spans", spans), ("units", self.units), ("whole", self.units_in_year))
        if self.unit in ("days", "months", "quarters"):
            steps.append(
                (
                    "member and subscriber {spans}: {units} of {whole} {unit}",
                    (*counted, ("unit", Term(self.unit))),
                )
            )
        else:
            steps.append(("member and subscriber {spans}: {units}/{whole} of the year", counted))
        weighed = (("units", self.units), ("weight", weight))
        if self.sharing is Sharing.BY_WAGE_SUM:
            steps.append(
                ("weight: wage sum {base} × {units} = {weight}", (("base", self.base), *weighed))
            )
        elif self.sharing is Sharing.EQUALLY:
            steps.append(("weight: 1 × {units} = {weight}", weighed))
        else:
            steps.append(
                (
                    "weight: dues by the package's schedule {base} × {units} = {weight}",
                    (("base", self.base), *weighed),
                )
            )
        steps.append(("total weight of the {count} members: {total}", (count, ("total", total))))
        steps.append(
            (
                "share: {cost} × {weight} / {total} = {share}",
                # "share" is a rate to show_value: the euro amount is shown as an amount
                (cost, ("weight", weight), ("total", total), ("share", euros(self.share))),
            )
        )
        difference = self.rounding_difference
        if difference:
            shown = euros(difference)
            steps.append(
                (
                    "rounding so that the plus dues add up to {cost} exactly: {difference}",
                    (cost, ("difference", ("+" + shown) if difference > 0 else shown)),
                )
            )
        steps.append(("plus dues: {amount}", (("amount", self.amount),)))
        title = f"{self.member_id}, {label('plus dues', lang)} {self.code} {self.year}"
        return explain_steps(title, steps, lang=lang)


@attrs.frozen
class _Charge:
    """Who is charged for which days, before the cost is shared."""

    member_id: str
    units: int
    taken_over_from: tuple[str, ...]
    pieces: Pieces


@attrs.frozen
class PlusPackage:
    """A plus package for one year.

    Attributes:
        code: short code (``"AMW"``, ``"SRW"``).
        name: the package's name.
        year: the year the cost is for.
        cost: the cost to cover, shared exactly over the members charged.
        sharing: how the cost is shared.
        subscriptions: who subscribed, when.
        proration: how the part of the year a member is both member and subscriber is
            counted (default: by whole months, on joining and on leaving).
        schedule: the package's own schedule, for ``Sharing.BY_SCHEDULE`` (its amounts are the weights).
        basis_year_offset: for ``BY_WAGE_SUM``, which year's wage sum (0: the year itself; 1: the year before).
        rounding: the rounding policy of the plus dues.
    """

    code: str
    name: str
    year: int
    cost: Decimal = attrs.field(converter=_cost)
    sharing: Sharing = attrs.field(default=Sharing.BY_WAGE_SUM, converter=_sharing)
    subscriptions: tuple[Subscription, ...] = attrs.field(default=(), converter=_subscriptions)
    proration: Proration = attrs.field(factory=lambda: Proration("months", leaving="pro_rata"))
    schedule: DuesSchedule | None = None
    basis_year_offset: int = 0
    rounding: RoundingPolicy = CENTS

    def __attrs_post_init__(self) -> None:
        where = f"plus package {self.code}"
        if self.cost < 0:
            raise InvalidInputError("cost", given=self.cost, expected="a cost >= 0", where=where)
        if self.sharing is Sharing.BY_SCHEDULE and self.schedule is None:
            raise InvalidInputError(
                "schedule", given=None, expected="a schedule to share by", where=where
            )
        ids = [s.member_id for s in self.subscriptions]
        if len(set(ids)) != len(ids):
            raise InvalidInputError(
                "subscriptions", given=ids, expected="one subscription per member", where=where
            )

    # -- who is charged for which days --------------------------------------------------------

    def _held(
        self,
        member_id: str,
        registry: Registry,
        own: Mapping[str, Period],
        seen: frozenset[str],
    ) -> tuple[Pieces, tuple[str, ...]]:
        """The days of the year ``member_id`` holds a subscription: its own and those passed to it."""
        year = Year(self.year)
        held = _pieces((own[member_id],) if member_id in own else (), year)
        sources: list[str] = []
        for predecessor, spell in registry.predecessors(member_id):
            if predecessor.id in seen or spell.end is None:
                continue
            passed, further = self._held(predecessor.id, registry, own, seen | {predecessor.id})
            passed = _both(passed, _pieces((Period(spell.end),), year))
            if passed:
                held = _either(held, passed)
                sources.extend((predecessor.id, *further))
        return held, tuple(sources)

    def _charges(self, registry: Registry) -> tuple[_Charge, ...]:
        year = Year(self.year)
        candidates: set[str] = set()
        for sub in self.subscriptions:
            if sub.member_id not in registry:
                raise RuleError(
                    f"plus package {self.code}: subscriber {sub.member_id} is not in the registry"
                )
            candidates.add(sub.member_id)
            candidates.update(registry.successors(sub.member_id))
        own = {sub.member_id: sub.period for sub in self.subscriptions}
        den = self.proration.denominator(self.year)
        charges = []
        for member_id in sorted(candidates):
            held, sources = self._held(member_id, registry, own, frozenset({member_id}))
            member_days = _pieces((s.period for s in registry.member(member_id).spells), year)
            both = _either(_both(held, member_days), ())
            units = min(sum(self.proration.numerator(a, b, self.year) for a, b in both), den)
            if units > 0:
                charges.append(_Charge(member_id, units, sources, both))
        return tuple(charges)

    def not_charged(self, registry: Registry) -> tuple[str, ...]:
        """Subscribers that are not charged: not a member on any day they subscribed in the year.

        A subscriber whose subscription passed to a successor in a merger before the
        year is not charged either; its successor is.
        """
        charged = {c.member_id for c in self._charges(registry)}
        return tuple(s.member_id for s in self.subscriptions if s.member_id not in charged)

    def _base(
        self, member_id: str, registry: Registry, schedule_amounts: Mapping[str, Decimal] | None
    ) -> Decimal:
        if self.sharing is Sharing.EQUALLY:
            return Decimal(1)
        if schedule_amounts is not None:
            return schedule_amounts.get(member_id, Decimal("0.00"))
        basis_year = self.year - self.basis_year_offset
        wage_sum = registry.member(member_id).wage_sum(basis_year)
        if wage_sum is None:
            raise RuleError(
                f"plus package {self.code}: member {member_id} has no wage sum for {basis_year}"
            )
        return wage_sum

    # -- the shares -----------------------------------------------------------------------------

    def assessments(self, registry: Registry) -> tuple[PlusAssessment, ...]:
        """Every member charged, in member-id order, with how its plus dues came about.

        Raises:
            RuleError: for a subscriber that is not in the registry, a member charged
                without the wage sum it needs, a cost but nobody to charge, or
                members charged whose weights are all zero.
        """
        with decimal.localcontext(_CTX):
            return self._assessments(registry)

    def _assessments(self, registry: Registry) -> tuple[PlusAssessment, ...]:
        year = Year(self.year)
        charges = self._charges(registry)
        if not charges:
            if self.cost != 0:
                raise RuleError(
                    f"plus package {self.code}: a cost of {self.cost} but no subscribers"
                    f" that are members in {self.year}"
                )
            return ()
        schedule_amounts = None
        if self.sharing is Sharing.BY_SCHEDULE and self.schedule is not None:
            schedule_amounts = self.schedule.roll(registry).amounts()
        bases = [self._base(c.member_id, registry, schedule_amounts) for c in charges]
        weights = [base * c.units for base, c in zip(bases, charges, strict=True)]
        total_weight = sum(weights, Decimal(0))
        if total_weight == 0 and self.cost != 0:
            raise RuleError(
                f"plus package {self.code}: every subscriber's weight is zero, the cost cannot be shared"
            )
        parts = allocate(self.cost, weights, policy=self.rounding)
        basis_year = (
            self.year - self.basis_year_offset if self.sharing is Sharing.BY_WAGE_SUM else None
        )
        out = []
        for charge, base, weight, part in zip(charges, bases, weights, parts, strict=True):
            exact = (
                Fraction(self.cost) * Fraction(weight) / Fraction(total_weight)
                if total_weight
                else Fraction(0)
            )
            out.append(
                PlusAssessment(
                    member_id=charge.member_id,
                    code=self.code,
                    year=self.year,
                    cost=self.cost,
                    sharing=self.sharing,
                    basis_year=basis_year,
                    base=base,
                    units=charge.units,
                    units_in_year=self.proration.denominator(self.year),
                    unit=self.proration.kind,
                    weight=weight,
                    total_weight=total_weight,
                    charged=len(charges),
                    share=self.rounding.round(exact),
                    amount=part,
                    taken_over_from=charge.taken_over_from,
                    periods=tuple(
                        Period(year.start.add(days=a), year.start.add(days=b))
                        for a, b in charge.pieces
                    ),
                )
            )
        return tuple(out)

    def assess(self, registry: Registry, member_id: str) -> PlusAssessment:
        """One member's plus dues with their explanation.

        Raises:
            RuleError: when the member is not charged for this package (see :meth:`not_charged`).
        """
        for assessment in self.assessments(registry):
            if assessment.member_id == member_id:
                return assessment
        raise RuleError(
            f"plus package {self.code}: member {member_id} is not charged in {self.year}"
            " (not a member and subscriber on any day of the year)"
        )

    def weights(self, registry: Registry) -> dict[str, Fraction]:
        """Each member charged: its base weight times the part of the year it was member and subscriber."""
        return {
            a.member_id: Fraction(a.base) * Fraction(a.units, a.units_in_year)
            for a in self.assessments(registry)
        }

    def plus_dues(self, registry: Registry) -> dict[str, Decimal]:
        """Each member charged and its plus dues; they add up to :attr:`cost` exactly.

        Raises:
            RuleError: as :meth:`assessments`.
        """
        return {a.member_id: a.amount for a in self.assessments(registry)}

    def total(self, registry: Registry) -> Decimal:
        """The plus dues added up (equal to the cost whenever someone is charged)."""
        return sum(self.plus_dues(registry).values(), Decimal("0.00"))
