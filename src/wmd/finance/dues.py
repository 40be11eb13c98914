"""Dues (contributie): schedules, one member's assessment, and the dues roll of a registry.

A :class:`DuesSchedule` for one dues year is plain data: a :class:`Basis` (which
figure of which year), a formula (:mod:`wmd.finance.formulas`), a
:class:`~wmd.finance.proration.Proration`, a merger rule, a rounding policy and an
optional :class:`Vat` split.

* :meth:`DuesSchedule.assess` -- the readable scalar path for one member, with an
  explanation a member can check its invoice against;
* :meth:`DuesSchedule.roll` -- the whole registry through the numpy kernel on
  ``int64`` cents, giving exactly the cents of :meth:`~DuesSchedule.assess`.

>>> import pendulum
>>> from wmd.finance.dues import Basis, DuesSchedule
>>> from wmd.finance.formulas import Rate
>>> from wmd.finance.proration import Proration
>>> from wmd.members import Member, Membership, Registry, YearFigures
>>> member = Member("M1", "Stichting Een", sectors=("LW",),
...     figures=(YearFigures(2011, wage_sum=Decimal("800000")),),
...     spells=(Membership(pendulum.date(2012, 7, 1)),))
>>> registry = Registry((member,))
>>> schedule = DuesSchedule(2012, Rate.per_mille("2", minimum="250"), Basis(years_before=1),
...     proration=Proration("months"))
>>> a = schedule.assess(member, registry)
>>> a.basis, a.gross, a.fraction, a.amount  # 800.000 x 2 promille = 1.600; 6 of 12 months
(Decimal('800000.00'), Decimal('1600.00'), Fraction(1, 2), Decimal('800.00'))
>>> print(a.explain("en"))
M1, dues 2012
wage sum 2011: €800,000.00
€800,000.00 × 2‰ = €1,600.00
minimum €250.00 not applied
gross dues: €1,600.00
part of the year: 6/12
amount due: €1,600.00 × 6/12 = €800.00
>>> roll = schedule.roll(registry)
>>> roll.total
Decimal('800.00')
"""

from __future__ import annotations

import decimal
import enum
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

from wmd._lazy import lazy_module
from wmd.errors import InvalidInputError, RuleError, to_enum
from wmd.finance.formulas import Formula, Rate
from wmd.finance.proration import Proration, coverage
from wmd.i18n import (
    format_amount,
    format_date,
    format_exact_amount,
    format_number,
    format_percent,
    format_quantity,
    format_rate,
    label,
)
from wmd.members.columns import OPEN, REASONS, RegistryColumns
from wmd.members.member import EndReason, Member, Membership
from wmd.members.registry import Registry
from wmd.money import CENTS, RoundingPolicy, amount, as_fraction, from_cents, local_context
from wmd.periods import Date, Year, days_between
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd
else:
    np = lazy_module("numpy")
    npt = lazy_module("numpy.typing")

__all__ = [
    "Assessment",
    "Basis",
    "BasisKind",
    "BasisPart",
    "DuesRoll",
    "DuesSchedule",
    "MergerRule",
    "MissingBasis",
    "Percentage",
    "RollColumns",
    "Settlement",
    "SettlementLine",
    "SolveResult",
    "Term",
    "Vat",
    "explain_steps",
    "lever",
    "show_value",
    "solve_rate",
    "with_lever",
]

Int64Array: TypeAlias = "npt.NDArray[np.int64]"


class BasisKind(enum.StrEnum):
    """Which figure the dues are based on."""

    WAGE_SUM = "wage_sum"
    HEADCOUNT = "headcount"
    FTE = "fte"


_MERGER_CODE: Final = REASONS.index(EndReason.MERGER)
_SCALE: Final = {BasisKind.WAGE_SUM: 100, BasisKind.HEADCOUNT: 1, BasisKind.FTE: 10_000}
"""Whole basis units: cents of wage sum, people, ten-thousandths of an fte."""
_PLACES: Final = {100: 2, 1: 0, 10_000: 4}


def _from_units(units: int, scale: int) -> Decimal:
    """A basis in whole units as a Decimal, exactly (no division in the caller's context)."""
    return Decimal(units).scaleb(-_PLACES[scale])


class MissingBasis(enum.StrEnum):
    """What happens when the basis figure is not known."""

    ERROR = "error"
    """Refuse: the member cannot be assessed (a :class:`~wmd.errors.RuleError` names it)."""
    LAST_KNOWN = "last_known"
    """Use the last figure known before the basis year, as final."""
    ESTIMATE = "estimate"
    """Use the last figure known as an estimate: the assessment is provisional, to be settled."""


class MergerRule(enum.StrEnum):
    """How a merger reaches the dues (BW 2:34 lid 2: the membership passes to the successor).

    Under both rules a merged member's figures count in its successor's basis for a
    basis year ``Y`` when the merged member still existed during ``Y`` (its
    membership ended after 1 January of ``Y``; on 1 January of ``Y`` the successor's
    own figures of ``Y`` already hold it), chains of mergers followed. The rules
    differ in the dues year of the merger itself.
    """

    CONTINUES = "continues"
    """The default: the successor continues the membership from the merger on.

    In the merger year the merged member pays nothing itself; its successor's basis
    includes the merged member's figures of the basis year. No euro is lost, whatever
    the day of the merger.
    """
    COMBINED = "continues"
    """The old name of :attr:`CONTINUES` (``"combined"`` in schedule files still reads)."""
    SEPARATE = "separate"
    """Each member is assessed on its own basis in the merger year.

    The merged member pays by the leaving rule for its part of the year; a member
    that merged away on 1 January of the dues year is still assessed for the whole
    year, and its successor owes the amount (:attr:`Assessment.payer`).
    """

    @classmethod
    def _missing_(cls, value: object) -> MergerRule | None:
        return cls.CONTINUES if value == "combined" else None


def _basis_kind(value: object) -> BasisKind:
    return to_enum(BasisKind, value, "kind")


def _missing_basis(value: object) -> MissingBasis:
    return to_enum(MissingBasis, value, "missing")


def _merger_rule(value: object) -> MergerRule:
    return to_enum(MergerRule, value, "merger_rule")


@attrs.frozen
class Basis:
    """The basis of the dues: a figure (``kind``) of a basis year.

    The basis year is the dues year minus ``years_before``, or the year of
    ``reference_date`` when that is given.
    """

    kind: BasisKind = attrs.field(default=BasisKind.WAGE_SUM, converter=_basis_kind)
    years_before: int = attrs.field(default=0)
    reference_date: Date | None = None
    missing: MissingBasis = attrs.field(default=MissingBasis.ERROR, converter=_missing_basis)

    @years_before.validator
    def _check(self, _a: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise InvalidInputError(
                "years_before", given=value, expected="a whole number from 0 to 10", where="basis"
            )

    def year_for(self, dues_year: int) -> int:
        """The basis year for a dues year."""
        return (
            self.reference_date.year
            if self.reference_date is not None
            else dues_year - self.years_before
        )


def _plain_amount(value: object) -> Decimal:
    return amount(value, field="VAT", notation="plain")


@attrs.frozen
class Vat:
    """A part of the dues (``share``) is liable to VAT at ``rate``; the rest is exempt."""

    share: Decimal = attrs.field(converter=_plain_amount)
    rate: Decimal = attrs.field(default=Decimal("0.21"), converter=_plain_amount)

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.share <= 1:
            raise InvalidInputError(
                "share", given=self.share, expected="a fraction in [0, 1]", where="VAT"
            )
        if not 0 <= self.rate <= 1:
            raise InvalidInputError(
                "rate", given=self.rate, expected="a rate in [0, 1]", where="VAT"
            )


@attrs.frozen
class BasisPart:
    """One member's figure in a basis: its own, or a merged predecessor's.

    Attributes:
        member_id: whose figure.
        value: the figure (euros, people or fte).
        year: the year of the figure used.
        wanted: the basis year the schedule asks for.
        how: ``"figure"`` (the basis year's own), ``"last_known"``, ``"estimate"``
            (the last figure before the basis year), ``"none"`` (a formula that
            does not use the basis), or ``"unknown"`` (a predecessor that ceased
            during the basis year without a figure for it: it adds nothing).
        merged_on: for a predecessor, the day of its merger (its first day as no
            member); ``None`` for the member's own figure.
    """

    member_id: str
    value: Fraction
    year: int
    wanted: int
    how: str
    merged_on: Date | None = None


@attrs.frozen
class _Inputs:
    """What the scalar and vectorized paths share for one member: basis and time in the year."""

    member_id: str
    payer_id: str
    basis: Fraction
    basis_year: int
    source: str
    estimated: bool
    pieces: tuple[tuple[int, int], ...]
    parts: tuple[BasisPart, ...]


@attrs.frozen
class Assessment:
    """One member's dues for one year, with how they came about.

    Attributes:
        member_id: the member.
        year: the dues year.
        basis_kind: which figure.
        basis: its value (euros, people or fte), including merged members' figures.
        basis_year: the year of the figure.
        source: where the figure came from, in words.
        estimated: whether the basis is an estimate (provisional assessment).
        gross: the yearly amount from the formula, rounded by the schedule's policy.
        fraction: the part of the year owed.
        amount: the amount due (gross x fraction, rounded), excluding VAT.
        vat_base: the part of ``amount`` liable to VAT (taxable), in whole cents.
        vat: the VAT on ``vat_base``, in whole cents (half up), whatever the
            schedule's rounding of the dues.
        payer: who owes the amount: the member itself, or the successor that
            carries a member merged away on 1 January of the dues year
            (:attr:`MergerRule.SEPARATE`).
        parts: the figures the basis is made of (own, then merged members').
    """

    member_id: str
    year: int
    basis_kind: BasisKind
    basis: Decimal
    basis_year: int
    source: str
    estimated: bool
    gross: Decimal
    fraction: Fraction
    amount: Decimal
    vat_base: Decimal
    vat: Decimal
    payer: str
    steps: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = attrs.field(
        repr=False, eq=False
    )
    parts: tuple[BasisPart, ...] = attrs.field(default=(), repr=False, eq=False)

    @property
    def exempt(self) -> Decimal:
        """The part of :attr:`amount` not liable to VAT."""
        return self.amount - self.vat_base

    @property
    def total(self) -> Decimal:
        """The amount including VAT: what the invoice line totals."""
        return self.amount + self.vat

    def explain(self, lang: str | None = None) -> str:
        """The steps in words, so a member can check its invoice with a pocket calculator.

        Every line is a figure, or a product, sum or fraction of figures shown
        above it, with every digit that enters: rates with all their digits (per
        mille below 1%), a headcount or fte in its own unit with the amount per
        unit in euros, and each product shown to the cent (half up) before any
        rounding the schedule applies, which is stated where it applies.
        """
        return explain_steps(
            f"{self.member_id}, {label('dues', lang)} {self.year}",
            self.steps,
            self.basis_kind,
            lang,
        )


@attrs.frozen
class Term:
    """A domain word in an explanation step, shown through the message catalog."""

    term: str


@attrs.frozen
class Percentage:
    """A fraction shown as a percentage to one decimal (half up) in an explanation step."""

    value: Decimal


_UNITS: Final = {BasisKind.HEADCOUNT: "employees", BasisKind.FTE: "fte"}
_FIGURES: Final = {
    BasisKind.WAGE_SUM: "wage sum",
    BasisKind.HEADCOUNT: "headcount",
    BasisKind.FTE: "fte",
}
_BASIS_KEYS: Final = frozenset({"basis", "part", "lower", "bases"})
_RATE_KEYS: Final = frozenset({"share", "vat_rate"})


def show_value(  # noqa: C901, PLR0911 - one return per kind of value, flat is clearest
    key: str, value: object, lang: str | None, kind: BasisKind = BasisKind.WAGE_SUM
) -> str:
    r"""One value of an explanation step as a person reads it (see :func:`explain_steps`).

    Keys ``basis``, ``part``, ``lower`` and ``bases`` are basis figures (euros, or a
    headcount or fte in its unit); ``rate`` is a rate of a wage sum or an amount per
    person or fte; ``share`` and ``vat_rate`` are rates; a :class:`Term` is a
    domain word; a :class:`Percentage` a percentage to one decimal; ``factor`` a
    plain number with all its digits; a tuple is a sum of its items; a date is shown in words; other
    numbers are euros to the cent (half up).

    >>> show_value("rate", Decimal("0.002162388"), "nl")
    '2,162388‰'
    >>> show_value("rate", Decimal("35"), "nl", BasisKind.FTE)
    '€\xa035,00'
    >>> show_value("basis", Decimal("21.75"), "nl", BasisKind.FTE)
    '21,75 fte'
    >>> show_value("raw", Fraction(175752197, 10000), "nl")
    '€\xa017.575,22'
    """
    if isinstance(value, tuple):
        return " + ".join(show_value(key, item, lang, kind) for item in value)
    if isinstance(value, Term):
        return label(value.term, lang)
    if isinstance(value, Percentage):
        return format_percent(value.value, lang)
    if key == "factor" and isinstance(value, Decimal):
        return format_number(value, lang)
    if isinstance(value, Date):
        return format_date(value, lang)
    if not isinstance(value, Fraction | Decimal):
        return str(value)
    exact = value if isinstance(value, Decimal) else _exact_decimal(value)
    if key in _RATE_KEYS:
        return format_rate(_required(exact, key), lang)
    if key == "rate":
        if kind is BasisKind.WAGE_SUM:
            return format_rate(_required(exact, key), lang)
        return format_exact_amount(_required(exact, key), lang)
    if key in _BASIS_KEYS and kind is not BasisKind.WAGE_SUM:
        return format_quantity(_required(exact, key), _UNITS[kind], lang)
    if key in _BASIS_KEYS and exact is not None:
        return format_exact_amount(exact, lang)
    return format_amount(CENTS.round(value), lang, decimals=2, currency=True)


def _required(value: Decimal | None, key: str) -> Decimal:
    if value is None:
        raise RuleError(f"explanation: {key} has no finite decimal expansion")
    return value


def _exact_decimal(value: Fraction) -> Decimal | None:
    """A fraction as an exact Decimal when it has a finite decimal expansion."""
    text = _decimal_text(value)
    return None if "/" in text else Decimal(text)


def explain_steps(
    title: str,
    steps: Iterable[tuple[str, Iterable[tuple[str, object]]]],
    kind: BasisKind = BasisKind.WAGE_SUM,
    lang: str | None = None,
) -> str:
    """Render explanation steps: a title line, then one line per ``(msgid, values)``.

    The message id is looked up in the catalog (:func:`wmd.i18n.label`) and filled
    with the values as :func:`show_value` shows them. Dues, plus dues, settlements
    and harmonised dues share this, so every explanation reads the same.

    >>> print(explain_steps("A, dues 2013", [
    ...     ("{basis} × {rate} = {raw}", (("basis", Decimal("100000")), ("rate", Decimal("0.002")),
    ...                                   ("raw", Decimal("200")))),
    ... ], lang="en"))
    A, dues 2013
    €100,000.00 × 2‰ = €200.00
    """
    lines = [title]
    for msgid, values in steps:
        shown = {key: show_value(key, value, lang, kind) for key, value in values}
        lines.append(label(msgid, lang).format(**shown))
    return "\n".join(lines)


def _decimal_text(value: Fraction) -> str:
    """A fraction as plain decimal text when it has a finite expansion, else ``a/b``."""
    den = value.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        return str(value)
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
    return format(Decimal(int(value * 10**places)).scaleb(-places), "f")


def _figure(member: Member, kind: BasisKind, year: int) -> Decimal | None:
    figures = member.figures_for(year)
    if figures is None:
        return None
    value = getattr(figures, kind.value)
    return None if value is None else Decimal(value)


@attrs.frozen
class DuesSchedule:
    """The dues rules for one dues year; plain data (see the module docs).

    Attributes:
        year: the dues year.
        formula: a formula from :mod:`wmd.finance.formulas`.
        basis: which figure of which year.
        proration: joining and leaving mid-year.
        merger_rule: how mergers reach the dues; by default the successor continues
            (:attr:`MergerRule.CONTINUES`, BW 2:34 lid 2).
        rounding: the rounding policy of gross and due amounts.
        vat: an optional VAT split.
    """

    year: int = attrs.field()
    formula: Formula
    basis: Basis = attrs.field(factory=Basis)
    proration: Proration = attrs.field(factory=Proration)
    merger_rule: MergerRule = attrs.field(default=MergerRule.CONTINUES, converter=_merger_rule)
    rounding: RoundingPolicy = CENTS
    vat: Vat | None = None

    @year.validator
    def _check_year(self, _a: object, value: int) -> None:
        Year(value)

    @property
    def scale(self) -> int:
        """Whole basis units per unit of the basis (100 for a wage sum in cents)."""
        return _SCALE[self.basis.kind]

    # -- inputs shared by both paths -------------------------------------------------------

    def _own_part(self, member: Member, basis_year: int, where: str) -> BasisPart:
        """The member's own figure for the basis year, by the missing-basis rule."""
        kind = self.basis.kind
        value = _figure(member, kind, basis_year)
        if value is not None:
            return BasisPart(member.id, as_fraction(value), basis_year, basis_year, "figure")
        if not self.formula.uses_basis:
            return BasisPart(member.id, Fraction(0), basis_year, basis_year, "none")
        if self.basis.missing is MissingBasis.ERROR:
            raise RuleError(
                f"{where}: {kind.value} {basis_year} is not known and the schedule requires it"
            )
        known = [
            f.year
            for f in member.figures
            if f.year < basis_year and _figure(member, kind, f.year) is not None
        ]
        if not known:
            raise RuleError(f"{where}: no {kind.value} known for {basis_year} or any year before")
        last = max(known)
        value = _figure(member, kind, last)
        assert value is not None  # noqa: S101 - known has a figure for `last`
        how = "estimate" if self.basis.missing is MissingBasis.ESTIMATE else "last_known"
        return BasisPart(member.id, as_fraction(value), last, basis_year, how)

    def carries(self, spell: Membership, basis_year: int) -> bool:
        """Whether a spell that ended in a merger puts its member's basis-year figure in the successor's basis.

        The merged member must still have existed during the basis year (its
        membership ended after 1 January of ``basis_year``), and the merger must
        fall before the dues year, or in it under :attr:`MergerRule.CONTINUES`.

        >>> import pendulum
        >>> from wmd.finance.formulas import Rate
        >>> spell = Membership(pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1), "merger", "A")
        >>> DuesSchedule(2013, Rate("0.002")).carries(spell, 2012)
        True
        >>> DuesSchedule(2013, Rate("0.002"), merger_rule="separate").carries(spell, 2012)
        False
        >>> DuesSchedule(2014, Rate("0.002")).carries(spell, 2013)  # A's own 2013 figures hold it
        False
        """
        end = spell.end
        if end is None or spell.end_reason is not EndReason.MERGER:
            return False
        if end <= Year(basis_year).start:
            return False
        if self.merger_rule is MergerRule.CONTINUES:
            return end.year <= self.year
        return end.year < self.year

    def _parts(
        self,
        member: Member,
        registry: Registry,
        seen: frozenset[str] = frozenset(),
        as_of: Date | None = None,
    ) -> list[BasisPart]:
        """The member's own basis part, then those of every member merged into it (chains followed)."""
        basis_year = self.basis.year_for(self.year)
        where = f"member {member.id}, dues {self.year}"
        parts = [self._own_part(member, basis_year, where)]
        for other, spell in registry.predecessors(member.id):
            if other.id in seen or other.id == member.id or not self.carries(spell, basis_year):
                continue
            if as_of is not None and spell.end is not None and spell.end > as_of:
                continue  # a merger after the day the registry is taken as known
            end = spell.end
            assert end is not None  # noqa: S101 - carries() needs an end
            if end.year == basis_year and _figure(other, self.basis.kind, basis_year) is None:
                # it ceased during the basis year without a figure for it: the successor's
                # own figure holds the wages after the merger, nothing else is known
                parts.append(
                    BasisPart(other.id, Fraction(0), basis_year, basis_year, "unknown", end)
                )
                continue
            inner = self._parts(other, registry, seen | {member.id}, as_of)
            parts += [
                attrs.evolve(p, merged_on=spell.end) if p.merged_on is None else p for p in inner
            ]
        return parts

    def _basis(
        self, member: Member, registry: Registry, as_of: Date | None = None
    ) -> tuple[Fraction, str, bool, tuple[BasisPart, ...]]:
        parts = self._parts(member, registry, as_of=as_of)
        total = sum((p.value for p in parts), Fraction(0))
        own = parts[0]
        source = {
            "figure": str(own.year),
            "none": "-",
            "last_known": f"last known {own.year}",
            "estimate": f"estimate {own.year}",
        }[own.how]
        source += "".join(f" + {p.member_id}" for p in parts[1:] if p.how != "unknown")
        estimated = any(p.how == "estimate" for p in parts)
        units = total * self.scale
        if units.denominator != 1:
            raise RuleError(
                f"member {member.id}, dues {self.year}: {self.basis.kind.value} "
                f"{_decimal_text(total)} has more decimals than the basis allows"
            )
        return total, source, estimated, tuple(parts)

    def _payer(self, member: Member, registry: Registry) -> str:
        """Who owes a member's dues: the member, or for one merged away on 1 January its successor."""
        if member.spells and self._merged_on_new_year(member):
            day = Year(self.year).start
            chain = list(registry.successors(member.id))
            for successor in chain:
                if registry.member(successor).is_member_on(day):
                    return successor
            if chain:
                return chain[-1]
        return member.id

    def _merged_on_new_year(self, member: Member) -> bool:
        start = Year(self.year).start
        return any(s.end == start and s.end_reason is EndReason.MERGER for s in member.spells)

    def _inputs(
        self, member: Member, registry: Registry, as_of: Date | None = None
    ) -> _Inputs | None:
        year = Year(self.year)
        spells = [_open_after(s, as_of) for s in member.spells]
        if self.merger_rule is MergerRule.CONTINUES:
            spells = [
                s
                for s in spells
                if not (
                    s.end_reason is EndReason.MERGER
                    and s.end is not None
                    and s.end.year == self.year
                )
            ]
        pieces = tuple(coverage(spells, year))
        payer = member.id
        if (
            not pieces
            and self.merger_rule is MergerRule.SEPARATE
            and self._merged_on_new_year(member)
        ):
            # assessed on its own for the whole year, owed by the successor that carries it
            pieces = ((0, days_between(year.start, Year(self.year + 1).start)),)
            payer = self._payer(member, registry)
        if not pieces:
            return None
        basis, source, estimated, parts = self._basis(member, registry, as_of)
        return _Inputs(
            member.id,
            payer,
            basis,
            self.basis.year_for(self.year),
            source,
            estimated,
            pieces,
            parts,
        )

    # -- the scalar path ----------------------------------------------------------------------

    def assess(self, member: Member, registry: Registry) -> Assessment:
        """Assess one member: the readable scalar path.

        Raises:
            RuleError: when the member is not a member on any day of the year, or
                its basis cannot be determined.
        """
        inputs = self._inputs(member, registry)
        if inputs is None:
            raise RuleError(
                f"member {member.id}: not a member on any day of {self.year}; no dues to assess"
            )
        gross = self.rounding.round(self.formula.gross(inputs.basis))
        den = self.proration.denominator(self.year)
        num = min(den, sum(self.proration.numerator(a, b, self.year) for a, b in inputs.pieces))
        fraction = Fraction(num, den)
        due = self.rounding.round(as_fraction(gross) * fraction)
        vat_base, vat = self._vat(due)
        basis_dec = _from_units(int(inputs.basis * self.scale), self.scale)
        steps = self._explanation(inputs, gross, (num, den), due, (vat_base, vat))
        return Assessment(
            member.id,
            self.year,
            self.basis.kind,
            basis_dec,
            inputs.basis_year,
            inputs.source,
            inputs.estimated,
            gross,
            fraction,
            due,
            vat_base,
            vat,
            inputs.payer_id,
            tuple(steps),
            inputs.parts,
        )

    def _explanation(
        self,
        inputs: _Inputs,
        gross: Decimal,
        part: tuple[int, int],
        due: Decimal,
        vat: tuple[Decimal, Decimal],
    ) -> list[tuple[str, tuple[tuple[str, object], ...]]]:
        """The steps of an assessment, every one checkable from the lines before it."""
        figure = Term(_FIGURES[self.basis.kind])
        steps: list[tuple[str, tuple[tuple[str, object], ...]]] = []
        if self.formula.uses_basis:
            steps += _basis_steps(inputs.parts, figure, inputs.basis)
        steps += [
            (msgid, tuple(values.items())) for msgid, values in self.formula.steps(inputs.basis)
        ]
        quantum = (("quantum", self.rounding.quantum),)
        if self.rounding == CENTS:
            steps.append(("gross dues: {gross}", (("gross", gross),)))
        else:
            steps.append(
                ("gross dues, rounded to {quantum}: {gross}", (*quantum, ("gross", gross)))
            )
        num, den = part
        steps.append(("part of the year: {num}/{den}", (("num", num), ("den", den))))
        if num == den:
            steps.append(("amount due: {amount}", (("amount", due),)))
        else:
            msgid = (
                "amount due: {gross} × {num}/{den} = {amount}"
                if self.rounding == CENTS
                else "amount due, rounded to {quantum}: {gross} × {num}/{den} = {amount}"
            )
            steps.append(
                (msgid, (*quantum, ("gross", gross), ("num", num), ("den", den), ("amount", due)))
            )
        if self.vat is not None:
            base, tax = vat
            steps += [
                (
                    "liable to VAT: {amount} × {share} = {base}; exempt: {exempt}",
                    (
                        ("amount", due),
                        ("share", self.vat.share),
                        ("base", base),
                        ("exempt", due - base),
                    ),
                ),
                (
                    "VAT: {base} × {vat_rate} = {vat}",
                    (("base", base), ("vat_rate", self.vat.rate), ("vat", tax)),
                ),
                (
                    "amount including VAT: {amount} + {vat} = {total}",
                    (("amount", due), ("vat", tax), ("total", due + tax)),
                ),
            ]
        if inputs.payer_id != inputs.member_id:
            steps.append(
                (
                    "owed by {payer}, into which it merged on {date}",
                    (("payer", inputs.payer_id), ("date", Year(self.year).start)),
                )
            )
        if inputs.estimated:
            steps.append(
                (
                    "provisional, on an estimate: settled once {figure} {wanted} is known",
                    (("figure", figure), ("wanted", inputs.basis_year)),
                )
            )
        return steps

    def _vat(self, due: Decimal) -> tuple[Decimal, Decimal]:
        """Taxable part and VAT of an amount due, each in whole cents (VAT is per invoice line)."""
        if self.vat is None:
            return Decimal("0.00"), Decimal("0.00")
        base = CENTS.round(as_fraction(due) * as_fraction(self.vat.share))
        return base, CENTS.round(as_fraction(base) * as_fraction(self.vat.rate))

    def vat_cents(self, due_cents: Int64Array) -> tuple[Int64Array, Int64Array]:
        """Vectorized :meth:`_vat`: taxable cents and VAT cents per amount due, half up to the cent.

        >>> import numpy as np
        >>> from wmd.finance.formulas import Fixed
        >>> from wmd.money import WHOLE_EUROS
        >>> s = DuesSchedule(2013, Fixed("520"), rounding=WHOLE_EUROS, vat=Vat("0.2", "0.21"))
        >>> s.vat_cents(np.array([52000]))  # 20% of 520,00 = 104,00; 21% of it = 21,84
        (array([10400]), array([2184]))
        """
        if self.vat is None:
            return np.zeros_like(due_cents), np.zeros_like(due_cents)
        share = as_fraction(self.vat.share)
        rate = as_fraction(self.vat.rate)
        vat_base = CENTS.round_ratio_array(due_cents * np.int64(share.numerator), share.denominator)
        vat = CENTS.round_ratio_array(vat_base * np.int64(rate.numerator), rate.denominator)
        return vat_base, vat

    # -- the vectorized path ------------------------------------------------------------------

    def amounts_cents(
        self,
        basis_units: Int64Array,
        piece_member: Int64Array,
        piece_a: Int64Array,
        piece_b: Int64Array,
    ) -> tuple[Int64Array, Int64Array, Int64Array]:
        """The kernel: gross cents, fraction numerators and due cents for columns of members.

        Args:
            basis_units: per member, the basis in whole units (:attr:`scale` per unit).
            piece_member: per piece of membership in the year, the member's index.
            piece_a: per piece, the first day (offset from 1 January).
            piece_b: per piece, the day after the last (offset from 1 January).

        Returns:
            ``(gross_cents, fraction_numerators, due_cents)``; the fraction's
            denominator is ``proration.denominator(year)``.
        """
        num, den = self.formula.kernel(basis_units, self.scale)
        g = math.gcd(100, den)
        if np.abs(num).max(initial=0) >= 2**62 // (100 // g):
            raise RuleError(f"dues {self.year}: amounts too large for exact int64 arithmetic")
        gross = self.rounding.round_ratio_array(num * np.int64(100 // g), den // g)
        fden = self.proration.denominator(self.year)
        fnum = np.zeros(basis_units.shape, dtype=np.int64)
        np.add.at(fnum, piece_member, self.proration.numerators(piece_a, piece_b, self.year))
        fnum = np.minimum(fnum, np.int64(fden))
        due = self.rounding.round_ratio_array(gross * fnum, fden)
        return gross, fnum, due

    def columns(self, registry: Registry, *, as_of: Date | None = None) -> RollColumns:
        """The registry as columns for the kernel: bases in whole units and pieces of the year.

        The rule is the scalar one (:meth:`assess`, through ``_inputs``); this is its
        whole-column form, over the registry's :attr:`~wmd.members.Registry.columns`:
        pieces of the year and own basis-year figures (with the missing-basis rule) for
        all members at once in numpy. A member that takes over merged members, one
        merged away on 1 January under the separate rule, one without a basis and a
        figure that is not a whole number of basis units go through the scalar rule
        itself (a handful in a real registry). The property tests hold both to the
        same amounts. Projections reuse the columns with shocked bases.

        With ``as_of``, the registry is taken as known on that day: a spell that ends
        after it counts as open, and a merger after it is not applied (a projection
        takes the members of its first 1 January and simulates what follows).

        The columns are made once per registry for each year, basis, merger rule and
        ``as_of`` (a registry never changes), so rolling one registry under many
        rates, as :func:`solve_rate` and an analyst's loop do, builds them once;
        their arrays are read-only.

        Raises:
            RuleError: listing every member whose basis cannot be determined.
        """
        key = ("roll", self.year, self.basis, self.merger_rule, self.formula.uses_basis, as_of)
        return registry.columns.derived(key, lambda: self._columns(registry, as_of))  # type: ignore[return-value]

    def _columns(self, registry: Registry, as_of: Date | None) -> RollColumns:
        cols = registry.columns
        n = len(cols)
        y0 = Year(self.year).start.toordinal()
        days = Year(self.year + 1).start.toordinal() - y0
        # pieces of the year, one per spell: coverage() of the spells as known on as_of
        end = cols.spell_end
        merger = cols.spell_reason == _MERGER_CODE
        if as_of is not None:
            later = (end != OPEN) & (end > as_of.toordinal())
            end = np.where(later, OPEN, end)
            merged = merger & ~later
        else:
            merged = merger
        piece_a = np.clip(cols.spell_start - y0, 0, days)
        piece_b = np.clip(end - y0, 0, days)
        in_year = piece_b > piece_a
        if self.merger_rule is MergerRule.CONTINUES:
            in_year &= ~(merged & (end >= y0) & (end < y0 + days))
        covered = np.zeros(n, dtype=bool)
        covered[cols.spell_member[in_year]] = True
        # members the scalar rule takes: successors, and under the separate rule a member
        # merged away on 1 January (assessed for the year, owed by its successor)
        scalar = np.zeros(n, dtype=bool)
        successor = cols.successor_rows()
        scalar[successor[successor >= 0]] = True
        if self.merger_rule is MergerRule.SEPARATE:
            new_year = merger & (cols.spell_end == y0)
            scalar[cols.spell_member[new_year]] = True
        basis_units, estimated, unresolved = self._own_bases(cols, covered & ~scalar)
        scalar |= unresolved & covered
        return self._assemble(
            registry,
            (covered & ~scalar, scalar),
            (basis_units, estimated),
            (in_year, piece_a, piece_b),
            as_of,
        )

    def _own_bases(
        self, cols: RegistryColumns, wanted: npt.NDArray[np.bool_]
    ) -> tuple[Int64Array, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Per member, its own basis in units by the missing-basis rule: ``(units, estimated, unresolved)``.

        ``unresolved`` marks the members (of ``wanted``) the scalar rule must decide:
        no basis where one is required, or a figure that is not whole units.
        """
        n = len(cols)
        basis_year = self.basis.year_for(self.year)
        units, known, exact = cols.figure_units(self.basis.kind.value, self.scale)
        member, year = cols.figure_member, cols.figure_year
        row = np.full(n, -1, dtype=np.int64)
        hit = np.flatnonzero(known & (year == basis_year))
        row[member[hit]] = hit
        estimated = np.zeros(n, dtype=bool)
        missing = wanted & (row < 0)
        if missing.any() and self.formula.uses_basis:
            if self.basis.missing is MissingBasis.ERROR:
                return np.zeros(n, dtype=np.int64), estimated, missing
            before = np.flatnonzero(known & (year < basis_year))
            last = np.full(n, -1, dtype=np.int64)
            # rows go by member, then year: a member's last row before the basis year is
            # the one whose next row belongs to another member
            owner = member[before]
            final = np.ones(len(before), dtype=bool)
            final[:-1] = owner[1:] != owner[:-1]
            last[owner[final]] = before[final]
            row = np.where(missing, last, row)
            estimated = missing & (self.basis.missing is MissingBasis.ESTIMATE)
        found = row >= 0
        take = np.where(found, row, 0)
        basis = np.where(found, units[take] if len(units) else 0, 0)
        unresolved = wanted & ((found & ~exact[take]) if len(units) else np.zeros(n, dtype=bool))
        if self.formula.uses_basis:
            unresolved |= wanted & ~found
        return basis.astype(np.int64), estimated & found, unresolved

    def _assemble(
        self,
        registry: Registry,
        members: tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]],
        bases: tuple[Int64Array, npt.NDArray[np.bool_]],
        pieces: tuple[npt.NDArray[np.bool_], Int64Array, Int64Array],
        as_of: Date | None,
    ) -> RollColumns:
        """The columns of the whole-column members and of those the scalar rule took, in registry order."""
        cols = registry.columns
        simple, scalar = members
        basis_units, estimated = bases
        in_year, piece_a, piece_b = pieces
        problems: list[str] = []
        payers: dict[int, str] = {}
        extra: list[tuple[int, int, int]] = []
        in_roll = simple.copy()
        basis_units = basis_units.copy()
        estimated = estimated.copy()
        for k in np.flatnonzero(scalar).tolist():
            try:
                item = self._inputs(registry.member(cols.ids[k]), registry, as_of)
            except RuleError as err:
                problems.append(str(err))
                continue
            if item is None:
                continue
            in_roll[k] = True
            basis_units[k] = int(item.basis * self.scale)
            estimated[k] = item.estimated
            if item.payer_id != item.member_id:
                payers[k] = item.payer_id
            extra += [(k, a, b) for a, b in item.pieces]
        if problems:
            raise RuleError(
                f"dues {self.year}: {len(problems)} member(s) cannot be assessed:\n  "
                + "\n  ".join(problems)
            )
        own = in_year & simple[cols.spell_member]
        piece_member = cols.spell_member[own]
        a, b = piece_a[own], piece_b[own]
        if extra:
            more = np.array(extra, dtype=np.int64).reshape(-1, 3)
            piece_member = np.concatenate([piece_member, more[:, 0]])
            a, b = np.concatenate([a, more[:, 1]]), np.concatenate([b, more[:, 2]])
            order = np.argsort(piece_member, kind="stable")
            piece_member, a, b = piece_member[order], a[order], b[order]
        position = np.cumsum(in_roll) - 1
        if in_roll.all():  # every member in the year: the registry's own tuples
            ids, names = cols.ids, cols.names
        else:
            keep = in_roll.tolist()
            ids = tuple(itertools.compress(cols.ids, keep))
            names = tuple(itertools.compress(cols.names, keep))
        payer_ids: tuple[str, ...] = ()
        if payers:
            payer_ids = tuple(payers.get(k, cols.ids[k]) for k in np.flatnonzero(in_roll).tolist())
        arrays = (
            basis_units[in_roll],
            estimated[in_roll],
            position[piece_member].astype(np.int64),
            a.astype(np.int64),
            b.astype(np.int64),
        )
        for array in arrays:
            array.flags.writeable = False  # shared by every roll of this registry
        return RollColumns(ids, *arrays, payer_ids=payer_ids, member_names=names)

    def roll(self, registry: Registry) -> DuesRoll:
        """Assess every member of the year through the numpy kernel.

        Raises:
            RuleError: listing every member whose basis cannot be determined.
        """
        return self.roll_columns(self.columns(registry))

    def roll_columns(self, columns: RollColumns) -> DuesRoll:
        """The kernel over prepared :class:`RollColumns`."""
        basis_units = columns.basis_units
        piece_member, piece_a, piece_b = columns.piece_member, columns.piece_a, columns.piece_b
        gross, fnum, due = self.amounts_cents(basis_units, piece_member, piece_a, piece_b)
        vat_base, vat = self.vat_cents(due)
        return DuesRoll(
            schedule=self,
            member_ids=columns.member_ids,
            payer_ids=columns.payers,
            basis_units=basis_units,
            estimated=columns.estimated,
            gross_cents=gross,
            fraction_numerators=fnum,
            due_cents=due,
            vat_base_cents=vat_base,
            vat_cents=vat,
            member_names=columns.names,
        )

    @classmethod
    def from_toml(cls, text: str, *, source: str = "TOML") -> DuesSchedule:
        """Read a schedule from TOML text (see :mod:`wmd.finance.schedule_file`)."""
        from wmd.finance.schedule_file import schedule_from_toml  # noqa: PLC0415 - the file boundary imports this module

        return schedule_from_toml(text, source=source)

    def to_toml(self) -> str:
        """The schedule as TOML text."""
        from wmd.finance.schedule_file import schedule_to_toml  # noqa: PLC0415 - see from_toml

        return schedule_to_toml(self)

    @classmethod
    def from_json(cls, text: str | bytes, *, source: str = "JSON") -> DuesSchedule:
        """Read a schedule from JSON text."""
        from wmd.finance.schedule_file import schedule_from_json  # noqa: PLC0415 - see from_toml

        return schedule_from_json(text, source=source)

    def to_json(self) -> str:
        """The schedule as JSON text."""
        from wmd.finance.schedule_file import schedule_to_json  # noqa: PLC0415 - see from_toml

        return schedule_to_json(self)

    def scaled(self, factor: Decimal, *, rates_only: bool = False) -> DuesSchedule:
        """The schedule with its formula scaled by ``factor`` (see :func:`solve_rate`)."""
        return attrs.evolve(self, formula=self.formula.scaled(factor, rates_only=rates_only))


def _open_after(spell: Membership, day: Date | None) -> Membership:
    """The spell as known on ``day``: an end after that day is not known yet."""
    if day is None or spell.end is None or spell.end <= day:
        return spell
    return Membership(spell.start)


_OWN_STEP: Final = {
    "figure": "{figure} {year}: {basis}",
    "last_known": "{figure} {year} (last known; {wanted} is not known): {basis}",
    "estimate": "{figure} {year} as an estimate ({wanted} is not known yet): {basis}",
}
_MERGED_STEP: Final = {
    "figure": "{figure} {year} of {member} (merged on {date}): {basis}",
    "last_known": (
        "{figure} {year} of {member} (merged on {date}; last known, {wanted} is not known): {basis}"
    ),
    "estimate": (
        "{figure} {year} of {member} (merged on {date}; estimate, {wanted} is not known yet): {basis}"
    ),
    "unknown": "no {figure} {wanted} of {member} (merged on {date}, during that year): adds nothing",
}


def _basis_steps(
    parts: tuple[BasisPart, ...], figure: Term, total: Fraction
) -> list[tuple[str, tuple[tuple[str, object], ...]]]:
    """The basis: the member's own figure, each merged member's, and their sum."""
    steps: list[tuple[str, tuple[tuple[str, object], ...]]] = []
    for k, p in enumerate(parts):
        values: tuple[tuple[str, object], ...] = (
            ("figure", figure),
            ("year", p.year),
            ("wanted", p.wanted),
            ("basis", p.value),
        )
        if k == 0 or p.merged_on is None:
            steps.append((_OWN_STEP.get(p.how, _OWN_STEP["figure"]), values))
        else:
            merged = (("member", p.member_id), ("date", p.merged_on))
            steps.append((_MERGED_STEP[p.how], values + merged))
    counted = tuple(p.value for p in parts if p.how != "unknown")
    if len(counted) > 1:
        steps.append(("basis: {bases} = {basis}", (("bases", counted), ("basis", total))))
    return steps


_array_eq = attrs.cmp_using(eq=lambda a, b: np.array_equal(a, b))  # noqa: PLW0108 - numpy is read on first use, not at import


@attrs.frozen
class RollColumns:
    """Members of a dues year as columns: what the kernel needs, nothing else.

    Attributes:
        member_ids: one id per member.
        basis_units: per member, the basis in whole units (``schedule.scale`` per euro,
            person or fte): wage sums are in cents.
        estimated: per member, whether the basis is an estimate.
        piece_member: per piece of membership in the year, the member's index.
        piece_a: per piece, its first day as an offset from 1 January.
        piece_b: per piece, the day after its last day, as an offset from 1 January.
        payer_ids: per member, who owes its dues (empty: every member its own).
        member_names: per member, its name (empty: not known).
    """

    member_ids: tuple[str, ...]
    basis_units: Int64Array = attrs.field(eq=_array_eq, repr=False)
    estimated: npt.NDArray[np.bool_] = attrs.field(eq=_array_eq, repr=False)
    piece_member: Int64Array = attrs.field(eq=_array_eq, repr=False)
    piece_a: Int64Array = attrs.field(eq=_array_eq, repr=False)
    piece_b: Int64Array = attrs.field(eq=_array_eq, repr=False)
    payer_ids: tuple[str, ...] = ()
    member_names: tuple[str, ...] = ()

    @property
    def payers(self) -> tuple[str, ...]:
        """Per member, who owes its dues."""
        return self.payer_ids or self.member_ids

    @property
    def names(self) -> tuple[str, ...]:
        """Per member, its name (``""`` when not known)."""
        return self.member_names or ("",) * len(self.member_ids)

    def with_basis(self, basis_units: Int64Array) -> RollColumns:
        """The same members with other bases (for projections and what-ifs)."""
        return attrs.evolve(self, basis_units=basis_units)

    def select(self, keep: npt.NDArray[np.bool_]) -> RollColumns:
        """The members where ``keep`` is true, with their pieces of the year.

        >>> cols = RollColumns(("A", "B"), np.array([100, 200]), np.zeros(2, dtype=bool),
        ...     np.array([0, 1, 1]), np.array([0, 0, 200]), np.array([366, 100, 366]))
        >>> picked = cols.select(np.array([False, True]))
        >>> picked.member_ids, picked.basis_units.tolist(), picked.piece_member.tolist()
        (('B',), [200], [0, 0])
        """
        index = np.cumsum(keep) - 1
        pieces = keep[self.piece_member]
        return RollColumns(
            member_ids=tuple(m for m, k in zip(self.member_ids, keep, strict=True) if k),
            payer_ids=tuple(p for p, k in zip(self.payers, keep, strict=True) if k),
            member_names=tuple(n for n, k in zip(self.names, keep, strict=True) if k),
            basis_units=self.basis_units[keep],
            estimated=self.estimated[keep],
            piece_member=index[self.piece_member[pieces]].astype(np.int64),
            piece_a=self.piece_a[pieces],
            piece_b=self.piece_b[pieces],
        )


@attrs.frozen
class DuesRoll(Tabular):
    """Every member's dues for a year, as columns of ``int64`` cents.

    Use :attr:`total`, :meth:`amounts` (member id → amount due), :meth:`by_sector`,
    :meth:`table` and :meth:`to_pandas`; in Jupyter it shows as a table.
    """

    schedule: DuesSchedule
    member_ids: tuple[str, ...]
    payer_ids: tuple[str, ...]
    basis_units: Int64Array = attrs.field(eq=_array_eq, repr=False)
    estimated: npt.NDArray[np.bool_] = attrs.field(eq=_array_eq, repr=False)
    gross_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    fraction_numerators: Int64Array = attrs.field(eq=_array_eq, repr=False)
    due_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    vat_base_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    vat_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    member_names: tuple[str, ...] = attrs.field(default=(), repr=False)
    """Per member, its name (``""`` when the columns did not carry names)."""

    @property
    def names(self) -> tuple[str, ...]:
        """Per member, its name (``""`` when not known)."""
        return self.member_names or ("",) * len(self.member_ids)

    @property
    def year(self) -> int:
        """The dues year."""
        return self.schedule.year

    @property
    def total(self) -> Decimal:
        """Total dues due."""
        return from_cents(int(self.due_cents.sum()))

    @property
    def total_vat(self) -> Decimal:
        """Total VAT (the sum of every member's VAT in cents)."""
        return from_cents(int(self.vat_cents.sum()))

    @property
    def exempt_cents(self) -> Int64Array:
        """Per member, the part of the amount due not liable to VAT, in cents."""
        return self.due_cents - self.vat_base_cents

    @property
    def including_vat_cents(self) -> Int64Array:
        """Per member, the amount due including VAT, in cents."""
        return self.due_cents + self.vat_cents

    @property
    def total_taxable(self) -> Decimal:
        """Total of the parts liable to VAT."""
        return from_cents(int(self.vat_base_cents.sum()))

    @property
    def total_exempt(self) -> Decimal:
        """Total of the parts not liable to VAT."""
        return from_cents(int(self.exempt_cents.sum()))

    @property
    def total_including_vat(self) -> Decimal:
        """Total dues including VAT."""
        return from_cents(int(self.including_vat_cents.sum()))

    def payer(self, member_id: str) -> str:
        """Who owes the dues of ``member_id`` (itself, or the successor that carries it).

        Raises:
            InvalidInputError: for a member not in the roll.
        """
        return self.payer_ids[self._index(member_id)]

    def by_payer(self) -> dict[str, Decimal]:
        """Payer id → the dues it owes (its own and those of members it carries)."""
        totals: dict[str, int] = {}
        for payer, cents in zip(self.payer_ids, self.due_cents, strict=True):
            totals[payer] = totals.get(payer, 0) + int(cents)
        return {payer: from_cents(c) for payer, c in totals.items()}

    @property
    def provisional(self) -> bool:
        """Whether any amount rests on an estimate."""
        return bool(self.estimated.any())

    def __len__(self) -> int:
        return len(self.member_ids)

    def amounts(self) -> Mapping[str, Decimal]:
        """Member id → amount due."""
        return {
            mid: from_cents(int(c)) for mid, c in zip(self.member_ids, self.due_cents, strict=True)
        }

    def amount(self, member_id: str) -> Decimal:
        """The amount due by one member.

        Raises:
            InvalidInputError: for a member not in the roll.
        """
        return from_cents(int(self.due_cents[self._index(member_id)]))

    def _index(self, member_id: str) -> int:
        try:
            return self.member_ids.index(member_id)
        except ValueError:
            raise InvalidInputError(
                "member_id", given=member_id, expected=f"a member assessed in {self.year}"
            ) from None

    def __iter__(self) -> Iterator[tuple[str, Decimal]]:
        return iter(self.amounts().items())

    def by_sector(self, registry: Registry) -> dict[str, Decimal]:
        """Dues per primary sector (sector code → total)."""
        codes = [s.code for s in registry.sectors]
        columns = registry.columns
        row = columns.index()
        primary = [codes.index(sectors[0]) for sectors in columns.sectors]
        sector = np.array([primary[row[mid]] for mid in self.member_ids], dtype=np.int64)
        due = self.due_cents
        if int(np.abs(due).max(initial=0)) * len(due) < 2**63:  # no int64 sum can overflow
            totals = np.zeros(len(codes), dtype=np.int64)
            np.add.at(totals, sector, due)
            sums: list[int] = totals.tolist()
        else:
            sums = [0] * len(codes)
            for k, cents in zip(sector.tolist(), due.tolist(), strict=True):
                sums[k] += cents
        return {code: from_cents(c) for code, c in zip(codes, sums, strict=True)}

    def by_size_band(
        self, edges: Iterable[Decimal] = (Decimal(250_000), Decimal(1_000_000), Decimal(2_500_000))
    ) -> dict[str, Decimal]:
        """Dues per band of the basis (lower edge inclusive), labelled by their edges."""
        cuts = [int(as_fraction(e) * self.schedule.scale) for e in edges]
        labels = [f"< {cuts[0] // self.schedule.scale}"]
        labels += [
            f"{lo // self.schedule.scale} - {hi // self.schedule.scale}"
            for lo, hi in itertools.pairwise(cuts)
        ]
        labels.append(f">= {cuts[-1] // self.schedule.scale}")
        index = np.searchsorted(np.array(cuts, dtype=np.int64), self.basis_units, side="right")
        return {
            name: from_cents(int(self.due_cents[index == k].sum())) for k, name in enumerate(labels)
        }

    def settle(self, final: DuesRoll) -> Settlement:
        """The difference per member between this (provisional) roll and the final one."""
        if final.year != self.year:
            raise InvalidInputError(
                "final", given=final.year, expected=f"a roll for {self.year}", where="settlement"
            )
        ids = sorted(set(self.member_ids) | set(final.member_ids))
        before = {mid: i for i, mid in enumerate(self.member_ids)}
        after = {mid: i for i, mid in enumerate(final.member_ids)}

        def cents(index: int | None, column: Int64Array) -> Decimal:
            return Decimal("0.00") if index is None else from_cents(int(column[index]))

        lines = []
        for mid in ids:
            b, a = before.get(mid), after.get(mid)
            payer = final.payer_ids[a] if a is not None else self.payer_ids[before[mid]]
            lines.append(
                SettlementLine(
                    member_id=mid,
                    payer=payer,
                    provisional=cents(b, self.due_cents),
                    final=cents(a, final.due_cents),
                    provisional_vat=cents(b, self.vat_cents),
                    final_vat=cents(a, final.vat_cents),
                    estimated=b is not None and bool(self.estimated[b]),
                )
            )
        return Settlement(self.year, tuple(lines))

    def table(self, lang: str | None = None, *, limit: int | None = 20) -> Table:
        """The roll as a table (first ``limit`` members, and the total of all).

        Columns: member, name, gross, proration, amount due (excluding VAT), taxable,
        exempt, VAT and the amount including VAT; a column "owed by" appears when a
        successor owes a merged member's dues (:attr:`MergerRule.SEPARATE`).
        """
        fden = self.schedule.proration.denominator(self.year)
        shown = range(len(self)) if limit is None else range(min(limit, len(self)))
        with_payer = self.payer_ids != self.member_ids

        def money(cents: int) -> str:
            return format_amount(from_cents(cents), lang, decimals=2)

        exempt, including = self.exempt_cents, self.including_vat_cents
        names = self.names
        rows = []
        for i in shown:
            payer = (self.payer_ids[i],) if with_payer else ()
            rows.append(
                (
                    self.member_ids[i],
                    names[i],
                    *payer,
                    money(int(self.gross_cents[i])),
                    f"{self.fraction_numerators[i]}/{fden}",
                    money(int(self.due_cents[i])),
                    money(int(self.vat_base_cents[i])),
                    money(int(exempt[i])),
                    money(int(self.vat_cents[i])),
                    money(int(including[i])),
                )
            )
        rows.append(
            (
                label("total", lang).capitalize(),
                "",
                *(("",) if with_payer else ()),
                "",
                "",
                format_amount(self.total, lang, decimals=2),
                format_amount(self.total_taxable, lang, decimals=2),
                format_amount(self.total_exempt, lang, decimals=2),
                format_amount(self.total_vat, lang, decimals=2),
                format_amount(self.total_including_vat, lang, decimals=2),
            )
        )
        notes = (
            ()
            if limit is None or len(self) <= limit
            else (label("… {count} more members", lang).format(count=len(self) - limit),)
        )
        return Table(
            title=f"{label('dues', lang).capitalize()} {self.year}",
            columns=(
                label("member", lang),
                label("name", lang),
                *((label("owed by", lang),) if with_payer else ()),
                label("gross", lang),
                label("proration", lang),
                label("amount due", lang),
                label("taxable", lang),
                label("exempt", lang),
                label("VAT", lang),
                label("amount including VAT", lang),
            ),
            rows=rows,
            align="ll" + ("l" if with_payer else "") + "rrrrrrr",
            total_rows=frozenset({len(rows) - 1}),
            footnotes=notes,
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per member, Decimal money columns (euros, excluding VAT unless said).

        Columns: ``member_id``, ``name``, ``payer`` (who owes it), ``basis``, ``gross``,
        ``fraction``, ``due``, ``taxable``, ``exempt``, ``vat``, ``including_vat``
        and ``estimated``.
        """
        pd_mod = require_pandas()
        fden = self.schedule.proration.denominator(self.year)

        def euros(cents: Int64Array) -> list[Decimal]:
            return [from_cents(int(c)) for c in cents]

        frame: pd.DataFrame = pd_mod.DataFrame(
            {
                "member_id": list(self.member_ids),
                "name": list(self.names),
                "payer": list(self.payer_ids),
                "basis": [_from_units(int(u), self.schedule.scale) for u in self.basis_units],
                "gross": euros(self.gross_cents),
                "fraction": [Fraction(int(n), fden) for n in self.fraction_numerators],
                "due": euros(self.due_cents),
                "taxable": euros(self.vat_base_cents),
                "exempt": euros(self.exempt_cents),
                "vat": euros(self.vat_cents),
                "including_vat": euros(self.including_vat_cents),
                "estimated": self.estimated.tolist(),
            }
        )
        return frame


@attrs.frozen
class SettlementLine:
    """One member's settlement: what the provisional invoice said, what it owes, the difference.

    Amounts are excluding VAT; the VAT of each side is that invoice line's VAT in cents.
    A member missing from one roll counts as zero there.

    Attributes:
        member_id: the member.
        payer: who settles (see :attr:`Assessment.payer`).
        provisional: the provisional amount due.
        final: the final amount due.
        provisional_vat: VAT on the provisional invoice.
        final_vat: VAT on the final amount.
        estimated: whether the provisional amount rested on an estimate.
    """

    member_id: str
    payer: str
    provisional: Decimal
    final: Decimal
    provisional_vat: Decimal
    final_vat: Decimal
    estimated: bool

    @property
    def difference(self) -> Decimal:
        """Final minus provisional, excluding VAT (positive: the member pays more)."""
        return self.final - self.provisional

    @property
    def vat_difference(self) -> Decimal:
        """Final VAT minus provisional VAT."""
        return self.final_vat - self.provisional_vat

    @property
    def total_difference(self) -> Decimal:
        """The difference including VAT: what the settlement invoice or credit note totals."""
        return self.difference + self.vat_difference

    def steps(self) -> list[tuple[str, tuple[tuple[str, object], ...]]]:
        """The explanation steps (see :func:`explain_steps`)."""
        on = "provisional amount (on an estimate): {amount}, VAT {vat}"
        steps: list[tuple[str, tuple[tuple[str, object], ...]]] = [
            (
                on if self.estimated else "provisional amount: {amount}, VAT {vat}",
                (("amount", self.provisional), ("vat", self.provisional_vat)),
            ),
            (
                "final amount: {amount}, VAT {vat}",
                (("amount", self.final), ("vat", self.final_vat)),
            ),
            (
                "difference: {final} - {provisional} = {difference}",
                (
                    ("final", self.final),
                    ("provisional", self.provisional),
                    ("difference", self.difference),
                ),
            ),
            (
                "VAT difference: {final} - {provisional} = {difference}",
                (
                    ("final", self.final_vat),
                    ("provisional", self.provisional_vat),
                    ("difference", self.vat_difference),
                ),
            ),
            (
                "difference including VAT: {difference} + {vat} = {total}",
                (
                    ("difference", self.difference),
                    ("vat", self.vat_difference),
                    ("total", self.total_difference),
                ),
            ),
        ]
        total = self.total_difference
        if total > 0:
            steps.append(("{payer} pays {amount} more", (("payer", self.payer), ("amount", total))))
        elif total < 0:
            steps.append(
                ("{payer} gets {amount} back", (("payer", self.payer), ("amount", -total)))
            )
        else:
            steps.append(("nothing to settle", ()))
        return steps


@attrs.frozen
class Settlement(Tabular):
    """Per member: provisional amount, final amount and the difference to settle, VAT included.

    Made by :meth:`DuesRoll.settle` (provisional roll, final roll). An invoicing app
    sends, per line, an invoice for a positive :attr:`SettlementLine.total_difference`
    or a credit note for a negative one, referring to the provisional invoice.

    >>> import pendulum
    >>> from wmd.finance.formulas import Rate
    >>> from wmd.members import Member, Membership, Registry, YearFigures
    >>> def org(*figures):
    ...     return Registry((Member("A", "Stichting A", sectors=("LW",), figures=figures,
    ...                             spells=(Membership(pendulum.date(2000, 1, 1)),)),))
    >>> schedule = DuesSchedule(2012, Rate("0.001"), Basis(years_before=1, missing="estimate"),
    ...                         vat=Vat("0.5", "0.21"))
    >>> early = org(YearFigures(2010, wage_sum=Decimal("1000000")))
    >>> late = org(YearFigures(2010, wage_sum=Decimal("1000000")),
    ...            YearFigures(2011, wage_sum=Decimal("900000")))
    >>> settlement = schedule.roll(early).settle(schedule.roll(late))
    >>> settlement.total, settlement.total_vat, settlement.total_including_vat
    (Decimal('-100.00'), Decimal('-10.50'), Decimal('-110.50'))
    >>> print(settlement.explain("A", "en"))
    A, settlement of dues 2012
    provisional amount (on an estimate): €1,000.00, VAT €105.00
    final amount: €900.00, VAT €94.50
    difference: €900.00 - €1,000.00 = -€100.00
    VAT difference: €94.50 - €105.00 = -€10.50
    difference including VAT: -€100.00 + -€10.50 = -€110.50
    A gets €110.50 back
    """

    year: int
    lines: tuple[SettlementLine, ...]

    @property
    def rows(self) -> tuple[tuple[str, Decimal, Decimal], ...]:
        """``(member id, provisional, final)`` per member, excluding VAT."""
        return tuple((line.member_id, line.provisional, line.final) for line in self.lines)

    @property
    def differences(self) -> dict[str, Decimal]:
        """Member id → final minus provisional, excluding VAT (positive: the member pays more)."""
        return {line.member_id: line.difference for line in self.lines}

    @property
    def vat_differences(self) -> dict[str, Decimal]:
        """Member id → final VAT minus provisional VAT."""
        return {line.member_id: line.vat_difference for line in self.lines}

    @property
    def total(self) -> Decimal:
        """The net amount to settle, excluding VAT."""
        return sum((line.difference for line in self.lines), Decimal("0.00"))

    @property
    def total_vat(self) -> Decimal:
        """The net VAT to settle."""
        return sum((line.vat_difference for line in self.lines), Decimal("0.00"))

    @property
    def total_including_vat(self) -> Decimal:
        """The net amount to settle including VAT."""
        return self.total + self.total_vat

    def line(self, member_id: str) -> SettlementLine:
        """One member's line.

        Raises:
            InvalidInputError: for a member in neither roll.
        """
        for line in self.lines:
            if line.member_id == member_id:
                return line
        raise InvalidInputError(
            "member_id", given=member_id, expected=f"a member of the {self.year} settlement"
        )

    def explain(self, member_id: str, lang: str | None = None) -> str:
        """One member's settlement in words, each line checkable by hand."""
        line = self.line(member_id)
        title = label("{member}, settlement of dues {year}", lang).format(
            member=member_id, year=self.year
        )
        return explain_steps(title, line.steps(), lang=lang)

    def table(self, lang: str | None = None, *, changed_only: bool = False) -> Table:
        """Per member: provisional, final, difference, VAT difference and difference including VAT."""
        lines = [x for x in self.lines if x.total_difference or not changed_only]

        def money(value: Decimal) -> str:
            return format_amount(value, lang, decimals=2)

        rows = [
            (
                x.member_id,
                money(x.provisional),
                money(x.final),
                money(x.difference),
                money(x.vat_difference),
                money(x.total_difference),
            )
            for x in lines
        ]
        rows.append(
            (
                label("total", lang).capitalize(),
                money(sum((x.provisional for x in self.lines), Decimal("0.00"))),
                money(sum((x.final for x in self.lines), Decimal("0.00"))),
                money(self.total),
                money(self.total_vat),
                money(self.total_including_vat),
            )
        )
        return Table(
            title=label("settlement of dues {year}", lang).format(year=self.year).capitalize(),
            columns=(
                label("member", lang),
                label("provisional", lang),
                label("final", lang),
                label("difference", lang),
                label("VAT difference", lang),
                label("difference including VAT", lang),
            ),
            rows=rows,
            align="lrrrrr",
            total_rows=frozenset({len(rows) - 1}),
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per member, Decimal columns.

        Columns: ``member_id``, ``payer``, ``provisional``, ``final``, ``difference``,
        ``provisional_vat``, ``final_vat``, ``vat_difference``, ``total_difference``
        and ``estimated``.
        """
        pd_mod = require_pandas()
        frame: pd.DataFrame = pd_mod.DataFrame(
            [
                (
                    x.member_id,
                    x.payer,
                    x.provisional,
                    x.final,
                    x.difference,
                    x.provisional_vat,
                    x.final_vat,
                    x.vat_difference,
                    x.total_difference,
                    x.estimated,
                )
                for x in self.lines
            ],
            columns=[
                "member_id",
                "payer",
                "provisional",
                "final",
                "difference",
                "provisional_vat",
                "final_vat",
                "vat_difference",
                "total_difference",
                "estimated",
            ],
        )
        return frame


@attrs.frozen
class SolveResult:
    """What :func:`solve_rate` found: the factor, the schedule, and how close the total gets."""

    factor: Decimal
    schedule: DuesSchedule
    total: Decimal
    target: Decimal

    @property
    def gap(self) -> Decimal:
        """Total minus target (rounding rules out exact equality in general)."""
        return self.total - self.target


def solve_rate(  # noqa: C901 - the bisection, then the shortest factor or the grid
    schedule: DuesSchedule,
    registry: Registry | RollColumns,
    target: Decimal,
    *,
    rates_only: bool = True,
    digits: int = 8,
    step: Decimal | str | None = None,
) -> SolveResult:
    """Find the factor on the schedule's rates (or, with ``rates_only=False``, on all amounts) that brings the roll to ``target``.

    With ``step`` the answer is publishable: the lowest value on a grid of ``step``
    whose roll reaches ``target`` (total >= target). For a
    :class:`~wmd.finance.formulas.Rate` schedule the grid is on the rate
    (``Decimal("0.00001")`` is 0,01 per mille; minimum and maximum stay), for other
    formulas on the factor (:func:`with_lever`). The solved schedule's rate has the
    digits an association publishes, so an explanation multiplies out:

    >>> import pendulum
    >>> from wmd.finance.formulas import Rate
    >>> from wmd.members import Member, Membership, YearFigures
    >>> registry = Registry([Member("M1", "Stichting 1", sectors=("LW",),
    ...     figures=(YearFigures(2013, wage_sum=Decimal("1234567")),),
    ...     spells=(Membership(pendulum.date(2000, 1, 1)),))])
    >>> schedule = DuesSchedule(2013, Rate.per_mille("2"))
    >>> solve_rate(schedule, registry, Decimal("2700")).schedule.formula.rate
    Decimal('0.002187000')
    >>> solved = solve_rate(schedule, registry, Decimal("2700"), step=Decimal("0.00001"))
    >>> solved.schedule.formula.rate, solved.total  # 1.234.567 x 0,00219 = 2.703,70
    (Decimal('0.00219'), Decimal('2703.70'))

    ``registry`` may also be the kernel's columns (:meth:`DuesSchedule.columns`, or a
    projection's :meth:`~wmd.finance.projection.Projection.columns`): the members are
    then not looked at again. Bisection on the factor; the roll's total never
    decreases as the factor grows.
    The factor has at most ``digits`` decimals, and of the factors that get
    equally close the shortest is returned. Scaled rates keep
    :data:`~wmd.finance.formulas.RATE_PLACES` decimals.

    Raises:
        RuleError: when the roll is zero whatever the factor (nothing to scale).
    """
    target = amount(target, field="target")
    columns = registry if isinstance(registry, RollColumns) else schedule.columns(registry)

    def total(factor: Decimal) -> Decimal:
        return schedule.scaled(factor, rates_only=rates_only).roll_columns(columns).total

    low, high = Decimal(0), Decimal(1)
    base = total(high)
    if base == 0 and target != 0:
        raise RuleError(f"dues {schedule.year}: the roll is zero, no factor reaches {target}")
    while total(high) < target:
        high *= 2
        if high > 2**40:
            raise RuleError(f"dues {schedule.year}: no factor up to 2**40 reaches {target}")
    quantum = Decimal(1).scaleb(-digits)
    while high - low > quantum * max(Decimal(1), high):
        mid = ((low + high) / 2).quantize(quantum)
        if mid in (low, high):
            break
        if total(mid) < target:
            low = mid
        else:
            high = mid
    best = min((low, high), key=lambda f: (abs(total(f) - target), f))
    best_gap = abs(total(best) - target)
    # prefer the shortest factor that gets as close: a rate of 0,2% rather than 0,1999995%
    for places in range(digits + 1):
        candidate = best.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)
        if candidate > 0 and abs(total(candidate) - target) <= best_gap:
            best = candidate
            break
    if step is not None:
        return _solve_on_grid(
            schedule, columns, target, best, step, rates_only=rates_only, digits=digits
        )
    solved = schedule.scaled(best, rates_only=rates_only)
    return SolveResult(best, solved, total(best), target)


def lever(schedule: DuesSchedule) -> tuple[str, Decimal]:
    """What a publishable step moves: ``("rate", rate)`` for a rate schedule, else ``("factor", 1)``.

    >>> from wmd.finance.formulas import Rate
    >>> lever(DuesSchedule(2013, Rate.per_mille("2")))
    ('rate', Decimal('0.002'))
    """
    formula = schedule.formula
    if isinstance(formula, Rate):
        return "rate", formula.rate
    return "factor", Decimal(1)


def with_lever(schedule: DuesSchedule, value: Decimal, *, rates_only: bool = True) -> DuesSchedule:
    """The schedule with its rate (for other formulas: the factor on it) set to ``value``.

    >>> from wmd.finance.formulas import Rate
    >>> with_lever(DuesSchedule(2013, Rate.per_mille("2")), Decimal("0.00213")).formula.rate
    Decimal('0.00213')
    """
    formula = schedule.formula
    if isinstance(formula, Rate):
        return attrs.evolve(schedule, formula=attrs.evolve(formula, rate=value))
    return schedule.scaled(value, rates_only=rates_only)


def _solve_on_grid(
    schedule: DuesSchedule,
    columns: RollColumns,
    target: Decimal,
    best: Decimal,
    step: Decimal | str,
    *,
    rates_only: bool,
    digits: int,
) -> SolveResult:
    """The lowest multiple of ``step`` (of the rate, or of the factor) whose roll reaches ``target``.

    For a rate grid the factor reported is the new rate over the old, to ``digits`` decimals.
    """
    with local_context():
        grid = Decimal(step)
        if not grid.is_finite() or grid <= 0:
            raise InvalidInputError("step", given=step, expected="a step above zero")
        unit, value = lever(schedule)

        def at(k: int) -> DuesSchedule:
            return with_lever(schedule, (k * grid).quantize(grid), rates_only=rates_only)

        def reaches(k: int) -> bool:
            return at(k).roll_columns(columns).total >= target

        start = value * best if unit == "rate" else best
        high = max(1, int((start / grid).to_integral_value(rounding=decimal.ROUND_CEILING)))
        while not reaches(high):
            high *= 2
            if high * grid > 2**40:
                raise RuleError(f"dues {schedule.year}: no value up to 2**40 reaches {target}")
        low = -1  # below the grid: fails
        while high - low > 1:
            mid = (low + high) // 2
            if mid >= 0 and reaches(mid):
                high = mid
            else:
                low = mid
        solved = at(high)
        chosen = (high * grid).quantize(grid)
        factor = (
            (chosen / value).quantize(Decimal(1).scaleb(-digits))
            if unit == "rate" and value
            else chosen
        )
        return SolveResult(factor, solved, solved.roll_columns(columns).total, target)
