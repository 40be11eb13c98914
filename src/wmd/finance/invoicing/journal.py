"""Journal lines (journaalposten) for the bookkeeping: one entry per invoice, settlement or credit note.

Each entry debits the debtors account with the total including VAT and credits the
dues revenue (the dues line), the plus dues revenue (plus package lines) and VAT payable;
a credit note, whose amounts are negative, swaps the sides. Debits equal credits in every
entry, and the lines of a year add up to the register's totals to the cent.
:func:`write_journal_csv` writes them as CSV that a spreadsheet cannot run as formulas.

>>> accounts = Accounts(debtors="1300", dues="8000", plus_dues="8010", vat="1520")
>>> accounts.plus_dues
'8010'
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO

import attrs

from wmd.finance.invoicing.invoices import Invoice
from wmd.members.io import neutralise_cell
from wmd.money import from_cents
from wmd.periods import Date

__all__ = ["Accounts", "JournalLine", "journal_lines", "write_journal_csv"]


def _account(value: object) -> str:
    text = str(value).strip()
    if not text:
        from wmd.errors import InvalidInputError  # noqa: PLC0415 - only on error

        raise InvalidInputError("account", given=value, expected="an account number")
    return text


@attrs.frozen
class Accounts:
    """The ledger accounts the entries go to (your chart of accounts' numbers)."""

    debtors: str = attrs.field(default="1300", converter=_account)
    dues: str = attrs.field(default="8000", converter=_account)
    plus_dues: str = attrs.field(default="8010", converter=_account)
    vat: str = attrs.field(default="1520", converter=_account)


@attrs.frozen
class JournalLine:
    """One line of an entry: a debit or a credit (the other is zero), never negative."""

    date: Date
    entry: str
    account: str
    member_id: str
    description: str
    debit: Decimal
    credit: Decimal


def _side(
    invoice: Invoice, account: str, what: str, cents: int, *, debit_side: bool
) -> JournalLine | None:
    if cents == 0:
        return None
    amount = from_cents(abs(cents))
    zero = Decimal("0.00")
    is_debit = (cents > 0) == debit_side
    return JournalLine(
        invoice.invoice_date,
        invoice.number,
        account,
        invoice.member_id,
        what,
        amount if is_debit else zero,
        zero if is_debit else amount,
    )


def journal_lines(
    invoices: Iterable[Invoice], accounts: Accounts | None = None
) -> tuple[JournalLine, ...]:
    """The journal lines of invoices, settlements and credit notes, entry by entry.

    Plus dues are credited per package with the package code in the description.
    """
    accounts = accounts or Accounts()
    out: list[JournalLine] = []
    for inv in invoices:
        what = f"{inv.kind.value} {inv.number}"
        total = sum(line.incl_cents for line in inv.lines)
        candidates = [_side(inv, accounts.debtors, what, total, debit_side=True)]
        for line in inv.lines:
            account = accounts.dues if line.is_dues else accounts.plus_dues
            candidates.append(
                _side(inv, account, f"{what} {line.code}", line.excl_cents, debit_side=False)
            )
        vat = sum(line.vat_cents for line in inv.lines)
        candidates.append(_side(inv, accounts.vat, f"{what} VAT", vat, debit_side=False))
        out += [c for c in candidates if c is not None]
    return tuple(out)


_HEADER = ("date", "entry", "account", "member_id", "description", "debit", "credit")


def write_journal_csv(
    lines: Sequence[JournalLine], target: str | os.PathLike[str] | TextIO
) -> None:
    """Write journal lines as CSV; text cells are neutralised against spreadsheet formulas."""

    def rows() -> Iterable[list[str]]:
        yield list(_HEADER)
        for x in lines:
            yield [
                x.date.isoformat(),
                neutralise_cell(x.entry),
                neutralise_cell(x.account),
                neutralise_cell(x.member_id),
                neutralise_cell(x.description),
                format(x.debit, "f"),
                format(x.credit, "f"),
            ]

    if isinstance(target, str | os.PathLike):
        with open(target, "w", encoding="utf-8", newline="") as handle:  # noqa: PTH123 - str or PathLike
            csv.writer(handle).writerows(rows())
    else:
        csv.writer(target).writerows(rows())
