"""The registry (ledenbestand): all members with their history.

A :class:`Registry` is immutable. It checks on construction that member ids are
unique, that every sector code is known, that no KvK number belongs to two
members at the same time, and that every merger successor exists and is a member
on the merger date (:meth:`Registry.problems` lists every such problem).

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
import operator
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

import attrs

from wmd._lazy import lazy_module
from wmd.errors import (
    FieldProblem,
    InconsistentDataError,
    InvalidInputError,
    RuleError,
    raise_problems,
)
from wmd.findings import Finding, read_printed
from wmd.members.columns import OPEN, REASONS, RegistryColumns
from wmd.members.lifecycle import BW_2_35_EXPULSION, BW_2_36, NoticeRule
from wmd.members.member import EndReason, Member, Membership
from wmd.members.sector import PUBLISHED_SECTORS, Sector, unknown_sectors
from wmd.periods import Date, Period, Year, to_date

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
else:
    np = lazy_module("numpy")

__all__ = [
    "Changes",
    "EventKind",
    "Explanation",
    "MembershipEvent",
    "Reconciliation",
    "Registry",
]


class EventKind(enum.StrEnum):
    """What happened to a membership."""

    JOINED = "joined"
    CANCELLED = "cancelled"
    TERMINATED = "terminated"
    MERGED = "merged"
    EXPELLED = "expelled"


_LEAVE_KIND = {
    EndReason.CANCELLATION: EventKind.CANCELLED,
    EndReason.TERMINATION: EventKind.TERMINATED,
    EndReason.MERGER: EventKind.MERGED,
    EndReason.EXPULSION: EventKind.EXPELLED,
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

    @property
    def expelled(self) -> tuple[MembershipEvent, ...]:
        """Spells ended at once by the association (ontzetting)."""
        return self.of_kind(EventKind.EXPELLED)


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
                found.append(self._difference(what, printed, value, computed))
        return found

    def explain(self, difference: Decimal | int) -> Explanation | None:
        """The kinds of change whose count equals ``difference`` (its size), with their events.

        A printed count that leaves out one kind of change (the mergers, the members
        that left on 1 January) differs from the registry by exactly the number of
        those events. The explanation is the fewest kinds (one, else two) whose
        events together number ``|difference|``; among equally few, the first in
        the order joined, cancelled, terminated, merged, expelled. ``None`` when no
        kind or pair of kinds adds up to it.

        >>> import pendulum
        >>> from wmd.members import Member, Membership
        >>> reg = Registry((
        ...     Member("A", "A", sectors=("LW",), spells=(Membership(pendulum.date(2000, 1, 1)),)),
        ...     Member("B", "B", sectors=("LW",), spells=(Membership(pendulum.date(2000, 1, 1), pendulum.date(2012, 7, 1), EndReason.MERGER, "A"),)),
        ...     Member("C", "C", sectors=("LW",), spells=(Membership(pendulum.date(2000, 1, 1), pendulum.date(2012, 3, 1), EndReason.CANCELLATION),)),
        ... ))
        >>> rec = reg.reconcile(Year(2012).period)
        >>> explanation = rec.explain(-1)   # 3 - 1 = 2 left; a printed "fell by 1" misses one
        >>> explanation.kinds, [e.member_id for e in explanation.events]
        ((<EventKind.CANCELLED: 'cancelled'>,), ['C'])
        >>> rec.explain(5) is None
        True
        """
        size = abs(int(difference))
        if size == 0:
            return None
        counts = {kind: self.changes.of_kind(kind) for kind in EventKind}
        present = [kind for kind in EventKind if counts[kind]]
        for kind in present:
            if len(counts[kind]) == size:
                return Explanation((kind,), counts[kind])
        for i, first in enumerate(present):
            for second in present[i + 1 :]:
                if len(counts[first]) + len(counts[second]) == size:
                    events = tuple(
                        sorted(
                            counts[first] + counts[second],
                            key=lambda e: (e.date, e.member_id, e.kind),
                        )
                    )
                    return Explanation((first, second), events)
        return None

    def _difference(self, what: str, printed: str, value: Decimal, computed: int) -> Finding:
        difference = value - computed
        explanation = self.explain(difference)
        if explanation is None:
            ids = ", ".join(e.member_id for e in self.changes.events)
            if not ids:
                note = "printed figure differs from the registry (no members involved)"
                return Finding(what, printed, Decimal(computed), difference, note)
            note = "printed figure differs from the registry (members involved: {members})"
            return Finding(what, printed, Decimal(computed), difference, note, (("members", ids),))
        members = ", ".join(e.member_id for e in explanation.events)
        args: list[tuple[str, object]] = []
        for number, kind in enumerate(explanation.kinds):
            prefix = "other_" if number else ""
            args += [
                (f"{prefix}count", len(self.changes.of_kind(kind))),
                (f"{prefix}kind", kind.value),
            ]
        note = (
            "the difference is the {count} members {kind} in the period: {members}"
            if len(explanation.kinds) == 1
            else "the difference is the {count} members {kind} and the {other_count} "
            "{other_kind} in the period: {members}"
        )
        return Finding(
            what, printed, Decimal(computed), difference, note, (*args, ("members", members))
        )


@attrs.frozen
class Explanation:
    """The kinds of change, and their events, whose count equals a printed difference."""

    kinds: tuple[EventKind, ...]
    events: tuple[MembershipEvent, ...]

    @property
    def member_ids(self) -> tuple[str, ...]:
        """The members of the events, in date order."""
        return tuple(e.member_id for e in self.events)


def _sectors(value: Iterable[Sector]) -> tuple[Sector, ...]:
    return tuple(value)


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    return tuple(value)


def _kvk_problems(members: Sequence[Member]) -> list[FieldProblem]:
    """A KvK number held by two members at the same time, reported on the later member."""
    found = []
    holders: dict[str, list[Member]] = defaultdict(list)
    for index, member in enumerate(members):
        if member.kvk is None:
            continue
        clash = [
            other.id
            for other in holders[member.kvk]
            if any(a.period.overlaps(b.period) for a in member.spells for b in other.spells)
        ]
        if clash:
            expected = (
                f"a KvK number held by one member at a time (also held by {', '.join(clash)})"
            )
            found.append(
                FieldProblem(
                    "kvk",
                    member.kvk,
                    expected,
                    f"member {member.id}",
                    inconsistent=True,
                    at=(index,),
                )
            )
        else:
            holders[member.kvk].append(member)
    return found


_KIND_RANK = {kind: rank for rank, kind in enumerate(sorted(EventKind))}
"""Each kind's place when events of one member on one day are sorted (by its value)."""


def _leave_ranks() -> npt.NDArray[np.int64]:
    """Per end reason (its index in :data:`~wmd.members.columns.REASONS`), its event kind's rank."""
    return np.array([_KIND_RANK[_LEAVE_KIND[reason]] for reason in REASONS], dtype=np.int64)


def _ids_at(cols: RegistryColumns, rows: npt.NDArray[np.int64]) -> tuple[str, ...]:
    """The ids of the members in ``rows`` (of :attr:`Registry.columns`), in that order.

    Picked by :func:`operator.itemgetter` (no Python statement per member, no object array).
    """
    picked = rows.tolist()
    if len(picked) < 2:  # itemgetter of one row gives the id itself, not a tuple
        return tuple(cols.ids[k] for k in picked)
    found: tuple[str, ...] = operator.itemgetter(*picked)(cols.ids)
    return found


def _ordinal(day: object) -> int | None:
    """The ordinal of a day, or ``None`` for what is not a date (a day no spell includes)."""
    return day.toordinal() if isinstance(day, Date) else None


def _spells_on(cols: RegistryColumns, day: int) -> npt.NDArray[np.bool_]:
    """Per spell, whether it includes the day with ordinal ``day`` (``start <= day < end``)."""
    return (cols.spell_start <= day) & (day < cols.spell_end)


@attrs.frozen
class _Plain:
    """What a registry is written as (JSON, via :mod:`wmd.convert`): its members and sectors."""

    members: tuple[Member, ...]
    sectors: tuple[Sector, ...] = PUBLISHED_SECTORS

    @classmethod
    def of(cls, registry: Registry) -> _Plain:
        return cls(registry.members, registry.sectors)

    def build(self) -> Registry:
        return Registry(self.members, self.sectors)


@attrs.frozen(init=False, eq=False)
class Registry:
    """All members with their history; immutable.

    Attributes:
        sectors: the sector catalog members may refer to (default: the six published).

    The members are in :attr:`members`, and again as columns in :attr:`columns`
    (:class:`~wmd.members.columns.RegistryColumns`), what rolls and projections
    compute on. A registry read from a file holds its columns first and makes each
    :class:`Member` only when it is asked for; one built from members makes its
    columns on the first roll. Either way both say the same.
    """

    __plain__: ClassVar = _Plain

    sectors: tuple[Sector, ...]
    _members: tuple[Member, ...] | None
    _columns: RegistryColumns | None
    _made: dict[int, Member] = attrs.field(repr=False)
    _lazy: dict[str, Any] = attrs.field(repr=False)

    def __init__(
        self, members: Iterable[Member], sectors: Iterable[Sector] = PUBLISHED_SECTORS
    ) -> None:
        members = tuple(members)
        sectors = tuple(sectors)
        for member in members:
            if not isinstance(member, Member):
                raise InvalidInputError(
                    "members", given=member, expected="Member objects", where="registry"
                )
        raise_problems(self.problems(members, sectors))
        self._set(sectors, members, None)

    def _set(
        self,
        sectors: tuple[Sector, ...],
        members: tuple[Member, ...] | None,
        columns: RegistryColumns | None,
    ) -> None:
        object.__setattr__(self, "sectors", sectors)
        object.__setattr__(self, "_members", members)
        object.__setattr__(self, "_columns", columns)
        object.__setattr__(self, "_made", {})
        object.__setattr__(self, "_lazy", {})

    @classmethod
    def from_columns(
        cls, columns: RegistryColumns, sectors: Iterable[Sector] = PUBLISHED_SECTORS
    ) -> Registry:
        """A registry over columns whose every rule a reader has already checked.

        Only for columns made by :mod:`wmd.members.io`-style readers after checking
        every cell and every rule of :meth:`problems`; nothing is checked here.

        >>> import pendulum
        >>> a = Member("A", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2000, 1, 1)),))
        >>> reg = Registry.from_columns(RegistryColumns.from_members((a,)))
        >>> len(reg), reg.member("A") == a
        (1, True)
        """
        registry = object.__new__(cls)
        registry._set(tuple(sectors), None, columns)
        return registry

    @property
    def members(self) -> tuple[Member, ...]:
        """The members, in the order given."""
        if self._members is None:
            made = tuple(self._member_at(k) for k in range(len(self)))
            object.__setattr__(self, "_members", made)
            return made
        return self._members

    @property
    def columns(self) -> RegistryColumns:
        """The members as columns (:mod:`wmd.members.columns`), made once."""
        if self._columns is None:
            object.__setattr__(self, "_columns", RegistryColumns.from_members(self.members))
        assert self._columns is not None  # noqa: S101 - set above
        return self._columns

    def _member_at(self, k: int) -> Member:
        if self._members is not None:
            return self._members[k]
        member = self._made.get(k)
        if member is None:
            member = self._made[k] = self.columns.member(k)
        return member

    def _row(self, member_id: object) -> int | None:
        """The row of a member id (the first, for an id given twice), or ``None``."""
        if "rows" not in self._lazy:
            if self._columns is not None:
                self._lazy["rows"] = self._columns.index()
            else:
                rows: dict[str, int] = {}
                for k, member in enumerate(self.members):
                    rows.setdefault(member.id, k)
                self._lazy["rows"] = rows
        rows_of: dict[str, int] = self._lazy["rows"]
        return rows_of.get(member_id) if isinstance(member_id, str) else None

    @property
    def _merged_into(self) -> dict[str, tuple[tuple[Member, Membership], ...]]:
        if "merged_into" not in self._lazy:
            merged: dict[str, list[tuple[Member, Membership]]] = defaultdict(list)
            columns = self.columns
            offsets = columns.spell_offsets
            for r, successor in enumerate(columns.successors):
                if successor is not None:
                    k = int(columns.spell_member[r])
                    member = self._member_at(k)
                    merged[successor].append((member, member.spells[r - int(offsets[k])]))
            self._lazy["merged_into"] = {k: tuple(v) for k, v in merged.items()}
        found: dict[str, tuple[tuple[Member, Membership], ...]] = self._lazy["merged_into"]
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Registry):
            return NotImplemented
        return self.sectors == other.sectors and self.members == other.members

    def __hash__(self) -> int:
        return hash((self.members, self.sectors))

    @staticmethod
    def problems(
        members: Sequence[Member], sectors: Sequence[Sector] = PUBLISHED_SECTORS
    ) -> list[FieldProblem]:
        """Every rule that members break *together* (empty when they form a registry).

        Each member is valid on its own (its constructor checked that); these are the
        rules across members: ids are unique, every sector code is in the catalog
        (whose codes are unique), a merger successor is another member of the
        registry and a member on the merger date (BW 2:34 lid 2: it carries the
        membership on), and no KvK number is held by two members at the same time.
        A problem's :attr:`~wmd.errors.FieldProblem.at` starts with the index of the
        member in ``members`` (then ``"spells"`` and the spell's index for a merger),
        so a reader can point at the row it came from.

        >>> import pendulum
        >>> a = Member("A", "Stichting A", kvk="41234567", sectors=("LW",), spells=(Membership(pendulum.date(2000, 1, 1)),))
        >>> b = Member("A", "Stichting B", kvk="41234567", sectors=("XX",), spells=(
        ...     Membership(pendulum.date(2005, 1, 1), pendulum.date(2013, 1, 1), EndReason.MERGER, "Z"),))
        >>> for problem in Registry.problems((a, b)):
        ...     print(problem.at, problem)
        (1,) registry: id: expected each member id once, got 'A'
        (1,) member A: sectors: expected a known sector code ['AT', 'KS', 'LW', 'MD', 'MO', 'PSZ'], got 'XX'
        (1, 'spells', 0) member A: successor: expected the id of another member of the registry, got 'Z'
        (1,) member A: kvk: expected a KvK number held by one member at a time (also held by A), got '41234567'
        """
        found: list[FieldProblem] = []
        codes = [s.code for s in sectors]
        if not codes:
            # an empty catalog could hold no member, and a CSV without sector rows means the
            # published catalog: refused, so every registry written reads back the same
            found.append(FieldProblem("sectors", (), "at least one sector", "registry"))
        if len(set(codes)) != len(codes):
            found.append(FieldProblem("sectors", codes, "unique codes", "registry"))
        index_of: dict[str, int] = {}
        for index, member in enumerate(members):
            if member.id in index_of:
                found.append(
                    FieldProblem(
                        "id",
                        member.id,
                        "each member id once",
                        "registry",
                        inconsistent=True,
                        at=(index,),
                    )
                )
            index_of.setdefault(member.id, index)
        for index, member in enumerate(members):
            where = f"member {member.id}"
            found.extend(
                attrs.evolve(problem, at=(index,))
                for problem in unknown_sectors(member.sectors, sectors, where=where)
            )
            for number, spell in enumerate(member.spells):
                successor = spell.successor
                if successor is None:
                    continue
                at = (index, "spells", number)
                if successor == member.id or successor not in index_of:
                    expected = "the id of another member of the registry"
                    found.append(
                        FieldProblem(
                            "successor", successor, expected, where, inconsistent=True, at=at
                        )
                    )
                    continue
                assert spell.end is not None  # noqa: S101 - a merger spell has an end
                if not members[index_of[successor]].is_member_on(spell.end):
                    # BW 2:34 lid 2: the membership passes to the organisation that continues;
                    # one that is no member that day would silently lose it.
                    expected = (
                        f"a successor that is a member on the merger date "
                        f"{spell.end.isoformat()}, to carry the membership of {member.id}"
                    )
                    found.append(
                        FieldProblem(
                            "successor", successor, expected, where, inconsistent=True, at=at
                        )
                    )
        found.extend(_kvk_problems(members))
        return found

    def __len__(self) -> int:
        if self._members is None:
            assert self._columns is not None  # noqa: S101 - one of the two is always there
            return len(self._columns)
        return len(self._members)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def __contains__(self, member_id: object) -> bool:
        return self._row(member_id) is not None

    def member(self, member_id: str) -> Member:
        """The member with this id.

        Raises:
            InvalidInputError: for an unknown id.
        """
        k = self._row(member_id)
        if k is None:
            raise InvalidInputError(
                "member_id", given=member_id, expected="the id of a member in the registry"
            )
        return self._member_at(k)

    def member_rows_on(self, day: Date) -> npt.NDArray[np.int64]:
        """The rows in :attr:`columns` of the members on ``day`` (spell ``start <= day < end``), in order.

        The whole-column form of :meth:`Member.is_member_on`: a member whose spell
        ends on ``2013-01-01`` is a member on ``2012-12-31``, not on ``2013-01-01``.
        A ``day`` that is not a date has no members.

        >>> import pendulum
        >>> reg = Registry((
        ...     Member("A", "A", sectors=("LW",), spells=(Membership(pendulum.date(2012, 3, 1)),)),
        ...     Member("B", "B", sectors=("LW",), spells=(
        ...         Membership(pendulum.date(2001, 1, 1), pendulum.date(2013, 1, 1), EndReason.CANCELLATION),)),
        ... ))
        >>> reg.member_rows_on(pendulum.date(2012, 12, 31)).tolist(), reg.member_rows_on(pendulum.date(2013, 1, 1)).tolist()
        ([0, 1], [0])
        """
        cols = self.columns
        ordinal = _ordinal(day)
        if ordinal is None:
            return np.zeros(0, dtype=np.int64)
        on = _spells_on(cols, ordinal)
        member = np.zeros(len(cols), dtype=bool)
        member[cols.spell_member[on]] = True
        return np.flatnonzero(member).astype(np.int64, copy=False)

    def members_on(self, day: Date) -> tuple[Member, ...]:
        """The members on ``day`` (spell ``start <= day < end``), in registry order."""
        return tuple(self._member_at(k) for k in self.member_rows_on(day).tolist())

    def count_on(self, day: Date) -> int:
        """The number of members on ``day`` (spell ``start <= day < end``).

        Counted over the spell columns: a member's spells never overlap, so the
        spells that include ``day`` are as many as the members on it.
        """
        ordinal = _ordinal(day)
        if ordinal is None:
            return 0
        return int(np.count_nonzero(_spells_on(self.columns, ordinal)))

    def members_at_end_of(self, year: int | Year) -> tuple[Member, ...]:
        """The members on 31 December of ``year`` (how the annual report counts)."""
        y = year if isinstance(year, Year) else Year(year)
        return self.members_on(y.last_day)

    def changes(self, period: Period) -> Changes:
        """Every join and departure with its date in ``period`` (half-open).

        A join is a spell that starts in ``period``; a departure one that ends in it
        (on its first day no longer a member) with an end reason. Found over the
        spell columns; only the events found become objects.
        """
        if period.end is None:
            raise InvalidInputError(
                "period", given=str(period), expected="a closed period", where="changes"
            )
        cols = self.columns
        first, after = period.start.toordinal(), period.end.toordinal()
        start, end = cols.spell_start, cols.spell_end
        joins = np.flatnonzero((start >= first) & (start < after))
        leaves = np.flatnonzero(
            (end != OPEN) & (end >= first) & (end < after) & (cols.spell_reason >= 0)
        )
        # every event as columns: its spell, day, member and kind, sorted as (date, member id, kind)
        spell = np.concatenate([joins, leaves])
        day = np.concatenate([start[joins], end[leaves]])
        rank = np.concatenate(
            [
                np.full(len(joins), _KIND_RANK[EventKind.JOINED]),
                _leave_ranks()[cols.spell_reason[leaves]],
            ]
        )
        if not len(spell):
            return Changes(period, ())
        ids = _ids_at(cols, cols.spell_member[spell])
        # numpy's text order is Python's (code points; an id holds no NUL to drop)
        order = np.lexsort((rank, np.array(ids, dtype=str), day))
        days: dict[int, Date] = {}

        def date(ordinal: int) -> Date:
            found = days.get(ordinal)
            if found is None:
                found = days[ordinal] = Date.fromordinal(ordinal)
            return found

        kinds = sorted(EventKind)
        joined = _KIND_RANK[EventKind.JOINED]
        successors = cols.successors
        events = [
            MembershipEvent(
                member_id, date(ordinal), kinds[kind], None if kind == joined else successors[r]
            )
            for member_id, ordinal, kind, r in zip(
                _ids_at(cols, cols.spell_member[spell[order]]),
                day[order].tolist(),
                rank[order].tolist(),
                spell[order].tolist(),
                strict=True,
            )
        ]
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

    # --- the membership lifecycle ----------------------------------------------------------

    def _replace(self, member: Member) -> Registry:
        members = [member if m.id == member.id else m for m in self.members]
        if member.id not in self:
            members.append(member)
        return Registry(members, sectors=self.sectors)

    def _end(
        self,
        member_id: str,
        end: Date,
        reason: EndReason,
        *,
        successor: str | None = None,
        notice_date: Date | None = None,
    ) -> tuple[Member, Membership]:
        """The member with its open spell ended on ``end`` (first day no longer a member)."""
        member = self.member(member_id)
        open_spells = [s for s in member.spells if s.end is None]
        where = f"member {member_id}"
        if not open_spells:
            last = member.spells[-1].period if member.spells else "no spell"
            raise RuleError(
                f"{where}: has no open membership to end (last spell: {last}); "
                f"cannot record a {reason.value} ending on {end.isoformat()}"
            )
        spell = open_spells[-1]
        if notice_date is not None and notice_date < spell.start:
            raise RuleError(
                f"{where}: notice given on {notice_date.isoformat()}, before the membership "
                f"started on {spell.start.isoformat()}"
            )
        if end <= spell.start:
            raise RuleError(
                f"{where}: a {reason.value} ending on {end.isoformat()} (first day no longer a "
                f"member) must come after the start of the membership on {spell.start.isoformat()}"
            )
        ended = Membership(spell.start, end, reason, successor)
        spells = tuple(ended if s is spell else s for s in member.spells)
        return attrs.evolve(member, spells=spells), ended

    def join(self, member: Member | str, start: Date) -> tuple[Registry, MembershipEvent]:
        """A new membership from ``start`` (its first day as a member).

        ``member`` is a new :class:`Member` (added to the registry) or the id of a
        member that joins again.

        Raises:
            InvalidInputError: when the new spell would overlap one the member has.

        >>> import pendulum
        >>> reg, event = Registry(()).join(Member("A", "Stichting A", sectors=("LW",)), pendulum.date(2013, 1, 1))
        >>> event
        MembershipEvent(member_id='A', date=Date(2013, 1, 1), kind=<EventKind.JOINED: 'joined'>, successor=None)
        >>> reg.count_on(pendulum.date(2012, 12, 31)), reg.count_on(pendulum.date(2013, 1, 1))
        (0, 1)
        """
        day = to_date(start, field="start")
        if isinstance(member, str):
            current = self.member(member)
        elif member.id in self:
            raise InvalidInputError(
                "member",
                given=member.id,
                expected="a new member (pass the id to let a member join again)",
                where="join",
            )
        else:
            current = member
        joined = attrs.evolve(current, spells=(*current.spells, Membership(day)))
        return self._replace(joined), MembershipEvent(joined.id, day, EventKind.JOINED)

    def cancel(
        self,
        member_id: str,
        notice_date: Date,
        *,
        rule: NoticeRule = BW_2_36,
        end: Date | None = None,
    ) -> tuple[Registry, MembershipEvent]:
        """The member cancels (opzegging door het lid) by a notice given on ``notice_date``.

        The membership ends at ``rule.effective_end(notice_date)`` (by default
        BW 2:36 lid 1: the end of the financial year, four weeks' notice), or at a
        later ``end`` the notice asks for. The event's ``date`` is the **first day
        no longer a member**. The whole year's dues stay due (BW 2:35 lid 5, see
        :class:`~wmd.members.lifecycle.MembershipRules`).

        Raises:
            RuleError: for an end the rule does not allow (mid-year, too early),
                or a member without an open membership.

        >>> import pendulum
        >>> reg = Registry((Member("A", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2001, 1, 1)),)),))
        >>> reg, event = reg.cancel("A", pendulum.date(2012, 11, 15))
        >>> event.date, event.kind   # a member on 31-12-2012, not on 1-1-2013
        (Date(2013, 1, 1), <EventKind.CANCELLED: 'cancelled'>)
        >>> reg.is_member("A", pendulum.date(2012, 12, 31)), reg.is_member("A", pendulum.date(2013, 1, 1))
        (True, False)
        """
        notice = to_date(notice_date, field="notice_date")
        last = rule.end_for(notice, end, where=f"member {member_id}")
        member, _ = self._end(member_id, last, EndReason.CANCELLATION, notice_date=notice)
        return self._replace(member), MembershipEvent(member_id, last, EventKind.CANCELLED)

    def terminate(
        self,
        member_id: str,
        notice_date: Date,
        *,
        rule: NoticeRule = BW_2_36,
        end: Date | None = None,
    ) -> tuple[Registry, MembershipEvent]:
        """The association ends the membership (opzegging door de vereniging) by notice.

        The same notice rule as a cancellation applies (BW 2:36 lid 1 by default);
        the event's ``date`` is the first day no longer a member.

        Raises:
            RuleError: for an end the rule does not allow, or no open membership.

        >>> import pendulum
        >>> reg = Registry((Member("A", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2001, 1, 1)),)),))
        >>> reg.terminate("A", pendulum.date(2012, 12, 20))[1].date   # too late for 2012: end of 2013
        Date(2014, 1, 1)
        """
        notice = to_date(notice_date, field="notice_date")
        last = rule.end_for(notice, end, where=f"member {member_id}")
        member, _ = self._end(member_id, last, EndReason.TERMINATION, notice_date=notice)
        return self._replace(member), MembershipEvent(member_id, last, EventKind.TERMINATED)

    def expel(self, member_id: str, day: Date) -> tuple[Registry, MembershipEvent]:
        """The association expels the member (ontzetting) at once (BW 2:35).

        ``day`` is the first day no longer a member (the day of the decision).

        >>> import pendulum
        >>> reg = Registry((Member("A", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2001, 1, 1)),)),))
        >>> reg, event = reg.expel("A", pendulum.date(2012, 6, 14))
        >>> reg.is_member("A", pendulum.date(2012, 6, 13)), reg.is_member("A", pendulum.date(2012, 6, 14))
        (True, False)
        """
        last = BW_2_35_EXPULSION.end_for(to_date(day, field="day"), where=f"member {member_id}")
        member, _ = self._end(member_id, last, EndReason.EXPULSION)
        return self._replace(member), MembershipEvent(member_id, last, EventKind.EXPELLED)

    def merge(
        self,
        member_id: str,
        into: str | Member,
        day: Date,
        *,
        admit: bool = False,
    ) -> tuple[Registry, MembershipEvent]:
        """``member_id`` merges into ``into`` on ``day`` (BW 2:34 lid 2).

        ``day`` is the first day of the merged organisation: the merged member is a
        member up to the day before, and the successor carries the membership from
        ``day``. Mergers mostly take effect on 1 January.

        The successor must be a member on ``day``. When it is not, the merger is
        refused, unless ``admit=True``: then the successor becomes a member from
        ``day`` (a new :class:`Member` passed as ``into`` is added to the registry).
        A membership is never silently lost.

        Raises:
            InconsistentDataError: naming both members when the successor is not a
                member on ``day`` (and ``admit`` is not set).

        >>> import pendulum
        >>> a = Member("A", "Stichting A", sectors=("LW",), spells=(Membership(pendulum.date(2001, 1, 1)),))
        >>> b = Member("B", "Stichting B", sectors=("MD",), spells=(Membership(pendulum.date(2005, 1, 1)),))
        >>> reg, event = Registry((a, b)).merge("B", "A", pendulum.date(2013, 1, 1))
        >>> event.date, event.successor, reg.count_on(pendulum.date(2013, 1, 1))
        (Date(2013, 1, 1), 'A', 1)
        >>> new = Member("N", "Stichting Nieuw", sectors=("LW",))
        >>> Registry((a, b)).merge("B", new, pendulum.date(2013, 1, 1))
        Traceback (most recent call last):
        ...
        wmd.errors.InconsistentDataError: member B: merger on 2013-01-01 into N, which is not a member on that day; admit the successor (admit=True) or record its membership first
        >>> reg, _ = Registry((a, b)).merge("B", new, pendulum.date(2013, 1, 1), admit=True)
        >>> reg.is_member("N", pendulum.date(2013, 1, 1))
        True
        """
        first = to_date(day, field="day")
        successor_id = into if isinstance(into, str) else into.id
        if successor_id == member_id:
            raise InvalidInputError(
                "into", given=successor_id, expected="another member", where=f"member {member_id}"
            )
        if isinstance(into, Member) and into.id in self and into != self.member(into.id):
            raise InvalidInputError(
                "into",
                given=into.id,
                expected="the registry's own member, or its id",
                where=f"member {member_id}",
            )
        successor = into if isinstance(into, Member) else self.member(into)
        registry = self
        if not successor.is_member_on(first):
            if not admit:
                raise InconsistentDataError(
                    f"member {member_id}: merger on {first.isoformat()} into {successor_id}, "
                    "which is not a member on that day; admit the successor (admit=True) "
                    "or record its membership first"
                )
            registry, _ = (
                registry.join(successor_id, first)
                if successor_id in self
                else registry.join(successor, first)
            )
        elif successor_id not in self:
            registry = registry._replace(successor)
        member, _ = registry._end(  # noqa: SLF001 - a registry of this class
            member_id, first, EndReason.MERGER, successor=successor_id
        )
        event = MembershipEvent(member_id, first, EventKind.MERGED, successor_id)
        return registry._replace(member), event

    def is_member(self, member_id: str, day: Date) -> bool:
        """Whether the member with this id is a member on ``day`` (``start <= day < end``)."""
        return self.member(member_id).is_member_on(day)

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

    # --- in a notebook (wmd.members.frames) ------------------------------------------

    def __repr__(self) -> str:
        """One line: members, years with figures, sectors (see :func:`wmd.members.frames.short_repr`)."""
        from wmd.members.frames import short_repr  # noqa: PLC0415 - frames imports this module

        return short_repr(self)

    def _repr_html_(self) -> str:
        from wmd.members.frames import summary_html  # noqa: PLC0415 - frames imports this module

        return summary_html(self)

    def to_pandas(self, *, tidy: bool = False) -> Any:  # noqa: ANN401 - RegistryFrames or a DataFrame
        """Members, figures and spells as DataFrames; see :func:`wmd.members.frames.to_pandas`."""
        from wmd.members.frames import to_pandas  # noqa: PLC0415 - frames imports this module

        return to_pandas(self, tidy=tidy)

    @classmethod
    def from_pandas(
        cls,
        members: Any,  # noqa: ANN401 - a pandas DataFrame; pandas stays optional
        figures: Any = None,  # noqa: ANN401 - a pandas DataFrame
        spells: Any = None,  # noqa: ANN401 - a pandas DataFrame
        *,
        sectors: tuple[Sector, ...] = PUBLISHED_SECTORS,
    ) -> Registry:
        """A registry from frames, checked like a file; see :func:`wmd.members.frames.from_pandas`.

        Raises:
            BadFileError: listing every bad cell; nothing is loaded.
        """
        from wmd.members.frames import from_pandas  # noqa: PLC0415 - frames imports this module

        return from_pandas(members, figures, spells, sectors=sectors)
