r"""The report file: a user types over a report's tables and text claims into TOML.

The format is that of the bundled ``published_2012.toml`` (``wmd sample`` writes
it): sections ``[members]``, ``[dues]``, ``[sector_table]``, ``[size_bands]``,
``[income_statement]``, ``[equity]``, ``[governance]`` and ``[relations]``, every
cell text exactly as printed. :meth:`Report.from_toml` reads it into named
:class:`Figure` records and the :mod:`relations <wmd.published.relations>` that
tie them: each table's own sums and shares, and the relations across tables and
text (equity roll-forward, where the result went, the membership change, dues
above budget, the wage sum in words). ``[relations]`` holds the user's own, one
``name = "expression"`` per line. :meth:`Report.audit` checks them all and
locates the likely misprints (:mod:`wmd.published.misprints`).

A figure is named ``section.row.column`` in lower case, anything but letters and
digits as ``_``: ``equity.totaal.2012``, ``sector_table.kennisinstituten_steunfuncties.wage_sum_percent``,
``income_statement.saldo.realisatie_2012``, ``members.fell_by``.

Bad input raises :class:`ReportFileError` listing every problem with its line in
the file: tomllib does not give line numbers for values, so the line is found in
the text: the line of the key (``total = [...]``) or, for a row of a table, the
first line after the key holding the row's first cell.

>>> from wmd.published.report import Report
>>> report = Report.from_toml('''
... [members]
... end_2011 = "849"
... end_2012 = "765"
... fell_by = "84"
... ''')
>>> report.figures["members.fell_by"].line
5
>>> report.audit()
[]
>>> Report.from_toml('[ledenn]\nx = "1"', source="mijn.toml")
Traceback (most recent call last):
...
wmd.published.report.ReportFileError: mijn.toml: line 1: [ledenn]: expected one of the sections dues, equity, governance, income_statement, members, relations, sector_table, size_bands, got 'ledenn'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from wmd.errors import InvalidInputError, WmdError
from wmd.findings import Finding
from wmd.published.cells import about, read_about, read_percent, read_printed
from wmd.published.relations import (
    AnyRelation,
    Comparison,
    Expr,
    Relation,
    ShareRelation,
    parse_relation,
)

if TYPE_CHECKING:
    from wmd.published.findings import ReportFinding

__all__ = ["Figure", "Kind", "Report", "ReportFileError", "slug"]

Kind = Literal["amount", "count", "percent", "about", "range"]

_SECTIONS: Final = (
    "dues",
    "equity",
    "governance",
    "income_statement",
    "members",
    "relations",
    "sector_table",
    "size_bands",
)
# (kind, is a claim of the text) of the key-value figures of the text sections.
_TEXT_KEYS: Final[dict[str, dict[str, tuple[Kind, bool]]]] = {
    "members": {
        "end_2011": ("count", False),
        "end_2012": ("count", False),
        "fell_by": ("count", True),
        "cancelled_as_of_2012_01_01": ("count", False),
        "cancelled_dues_lost": ("about", True),
        "employees": ("about", True),
        "fte": ("about", True),
        "wage_sum": ("about", True),
        "governance_register_share": ("percent", True),
        "benchmark_share": ("percent", True),
    },
    "dues": {
        "actual": ("amount", False),
        "budget": ("amount", False),
        "above_budget": ("about", True),
        "budget_assumed_fall": ("percent", True),
        "fall_from_2011": ("percent", True),
        "expected_fall_2013": ("range", True),
    },
    "governance": {
        "board_meetings": ("count", False),
        "general_meetings": ("count", False),
        "interim_members_meetings": ("count", False),
    },
}
_HEADER: Final = re.compile(r"^\s*\[\[?\s*[A-Za-z0-9_.\-\" ]+\s*\]\]?\s*(#.*)?$")
_IN_WORDS: Final = re.compile(r"duizend|miljoen|miljard")
# The English term (a message id) each figure of the text sections is shown with.
_TEXT_LABELS: Final = {
    "end_2011": "members at the end of 2011",
    "end_2012": "members at the end of 2012",
    "fell_by": "fall in members in 2012",
    "cancelled_as_of_2012_01_01": "cancellations as of 1-1-2012",
    "cancelled_dues_lost": "dues lost by the cancellations",
    "employees": "employees of members",
    "fte": "fte",
    "wage_sum": "wage sum in words",
    "governance_register_share": "members in the governance register",
    "benchmark_share": "members in the benchmark",
    "actual": "dues actual",
    "budget": "dues budget",
    "above_budget": "dues above budget",
    "budget_assumed_fall": "fall in dues the budget assumed",
    "fall_from_2011": "fall in dues from 2011",
    "expected_fall_2013": "expected fall in dues in 2013",
    "board_meetings": "board meetings",
    "general_meetings": "general meetings",
    "interim_members_meetings": "interim members' meetings",
}
_TEXT_OPTIONS: Final = {"source", "title", "statement_line"}
_SECTOR_COLUMNS: Final = ("members", "members_percent", "wage_sum", "wage_sum_percent")
_SECTOR_LABELS: Final = {
    "members": "members",
    "members_percent": "% of members",
    "wage_sum": "wage sum",
    "wage_sum_percent": "% of wage sum",
}


def slug(text: str) -> str:
    """A printed name as part of a figure's name: lower case, anything else ``_``.

    >>> slug("Kennisinstituten / steunfuncties"), slug("< 250.000"), slug("Realisatie 2012")
    ('kennisinstituten_steunfuncties', 'lt_250_000', 'realisatie_2012')
    """
    text = text.replace("<", " lt ").replace(">", " gt ").lower()
    text = text.replace("ë", "e").replace("é", "e").replace("ï", "i")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "_"


@attrs.frozen
class Figure:
    """One printed figure: where it is (table, row, column, line in the file) and its text.

    ``row_en`` and ``column_en`` are the English labels when the file gives them
    (``names_en``, ``columns_en``); a total row is ``"total"``.
    """

    name: str
    table: str
    row: str
    column: str
    printed: str
    kind: Kind
    line: int | None = None
    claim: bool = False
    row_en: str | None = None
    column_en: str | None = None

    def read(self) -> tuple[Fraction | None, Fraction, Finding | None]:  # noqa: PLR0911 - one return per kind
        """The exact value, half a unit of its printed precision (0 when exact), or a finding."""
        where = self.name
        if self.kind == "percent":
            value, decimals, problem = read_percent(where, self.printed)
            half = Fraction(5, 10 ** (decimals + 1))
            return (None if value is None else Fraction(value)), half, problem
        if self.kind == "range":
            low, dash, high = self.printed.partition(" - ")
            for part in (low, high) if dash else (self.printed,):
                _, _, problem = read_percent(where, part)
                if problem is not None:
                    return None, Fraction(0), attrs.evolve(problem, printed=self.printed)
            return None, Fraction(0), None
        if self.kind == "about":
            value, half_d, problem = read_about(where, self.printed)
            if value is not None and not _IN_WORDS.search(self.printed):  # "circa 231.000" too
                half_d = about(self.printed)  # "about 231.000": 500 either way
            return (None if value is None else Fraction(value)), Fraction(half_d), problem
        value_d, problem = read_printed(where, self.printed)
        if value_d is None:
            return None, Fraction(0), problem
        if self.kind == "count" and (value_d < 0 or value_d != value_d.to_integral_value()):
            note = "a count must be a whole number >= 0"
            return None, Fraction(0), Finding(where, self.printed, None, None, note)
        return Fraction(value_d), Fraction(0), None

    def label(self, lang: str | None = None) -> str:
        """Table, row and column for a person: ``equity: Totaal: 2012``."""
        from wmd.i18n import label, resolve_lang  # noqa: PLC0415 - presentation only

        english = resolve_lang(lang) == "en"
        row = self.row_en if english and self.row_en else self.row
        column = self.column_en if english and self.column_en else self.column
        parts = [label(self.table.replace("_", " "), lang), label(row, lang)]
        if column:
            parts.append(label(column, lang))
        return ": ".join(parts)


class ReportFileError(InvalidInputError):
    """A report file cannot be read: every problem, each with its line in the file."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        WmdError.__init__(self, f"{source}: " + "; ".join(self.problems))
        self.field, self.given, self.expected, self.where = "file", source, "", source


class _Lines:
    """Find the line of a section, key or row in the TOML text (tomllib gives none)."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def section(self, name: str) -> int | None:
        pattern = re.compile(rf"^\s*\[\s*{re.escape(name)}\s*\]")
        return next((i + 1 for i, s in enumerate(self.lines) if pattern.match(s)), None)

    def key(self, section: str, key: str) -> int | None:
        start = self.section(section) or 0 if section else 0
        pattern = re.compile(rf'^\s*"?{re.escape(key)}"?\s*=')
        for i in range(start, len(self.lines)):
            if _HEADER.match(self.lines[i]):
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return None

    def cell(self, section: str, key: str, needle: str) -> int | None:
        start = self.key(section, key)
        if start is None:
            return None
        quoted = '"' + needle.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for i in range(start - 1, min(len(self.lines), start + 200)):
            if quoted in self.lines[i]:
                return i + 1
        return start


def _cells(value: object, count: int) -> tuple[str, ...] | None:
    if isinstance(value, list) and len(value) == count and all(isinstance(c, str) for c in value):
        return tuple(value)
    return None


@attrs.frozen
class Report:
    """A report's printed figures by name, the relations between them, and where they came from."""

    figures: Mapping[str, Figure]
    relations: tuple[AnyRelation, ...]
    source: str = "report"

    @classmethod
    def from_toml(cls, text: str, *, source: str = "report") -> Report:
        """Read a report file; every problem at once, each with its line.

        Raises:
            ReportFileError: for invalid TOML, an unknown section or key, a table row
                of the wrong shape, or a relation that is not an expression or names
                a figure that does not exist.
        """
        try:
            data = tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError) as err:
            raise ReportFileError(source, [f"not valid TOML: {err}"]) from None
        return cls.from_data(data, text, source=source)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], text: str, *, source: str = "report") -> Report:
        """Build from TOML already parsed (``data``) and its ``text`` (for the line numbers).

        Raises:
            ReportFileError: as :meth:`from_toml`.
        """
        builder = _Builder(dict(data), _Lines(text))
        builder.build()
        if builder.problems:
            raise ReportFileError(source, builder.problems)
        return cls(builder.figures, tuple(builder.relations), source)

    def audit(self) -> list[ReportFinding]:
        """Every finding: unreadable figures and failing relations, grouped by their likely culprit.

        Returns :class:`wmd.published.findings.ReportFinding` records
        (see :func:`wmd.published.misprints.locate`).
        """
        from wmd.published.misprints import locate  # noqa: PLC0415 - misprints imports this module

        return list(locate(self))


def _sum(names: Sequence[str]) -> Expr:
    expr = Expr("name", name=names[0])
    for name in names[1:]:
        expr = Expr("+", parts=(expr, Expr("name", name=name)))
    return expr


def _name(name: str) -> Expr:
    return Expr("name", name=name)


class _Builder:
    def __init__(self, data: dict[str, Any], lines: _Lines) -> None:
        self.data = data
        self.lines = lines
        self.figures: dict[str, Figure] = {}
        self.relations: list[AnyRelation] = []
        self.problems: list[str] = []
        self.half: dict[str, Fraction] = {}

    def problem(self, line: int | None, what: str) -> None:
        self.problems.append(f"line {line}: {what}" if line else what)

    def add(self, figure: Figure) -> str:
        if figure.name in self.figures:
            self.problem(figure.line, f"{figure.name}: two figures with one name")
        self.figures[figure.name] = figure
        _, half, _ = figure.read()
        self.half[figure.name] = half
        return figure.name

    def build(self) -> None:
        for section, value in self.data.items():
            if section in _TEXT_OPTIONS:
                continue
            if section not in _SECTIONS:
                self.problem(
                    self.lines.section(section) or self.lines.key("", section),
                    f"[{section}]: expected one of the sections {', '.join(_SECTIONS)}, got {section!r}",
                )
                continue
            if not isinstance(value, dict):
                self.problem(self.lines.key("", section), f"{section}: expected a [section]")
                continue
            if section in _TEXT_KEYS:
                self.text_section(section, value)
        for section, method in (
            ("sector_table", self.sector_table),
            ("size_bands", self.size_bands),
            ("income_statement", self.income_statement),
            ("equity", self.equity),
        ):
            if isinstance(self.data.get(section), dict):
                self.titles(section, self.data[section])
                method(self.data[section])
        self.across()
        if isinstance(self.data.get("relations"), dict):
            self.user_relations(self.data["relations"])

    # --- sections -----------------------------------------------------------------------

    def text_section(self, section: str, value: dict[str, Any]) -> None:
        keys = _TEXT_KEYS[section]
        for key, printed in value.items():
            line = self.lines.key(section, key)
            if key in _TEXT_OPTIONS:
                continue
            if key not in keys:
                self.problem(line, f"{section}.{key}: expected one of {', '.join(keys)}")
                continue
            if not isinstance(printed, str):
                self.problem(line, f"{section}.{key}: expected the printed text, got {printed!r}")
                continue
            kind, claim = keys[key]
            term = _TEXT_LABELS.get(key, key)
            self.add(Figure(f"{section}.{key}", section, term, "", printed, kind, line, claim))

    def rows(
        self, section: str, key: str, rows: object, count: int
    ) -> list[tuple[tuple[str, ...], int | None]]:
        out: list[tuple[tuple[str, ...], int | None]] = []
        if not isinstance(rows, list):
            self.problem(self.lines.key(section, key), f"{section}.{key}: expected a list of rows")
            return out
        for index, row in enumerate(rows):
            cells = _cells(row, count)
            first = row[0] if isinstance(row, list) and row and isinstance(row[0], str) else ""
            line = self.lines.cell(section, key, first) if first else self.lines.key(section, key)
            if cells is None:
                self.problem(
                    line,
                    f"{section}.{key} row {index + 1}: expected {count} cells of printed text, got {row!r}",
                )
                continue
            out.append((cells, line))
        return out

    def total_row(
        self, section: str, key: str, count: int
    ) -> tuple[tuple[str, ...], int | None] | None:
        value = self.data[section].get(key)
        line = self.lines.key(section, key) or self.lines.section(section)
        cells = _cells(value, count)
        if cells is None:
            self.problem(
                line, f"{section}.{key}: expected {count} cells of printed text, got {value!r}"
            )
        return None if cells is None else (cells, line)

    def unknown_keys(self, section: str, value: dict[str, Any], known: set[str]) -> None:
        for key in value:
            if key not in known:
                self.problem(
                    self.lines.key(section, key),
                    f"{section}.{key}: expected one of {', '.join(sorted(known))}",
                )

    def sector_table(self, value: dict[str, Any]) -> None:
        section = "sector_table"
        self.unknown_keys(section, value, {"title", "columns", "rows", "total"})
        rows = self.rows(section, "rows", value.get("rows", []), 5)
        total = self.total_row(section, "total", 5)
        if total is None:
            return
        t_cells, t_line = total
        t = slug(t_cells[0])
        names: dict[str, dict[str, str]] = {}
        for cells, line in [*rows, total]:
            row = slug(cells[0])
            names[row] = {
                column: self.add(
                    Figure(
                        f"{section}.{row}.{column}",
                        section,
                        cells[0],
                        _SECTOR_LABELS[column],
                        printed,
                        "percent"
                        if column.endswith("percent")
                        else ("count" if column == "members" else "amount"),
                        line,
                        row_en="total" if (cells, line) == total else None,
                    )
                )
                for column, printed in zip(_SECTOR_COLUMNS, cells[1:], strict=True)
            }
        total_names = names[t]
        for cells, line in rows:
            row_names = names[slug(cells[0])]
            for share, part, whole in (
                ("members_percent", "members", "members"),
                ("wage_sum_percent", "wage_sum", "wage_sum"),
            ):
                self.relations.append(
                    ShareRelation(
                        row_names[share],
                        row_names[part],
                        total_names[whole],
                        self.decimals(row_names[share]),
                        table=section,
                        line=line,
                    )
                )
            self.relations.append(
                Relation(
                    _name(row_names["members"]),
                    _name(total_names["members"]),
                    Comparison.LE,
                    what="more members in one sector than members in all",
                    table=section,
                    line=line,
                )
            )
        if rows:
            parts = [names[slug(c[0])]["wage_sum"] for c, _ in rows]
            self.relations.append(
                Relation(
                    _name(total_names["wage_sum"]),
                    _sum(parts),
                    what="printed figure differs from the sum of its parts",
                    table=section,
                    line=t_line,
                )
            )
            shares = [names[slug(c[0])]["wage_sum_percent"] for c, _ in rows]
            self.relations.append(
                Relation(
                    _name(total_names["wage_sum_percent"]),
                    _sum(shares),
                    tolerance=sum((self.half[s] for s in shares), Fraction(0)),
                    what="the printed shares do not add up to the printed total",
                    table=section,
                    line=t_line,
                )
            )
        for share in ("members_percent", "wage_sum_percent"):
            self.relations.append(
                ShareRelation(
                    total_names[share],
                    Fraction(1),
                    Fraction(1),
                    self.decimals(total_names[share]),
                    table=section,
                    line=t_line,
                    what="a total share must be 100",
                )
            )

    def names_en(self, section: str, value: dict[str, Any]) -> dict[str, str]:
        """The English names of printed rows (not printed: labels for English findings)."""
        names = value.get("names_en", {})
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            self.problem(
                self.lines.key(section, "names_en") or self.lines.section(f"{section}.names_en"),
                f"{section}.names_en: expected printed names mapped to English names (text)",
            )
            return {}
        return names

    def columns_en(self, section: str, value: dict[str, Any], columns: list[str]) -> list[str]:
        """The English column labels, one per column; the columns themselves when not given."""
        labels = value.get("columns_en", columns)
        if (
            not isinstance(labels, list)
            or len(labels) != len(columns)
            or not all(isinstance(c, str) for c in labels)
        ):
            self.problem(
                self.lines.key(section, "columns_en"),
                f"{section}.columns_en: expected {len(columns)} English column labels (text)",
            )
            return columns
        return labels

    def titles(self, section: str, value: dict[str, Any]) -> None:
        """A title, when given, is text."""
        if "title" in value and not isinstance(value["title"], str):
            self.problem(
                self.lines.key(section, "title"),
                f"{section}.title: expected text, got {value['title']!r}",
            )

    def decimals(self, name: str) -> int:
        half = self.half[name]
        decimals = 0
        while half < Fraction(1, 2) and decimals < 6:
            half *= 10
            decimals += 1
        return decimals

    def size_bands(self, value: dict[str, Any]) -> None:
        section = "size_bands"
        self.unknown_keys(section, value, {"title", "columns", "rows", "total"})
        rows = self.rows(section, "rows", value.get("rows", []), 2)
        names = [
            self.add(
                Figure(
                    f"{section}.{slug(cells[0])}.share",
                    section,
                    cells[0],
                    "share of members",
                    cells[1],
                    "percent",
                    line,
                )
            )
            for cells, line in rows
        ]
        for name in names:
            self.relations.append(
                Relation(
                    _name(name),
                    Expr("num", number=Fraction(100)),
                    Comparison.LE,
                    what="a share must be 0 to 100",
                    table=section,
                    line=self.figures[name].line,
                )
            )
        if names:
            total: Expr = Expr("num", number=Fraction(100))
            line = self.lines.key(section, "rows")
            if "total" in value and not isinstance(value["total"], str):
                self.problem(
                    self.lines.key(section, "total"),
                    f"{section}.total: expected the printed share as text, got {value['total']!r}",
                )
            elif isinstance(value.get("total"), str):
                line = self.lines.key(section, "total")
                total = _name(
                    self.add(
                        Figure(
                            f"{section}.totaal.share",
                            section,
                            "Totaal",
                            "share of members",
                            value["total"],
                            "percent",
                            line,
                            row_en="total",
                        )
                    )
                )
            self.relations.append(
                Relation(
                    total,
                    _sum(names),
                    tolerance=sum((self.half[n] for n in names), Fraction(0)),
                    what="the printed shares do not add up to 100",
                    table=section,
                    line=line,
                )
            )

    def income_statement(self, value: dict[str, Any]) -> None:
        section = "income_statement"
        known = {
            "title",
            "columns",
            "columns_en",
            "names_en",
            "income",
            "income_total",
            "expenses",
            "expenses_total",
            "result",
        }
        self.unknown_keys(section, value, known)
        columns = value.get("columns")
        if (
            not isinstance(columns, list)
            or not columns
            or not all(isinstance(c, str) for c in columns)
        ):
            self.problem(
                self.lines.key(section, "columns"), f"{section}.columns: expected column names"
            )
            return
        columns_en = self.columns_en(section, value, columns)
        names_en = self.names_en(section, value)
        count = len(columns) + 1
        groups: dict[str, list[dict[str, str]]] = {}
        for key in ("income", "expenses"):
            groups[key] = [
                self.row_figures(section, cells, line, columns, columns_en, names_en.get(cells[0]))
                for cells, line in self.rows(section, key, value.get(key, []), count)
            ]
        totals: dict[str, dict[str, str]] = {}
        for key, row_en in (
            ("income_total", "total income"),
            ("expenses_total", "total expenses"),
            ("result", "result"),
        ):
            found = self.total_row(section, key, count)
            if found is None:
                return
            cells, line = found
            label = {"income_total": "Totaal baten", "expenses_total": "Totaal lasten"}.get(
                key, cells[0]
            )
            totals[key] = self.row_figures(
                section, (label, *cells[1:]), line, columns, columns_en, row_en
            )
        for column in columns:
            for key, group in (("income_total", "income"), ("expenses_total", "expenses")):
                if groups[group]:
                    self.relations.append(
                        Relation(
                            _name(totals[key][column]),
                            _sum([r[column] for r in groups[group]]),
                            what="printed figure differs from the sum of its parts",
                            table=section,
                            line=self.figures[totals[key][column]].line,
                        )
                    )
            self.relations.append(
                Relation(
                    _name(totals["result"][column]),
                    Expr(
                        "-",
                        parts=(
                            _name(totals["income_total"][column]),
                            _name(totals["expenses_total"][column]),
                        ),
                    ),
                    what="the result is not income minus expenses",
                    table=section,
                    line=self.figures[totals["result"][column]].line,
                )
            )

    def row_figures(  # noqa: PLR0917 - a private helper of the builder
        self,
        section: str,
        cells: Sequence[str],
        line: int | None,
        columns: Sequence[str],
        columns_en: Sequence[str],
        row_en: str | None,
    ) -> dict[str, str]:
        return {
            column: self.add(
                Figure(
                    f"{section}.{slug(cells[0])}.{slug(column)}",
                    section,
                    cells[0],
                    column,
                    printed,
                    "amount",
                    line,
                    row_en=row_en,
                    column_en=columns_en[i] if i < len(columns_en) else None,
                )
            )
            for i, (column, printed) in enumerate(zip(columns, cells[1:], strict=True))
        }

    def equity(self, value: dict[str, Any]) -> None:
        section = "equity"
        known = {
            "title",
            "columns",
            "rows",
            "total",
            "names_en",
            "result",
            "result_appropriated_to",
            "result_appropriated_row",
            "transfers",
        }
        self.unknown_keys(section, value, known)
        columns = value.get("columns")
        if (
            not isinstance(columns, list)
            or not columns
            or not all(isinstance(c, str) for c in columns)
        ):
            self.problem(
                self.lines.key(section, "columns"), f"{section}.columns: expected column names"
            )
            return
        names_en = self.names_en(section, value)
        count = len(columns) + 1
        rows = [
            (
                cells[0],
                self.row_figures(section, cells, line, columns, columns, names_en.get(cells[0])),
            )
            for cells, line in self.rows(section, "rows", value.get("rows", []), count)
        ]
        found = self.total_row(section, "total", count)
        if found is None or not rows:
            return
        cells, t_line = found
        total = self.row_figures(section, cells, t_line, columns, columns, "total")
        for column in columns:
            self.relations.append(
                Relation(
                    _name(total[column]),
                    _sum([r[column] for _, r in rows]),
                    what="printed figure differs from the sum of its parts",
                    table=section,
                    line=t_line,
                )
            )
        years = [c for c in columns if c.isdigit()]
        pairs = [(c, str(int(c) - 1)) for c in years if str(int(c) - 1) in columns]
        for end, start in pairs:
            result = self.result_of(value, end)
            if result is None:
                continue
            line = self.lines.key(section, "result") or t_line
            self.relations.append(
                Relation(
                    _name(total[end]),
                    Expr("+", parts=(_name(total[start]), _name(result))),
                    what="equity at the end is not equity at the start plus the result",
                    table="relations",
                    line=line,
                )
            )
            self.relations.append(
                Relation(
                    _sum([r[end] for _, r in rows]),
                    Expr("+", parts=(_sum([r[start] for _, r in rows]), _name(result))),
                    what="the reserves did not grow by the result",
                    table="relations",
                    line=line,
                )
            )
            self.appropriation(value, rows, end, start, result)

    def result_of(self, value: dict[str, Any], year: str) -> str | None:
        given = value.get("result")
        if given is not None and not isinstance(given, str):
            self.problem(
                self.lines.key("equity", "result"),
                f"equity.result: expected the name of a printed figure, got {given!r}",
            )
            return None
        if isinstance(given, str):
            if given not in self.figures:
                self.problem(
                    self.lines.key("equity", "result"),
                    f"equity.result: expected the name of a printed figure, got {given!r}",
                )
                return None
            return given
        candidates = [
            n for n in self.figures if n.startswith("income_statement.saldo.") and n.endswith(year)
        ]
        return candidates[0] if candidates else None

    def appropriation(
        self,
        value: dict[str, Any],
        rows: list[tuple[str, dict[str, str]]],
        end: str,
        start: str,
        result: str,
    ) -> None:
        row_name = value.get("result_appropriated_row")
        if row_name is None:
            return
        line = self.lines.key("equity", "result_appropriated_row")
        match = [r for name, r in rows if name == row_name]
        if not match:
            self.problem(
                line,
                f"equity.result_appropriated_row: expected one of {[n for n, _ in rows]}, got {row_name!r}",
            )
            return
        reserve = match[0]
        to = str(value.get("result_appropriated_to", row_name))
        took: Expr = _name(result)
        transfers = value.get("transfers", [])
        t_line = self.lines.key("equity", "transfers")
        for index, (cells, _) in enumerate(self.rows("equity", "transfers", transfers, 3)):
            source, target, printed = cells
            if source not in [n for n, _ in rows] or target not in [n for n, _ in rows]:
                self.problem(
                    t_line,
                    f"equity.transfers row {index + 1}: expected two reserves of the table, got {source!r}, {target!r}",
                )
                continue
            amount = self.add(
                Figure(
                    f"equity.transfer_{index + 1}",
                    "equity",
                    f"{source} → {target}",
                    "",
                    printed,
                    "amount",
                    t_line,
                )
            )
            if row_name in {source, target} and source != target:
                op = "-" if source == row_name else "+"
                took = Expr(op, parts=(took, _name(amount)))
        self.relations.append(
            Relation(
                Expr("-", parts=(_name(reserve[end]), _name(reserve[start]))),
                took,
                what="the reserve did not grow by the result, as the text says",
                table="relations",
                line=line,
                claim=to,
            )
        )

    def across(self) -> None:
        f = self.figures
        if {"members.end_2011", "members.end_2012", "members.fell_by"} <= f.keys():
            self.relations.append(
                Relation(
                    Expr("-", parts=(_name("members.end_2011"), _name("members.end_2012"))),
                    _name("members.fell_by"),
                    what="the change in members the text gives is not the counts' difference",
                    table="relations",
                    line=f["members.fell_by"].line,
                )
            )
        total_members = [
            n
            for n in f
            if n.startswith("sector_table.") and n.endswith(".members") and f[n].row_en == "total"
        ]
        if "members.end_2012" in f and total_members:
            self.relations.append(
                Relation(
                    _name("members.end_2012"),
                    _name(total_members[0]),
                    what="the members in the text are not the members in the table",
                    table="relations",
                    line=f["members.end_2012"].line,
                )
            )
        total_wage = [
            n
            for n in f
            if n.startswith("sector_table.") and n.endswith(".wage_sum") and f[n].row_en == "total"
        ]
        if "members.wage_sum" in f and total_wage:
            self.relations.append(
                Relation(
                    _name("members.wage_sum"),
                    _name(total_wage[0]),
                    tolerance=self.half["members.wage_sum"],
                    what="the wage sum in words is not the table's at the printed precision",
                    table="relations",
                    line=f["members.wage_sum"].line,
                )
            )
        if {"members.fte", "members.employees"} <= f.keys():
            self.relations.append(
                Relation(
                    _name("members.fte"),
                    _name("members.employees"),
                    Comparison.LE,
                    what="more fte than employees",
                    table="members",
                    line=f["members.fte"].line,
                )
            )
        if {"dues.actual", "dues.budget", "dues.above_budget"} <= f.keys():
            self.relations.append(
                Relation(
                    Expr("-", parts=(_name("dues.actual"), _name("dues.budget"))),
                    _name("dues.above_budget"),
                    tolerance=self.half["dues.above_budget"],
                    what="the amount above budget the text gives is not actual minus budget",
                    table="relations",
                    line=f["dues.above_budget"].line,
                )
            )
        dues = self.data.get("dues", {})
        line_name = (
            slug(str(dues.get("statement_line", "Contributies"))) if isinstance(dues, dict) else ""
        )
        columns = [n for n in f if n.startswith(f"income_statement.{line_name}.")]
        for key, index in (("dues.actual", 0), ("dues.budget", 1)):
            if key in f and len(columns) > index:
                self.relations.append(
                    Relation(
                        _name(key),
                        _name(columns[index]),
                        what="the dues in the text are not the dues in the statement",
                        table="relations",
                        line=f[key].line,
                    )
                )

    def user_relations(self, value: dict[str, Any]) -> None:
        for key, text in value.items():
            line = self.lines.key("relations", key)
            if not isinstance(text, str):
                self.problem(line, f"relations.{key}: expected an expression as text, got {text!r}")
                continue
            try:
                relation = parse_relation(text, what=key, line=line)
            except InvalidInputError as err:
                self.problem(line, f"relations.{key}: {err}")
                continue
            missing = [n for n in relation.figures if n not in self.figures]
            if missing:
                self.problem(line, f"relations.{key}: no printed figure named {', '.join(missing)}")
                continue
            self.relations.append(attrs.evolve(relation, table="relations"))
