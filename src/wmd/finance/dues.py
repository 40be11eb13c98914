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
€800,000.00 x 0.2% = €1,600.00
minimum €250.00 not applied
gross dues: €1,600.00
part of the year: 6/12
amount due: €800.00
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
from typing import TYPE_CHECKING, Final

import attrs
import numpy as np
import numpy.typing as npt

from wmd.errors import InvalidInputError, RuleError, to_enum
from wmd.finance.formulas import Formula
from wmd.finance.proration import Proration, coverage
from wmd.i18n import format_amount, format_percent, label
from wmd.members.member import EndReason, Member
from wmd.members.registry import Registry
from wmd.money import CENTS, RoundingPolicy, amount, as_fraction, from_cents
from wmd.periods import Date, Year
from wmd.tables import Table, Tabular, require_pandas

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Assessment",
    "Basis",
    "BasisKind",
    "DuesRoll",
    "DuesSchedule",
    "MergerRule",
    "MissingBasis",
    "RollColumns",
    "Settlement",
    "SolveResult",
    "Vat",
    "solve_rate",
]

Int64Array = npt.NDArray[np.int64]


class BasisKind(enum.StrEnum):
    """Which figure the dues are based on."""

    WAGE_SUM = "wage_sum"
    HEADCOUNT = "headcount"
    FTE = "fte"


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
    """How the year of a merger itself is assessed.

    In the years after a merger the successor's basis always includes the
    merged members' figures for basis years before the merger.
    """

    SEPARATE = "separate"
    """Each member pays its own dues in the merger year (the merged member by the leaving rule)."""
    COMBINED = "combined"
    """From the merger year on the successor pays on the combined basis; the merged member pays nothing that year."""


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
class _Inputs:
    """What the scalar and vectorized paths share for one member: basis and time in the year."""

    member_id: str
    basis: Fraction
    basis_year: int
    source: str
    estimated: bool
    pieces: tuple[tuple[int, int], ...]


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
        amount: the amount due (gross x fraction, rounded).
        vat_base: the part of ``amount`` liable to VAT.
        vat: the VAT on ``vat_base``.
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
    steps: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = attrs.field(
        repr=False, eq=False
    )

    def explain(self, lang: str = "nl") -> str:
        """The steps in words, so a member can check its invoice.

        Amounts are shown to the cent; rates as percentages.
        """
        lines = [f"{self.member_id}, {label('dues', lang)} {self.year}"]
        for msgid, values in self.steps:
            shown = {key: _show(key, value, lang) for key, value in values}
            lines.append(label(msgid, lang).format(**shown))
        return "\n".join(lines)


def _show(key: str, value: object, lang: str) -> str:
    if key == "rate" and isinstance(value, Decimal):
        digits = max(1, -value.normalize().as_tuple().exponent - 2)  # type: ignore[operator]
        return format_percent(value, lang, decimals=min(digits, 6))
    if isinstance(value, Fraction | Decimal):
        shown = CENTS.round(value) if isinstance(value, Fraction) else value
        return format_amount(shown, lang, decimals=2, currency=True)
    return str(value)


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
        merger_rule: how the merger year is assessed.
        rounding: the rounding policy of gross and due amounts.
        vat: an optional VAT split.
    """

    year: int = attrs.field()
    formula: Formula
    basis: Basis = attrs.field(factory=Basis)
    proration: Proration = attrs.field(factory=Proration)
    merger_rule: MergerRule = attrs.field(default=MergerRule.SEPARATE, converter=_merger_rule)
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

    def _basis(
        self, member: Member, registry: Registry, seen: frozenset[str] = frozenset()
    ) -> tuple[Fraction, str, bool]:
        basis_year = self.basis.year_for(self.year)
        where = f"member {member.id}, dues {self.year}"
        value = _figure(member, self.basis.kind, basis_year)
        source = str(basis_year)
        estimated = False
        if value is None and not self.formula.uses_basis:
            value, source = Decimal(0), "-"
        if value is None:
            if self.basis.missing is MissingBasis.ERROR:
                raise RuleError(
                    f"{where}: {self.basis.kind.value} {basis_year} is not known and the schedule requires it"
                )
            known = [
                f.year
                for f in member.figures
                if f.year < basis_year and _figure(member, self.basis.kind, f.year) is not None
            ]
            if not known:
                raise RuleError(
                    f"{where}: no {self.basis.kind.value} known for {basis_year} or any year before"
                )
            last = max(known)
            value = _figure(member, self.basis.kind, last)
            estimated = self.basis.missing is MissingBasis.ESTIMATE
            source = f"{'estimate' if estimated else 'last known'} {last}"
        assert value is not None  # noqa: S101 - set above or raised
        total = as_fraction(value)
        for other, spell in registry.predecessors(member.id):
            if spell.end is None:
                continue
            merger_year = spell.end.year
            counts = merger_year > basis_year and (
                merger_year < self.year
                or (merger_year == self.year and self.merger_rule is MergerRule.COMBINED)
            )
            if counts and other.id not in seen:
                extra, _src, extra_estimated = self._basis(other, registry, seen | {member.id})
                total += extra
                estimated = estimated or extra_estimated
                source += f" + {other.id}"
        units = total * self.scale
        if units.denominator != 1:
            raise RuleError(
                f"{where}: {self.basis.kind.value} {total} has more decimals than the basis allows"
            )
        return total, source, estimated

    def _inputs(self, member: Member, registry: Registry) -> _Inputs | None:
        year = Year(self.year)
        spells = list(member.spells)
        if self.merger_rule is MergerRule.COMBINED:
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
        if not pieces:
            return None
        basis, source, estimated = self._basis(member, registry)
        return _Inputs(member.id, basis, self.basis.year_for(self.year), source, estimated, pieces)

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
        steps: list[tuple[str, tuple[tuple[str, object], ...]]] = [
            (
                f"{self.basis.kind.value.replace('_', ' ')} {{year}}: {{basis}}",
                (
                    ("year", inputs.source),
                    (
                        "basis",
                        basis_dec if self.basis.kind is BasisKind.WAGE_SUM else _Plain(basis_dec),
                    ),
                ),
            )
        ]
        steps += [
            (msgid, tuple(values.items())) for msgid, values in self.formula.steps(inputs.basis)
        ]
        steps.append(("gross dues: {gross}", (("gross", gross),)))
        steps.append(("part of the year: {num}/{den}", (("num", num), ("den", den))))
        steps.append(("amount due: {amount}", (("amount", due),)))
        if self.vat is not None:
            steps.append(
                ("of which liable to VAT: {base}, VAT {vat}", (("base", vat_base), ("vat", vat)))
            )
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
            tuple(steps),
        )

    def _vat(self, due: Decimal) -> tuple[Decimal, Decimal]:
        if self.vat is None:
            return Decimal("0.00"), Decimal("0.00")
        base = self.rounding.round(as_fraction(due) * as_fraction(self.vat.share))
        return base, self.rounding.round(as_fraction(base) * as_fraction(self.vat.rate))

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

    def columns(self, registry: Registry) -> RollColumns:
        """The registry as columns for the kernel: bases in whole units and pieces of the year.

        This is the Python part of a roll (one pass over the members); the kernel
        (:meth:`roll_columns`) is pure numpy. Projections reuse the columns with
        shocked bases.

        Raises:
            RuleError: listing every member whose basis cannot be determined.
        """
        inputs: list[_Inputs] = []
        problems: list[str] = []
        for member in registry.members:
            try:
                item = self._inputs(member, registry)
            except RuleError as err:
                problems.append(str(err))
                continue
            if item is not None:
                inputs.append(item)
        if problems:
            raise RuleError(
                f"dues {self.year}: {len(problems)} member(s) cannot be assessed:\n  "
                + "\n  ".join(problems)
            )
        return RollColumns(
            member_ids=tuple(i.member_id for i in inputs),
            basis_units=np.array([int(i.basis * self.scale) for i in inputs], dtype=np.int64),
            estimated=np.array([i.estimated for i in inputs], dtype=bool),
            piece_member=np.array(
                [k for k, i in enumerate(inputs) for _ in i.pieces], dtype=np.int64
            ),
            piece_a=np.array([p[0] for i in inputs for p in i.pieces], dtype=np.int64),
            piece_b=np.array([p[1] for i in inputs for p in i.pieces], dtype=np.int64),
        )

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
        if self.vat is None:
            vat_base = np.zeros_like(due)
            vat = np.zeros_like(due)
        else:
            share = as_fraction(self.vat.share)
            rate = as_fraction(self.vat.rate)
            vat_base = self.rounding.round_ratio_array(
                due * np.int64(share.numerator), share.denominator
            )
            vat = self.rounding.round_ratio_array(
                vat_base * np.int64(rate.numerator), rate.denominator
            )
        return DuesRoll(
            schedule=self,
            member_ids=columns.member_ids,
            basis_units=basis_units,
            estimated=columns.estimated,
            gross_cents=gross,
            fraction_numerators=fnum,
            due_cents=due,
            vat_base_cents=vat_base,
            vat_cents=vat,
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


@attrs.frozen
class _Plain:
    """A basis that is not money (people, fte), shown as a plain number."""

    value: Decimal

    def __str__(self) -> str:
        return str(self.value)


_array_eq = attrs.cmp_using(eq=np.array_equal)


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
    """

    member_ids: tuple[str, ...]
    basis_units: Int64Array = attrs.field(eq=_array_eq, repr=False)
    estimated: npt.NDArray[np.bool_] = attrs.field(eq=_array_eq, repr=False)
    piece_member: Int64Array = attrs.field(eq=_array_eq, repr=False)
    piece_a: Int64Array = attrs.field(eq=_array_eq, repr=False)
    piece_b: Int64Array = attrs.field(eq=_array_eq, repr=False)

    def with_basis(self, basis_units: Int64Array) -> RollColumns:
        """The same members with other bases (for projections and what-ifs)."""
        return attrs.evolve(self, basis_units=basis_units)


@attrs.frozen
class DuesRoll(Tabular):
    """Every member's dues for a year, as columns of ``int64`` cents.

    Use :attr:`total`, :meth:`amounts` (member id → amount due), :meth:`by_sector`,
    :meth:`table` and :meth:`to_pandas`; in Jupyter it shows as a table.
    """

    schedule: DuesSchedule
    member_ids: tuple[str, ...]
    basis_units: Int64Array = attrs.field(eq=_array_eq, repr=False)
    estimated: npt.NDArray[np.bool_] = attrs.field(eq=_array_eq, repr=False)
    gross_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    fraction_numerators: Int64Array = attrs.field(eq=_array_eq, repr=False)
    due_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    vat_base_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)
    vat_cents: Int64Array = attrs.field(eq=_array_eq, repr=False)

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
        """Total VAT."""
        return from_cents(int(self.vat_cents.sum()))

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
        try:
            index = self.member_ids.index(member_id)
        except ValueError:
            raise InvalidInputError(
                "member_id", given=member_id, expected=f"a member assessed in {self.year}"
            ) from None
        return from_cents(int(self.due_cents[index]))

    def __iter__(self) -> Iterator[tuple[str, Decimal]]:
        return iter(self.amounts().items())

    def by_sector(self, registry: Registry) -> dict[str, Decimal]:
        """Dues per primary sector (sector code → total)."""
        totals: dict[str, int] = {s.code: 0 for s in registry.sectors}
        for mid, cents in zip(self.member_ids, self.due_cents, strict=True):
            totals[registry.member(mid).primary_sector] += int(cents)
        return {code: from_cents(c) for code, c in totals.items()}

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
        before = self.amounts()
        after = final.amounts()
        zero = Decimal("0.00")
        rows = tuple((mid, before.get(mid, zero), after.get(mid, zero)) for mid in ids)
        return Settlement(self.year, rows)

    def table(self, lang: str = "nl", *, limit: int | None = 20) -> Table:
        """The roll as a table (first ``limit`` members, and the total)."""
        fden = self.schedule.proration.denominator(self.year)
        shown = range(len(self)) if limit is None else range(min(limit, len(self)))
        rows = [
            (
                self.member_ids[i],
                format_amount(from_cents(int(self.gross_cents[i])), lang, decimals=2),
                f"{self.fraction_numerators[i]}/{fden}",
                format_amount(from_cents(int(self.due_cents[i])), lang, decimals=2),
            )
            for i in shown
        ]
        rows.append(
            (label("total", lang).capitalize(), "", "", format_amount(self.total, lang, decimals=2))
        )
        notes = () if limit is None or len(self) <= limit else (f"… {len(self) - limit} more",)
        return Table(
            title=f"{label('dues', lang).capitalize()} {self.year}",
            columns=(
                label("member", lang),
                label("gross", lang),
                label("proration", lang),
                label("amount due", lang),
            ),
            rows=rows,
            align="lrrr",
            total_rows=frozenset({len(rows) - 1}),
            footnotes=notes,
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per member: id, basis, gross, fraction, due, VAT, estimated (Decimal columns)."""
        pd_mod = require_pandas()
        fden = self.schedule.proration.denominator(self.year)
        frame: pd.DataFrame = pd_mod.DataFrame(
            {
                "member_id": list(self.member_ids),
                "basis": [_from_units(int(u), self.schedule.scale) for u in self.basis_units],
                "gross": [from_cents(int(c)) for c in self.gross_cents],
                "fraction": [Fraction(int(n), fden) for n in self.fraction_numerators],
                "due": [from_cents(int(c)) for c in self.due_cents],
                "vat": [from_cents(int(c)) for c in self.vat_cents],
                "estimated": self.estimated.tolist(),
            }
        )
        return frame


@attrs.frozen
class Settlement:
    """Per member: provisional amount, final amount and the difference to settle."""

    year: int
    rows: tuple[tuple[str, Decimal, Decimal], ...]

    @property
    def differences(self) -> dict[str, Decimal]:
        """Member id → final minus provisional (positive: the member pays more)."""
        return {mid: after - before for mid, before, after in self.rows}

    @property
    def total(self) -> Decimal:
        """The net amount to settle."""
        return sum((after - before for _mid, before, after in self.rows), Decimal("0.00"))


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


def solve_rate(
    schedule: DuesSchedule,
    registry: Registry,
    target: Decimal,
    *,
    rates_only: bool = True,
    digits: int = 8,
) -> SolveResult:
    """Find the factor on the schedule's rates (or, with ``rates_only=False``, on all amounts) that brings the roll to ``target``.

    Bisection on the factor; the roll's total never decreases as the factor grows.
    The factor has at most ``digits`` decimals, and of the factors that get
    equally close the shortest is returned. Scaled rates keep
    :data:`~wmd.finance.formulas.RATE_PLACES` decimals.

    Raises:
        RuleError: when the roll is zero whatever the factor (nothing to scale).
    """
    target = amount(target, field="target")
    columns = schedule.columns(registry)

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
    solved = schedule.scaled(best, rates_only=rates_only)
    return SolveResult(best, solved, total(best), target)
