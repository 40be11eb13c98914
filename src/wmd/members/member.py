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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from wmd.errors import InvalidInputError, to_enum
from wmd.members import kvk as kvk_number
from wmd.money import amount
from wmd.periods import Date, Period, to_date

__all__ = ["EndReason", "LegalForm", "Member", "Membership", "YearFigures"]


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


@attrs.frozen
class YearFigures:
    """A member's figures for one year; each may be unknown (``None``).

    Attributes:
        year: the calendar year.
        wage_sum: total gross wages in euros (>= 0).
        headcount: number of employees (>= 0).
        fte: full-time equivalents, >= 0 and not above the headcount.

    >>> YearFigures(2012, headcount=10, fte=Decimal("12"))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: figures 2012: fte: expected an fte between 0 and the headcount 10, got Decimal('12')
    """

    year: int = attrs.field()
    wage_sum: Decimal | None = attrs.field(default=None, converter=_optional_wage_sum)
    headcount: int | None = attrs.field(default=None, converter=_optional_int)
    fte: Decimal | None = attrs.field(default=None, converter=_optional_fte)

    @year.validator
    def _check_year(self, _a: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            raise InvalidInputError(
                "year", given=value, expected="a year between 1900 and 2200", where="figures"
            )

    def __attrs_post_init__(self) -> None:
        where = f"figures {self.year}"
        if self.wage_sum is not None and self.wage_sum < 0:
            raise InvalidInputError(
                "wage_sum", given=self.wage_sum, expected="an amount >= 0", where=where
            )
        if self.headcount is not None and self.headcount < 0:
            raise InvalidInputError(
                "headcount", given=self.headcount, expected="a number >= 0", where=where
            )
        if self.fte is not None:
            if self.fte < 0:
                raise InvalidInputError("fte", given=self.fte, expected="an fte >= 0", where=where)
            if self.headcount is not None and self.fte > self.headcount:
                raise InvalidInputError(
                    "fte",
                    given=self.fte,
                    expected=f"an fte between 0 and the headcount {self.headcount}",
                    where=where,
                )


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
        where = f"membership from {self.start.isoformat()}"
        if self.end is not None and self.end <= self.start:
            raise InvalidInputError(
                "end", given=self.end, expected="a date after the start", where=where
            )
        if self.end is None and self.end_reason is not None:
            raise InvalidInputError(
                "end_reason", given=self.end_reason, expected="no reason while open", where=where
            )
        if self.end is not None and self.end_reason is None:
            raise InvalidInputError(
                "end_reason", given=None, expected="a reason for the end", where=where
            )
        if self.end_reason is EndReason.MERGER and not self.successor:
            raise InvalidInputError(
                "successor",
                given=None,
                expected="the id of the member continuing after the merger",
                where=where,
            )
        if self.end_reason is not EndReason.MERGER and self.successor:
            raise InvalidInputError(
                "successor",
                given=self.successor,
                expected="no successor unless merged",
                where=where,
            )

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

    @id.validator  # noqa: A003 - "id" is the domain word; attrs names the validator after it
    def _check_id(self, _a: object, value: str) -> None:
        if not isinstance(value, str) or not value or not set(value) <= _ID_CHARS:
            raise InvalidInputError(
                "id",
                given=value,
                expected="a non-empty id of letters, digits, -_.:/",
                where="member",
            )

    def __attrs_post_init__(self) -> None:
        where = f"member {self.id}"
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError(
                "name", given=self.name, expected="a non-empty name", where=where
            )
        if not self.sectors:
            raise InvalidInputError(
                "sectors", given=(), expected="at least one sector code", where=where
            )
        if len(set(self.sectors)) != len(self.sectors):
            raise InvalidInputError(
                "sectors", given=self.sectors, expected="each sector once", where=where
            )
        if self.sector_split is not None:
            split = self.sector_split
            if len(split) != len(self.sectors) or any(
                not isinstance(s, Decimal) or s < 0 for s in split
            ):
                raise InvalidInputError(
                    "sector_split",
                    given=split,
                    expected="one fraction >= 0 per sector",
                    where=where,
                )
            if sum(split, Decimal(0)) != 1:
                raise InvalidInputError(
                    "sector_split", given=split, expected="fractions adding up to 1", where=where
                )
        years = [f.year for f in self.figures]
        if len(set(years)) != len(years):
            raise InvalidInputError(
                "figures", given=years, expected="at most one set of figures per year", where=where
            )
        for before, after in zip(self.spells, self.spells[1:], strict=False):
            if before.end is None or before.end > after.start:
                raise InvalidInputError(
                    "spells",
                    given=f"{before.period} and {after.period}",
                    expected="membership spells that do not overlap",
                    where=where,
                )

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
