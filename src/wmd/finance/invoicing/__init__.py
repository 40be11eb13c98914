"""From dues to money in the bank: debtors, invoices, the invoice register, SEPA direct debit, journal lines.

Needs the optional extra ``invoicing`` (``pip install 'wmd[invoicing]'``): SQLAlchemy for
the register, python-stdnum for IBAN, BIC and VAT numbers, sepaxml for pain.008 files.

* :mod:`~wmd.finance.invoicing.debtors` -- billing details per member (:class:`Debtor`, :class:`Mandate`) and the
  association itself (:class:`Creditor`);
* :mod:`~wmd.finance.invoicing.invoices` -- :func:`draft_invoices` from a dues roll and plus packages;
  :class:`Invoice` with VAT per line, rendered as text or HTML in Dutch or English;
* :mod:`~wmd.finance.invoicing.register` -- the :class:`Register` in SQLite or PostgreSQL: numbers, idempotent
  issuing, settlements;
* :mod:`~wmd.finance.invoicing.sepa` -- a pain.008.001.02 direct debit file from the uncollected invoices;
* :mod:`~wmd.finance.invoicing.journal` -- journal lines for the bookkeeping.
"""

from wmd.finance.invoicing.debtors import (
    COLUMNS,
    Creditor,
    Debtor,
    Debtors,
    Mandate,
    MandateKind,
    PaymentMethod,
    Scheme,
    read_debtors_csv,
)
from wmd.finance.invoicing.invoices import (
    DUES,
    Draft,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    draft_invoices,
    estimate_from_last_year,
    line_vat,
    payment_reference,
)
from wmd.finance.invoicing.journal import Accounts, JournalLine, journal_lines, write_journal_csv
from wmd.finance.invoicing.register import SCHEMA_VERSION, IssueResult, Register, RegisterError
from wmd.finance.invoicing.sepa import (
    PAIN_VERSION,
    DebitFile,
    DirectDebitRun,
    Payment,
    direct_debit,
)

__all__ = [
    "COLUMNS",
    "DUES",
    "PAIN_VERSION",
    "SCHEMA_VERSION",
    "Accounts",
    "Creditor",
    "DebitFile",
    "Debtor",
    "Debtors",
    "DirectDebitRun",
    "Draft",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
    "IssueResult",
    "JournalLine",
    "Mandate",
    "MandateKind",
    "Payment",
    "PaymentMethod",
    "Register",
    "RegisterError",
    "Scheme",
    "direct_debit",
    "draft_invoices",
    "estimate_from_last_year",
    "journal_lines",
    "line_vat",
    "payment_reference",
    "read_debtors_csv",
    "write_journal_csv",
]
