"""Equity (eigen vermogen): reserves, their movements over a year, and the check that they agree.

An association's equity is split into reserves. The *general reserve* (algemene
reserve) is free; an *earmarked reserve* (bestemmingsreserve) is set aside by the
board for a purpose. Over a year each reserve goes from its opening to its closing
balance through *movements*: the appropriation of the year's result
(resultaatbestemming) and other movements, such as a transfer between reserves or
spending on the purpose.

An :class:`Equity` holds the reserves of a year with their balances, the year's
result and the recorded movements. :meth:`Equity.validate` returns
:class:`~wmd.findings.Finding` records when they disagree: the change in equity
must be the result plus the other movements, an appropriation must add up to the
result, and, once movements are recorded, every reserve's change must be explained
by its movements.

>>> from decimal import Decimal
>>> from wmd.finance.equity import Equity, Movement, Reserve
>>> eq = Equity(
...     2012,
...     (Reserve.earmarked("Toekomst", "innovatie", 100, 250), Reserve.general("Algemeen", 500, 500)),
...     result=150,
...     movements=(Movement.appropriation("Toekomst", 150),),
... )
>>> eq.opening, eq.closing, eq.change
(Decimal('600'), Decimal('750'), Decimal('150'))
>>> eq.validate()
[]

Published equity
----------------
The equity table as printed, kept as text and checked, is a
:class:`~wmd.published.equity.PublishedEquity` (the old name here still works).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from wmd.errors import InvalidInputError
from wmd.finance._checks import (
    as_items,
    check_name,
    check_unique,
    euros,
    shown,
)
from wmd.findings import Finding
from wmd.i18n import format_amount, label, locale_of, resolve_lang
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

    from wmd.published.equity import PublishedEquity as PublishedEquity  # noqa: PLC0414 - re-export of a moved name

__all__ = [
    "Equity",
    "Movement",
    "MovementKind",
    "Reserve",
    "ReserveKind",
    "transfer",
]


class ReserveKind(enum.StrEnum):
    """General (algemene) or earmarked (bestemmings-) reserve.

    >>> ReserveKind("earmarked") is ReserveKind.EARMARKED
    True
    """

    GENERAL = "general"
    EARMARKED = "earmarked"


class MovementKind(enum.StrEnum):
    """Appropriation of the year's result, or any other movement (transfer, spending).

    >>> [kind.value for kind in MovementKind]
    ['appropriation', 'other']
    """

    APPROPRIATION = "appropriation"
    OTHER = "other"


def _kind(value: object, enum_type: type[ReserveKind | MovementKind], where: str) -> str:
    allowed = [k.value for k in enum_type]
    if isinstance(value, str) and value in allowed:
        return value
    raise InvalidInputError("kind", given=value, expected=f"one of {allowed}", where=where)


@attrs.frozen(init=False)
class Reserve:
    """One reserve: its opening and closing balance of the year.

    Build with :meth:`general` or :meth:`earmarked`. An earmarked reserve has a
    purpose; a general reserve has none.

    Raises:
        InvalidInputError: for an empty name, an amount that is not whole cents, or
            a purpose missing on an earmarked reserve (or given for a general one).

    >>> Reserve.earmarked("Bestemmingsreserves", "", 1166884, 1437468)
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: reserve 'Bestemmingsreserves': purpose: expected non-empty text, got ''
    """

    name: str
    kind: ReserveKind
    opening: Decimal
    closing: Decimal
    purpose: str | None = None
    name_en: str | None = None

    def __init__(
        self,
        name: str,
        opening: object,
        closing: object,
        *,
        kind: ReserveKind = ReserveKind.GENERAL,
        purpose: str | None = None,
        name_en: str | None = None,
    ) -> None:
        check_name(name, field="name", where="reserve")
        where = f"reserve {name!r}"
        checked = ReserveKind(_kind(kind, ReserveKind, where))
        if checked is ReserveKind.EARMARKED:
            check_name(purpose, field="purpose", where=where)
        elif purpose is not None:
            raise InvalidInputError(
                "purpose", given=purpose, expected="no purpose for a general reserve", where=where
            )
        if name_en is not None:
            check_name(name_en, field="name_en", where=where)
        self.__attrs_init__(
            name,
            checked,
            euros(opening, field="opening", where=where),
            euros(closing, field="closing", where=where),
            purpose,
            name_en,
        )

    @classmethod
    def general(
        cls, name: str, opening: object, closing: object, *, name_en: str | None = None
    ) -> Reserve:
        """A general reserve (algemene reserve).

        >>> Reserve.general("Algemene reserves", "966.584", "977.089").closing
        Decimal('977089')
        """
        return cls(name, opening, closing, name_en=name_en)

    @classmethod
    def earmarked(
        cls,
        name: str,
        purpose: str,
        opening: object,
        closing: object,
        *,
        name_en: str | None = None,
    ) -> Reserve:
        """An earmarked reserve (bestemmingsreserve) with the purpose the board set.

        >>> Reserve.earmarked("Toekomstperspectief leden", "krimp en innovatie", 0, 281084).purpose
        'krimp en innovatie'
        """
        return cls(
            name, opening, closing, kind=ReserveKind.EARMARKED, purpose=purpose, name_en=name_en
        )

    @property
    def change(self) -> Decimal:
        """Closing minus opening balance.

        >>> Reserve.general("Algemene reserves", "966.584", "977.089").change
        Decimal('10505')
        """
        return self.closing - self.opening

    def label(self, lang: str | None = None) -> str:
        """The name shown in ``lang``: the English name if there is one, else the name.

        >>> Reserve.general("Algemene reserves", 0, 0, name_en="General reserves").label("en")
        'General reserves'
        """
        locale_of(lang)
        return self.name_en if resolve_lang(lang) == "en" and self.name_en else self.name


@attrs.frozen(init=False)
class Movement:
    """An amount added to (positive) or taken from (negative) a reserve during the year.

    >>> Movement.appropriation("Bestemmingsreserves", "281.084")
    Movement(reserve='Bestemmingsreserves', amount=Decimal('281084'), kind=<MovementKind.APPROPRIATION: 'appropriation'>, description='')
    """

    reserve: str
    amount: Decimal
    kind: MovementKind = MovementKind.APPROPRIATION
    description: str = ""

    def __init__(
        self,
        reserve: str,
        amount: object,
        kind: MovementKind = MovementKind.APPROPRIATION,
        description: str = "",
    ) -> None:
        check_name(reserve, field="reserve", where="movement")
        where = f"movement on {reserve!r}"
        if not isinstance(description, str):
            raise InvalidInputError("description", given=description, expected="text", where=where)
        self.__attrs_init__(
            reserve,
            euros(amount, field="amount", where=where),
            MovementKind(_kind(kind, MovementKind, where)),
            description,
        )

    @classmethod
    def appropriation(cls, reserve: str, amount: object) -> Movement:
        """(Part of) the year's result appropriated to a reserve; a deficit is negative.

        >>> Movement.appropriation("Algemene reserves", "(12.000)").amount
        Decimal('-12000')
        """
        return cls(reserve, amount, MovementKind.APPROPRIATION)

    @classmethod
    def other(cls, reserve: str, amount: object, description: str = "") -> Movement:
        """Any other movement: spending on the purpose, a release, one side of a transfer.

        >>> Movement.other("Bestemmingsreserves", -5000, "projecten").kind.value
        'other'
        """
        return cls(reserve, amount, MovementKind.OTHER, description)


def transfer(
    source: str, target: str, amount: object, description: str = ""
) -> tuple[Movement, Movement]:
    """A transfer between two reserves: the two other movements that cancel out.

    >>> [str(m.amount) for m in transfer("Bestemmingsreserves", "Algemene reserves", 10500)]
    ['-10500', '10500']
    """
    into = Movement.other(target, amount, description)
    return Movement.other(source, -into.amount, description), into


def _reserves(value: Iterable[Reserve]) -> tuple[Reserve, ...]:
    return as_items(value, "reserves", "a sequence of Reserve objects")  # type: ignore[return-value]  # checked after init


def _movements(value: Iterable[Movement]) -> tuple[Movement, ...]:
    return as_items(value, "movements", "a sequence of Movement objects")  # type: ignore[return-value]  # checked after init


def _result(value: object) -> Decimal:
    return euros(value, field="result", where="equity")


def _year(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError("year", given=value, expected="a year as an int", where="equity")
    return value


@attrs.frozen
class Equity(Tabular):
    """The reserves of a year, the year's result and the movements recorded.

    Attributes:
        year: the financial year.
        reserves: the reserves with their opening and closing balances, in order.
        result: the year's result (saldo) from the income statement.
        movements: the appropriation of the result and other movements, if known.

    Raises:
        InvalidInputError: for two reserves with one name, or a movement on a
            reserve that is not there.

    >>> Equity(2012, (Reserve.general("Algemeen", 0, 10),), 10, (Movement.appropriation("Overig", 10),))
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: equity 2012: reserve: expected one of ['Algemeen'], got 'Overig'
    """

    year: int = attrs.field(converter=_year)
    reserves: tuple[Reserve, ...] = attrs.field(converter=_reserves)
    result: Decimal = attrs.field(converter=_result)
    movements: tuple[Movement, ...] = attrs.field(default=(), converter=_movements)

    def __attrs_post_init__(self) -> None:
        where = f"equity {self.year}"
        for reserve in self.reserves:
            if not isinstance(reserve, Reserve):
                raise InvalidInputError(
                    "reserves", given=reserve, expected="Reserve objects", where=where
                )
        check_unique([r.name for r in self.reserves], "reserves", where)
        names = [r.name for r in self.reserves]
        for movement in self.movements:
            if not isinstance(movement, Movement):
                raise InvalidInputError(
                    "movements", given=movement, expected="Movement objects", where=where
                )
            if movement.reserve not in names:
                raise InvalidInputError(
                    "reserve", given=movement.reserve, expected=f"one of {names}", where=where
                )

    def reserve(self, name: str) -> Reserve:
        """The reserve with a name.

        Raises:
            InvalidInputError: for a name that is not a reserve.

        >>> _example().reserve("Toekomst").purpose
        'innovatie'
        """
        for reserve in self.reserves:
            if reserve.name == name:
                return reserve
        raise InvalidInputError(
            "reserve",
            given=name,
            expected=f"one of {[r.name for r in self.reserves]}",
            where=f"equity {self.year}",
        )

    @property
    def opening(self) -> Decimal:
        """Equity at the start of the year: the sum of the opening balances.

        >>> _example().opening
        Decimal('600')
        """
        return sum((r.opening for r in self.reserves), Decimal(0))

    @property
    def closing(self) -> Decimal:
        """Equity at the end of the year: the sum of the closing balances.

        >>> _example().closing
        Decimal('750')
        """
        return sum((r.closing for r in self.reserves), Decimal(0))

    @property
    def change(self) -> Decimal:
        """Closing minus opening equity.

        >>> _example().change
        Decimal('150')
        """
        return self.closing - self.opening

    def moved(self, kind: MovementKind, reserve: str | None = None) -> Decimal:
        """The sum of the movements of a kind, on one reserve or (``None``) on all.

        >>> _example().moved(MovementKind.APPROPRIATION, "Toekomst")
        Decimal('150')
        """
        if reserve is not None:
            self.reserve(reserve)
        checked = MovementKind(_kind(kind, MovementKind, f"equity {self.year}"))
        return sum(
            (
                m.amount
                for m in self.movements
                if m.kind is checked and (reserve is None or m.reserve == reserve)
            ),
            Decimal(0),
        )

    def validate(self) -> list[Finding]:
        """Every disagreement between balances, result and movements, at once.

        * The change in equity must equal the result plus the other movements.
        * If an appropriation is recorded, it must add up to the result.
        * If any movement is recorded, each reserve's change must equal its movements.

        In a finding, ``printed`` is the figure from the balances and ``computed`` the
        one it should equal.

        >>> eq = attrs.evolve(_example(), result=140)
        >>> for finding in eq.validate():
        ...     print(finding)
        change in equity: the change in equity is not the result plus the other movements; printed 150; computed 140; difference 10
        appropriation of the result: the appropriation does not add up to the result; printed 150; computed 140; difference 10
        """
        findings: list[Finding] = []
        other = self.moved(MovementKind.OTHER)
        appropriated = self.moved(MovementKind.APPROPRIATION)
        checks = [
            (
                "change in equity",
                self.change,
                self.result + other,
                "the change in equity is not the result plus the other movements",
            )
        ]
        if any(m.kind is MovementKind.APPROPRIATION for m in self.movements):
            checks.append(
                (
                    "appropriation of the result",
                    appropriated,
                    self.result,
                    "the appropriation does not add up to the result",
                )
            )
        if self.movements:
            checks += [
                (
                    f"{r.name}: change",
                    r.change,
                    self.moved(MovementKind.APPROPRIATION, r.name)
                    + self.moved(MovementKind.OTHER, r.name),
                    "the reserve's change is not the sum of its movements",
                )
                for r in self.reserves
            ]
        for what, stated, expected, note in checks:
            if stated != expected:
                printed = format_amount(stated)  # in the report's notation
                findings.append(Finding(what, printed, expected, stated - expected, note))
        return findings

    def table(self, lang: str | None = None) -> Table:
        """The movements of equity for people: a row per reserve and the total.

        >>> print(_example().table("en"))
        Equity 2012
                   At start   Appropriation of the result   Other movements   At end
        ----------------------------------------------------------------------------
        Toekomst        100                           150                 -      250
        Algemeen        500                             -                 -      500
        ----------------------------------------------------------------------------
        Total           600                           150                 -      750
        Toekomst: innovatie
        """
        locale_of(lang)

        def row(
            name: str, opening: Decimal, ours: Decimal, other: Decimal, closing: Decimal
        ) -> list[str]:
            return [name, *(shown(v, lang) for v in (opening, ours, other, closing))]

        rows = [
            row(
                r.label(lang),
                r.opening,
                self.moved(MovementKind.APPROPRIATION, r.name),
                self.moved(MovementKind.OTHER, r.name),
                r.closing,
            )
            for r in self.reserves
        ]
        rows.append(
            row(
                label("total", lang).capitalize(),
                self.opening,
                self.moved(MovementKind.APPROPRIATION),
                self.moved(MovementKind.OTHER),
                self.closing,
            )
        )
        headers = ["at start", "appropriation of the result", "other movements", "at end"]
        return Table(
            title=f"{label('equity', lang).capitalize()} {self.year}",
            columns=["", *(label(h, lang).capitalize() for h in headers)],
            rows=rows,
            align="lrrrr",
            total_rows=frozenset({len(rows) - 1}),
            footnotes=tuple(f"{r.label(lang)}: {r.purpose}" for r in self.reserves if r.purpose),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per reserve: kind, purpose, opening, appropriation, other, closing (``Decimal``).

        >>> _example().to_pandas()["closing"].tolist()
        [Decimal('250'), Decimal('500')]
        """
        pd_mod = require_pandas()
        records = [
            {
                "reserve": r.name,
                "kind": r.kind.value,
                "purpose": r.purpose,
                "opening": r.opening,
                "appropriation": self.moved(MovementKind.APPROPRIATION, r.name),
                "other": self.moved(MovementKind.OTHER, r.name),
                "closing": r.closing,
            }
            for r in self.reserves
        ]
        frame: pd.DataFrame = pd_mod.DataFrame.from_records(records)
        return frame


def _example() -> Equity:
    """The small equity of the module docstring, for examples."""
    return Equity(
        2012,
        (
            Reserve.earmarked("Toekomst", "innovatie", 100, 250),
            Reserve.general("Algemeen", 500, 500),
        ),
        result=150,
        movements=(Movement.appropriation("Toekomst", 150),),
    )


_MOVED: Final = frozenset({"PublishedEquity"})


if not TYPE_CHECKING:  # type checkers see the re-exports above, so a typo stays an error

    def __getattr__(name: str) -> object:
        """The printed equity table moved to :mod:`wmd.published.equity`; the old name still works."""
        if name in _MOVED:
            import importlib  # noqa: PLC0415 - wmd.published.equity imports this module

            return getattr(importlib.import_module("wmd.published.equity"), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
