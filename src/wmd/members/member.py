"""A member organisation, its yearly figures and its membership spells.

A :class:`Member` is a foundation or association (not a person) with a stable id,
a KvK number, the sectors it works in, and per year its wage sum (loonsom),
headcount and fte. Its membership is one or more :class:`Membership` spells.

Membership spells are half-open ``[start, end)``: ``end`` is the first day the
organisation is **no longer** a member. A cancellation at the end of 2012 is
``end=2013-01-01``: still a member on 31 December 2012.

>>> from decimal import Decimal
>>> import pendulum
>>> from wmd.members import Member, Membership, YearFigures
>>> m = Member(
...     id="M001",
...     name="Stichting Welzijn Voorbeeld",
...     kvk="41234567",
...     sectors=("LW", "PSZ"),
...     figures=(YearFigures(2012, wage_sum=Decimal("812000"), headcount=21, fte=Decimal("14.5")),),
...     spells=(Membership(pendulum.date(2001, 1, 1)),),
... )
>>> m.wage_sum(2012), m.primary_sector
(Decimal('812000'), 'LW')
>>> m.is_member_on(pendulum.date(2012, 12, 31))
True
>>> m.wage_sum(2011) is None
True
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Final, TypeVar

import attrs

from wmd.errors import FieldProblem, InvalidInputError, raise_problems, to_enum
from wmd.limits import check_text
from wmd.members import kvk as kvk_number
from wmd.money import amount, local_context
from wmd.periods import Date, Period, to_date

__all__ = ["EndReason", "LegalForm", "Member", "Membership", "YearFigures"]

_T = TypeVar("_T")


class LegalForm(enum.StrEnum):
    """Legal form of a member organisation."""

    FOUNDATION = "stichting"
    ASSOCIATION = "vereniging"
    COOPERATIVE = "cooperatie"
    COMPANY = "bv"
    OTHER = "anders"


class EndReason(enum.StrEnum):
    """Why a membership spell ended."""

    CANCELLATION = "cancellation"
    """opzegging: the member ended it."""
    TERMINATION = "termination"
    """beëindiging: the association ended it."""
    MERGER = "merger"
    """fusie: the member merged into a successor that continues the membership."""
    EXPULSION = "expulsion"
    """ontzetting: the association ended it at once (BW 2:35)."""


def _optional_wage_sum(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    return amount(value, field="wage_sum", notation="plain")


def _optional_fte(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    return amount(value, field="fte", notation="plain")


def _optional_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInputError("headcount", given=value, expected="a whole number of people")
    try:
        return int(value)
    except ValueError:
        raise InvalidInputError(
            "headcount", given=value, expected="a whole number of people"
        ) from None


def _whole_cents(value: Decimal) -> bool:
    with local_context():
        return value == value.quantize(Decimal("0.01"))


def _as_written(value: object) -> object:
    """A number as the user wrote it (``'100.005'``), for messages; other values as they are."""
    return format(value, "f") if isinstance(value, Decimal) and value.is_finite() else value


@attrs.frozen
class YearFigures:
    """A member's figures for one year; each may be unknown (``None``).

    Attributes:
        year: the calendar year.
        wage_sum: total gross wages in euros (>= 0), a whole number of cents.
        headcount: number of employees (>= 0).
        fte: full-time equivalents, >= 0 and not above the headcount.

    The rules are :meth:`problems`; the constructor raises all of them at once:

    >>> YearFigures(2012, headcount=10, fte=Decimal("12"))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: figures 2012: fte: expected an fte between 0 and the headcount 10, got '12'
    >>> YearFigures(2012, wage_sum="100.005", headcount=2, fte="3")
    Traceback (most recent call last):
    ...
    wmd.errors.ProblemsError: 2 problems:
      figures 2012: wage_sum: expected an amount >= 0 in whole cents (at most two decimals), got '100.005'
      figures 2012: fte: expected an fte between 0 and the headcount 2, got '3'
    """

    year: int = attrs.field()
    wage_sum: Decimal | None = attrs.field(default=None, converter=_optional_wage_sum)
    headcount: int | None = attrs.field(default=None, converter=_optional_int)
    fte: Decimal | None = attrs.field(default=None, converter=_optional_fte)

    def __attrs_post_init__(self) -> None:
        raise_problems(self.problems(self.year, self.wage_sum, self.headcount, self.fte))

    @staticmethod
    def problems(
        year: object,
        wage_sum: Decimal | None = None,
        headcount: int | None = None,
        fte: Decimal | None = None,
    ) -> list[FieldProblem]:
        """Every rule the figures of one year break (empty when they are valid).

        Readers call this on the values they parsed, so a row reports all its
        problems; ``given`` is the value as written (``'100.005'``, not a fraction).

        >>> [p.field for p in YearFigures.problems(2012, Decimal("-1"), 2, Decimal("3"))]
        ['wage_sum', 'fte']
        """
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
            return [FieldProblem("year", year, "a year between 1900 and 2200", "figures")]
        where = f"figures {year}"
        found = []
        if wage_sum is not None and (wage_sum < 0 or not _whole_cents(wage_sum)):
            found.append(
                FieldProblem(
                    "wage_sum",
                    _as_written(wage_sum),
                    "an amount >= 0 in whole cents (at most two decimals)",
                    where,
                )
            )
        if headcount is not None and headcount < 0:
            found.append(FieldProblem("headcount", headcount, "a number >= 0", where))
        if fte is not None and fte < 0:
            found.append(FieldProblem("fte", _as_written(fte), "an fte >= 0", where))
        elif fte is not None and headcount is not None and headcount >= 0 and fte > headcount:
            found.append(
                FieldProblem(
                    "fte",
                    _as_written(fte),
                    f"an fte between 0 and the headcount {headcount}",
                    where,
                )
            )
        return found


def _optional_date(value: object) -> Date | None:
    return None if value is None or value == "" else to_date(value, field="end")


def _start_date(value: object) -> Date:
    return to_date(value, field="start")


def _optional_id(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidInputError("successor", given=value, expected="a member id")
    return value


def _optional_reason(value: object) -> EndReason | None:
    if value is None or value == "":
        return None
    try:
        return EndReason(str(value))
    except ValueError:
        raise InvalidInputError(
            "end_reason", given=value, expected=f"one of {[r.value for r in EndReason]}"
        ) from None


@attrs.frozen
class Membership:
    """One spell of membership, ``[start, end)``.

    Attributes:
        start: first day as a member.
        end: first day no longer a member, or ``None`` while it lasts.
        end_reason: why it ended; required when ``end`` is set.
        successor: for a merger, the id of the member that continues the membership
            (BW 2:34 lid 2).

    >>> Membership(pendulum.date(2010, 1, 1), pendulum.date(2013, 1, 1), EndReason.MERGER)
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: membership from 2010-01-01: successor: expected the id of the member continuing after the merger, got None
    """

    start: Date = attrs.field(converter=_start_date)
    end: Date | None = attrs.field(default=None, converter=_optional_date)
    end_reason: EndReason | None = attrs.field(default=None, converter=_optional_reason)
    successor: str | None = attrs.field(default=None, converter=_optional_id)

    def __attrs_post_init__(self) -> None:
        raise_problems(self.problems(self.start, self.end, self.end_reason, self.successor))

    @staticmethod
    def problems(
        start: Date,
        end: Date | None = None,
        end_reason: EndReason | None = None,
        successor: str | None = None,
    ) -> list[FieldProblem]:
        """Every rule one spell breaks (empty when it is valid).

        >>> [p.field for p in Membership.problems(pendulum.date(2012, 1, 1), pendulum.date(2011, 1, 1), None, "B")]
        ['end', 'end_reason', 'successor']
        """
        where = f"membership from {start.isoformat()}"
        found = []
        if end is not None and end <= start:
            found.append(FieldProblem("end", end, "a date after the start", where))
        if end is None and end_reason is not None:
            found.append(FieldProblem("end_reason", end_reason, "no reason while open", where))
        if end is not None and end_reason is None:
            found.append(FieldProblem("end_reason", None, "a reason for the end", where))
        if end_reason is EndReason.MERGER and not successor:
            expected = "the id of the member continuing after the merger"
            found.append(FieldProblem("successor", None, expected, where))
        if end_reason is not EndReason.MERGER and successor:
            found.append(FieldProblem("successor", successor, "no successor unless merged", where))
        return found

    @property
    def period(self) -> Period:
        """The spell as a :class:`~wmd.periods.Period`."""
        return Period(self.start, self.end)


def _codes(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _figures(value: Iterable[YearFigures] | Mapping[int, YearFigures]) -> tuple[YearFigures, ...]:
    items = value.values() if isinstance(value, Mapping) else value
    return tuple(sorted(items, key=lambda f: f.year))


def _spells(value: Iterable[Membership]) -> tuple[Membership, ...]:
    return tuple(sorted(value, key=lambda s: s.start))


def _optional_kvk(value: object) -> str | None:
    if value is None or value == "":
        return None
    return kvk_number.validate(value) if isinstance(value, str) else kvk_number.validate(str(value))


_ID_CHARS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/")


def ids_pass(ids: Sequence[str]) -> bool:
    """Whether every id is a valid member id (non-empty; letters, digits and ``-_.:/``).

    The rule of :meth:`Member.problems`, over a whole column at once.

    >>> ids_pass(["M001", "A-2"]), ids_pass(["M001", ""]), ids_pass(["M 1"])
    (True, False, False)
    """
    return all(ids) and set("".join(ids)) <= _ID_CHARS


_CENT: Final = Decimal("0.01")


def figures_pass(
    wage_sums: Sequence[Decimal | None],
    headcounts: Sequence[int | None],
    ftes: Sequence[Decimal | None],
) -> bool:
    """Whether every row of figures passes :meth:`YearFigures.problems` (the year aside).

    The rules of one year's figures over whole columns at once, for readers: row
    ``k`` is ``(wage_sums[k], headcounts[k], ftes[k])``, each ``None`` when unknown.
    The values are within :func:`~wmd.money.amount`'s limits (the converters' check).

    >>> figures_pass([Decimal("812000.50"), None], [21, None], [Decimal("14.5"), Decimal("0")])
    True
    >>> figures_pass([Decimal("100.005")], [None], [None]), figures_pass([None], [2], [Decimal("3")])
    (False, False)
    """
    wages = [w for w in wage_sums if w is not None]
    if wages:
        with local_context():  # the whole cents of _whole_cents, over the column
            cents = list(map(Decimal.quantize, wages, itertools.repeat(_CENT)))
        if min(wages) < 0 or wages != cents:
            return False
    if min((h for h in headcounts if h is not None), default=0) < 0:
        return False
    if min((f for f in ftes if f is not None), default=0) < 0:
        return False
    return not any(
        f > h for f, h in zip(ftes, headcounts, strict=True) if f is not None and h is not None
    )


def _legal_form(value: object) -> LegalForm:
    return to_enum(LegalForm, value, "legal_form")


@attrs.frozen
class Member:
    """A member organisation.

    Attributes:
        id: stable member id (letters, digits and ``-_.:/``).
        name: the organisation's name.
        kvk: 8-digit KvK number, or ``None`` when not known.
        sectors: sector codes the member works in; the first is the primary sector.
        sector_split: optional declared split of the wage sum over ``sectors``:
            fractions in the same order that add up to exactly 1.
        figures: :class:`YearFigures` per year, at most one per year.
        spells: :class:`Membership` spells, which never overlap.
        legal_form: the :class:`LegalForm`.
    """

    id: str = attrs.field()
    name: str = attrs.field()
    kvk: str | None = attrs.field(default=None, converter=_optional_kvk)
    sectors: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    sector_split: tuple[Decimal, ...] | None = attrs.field(default=None)
    figures: tuple[YearFigures, ...] = attrs.field(default=(), converter=_figures)
    spells: tuple[Membership, ...] = attrs.field(default=(), converter=_spells)
    legal_form: LegalForm = attrs.field(default=LegalForm.FOUNDATION, converter=_legal_form)

    def __attrs_post_init__(self) -> None:
        raise_problems(
            self.problems(
                self.id,
                self.name,
                sectors=self.sectors,
                sector_split=self.sector_split,
                figures=self.figures,
                spells=self.spells,
            )
        )

    @staticmethod
    def problems(
        member_id: object,
        name: object,
        *,
        kvk: object = None,
        sectors: Sequence[str] = (),
        sector_split: Sequence[Decimal] | None = None,
        figures: Sequence[YearFigures] = (),
        spells: Sequence[Membership] = (),
    ) -> list[FieldProblem]:
        """Every rule a member breaks (empty when it is valid).

        ``kvk`` is checked when given as text (the constructor has already
        checked it). A problem with one spell or one year of figures carries its
        position in :attr:`~wmd.errors.FieldProblem.at` (``("spells", 1)``), in
        the order given, so a reader can point at the row it came from.

        >>> found = Member.problems("M1", " ", kvk="4123", sectors=("LW", "LW"))
        >>> [(p.field, p.expected) for p in found]
        [('name', 'a non-empty name'), ('kvk', '8 digits'), ('sectors', 'each sector once')]
        """
        valid_id = isinstance(member_id, str) and ids_pass((member_id,))
        where = f"member {member_id}" if valid_id else "member"
        found = []
        if not valid_id:
            found.append(
                FieldProblem("id", member_id, "a non-empty id of letters, digits, -_.:/", where)
            )
        if not isinstance(name, str) or not name.strip():
            found.append(FieldProblem("name", name, "a non-empty name", where))
        else:
            try:
                check_text(name, field="name", where=where)
            except InvalidInputError as err:
                found.append(FieldProblem("name", name, err.expected, where))
        if kvk is not None and kvk != "":
            try:
                kvk_number.validate(str(kvk))
            except InvalidInputError as err:
                found.append(FieldProblem("kvk", kvk, err.expected, where))
        if not sectors:
            found.append(FieldProblem("sectors", (), "at least one sector code", where))
        elif len(set(sectors)) != len(sectors):
            found.append(FieldProblem("sectors", tuple(sectors), "each sector once", where))
        found += _split_problems(sector_split, len(sectors), where)
        found += _figures_problems(figures, where)
        found += _spell_problems(spells, where)
        return found

    @property
    def primary_sector(self) -> str:
        """The code of the primary sector (the first of :attr:`sectors`)."""
        return self.sectors[0]

    def figures_for(self, year: int) -> YearFigures | None:
        """The figures for ``year``, or ``None`` when there are none."""
        for figures in self.figures:
            if figures.year == year:
                return figures
        return None

    def wage_sum(self, year: int) -> Decimal | None:
        """The wage sum of ``year``, or ``None`` when unknown."""
        figures = self.figures_for(year)
        return None if figures is None else figures.wage_sum

    def spell_on(self, day: Date) -> Membership | None:
        """The spell that includes ``day``, or ``None`` when not a member that day."""
        for spell in self.spells:
            if day in spell.period:
                return spell
        return None

    def is_member_on(self, day: Date) -> bool:
        """Whether the organisation is a member on ``day`` (``start <= day < end``)."""
        return self.spell_on(day) is not None

    def with_figures(self, figures: YearFigures) -> Member:
        """A copy with ``figures`` replacing any figures of the same year."""
        others = [f for f in self.figures if f.year != figures.year]
        return attrs.evolve(self, figures=(*others, figures))

    def sector_weights(self) -> tuple[tuple[str, Decimal], ...]:
        """How the wage sum is attributed: the declared split, else all to the primary sector."""
        if self.sector_split is None:
            return ((self.primary_sector, Decimal(1)),)
        return tuple(zip(self.sectors, self.sector_split, strict=True))


def trusted(cls: type[_T], **values: object) -> _T:
    """An instance of an attrs class from values that already passed its rules, unchecked.

    For :mod:`wmd.members.columns`, which makes members from a checked registry's
    columns: converters and :meth:`problems` would only repeat work done. Never for
    values that were not checked.
    """
    item = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(item, name, value)
    return item


def _split_problems(
    sector_split: Sequence[Decimal] | None, sectors: int, where: str
) -> list[FieldProblem]:
    if sector_split is None:
        return []
    split = tuple(sector_split)
    if len(split) != sectors or any(not isinstance(s, Decimal) or s < 0 for s in split):
        return [FieldProblem("sector_split", split, "one fraction >= 0 per sector", where)]
    if sum(split, Decimal(0)) != 1:
        return [FieldProblem("sector_split", split, "fractions adding up to 1", where)]
    return []


def _figures_problems(figures: Sequence[YearFigures], where: str) -> list[FieldProblem]:
    """A year with a second set of figures, placed at the later one."""
    found = []
    seen: set[int] = set()
    for index, item in enumerate(figures):
        if item.year in seen:
            expected = "at most one set of figures per year"
            found.append(FieldProblem("figures", item.year, expected, where, at=("figures", index)))
        seen.add(item.year)
    return found


def _spell_problems(spells: Sequence[Membership], where: str) -> list[FieldProblem]:
    """Spells that overlap, placed at the later one (in date order)."""
    found = []
    order = sorted(range(len(spells)), key=lambda i: spells[i].start)
    for before, after in itertools.pairwise(order):
        first, second = spells[before], spells[after]
        if first.end is None or first.end > second.start:
            found.append(
                FieldProblem(
                    "spells",
                    f"{first.period} and {second.period}",
                    "membership spells that do not overlap",
                    where,
                    at=("spells", after),
                )
            )
    return found
