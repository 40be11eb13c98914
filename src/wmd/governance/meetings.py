"""Meetings of the board and of the members, quorum, motions and their outcome.

A :class:`Meeting` has a date, a :class:`MeetingKind` (a board meeting, a general
meeting (ALV), or an interim members' meeting) and its attendance: who was
**present** and who was **represented** (by a proxy). For a members' meeting those
are member ids; for a board meeting they are whatever names the board uses.

A :class:`MeetingLog` counts meetings per year and kind. In 2012 the association's
board met 9 times, and there were 2 general meetings and 1 interim members' meeting.

A :class:`Quorum` is what the articles ask for a meeting to decide: a share of those
entitled that must attend (present or represented), for example two thirds, counted
per head or, where the articles say so, in weighted votes (``by_votes``, with the
votes of a :class:`~wmd.governance.VotingRule`). When a meeting lacks the quorum, a
**second meeting** on the same subjects, held within the period the articles set
(for example four weeks), decides regardless of attendance. A second meeting is
only proper after a first meeting that *lacked* the quorum; one after a first that
had it, or held too late, is refused.

A :class:`Motion` is put to a meeting with the votes (:class:`Vote`) cast; only members
present or represented may vote. Its :meth:`~Motion.outcome` under a
:class:`~wmd.governance.VotingRule` and the :class:`Quorum` counts the votes for and
against (abstentions are not votes cast) and applies the :class:`Majority`: a simple
majority (more than half of the votes cast) or two thirds of the votes cast, as a
change of the articles needs (BW art. 2:42). A motion carries only when the meeting
may decide *and* the majority is reached.

>>> from wmd.governance import Choice, Majority, Meeting, MeetingKind, Motion, Quorum, Vote, VotingRule
>>> alv = Meeting(pendulum.date(2012, 6, 14), MeetingKind.GENERAL,
...               present=frozenset({"A", "B", "C"}), represented=frozenset({"D"}))
>>> Quorum.two_thirds().is_met(alv, entitled=6)  # 4 of 6 attend: 4 * 3 >= 6 * 2
True
>>> motion = Motion("Change of the articles", alv, (
...     Vote("A", Choice.FOR), Vote("B", Choice.FOR), Vote("C", Choice.AGAINST), Vote("D", Choice.ABSTAIN)),
...     Majority.TWO_THIRDS)
>>> result = motion.outcome(VotingRule.one_member_one_vote(), Quorum.two_thirds(), entitled=6)
>>> result.votes_for, result.votes_against, result.cast, result.carried  # 2 of 3 cast: exactly two thirds
(2, 1, 3, True)
>>> motion.outcome(VotingRule.one_member_one_vote(), Quorum.two_thirds(), entitled=7).carried  # 4 of 7
False
>>> Motion("x", alv, (Vote("E", Choice.FOR),))
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: motion 'x' at general meeting 2012-06-14: votes: expected a member present or represented, got 'E'
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from wmd.errors import InvalidInputError, RuleError, to_enum
from wmd.governance.votes import VotingRule
from wmd.i18n import format_amount, format_date, label
from wmd.money import CENTS
from wmd.periods import Date, Year, to_date
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Choice",
    "Entitled",
    "Majority",
    "Meeting",
    "MeetingKind",
    "MeetingLog",
    "Motion",
    "Outcome",
    "Quorum",
    "QuorumCount",
    "Vote",
]


class MeetingKind(enum.StrEnum):
    """The kind of a meeting."""

    BOARD = "board meeting"
    """A meeting of the association's board (bestuursvergadering)."""
    GENERAL = "general meeting"
    """A general meeting of members, the ALV (algemene ledenvergadering)."""
    INTERIM = "interim members' meeting"
    """An interim members' meeting, for example to gauge opinion on the cao."""

    @property
    def of_members(self) -> bool:
        """Whether the attendees are members (general or interim meeting)."""
        return self is not MeetingKind.BOARD


def _kind(value: object) -> MeetingKind:
    return to_enum(MeetingKind, value, "kind", "meeting")


def _meeting_date(value: object) -> Date:
    return to_date(value, field="date", where="meeting")


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidInputError(
            "attendance", given=value, expected="a collection of ids, not one text", where="meeting"
        )
    return frozenset(value)


def _optional_first(value: object) -> Meeting | None:
    if value is None or isinstance(value, Meeting):
        return value
    raise InvalidInputError(
        "first_meeting",
        given=value,
        expected="the first meeting itself (a Meeting), so that its quorum can be checked",
        where="meeting",
    )


def _agenda(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise InvalidInputError(
            "agenda",
            given=value,
            expected="a collection of subjects, not one text",
            where="meeting",
        )
    return frozenset(value)


@attrs.frozen
class Meeting:
    """One meeting.

    Attributes:
        date: the day of the meeting.
        kind: the :class:`MeetingKind`.
        present: ids (or names) of those present.
        represented: ids of those represented by a proxy; not also present.
        agenda: the subjects to be decided (motion titles); a second meeting may only
            decide subjects of its first meeting's agenda.
        first_meeting: for a second meeting, called because the first lacked a quorum,
            that first meeting (a :class:`Meeting` of the same kind, before this one);
            otherwise ``None``.

    Raises:
        InvalidInputError: when someone is both present and represented, or the
            first meeting is not an earlier meeting of the same kind.

    >>> Meeting("2012-03-01", MeetingKind.BOARD, present=frozenset({"chair"})).attendance
    1
    >>> Meeting("2012-03-01", MeetingKind.GENERAL, frozenset({"A"}), frozenset({"A"}))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: general meeting 2012-03-01: represented: expected no one who is also present, got ['A']
    """

    date: Date = attrs.field(converter=_meeting_date)
    kind: MeetingKind = attrs.field(converter=_kind)
    present: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    represented: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    agenda: frozenset[str] = attrs.field(default=frozenset(), converter=_agenda, kw_only=True)
    first_meeting: Meeting | None = attrs.field(
        default=None, converter=_optional_first, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        both = self.present & self.represented
        if both:
            raise InvalidInputError(
                "represented",
                given=sorted(both),
                expected="no one who is also present",
                where=self.where,
            )
        first = self.first_meeting
        if first is not None and first.date >= self.date:
            raise InvalidInputError(
                "first_meeting",
                given=first.date,
                expected=f"a date before {self.date.isoformat()}",
                where=self.where,
            )
        if first is not None and first.kind is not self.kind:
            raise InvalidInputError(
                "first_meeting",
                given=first.kind.value,
                expected=f"a first meeting of the same kind ({self.kind.value})",
                where=self.where,
            )
        if first is not None and first.first_meeting is not None:
            raise InvalidInputError(
                "first_meeting",
                given=first.where,
                expected="a first meeting, not itself a second meeting",
                where=self.where,
            )

    @property
    def where(self) -> str:
        """How errors name this meeting."""
        return f"{self.kind.value} {self.date.isoformat()}"

    @property
    def attendees(self) -> frozenset[str]:
        """Everyone present or represented."""
        return self.present | self.represented

    @property
    def attendance(self) -> int:
        """How many are present or represented."""
        return len(self.attendees)


def _share(value: object) -> Fraction:
    if isinstance(value, Fraction | int | str) and not isinstance(value, bool):
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
    elif isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else Fraction(-1)
    raise InvalidInputError(
        "share", given=value, expected="a fraction such as Fraction(2, 3)", where="quorum"
    )


Entitled = int | Iterable[str]
"""Those entitled to attend: their number, or their ids (needed for a quorum in votes)."""


@attrs.frozen
class QuorumCount:
    """How a meeting's attendance measures up to its quorum.

    Attributes:
        meeting: the meeting.
        attending: those present or represented: heads, or their votes with ``by_votes``.
        entitled: all entitled: heads, or their votes.
        share: the share of ``entitled`` that must attend.
        by_votes: whether counted in weighted votes.
        second_meeting: whether it is a proper second meeting, deciding regardless of attendance.
    """

    meeting: Meeting
    attending: int
    entitled: int
    share: Fraction
    by_votes: bool
    second_meeting: bool

    @property
    def required(self) -> Fraction:
        """How many must attend (heads or votes): ``share x entitled``, possibly a fraction."""
        return self.share * self.entitled

    @property
    def met(self) -> bool:
        """Whether the attendance reaches the quorum."""
        return self.attending >= self.required

    @property
    def decides(self) -> bool:
        """Whether the meeting may decide: the quorum is met, or it is a proper second meeting."""
        return self.met or self.second_meeting

    def describe(self, lang: str | None = None) -> str:
        """One line: attendance against the quorum, and whether the meeting may decide.

        >>> m = Meeting("2012-06-14", "general meeting", frozenset("ABCD"))
        >>> Quorum.two_thirds().count(m, entitled=9).describe("en")
        'quorum: 4 of 9 attending, two thirds required (6): not met'
        """
        unit = label("votes" if self.by_votes else "attending", lang)
        required = self.required
        shown = (
            str(required.numerator)
            if required.denominator == 1
            else format_amount(CENTS.round(required), lang, decimals=2)
        )
        verdict = (
            "second meeting: decides regardless of attendance"
            if self.second_meeting
            else ("met" if self.met else "not met")
        )
        return label(
            "quorum: {attending} of {entitled} {unit}, {share} required ({required}): {verdict}",
            lang,
        ).format(
            attending=self.attending,
            entitled=self.entitled,
            unit=unit,
            share=_share_words(self.share, lang),
            required=shown,
            verdict=label(verdict, lang),
        )


def _share_words(share: Fraction, lang: str | None) -> str:
    words = {Fraction(2, 3): "two thirds", Fraction(1, 2): "half", Fraction(0): "none"}
    if share in words:
        return label(words[share], lang)
    return f"{share.numerator}/{share.denominator}"


@attrs.frozen
class Quorum:
    """What attendance the articles ask for a meeting to decide.

    Attributes:
        share: the fraction that must be present or represented (``0`` means none).
        second_meeting_days: a second meeting held at most this many days after a
            first meeting without a quorum decides regardless of attendance; ``None``
            when the articles have no such rule.
        by_votes: count the quorum in weighted votes (the votes of the voting rule)
            instead of heads, where the articles say so.

    >>> Quorum(Fraction(3, 2))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: quorum: share: expected a fraction between 0 and 1, got Fraction(3, 2)
    """

    share: Fraction = attrs.field(converter=_share)
    second_meeting_days: int | None = 28
    by_votes: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise InvalidInputError(
                "share", given=self.share, expected="a fraction between 0 and 1", where="quorum"
            )
        days = self.second_meeting_days
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            raise InvalidInputError(
                "second_meeting_days",
                given=days,
                expected="a whole number of days >= 1, or None",
                where="quorum",
            )
        if not isinstance(self.by_votes, bool):
            raise InvalidInputError(
                "by_votes", given=self.by_votes, expected="True or False", where="quorum"
            )

    @classmethod
    def two_thirds(cls, *, second_meeting_days: int | None = 28, by_votes: bool = False) -> Quorum:
        """Two thirds present or represented; a second meeting within four weeks decides anyway.

        >>> Quorum.two_thirds().share
        Fraction(2, 3)
        """
        return cls(Fraction(2, 3), second_meeting_days, by_votes=by_votes)

    @classmethod
    def none(cls) -> Quorum:
        """No quorum: the law's default where the articles set none; any meeting may decide.

        >>> Quorum.none().share
        Fraction(0, 1)
        """
        return cls(Fraction(0), None)

    def _measure(
        self, meeting: Meeting, entitled: Entitled, rule: VotingRule | None
    ) -> tuple[int, int]:
        """Attending and entitled, in heads or votes."""
        if isinstance(entitled, int) and not isinstance(entitled, bool):
            if self.by_votes:
                raise InvalidInputError(
                    "entitled",
                    given=entitled,
                    expected="the ids of those entitled, to count the quorum in votes",
                    where=meeting.where,
                )
            if entitled < 0:
                raise InvalidInputError(
                    "entitled", given=entitled, expected="a whole number >= 0", where=meeting.where
                )
            if meeting.attendance > entitled:
                raise InvalidInputError(
                    "entitled",
                    given=entitled,
                    expected=f"at least the attendance {meeting.attendance}",
                    where=meeting.where,
                )
            return meeting.attendance, entitled
        if isinstance(entitled, str) or not isinstance(entitled, Iterable):
            raise InvalidInputError(
                "entitled",
                given=entitled,
                expected="a whole number or a collection of ids",
                where=meeting.where,
            )
        ids = frozenset(entitled)
        outside = meeting.attendees - ids
        if outside:
            raise InvalidInputError(
                "entitled",
                given=sorted(outside),
                expected="every attendee among those entitled",
                where=meeting.where,
            )
        if not self.by_votes:
            return meeting.attendance, len(ids)
        if rule is None:
            raise InvalidInputError(
                "rule",
                given=None,
                expected="the voting rule whose votes count the quorum",
                where=meeting.where,
            )
        return (
            sum(rule.weight(m) for m in sorted(meeting.attendees)),
            sum(rule.weight(m) for m in sorted(ids)),
        )

    def count(
        self, meeting: Meeting, *, entitled: Entitled, rule: VotingRule | None = None
    ) -> QuorumCount:
        """Measure the meeting's attendance against the quorum.

        A second meeting (``meeting.first_meeting`` set) is proper only when the
        articles provide for one, it is held at most :attr:`second_meeting_days`
        after the first, and the first meeting **lacked** the quorum (counted with
        the same ``entitled`` and ``rule``); then it decides regardless of attendance.

        Args:
            meeting: the meeting.
            entitled: how many are entitled to attend, or their ids (ids are needed
                with ``by_votes``; every attendee must be among them).
            rule: the voting rule, needed with ``by_votes``.

        Raises:
            InvalidInputError: for an impossible ``entitled`` or a missing rule.
            RuleError: for a second meeting that is not proper (the message says why).
        """
        attending, total = self._measure(meeting, entitled, rule)
        second = meeting.first_meeting is not None
        if second:
            self._check_second(meeting, entitled, rule)
        return QuorumCount(meeting, attending, total, self.share, self.by_votes, second)

    def _check_second(self, meeting: Meeting, entitled: Entitled, rule: VotingRule | None) -> None:
        first = meeting.first_meeting
        assert first is not None  # noqa: S101 - only called for second meetings
        where = f"{meeting.where}, second meeting after {first.where}"
        if self.second_meeting_days is None:
            raise RuleError(f"{where}: the articles provide no second meeting")
        last = first.date.add(days=self.second_meeting_days)
        if meeting.date > last:
            raise RuleError(
                f"{where}: held after {last.isoformat()}, more than"
                f" {self.second_meeting_days} days after the first meeting"
            )
        attending, total = self._measure(first, entitled, rule)
        if attending >= self.share * total:
            raise RuleError(
                f"{where}: the first meeting had its quorum ({attending} of {total}),"
                " so there is no second meeting"
            )

    def is_second_meeting(self, meeting: Meeting) -> bool:
        """Whether ``meeting`` is called as a second meeting within the allowed days of its first.

        This looks at the dates only; :meth:`count` also checks that the first lacked a quorum.

        >>> q = Quorum.two_thirds()
        >>> first = Meeting("2012-06-14", "general meeting")
        >>> q.is_second_meeting(Meeting("2012-07-12", "general meeting", first_meeting=first))
        True
        >>> q.is_second_meeting(Meeting("2012-07-13", "general meeting", first_meeting=first))
        False
        """
        first = meeting.first_meeting
        if first is None or self.second_meeting_days is None:
            return False
        return meeting.date <= first.date.add(days=self.second_meeting_days)

    def is_met(
        self, meeting: Meeting, *, entitled: Entitled, rule: VotingRule | None = None
    ) -> bool:
        """Whether the meeting may decide: the quorum is met, or it is a proper second meeting.

        Raises:
            InvalidInputError: as :meth:`count`.
            RuleError: for a second meeting that is not proper.
        """
        return self.count(meeting, entitled=entitled, rule=rule).decides


class Choice(enum.StrEnum):
    """How a member votes on a motion."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    """Abstained or blank: not a vote cast."""


def _choice(value: object) -> Choice:
    return to_enum(Choice, value, "choice", "vote")


@attrs.frozen
class Vote:
    """One member's vote on a motion."""

    member_id: str
    choice: Choice = attrs.field(converter=_choice)


class Majority(enum.StrEnum):
    """The majority a motion needs, of the votes cast."""

    SIMPLE = "simple majority"
    """More than half of the votes cast."""
    TWO_THIRDS = "two thirds"
    """At least two thirds of the votes cast (a change of the articles, BW 2:42)."""

    def carries(self, votes_for: int, cast: int) -> bool:
        """Whether ``votes_for`` of ``cast`` votes carry a motion; no votes cast never does.

        >>> Majority.SIMPLE.carries(2, 4), Majority.SIMPLE.carries(3, 5), Majority.TWO_THIRDS.carries(2, 3)
        (False, True, True)
        """
        if cast <= 0:
            return False
        if self is Majority.SIMPLE:
            return 2 * votes_for > cast
        return 3 * votes_for >= 2 * cast


@attrs.frozen
class Outcome(Tabular):
    """The count of a motion under a voting rule, at a meeting measured against its quorum.

    Attributes:
        motion: the title of the motion.
        votes_for: votes for (weighted by the rule).
        votes_against: votes against (weighted).
        abstained: how many voters abstained (members, not votes).
        majority: the :class:`Majority` applied.
        quorum: the meeting's :class:`QuorumCount`.
    """

    motion: str
    votes_for: int
    votes_against: int
    abstained: int
    majority: Majority
    quorum: QuorumCount

    @property
    def cast(self) -> int:
        """Votes cast: for plus against."""
        return self.votes_for + self.votes_against

    @property
    def majority_reached(self) -> bool:
        """Whether the votes for reach the majority, quorum aside."""
        return self.majority.carries(self.votes_for, self.cast)

    @property
    def carried(self) -> bool:
        """Whether the motion is carried: the meeting may decide and the majority is reached."""
        return self.quorum.decides and self.majority_reached

    def table(self, lang: str | None = None) -> Table:
        """The count as a table, in ``"nl"`` or ``"en"``; the quorum and verdict below it."""
        if self.carried:
            verdict = label("carried", lang)
        elif not self.quorum.decides:
            verdict = label("not carried: the meeting lacks its quorum", lang)
        else:
            verdict = label("rejected", lang)
        return Table(
            title=f"{self.motion} ({label(self.majority.value, lang)})",
            columns=(label("votes", lang), label("count", lang)),
            rows=(
                (label("for", lang), str(self.votes_for)),
                (label("against", lang), str(self.votes_against)),
                (label("votes cast", lang), str(self.cast)),
                (label("abstained", lang), str(self.abstained)),
            ),
            align="lr",
            total_rows=frozenset({2}),
            footnotes=(self.quorum.describe(lang), verdict),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row: motion, votes for, against, cast, abstained, majority, quorum, carried."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {
                    "motion": self.motion,
                    "for": self.votes_for,
                    "against": self.votes_against,
                    "cast": self.cast,
                    "abstained": self.abstained,
                    "majority": self.majority.value,
                    "attending": self.quorum.attending,
                    "entitled": self.quorum.entitled,
                    "quorum_met": self.quorum.met,
                    "second_meeting": self.quorum.second_meeting,
                    "carried": self.carried,
                }
            ]
        )
        return frame


def _majority(value: object) -> Majority:
    return to_enum(Majority, value, "majority", "motion")


def _votes(value: Iterable[Vote]) -> tuple[Vote, ...]:
    return tuple(value)


@attrs.frozen
class Motion:
    """A motion put to a members' meeting, with the votes cast on it.

    Raises:
        InvalidInputError: for a vote by someone not present or represented, two
            votes by one member, a meeting that is not a members' meeting, or, at a
            second meeting, a motion that was not on the first meeting's agenda.
    """

    title: str
    meeting: Meeting
    votes: tuple[Vote, ...] = attrs.field(converter=_votes)
    majority: Majority = attrs.field(default=Majority.SIMPLE, converter=_majority)

    def __attrs_post_init__(self) -> None:
        where = f"motion {self.title!r} at {self.meeting.where}"
        if not self.meeting.kind.of_members:
            raise InvalidInputError(
                "meeting", given=self.meeting.kind.value, expected="a members' meeting", where=where
            )
        first = self.meeting.first_meeting
        if first is not None and self.title not in first.agenda:
            raise InvalidInputError(
                "title",
                given=self.title,
                expected=f"a subject on the agenda of the first meeting {sorted(first.agenda)}:"
                " a second meeting decides only those",
                where=where,
            )
        seen: set[str] = set()
        for vote in self.votes:
            if not isinstance(vote, Vote):
                raise InvalidInputError("votes", given=vote, expected="Vote objects", where=where)
            if vote.member_id not in self.meeting.attendees:
                raise InvalidInputError(
                    "votes",
                    given=vote.member_id,
                    expected="a member present or represented",
                    where=where,
                )
            if vote.member_id in seen:
                raise InvalidInputError(
                    "votes", given=vote.member_id, expected="one vote per member", where=where
                )
            seen.add(vote.member_id)

    def outcome(self, rule: VotingRule, quorum: Quorum, *, entitled: Entitled) -> Outcome:
        """Count the votes under ``rule``, measure the meeting against ``quorum``, apply the majority.

        The motion is carried only when the meeting may decide (quorum met, or a
        proper second meeting) and the majority is reached. Use :meth:`Quorum.none`
        where the articles set no quorum.

        Args:
            rule: how many votes each voter casts.
            quorum: what attendance the articles ask.
            entitled: how many members are entitled to attend, or their ids (see
                :meth:`Quorum.count`).

        Raises:
            RuleError: when the rule weights by dues and a voter has no dues, or the
                meeting is an improper second meeting.
        """
        count = quorum.count(self.meeting, entitled=entitled, rule=rule)
        totals: Counter[Choice] = Counter()
        for vote in self.votes:
            totals[vote.choice] += rule.weight(vote.member_id)
        abstained = sum(1 for v in self.votes if v.choice is Choice.ABSTAIN)
        return Outcome(
            self.title, totals[Choice.FOR], totals[Choice.AGAINST], abstained, self.majority, count
        )


def _meetings(value: Iterable[Meeting]) -> tuple[Meeting, ...]:
    return tuple(sorted(value, key=lambda m: (m.date, m.kind)))


@attrs.frozen
class MeetingLog(Tabular):
    """All meetings, in date order, with counts per year and kind.

    >>> log = MeetingLog([Meeting("2012-01-10", "board meeting"), Meeting("2012-06-14", "general meeting")])
    >>> log.count(2012, MeetingKind.BOARD), log.count(2013, MeetingKind.BOARD)
    (1, 0)
    """

    meetings: tuple[Meeting, ...] = attrs.field(converter=_meetings)

    def __attrs_post_init__(self) -> None:
        for meeting in self.meetings:
            if not isinstance(meeting, Meeting):
                raise InvalidInputError(
                    "meetings", given=meeting, expected="Meeting objects", where="meeting log"
                )

    def __len__(self) -> int:
        return len(self.meetings)

    def __iter__(self) -> Iterator[Meeting]:
        return iter(self.meetings)

    def in_year(self, year: int | Year) -> tuple[Meeting, ...]:
        """The meetings held in ``year``."""
        period = (year if isinstance(year, Year) else Year(year)).period
        return tuple(m for m in self.meetings if m.date in period)

    def count(self, year: int | Year, kind: MeetingKind) -> int:
        """How many meetings of ``kind`` were held in ``year``."""
        return sum(1 for m in self.in_year(year) if m.kind is kind)

    def counts(self, year: int | Year) -> dict[MeetingKind, int]:
        """Meetings held in ``year`` per kind (every kind, zero included)."""
        return {kind: self.count(year, kind) for kind in MeetingKind}

    def years(self) -> tuple[int, ...]:
        """The years with at least one meeting."""
        return tuple(sorted({m.date.year for m in self.meetings}))

    def table(self, lang: str | None = None) -> Table:
        """Meetings per kind (rows) and year (columns), in ``"nl"`` or ``"en"``."""
        years = self.years()
        rows = [
            (label(kind.value, lang), *(str(self.count(y, kind)) for y in years))
            for kind in MeetingKind
        ]
        return Table(
            title=label("meetings", lang).capitalize(),
            columns=(label("meeting", lang), *(str(y) for y in years)),
            rows=rows,
            align="l" + "r" * len(years),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per meeting: date, kind, present, represented, attendance, second meeting."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {
                    "date": m.date,
                    "kind": m.kind.value,
                    "present": len(m.present),
                    "represented": len(m.represented),
                    "attendance": m.attendance,
                    "first_meeting": None if m.first_meeting is None else m.first_meeting.date,
                }
                for m in self.meetings
            ],
            columns=["date", "kind", "present", "represented", "attendance", "first_meeting"],
        )
        return frame

    def attendance_table(self, year: int | Year, lang: str | None = None) -> Table:
        """Each meeting of ``year`` with its attendance, in ``"nl"`` or ``"en"``."""
        rows = [
            (
                format_date(m.date, lang, length="short"),
                label(m.kind.value, lang),
                str(len(m.present)),
                str(len(m.represented)),
            )
            for m in self.in_year(year)
        ]
        return Table(
            title=f"{label('meetings', lang).capitalize()} {year}",
            columns=(
                label("date", lang),
                label("meeting", lang),
                label("present", lang),
                label("represented", lang),
            ),
            rows=rows,
            align="llrr",
        )
