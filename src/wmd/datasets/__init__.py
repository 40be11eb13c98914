r"""Bundled data: the 2012 figures as printed, and a synthetic registry that matches them.

Two kinds of data ship with :mod:`wmd`, as files inside this package:

**The published 2012 figures** (``published_2012.toml``), exactly as printed in the
*MOgroep jaarverslag 2012* (the annual report, :data:`SOURCE`), misprints
included: every cell is text in Dutch notation. That file is the only copy of the
printed figures in :mod:`wmd`. :func:`published_figures_2012` returns them all; the
tables that have a checker come ready to ``validate()``:
:func:`published_statement_2012` (a :class:`~wmd.published.statement.PublishedStatement`),
:func:`published_equity_2012` (a :class:`~wmd.published.equity.PublishedEquity`),
:func:`published_sector_table_2012` and :func:`published_size_bands_2012`:

>>> from wmd.datasets import (
...     published_equity_2012, published_figures_2012, published_sector_table_2012,
...     published_statement_2012,
... )
>>> printed = published_figures_2012()
>>> printed.members["end_2011"], printed.members["end_2012"], printed.members["fell_by"]
('849', '765', '67')
>>> printed.equity.total
('Totaal', '2.44.557', '2.133.473')
>>> [f.what for f in published_sector_table_2012().validate()]
['Kennisinstituten / steunfuncties: % of wage sum', 'Totaal: % of wage sum']
>>> published_statement_2012().validate()
[]
>>> [f.what for f in published_equity_2012().validate()]
['total (2012)', 'total (2011)']

**A synthetic sample registry** (``sample_registry.json``, made once by
``scripts/make_sample_registry.py`` with a fixed seed): 856 invented organisations
(KvK numbers all start with ``99``), 849 members at the end of 2011 and 765 at the end
of 2012, whose 2012 figures reproduce the published ones:

>>> from wmd.datasets import sample_registry
>>> from wmd.members import sector_table, size_bands, year_totals
>>> registry = sample_registry()
>>> registry.count_on(pendulum.date(2011, 12, 31)), registry.count_on(pendulum.date(2012, 12, 31))
(849, 765)
>>> totals = year_totals(registry, 2012)
>>> totals.wage_sum, totals.headcount, totals.fte
(Decimal('1439651139.00'), 65100, Decimal('42700.00'))
>>> [row.members for row in sector_table(registry, 2012).rows]
[502, 297, 230, 62, 163, 77]
>>> [row.count for row in size_bands(registry, 2012).rows]  # 27%, 35%, 22%, 16%; none unknown
[207, 268, 168, 122, 0]

What matches and what cannot:

* Members per sector, and the wage sum per sector when each member's wage sum goes
  to its **primary** sector (``sector_table(registry, 2012)``, the default
  ``attribution="primary"``; no member declares a ``sector_split``), match the
  printed table to the cent. The printed wage-sum *share* of Kennisinstituten /
  steunfuncties is ``0`` while its wage sum is 186.992.376 (13,0%), and the printed
  shares add up to 87,0, not 100,0: the sample matches the amounts, not that share.
* The size bands hold 207, 268, 168 and 122 members: 27%, 35%, 22% and 16% when
  rounded to whole percents, as printed.
* Headcount and fte are exactly 65.100 and 42.700 (the report says "about").
* 849 - 765 = 84, while the report says the number "fell by 67". The sample follows
  one reading: 46 cancellations as of 1 January 2012 and 28 terminations, less 7 new
  members, make 67; 17 members merged into other members and are not in that count.
  :meth:`~wmd.members.Reconciliation.findings` with ``printed_net_change="67"`` still
  reports the difference, as it should.
* The 46 cancellations as of 1 January 2012 would have paid 68.000,03 on the sample
  schedule (the report: a loss of 68.000).
* 38 members cancel as of 1 January 2013 (invented, so the 2013 roll shows a fall).
* The report gives no 2011 or per-member figures: 2011 wage sums are the 2012 ones
  grown by 0 to 10% (invented), and the 91 members that left in 2012 have no 2012
  figures. Members of 2008, 2009 and 2010 also have those years' figures (invented),
  derived back from 2011 with a mean yearly change per primary sector between -2% and
  +3% plus member noise, so a backtest can be run on the history up to 2011.

**The sample dues schedule** (``sample_schedule_2012.toml``, in the format of
:meth:`~wmd.finance.DuesSchedule.from_toml`): a rate of the 2011 wage sum with a
minimum of 250 and a maximum of 25.000, new members by remaining months, calibrated with
:func:`~wmd.finance.solve_rate` to the published dues of 2.987.055. The calibrated rate
is 2,162388 per mille and the roll comes to 2.987.055,04: a gap of 0,04, as close as
a rate with :data:`~wmd.finance.formulas.RATE_PLACES` decimals gets (the next rate
down, 2,162387 per mille, gives 2.987.053,90):

>>> from wmd.datasets import sample_schedule
>>> schedule = sample_schedule()
>>> schedule.roll(registry).total
Decimal('2987055.04')
>>> schedule.formula.rate
Decimal('0.002162388')

**Plus packages and the governance register** of the sample:
:func:`sample_plus_packages` (AMW and SRW; their costs are invented, the report only
names them) and :func:`sample_governance_register` (115 of the 765 members, 15%):

>>> [(p.code, len(p.subscriptions)) for p in sample_plus_packages()]
[('AMW', 140), ('SRW', 45)]
>>> len(sample_governance_register())
115
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, Final

import attrs

from wmd.convert import from_json
from wmd.errors import InvalidInputError
from wmd.finance.dues import DuesSchedule
from wmd.finance.plus import PlusPackage, Sharing, Subscription
from wmd.finance.statement import Column
from wmd.i18n import label
from wmd.members.registry import Registry
from wmd.periods import Date, parse_date
from wmd.published.equity import PublishedEquity
from wmd.published.report import Report
from wmd.published.statement import PublishedStatement
from wmd.published.tables import PublishedSectorTable, PublishedSizeBands, PublishedTotals
from wmd.tables import Table

__all__ = [
    "SOURCE",
    "GovernanceEntry",
    "PrintedTable",
    "PublishedFigures",
    "corrected_report_2012",
    "published_equity_2012",
    "published_figures_2012",
    "published_report_2012",
    "published_sector_table_2012",
    "published_size_bands_2012",
    "published_statement_2012",
    "published_totals_2012",
    "sample_governance_register",
    "sample_plus_packages",
    "sample_registry",
    "sample_schedule",
]

SOURCE: Final = "MOgroep jaarverslag 2012"
"""Where the published figures come from."""


def _text(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _cells(value: Sequence[str]) -> tuple[str, ...]:
    return tuple(value)


def _rows(value: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in value)


def _optional_cells(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen
class PrintedTable:
    """A table as printed: every cell is the printed text, nothing is parsed.

    Attributes:
        title: the table's title.
        columns: the column headers (the first column holds the line names).
        rows: the printed lines.
        total: the printed total line, or ``None``.

    >>> t = PrintedTable("Eigen vermogen", ("2012",), [("Reserves", "1.000")], ("Totaal", "1.000"))
    >>> print(t.table())
    Eigen vermogen
                2012
    ----------------
    Reserves   1.000
    ----------------
    Totaal     1.000
    """

    title: str
    columns: tuple[str, ...] = attrs.field(converter=_cells)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    total: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_cells)

    def table(self, lang: str | None = None) -> Table:
        """The table for people, cells exactly as printed (``lang`` only sets the empty header)."""
        label("total", lang)  # refuses an unknown language
        rows = [*self.rows, *([self.total] if self.total is not None else [])]
        return Table(
            title=self.title,
            columns=("", *self.columns),
            rows=rows,
            align="l" + "r" * len(self.columns),
            total_rows=frozenset({len(rows) - 1}) if self.total is not None else frozenset(),
        )


@attrs.frozen
class PublishedFigures:
    """Every figure of one annual report, as printed (text).

    Attributes:
        source: where the figures come from.
        members: member counts and the like (``end_2011``, ``end_2012``, ``fell_by``,
            ``cancelled_as_of_2012_01_01``, ``cancelled_dues_lost``, ``employees``,
            ``fte``, ``wage_sum``, ``governance_register_share``, ``benchmark_share``).
        dues: dues facts (``actual``, ``budget``, ``above_budget``,
            ``budget_assumed_fall``, ``fall_from_2011``, ``expected_fall_2013``).
        sector_table: members and wage sum by sector.
        size_bands: members by wage sum.
        income: income lines (baten), actual and budget; its total.
        expenses: expense lines (lasten), actual and budget; its total.
        result: the printed result line (saldo): name, actual, budget.
        equity: equity (eigen vermogen) at the end of the year and the year before.
        result_appropriated_to: the reserve the result was added to.
        governance: meeting counts.
    """

    source: str
    members: Mapping[str, str]
    dues: Mapping[str, str]
    sector_table: PrintedTable
    size_bands: PrintedTable
    income: PrintedTable
    expenses: PrintedTable
    result: tuple[str, ...]
    equity: PrintedTable
    result_appropriated_to: str
    governance: Mapping[str, str]


def _printed(data: dict[str, Any], *, rows: str = "rows", total: str = "total") -> PrintedTable:
    return PrintedTable(data["title"], data["columns"], data[rows], data.get(total))


@cache
def _published_2012() -> dict[str, Any]:
    """The parsed ``published_2012.toml``, read once (private: never changed in place)."""
    return tomllib.loads(_text("published_2012.toml"))


@cache
def published_figures_2012() -> PublishedFigures:
    """The 2012 annual report's figures, exactly as printed (see :data:`SOURCE`).

    >>> published_figures_2012().income.rows[3]
    ('Bijeenkomsten/cursussen', '(12.920)', '-')
    >>> published_figures_2012().result
    ('Saldo', '281.084', '68.800')
    """
    data = _published_2012()
    statement = data["income_statement"]
    columns = statement["columns"]
    return PublishedFigures(
        source=data["source"],
        members=dict(data["members"]),
        dues=dict(data["dues"]),
        sector_table=_printed(data["sector_table"]),
        size_bands=_printed(data["size_bands"]),
        income=PrintedTable(
            f"{statement['title']}: baten", columns, statement["income"], statement["income_total"]
        ),
        expenses=PrintedTable(
            f"{statement['title']}: lasten",
            columns,
            statement["expenses"],
            statement["expenses_total"],
        ),
        result=tuple(statement["result"]),
        equity=_printed(data["equity"]),
        result_appropriated_to=data["equity"]["result_appropriated_to"],
        governance=dict(data["governance"]),
    )


def published_report_2012() -> Report:
    """The whole 2012 report as a :class:`~wmd.published.report.Report`, ready to ``audit()``.

    >>> [f.culprit.figure for f in published_report_2012().audit()][:2]
    ['equity.totaal.2012', 'equity.algemene_reserves.2011']
    """
    return Report.from_toml(_text("published_2012.toml"), source="published_2012.toml")


def corrected_report_2012() -> Report:
    """The 2012 report with every misprint corrected (``corrected_2012.toml``): no findings.

    >>> corrected_report_2012().audit()
    []
    """
    return Report.from_toml(_text("corrected_2012.toml"), source="corrected_2012.toml")


def published_statement_2012() -> PublishedStatement:
    """The income statement of 2012 as printed (actual and budget), ready to ``validate()``.

    The lines carry their English names, for tables in English.

    >>> p = published_statement_2012()
    >>> [c.name for c in p.columns], p.result
    (['Realisatie 2012', 'Begroting 2012'], ('281.084', '68.800'))
    >>> p.income[0].name_en, p.expenses_total
    ('Dues', ('3.473.939', '3.223.200'))
    """
    statement = _published_2012()["income_statement"]
    columns = [
        Column(name, name_en)
        for name, name_en in zip(statement["columns"], statement["columns_en"], strict=True)
    ]
    return PublishedStatement.from_printed(
        columns,
        income=statement["income"],
        income_total=statement["income_total"][1:],  # the first cell is the line's name
        expenses=statement["expenses"],
        expenses_total=statement["expenses_total"][1:],
        result=statement["result"][1:],
        names_en=statement["names_en"],
    )


def published_equity_2012() -> PublishedEquity:
    """The equity table of 2012 as printed (2012 and 2011), ready to ``validate()``.

    Its 2012 total was printed as ``2.44.557`` and cannot be read (the reserves add
    up to 2.414.557); its 2011 total is 5 more than its reserves.

    >>> published_equity_2012().total
    ('2.44.557', '2.133.473')
    >>> published_equity_2012().reserves[0].name_en
    'Earmarked reserves'
    """
    equity = _published_2012()["equity"]
    return PublishedEquity.from_printed(
        equity["columns"],
        reserves=equity["rows"],
        total=equity["total"][1:],  # the first cell is the line's name
        names_en=equity["names_en"],
    )


def published_sector_table_2012() -> PublishedSectorTable:
    """The members-by-sector table of 2012 as printed, ready to ``validate()``.

    >>> published_sector_table_2012().total.wage_sum
    '1.439.651.139'
    """
    printed = published_figures_2012().sector_table
    assert printed.total is not None  # noqa: S101 - the bundled file has a total line
    return PublishedSectorTable.from_printed(
        printed.rows, total=printed.total, title=f"{printed.title} (jaarverslag)"
    )


def published_totals_2012() -> PublishedTotals:
    """Employees, fte and wage sum of 2012 as printed in the text, with the sector table's total.

    >>> published_totals_2012().validate()
    []
    """
    data = _published_2012()
    members = data["members"]
    return PublishedTotals(
        members["employees"],
        members["fte"],
        members["wage_sum"],
        data["sector_table"]["total"][3],
        title="Kerncijfers 2012 (tekst)",
    )


def published_size_bands_2012() -> PublishedSizeBands:
    """The members-by-wage-sum table of 2012 as printed, ready to ``validate()``.

    >>> published_size_bands_2012().validate()
    []
    """
    printed = published_figures_2012().size_bands
    return PublishedSizeBands.from_printed(printed.rows, title=f"{printed.title} (jaarverslag)")


@cache
def sample_registry() -> Registry:
    """The synthetic sample registry: 856 organisations, 765 members at the end of 2012.

    Loaded once per process and shared (a :class:`~wmd.members.Registry` is immutable).

    >>> sample_registry().member("M0001").kvk.startswith("99")
    True
    """
    return from_json(_text("sample_registry.json"), Registry, source="sample_registry.json")


def sample_schedule(year: int = 2012) -> DuesSchedule:
    """The sample's dues schedule, calibrated on 2012, for ``year`` (same rules, other year).

    Raises:
        InvalidInputError: for a year the schedule cannot be for.

    >>> sample_schedule(2013).year, sample_schedule(2013).basis.year_for(2013)
    (2013, 2012)
    """
    schedule = _sample_schedule_2012()
    return schedule if year == schedule.year else attrs.evolve(schedule, year=year)


@cache
def _sample_schedule_2012() -> DuesSchedule:
    return DuesSchedule.from_toml(
        _text("sample_schedule_2012.toml"), source="sample_schedule_2012.toml"
    )


@cache
def sample_plus_packages() -> tuple[PlusPackage, ...]:
    """The sample's plus packages of 2012, AMW and SRW, with their subscriptions.

    The report names the two packages but not their costs; the costs here are invented.

    >>> amw = sample_plus_packages()[0]
    >>> amw.name, amw.cost, amw.sharing.value
    ('Algemeen Maatschappelijk Werk', Decimal('420000.00'), 'by_wage_sum')
    """
    data = tomllib.loads(_text("sample_plus.toml"))
    packages = []
    for package in data["package"]:
        subscriptions = tuple(
            Subscription(row["member_id"], row["start"], row.get("end"))
            for row in data["subscription"]
            if row["package"] == package["code"]
        )
        packages.append(
            PlusPackage(
                package["code"],
                package["name_nl"],
                package["year"],
                package["cost"],
                Sharing(package["sharing"]),
                subscriptions=subscriptions,
            )
        )
    return tuple(packages)


@attrs.frozen
class GovernanceEntry:
    """A member listed in the governance register (Register Governancecode W&MD), as plain data.

    Attributes:
        member_id: the member.
        registered: the first day it is listed.
        board_model: the code of its board model: ``RVT`` (supervisory board), ``TB``
            (supervising board) or ``BB`` (governing board), as in :mod:`wmd.governance`.
    """

    member_id: str
    registered: Date
    board_model: str

    def __attrs_post_init__(self) -> None:
        if self.board_model not in {"RVT", "TB", "BB"}:
            raise InvalidInputError(
                "board_model",
                given=self.board_model,
                expected="one of ['BB', 'RVT', 'TB']",
                where=f"governance entry {self.member_id}",
            )


@cache
def sample_governance_register() -> tuple[GovernanceEntry, ...]:
    """The sample members listed in the governance register (15% of the 765).

    >>> sample_governance_register()[0].board_model in {"RVT", "TB", "BB"}
    True
    """
    reader = csv.DictReader(io.StringIO(_text("sample_governance_register.csv")))
    return tuple(
        GovernanceEntry(row["member_id"], parse_date(row["registered"]), row["board_model"])
        for row in reader
    )
