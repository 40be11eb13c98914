"""The registry (ledenbestand): all members with their history.

A :class:`Registry` is immutable. It checks on construction that member ids are
unique, that every sector code is known, that no KvK number belongs to two
members at the same time, and that every merger successor exists.

Counting follows the half-open spells: a member whose spell ends on
``2013-01-01`` is counted on ``2012-12-31``. For a period ``[start, end)``,
the *opening* count is the count on the day before ``start`` and the *closing*
count the count on the last day, ``end - 1 day``; then

    opening + joined - left = closing

where *joined* and *left* are the spells that start or end in ``[start, end)``.

>>> import pendulum
>>> from wmd.members import Member, Membership, Registry, EndReason
>>> reg = Registry((
...     Member("A", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2000, 1, 1)),)),
...     Member("B", "Stichting B", sectors=("MD",), spells=(
...         Membership(pendulum.date(2005, 1, 1), pendulum.date(2012, 7, 1), EndReason.MERGER, "A"),)),
...     Member("C", "Stichting C", sectors=("PSZ",), spells=(Membership(pendulum.date(2012, 3, 1)),)),
... ))
>>> reg.count_on(pendulum.date(2011, 12, 31)), reg.count_on(pendulum.date(2012, 12, 31))
(2, 2)
>>> from wmd.periods import Year
>>> rec = reg.reconcile(Year(2012).period)
>>> rec.opening, len(rec.joined), len(rec.left), rec.closing, rec.holds
(2, 1, 1, 2, True)
"""

from __future__ import annotations

import enum
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TextIO

import attrs

from wmd.errors import InconsistentDataError, InvalidInputError
from wmd.findings import Finding, read_printed
from wmd.members.member import EndReason, Member, Membership
from wmd.members.sector import PUBLISHED_SECTORS, Sector
from wmd.periods import Date, Period, Year

__all__ = ["Changes", "EventKind", "MembershipEvent", "Reconciliation", "Registry"]


class EventKind(enum.StrEnum):
    """What happened to a membership."""

    JOINED = "joined"
    CANCELLED = "cancelled"
    TERMINATED = "terminated"
    MERGED = "merged"


_LEAVE_KIND = {
    EndReason.CANCELLATION: EventKind.CANCELLED,
    EndReason.TERMINATION: EventKind.TERMINATED,
    EndReason.MERGER: EventKind.MERGED,
}


@attrs.frozen
class MembershipEvent:
    """A member joined or left on ``date`` (the first day of the new state)."""

    member_id: str
    date: Date
    kind: EventKind
    successor: str | None = None


@attrs.frozen
class Changes:
    """Joins and departures in a period, in date order."""

    period: Period
    events: tuple[MembershipEvent, ...]

    def of_kind(self, kind: EventKind) -> tuple[MembershipEvent, ...]:
        """Events of one kind."""
        return tuple(e for e in self.events if e.kind is kind)

    @property
    def joined(self) -> tuple[MembershipEvent, ...]:
        """Spells that started in the period."""
        return self.of_kind(EventKind.JOINED)

    @property
    def left(self) -> tuple[MembershipEvent, ...]:
        """Spells that ended in the period, whatever the reason."""
        return tuple(e for e in self.events if e.kind is not EventKind.JOINED)

    @property
    def cancelled(self) -> tuple[MembershipEvent, ...]:
        """Spells ended by the member (opzegging)."""
        return self.of_kind(EventKind.CANCELLED)

    @property
    def terminated(self) -> tuple[MembershipEvent, ...]:
        """Spells ended by the association (beëindiging)."""
        return self.of_kind(EventKind.TERMINATED)

    @property
    def merged(self) -> tuple[MembershipEvent, ...]:
        """Spells ended by a merger into a successor."""
        return self.of_kind(EventKind.MERGED)


@attrs.frozen
class Reconciliation:
    """``opening + joined - left = closing`` for a period, with the members involved."""

    period: Period
    opening: int
    closing: int
    changes: Changes

    @property
    def joined(self) -> tuple[MembershipEvent, ...]:
        """The members that joined."""
        return self.changes.joined

    @property
    def left(self) -> tuple[MembershipEvent, ...]:
        """The members that left."""
        return self.changes.left

    @property
    def holds(self) -> bool:
        """Whether the counts reconcile."""
        return self.opening + len(self.joined) - len(self.left) == self.closing

    def findings(
        self,
        *,
        printed_opening: str | None = None,
        printed_closing: str | None = None,
        printed_net_change: str | None = None,
    ) -> list[Finding]:
        """Compare with figures as printed; every mismatch is a finding.

        ``printed_net_change`` is the printed size of the fall or rise (``"67"``
        for "fell by 67"), compared with ``|closing - opening|``.
        """
        found: list[Finding] = []
        if not self.holds:
            found.append(
                Finding(
                    "reconciliation",
                    "",
                    Decimal(self.closing),
                    None,
                    "opening {opening} + joined {joined} - left {left} != closing {closing}",
                    (
                        ("opening", self.opening),
                        ("joined", len(self.joined)),
                        ("left", len(self.left)),
                        ("closing", self.closing),
                    ),
                )
            )
        checks = (
            ("members at start", printed_opening, self.opening),
            ("members at end", printed_closing, self.closing),
            ("change in members", printed_net_change, abs(self.closing - self.opening)),
        )
        for what, printed, computed in checks:
            if printed is None:
                continue
            value, problem = read_printed(what, printed, dash_is_zero=False)
            if problem is not None:
                found.append(problem)
            elif value is not None and value != computed:
                ids = ", ".join(e.member_id for e in self.changes.events[:20])
                note = "printed figure differs from the registry (members involved: {members})"
                if not ids:
                    note = "printed figure differs from the registry (no members involved)"
                found.append(
                    Finding(
                        what,
                        printed,
                        Decimal(computed),
                        value - computed,
                        note,
                        (("members", ids),) if ids else (),
                    )
                )
        return found


def _sectors(value: Iterable[Sector]) -> tuple[Sector, ...]:
    return tuple(value)


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    return tuple(value)


@attrs.frozen
class Registry:
    """All members with their history; immutable.

    Attributes:
        members: the members, in the order given.
        sectors: the sector catalog members may refer to (default: the six published).
    """

    members: tuple[Member, ...] = attrs.field(converter=_members)
    sectors: tuple[Sector, ...] = attrs.field(default=PUBLISHED_SECTORS, converter=_sectors)
    _by_id: dict[str, Member] = attrs.field(init=False, repr=False, eq=False)
    _merged_into: dict[str, tuple[tuple[Member, Membership], ...]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Member] = {}
        for member in self.members:
            if not isinstance(member, Member):
                raise InvalidInputError(
                    "members", given=member, expected="Member objects", where="registry"
                )
            if member.id in by_id:
                raise InconsistentDataError(f"registry: member id {member.id!r} occurs twice")
            by_id[member.id] = member
        object.__setattr__(self, "_by_id", by_id)
        merged: dict[str, list[tuple[Member, Membership]]] = defaultdict(list)
        for member in self.members:
            for spell in member.spells:
                if spell.successor is not None:
                    merged[spell.successor].append((member, spell))
        object.__setattr__(self, "_merged_into", {k: tuple(v) for k, v in merged.items()})
        self._check_sectors()
        self._check_successors()
        self._check_kvk()

    def _check_sectors(self) -> None:
        codes = {s.code for s in self.sectors}
        if len(codes) != len(self.sectors):
            raise InvalidInputError(
                "sectors", given=[s.code for s in self.sectors], expected="unique codes"
            )
        for member in self.members:
            for code in member.sectors:
                if code not in codes:
                    raise InvalidInputError(
                        "sectors",
                        given=code,
                        expected=f"a known sector code {sorted(codes)}",
                        where=f"member {member.id}",
                    )

    def _check_successors(self) -> None:
        for member in self.members:
            for spell in member.spells:
                if spell.successor is None:
                    continue
                if spell.successor == member.id:
                    raise InconsistentDataError(
                        f"member {member.id}: successor: a member cannot merge into itself"
                    )
                if spell.successor not in self._by_id:
                    raise InconsistentDataError(
                        f"member {member.id}: successor: merger into {spell.successor!r}, which is not in the registry"
                    )

    def _check_kvk(self) -> None:
        holders: dict[str, list[Member]] = defaultdict(list)
        for member in self.members:
            if member.kvk is not None:
                holders[member.kvk].append(member)
        for number, members in holders.items():
            for i, first in enumerate(members):
                for second in members[i + 1 :]:
                    if any(
                        a.period.overlaps(b.period) for a in first.spells for b in second.spells
                    ):
                        raise InconsistentDataError(
                            f"KvK number {number} is held by members {first.id} and {second.id} at the same time"
                        )

    def __len__(self) -> int:
        return len(self.members)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._by_id

    def member(self, member_id: str) -> Member:
        """The member with this id.

        Raises:
            InvalidInputError: for an unknown id.
        """
        try:
            return self._by_id[member_id]
        except (KeyError, TypeError):
            raise InvalidInputError(
                "member_id", given=member_id, expected="the id of a member in the registry"
            ) from None

    def members_on(self, day: Date) -> tuple[Member, ...]:
        """The members on ``day`` (spell ``start <= day < end``)."""
        return tuple(m for m in self.members if m.is_member_on(day))

    def count_on(self, day: Date) -> int:
        """The number of members on ``day``."""
        return sum(1 for m in self.members if m.is_member_on(day))

    def members_at_end_of(self, year: int | Year) -> tuple[Member, ...]:
        """The members on 31 December of ``year`` (how the annual report counts)."""
        y = year if isinstance(year, Year) else Year(year)
        return self.members_on(y.last_day)

    def changes(self, period: Period) -> Changes:
        """Every join and departure with its date in ``period`` (half-open)."""
        if period.end is None:
            raise InvalidInputError(
                "period", given=str(period), expected="a closed period", where="changes"
            )
        events: list[MembershipEvent] = []
        for member in self.members:
            for spell in member.spells:
                if spell.start in period:
                    events.append(MembershipEvent(member.id, spell.start, EventKind.JOINED))
                if spell.end is not None and spell.end in period and spell.end_reason is not None:
                    kind = _LEAVE_KIND[spell.end_reason]
                    events.append(MembershipEvent(member.id, spell.end, kind, spell.successor))
        events.sort(key=lambda e: (e.date, e.member_id, e.kind))
        return Changes(period, tuple(events))

    def reconcile(self, period: Period) -> Reconciliation:
        """Count at the start, joins, departures and count at the end of ``period``."""
        changes = self.changes(period)
        assert period.end is not None  # noqa: S101 - changes() raised otherwise
        opening = self.count_on(period.start.subtract(days=1))
        closing = self.count_on(period.end.subtract(days=1))
        return Reconciliation(period, opening, closing, changes)

    def predecessors(self, member_id: str) -> tuple[tuple[Member, Membership], ...]:
        """The members that merged into this member, each with the spell the merger ended."""
        self.member(member_id)
        return self._merged_into.get(member_id, ())

    def successors(self, member_id: str) -> Sequence[str]:
        """The chain of merger successors of a member, nearest first."""
        chain: list[str] = []
        current = self.member(member_id)
        seen = {current.id}
        while True:
            merged = [s for s in current.spells if s.successor is not None]
            if not merged:
                return chain
            successor = merged[-1].successor
            assert successor is not None  # noqa: S101 - filtered above
            if successor in seen:
                raise InconsistentDataError(
                    f"member {member_id}: merger successors form a cycle at {successor}"
                )
            seen.add(successor)
            chain.append(successor)
            current = self.member(successor)

    def spell_of(self, member_id: str, day: Date) -> Membership | None:
        """The spell of a member on a day, or ``None``."""
        return self.member(member_id).spell_on(day)

    @classmethod
    def from_csv(cls, source: str | os.PathLike[str] | TextIO) -> Registry:
        """Read a registry from CSV; see :func:`wmd.members.io.read_csv` (and its lenient mode).

        Raises:
            BadFileError: listing every bad row; nothing is loaded.
        """
        from wmd.members.io import read_csv  # noqa: PLC0415 - io imports this module

        return read_csv(source)

    def to_csv(self, target: str | os.PathLike[str] | TextIO) -> None:
        """Write the registry as CSV; see :func:`wmd.members.io.write_csv` for the columns."""
        from wmd.members.io import write_csv  # noqa: PLC0415 - io imports this module

        write_csv(self, target)

    @classmethod
    def from_json(cls, text: str | bytes) -> Registry:
        """Read a registry from JSON text; see :func:`wmd.members.io.from_json`.

        Raises:
            StructureError: listing every bad path.
        """
        from wmd.members.io import from_json  # noqa: PLC0415 - io imports this module

        return from_json(text)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The registry as JSON text; see :func:`wmd.members.io.to_json`.

        >>> Registry(()).to_json(indent=None).startswith('{"members": []')
        True
        """
        from wmd.members.io import to_json  # noqa: PLC0415 - io imports this module

        return to_json(self, indent=indent)
