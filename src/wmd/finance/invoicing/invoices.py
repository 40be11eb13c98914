"""Invoices (facturen): what a member is invoiced for a year, line by line, with VAT per line.

:func:`draft_invoices` turns a :class:`~wmd.finance.dues.DuesRoll` and the year's
:class:`~wmd.finance.plus.PlusPackage` objects into one :class:`Draft` per member: a line for
the dues and one per plus package, each with its VAT in whole cents and an explanation a
member can check. A draft has no number yet: the register (:mod:`~wmd.finance.invoicing.register`) numbers it
when it issues it, and turns a changed draft into a settlement (an extra invoice or a
credit note that names the invoice it corrects, with the difference per line).

>>> from wmd.datasets import sample_registry, sample_schedule
>>> registry = sample_registry()
>>> roll = sample_schedule(2013).roll(registry)
>>> drafts = draft_invoices(roll, registry, explain=False)
>>> len(drafts), drafts[0].member_id, drafts[0].total_incl
(727, 'M0001', Decimal('294.84'))
>>> sum(d.total_excl for d in drafts) == roll.total
True
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Final

import attrs
import pendulum

from wmd.errors import InvalidInputError, to_enum
from wmd.finance.dues import DuesRoll, Vat
from wmd.finance.invoicing.debtors import Creditor, Debtor, PaymentMethod
from wmd.finance.plus import PlusPackage
from wmd.i18n import format_amount, format_date, format_percent, label
from wmd.members.registry import Registry
from wmd.money import CENTS, as_fraction, from_cents, to_cents
from wmd.periods import Date

__all__ = [
    "DUES",
    "Draft",
    "Invoice",
    "InvoiceKind",
    "InvoiceLine",
    "draft_invoices",
    "estimate_from_last_year",
    "line_vat",
    "payment_reference",
]

DUES: Final = "dues"
"""The line code of the dues line; plus package lines carry the package's code.

A member merged away whose dues its successor owes (:attr:`~wmd.finance.dues.DuesRoll.payer_ids`)
is a line ``dues:<member id>`` on the successor's invoice."""


class InvoiceKind(enum.StrEnum):
    """What an issued invoice is."""

    INVOICE = "invoice"
    """An invoice on final figures."""
    PROVISIONAL = "provisional"
    """An invoice on an estimate, to be settled once the real figures are in."""
    SETTLEMENT = "settlement"
    """An extra invoice for the difference: the amount went up."""
    CREDIT_NOTE = "credit_note"
    """A credit note for the difference: the amount went down."""


def _kind(value: object) -> InvoiceKind:
    return to_enum(InvoiceKind, value, "kind")


def line_vat(excl_cents: int, vat: Vat | None) -> tuple[int, int]:
    """The VAT base and the VAT of one line, in whole cents, by the roll's rule.

    The scalar form of :meth:`~wmd.finance.dues.DuesSchedule.vat_cents`: the liable part
    of the amount, then the rate on it, each half up to the cent (a property test ties
    the two).

    >>> line_vat(10_000, Vat(share=Decimal("0.5")))  # 100,00 x 50% = 50,00; x 21% = 10,50
    (5000, 1050)
    >>> line_vat(10_001, Vat(share=Decimal("0.3")))  # 30,003 -> 30,00; x 21% = 6,30
    (3000, 630)
    >>> line_vat(10_000, None)
    (0, 0)
    """
    if vat is None:
        return 0, 0
    share, rate = as_fraction(vat.share), as_fraction(vat.rate)
    base = to_cents(CENTS.round(Fraction(excl_cents, 100) * share))
    return base, to_cents(CENTS.round(Fraction(base, 100) * rate))


@attrs.frozen
class InvoiceLine:
    """One line of an invoice: an amount excluding VAT, its VAT base, rate and VAT in cents.

    Attributes:
        code: ``"dues"`` or the plus package's code.
        description: the plus package's name (empty for dues; rendering names the dues).
        excl_cents: the amount excluding VAT.
        vat_rate: the VAT rate (``0`` when exempt).
        vat_base_cents: the part of ``excl_cents`` liable to VAT.
        vat_cents: the VAT.
        explanation_nl: how the amount came about, in Dutch.
        explanation_en: idem, in English.
    """

    code: str
    description: str
    excl_cents: int
    vat_rate: Decimal
    vat_base_cents: int
    vat_cents: int
    explanation_nl: str = ""
    explanation_en: str = ""

    @property
    def is_dues(self) -> bool:
        """Whether the line is dues (the member's own, or a merged member's), not plus dues."""
        return self.code == DUES or self.code.startswith(f"{DUES}:")

    @property
    def incl_cents(self) -> int:
        """The amount including VAT."""
        return self.excl_cents + self.vat_cents

    def explanation(self, lang: str) -> str:
        """The explanation in a language."""
        return self.explanation_nl if lang == "nl" else self.explanation_en

    def minus(self, other: InvoiceLine | None) -> InvoiceLine:
        """This line less ``other`` (what was invoiced before): the difference to settle.

        The explanation starts with what was invoiced before, what is due now and the
        difference, each including VAT.

        >>> now = InvoiceLine("dues", "", 25000, Decimal(0), 0, 0, "minimum", "minimum")
        >>> before = InvoiceLine("dues", "", 45823, Decimal(0), 0, 0)
        >>> print(now.minus(before).explanation("en"))
        invoiced before €458.23, due now €250.00, difference -€208.23 (incl. VAT)
        minimum
        """
        if other is None:
            return self
        diff = attrs.evolve(
            self,
            excl_cents=self.excl_cents - other.excl_cents,
            vat_base_cents=self.vat_base_cents - other.vat_base_cents,
            vat_cents=self.vat_cents - other.vat_cents,
        )
        if diff.is_zero:  # nothing to settle, nothing to explain (and no formatting to pay for)
            return diff
        return attrs.evolve(
            diff,
            explanation_nl=_settled(other.incl_cents, self.incl_cents, "nl", self.explanation_nl),
            explanation_en=_settled(other.incl_cents, self.incl_cents, "en", self.explanation_en),
        )

    def plus(self, other: InvoiceLine) -> InvoiceLine:
        """This line's amounts and ``other``'s added up (what a member was invoiced in all)."""
        return attrs.evolve(
            self,
            excl_cents=self.excl_cents + other.excl_cents,
            vat_base_cents=self.vat_base_cents + other.vat_base_cents,
            vat_cents=self.vat_cents + other.vat_cents,
        )

    def negated(self) -> InvoiceLine:
        """The line with its amounts negated (a line that is no longer due)."""
        return attrs.evolve(
            self,
            excl_cents=-self.excl_cents,
            vat_base_cents=-self.vat_base_cents,
            vat_cents=-self.vat_cents,
            explanation_nl=_settled(self.incl_cents, 0, "nl", ""),
            explanation_en=_settled(self.incl_cents, 0, "en", ""),
        )

    @property
    def is_zero(self) -> bool:
        """Whether every amount is zero."""
        return self.excl_cents == 0 and self.vat_cents == 0 and self.vat_base_cents == 0


def _settled(before: int, now: int, lang: str, explanation: str) -> str:
    def money(cents: int) -> str:
        return format_amount(from_cents(cents), lang, decimals=2, currency=True)

    head = label(
        "invoiced before {before}, due now {now}, difference {difference} (incl. VAT)", lang
    ).format(before=money(before), now=money(now), difference=money(now - before))
    return f"{head}\n{explanation}" if explanation else head


def _cents_total(lines: Iterable[InvoiceLine], attr: str) -> Decimal:
    return from_cents(sum(getattr(line, attr) for line in lines))


@attrs.frozen
class Draft:
    """What one member should be invoiced for a year, before the register numbers it.

    Attributes:
        member_id: the member.
        year: the dues year.
        provisional: whether an amount rests on an estimate.
        lines: the dues line and one line per plus package.
    """

    member_id: str
    year: int
    provisional: bool
    lines: tuple[InvoiceLine, ...]

    @property
    def total_excl(self) -> Decimal:
        """Total excluding VAT."""
        return _cents_total(self.lines, "excl_cents")

    @property
    def total_incl(self) -> Decimal:
        """Total including VAT."""
        return _cents_total(self.lines, "incl_cents")


def payment_reference(number: str) -> str:
    """The ISO 11649 structured creditor reference (RF) of an invoice number.

    The digits and letters of the number, prefixed by RF and two check digits, so a
    bank can check a reference typed by hand.

    >>> payment_reference("2013-000001")
    'RF132013000001'
    """
    from stdnum.iso7064 import mod_97_10  # noqa: PLC0415 - optional extra

    body = "".join(ch for ch in number if ch.isalnum()).upper()
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


@attrs.frozen
class Invoice:
    """An issued invoice, settlement or credit note, as the register holds it.

    Attributes:
        number: the invoice number, unique and consecutive within its series.
        kind: invoice, provisional invoice, settlement or credit note.
        member_id: the member.
        year: the dues year (the period invoiced is that calendar year).
        invoice_date: the invoice date.
        due_date: the date by which it must be paid.
        payment_reference: the reference to quote when paying (ISO 11649).
        lines: the lines; for a settlement or credit note, the difference per line.
        corrects: the number of the invoice a settlement or credit note corrects.
    """

    number: str
    kind: InvoiceKind = attrs.field(converter=_kind)
    member_id: str
    year: int
    invoice_date: Date
    due_date: Date
    payment_reference: str
    lines: tuple[InvoiceLine, ...]
    corrects: str | None = None

    @property
    def total_excl(self) -> Decimal:
        """Total excluding VAT."""
        return _cents_total(self.lines, "excl_cents")

    @property
    def total_vat(self) -> Decimal:
        """Total VAT."""
        return _cents_total(self.lines, "vat_cents")

    @property
    def total_incl(self) -> Decimal:
        """Total including VAT."""
        return _cents_total(self.lines, "incl_cents")

    def excl_by_rate(self) -> dict[Decimal, Decimal]:
        """The amount excluding VAT per VAT rate (a Dutch invoice shows it per rate)."""
        out: dict[Decimal, int] = {}
        for line in self.lines:
            out[line.vat_rate] = out.get(line.vat_rate, 0) + line.excl_cents
        return {rate: from_cents(cents) for rate, cents in sorted(out.items())}

    # -- rendering ---------------------------------------------------------------------------

    def _rows(self, lang: str) -> list[tuple[str, str, str, str, str]]:
        def money(cents: int) -> str:
            return format_amount(from_cents(cents), lang, decimals=2, parentheses=False)

        rows = []
        for line in self.lines:
            what = (
                f"{label('dues', lang).capitalize()} {self.year}"
                if line.code == DUES
                else f"{label('dues', lang).capitalize()} {self.year} {line.description}"
                if line.is_dues
                else f"{label('plus dues', lang).capitalize()} {line.code} {self.year} ({line.description})"
            )
            rows.append(
                (
                    what,
                    money(line.excl_cents),
                    format_percent(line.vat_rate, lang, decimals=0),
                    money(line.vat_cents),
                    money(line.incl_cents),
                )
            )
        return rows

    def _facts(self, debtor: Debtor, creditor: Creditor, lang: str) -> list[tuple[str, str]]:
        facts = [
            (label("invoice number", lang), self.number),
            (label("invoice date", lang), format_date(self.invoice_date, lang)),
            (label("due date", lang), format_date(self.due_date, lang)),
            (
                label("period", lang),
                " - ".join(
                    format_date(pendulum.date(self.year, m, d), lang) for m, d in ((1, 1), (12, 31))
                ),
            ),
            (label("payment reference", lang), self.payment_reference),
            (label("member", lang), self.member_id),
        ]
        if self.corrects is not None:
            facts.append((label("corrects invoice", lang), self.corrects))
        if debtor.vat_number:
            facts.append((label("your VAT number", lang), debtor.vat_number))
        facts.append((label("our VAT number", lang), creditor.vat_number))
        facts.append((label("Chamber of Commerce", lang), creditor.kvk))
        return facts

    def _how_to_pay(self, debtor: Debtor, creditor: Creditor, lang: str) -> str:
        total = format_amount(abs(self.total_incl), lang, decimals=2, currency=True)
        if self.total_incl < 0:
            return label("We will refund {amount} to your account.", lang).format(amount=total)
        if debtor.payment is PaymentMethod.DIRECT_DEBIT and debtor.collectable is None:
            return label(
                "{amount} will be collected by direct debit from {iban} under mandate {mandate}.",
                lang,
            ).format(
                amount=total,
                iban=debtor.iban,
                mandate=debtor.mandate.reference if debtor.mandate else "",
            )
        return label(
            "Please transfer {amount} to {iban} by {date}, quoting {reference}.", lang
        ).format(
            amount=total,
            iban=creditor.iban,
            date=format_date(self.due_date, lang),
            reference=self.payment_reference,
        )

    def title(self, lang: str = "nl") -> str:
        """The heading: invoice, provisional invoice, settlement invoice or credit note."""
        return label(
            {
                InvoiceKind.INVOICE: "Invoice",
                InvoiceKind.PROVISIONAL: "Provisional invoice",
                InvoiceKind.SETTLEMENT: "Settlement invoice",
                InvoiceKind.CREDIT_NOTE: "Credit note",
            }[self.kind],
            lang,
        )

    def render_text(self, debtor: Debtor, creditor: Creditor, lang: str = "nl") -> str:
        """The invoice as plain text, in Dutch or English.

        Raises:
            InvalidInputError: when the debtor is another member's.
        """
        self._check_debtor(debtor)
        out = [f"{self.title(lang)} {self.number}", ""]
        out += [creditor.name, creditor.address, f"{creditor.postcode} {creditor.city}", ""]
        out += [debtor.name, debtor.address, f"{debtor.postcode} {debtor.city}", ""]
        out += [f"{key}: {value}" for key, value in self._facts(debtor, creditor, lang)]
        out.append("")
        head = (
            label("description", lang),
            label("excl. VAT", lang),
            label("VAT rate", lang),
            label("VAT", lang),
            label("incl. VAT", lang),
        )
        rows = [head, *self._rows(lang)]

        def money(cents: int) -> str:
            return format_amount(from_cents(cents), lang, decimals=2, parentheses=False)

        rows.append(
            (
                label("total", lang).capitalize(),
                money(sum(x.excl_cents for x in self.lines)),
                "",
                money(sum(x.vat_cents for x in self.lines)),
                money(sum(x.incl_cents for x in self.lines)),
            )
        )
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for r in rows:
            out.append(
                "  ".join(
                    cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                    for i, cell in enumerate(r)
                ).rstrip()
            )
        out.append("")
        for rate, excl in self.excl_by_rate().items():
            out.append(
                f"{label('excl. VAT', lang)} {format_percent(rate, lang, decimals=0)}: "
                f"{format_amount(excl, lang, decimals=2, currency=True)}"
            )
        out += ["", self._how_to_pay(debtor, creditor, lang)]
        explained = [line.explanation(lang) for line in self.lines if line.explanation(lang)]
        if explained:
            out += ["", label("explanation", lang).capitalize() + ":", *explained]
        return "\n".join(out) + "\n"

    def render_html(self, debtor: Debtor, creditor: Creditor, lang: str = "nl") -> str:
        """The invoice as a self-contained HTML page, in Dutch or English (text escaped)."""
        self._check_debtor(debtor)
        e = html.escape
        facts = "".join(
            f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>"
            for k, v in self._facts(debtor, creditor, lang)
        )
        head = "".join(
            f"<th>{e(label(h, lang))}</th>"
            for h in ("description", "excl. VAT", "VAT rate", "VAT", "incl. VAT")
        )
        body = "".join(
            "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in self._rows(lang)
        )

        def money(value: Decimal) -> str:
            return e(format_amount(value, lang, decimals=2, currency=True))

        explained = "".join(
            f"<pre>{e(line.explanation(lang))}</pre>"
            for line in self.lines
            if line.explanation(lang)
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{e(self.title(lang))} {e(self.number)}</title></head><body>\n"
            f"<h1>{e(self.title(lang))} {e(self.number)}</h1>\n"
            f"<address>{e(creditor.name)}<br>{e(creditor.address)}<br>{e(creditor.postcode)} {e(creditor.city)}</address>\n"
            f"<address>{e(debtor.name)}<br>{e(debtor.address)}<br>{e(debtor.postcode)} {e(debtor.city)}</address>\n"
            f"<table>{facts}</table>\n<table><tr>{head}</tr>{body}"
            f"<tr><th>{e(label('total', lang).capitalize())}</th><td>{money(self.total_excl)}</td><td></td>"
            f"<td>{money(self.total_vat)}</td><td>{money(self.total_incl)}</td></tr></table>\n"
            f"<p>{e(self._how_to_pay(debtor, creditor, lang))}</p>\n{explained}\n</body></html>\n"
        )

    def _check_debtor(self, debtor: Debtor) -> None:
        if debtor.member_id != self.member_id:
            raise InvalidInputError(
                "debtor",
                given=debtor.member_id,
                expected=f"the debtor of member {self.member_id}",
                where=f"invoice {self.number}",
            )


def _plus_explanation(package: PlusPackage, share: Decimal, lang: str) -> str:
    return label(
        "plus package {code} {year}: {share} of the cost of {cost}, shared {sharing}", lang
    ).format(
        code=package.code,
        year=package.year,
        share=format_amount(share, lang, decimals=2, currency=True),
        cost=format_amount(package.cost, lang, decimals=2, currency=True),
        sharing=label(package.sharing.value.replace("_", " "), lang),
    )


def draft_invoices(
    roll: DuesRoll,
    registry: Registry,
    packages: Sequence[PlusPackage] = (),
    *,
    plus_vat: Vat | None = None,
    members: Iterable[str] | None = None,
    explain: bool = True,
) -> tuple[Draft, ...]:
    """One draft per member of the roll (or of ``members``): dues and plus dues, VAT per line.

    Args:
        roll: the dues roll of the year.
        registry: the registry the roll was made from (for the explanations and plus dues).
        packages: the year's plus packages; their subscribers must be in the roll.
        plus_vat: the VAT on plus dues (individual services are often taxable), if any.
        members: only these members (each must be in the roll).
        explain: whether to add the explanation of each amount (the scalar path, per member).

    A member with nothing to pay gets no draft.

    Raises:
        InvalidInputError: for a member, or a plus package subscriber, that is not in the
            roll, or a plus package of another year.
    """
    index = {mid: k for k, mid in enumerate(roll.member_ids)}
    chosen = list(roll.member_ids) if members is None else list(members)
    for mid in chosen:
        if mid not in index:
            raise InvalidInputError(
                "member_id",
                given=mid,
                expected=f"a member in the {roll.year} roll",
                where=f"member {mid}",
            )
    plus_lines = _plus_lines(roll.year, index, registry, packages, plus_vat, explain=explain)
    schedule = roll.schedule
    rate = schedule.vat.rate if schedule.vat is not None else Decimal(0)
    payers = roll.payer_ids or roll.member_ids
    lines_of: dict[str, list[InvoiceLine]] = {}
    provisional: dict[str, bool] = {}
    for mid in chosen:
        k = index[mid]
        payer = payers[k]
        due, base, vat = int(roll.due_cents[k]), int(roll.vat_base_cents[k]), int(roll.vat_cents[k])
        lines = lines_of.setdefault(payer, [])
        provisional[payer] = provisional.get(payer, False) or bool(roll.estimated[k])
        if due or vat:
            nl = en = ""
            if explain:
                assessment = schedule.assess(registry.member(mid), registry)
                nl, en = assessment.explain("nl"), assessment.explain("en")
            code = DUES if mid == payer else f"{DUES}:{mid}"
            lines.append(
                InvoiceLine(code, "" if mid == payer else mid, due, rate, base, vat, nl, en)
            )
        lines += plus_lines.get(mid, [])
    drafts = [
        Draft(payer, roll.year, provisional[payer], tuple(lines))
        for payer, lines in lines_of.items()
        if lines
    ]
    return tuple(drafts)


def _plus_lines(
    year: int,
    index: dict[str, int],
    registry: Registry,
    packages: Sequence[PlusPackage],
    plus_vat: Vat | None,
    *,
    explain: bool,
) -> dict[str, list[InvoiceLine]]:
    """Per member, its plus package lines; every subscriber must be in the roll."""
    plus_lines: dict[str, list[InvoiceLine]] = {}
    for package in packages:
        where = f"plus package {package.code}"
        if package.year != year:
            raise InvalidInputError(
                "year", given=package.year, expected=f"a package for {year}", where=where
            )
        for mid, share in package.plus_dues(registry).items():
            if mid not in index:
                raise InvalidInputError(
                    "subscriptions",
                    given=mid,
                    expected=f"a member in the {year} roll",
                    where=f"member {mid}, {where}",
                )
            cents = to_cents(share, field="plus dues", where=where)
            base, vat = line_vat(cents, plus_vat)
            plus_lines.setdefault(mid, []).append(
                InvoiceLine(
                    package.code,
                    package.name,
                    cents,
                    plus_vat.rate if plus_vat else Decimal(0),
                    base,
                    vat,
                    _plus_explanation(package, share, "nl") if explain else "",
                    _plus_explanation(package, share, "en") if explain else "",
                )
            )
    return plus_lines


def estimate_from_last_year(invoices: Iterable[Invoice], year: int) -> tuple[Draft, ...]:
    """Provisional drafts for ``year`` on last year's amounts: the other common estimate.

    ``invoices`` are what the register holds for ``year - 1`` (invoices, settlements and
    credit notes); each member's draft repeats its net amount per line, marked provisional,
    to be settled by issuing the drafts of the real roll later.

    >>> from wmd.money import to_cents
    >>> line = InvoiceLine("dues", "", 29484, Decimal(0), 0, 0)
    >>> last = Invoice("2013-000001", "invoice", "M0001", 2013, pendulum.date(2013, 1, 15),
    ...     pendulum.date(2013, 2, 14), "RF132013000001", (line,))
    >>> (draft,) = estimate_from_last_year([last], 2014)
    >>> draft.year, draft.provisional, draft.total_incl, draft.lines[0].explanation("en")
    (2014, True, Decimal('294.84'), 'estimate: the amount invoiced for 2013')

    Raises:
        InvalidInputError: for an invoice that is not of ``year - 1``.
    """
    net: dict[str, dict[str, InvoiceLine]] = {}
    for invoice in invoices:
        if invoice.year != year - 1:
            raise InvalidInputError(
                "invoices", given=invoice.number, expected=f"invoices of {year - 1}"
            )
        lines = net.setdefault(invoice.member_id, {})
        for line in invoice.lines:
            prior = lines.get(line.code)
            lines[line.code] = line if prior is None else prior.plus(line)
    drafts = []
    for member_id, lines in net.items():
        kept = tuple(
            attrs.evolve(
                line,
                explanation_nl=label("estimate: the amount invoiced for {year}", "nl").format(
                    year=year - 1
                ),
                explanation_en=label("estimate: the amount invoiced for {year}", "en").format(
                    year=year - 1
                ),
            )
            for line in lines.values()
            if not line.is_zero
        )
        if kept:
            drafts.append(Draft(member_id, year, provisional=True, lines=kept))
    return tuple(drafts)
