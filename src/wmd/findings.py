"""Findings: what a check of published or historical figures found.

Construction errors raise; checks of printed tables return findings, all of them at
once, so that a user sees every problem in a table typed over from a report.

A finding keeps its values, not a sentence: ``note`` is an English message template
(a message id of the catalog, with ``{placeholders}``) and ``args`` holds the values
to fill in. :meth:`Finding.describe` renders it for a person in Dutch or English,
numbers and dates through babel (:mod:`wmd.i18n`); ``str()`` is the English text.

>>> from decimal import Decimal
>>> from wmd.findings import Finding, check_total
>>> check_total("Totaal eigen vermogen", "2.44.557", Decimal("2414557"))
Finding(what='Totaal eigen vermogen', printed='2.44.557', computed=Decimal('2414557'), difference=None, note='printed value cannot be read: {expected}', args=(('expected', 'a number in Dutch notation (1.234,56)'),), percent=False)
>>> print(check_total("Totaal", "2.133.473", Decimal("2133468")).describe())
Totaal: gedrukt getal wijkt af van de som van de delen; gedrukt 2.133.473; berekend 2.133.468; verschil 5
>>> check_total("Totaal baten", "3.755.023", Decimal("3755023")) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from wmd.errors import InvalidInputError
from wmd.i18n import format_amount, format_date, format_percent, label
from wmd.money import amount
from wmd.periods import Date

__all__ = ["Finding", "check_total", "read_printed"]

_MAX_PERCENT_DECIMALS = 6


def _args(
    value: Mapping[str, object] | Iterable[tuple[str, object]],
) -> tuple[tuple[str, object], ...]:
    """``args`` as a tuple of ``(name, value)`` pairs, from pairs or a mapping."""
    pairs = value.items() if isinstance(value, Mapping) else value
    try:
        result = tuple((name, item) for name, item in pairs)
    except (TypeError, ValueError):
        raise InvalidInputError(
            "args", given=value, expected="(name, value) pairs", where="finding"
        ) from None
    for name, _ in result:
        if not isinstance(name, str) or not name.isidentifier():
            raise InvalidInputError(
                "args", given=name, expected="a placeholder name", where="finding"
            )
    return result


def _fills_template(instance: Finding, _: attrs.Attribute[str], value: str) -> None:
    """With ``args``, every placeholder of ``note`` must be one of them."""
    del value
    if not instance.args:
        return
    try:
        instance.note.format(**dict(instance.args))
    except (KeyError, IndexError, ValueError, AttributeError):
        raise InvalidInputError(
            "note",
            given=instance.note,
            expected=f"a template with only the placeholders {[n for n, _ in instance.args]}",
            where="finding",
        ) from None


@attrs.frozen
class Finding:
    """One thing a check found.

    Attributes:
        what: the line, total or claim checked, in the words of the table; English
            terms (``"change in members"``, ``"Totaal: % of wage sum"``) are looked up
            in the catalog part by part, printed names are shown as they are.
        printed: the figure as printed (text), or ``""`` when nothing was printed.
        computed: the figure recomputed from the parts, or ``None`` if it could not be.
        difference: printed minus computed, or ``None`` when either is unknown.
        note: what is wrong: an English message template with ``{placeholders}``
            (a plain sentence when there are no ``args``).
        args: the values for the placeholders, as ``(name, value)`` pairs: a
            ``Decimal`` is an amount (or a percentage, see ``percent``), an ``int``
            a count, a date a date, text a term or name.
        percent: whether ``computed``, ``difference`` and the ``Decimal`` args are
            percentages (``87.0`` is 87,0%), shown with as many decimals as they have.

    >>> f = Finding("change in members", "67", Decimal(84), Decimal(-17),
    ...             "printed figure differs from the registry (members involved: {members})",
    ...             (("members", "M0008, M0014"),))
    >>> print(f)
    change in members: printed figure differs from the registry (members involved: M0008, M0014); printed 67; computed 84; difference -17
    >>> Finding("total", "", None, None, "a plain note").describe()
    'totaal: a plain note'
    """

    what: str
    printed: str
    computed: Decimal | None
    difference: Decimal | None
    note: str = attrs.field(validator=_fills_template)
    args: tuple[tuple[str, object], ...] = attrs.field(default=(), converter=_args)
    percent: bool = attrs.field(default=False, kw_only=True)

    def describe(self, lang: str | None = None) -> str:
        """The finding in words for a person, in ``"nl"`` or ``"en"``.

        Amounts are grouped in the language's notation, whole ones without
        decimals and others to the cent; negative ones with a minus sign.

        >>> f = Finding("Totaal: % of wage sum", "100,0", Decimal("87.0"), Decimal("13.0"),
        ...             "the printed shares add up to {total}, not to the printed total",
        ...             (("total", Decimal("87.0")),), percent=True)
        >>> print(f.describe())
        Totaal: % van de loonsom: de gedrukte aandelen tellen op tot 87,0%, niet tot het gedrukte totaal; gedrukt 100,0; berekend 87,0%; verschil 13,0%
        >>> print(f.describe("en"))
        Totaal: % of wage sum: the printed shares add up to 87.0%, not to the printed total; printed 100,0; computed 87.0%; difference 13.0%
        """
        what = ": ".join(_term(part, lang) for part in self.what.split(": "))
        note = label(self.note, lang)
        if self.args:
            note = note.format(**{name: self._show(value, lang) for name, value in self.args})
        parts = [f"{what}: {note}"]
        if self.printed:
            parts.append(f"{label('printed', lang)} {self.printed}")
        if self.computed is not None:
            parts.append(f"{label('computed', lang)} {self._show(self.computed, lang)}")
        if self.difference is not None:
            parts.append(f"{label('difference', lang)} {self._show(self.difference, lang)}")
        return "; ".join(parts)

    def __str__(self) -> str:
        """The finding in English (:meth:`describe` with ``"en"``), for logs."""
        return self.describe("en")

    def _show(self, value: object, lang: str | None) -> str:
        """One value for a person: babel for numbers and dates, the catalog for text."""
        if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
            return self._number(Decimal(value), lang, count=isinstance(value, int))
        if isinstance(value, Date):
            return format_date(value, lang)
        if isinstance(value, str):
            return label(value, lang)
        return str(value)

    def _number(self, value: Decimal, lang: str | None, *, count: bool = False) -> str:
        """A count or amount grouped (whole, else to the cent); a percentage as it is given."""
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if self.percent and not count:
            decimals = min(places, _MAX_PERCENT_DECIMALS)
            return format_percent(value.scaleb(-2), lang, decimals=decimals)
        whole = value == value.to_integral_value()
        return format_amount(value, lang, decimals=0 if whole else 2, parentheses=False)


def _term(part: str, lang: str | None) -> str:
    """One part of ``what`` in ``lang``; a trailing column in parentheses is kept as it is.

    >>> _term("total income (Realisatie 2012)", "nl"), _term("total (2011)", "en")
    ('totaal baten (Realisatie 2012)', 'total (2011)')
    """
    head, paren, column = part.rpartition(" (")
    if paren and column.endswith(")"):
        return f"{label(head, lang)} ({column}"
    return label(part, lang)


def read_printed(
    what: str, printed: str, *, dash_is_zero: bool = True
) -> tuple[Decimal | None, Finding | None]:
    """Read a printed figure; a figure that cannot be read becomes a finding, not an error.

    >>> read_printed("Contributies", "2.987.055")
    (Decimal('2987055'), None)
    >>> value, finding = read_printed("Totaal", "2.44.557")
    >>> value, finding.describe()
    (None, 'Totaal: gedrukte waarde is niet te lezen: een getal in Nederlandse notatie (1.234,56); gedrukt 2.44.557')
    """
    try:
        return amount(printed, notation="nl", dash_is_zero=dash_is_zero, field=what), None
    except InvalidInputError as err:
        return None, Finding(
            what,
            printed,
            None,
            None,
            "printed value cannot be read: {expected}",
            (("expected", err.expected),),
        )


def check_total(
    what: str, printed: str, computed: Decimal | None, *, tolerance: Decimal = Decimal(0)
) -> Finding | None:
    """Compare a printed figure with the computed one; ``None`` when they agree within ``tolerance``."""
    value, finding = read_printed(what, printed)
    if finding is not None:
        return attrs.evolve(finding, computed=computed)
    assert value is not None  # noqa: S101 - read_printed returns one of the two
    if computed is None:
        return Finding(what, printed, None, None, "cannot be recomputed: a part is unreadable")
    difference = value - computed
    if abs(difference) > tolerance:
        return Finding(
            what, printed, computed, difference, "printed figure differs from the sum of its parts"
        )
    return None
