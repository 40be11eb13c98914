r"""The ``wmd`` command line: a demo on the bundled sample, and tools for analysts.

Subcommands (``wmd COMMAND --help`` explains each):

* ``wmd demo [--lang en] [--out DIR]`` -- the 2012 figures recomputed from the sample
  registry next to the published ones, the income statement with budget variances, the
  findings in the published figures, and the 2013 dues roll and a 2013-2016 projection;
* ``wmd sample DIR`` -- write the sample registry (CSV), its dues schedule (TOML) and the
  printed 2012 tables (TOML), to try the other commands on;
* ``wmd keyfigures REGISTRY --year 2012`` -- members, headcount, fte, wage sum, the sector
  table and the size bands of a year;
* ``wmd roll REGISTRY SCHEDULE.toml --out roll.csv`` -- every member's dues, as a CSV file
  that is safe to open in a spreadsheet;
* ``wmd project REGISTRY SCHEDULE.toml --years 2013-2016`` -- Monte Carlo ranges of dues
  income when wage sums shrink and members leave, with a fan chart (``--chart``);
* ``wmd project ... --budget 2756000 --chance 90%`` -- also the chance of meeting the
  budget and the publishable rate needed for the mean and for the chance;
* ``wmd solve REGISTRY SCHEDULE.toml --target 2756000`` -- the lowest rate on a grid of
  0,01 per mille at which one year's roll reaches the target;
* ``wmd validate REPORT.toml`` -- check a report typed over into the file format of
  :mod:`wmd.published.report`: every total and share, every claim of the text and every
  relation across tables, with the likely misprint of each finding.
* ``wmd invoice``, ``wmd settle``, ``wmd sepa``, ``wmd journal`` -- issue invoices and
  settlements into an invoice register (a SQLite file or a PostgreSQL URL), write pain.008
  direct debit files, and journal lines (:mod:`wmd.finance.invoicing`).

A registry is a CSV file (:func:`wmd.members.io.read_csv`) or a JSON file
(:func:`wmd.members.io.from_json`); a dues schedule is a TOML file
(:meth:`wmd.finance.DuesSchedule.from_toml`). Output is Dutch unless ``--lang en``.

Exit status: 0 when all went well; 1 when ``validate`` found problems in the printed
figures; 2 when a file cannot be read or an argument is wrong (one line on standard
error, in the language of ``--lang``, names the file, row and column; a file with
several bad rows lists each on a line of its own); 3 for an error inside wmd itself
(a bug: one line, no traceback; please report it); 130 when interrupted (Ctrl-C);
141 when the reader of the output went away (``wmd demo | head``), silently.

Changes and probabilities of ``wmd project`` are written as a percentage (``-10%``,
``-10 %``, ``2,5%``) or as a fraction (``-0.10``, ``0.025``). A number of magnitude 1
or more without a percent sign (``--change=-10``) is ambiguous and refused: write
``-10%`` or ``-0.10``. A change of -100% or less is refused, and so is a projection
whose first year's basis year lies beyond the last wage sums in the registry.

Run in-process (as the tests do):

>>> from wmd.cli import main
>>> main(["keyfigures", "no-such-file.csv", "--year", "2012"])
2
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import re
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Final, NoReturn

from wmd import __version__, limits
from wmd.datasets import (
    SOURCE,
    published_figures_2012,
    published_report_2012,
    published_statement_2012,
    sample_governance_register,
    sample_plus_packages,
    sample_registry,
    sample_schedule,
)
from wmd.errors import BadFileError, InvalidInputError, MissingExtraError, WmdError, shown
from wmd.finance.dues import DuesRoll, DuesSchedule, lever, solve_rate
from wmd.finance.projection import Projection, project
from wmd.finance.projection.calibration import calibrate
from wmd.finance.projection.chart import fan_chart
from wmd.finance.scenario import Normal, Scenario
from wmd.findings import Finding
from wmd.i18n import format_amount, format_percent, format_rate, label, language, resolve_lang
from wmd.members.io import from_json, neutralise_cell, read_csv
from wmd.members.keyfigures import (
    sector_table,
    size_bands,
    year_totals,
)
from wmd.members.registry import Reconciliation, Registry
from wmd.members.spreadsheet import BadSheetError, read_sheet
from wmd.money import amount, from_cents, in_local_context, local_context
from wmd.periods import Year
from wmd.published.report import Report, ReportFileError
from wmd.tables import Table

__all__ = ["MAX_RUNS", "build_parser", "demo", "describe_error", "main"]

# Sentences of the demo and the commands, in English; Dutch comes from the message catalog.
_TEXT: Final[dict[str, str]] = {
    "title": "wmd demo: synthetic sample registry next to the published figures",
    "source": "Published: {source}. The sample registry is invented (KvK numbers start with 99).",
    "compare": "Key figures 2012: published and recomputed",
    "figure": "figure",
    "published": "published",
    "recomputed": "recomputed",
    "members end": "members at the end of {year}",
    "fell by": "fall in members in 2012",
    "cancelled": "cancellations as of 1-1-2012",
    "employees": "employees of members",
    "dues 2012": "dues 2012",
    "register share": "members in the governance register",
    "statement": "Income statement 2012, with variance from budget",
    "findings": "Findings in the published figures",
    "no findings": "No findings.",
    "registry findings": "The printed figures against the sample registry",
    "roll members": "members paying dues",
    "change": "change from last year",
    "plus": "Plus packages 2012 (invented costs)",
    "subscribers": "subscribers",
    "took": "Done in {seconds} s.",
    "wrote": "Wrote: {path}",
    "reconciliation": "Membership changes {year}",
}


def _t(key: str, lang: str | None, **values: object) -> str:
    return label(_TEXT[key], lang).format(**values)


# --- reading files ------------------------------------------------------------------------


def _read_registry(path: str, args: argparse.Namespace | None = None) -> Registry:
    """A registry from wmd's JSON or record CSV, or from a member list (.xlsx, own CSV).

    A CSV whose first line starts with ``record,`` is wmd's own record CSV
    (:mod:`wmd.members.io`); any other CSV or an ``.xlsx`` is an association's member
    list, read by :func:`wmd.members.spreadsheet.read_sheet` with ``--mapping`` and
    ``--notation``. JSON and record CSV are checked for size and UTF-8 before a reader
    sees them (:mod:`wmd.limits`).
    """
    file = Path(path)
    if file.suffix.lower() == ".json":
        data = limits.read_bytes(path)
        limits.scan(limits.decode(data, source=path), source=path, kind="JSON")
        return from_json(data, source=path)
    mapping = getattr(args, "mapping", None)
    notation = getattr(args, "notation", None)
    if mapping is None and notation is None and file.suffix.lower() != ".xlsx":
        data = limits.read_bytes(path)
        if data.removeprefix(b"\xef\xbb\xbf").startswith(b"record,"):
            handle = io.StringIO(limits.decode(data, source=path), newline="")
            handle.name = path  # read_csv names the file in its messages
            return read_csv(handle)
    return read_sheet(file, mapping=mapping, notation=notation)


def _read_schedule(path: str) -> DuesSchedule:
    """A schedule from a TOML file, checked for size, UTF-8, nesting and digits first."""
    text = limits.read_text(path)
    limits.scan(text, source=path, kind="TOML")
    return DuesSchedule.from_toml(text, source=path)


# --- shared pieces ------------------------------------------------------------------------


def _findings_lines(found: Sequence[Finding], lang: str | None) -> list[str]:
    if not found:
        return [_t("no findings", lang)]
    return [f"- {finding.describe(lang)}" for finding in found]


def _roll_csv(roll: DuesRoll, path: str) -> None:
    """Write a roll as CSV; text cells a spreadsheet would run as a formula are neutralised.

    Money columns are euros with a decimal point: ``due`` (excluding VAT), ``taxable``,
    ``exempt``, ``vat`` and ``including_vat``; ``payer`` is who owes the amount.
    Names are text from the registry, neutralised like the ids.
    """
    fden = roll.schedule.proration.denominator(roll.year)
    places = len(str(roll.schedule.scale)) - 1  # basis units are 10**places per unit
    columns = (
        "member_id",
        "name",
        "payer",
        "basis",
        "gross",
        "fraction",
        "due",
        "taxable",
        "exempt",
        "vat",
        "including_vat",
        "estimated",
    )
    exempt, including, names = roll.exempt_cents, roll.including_vat_cents, roll.names

    def euros(cents: object) -> str:
        return format(from_cents(int(cents)), "f")  # type: ignore[call-overload]

    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for i, member_id in enumerate(roll.member_ids):
            basis = Decimal(int(roll.basis_units[i])).scaleb(-places)
            writer.writerow(
                (
                    neutralise_cell(member_id),
                    neutralise_cell(names[i]),
                    neutralise_cell(roll.payer_ids[i]),
                    format(basis, "f"),
                    euros(roll.gross_cents[i]),
                    str(Fraction(int(roll.fraction_numerators[i]), fden)),
                    euros(roll.due_cents[i]),
                    euros(roll.vat_base_cents[i]),
                    euros(exempt[i]),
                    euros(roll.vat_cents[i]),
                    euros(including[i]),
                    "yes" if roll.estimated[i] else "no",
                )
            )


def _roll_summary(
    roll: DuesRoll, registry: Registry, lang: str | None, *, before: DuesRoll | None = None
) -> Table:
    """Dues per primary sector (and the change from an earlier roll)."""
    now = roll.by_sector(registry)
    earlier = before.by_sector(registry) if before is not None else {}
    rows = []
    for sector in registry.sectors:
        row = [sector.name(lang), format_amount(now[sector.code], lang)]
        if before is not None:
            old = earlier[sector.code]
            row += [
                format_amount(old, lang),
                format_percent(None if old == 0 else (now[sector.code] - old) / old, lang),
            ]
        rows.append(tuple(row))
    total = [label("total", lang), format_amount(roll.total, lang)]
    columns = [label("sector", lang), f"{label('dues', lang)} {roll.year}"]
    if before is not None:
        total += [
            format_amount(before.total, lang),
            format_percent(
                (roll.total - before.total) / before.total if before.total else None, lang
            ),
        ]
        columns += [f"{label('dues', lang)} {before.year}", _t("change", lang)]
    rows.append(tuple(total))
    return Table(
        title=f"{label('dues', lang).capitalize()} {roll.year}",
        columns=columns,
        rows=rows,
        align="l" + "r" * (len(columns) - 1),
        total_rows=frozenset({len(rows) - 1}),
        footnotes=(f"{_t('roll members', lang)}: {len(roll)}",),
    )


def _reconciliation_line(rec: Reconciliation, lang: str | None) -> str:
    """``opening + joined - left (by reason) = closing`` in one line."""
    reasons = ", ".join(
        f"{label(word, lang)} {len(events)}"
        for word, events in (
            ("cancellation", rec.changes.cancelled),
            ("termination", rec.changes.terminated),
            ("merger", rec.changes.merged),
        )
    )
    year = rec.period.start.year
    return (
        f"{_t('reconciliation', lang, year=year)}: {label('at start', lang)} {rec.opening}, "
        f"{label('joined', lang)} {len(rec.joined)}, {label('left', lang)} {len(rec.left)} "
        f"({reasons}), {label('at end', lang)} {rec.closing}"
    )


# --- the demo -----------------------------------------------------------------------------


def _compare_table(lang: str | None, registry: Registry, dues_2012: Decimal) -> Table:
    printed = published_figures_2012()
    members = printed.members
    end_2011, end_2012 = Year(2011).last_day, Year(2012).last_day
    totals = year_totals(registry, 2012)
    changes = registry.changes(Year(2012).period)
    on_new_year = [e for e in changes.cancelled if e.date == Year(2012).start]
    listed = len(sample_governance_register())
    count_2011, count_2012 = registry.count_on(end_2011), registry.count_on(end_2012)
    rows = [
        (_t("members end", lang, year=2011), members["end_2011"], str(count_2011)),
        (_t("members end", lang, year=2012), members["end_2012"], str(count_2012)),
        (_t("fell by", lang), members["fell_by"], str(count_2011 - count_2012)),
        (_t("cancelled", lang), members["cancelled_as_of_2012_01_01"], str(len(on_new_year))),
        (
            _t("employees", lang),
            members["employees"],
            format_amount(Decimal(totals.headcount), lang),
        ),
        (label("fte", lang), members["fte"], format_amount(totals.fte, lang)),
        (
            label("wage sum", lang),
            printed.sector_table.total[3] if printed.sector_table.total else "",
            format_amount(totals.wage_sum, lang),
        ),
        (_t("dues 2012", lang), printed.dues["actual"], format_amount(dues_2012, lang, decimals=2)),
        (
            _t("register share", lang),
            members["governance_register_share"],
            format_percent(Decimal(listed) / count_2012, lang),
        ),
    ]
    return Table(
        title=_t("compare", lang),
        columns=(_t("figure", lang), _t("published", lang), _t("recomputed", lang)),
        rows=rows,
        align="lrr",
    )


DEMO_SCENARIO_NOTE: Final = "wage sums -12.5% a year (sd 5%, correlation 0.5 within a sector); cancellations 2% and mergers 1% a year"


def _demo_projection(registry: Registry) -> Projection:
    """2013-2016 under the report's expectation: wage sums 10 to 15 percent lower each year."""
    scenario = Scenario(
        range(2013, 2017),
        sample_schedule(2013),
        change=Normal(-0.125, 0.05),
        correlation=0.5,
        cancellation=0.02,
        merger=0.01,
    )
    return project(registry, scenario, runs=500, seed=2012)


def _save_fan_chart(
    projection: Projection, path: Path, lang: str | None, budget: Decimal | None = None
) -> Path | None:
    """Write the projection's fan chart as PNG; ``None`` when matplotlib is not installed."""
    try:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency
    except ImportError:
        return None
    figure = fan_chart(projection, budget=budget, lang=lang)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=100)
    finally:
        plt.close(figure)
    return path


@in_local_context
def demo(lang: str | None = None, out_dir: Path | None = None, *, plot: bool = True) -> str:
    """The demo's text: the sample next to the published figures; writes a chart into ``out_dir``.

    Args:
        lang: ``"nl"`` or ``"en"``.
        out_dir: where the chart goes (default: the current directory).
        plot: whether to write the chart (only when matplotlib is installed).

    >>> text = demo("en", plot=False)
    >>> "members at the end of 2012" in text
    True
    """
    label("total", lang)  # refuses an unknown language before any work
    started = time.perf_counter()
    registry = sample_registry()
    printed = published_figures_2012()
    roll_2012 = sample_schedule(2012).roll(registry)
    roll_2013 = sample_schedule(2013).roll(registry)
    out: list[str] = [_t("title", lang), _t("source", lang, source=SOURCE), ""]
    out += [str(_compare_table(lang, registry, roll_2012.total)), ""]
    out += [str(sector_table(registry, 2012).table(lang)), ""]
    out += [str(size_bands(registry, 2012).table(lang)), ""]
    rec = registry.reconcile(Year(2012).period)
    out += [_reconciliation_line(rec, lang), ""]
    statement = published_statement_2012()
    columns = tuple(column.name for column in statement.columns)
    out += [_t("statement", lang)]
    out += [str(statement.to_statement().table(lang, variance=(columns[0], columns[1]))), ""]
    audit = published_report_2012().audit()
    out += [_t("findings", lang)]
    out += [f"{number}. {finding.describe(lang)}" for number, finding in enumerate(audit, 1)]
    found = rec.findings(printed_net_change=printed.members["fell_by"])
    out += [_t("registry findings", lang), *_findings_lines(found, lang), ""]
    out += [str(_roll_summary(roll_2013, registry, lang, before=roll_2012)), ""]
    plus_rows = [
        (p.code, p.name, str(len(p.subscriptions)), format_amount(p.cost, lang))
        for p in sample_plus_packages()
    ]
    out += [
        str(
            Table(
                _t("plus", lang),
                (
                    label("plus package", lang),
                    "",
                    _t("subscribers", lang),
                    label("plus dues", lang),
                ),
                plus_rows,
                "llrr",
            )
        ),
        "",
    ]
    projection = _demo_projection(registry)
    note = label(DEMO_SCENARIO_NOTE, lang)
    out += [str(projection.table(lang)), f"({note})", ""]
    if plot:
        target = (out_dir if out_dir is not None else Path.cwd()) / "wmd-demo-fan-chart.png"
        path = _save_fan_chart(projection, target, lang)
        if path is not None:
            out.append(_t("wrote", lang, path=path))
    seconds = format_amount(Decimal(time.perf_counter() - started), lang, decimals=2)
    out.append(_t("took", lang, seconds=seconds))
    return "\n".join(out)


# --- commands -----------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace) -> int:
    print(demo(args.lang, Path(args.out), plot=not args.no_plot))
    return 0


def _cmd_sample(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    target.mkdir(parents=True, exist_ok=True)
    registry_path = target / "registry.csv"
    sample_registry().to_csv(registry_path)
    schedule_path = target / "schedule-2012.toml"
    schedule_path.write_text(sample_schedule().to_toml(), encoding="utf-8")
    tables_path = target / "published-2012.toml"
    from importlib import resources  # noqa: PLC0415 - only this command copies a data file

    tables_path.write_text(
        resources.files("wmd.datasets").joinpath("published_2012.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    for path in (registry_path, schedule_path, tables_path):
        print(_t("wrote", args.lang, path=path))
    return 0


def _cmd_keyfigures(args: argparse.Namespace) -> int:
    registry = _read_registry(args.registry, args)
    year = Year(args.year).year
    render = (lambda t: t.to_markdown()) if args.format == "markdown" else str
    rec = registry.reconcile(Year(year).period)
    lines = [
        render(year_totals(registry, year).table(args.lang)),
        "",
        render(sector_table(registry, year).table(args.lang)),
        "",
        render(size_bands(registry, year).table(args.lang)),
        "",
        _reconciliation_line(rec, args.lang),
    ]
    print("\n".join(lines))
    return 0


def _cmd_roll(args: argparse.Namespace) -> int:
    registry = _read_registry(args.registry, args)
    schedule = _read_schedule(args.schedule)
    roll = schedule.roll(registry)
    if args.out:
        _roll_csv(roll, args.out)
    print(_roll_summary(roll, registry, args.lang))
    if args.out:
        print(_t("wrote", args.lang, path=args.out))
    return 0


_YEAR: Final = re.compile(r"[0-9]{4}", re.ASCII)


def _years(text: str) -> range:
    """``2013`` or ``2013-2016`` as a range of years (at most 100 of them)."""
    first, _, last = text.strip().partition("-")
    if not _YEAR.fullmatch(first.strip()) or (last and not _YEAR.fullmatch(last.strip())):
        raise InvalidInputError("--years", given=text, expected="YEAR or YEAR-YEAR")
    start, end = int(first), int(last or first)
    years = range(Year(start).year, Year(end).year + 1)
    if not years:
        raise InvalidInputError("--years", given=text, expected="a first year before the last")
    return years


def _last_known_wage_sum(registry: Registry) -> int | None:
    """The last year for which some member's wage sum is known."""
    years = [
        f.year for member in registry.members for f in member.figures if f.wage_sum is not None
    ]
    return max(years, default=None)


def _check_basis_known(registry: Registry, schedule: DuesSchedule, first_year: int) -> None:
    """Refuse a projection whose first basis year lies beyond the registry's wage sums.

    Otherwise the projection would silently take the missing years' wage sums to equal the
    last known ones.
    """
    basis_year = schedule.basis.year_for(first_year)
    last = _last_known_wage_sum(registry)
    if last is not None and basis_year > last:
        raise InvalidInputError(
            "--years",
            given=f"{first_year} (basis year {basis_year})",
            expected=f"a first year whose basis year is at most {last}, "
            f"the last year with wage sums in the registry: start at {last + first_year - basis_year}",
        )


def _cmd_project(args: argparse.Namespace) -> int:
    years = _years(args.years)
    registry = _read_registry(args.registry, args)
    schedule = _read_schedule(args.schedule)
    _check_basis_known(registry, schedule, years.start)
    scenario = Scenario(
        years,
        schedule,
        change=Normal(float(args.change), float(args.sd)),
        correlation=float(args.correlation),
        cancellation=float(args.cancellation),
        merger=float(args.merger),
    )
    projection = project(
        registry, scenario, runs=args.runs, seed=args.seed, progress=_show_progress(args)
    )
    print(projection.table(args.lang))
    if args.budget is not None:
        calibration = calibrate(
            registry,
            scenario,
            args.budget,
            chance=float(args.chance),
            step=args.step,
            runs=args.runs,
            seed=args.seed,
        )
        print()
        print(calibration.table(args.lang))
    if args.chart:
        path = _save_fan_chart(projection, Path(args.chart), args.lang, args.budget)
        if path is None:
            raise MissingExtraError("matplotlib", "plot")
        print(_t("wrote", args.lang, path=path))
    return 0


def _show_progress(args: argparse.Namespace) -> bool:
    """A progress bar on long runs: asked for, or 5.000 runs or more on a terminal with tqdm."""
    if args.progress:
        return True
    if args.runs < PROGRESS_RUNS or not sys.stderr.isatty():
        return False
    try:
        import tqdm  # noqa: F401, PLC0415 - only whether the optional extra is there
    except ImportError:
        return False
    return True


PROGRESS_RUNS: Final = 5000
"""From this many runs ``wmd project`` shows a progress bar on a terminal (with tqdm)."""


def _cmd_solve(args: argparse.Namespace) -> int:
    registry = _read_registry(args.registry)
    schedule = _read_schedule(args.schedule)
    solved = solve_rate(schedule, registry, args.target, step=args.step)
    unit, value = lever(solved.schedule)
    shown = format_rate(value, args.lang) if unit == "rate" else str(value)
    lang = args.lang
    print(f"{label(unit, lang).capitalize()} {schedule.year}: {shown}")
    print(f"{label('dues', lang).capitalize()}: {format_amount(solved.total, lang, decimals=2)}")
    print(f"{label('target', lang).capitalize()}: {format_amount(solved.target, lang, decimals=2)}")
    print(
        f"{label('difference', lang).capitalize()}: {format_amount(solved.gap, lang, decimals=2)}"
    )
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    path = Path(args.tables)
    text = limits.read_text(path)
    limits.load_toml(text, source=str(path))  # size, nesting and numbers within wmd.limits
    found = Report.from_toml(text, source=str(path)).audit()
    print(_t("findings", args.lang) + f" ({path})")
    if not found:
        print(_t("no findings", args.lang))
    for number, finding in enumerate(found, 1):
        print(f"{number}. {finding.describe(args.lang)}")
    return 1 if found else 0


# --- the parser ---------------------------------------------------------------------------


# --- invoicing: wmd invoice / settle / sepa / journal (wmd.finance.invoicing) --------------


def _creditor(path: str) -> Any:  # noqa: ANN401 - a Creditor; the extra is imported on demand
    from wmd.finance.invoicing import Creditor  # noqa: PLC0415 - optional extra

    data = limits.load_toml(limits.read_text(path), source=path)
    fields = (
        "name",
        "address",
        "postcode",
        "city",
        "vat_number",
        "kvk",
        "iban",
        "bic",
        "creditor_id",
    )
    unknown = sorted(set(data) - set(fields))
    missing = [f for f in fields if f not in data]
    if unknown or missing:
        raise InvalidInputError(
            "creditor",
            given=unknown or missing,
            expected=f"exactly the keys {list(fields)}",
            where=path,
        )
    return Creditor(**{f: str(data[f]) for f in fields})


def _drafts(args: argparse.Namespace) -> tuple[Any, ...]:
    import attrs  # noqa: PLC0415 - only the invoicing commands evolve a schedule

    from wmd.finance.invoicing import draft_invoices  # noqa: PLC0415 - optional extra

    registry = _read_registry(args.registry)
    schedule = _read_schedule(args.schedule)
    if args.estimate:
        schedule = attrs.evolve(schedule, basis=attrs.evolve(schedule.basis, missing="estimate"))
    return draft_invoices(schedule.roll(registry), registry, explain=not args.no_explain)


def _print_issued(result: Any, lang: str) -> None:  # noqa: ANN401 - an IssueResult
    for invoice in result.issued:
        corrects = (
            f" ({label('corrects invoice', lang)} {invoice.corrects})" if invoice.corrects else ""
        )
        print(
            f"{invoice.number}  {invoice.member_id}  {invoice.title(lang)}{corrects}  "
            f"{format_amount(invoice.total_incl, lang, decimals=2, parentheses=False)}"
        )


def _write_invoices(result: Any, args: argparse.Namespace) -> None:  # noqa: ANN401 - an IssueResult
    if not args.out:
        return
    from wmd.finance.invoicing import read_debtors_csv  # noqa: PLC0415 - optional extra

    if not (args.debtors and args.creditor):
        raise InvalidInputError(
            "--out", given=args.out, expected="--debtors and --creditor with it"
        )
    debtors, creditor = read_debtors_csv(args.debtors), _creditor(args.creditor)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for invoice in result.issued:
        debtor = debtors[invoice.member_id]
        (out / f"{invoice.number}.txt").write_text(
            invoice.render_text(debtor, creditor, args.lang), encoding="utf-8"
        )
        (out / f"{invoice.number}.html").write_text(
            invoice.render_html(debtor, creditor, args.lang), encoding="utf-8"
        )
    print(_t("wrote", args.lang, path=out))


def _cmd_invoice(args: argparse.Namespace) -> int:
    from wmd.finance.invoicing import Register  # noqa: PLC0415 - optional extra
    from wmd.periods import parse_date  # noqa: PLC0415

    drafts = _drafts(args)
    if args.debtors:  # check the billing details before anything is issued
        from wmd.finance.invoicing import read_debtors_csv  # noqa: PLC0415

        debtors = read_debtors_csv(args.debtors)
        for draft in drafts:
            debtors[draft.member_id]
    with Register.open(args.register) as register:
        if args.command == "settle":
            invoiced = {
                i.member_id for i in register.invoices(year=drafts[0].year if drafts else 0)
            }
            drafts = tuple(d for d in drafts if d.member_id in invoiced)
        result = register.issue(
            drafts, invoice_date=parse_date(args.date, field="--date"), due_days=args.due_days
        )
    _print_issued(result, args.lang)
    print(
        f"{len(result.issued) - len(result.settlements)} new, {len(result.settlements)} settlements, "
        f"{len(result.unchanged)} unchanged ({args.register})"
    )
    _write_invoices(result, args)
    return 0


def _cmd_sepa(args: argparse.Namespace) -> int:
    import pendulum  # noqa: PLC0415

    from wmd.finance.invoicing import Register, direct_debit, read_debtors_csv  # noqa: PLC0415
    from wmd.periods import parse_date  # noqa: PLC0415

    debtors, creditor = read_debtors_csv(args.debtors), _creditor(args.creditor)
    today = parse_date(args.today, field="--today") if args.today else pendulum.today().date()
    with Register.open(args.register, create=False) as register:
        run = direct_debit(
            register,
            debtors,
            creditor,
            collection_date=parse_date(args.collection_date, field="--collection-date"),
            today=today,
            batch=args.batch,
            year=args.year,
        )
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for file in run.files:
            path = out / f"{args.batch}-{file.scheme.value}.xml"
            path.write_bytes(file.xml)
            amount = format_amount(file.control_sum, args.lang, decimals=2, parentheses=False)
            print(f"{path}: {len(file.payments)} x, {amount}")
        for member_id, reason, open_amount in run.skipped:
            print(
                f"{member_id}: {reason} ({format_amount(open_amount, args.lang, decimals=2, parentheses=False)})"
            )
        if args.record:
            run.record(register)
    return 0


def _cmd_journal(args: argparse.Namespace) -> int:
    from wmd.finance.invoicing import Accounts, Register, journal_lines, write_journal_csv  # noqa: PLC0415

    accounts = Accounts(
        args.debtors_account, args.dues_account, args.plus_account, args.vat_account
    )
    with Register.open(args.register, create=False) as register:
        lines = journal_lines(register.invoices(year=args.year), accounts)
        excl, vat, incl = register.totals(args.year)
    write_journal_csv(lines, args.out)
    shown = [format_amount(x, args.lang, decimals=2, parentheses=False) for x in (excl, vat, incl)]
    print(f"{len(lines)} lines; excl. VAT {shown[0]}, VAT {shown[1]}, incl. VAT {shown[2]}")
    print(_t("wrote", args.lang, path=args.out))
    return 0


def _add_invoicing_commands(commands: Any, common: argparse.ArgumentParser) -> None:  # noqa: ANN401 - argparse's subparsers action
    """``wmd invoice``, ``settle``, ``sepa`` and ``journal`` (need ``pip install 'wmd[invoicing]'``)."""
    register_help = "the invoice register: a SQLite file (created if missing) or a SQLAlchemy URL such as postgresql+psycopg://user@host/db"
    for name, help_text, description in (
        (
            "invoice",
            "issue the year's invoices into the register",
            "Roll the dues of REGISTRY under SCHEDULE.toml and issue one invoice per member into the register, numbered per year without gaps. Issuing again issues nothing new; a changed amount becomes a settlement or credit note naming the invoice it corrects. All or nothing: one transaction.",
        ),
        (
            "settle",
            "issue settlements for members invoiced before",
            "Roll again on the final figures and issue, for members already invoiced this year, a settlement (or credit note) for the difference per line, naming the invoice it corrects. Members not invoiced yet are left to 'wmd invoice'.",
        ),
    ):
        p = commands.add_parser(name, parents=[common], help=help_text, description=description)
        p.add_argument("registry", metavar="REGISTRY", help="registry file: CSV or .json")
        p.add_argument("schedule", metavar="SCHEDULE.toml", help="dues schedule as TOML")
        p.add_argument("--register", required=True, metavar="PATH|URL", help=register_help)
        p.add_argument("--date", required=True, help="invoice date, e.g. 2013-01-15")
        p.add_argument("--due-days", type=int, default=30, help="days until due (default 30)")
        p.add_argument(
            "--estimate",
            action="store_true",
            help="where a basis figure is missing, invoice provisionally on the last known one",
        )
        p.add_argument(
            "--no-explain",
            action="store_true",
            help="leave out the explanation of each amount (faster)",
        )
        p.add_argument(
            "--debtors",
            metavar="DEBTORS.csv",
            help="billing details (checked before issuing; needed for --out)",
        )
        p.add_argument(
            "--creditor", metavar="CREDITOR.toml", help="the association's own details (for --out)"
        )
        p.add_argument(
            "--out", metavar="DIR", help="write each issued invoice as text and HTML into DIR"
        )
        p.set_defaults(handler=_cmd_invoice)

    p = commands.add_parser(
        "sepa",
        parents=[common],
        help="write pain.008 direct debit files for the open invoices",
        description="Write one pain.008.001.02 file per scheme (CORE, B2B) for the uncollected invoices of members that pay by direct debit, grouped by sequence type (FRST, RCUR, OOFF, FNAL) and collection date; list every member left out with the reason. --record marks the invoices as collected.",
    )
    p.add_argument("--register", required=True, metavar="PATH|URL", help=register_help)
    p.add_argument(
        "--debtors",
        required=True,
        metavar="DEBTORS.csv",
        help="billing details with IBAN and mandate",
    )
    p.add_argument(
        "--creditor",
        required=True,
        metavar="CREDITOR.toml",
        help="name, address, vat_number, kvk, iban, bic, creditor_id",
    )
    p.add_argument(
        "--collection-date", required=True, help="requested collection date, e.g. 2013-02-01"
    )
    p.add_argument(
        "--today",
        help="today's date (default: the system date); the collection date may not be earlier",
    )
    p.add_argument(
        "--batch", required=True, help="batch id, 1 to 35 characters (also the file name)"
    )
    p.add_argument("--year", type=int, help="only invoices of this dues year")
    p.add_argument("--out", default=".", metavar="DIR", help="directory for the files (default: .)")
    p.add_argument(
        "--record", action="store_true", help="mark the collected invoices in the register"
    )
    p.set_defaults(handler=_cmd_sepa)

    p = commands.add_parser(
        "journal",
        parents=[common],
        help="journal lines of a year's invoices for the bookkeeping",
        description="Write one journal entry per invoice, settlement and credit note of a year as CSV: debit debtors, credit dues revenue, plus dues revenue and VAT payable. The lines add up to the register's totals.",
    )
    p.add_argument("--register", required=True, metavar="PATH|URL", help=register_help)
    p.add_argument("--year", type=int, required=True, help="the dues year")
    p.add_argument("--out", required=True, metavar="JOURNAL.csv", help="the CSV file to write")
    p.add_argument("--debtors-account", default="1300", help="debtors account (default 1300)")
    p.add_argument("--dues-account", default="8000", help="dues revenue account (default 8000)")
    p.add_argument(
        "--plus-account", default="8010", help="plus dues revenue account (default 8010)"
    )
    p.add_argument("--vat-account", default="1520", help="VAT payable account (default 1520)")
    p.set_defaults(handler=_cmd_journal)


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports a wrong argument in one line, in the chosen language."""

    lang = "nl"

    def error(self, message: str) -> NoReturn:
        hint = label("see", self.lang) + f" '{self.prog} --help'"
        _complain(f"{message} ({hint})", self.lang)
        self.exit(2)


_PERCENT_OR_FRACTION: Final = "a percentage such as -10% or a fraction such as -0.10"


def _share(text: str) -> Decimal:
    """A change or probability: ``-10%``, ``-10 %``, ``2,5%`` or ``-0.10``; ``-10`` is ambiguous."""
    raw = text.strip()
    percent = raw.endswith("%")
    number = raw.removesuffix("%").strip().replace(" ", "")
    if "," in number and "." not in number:
        number = number.replace(",", ".")
    if len(number) > limits.MAX_NUMBER_CHARS or not _PLAIN_NUMBER.fullmatch(number):
        msg = label("expected {expected}, got {given}").format(
            expected=label(_PERCENT_OR_FRACTION), given=repr(text)
        )
        raise argparse.ArgumentTypeError(msg)
    value = Decimal(number)
    if percent:
        return value.scaleb(-2)
    if value.copy_abs() >= 1:
        msg = label(
            "{given} is ambiguous: write {number}% for a percentage, or a fraction such as {fraction}"
        ).format(given=repr(text), number=number, fraction=f"{value.scaleb(-2):f}")
        raise argparse.ArgumentTypeError(msg)
    return value


def _change(text: str) -> Decimal:
    value = _share(text)
    if value <= -1:
        msg = label("expected {expected}, got {given}").format(
            expected=label("a change above -100% (a wage sum cannot fall below zero)"),
            given=repr(text),
        )
        raise argparse.ArgumentTypeError(msg)
    return value


_PLAIN_NUMBER: Final = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?|[+-]?\.[0-9]+", re.ASCII)
MAX_RUNS: Final = 100_000
"""The most Monte Carlo runs ``wmd project`` does."""


def _runs(text: str) -> int:
    if not text.strip().isascii() or not text.strip().isdigit() or not 1 <= int(text) <= MAX_RUNS:
        msg = f"expected a number of runs from 1 to {MAX_RUNS}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _seed(text: str) -> int:
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit() or len(stripped) > limits.MAX_DIGITS:
        msg = f"expected a seed: a whole number >= 0 of at most 40 digits, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(stripped)


def _budget(text: str) -> Decimal:
    """An amount of euros: ``2756000``, ``2.756.000`` or ``2756000.00``."""
    try:
        return amount(text, field="budget")
    except WmdError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _step(text: str) -> Decimal:
    """A step above zero, as a fraction: ``0.00001`` (0,01 per mille)."""
    number = text.strip()
    if len(number) > limits.MAX_NUMBER_CHARS or not _PLAIN_NUMBER.fullmatch(number):
        msg = f"expected a step such as 0.00001, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    value = Decimal(number)
    if value <= 0:
        msg = f"expected a step above zero, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _year(text: str) -> int:
    stripped = text.strip()
    if not stripped.isascii() or not stripped.isdigit() or len(stripped) > 4:  # a year
        msg = f"expected a year such as 2012, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(stripped)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:  # noqa: PLR0915 - one block per command
    """The argument parser of the ``wmd`` command; ``lang`` is for its error messages.

    >>> build_parser().parse_args(["roll", "r.csv", "s.toml", "--out", "roll.csv"]).out
    'roll.csv'
    >>> build_parser().parse_args(["project", "r", "s", "--years", "2013", "--change=-10%"]).change
    Decimal('-0.10')
    """
    _Parser.lang = lang if lang in ("nl", "en") else "nl"
    parser = _Parser(
        prog="wmd",
        description="Members, dues and published figures of a W&MD branch association.",
        epilog="Try it: 'wmd demo', or 'wmd sample data' and then "
        "'wmd keyfigures data/registry.csv --year 2012'.",
    )
    parser.add_argument("--version", action="version", version=f"wmd {__version__}")
    common = _Parser(add_help=False)
    common.add_argument(
        "--lang", choices=("nl", "en"), default="nl", help="language of the output (default: nl)"
    )
    sheet = _Parser(add_help=False)
    sheet.add_argument(
        "--mapping",
        metavar="COLUMNS.toml",
        help="for a member list (.xlsx or own CSV): which header holds which field "
        "(see wmd.members.spreadsheet.ColumnMap)",
    )
    sheet.add_argument(
        "--notation",
        choices=("dutch", "plain"),
        help="numbers in a member list (default: dutch for ;-separated CSV, plain for ,)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "demo",
        parents=[common],
        help="the 2012 figures recomputed from the bundled sample registry",
        description="Recompute the 2012 key figures from the bundled synthetic sample registry, show them next to the published ones, check the published income statement and tables, and roll the 2013 dues. Writes a chart when matplotlib is installed.",
    )
    p.add_argument(
        "--out",
        default=".",
        metavar="DIR",
        help="directory for the chart (default: current directory)",
    )
    p.add_argument("--no-plot", action="store_true", help="do not write the chart")
    p.set_defaults(handler=_cmd_demo)

    p = commands.add_parser(
        "sample",
        parents=[common],
        help="write the sample registry, schedule and printed tables to a directory",
        description="Write registry.csv, schedule-2012.toml and published-2012.toml into DIR, to try the other commands on.",
    )
    p.add_argument("dir", metavar="DIR", help="directory to write into (created if missing)")
    p.set_defaults(handler=_cmd_sample)

    p = commands.add_parser(
        "keyfigures",
        parents=[common, sheet],
        help="key figures of a registry for a year",
        description="Members at the end of the year, headcount, fte and wage sum, members and wage sum per sector, members by wage-sum band, and joins and departures in the year.",
    )
    p.add_argument(
        "registry",
        metavar="REGISTRY",
        help="registry: a member list (.xlsx or CSV, see wmd.members.spreadsheet), "
        "wmd's record CSV (wmd.members.io) or .json",
    )
    p.add_argument(
        "--year", type=_year, required=True, help="the year, e.g. 2012 (members on 31 December)"
    )
    p.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    p.set_defaults(handler=_cmd_keyfigures)

    p = commands.add_parser(
        "roll",
        parents=[common, sheet],
        help="every member's dues under a schedule",
        description="Assess every member under a dues schedule (TOML, see DuesSchedule.to_toml) and print the totals per sector; --out writes one CSV row per member, safe to open in a spreadsheet.",
    )
    p.add_argument("registry", metavar="REGISTRY", help="registry file: CSV or .json")
    p.add_argument("schedule", metavar="SCHEDULE.toml", help="dues schedule as TOML")
    p.add_argument("--out", metavar="ROLL.csv", help="write the roll to this CSV file")
    p.set_defaults(handler=_cmd_roll)

    p = commands.add_parser(
        "project",
        parents=[common, sheet],
        help="Monte Carlo ranges of dues income for coming years",
        description="Project dues income: every member's wage sum changes each year by a "
        "normally distributed rate (--change, --sd), members cancel or merge with the given "
        "yearly probabilities, and the schedule is applied each year. Prints the "
        "deterministic path, the mean and the 10th, 50th and 90th percentiles.",
    )
    p.add_argument("registry", metavar="REGISTRY", help="registry file: CSV or .json")
    p.add_argument("schedule", metavar="SCHEDULE.toml", help="dues schedule for the first year")
    p.add_argument("--years", required=True, help="years to project, e.g. 2013-2016")
    p.add_argument(
        "--change",
        type=_change,
        default=Decimal("-0.125"),
        help="mean yearly change of wage sums, as -12.5%% or -0.125 (default -12.5%%); "
        "-10 without %% is ambiguous and refused",
    )
    p.add_argument(
        "--sd",
        type=_share,
        default=Decimal("0.05"),
        help="spread of the yearly change, as 5%% or 0.05 (default 5%%)",
    )
    p.add_argument(
        "--correlation",
        type=_share,
        default=Decimal("0.5"),
        help="how changes move together within a sector, 0 to 1 (default 0.5)",
    )
    p.add_argument(
        "--cancellation",
        type=_share,
        default=Decimal(0),
        help="yearly probability of a cancellation, as 2%% or 0.02 (default 0)",
    )
    p.add_argument(
        "--merger",
        type=_share,
        default=Decimal(0),
        help="yearly probability of a merger, as 1%% or 0.01 (default 0)",
    )
    p.add_argument(
        "--runs",
        type=_runs,
        default=1000,
        help=f"number of Monte Carlo runs, at most {MAX_RUNS} (default 1000)",
    )
    p.add_argument(
        "--seed",
        type=_seed,
        default=2012,
        help="random seed, for repeatable results (default 2012)",
    )
    p.add_argument("--chart", metavar="FAN.png", help="write a fan chart (needs matplotlib)")
    p.add_argument(
        "--budget",
        type=_budget,
        help="dues budget per year, e.g. 2756000: adds the chance of meeting it and the "
        "rate needed for the mean and for --chance",
    )
    p.add_argument(
        "--chance",
        type=_share,
        default=Decimal("0.9"),
        help="wanted chance of meeting the budget, as 90%% or 0.9 (default 90%%)",
    )
    p.add_argument(
        "--step",
        type=_step,
        default=None,
        help="publishable step of the rate, e.g. 0.00001 for 0,01 per mille (the default)",
    )
    p.add_argument(
        "--progress",
        action="store_true",
        help=f"show a progress bar (default: from {PROGRESS_RUNS} runs on a terminal; needs tqdm)",
    )
    p.set_defaults(handler=_cmd_project)

    p = commands.add_parser(
        "solve",
        parents=[common],
        help="the publishable rate at which one year's roll reaches a target",
        description="Find the lowest rate on a grid of --step (0,01 per mille by default) at "
        "which the roll of the schedule's year reaches --target, and print it with the total.",
    )
    p.add_argument("registry", metavar="REGISTRY", help="registry file: CSV or .json")
    p.add_argument("schedule", metavar="SCHEDULE.toml", help="dues schedule as TOML")
    p.add_argument("--target", type=_budget, required=True, help="the dues total wanted")
    p.add_argument(
        "--step",
        type=_step,
        default=Decimal("0.00001"),
        help="publishable step of the rate (default 0.00001: 0,01 per mille)",
    )
    p.set_defaults(handler=_cmd_solve)

    p = commands.add_parser(
        "validate",
        parents=[common],
        help="check a report typed over into TOML: tables, text claims, relations",
        description="Read a report (TOML with sections members, dues, sector_table, size_bands, income_statement, equity, governance and relations, cells as printed text, like 'wmd sample' writes), check every total, share, claim of the text and relation across tables, and print the findings grouped by their likely culprit. Exit status 1 when something is found, 0 when all holds, 2 when the file cannot be read.",
    )
    p.add_argument("tables", metavar="REPORT.toml", help="the report file")
    p.set_defaults(handler=_cmd_validate)
    _add_invoicing_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one exit status per kind of failure
    """Run the ``wmd`` command; returns the exit status (0 fine, 1 findings, 2 bad input).

    Bad input of any kind gives one line on standard error (two or more only to list
    several bad rows of a file), never a traceback:

    >>> main(["validate", "missing.toml"])
    2
    """
    arguments = _joined_values(list(sys.argv[1:] if argv is None else argv))
    lang = _lang_in(arguments)
    with language(lang):  # argument errors in the chosen language too
        args = build_parser(lang).parse_args(arguments)
    try:
        # the caller's decimal context is neither changed nor flagged; --lang is the default
        with local_context(), language(args.lang):
            status: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except BadSheetError as err:
        _complain(err.report(args.lang), args.lang)
        return 2
    except WmdError as err:
        _complain(describe_error(err, args.lang), args.lang)
        return 2
    except OSError as err:
        what = f"{err.filename}: " if err.filename else ""
        _complain(f"{what}{_os_reason(err, args.lang)}", args.lang)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # noqa: BLE001 - no traceback for anyone: a bug is one line too
        message = label("internal error in wmd, please report it", args.lang)
        _complain(f"{message}: {type(err).__name__}: {shown(str(err))[1:-1]}", args.lang)
        return 3
    return status


def describe_error(err: WmdError, lang: str | None = None) -> str:
    """The message of a :class:`~wmd.errors.WmdError` for a person, in Dutch or English.

    >>> from wmd.errors import InvalidInputError
    >>> describe_error(InvalidInputError("year", given=1800, expected="a year between 1900 and 2200"))
    'year: verwacht een jaar tussen 1900 en 2200, gekregen 1800'
    >>> describe_error(InvalidInputError("year", given=1800, expected="a year"), "en")
    'year: expected a year, got 1800'
    """
    if resolve_lang(lang) == "en" or isinstance(err, ReportFileError):
        return str(err)  # a report file's problems are written in English only, each with its line
    if isinstance(err, BadFileError):
        rows = [
            f"  {label('row', lang)} {row.row}, {label('column', lang)} {row.column!r}: "
            f"{label(row.reason, lang)} ({label('value', lang)} {shown(row.value)})"
            for row in err.rows
        ]
        head = f"{err.source}: {len(err.rows)} {label('bad row(s), nothing loaded', lang)}:"
        return "\n".join([head, *rows])
    prefix = f"{err.where}: " if isinstance(err, InvalidInputError) and err.where else ""
    if isinstance(err, InvalidInputError) and str(err) == (
        f"{prefix}{err.field}: expected {err.expected}, got {shown(err.given)}"
    ):  # the standard sentence: translated part by part; any other message as it is
        return (
            f"{prefix}{err.field}: {label('expected', lang)} {label(err.expected, lang)}, "
            f"{label('got', lang)} {shown(err.given)}"
        )
    return str(err)


def _os_reason(err: OSError, lang: str) -> str:
    for kind, reason in (
        (FileNotFoundError, "file not found"),
        (PermissionError, "permission denied"),
        (IsADirectoryError, "is a directory, not a file"),
        (NotADirectoryError, "not a directory"),
    ):
        if isinstance(err, kind):
            return label(reason, lang)
    return str(err.strerror or err)


def _complain(message: str, lang: str) -> None:
    with contextlib.suppress(BrokenPipeError, ValueError):  # stderr closed: nothing to tell
        print(f"wmd: {label('error', lang)}: {message}", file=sys.stderr)


def _silence_stdout() -> None:
    """Point standard output at the null device so the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # not a real file (tests)
        pass


# Options whose value may start with a minus sign: "--change -10%" is one option and its value.
_SIGNED_OPTIONS: Final = frozenset(
    {"--change", "--sd", "--correlation", "--cancellation", "--merger"}
)
_SIGNED_VALUE: Final = re.compile(r"-\s*[0-9][0-9.,]*\s*%?")


def _joined_values(argv: list[str]) -> list[str]:
    """``--change -10%`` (and ``--change -10 %``) as ``--change=-10%``, so argparse takes it."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _SIGNED_OPTIONS and i + 1 < len(argv) and _SIGNED_VALUE.fullmatch(argv[i + 1]):
            value = argv[i + 1]
            i += 2
            if i < len(argv) and argv[i] == "%" and not value.endswith("%"):
                value += "%"
                i += 1
            out.append(f"{arg}={value}")
            continue
        if arg in _SIGNED_OPTIONS and i + 2 < len(argv) and argv[i + 2] == "%":
            out.append(f"{arg}={argv[i + 1]}%")
            i += 3
            continue
        out.append(arg)
        i += 1
    return out


def _lang_in(argv: Sequence[str]) -> str:
    """The ``--lang`` asked for, for messages before the arguments are parsed (default Dutch)."""
    for i, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[i + 1 : i + 2] == ["en"]):
            return "en"
    return "nl"
