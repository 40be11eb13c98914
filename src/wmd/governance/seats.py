"""Board and supervisory seats, terms of office, and the code's limits on them.

A :class:`Seat` is one person in one role in one body, with the terms of office
they served. Only a name is kept: no further personal data. A term is a
half-open :class:`~wmd.periods.Period` ``[start, end)``: ``end`` is the first day
the person no longer sits (the scheduled end for a running term), or ``None``
when no end is set.

A :class:`~wmd.governance.GovernanceCode` version may limit the length of one term
(``max_term_years``) and the number of terms (``max_terms``). On a day, a sitting
person exceeds them when

* the term running that day is longer than the maximum: its end is later than
  ``start + max_term_years``, or, with no end set, the day is on or after
  ``start + max_term_years``; or
* the terms begun up to that day, the running one included, are more than
  ``max_terms``.

A director (an employee, not a supervisor) is not bound by these limits.

>>> from wmd.governance import GovernanceCode, Principle, Role, Seat, Seats
>>> code = GovernanceCode("2008", "2008-01-01", (Principle("1", "Integrity"),),
...                       max_term_years=4, max_terms=2)
>>> seats = Seats((
...     Seat("J. Jansen", Role.SUPERVISORY_CHAIR, (("2004-01-01", "2008-01-01"), ("2008-01-01", "2012-01-01"),
...                                                ("2012-01-01", "2016-01-01"))),
...     Seat("P. de Vries", Role.SUPERVISORY_MEMBER, (("2010-05-01", "2015-05-01"),)),
...     Seat("K. Bakker", Role.DIRECTOR, (("1999-01-01", None),)),
... ))
>>> for breach in seats.exceeding(code, pendulum.date(2012, 12, 31)):
...     print(breach)
J. Jansen (supervisory board chair): 3 terms, the code allows 2
P. de Vries (supervisory board member): term from 2010-05-01 runs 5 years, the code allows 4
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs
import pendulum

from wmd.errors import InvalidInputError, to_enum
from wmd.governance.code import GovernanceCode
from wmd.i18n import format_date, label
from wmd.periods import Date, Period
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Breach", "BreachKind", "Role", "Rotation", "RotationSchedule", "Seat", "Seats"]


class Role(enum.StrEnum):
    """A person's role in a board or supervisory body."""

    SUPERVISORY_CHAIR = "supervisory board chair"
    SUPERVISORY_MEMBER = "supervisory board member"
    BOARD_CHAIR = "board chair"
    BOARD_MEMBER = "board member"
    DIRECTOR = "director"
    """A managing director (directeur-bestuurder): employed, not bound by term limits."""

    @property
    def term_limited(self) -> bool:
        """Whether the code's term limits apply to the role."""
        return self is not Role.DIRECTOR


def _role(value: object) -> Role:
    return to_enum(Role, value, "role", "seat")


def _term(value: Period | tuple[object, object]) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, tuple) or len(value) != 2:
        raise InvalidInputError(
            "terms", given=value, expected="a Period or a (start, end) pair", where="seat"
        )
    start, end = value
    return Period(start, end)


def _terms(value: Iterable[Period | tuple[object, object]]) -> tuple[Period, ...]:
    return tuple(sorted((_term(v) for v in value), key=lambda p: p.start))


@attrs.frozen
class Seat:
    """One person in one role, with their terms of office.

    Attributes:
        person: the person's name, and nothing else about them.
        role: the :class:`Role`.
        terms: the terms, as periods or ``(start, end)`` pairs; they do not overlap,
            and only the last may be open-ended.

    Raises:
        InvalidInputError: for an empty name, no terms, or overlapping terms.

    >>> Seat("A. Smit", Role.BOARD_MEMBER, (("2010-01-01", "2014-01-01"), ("2013-01-01", None)))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: seat A. Smit (board member): terms: expected terms that do not overlap, got '[2010-01-01, 2014-01-01) and [2013-01-01, )'
    """

    person: str
    role: Role = attrs.field(converter=_role)
    terms: tuple[Period, ...] = attrs.field(converter=_terms)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.person, str) or not self.person.strip():
            raise InvalidInputError("person", given=self.person, expected="a name", where="seat")
        if not self.terms:
            raise InvalidInputError(
                "terms", given=(), expected="at least one term", where=self.where
            )
        for before, after in zip(self.terms, self.terms[1:], strict=False):
            if before.overlaps(after):
                raise InvalidInputError(
                    "terms",
                    given=f"{before} and {after}",
                    expected="terms that do not overlap",
                    where=self.where,
                )

    @property
    def where(self) -> str:
        """How errors name this seat."""
        return f"seat {self.person} ({self.role.value})"

    def term_on(self, day: Date) -> Period | None:
        """The term running on ``day``, or ``None``."""
        for term in self.terms:
            if day in term:
                return term
        return None

    def sits_on(self, day: Date) -> bool:
        """Whether the person sits on ``day``."""
        return self.term_on(day) is not None

    def terms_begun_by(self, day: Date) -> int:
        """How many terms started on or before ``day``."""
        return sum(1 for t in self.terms if t.start <= day)


class BreachKind(enum.StrEnum):
    """Which limit of the code a seat exceeds."""

    TERM_LENGTH = "term length"
    NUMBER_OF_TERMS = "number of terms"


@attrs.frozen
class Breach:
    """A sitting person exceeds a limit of the code on a day.

    Attributes:
        seat: the seat.
        kind: which limit.
        value: the term's length in whole years (rounded up) or the number of terms.
        limit: the code's limit.
        term: the term concerned.
    """

    seat: Seat
    kind: BreachKind
    value: int
    limit: int
    term: Period

    def __str__(self) -> str:
        who = f"{self.seat.person} ({self.seat.role.value})"
        if self.kind is BreachKind.NUMBER_OF_TERMS:
            return f"{who}: {self.value} terms, the code allows {self.limit}"
        return (
            f"{who}: term from {self.term.start.isoformat()} runs {self.value} years,"
            f" the code allows {self.limit}"
        )


def _years_up(start: Date, end: Date) -> int:
    """Years from ``start`` to ``end``, a started year counting as one."""
    years = end.year - start.year
    if start.add(years=years) > end:
        years -= 1
    return years + (1 if start.add(years=years) < end else 0)


def _seats(value: Iterable[Seat]) -> tuple[Seat, ...]:
    return tuple(value)


@attrs.frozen
class Seats(Tabular):
    """The seats of the board and the supervisory body."""

    seats: tuple[Seat, ...] = attrs.field(converter=_seats)

    def __attrs_post_init__(self) -> None:
        for seat in self.seats:
            if not isinstance(seat, Seat):
                raise InvalidInputError("seats", given=seat, expected="Seat objects", where="seats")

    def __len__(self) -> int:
        return len(self.seats)

    def __iter__(self) -> Iterator[Seat]:
        return iter(self.seats)

    def sitting_on(self, day: Date) -> tuple[Seat, ...]:
        """The seats held on ``day``."""
        return tuple(s for s in self.seats if s.sits_on(day))

    def exceeding(self, code: GovernanceCode, day: Date) -> tuple[Breach, ...]:
        """Every limit of ``code`` exceeded on ``day`` by someone sitting that day.

        The rules are in the module docstring; directors are not checked.
        """
        found: list[Breach] = []
        for seat in self.sitting_on(day):
            if not seat.role.term_limited:
                continue
            term = seat.term_on(day)
            assert term is not None  # noqa: S101 - sitting_on() selected seats with a term
            if code.max_terms is not None and seat.terms_begun_by(day) > code.max_terms:
                found.append(
                    Breach(
                        seat,
                        BreachKind.NUMBER_OF_TERMS,
                        seat.terms_begun_by(day),
                        code.max_terms,
                        term,
                    )
                )
            if code.max_term_years is not None:
                limit_end = term.start.add(years=code.max_term_years)
                end = term.end if term.end is not None else day.add(days=1)
                if end > limit_end:
                    found.append(
                        Breach(
                            seat,
                            BreachKind.TERM_LENGTH,
                            _years_up(term.start, end),
                            code.max_term_years,
                            term,
                        )
                    )
        return tuple(found)

    def rotation(self, code: GovernanceCode, on: Date) -> RotationSchedule:
        """The rotation schedule on ``on``: each term-limited person sitting that day.

        Directors are not on it (the code's limits do not bind them). The rules are
        those of :class:`Rotation`.
        """
        rotations = []
        for seat in self.sitting_on(on):
            if not seat.role.term_limited:
                continue
            term = seat.term_on(on)
            assert term is not None  # noqa: S101 - sitting_on() selected seats with a term
            number = seat.terms_begun_by(on)
            steps_down = term.end
            if steps_down is None and code.max_term_years is not None:
                steps_down = term.start.add(years=code.max_term_years)
            left = None if code.max_terms is None else max(code.max_terms - number, 0)
            if left == 0:
                last = steps_down
            elif left is None or code.max_term_years is None or steps_down is None:
                last = None
            else:
                last = steps_down.add(years=left * code.max_term_years)
            rotations.append(Rotation(seat, term, number, steps_down, left, last))
        far = pendulum.date(9999, 12, 31)
        rotations.sort(key=lambda r: (r.steps_down or far, r.seat.person))
        return RotationSchedule(code, on, rotations)

    def table(self, lang: str | None = None, *, on: Date | None = None) -> Table:
        """Every term of every seat, or with ``on`` the terms running that day.

        The last column numbers the person's terms in the seat (1 = first).
        """

        def shown(value: Date | None) -> str:
            return "" if value is None else format_date(value, lang, length="short")

        rows = [
            (
                seat.person,
                label(seat.role.value, lang),
                shown(term.start),
                shown(term.last_day),
                str(number),
            )
            for seat in self.seats
            for number, term in enumerate(seat.terms, start=1)
            if on is None or on in term
        ]
        title = label("seats", lang).capitalize()
        return Table(
            title=title if on is None else f"{title} {format_date(on, lang)}",
            columns=(
                label("person", lang),
                label("role", lang),
                label("term from", lang),
                label("term until", lang),
                label("term", lang),
            ),
            rows=rows,
            align="llllr",
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per term: person, role, start, last day (``None`` when open)."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {"person": s.person, "role": s.role.value, "start": t.start, "last_day": t.last_day}
                for s in self.seats
                for t in s.terms
            ],
            columns=["person", "role", "start", "last_day"],
        )
        return frame


@attrs.frozen
class Rotation:
    """One line of the rotation schedule (*rooster van aftreden*): a sitting person's term.

    Attributes:
        seat: the seat.
        term: the term running on the schedule's day.
        term_number: which term in the seat it is (1 = first): the terms begun so far.
        steps_down: the first day the person no longer sits when the term ends: the
            term's end, or for a term without an end ``start + max_term_years`` (a
            day already past when such a term has run longer than the code allows:
            :meth:`Seats.exceeding` reports it); ``None`` when neither is known.
        terms_left: how many more terms the code allows (``None``: no limit).
        last_day_possible: the first day the person no longer sits if reappointed
            for every term still allowed, each of ``max_term_years``; equal to
            ``steps_down`` when not reappointable; ``None`` when the code sets no limit.
    """

    seat: Seat
    term: Period
    term_number: int
    steps_down: Date | None
    terms_left: int | None
    last_day_possible: Date | None

    @property
    def reappointable(self) -> bool:
        """Whether the code allows another term."""
        return self.terms_left is None or self.terms_left > 0


def _rotations(value: Iterable[Rotation]) -> tuple[Rotation, ...]:
    return tuple(value)


@attrs.frozen
class RotationSchedule(Tabular):
    """Who steps down when, and who may be reappointed, under a code version.

    Rows are in order of stepping down (unknown last), then by name. Build it with
    :meth:`Seats.rotation`.
    """

    code: GovernanceCode
    on: Date
    rotations: tuple[Rotation, ...] = attrs.field(converter=_rotations)

    def __len__(self) -> int:
        return len(self.rotations)

    def __iter__(self) -> Iterator[Rotation]:
        return iter(self.rotations)

    def stepping_down(self, year: int) -> tuple[Rotation, ...]:
        """The terms that end in ``year`` (their ``steps_down`` day falls in it)."""
        return tuple(
            r for r in self.rotations if r.steps_down is not None and r.steps_down.year == year
        )

    def table(self, lang: str | None = None) -> Table:
        """The schedule as a table in ``"nl"`` or ``"en"``; dates are the first day no longer sitting."""

        def shown(value: Date | None) -> str:
            return "" if value is None else format_date(value, lang, length="short")

        most = self.code.max_terms
        rows = [
            (
                r.seat.person,
                label(r.seat.role.value, lang),
                shown(r.seat.terms[0].start),
                str(r.term_number)
                if most is None
                else label("{number} of {most}", lang).format(number=r.term_number, most=most),
                shown(r.steps_down),
                label("yes" if r.reappointable else "no", lang),
                shown(r.last_day_possible),
            )
            for r in self.rotations
        ]
        notes = [label("dates are the first day no longer in office", lang)]
        if self.code.max_term_years is not None:
            notes.append(
                label("code {version}: a term lasts at most {years} years", lang).format(
                    version=self.code.version, years=self.code.max_term_years
                )
            )
        if most is not None:
            notes.append(
                label("code {version}: at most {terms} terms", lang).format(
                    version=self.code.version, terms=most
                )
            )
        return Table(
            title=f"{label('rotation schedule', lang).capitalize()} {format_date(self.on, lang)}",
            columns=(
                label("person", lang),
                label("role", lang),
                label("in office since", lang),
                label("term", lang),
                label("steps down on", lang),
                label("reappointable", lang),
                label("in office at the latest until", lang),
            ),
            rows=rows,
            align="lllrlll",
            footnotes=tuple(notes),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per sitting person: person, role, term number, steps down, reappointable, last day."""
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(
            [
                {
                    "person": r.seat.person,
                    "role": r.seat.role.value,
                    "term_start": r.term.start,
                    "term_number": r.term_number,
                    "steps_down": r.steps_down,
                    "reappointable": r.reappointable,
                    "terms_left": r.terms_left,
                    "last_day_possible": r.last_day_possible,
                }
                for r in self.rotations
            ],
            columns=[
                "person",
                "role",
                "term_start",
                "term_number",
                "steps_down",
                "reappointable",
                "terms_left",
                "last_day_possible",
            ],
        )
        return frame
