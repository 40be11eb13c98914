"""Printed figures: reading a report's tables and text, and checking them against each other.

One home for everything about figures as a report prints them:

* :mod:`wmd.published.cells` -- reading printed cells (Dutch notation, parentheses,
  dashes, "circa", "1,4 miljard");
* :mod:`wmd.published.tables` -- the member tables (sector table, size bands, totals);
* :mod:`wmd.published.statement` and :mod:`wmd.published.equity` -- the income
  statement and the equity table as printed;
* :mod:`wmd.published.claims` -- claims in the text, checked against the tables;

The computation classes (:class:`~wmd.finance.statement.IncomeStatement`,
:class:`~wmd.finance.equity.Equity`, the key figures of a registry) know nothing
about printing; the old import paths of the classes that moved here keep working.
"""

from wmd.published.cells import PrintedLine, about, read_about, read_count, read_percent
from wmd.published.claims import AppropriationClaim, DifferenceClaim, Direction
from wmd.published.equity import PublishedEquity
from wmd.published.statement import PublishedStatement
from wmd.published.tables import (
    PublishedSectorRow,
    PublishedSectorTable,
    PublishedSizeBands,
    PublishedTotals,
)

__all__ = [
    "AppropriationClaim",
    "DifferenceClaim",
    "Direction",
    "PrintedLine",
    "PublishedEquity",
    "PublishedSectorRow",
    "PublishedSectorTable",
    "PublishedSizeBands",
    "PublishedStatement",
    "PublishedTotals",
    "about",
    "read_about",
    "read_count",
    "read_percent",
]
