"""SEPA direct debit (incasso): a pain.008 file from the uncollected invoices of members with a mandate.

The file is **pain.008.001.02** (ISO 20022 Customer Direct Debit Initiation, version 2),
the version Dutch banks accept for SEPA direct debits (the EPC implementation guidelines
of 2009 that the Dutch banks' format descriptions follow); it is built with the
``sepaxml`` library and validated against the XSD that ``sepaxml`` ships before it is
returned. One file holds one scheme (CORE or B2B: a payment information block has one
local instrument), so :func:`direct_debit` gives one :class:`DebitFile` per scheme.

Per member, the open amount is the total including VAT of its uncollected invoices,
settlements and credit notes; a positive amount is collected as one transaction naming
the invoices. Transactions are grouped by sequence type -- FRST for a mandate's first
collection, RCUR after, OOFF for a one-off mandate, FNAL for the last -- and collection
date; sepaxml writes the count and control sum of each group and of the file.
A member that cannot be collected is listed in :attr:`DirectDebitRun.skipped` with the
reason, never silently left out.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from wmd.errors import InvalidInputError, MissingExtraError
from wmd.finance.invoicing.debtors import Creditor, Debtors, MandateKind, Scheme
from wmd.finance.invoicing.register import Register
from wmd.money import from_cents
from wmd.periods import Date, to_date

__all__ = ["PAIN_VERSION", "DebitFile", "DirectDebitRun", "Payment", "direct_debit"]

PAIN_VERSION = "pain.008.001.02"
"""The pain.008 version written: the one Dutch banks accept and sepaxml ships the XSD of."""


@attrs.frozen
class Payment:
    """One collection: a member's open amount under its mandate."""

    member_id: str
    invoices: tuple[str, ...]
    amount_cents: int
    mandate_reference: str
    sequence_type: str
    scheme: Scheme


@attrs.frozen
class DebitFile:
    """One pain.008 file: the XML and the payments in it."""

    scheme: Scheme
    xml: bytes = attrs.field(repr=False)
    payments: tuple[Payment, ...]

    @property
    def control_sum(self) -> Decimal:
        """The sum of the amounts (the file's CtrlSum)."""
        return from_cents(sum(p.amount_cents for p in self.payments))


@attrs.frozen
class DirectDebitRun:
    """What :func:`direct_debit` made: the files, and who was left out and why.

    Attributes:
        batch: the batch id (also the message id of the files).
        collection_date: the requested collection date.
        files: one per scheme with payments.
        skipped: (member id, reason, open amount) for members not collected.
    """

    batch: str
    collection_date: Date
    files: tuple[DebitFile, ...]
    skipped: tuple[tuple[str, str, Decimal], ...]

    @property
    def control_sum(self) -> Decimal:
        """The sum over all files."""
        return from_cents(sum(p.amount_cents for f in self.files for p in f.payments))

    def record(self, register: Register) -> None:
        """Mark the collected invoices in the register (one transaction), after the file went to the bank.

        Raises:
            RegisterError: when an invoice was collected already (nothing is recorded).
        """
        rows = [
            (number, p.mandate_reference, p.sequence_type, self.collection_date)
            for f in self.files
            for p in f.payments
            for number in p.invoices
        ]
        register.record_collections(self.batch, rows)


def _sequence(kind: MandateKind, used: bool) -> str:
    if kind is MandateKind.ONE_OFF:
        return "OOFF"
    if kind is MandateKind.FINAL:
        return "FNAL"
    return "RCUR" if used else "FRST"


def direct_debit(
    register: Register,
    debtors: Debtors,
    creditor: Creditor,
    *,
    collection_date: Date,
    today: Date,
    batch: str,
    year: int | None = None,
) -> DirectDebitRun:
    """The pain.008 files for the uncollected invoices (of ``year``, or all) of members with a mandate.

    Nothing is written to the register; call :meth:`DirectDebitRun.record` once the file
    is sent.

    Raises:
        InvalidInputError: for a collection date before ``today``; for a mandate signed
            after the collection date (naming the member and ``mandate_signed``); for an
            invoice of a member without billing details; for a batch id that is not 1 to
            35 characters.
    """
    try:
        from sepaxml import SepaDD  # noqa: PLC0415 - optional extra
    except ImportError:  # pragma: no cover - sepaxml is in the extra
        raise MissingExtraError("sepaxml", "invoicing") from None
    collection_date = to_date(collection_date, field="collection_date")
    today = to_date(today, field="today")
    if collection_date < today:
        raise InvalidInputError(
            "collection_date", given=str(collection_date), expected=f"today ({today}) or later"
        )
    if not 1 <= len(batch) <= 35:
        raise InvalidInputError("batch", given=batch, expected="1 to 35 characters")
    payments, skipped = _payments(register, debtors, collection_date, year)
    files = [
        _file(
            SepaDD,
            scheme,
            chosen=chosen,
            debtors=debtors,
            creditor=creditor,
            collection_date=collection_date,
        )
        for scheme in Scheme
        if (chosen := [p for p in payments if p.scheme is scheme])
    ]
    return DirectDebitRun(batch, collection_date, tuple(files), tuple(skipped))


def _file(
    sepa_dd: Any,  # noqa: ANN401 - sepaxml's class, imported on demand
    scheme: Scheme,
    *,
    chosen: list[Payment],
    debtors: Debtors,
    creditor: Creditor,
    collection_date: Date,
) -> DebitFile:
    """One pain.008 file of one scheme, validated against the XSD by sepaxml."""
    sepa = sepa_dd(
        {
            "name": creditor.name,
            "IBAN": creditor.iban,
            "BIC": creditor.bic,
            "batch": True,
            "creditor_id": creditor.creditor_id,
            "currency": "EUR",
            "instrument": scheme.value,
        },
        schema=PAIN_VERSION,
        clean=True,
    )
    for p in chosen:
        debtor = debtors[p.member_id]
        assert debtor.mandate is not None  # noqa: S101 - collectable
        entry: dict[str, object] = {
            "name": debtor.name,
            "IBAN": debtor.iban,
            "amount": p.amount_cents,
            "type": p.sequence_type,
            "collection_date": collection_date,
            "mandate_id": p.mandate_reference,
            "mandate_date": debtor.mandate.signed,
            "description": " ".join(p.invoices)[:140],
            "endtoend_id": p.invoices[-1],
        }
        if debtor.bic:
            entry["BIC"] = debtor.bic
        sepa.add_payment(entry)
    return DebitFile(scheme, sepa.export(validate=True), tuple(chosen))


def _payments(
    register: Register, debtors: Debtors, collection_date: Date, year: int | None
) -> tuple[list[Payment], list[tuple[str, str, Decimal]]]:
    """Per member, its open amount as a payment, or the reason it is not collected."""
    open_by_member: dict[str, list[tuple[str, int]]] = {}
    for invoice in register.uncollected(year=year):
        cents = sum(line.incl_cents for line in invoice.lines)
        open_by_member.setdefault(invoice.member_id, []).append((invoice.number, cents))
    used = register.used_mandates()
    payments: list[Payment] = []
    skipped: list[tuple[str, str, Decimal]] = []
    for member_id, items in open_by_member.items():
        total = sum(c for _n, c in items)
        debtor = debtors[member_id]
        reason = debtor.collectable
        if reason is None and total <= 0:
            reason = (
                "nothing to collect (a credit is refunded by transfer)"
                if total < 0
                else "nothing to collect"
            )
        if reason is not None:
            skipped.append((member_id, reason, from_cents(total)))
            continue
        mandate = debtor.mandate
        assert mandate is not None  # noqa: S101 - collectable says so
        if mandate.signed > collection_date:
            raise InvalidInputError(
                "mandate_signed",
                given=str(mandate.signed),
                expected=f"a mandate signed on or before the collection date {collection_date}",
                where=f"member {member_id}",
            )
        payments.append(
            Payment(
                member_id,
                tuple(n for n, _c in items),
                total,
                mandate.reference,
                _sequence(mandate.kind, mandate.reference in used),
                mandate.scheme,
            )
        )
    return payments, skipped
