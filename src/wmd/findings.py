"""Findings: what a check of published or historical figures found.

Construction errors raise; checks of printed tables return findings, all of them at
once, so that a user sees every problem in a table typed over from a report.

>>> from decimal import Decimal
>>> from wmd.findings import Finding, check_total
>>> check_total("Totaal eigen vermogen", "2.44.557", Decimal("2414557"))
Finding(what='Totaal eigen vermogen', printed='2.44.557', computed=Decimal('2414557'), difference=None, note='printed value cannot be read: ...')
>>> check_total("Totaal baten", "3.755.023", Decimal("3755023")) is None
True
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from wmd.errors import InvalidInputError
from wmd.money import amount

__all__ = ["Finding", "check_total", "read_printed"]


@attrs.frozen
class Finding:
    """One thing a check found.

    Attributes:
        what: the line, total or claim checked, in the words of the table.
        printed: the figure as printed (text), or ``""`` when nothing was printed.
        computed: the figure recomputed from the parts, or ``None`` if it could not be.
        difference: printed minus computed, or ``None`` when either is unknown.
        note: what is wrong, in words.
    """

    what: str
    printed: str
    computed: Decimal | None
    difference: Decimal | None
    note: str

    def __str__(self) -> str:
        parts = [f"{self.what}: {self.note}"]
        if self.printed:
            parts.append(f"printed {self.printed}")
        if self.computed is not None:
            parts.append(f"computed {self.computed}")
        if self.difference is not None:
            parts.append(f"difference {self.difference}")
        return "; ".join(parts)


def read_printed(
    what: str, printed: str, *, dash_is_zero: bool = True
) -> tuple[Decimal | None, Finding | None]:
    """Read a printed figure; a figure that cannot be read becomes a finding, not an error.

    >>> read_printed("Contributies", "2.987.055")
    (Decimal('2987055'), None)
    >>> value, finding = read_printed("Totaal", "2.44.557")
    >>> value is None, finding.note.startswith("printed value cannot be read")
    (True, True)
    """
    try:
        return amount(printed, notation="nl", dash_is_zero=dash_is_zero, field=what), None
    except InvalidInputError as err:
        return None, Finding(
            what, printed, None, None, f"printed value cannot be read: {err.expected}"
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
