"""Plus packages (pluspakketten): extra services a group of members pays for, cost-covering.

A :class:`PlusPackage` has a cost to cover for the year and a way to share it over
its subscribers: by wage sum, equally, or by the package's own dues schedule. The
plus dues of all subscribers add up to the cost **exactly**, to the cent: the
shares are weights for :func:`wmd.money.allocate`. A member that subscribes during
the year has its weight multiplied by the part of the year it subscribed, by the
same :class:`~wmd.finance.proration.Proration` rules as the dues.

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
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from wmd.errors import InvalidInputError, RuleError, to_enum
from wmd.finance.dues import DuesSchedule
from wmd.finance.proration import Proration
from wmd.members.member import Membership
from wmd.members.registry import Registry
from wmd.money import CENTS, RoundingPolicy, allocate, amount
from wmd.periods import Date, Year, to_date

__all__ = ["PlusPackage", "Sharing", "Subscription"]


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
    """A member's subscription to a plus package, ``[start, end)``."""

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

    def as_spell(self) -> Membership:
        """The subscription as a spell, so the dues proration rules apply to it."""
        if self.end is None:
            return Membership(self.start)
        return Membership(self.start, self.end, "cancellation")


def _cost(value: object) -> Decimal:
    return amount(value, field="cost")


def _subscriptions(value: Iterable[Subscription]) -> tuple[Subscription, ...]:
    return tuple(value)


@attrs.frozen
class PlusPackage:
    """A plus package for one year.

    Attributes:
        code: short code (``"AMW"``, ``"SRW"``).
        name: the package's name.
        year: the year the cost is for.
        cost: the cost to cover, shared exactly over the subscribers.
        sharing: how the cost is shared.
        subscriptions: who subscribed, when.
        proration: how subscribing mid-year reduces a member's share (default: by months).
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

    def weights(self, registry: Registry) -> dict[str, Fraction]:
        """Each subscriber's weight: its base weight times the part of the year subscribed.

        Raises:
            RuleError: for a subscriber that is not in the registry or has no wage sum.
        """
        year = Year(self.year)
        weights: dict[str, Fraction] = {}
        schedule_amounts = None
        if self.sharing is Sharing.BY_SCHEDULE and self.schedule is not None:
            schedule_amounts = self.schedule.roll(registry).amounts()
        for sub in self.subscriptions:
            if sub.member_id not in registry:
                raise RuleError(
                    f"plus package {self.code}: subscriber {sub.member_id} is not in the registry"
                )
            part = self.proration.fraction((sub.as_spell(),), year)
            weights[sub.member_id] = (
                self._base_weight(sub.member_id, registry, schedule_amounts) * part
            )
        return weights

    def _base_weight(
        self, member_id: str, registry: Registry, schedule_amounts: Mapping[str, Decimal] | None
    ) -> Fraction:
        if self.sharing is Sharing.EQUALLY:
            return Fraction(1)
        if schedule_amounts is not None:
            return Fraction(schedule_amounts.get(member_id, Decimal(0)))
        wage_sum = registry.member(member_id).wage_sum(self.year - self.basis_year_offset)
        if wage_sum is None:
            raise RuleError(
                f"plus package {self.code}: member {member_id} has no wage sum for {self.year - self.basis_year_offset}"
            )
        return Fraction(wage_sum)

    def plus_dues(self, registry: Registry) -> dict[str, Decimal]:
        """Each subscriber's plus dues; they add up to :attr:`cost` exactly.

        Raises:
            RuleError: when there are subscribers but all weights are zero and the cost is not.
        """
        weights = self.weights(registry)
        if not weights:
            if self.cost != 0:
                raise RuleError(
                    f"plus package {self.code}: a cost of {self.cost} but no subscribers"
                )
            return {}
        total_weight = sum(weights.values(), Fraction(0))
        if total_weight == 0 and self.cost != 0:
            raise RuleError(
                f"plus package {self.code}: every subscriber's weight is zero, the cost cannot be shared"
            )
        # allocate() needs Decimal-exact weights; bring the fractions to one denominator first
        common = math.lcm(*(w.denominator for w in weights.values()))
        integer_weights = [int(w * common) for w in weights.values()]
        parts = allocate(self.cost, integer_weights, policy=self.rounding)
        return dict(zip(weights, parts, strict=True))

    def total(self, registry: Registry) -> Decimal:
        """The plus dues added up (equal to the cost whenever there is a subscriber)."""
        return sum(self.plus_dues(registry).values(), Decimal("0.00"))
