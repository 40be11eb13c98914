"""Voting rules of the general meeting: one member one vote, or votes weighted by dues.

Under Dutch association law each member has one vote unless the articles say
otherwise (BW art. 2:38): that is :meth:`VotingRule.one_member_one_vote`. Branch
associations often weight votes by dues in bands: dues from a lower edge (included)
up to the next edge (excluded) carry a number of votes, for example 1, 5, 10 or 25,
and the articles may cap the votes of one member. That is :meth:`VotingRule.by_dues`.

The dues come from anything with an ``amounts()`` method returning member id →
amount due (the :class:`DuesAmounts` protocol; :class:`wmd.finance.DuesRoll`
satisfies it) or from a plain mapping of member id → ``Decimal``.

Votes never decrease when dues grow: the bands must carry non-decreasing votes,
and the cap is applied last.

>>> from wmd.governance import VotingRule
>>> dues = {"A": Decimal("800"), "B": Decimal("6000"), "C": Decimal("90000")}
>>> rule = VotingRule.by_dues(dues, [(0, 1), (5000, 5), (20000, 10), (50000, 25)], cap=20)
>>> rule.weight("A"), rule.weight("B"), rule.weight("C")  # C: 25 votes, capped at 20
(1, 5, 20)
>>> VotingRule.one_member_one_vote().weight("C")
1
>>> rule.weight("Z")
Traceback (most recent call last):
...
wmd.errors.RuleError: voting rule by dues: member 'Z' has no dues, so its votes cannot be weighted
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Protocol, runtime_checkable

import attrs

from wmd.errors import InvalidInputError, RuleError
from wmd.money import amount

__all__ = ["DuesAmounts", "DuesSource", "VoteBand", "VotingRule"]


@runtime_checkable
class DuesAmounts(Protocol):
    """Anything that can say what each member owes: member id → amount due in euros.

    :class:`wmd.finance.DuesRoll` satisfies this protocol.
    """

    def amounts(self) -> Mapping[str, Decimal]:
        """Member id → amount due."""
        ...  # pragma: no cover - protocol


DuesSource = DuesAmounts | Mapping[str, Decimal]
"""Dues to weight votes by: a :class:`DuesAmounts` (such as a dues roll) or a mapping."""


def _lower(value: object) -> Decimal:
    return amount(value, field="lower", where="vote band", notation="plain")


@attrs.frozen
class VoteBand:
    """Dues from ``lower`` (included) up to the next band's lower edge carry ``votes`` votes.

    >>> VoteBand(Decimal("5000"), 5).votes
    5
    >>> VoteBand(0, 0)
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: vote band from 0: votes: expected a whole number >= 1, got 0
    """

    lower: Decimal = attrs.field(converter=_lower)
    votes: int = attrs.field()

    def __attrs_post_init__(self) -> None:
        where = f"vote band from {self.lower}"
        if self.lower < 0:
            raise InvalidInputError(
                "lower", given=self.lower, expected="an amount >= 0", where=where
            )
        if isinstance(self.votes, bool) or not isinstance(self.votes, int) or self.votes < 1:
            raise InvalidInputError(
                "votes", given=self.votes, expected="a whole number >= 1", where=where
            )


def _bands(value: Iterable[VoteBand | tuple[object, int]]) -> tuple[VoteBand, ...]:
    bands: list[VoteBand] = []
    for band in value:
        if isinstance(band, VoteBand):
            bands.append(band)
        elif isinstance(band, tuple) and len(band) == 2:
            bands.append(VoteBand(band[0], band[1]))
        else:
            raise InvalidInputError(
                "bands",
                given=band,
                expected="a VoteBand or a (lower, votes) pair",
                where="voting rule",
            )
    return tuple(bands)


def _dues(value: DuesSource | Iterable[tuple[str, Decimal]]) -> tuple[tuple[str, Decimal], ...]:
    if isinstance(value, DuesAmounts):
        items: Iterable[tuple[str, Decimal]] = value.amounts().items()
    elif isinstance(value, Mapping):
        items = value.items()
    else:
        items = value
    out: list[tuple[str, Decimal]] = []
    for item in items:
        if not isinstance(item, tuple) or len(item) != 2:
            raise InvalidInputError(
                "dues", given=item, expected="member id and dues pairs", where="voting rule"
            )
        member_id, due = item
        if not isinstance(member_id, str):
            raise InvalidInputError(
                "dues", given=member_id, expected="member ids as text", where="voting rule"
            )
        value_ = amount(due, field="dues", where=f"member {member_id}", notation="plain")
        if value_ < 0:
            raise InvalidInputError(
                "dues", given=value_, expected="an amount >= 0", where=f"member {member_id}"
            )
        out.append((member_id, value_))
    return tuple(sorted(out))


@attrs.frozen
class VotingRule:
    """How many votes each member casts in the general meeting.

    Build it with :meth:`one_member_one_vote` or :meth:`by_dues`.

    Attributes:
        bands: the vote bands, lowest first; empty means one member one vote.
        cap: the most votes one member may cast, or ``None``.
        dues: member id → dues, as sorted pairs (only used with bands).

    Raises:
        InvalidInputError: when the first band does not start at 0, the edges do not
            rise, the votes fall from one band to the next, or the cap is below 1.
    """

    bands: tuple[VoteBand, ...] = attrs.field(default=(), converter=_bands)
    cap: int | None = None
    dues: tuple[tuple[str, Decimal], ...] = attrs.field(default=(), converter=_dues)
    _by_id: dict[str, Decimal] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        where = "voting rule"
        if self.bands and self.bands[0].lower != 0:
            raise InvalidInputError(
                "bands", given=self.bands[0].lower, expected="a first band from 0", where=where
            )
        for low, high in zip(self.bands, self.bands[1:], strict=False):
            if high.lower <= low.lower:
                raise InvalidInputError(
                    "bands", given=high.lower, expected=f"an edge above {low.lower}", where=where
                )
            if high.votes < low.votes:
                raise InvalidInputError(
                    "bands",
                    given=high.votes,
                    expected=f"at least {low.votes} votes: votes may not fall as dues grow",
                    where=where,
                )
        if self.cap is not None and (
            isinstance(self.cap, bool) or not isinstance(self.cap, int) or self.cap < 1
        ):
            raise InvalidInputError(
                "cap", given=self.cap, expected="a whole number >= 1, or None", where=where
            )
        by_id = dict(self.dues)
        if len(by_id) != len(self.dues):
            raise InvalidInputError(
                "dues", given=[m for m, _ in self.dues], expected="each member once", where=where
            )
        object.__setattr__(self, "_by_id", by_id)

    @classmethod
    def one_member_one_vote(cls) -> VotingRule:
        """Each member present or represented casts one vote (BW 2:38).

        >>> VotingRule.one_member_one_vote().weighted
        False
        """
        return cls()

    @classmethod
    def by_dues(
        cls,
        dues: DuesSource,
        bands: Iterable[VoteBand | tuple[object, int]],
        *,
        cap: int | None = None,
    ) -> VotingRule:
        """Votes weighted by each member's dues, in bands, with an optional cap per member.

        Args:
            dues: a :class:`DuesAmounts` (a ``DuesRoll``) or a mapping member id → dues.
            bands: ``VoteBand`` objects or ``(lower edge, votes)`` pairs, lowest first,
                the first from 0.
            cap: the most votes one member may cast.

        >>> VotingRule.by_dues({"A": Decimal("100")}, [(0, 1), (50, 2)]).weight("A")
        2
        """
        return cls(bands, cap, dues)

    @property
    def weighted(self) -> bool:
        """Whether votes are weighted by dues."""
        return bool(self.bands)

    def votes_for_dues(self, dues: Decimal) -> int:
        """The votes that dues of this amount carry under the bands and the cap.

        >>> r = VotingRule.by_dues({}, [(0, 1), (5000, 5), (20000, 10), (50000, 25)], cap=20)
        >>> [r.votes_for_dues(Decimal(d)) for d in ("4999.99", "5000", "49999", "50000")]
        [1, 5, 10, 20]
        """
        if not self.bands:
            return 1
        if dues < 0:
            raise InvalidInputError(
                "dues", given=dues, expected="an amount >= 0", where="voting rule"
            )
        votes = max(b.votes for b in self.bands if b.lower <= dues)
        return votes if self.cap is None else min(votes, self.cap)

    def weight(self, member_id: str) -> int:
        """The votes one member casts.

        Raises:
            RuleError: when votes are weighted and the member has no dues.
        """
        if not self.bands:
            return 1
        if member_id not in self._by_id:
            raise RuleError(
                f"voting rule by dues: member {member_id!r} has no dues, "
                "so its votes cannot be weighted"
            )
        return self.votes_for_dues(self._by_id[member_id])
