"""Debtors (debiteuren): who pays a member's invoices, where they go, and how the money comes in.

Billing details are kept apart from the :class:`~wmd.members.Member`: a member is an
organisation with wage sums and memberships; its :class:`Debtor` is the name and address
on the invoice, an optional VAT number, the bank account (IBAN and BIC) and, for SEPA
direct debit (*incasso*), a :class:`Mandate`. Identifiers are checked with python-stdnum
(``stdnum.iban``, ``stdnum.bic``, ``stdnum.eu.vat``) and kept in their compact form.

>>> from wmd.finance.invoicing.debtors import Debtor, Mandate, PaymentMethod
>>> d = Debtor("M1", "Stichting Een", "Dorpsstraat 1", "1234 AB", "Oostermeer",
...     iban="NL91 ABNA 0417 1643 00", bic="ABNANL2A", vat_number="NL 0044.95.445.B01",
...     payment=PaymentMethod.DIRECT_DEBIT,
...     mandate=Mandate("WMD-M1", "2012-11-01", "B2B"))
>>> d.iban, d.vat_number, d.mandate.scheme.value
('NL91ABNA0417164300', 'NL004495445B01', 'B2B')
>>> Debtor("M2", "Stichting Twee", "Kerkplein 2", "1234 AB", "Oostermeer", iban="NL91ABNA0417164301")
Traceback (most recent call last):
...
wmd.errors.InvalidInputError: debtor M2: iban: expected a valid IBAN (NL91 ABNA 0417 1643 00), got 'NL91ABNA0417164301'

Debtors come from a CSV file (:func:`read_debtors_csv`) with the columns of
:data:`COLUMNS`, comma- or semicolon-separated (as Dutch Excel saves it). Every bad cell
is reported at once, by its line in the file as a person sees it in an editor (the header
is line 1, the first debtor line 2), and nothing is loaded.
"""

from __future__ import annotations

import csv
import enum
import io
import os
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Final, TextIO

import attrs

from wmd import limits
from wmd.errors import BadFileError, BadRow, InvalidInputError, MissingExtraError, to_enum
from wmd.periods import Date, to_date

__all__ = [
    "COLUMNS",
    "Creditor",
    "Debtor",
    "Debtors",
    "Mandate",
    "MandateKind",
    "PaymentMethod",
    "Scheme",
    "read_debtors_csv",
]

Source = str | os.PathLike[str] | TextIO


class PaymentMethod(enum.StrEnum):
    """How a member pays its invoices."""

    DIRECT_DEBIT = "direct_debit"
    """SEPA direct debit (incasso) under a mandate."""
    TRANSFER = "transfer"
    """The member transfers the amount itself, quoting the payment reference."""


class Scheme(enum.StrEnum):
    """The SEPA direct debit scheme of a mandate."""

    CORE = "CORE"
    """The core scheme (consumers and organisations; the debtor may reverse for 8 weeks)."""
    B2B = "B2B"
    """Business to business: between organisations, no reversal; the debtor's bank checks the mandate."""


class MandateKind(enum.StrEnum):
    """Whether a mandate allows one collection or a series."""

    RECURRENT = "recurrent"
    """Collected every year: the first collection is FRST, later ones RCUR."""
    ONE_OFF = "one_off"
    """One collection only (OOFF)."""
    FINAL = "final"
    """A recurrent mandate whose next collection is the last one (FNAL), e.g. after a cancellation."""


def _stdnum(module: str) -> object:
    try:
        return __import__(f"stdnum.{module}", fromlist=["validate"])
    except ImportError:  # pragma: no cover - python-stdnum is in the extra
        raise MissingExtraError("python-stdnum", "invoicing") from None


def _validated(module: str, value: str, field: str, expected: str, where: str) -> str:
    from stdnum.exceptions import ValidationError  # noqa: PLC0415 - optional extra

    validate: Callable[[str], str] = _stdnum(module).validate  # type: ignore[attr-defined]
    try:
        return validate(value)
    except ValidationError:
        raise InvalidInputError(field, given=value, expected=expected, where=where) from None


def _scheme(value: object) -> Scheme:
    return to_enum(Scheme, value, "scheme")


def _mandate_kind(value: object) -> MandateKind:
    return to_enum(MandateKind, value, "mandate_kind")


def _payment(value: object) -> PaymentMethod:
    return to_enum(PaymentMethod, value, "payment")


def _date(value: object) -> Date:
    return to_date(value, field="mandate_signed")


@attrs.frozen
class Mandate:
    """A SEPA direct debit mandate: the debtor's signed permission to collect.

    Attributes:
        reference: the mandate reference (machtigingskenmerk), unique per creditor, at most 35 characters.
        signed: the date of signature.
        scheme: CORE or B2B.
        kind: recurrent (FRST, then RCUR), one-off (OOFF) or with a final collection next (FNAL).
    """

    reference: str = attrs.field()
    signed: Date = attrs.field(converter=_date)
    scheme: Scheme = attrs.field(default=Scheme.CORE, converter=_scheme)
    kind: MandateKind = attrs.field(default=MandateKind.RECURRENT, converter=_mandate_kind)

    @reference.validator
    def _check_reference(self, _a: object, value: str) -> None:
        allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-?:().,'+ ")
        if not 1 <= len(value) <= 35 or not set(value) <= allowed or value.strip() != value:
            raise InvalidInputError(
                "mandate_reference",
                given=value,
                expected="1 to 35 letters, digits or / - ? : ( ) . , ' + (SEPA's Latin set)",
            )


def _text(field: str) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(_instance: object, _a: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidInputError(field, given=value, expected=f"a non-empty {field}")

    return check


@attrs.frozen
class Debtor:
    """The billing details of one member.

    Attributes:
        member_id: the member the invoices are for.
        name: the name on the invoice.
        address: street and number.
        postcode: the postcode.
        city: the place.
        country: ISO 3166 country code (default ``NL``).
        vat_number: the member's VAT number, if it has one (compact form).
        iban: its bank account (compact form), if known.
        bic: its bank's BIC, if known.
        payment: direct debit or transfer.
        mandate: the SEPA mandate, for direct debit.

    A debtor that pays by direct debit without a mandate or an IBAN can exist (the form may
    not be back yet); the SEPA file lists it with the reason instead of collecting.

    Raises:
        InvalidInputError: naming the member and the field, for an empty name or address,
            or an IBAN, BIC or VAT number that is not valid.
    """

    member_id: str
    name: str = attrs.field(validator=_text("name"))
    address: str = attrs.field(validator=_text("address"))
    postcode: str = attrs.field(validator=_text("postcode"))
    city: str = attrs.field(validator=_text("city"))
    country: str = "NL"
    vat_number: str | None = None
    iban: str | None = None
    bic: str | None = None
    payment: PaymentMethod = attrs.field(default=PaymentMethod.TRANSFER, converter=_payment)
    mandate: Mandate | None = None

    def __init__(
        self,
        member_id: str,
        name: str,
        address: str,
        postcode: str,
        city: str,
        *,
        country: str = "NL",
        vat_number: str | None = None,
        iban: str | None = None,
        bic: str | None = None,
        payment: PaymentMethod | str = PaymentMethod.TRANSFER,
        mandate: Mandate | None = None,
    ) -> None:
        where = f"debtor {member_id}"
        try:
            self.__attrs_init__(  # type: ignore[attr-defined]
                member_id,
                name,
                address,
                postcode,
                city,
                country,
                _validated(
                    "eu.vat",
                    vat_number,
                    "vat_number",
                    "a valid EU VAT number (NL004495445B01)",
                    where,
                )
                if vat_number
                else None,
                _validated("iban", iban, "iban", "a valid IBAN (NL91 ABNA 0417 1643 00)", where)
                if iban
                else None,
                _validated("bic", bic, "bic", "a valid BIC of 8 or 11 characters (ABNANL2A)", where)
                if bic
                else None,
                payment,
                mandate,
            )
        except InvalidInputError as err:
            if err.where:
                raise
            raise InvalidInputError(
                err.field, given=err.given, expected=err.expected, where=where
            ) from None

    @property
    def collectable(self) -> str | None:
        """Why this debtor cannot be collected by direct debit, or ``None`` when it can.

        >>> Debtor("M1", "S", "Straat 1", "1234 AB", "Plaats").collectable
        'pays by transfer'
        """
        if self.payment is PaymentMethod.TRANSFER:
            return "pays by transfer"
        if self.mandate is None:
            return "no mandate"
        if self.iban is None:
            return "no IBAN"
        return None


@attrs.frozen
class Debtors(Mapping[str, Debtor]):
    """Debtors by member id (one per member)."""

    by_member: Mapping[str, Debtor]

    @classmethod
    def of(cls, debtors: tuple[Debtor, ...] | list[Debtor]) -> Debtors:
        """Debtors from a sequence, refusing two debtors for one member.

        Raises:
            InvalidInputError: for a member with two debtors.
        """
        by_member: dict[str, Debtor] = {}
        for debtor in debtors:
            if debtor.member_id in by_member:
                raise InvalidInputError(
                    "member_id",
                    given=debtor.member_id,
                    expected="one debtor per member",
                    where=f"debtor {debtor.member_id}",
                )
            by_member[debtor.member_id] = debtor
        return cls(by_member)

    def __getitem__(self, member_id: str) -> Debtor:
        try:
            return self.by_member[member_id]
        except KeyError:
            raise InvalidInputError(
                "debtor",
                given=member_id,
                expected="a member with billing details",
                where=f"member {member_id}",
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_member)

    def __len__(self) -> int:
        return len(self.by_member)


_CREDITOR_ID: Final = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}")


def _creditor_id(value: str) -> str:
    """A SEPA creditor identifier (incassant-ID), checked by ISO 7064 mod 97-10.

    The check digits cover the country code and the national part, not the business code.

    >>> _creditor_id("NL57ZZZ999999999999")
    'NL57ZZZ999999999999'
    """
    from stdnum.iso7064 import mod_97_10  # noqa: PLC0415 - optional extra

    compact = value.replace(" ", "").upper()
    if not _CREDITOR_ID.fullmatch(compact) or not mod_97_10.is_valid(compact[7:] + compact[:4]):
        raise InvalidInputError(
            "creditor_id",
            given=value,
            expected="a SEPA creditor identifier (NL57ZZZ999999999999)",
            where="creditor",
        )
    return compact


def _creditor_iban(value: str) -> str:
    return _validated("iban", value, "iban", "a valid IBAN (NL91 ABNA 0417 1643 00)", "creditor")


def _creditor_bic(value: str) -> str:
    return _validated(
        "bic", value, "bic", "a valid BIC of 8 or 11 characters (ABNANL2A)", "creditor"
    )


def _creditor_vat(value: str) -> str:
    return _validated(
        "eu.vat", value, "vat_number", "a valid EU VAT number (NL004495445B01)", "creditor"
    )


def _kvk(value: str) -> str:
    if not (len(value) == 8 and value.isdigit()):
        raise InvalidInputError("kvk", given=value, expected="8 digits", where="creditor")
    return value


@attrs.frozen
class Creditor:
    """The association itself: the supplier on every invoice and the creditor of every direct debit.

    Attributes:
        name: the association's name.
        address: street and number.
        postcode: the postcode.
        city: the place.
        vat_number: its VAT number (on every invoice).
        kvk: its Chamber of Commerce number (on every invoice).
        iban: the account the money goes to.
        bic: its bank's BIC.
        creditor_id: the SEPA creditor identifier (incassant-ID).

    >>> Creditor("W&MD", "Postbus 1", "3500 AA", "Utrecht", "NL004495445B01", "12345678",
    ...     "NL91ABNA0417164300", "ABNANL2A", "NL57ZZZ999999999999").creditor_id
    'NL57ZZZ999999999999'
    """

    name: str = attrs.field(validator=_text("name"))
    address: str = attrs.field(validator=_text("address"))
    postcode: str = attrs.field(validator=_text("postcode"))
    city: str = attrs.field(validator=_text("city"))
    vat_number: str = attrs.field(converter=_creditor_vat)
    kvk: str = attrs.field(converter=_kvk)
    iban: str = attrs.field(converter=_creditor_iban)
    bic: str = attrs.field(converter=_creditor_bic)
    creditor_id: str = attrs.field(converter=_creditor_id)


COLUMNS: Final = (
    "member_id",
    "name",
    "address",
    "postcode",
    "city",
    "country",
    "vat_number",
    "iban",
    "bic",
    "payment",
    "mandate_reference",
    "mandate_signed",
    "scheme",
    "mandate_kind",
)
"""The columns of a debtors file, in order; ``country`` to ``mandate_kind`` may be empty."""

_MANDATE_COLUMNS: Final = ("mandate_reference", "mandate_signed", "scheme", "mandate_kind")


def _open(source: Source) -> tuple[str, str]:
    """The name and text of a debtors file: UTF-8, within :mod:`wmd.limits`' size."""
    if isinstance(source, str | os.PathLike):
        return str(source), limits.read_text(os.fspath(source))
    name = getattr(source, "name", "CSV")
    name = name if isinstance(name, str) else "CSV"
    text = source.read().removeprefix("\ufeff")
    limits.check_size(len(text), source=name)
    return name, text


def read_debtors_csv(source: Source) -> Debtors:
    r"""Read debtors from CSV: a path or an open text file.

    Rows in the error are line numbers (the header is line 1). A cell that starts with a
    quote written to keep a spreadsheet from running it (``'=...``) loses that quote.

    Raises:
        BadFileError: listing every bad cell; nothing is loaded.

    >>> import io
    >>> text = ("member_id;name;address;postcode;city;country;vat_number;iban;bic;payment;"
    ...         "mandate_reference;mandate_signed;scheme;mandate_kind\n"
    ...         "M1;Stichting Een;;1234 AB;Oostermeer;;;NL91ABNA0417164300;ABNANL;direct_debit;WMD-M1;2012-11-01;B2B;\n")
    >>> read_debtors_csv(io.StringIO(text))
    Traceback (most recent call last):
    ...
    wmd.errors.BadFileError: CSV: 2 bad row(s), nothing loaded:
      row 2, column 'address': debtor M1: expected a non-empty address (value '')
      row 2, column 'bic': debtor M1: expected a valid BIC of 8 or 11 characters (ABNANL2A) (value 'ABNANL')
    """
    name, text = _open(source)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        raise BadFileError(name, [BadRow(0, "", "", f"cannot be read as CSV: {err}")]) from None
    if not table:
        raise BadFileError(name, [BadRow(1, "", "", "the file is empty; expected a header")])
    header, *body = table
    problems = [BadRow(1, c, c, "unknown column") for c in header if c not in COLUMNS]
    problems += [BadRow(1, c, "", "missing column") for c in COLUMNS if c not in header]
    if problems:
        raise BadFileError(name, problems)
    bad: list[BadRow] = []
    debtors: list[Debtor] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(body, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {c: v.strip().removeprefix("'") for c, v in zip(header, cells, strict=False)}
        if _text_problems(row, line, bad):
            continue
        debtor = _debtor(row, line, bad)
        if debtor is None:
            continue
        if debtor.member_id in seen:
            bad.append(
                BadRow(
                    line,
                    "member_id",
                    debtor.member_id,
                    f"member also on line {seen[debtor.member_id]}",
                )
            )
            continue
        seen[debtor.member_id] = line
        debtors.append(debtor)
    if bad:
        raise BadFileError(name, sorted(bad, key=lambda b: (b.row, _order(b.column))))
    return Debtors.of(debtors)


def _text_problems(row: dict[str, str], line: int, bad: list[BadRow]) -> bool:
    """Report cells too long or not valid Unicode (they could not be written back)."""
    found = False
    for column, value in row.items():
        try:
            limits.check_text(value, field=column)
        except InvalidInputError as err:
            bad.append(BadRow(line, column, value[:40], f"expected {err.expected}"))
            found = True
    return found


def _order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else -1


_FIELD_COLUMN: Final = {"kind": "mandate_kind", "reference": "mandate_reference"}


def _debtor(row: dict[str, str], line: int, bad: list[BadRow]) -> Debtor | None:
    member_id = row.get("member_id", "")
    if not member_id:
        bad.append(BadRow(line, "member_id", "", "expected a member id"))
        return None
    mandate: Mandate | None = None
    if any(row.get(c) for c in _MANDATE_COLUMNS):
        try:
            mandate = Mandate(
                row.get("mandate_reference", ""),
                row.get("mandate_signed", ""),
                row.get("scheme") or Scheme.CORE,
                row.get("mandate_kind") or MandateKind.RECURRENT,
            )
        except InvalidInputError as err:
            column = _FIELD_COLUMN.get(err.field, err.field)
            bad.append(
                BadRow(
                    line,
                    column,
                    row.get(column, ""),
                    f"debtor {member_id}: expected {err.expected}",
                )
            )
    problems = _collect_debtor_errors(row, member_id, mandate)
    bad.extend(BadRow(line, column, row.get(column, ""), reason) for column, reason in problems)
    if problems or any(b.row == line for b in bad):
        return None
    return _make(row, member_id, mandate)


def _make(row: dict[str, str], member_id: str, mandate: Mandate | None) -> Debtor:
    return Debtor(
        member_id,
        row.get("name", ""),
        row.get("address", ""),
        row.get("postcode", ""),
        row.get("city", ""),
        country=row.get("country") or "NL",
        vat_number=row.get("vat_number") or None,
        iban=row.get("iban") or None,
        bic=row.get("bic") or None,
        payment=row.get("payment") or PaymentMethod.TRANSFER,
        mandate=mandate,
    )


def _collect_debtor_errors(
    row: dict[str, str], member_id: str, mandate: Mandate | None
) -> list[tuple[str, str]]:
    """Every field the domain type refuses: try the debtor, blank the bad field, try again."""
    problems: list[tuple[str, str]] = []
    trial = dict(row)
    fillers = {"name": "-", "address": "-", "postcode": "-", "city": "-"}
    for _ in COLUMNS:
        try:
            _make(trial, member_id, mandate)
        except InvalidInputError as err:
            problems.append((err.field, f"debtor {member_id}: expected {err.expected}"))
            trial[err.field] = fillers.get(err.field, "")
            continue
        break
    return problems
