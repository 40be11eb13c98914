# ruff: noqa: B023 - every lambda here is called at once by door(), inside its loop
"""Fuzz: hostile text, numbers, nesting and encodings through every public door of wmd.

Each input goes through a door (a parser, a constructor, a reader, a command) and may
only come back as a value or a :class:`~wmd.errors.WmdError`: any other exception
fails the test, and so does a call that takes a second or more. Round trips of what
wmd writes must give back exactly what was written.

The normal test session runs a short fuzz (a few seconds); ``nox -s fuzz`` runs
100.000 inputs (``WMD_FUZZ_INPUTS``) and prints the count and the time.
"""

from __future__ import annotations

import contextlib
import decimal
import io
import json
import math
import os
import time
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol, TypeVar

import attrs
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wmd import convert, limits
from wmd.cli import main
from wmd.datasets import sample_registry, sample_schedule
from wmd.errors import WmdError
from wmd.finance.dues import DuesSchedule
from wmd.finance.equity import PublishedEquity
from wmd.finance.statement import PublishedStatement
from wmd.i18n import format_amount, format_percent
from wmd.members import io as member_io
from wmd.members.keyfigures import PublishedSectorTable, PublishedSizeBands
from wmd.members.registry import Registry
from wmd.members.sector import Sector
from wmd.money import (
    CENTS,
    CONTEXT,
    WHOLE_EUROS,
    RoundingPolicy,
    allocate,
    amount,
    from_cents,
    round_places,
    to_cents,
)
from wmd.periods import Period, Year, parse_date, to_date
from wmd.testing import amounts, dues_schedules, registries

T = TypeVar("T")

TESTS = 15
"""The number of fuzz tests below; they share the inputs evenly."""

TOTAL = int(os.environ.get("WMD_FUZZ_INPUTS", "300"))
"""Inputs (calls through a door) for the whole fuzz run: a short run by default."""
SLOW = 1.0
"""Seconds of processor time: no input may take this long.

Processor time of this process, not wall-clock time: the test machines are shared,
and a busy neighbour must not make wmd look slow (or hide a slow wmd)."""


def fuzz(calls: int) -> settings:
    """Settings for a fuzz test whose every example makes about ``calls`` calls through doors."""
    return settings(
        max_examples=max(2, math.ceil(TOTAL / TESTS / calls)),
        deadline=None,  # timed per call below, around the door only, in processor time
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


class Counter(Protocol):
    """The session's input counter (tests/fuzz/conftest.py)."""

    def count(self, seconds: float, door: str) -> None:
        """One input went through ``door`` in ``seconds``."""


def door(budget: Counter, name: str, call: Callable[[], T]) -> T | None:
    """Call ``call``: a value or a WmdError (then ``None``) is fine; anything else fails.

    So does a call of a second or more, and one that raises a flag in the caller's decimal
    context or in the library's own.
    """
    caller = decimal.getcontext()
    caller.clear_flags()
    started = time.process_time()
    try:
        result: T | None = call()
    except WmdError:
        result = None
    finally:
        seconds = time.process_time() - started
        budget.count(seconds, name)
    assert seconds < SLOW, f"{name} took {seconds:.2f} s"
    flagged = [flag.__name__ for flag, raised in caller.flags.items() if raised]
    assert not flagged, f"{name} flagged the caller's context: {flagged}"
    assert not any(CONTEXT.flags.values()), f"{name} flagged wmd.money.CONTEXT itself"
    return result


# --- hostile material -----------------------------------------------------------------

any_char = st.characters(codec=None, exclude_categories=())  # surrogates included
hostile_text = st.one_of(
    st.text(any_char, max_size=40),
    st.text("0123456789.,-+()€ %eE_\u00a0\u2212\u2013", max_size=60),
    st.from_regex(r"[-+(]?[0-9]{1,3}(\.[0-9]{3}){0,20}(,[0-9]{1,60})?\)?", fullmatch=True),
    st.from_regex(r"[-+]?[0-9]{1,80}(\.[0-9]{0,80})?([eE][-+]?[0-9]{1,12})?", fullmatch=True),
    st.integers(1, 200_000).map(lambda n: "9" * n),
    st.sampled_from(
        ["NaN", "sNaN", "-Infinity", "1E+999999999", "1e-999999999", "-0", "٣٤", "", " "]
    ),
)
hostile_decimal = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(
        lambda digits, exponent: Decimal(f"{digits}E{exponent}"),
        st.integers(-(10**60), 10**60),
        st.integers(-(10**9), 10**9),
    ),
    st.integers(1, 200_000).map(lambda n: Decimal("9" * n)),
    amounts(-(10**15), 10**15),
)
hostile_int = st.one_of(
    st.integers(), st.integers(-(2**70), 2**70), st.integers(1, 20_000).map(lambda n: 10**n)
)
hostile_number: st.SearchStrategy[object] = st.one_of(
    hostile_decimal, hostile_int, st.floats(), st.booleans(), hostile_text, st.none()
)
json_leaf: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    hostile_int,
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
nested = st.recursive(
    json_leaf,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(any_char, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def deep(depth: int, kind: str) -> str:
    """Text nested ``depth`` levels deep, as TOML (``x = [[[...]]]``) or JSON."""
    body = "[" * depth + "]" * depth if kind != "inline" else "{a=" * depth + "1" + "}" * depth
    return f"x = {body}" if kind in {"toml", "inline"} else body


nesting = st.builds(deep, st.integers(1, 20_000), st.sampled_from(["toml", "json", "inline"]))
encodings = st.sampled_from(["latin-1", "cp1252", "utf-16", "utf-8", "utf-32", "mac-roman"])


def encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding`` (characters it cannot hold are replaced)."""
    return text.encode(encoding, errors="replace")


SCHEDULE = sample_schedule(2013)
SCHEDULE_DATA: dict[str, Any] = convert.unstructure(SCHEDULE)
REGISTRY = sample_registry()
REGISTRY_JSON = member_io.to_json(REGISTRY)
SMALL_REGISTRY = Registry(
    tuple(m for m in REGISTRY.members[:40] if all(s.successor is None for s in m.spells)),
    sectors=REGISTRY.sectors,
)
"""Members of the sample without mergers: a valid registry, small enough for many CLI runs."""
_BUFFER = io.StringIO()
member_io.write_csv(SMALL_REGISTRY, _BUFFER)
REGISTRY_CSV = _BUFFER.getvalue()
SMALL_CSV = "\n".join(REGISTRY_CSV.splitlines()[:12]) + "\n"


def poked(data: object, path: list[int], value: object) -> object:
    """``data`` with the leaf (or sub-tree) chosen by ``path`` replaced by ``value``."""
    if not path or not isinstance(data, dict | list) or not data:
        return value
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = keys[path[0] % len(keys)]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[key] = poked(copy[key], path[1:], value)
    return copy


paths = st.lists(st.integers(0, 50), min_size=1, max_size=4)


# --- numbers --------------------------------------------------------------------------


@fuzz(calls=1)
@given(value=hostile_number, notation=st.sampled_from(["auto", "nl", "plain"]), dash=st.booleans())
def test_amount_answers_every_value(
    budget: Counter, value: object, notation: Any, dash: bool
) -> None:
    """amount(): a Decimal within the limits, or a WmdError."""
    result = door(budget, "amount", lambda: amount(value, notation=notation, dash_is_zero=dash))
    if result is not None:
        assert result.is_finite()
        assert abs(result) <= limits.MAX_AMOUNT


@fuzz(calls=5)
@given(
    value=hostile_decimal,
    places=st.integers(-50, 50),
    modes=st.sampled_from(["half_up", "half_even", "down", "up"]),
)
def test_rounding_answers_every_value(
    budget: Counter, value: Decimal, places: int, modes: Any
) -> None:
    """RoundingPolicy.round, round_places, to_cents and as_fraction-based rounding: value or WmdError."""
    door(budget, "CENTS.round", lambda: CENTS.round(value))
    door(budget, "round_places", lambda: round_places(value, places))
    door(budget, "to_cents", lambda: to_cents(value))
    policy = door(budget, "RoundingPolicy", lambda: RoundingPolicy(value, modes))
    if policy is not None:
        door(budget, "policy.round", lambda: policy.round(Fraction(7, 3)))
        numerators = np.array([0, 1, -1, 7 * 10**15, -(7 * 10**15)], dtype=np.int64)
        vectorized = policy.round_ratio_array(numerators, 7)
        scalar = [to_cents(policy.round(Fraction(int(n), 700))) for n in numerators]
        assert vectorized.tolist() == scalar


@fuzz(calls=1)
@given(total=hostile_decimal, weights=st.lists(hostile_number, max_size=6), whole=st.booleans())
def test_allocate_answers_and_adds_up(
    budget: Counter, total: Decimal, weights: list[Any], whole: bool
) -> None:
    """allocate(): parts that add up to the total exactly, or a WmdError."""
    policy = WHOLE_EUROS if whole else CENTS
    parts = door(budget, "allocate", lambda: allocate(total, weights, policy=policy))
    if parts:
        assert sum(parts) == total


@fuzz(calls=2)
@given(
    value=hostile_decimal,
    lang=st.sampled_from(["nl", "en", "de"]),
    decimals=st.integers(-3, 12),
    currency=st.booleans(),
)
def test_formatting_answers_and_reads_back(
    budget: Counter, value: Decimal, lang: str, decimals: int, currency: bool
) -> None:
    """format_amount / format_percent: text or WmdError; a formatted amount reads back as the rounded amount."""
    shown = door(
        budget,
        "format_amount",
        lambda: format_amount(value, lang, decimals=decimals, currency=currency),
    )
    door(budget, "format_percent", lambda: format_percent(value, lang, decimals=decimals))
    readable = shown is not None and abs(value) <= limits.MAX_AMOUNT  # amount() reads amounts only
    if readable and lang == "nl" and decimals == 2 and not currency:
        assert amount(shown, notation="nl") == CENTS.round(value)


@fuzz(calls=2)
@given(cents=st.integers(-(2**63), 2**63 - 1), value=amounts(-(10**15), 10**15))
def test_cents_and_text_round_trips_are_exact(budget: Counter, cents: int, value: Decimal) -> None:
    """from_cents/to_cents and plain text round trips give back exactly the amount."""
    euros = door(budget, "from_cents", lambda: from_cents(cents))
    if euros is not None and abs(euros) <= limits.MAX_AMOUNT:
        assert to_cents(euros) == cents
    assert (
        door(budget, "amount(plain)", lambda: amount(format(value, "f"), notation="plain")) == value
    )


# --- dates ----------------------------------------------------------------------------


@fuzz(calls=4)
@given(text=hostile_text | st.dates().map(str), year=hostile_int, other=st.dates())
def test_dates_and_years_answer(budget: Counter, text: str, year: int, other: Any) -> None:
    """parse_date, to_date, Year and Period: a value or a WmdError, for every text and year."""
    day = door(budget, "parse_date", lambda: parse_date(text))
    door(budget, "to_date", lambda: to_date(other))
    door(budget, "Year", lambda: Year(year))
    if day is not None:
        period = door(budget, "Period", lambda: Period(day, to_date(other)))
        if period is not None:
            door(budget, "Period.days", lambda: period.days)


# --- files: TOML, JSON, CSV, encodings ------------------------------------------------


@fuzz(calls=5)
@given(
    text=hostile_text | nesting | st.text(any_char, max_size=200),
    path=paths,
    value=hostile_text | nesting,
)
def test_schedule_readers_answer(
    budget: Counter, text: str, path: list[int], value: object
) -> None:
    """DuesSchedule.from_toml/from_json and limits.load_*: a value or a WmdError."""
    door(budget, "load_toml", lambda: limits.load_toml(text))
    door(budget, "load_json", lambda: limits.load_json(text))
    door(budget, "DuesSchedule.from_toml", lambda: DuesSchedule.from_toml(text))
    door(budget, "DuesSchedule.from_json", lambda: DuesSchedule.from_json(text))
    toml_text = SCHEDULE.to_toml()
    lines = toml_text.splitlines()
    index = path[0] % len(lines)
    if "=" in lines[index]:
        key = lines[index].split("=")[0]
        lines[index] = f"{key}= {value}"
    door(budget, "from_toml(poked)", lambda: DuesSchedule.from_toml("\n".join(lines)))


@fuzz(calls=2)
@given(path=paths, value=nested | hostile_number)
def test_structure_answers_every_shape(budget: Counter, path: list[int], value: object) -> None:
    """convert.structure of a schedule dict with any leaf or sub-tree replaced: a value or a WmdError."""
    data = poked(SCHEDULE_DATA, path, value)
    door(budget, "structure(DuesSchedule)", lambda: convert.structure(data, DuesSchedule))
    door(
        budget,
        "structure(Registry)",
        lambda: convert.structure(poked(json.loads(REGISTRY_JSON), path, value), Registry),
    )


@fuzz(calls=4)
@given(
    row=st.integers(0, 11),
    column=st.integers(0, 15),
    cell=hostile_text,
    raw=st.text(any_char, max_size=300),
)
def test_csv_reader_answers(budget: Counter, row: int, column: int, cell: str, raw: str) -> None:
    """read_csv of the sample with one cell replaced by hostile text, or of hostile text: a value or a WmdError."""
    lines = [line.split(",") for line in SMALL_CSV.splitlines()]
    target = lines[row % len(lines)]
    target[column % len(target)] = cell.replace(",", ";").replace("\n", " ").replace("\r", " ")
    text = "\n".join(",".join(line) for line in lines) + "\n"
    for source in (text, raw):
        door(budget, "read_csv", lambda: member_io.read_csv(io.StringIO(source)))
        door(
            budget,
            "read_csv(lenient)",
            lambda: member_io.read_csv(io.StringIO(source), strict=False),
        )


@fuzz(calls=9)
@given(data=st.binary(max_size=300), text=st.text(any_char, max_size=80), encoding=encodings)
def test_bytes_in_any_encoding_answer(
    budget: Counter, data: bytes, text: str, encoding: str
) -> None:
    """Bytes of any encoding (and random bytes) into the byte doors: a value or a WmdError."""
    for blob in (
        data,
        encoded(REGISTRY_JSON[:200] + text, encoding),
        encoded(SCHEDULE.to_json() + text, encoding),
    ):
        door(budget, "decode", lambda: limits.decode(blob))
        door(budget, "Registry from_json(bytes)", lambda: member_io.from_json(blob))
        door(budget, "DuesSchedule.from_json(bytes)", lambda: DuesSchedule.from_json(blob))


# --- printed tables -------------------------------------------------------------------


printed_cell = hostile_text | st.integers(1, 20_000).map(lambda n: "1" * n) | hostile_number
printed_rows = st.lists(st.lists(printed_cell, min_size=0, max_size=6), max_size=4)


@fuzz(calls=6)
@given(
    rows=printed_rows,
    total=st.lists(printed_cell, max_size=6),
    single=printed_cell,
    columns=st.lists(hostile_text, max_size=3),
)
def test_printed_tables_answer(
    budget: Counter, rows: Any, total: Any, single: Any, columns: Any
) -> None:
    """from_printed of every published table, and validate(): findings or a WmdError, never a crash."""
    for built in (
        door(
            budget,
            "PublishedSectorTable",
            lambda: PublishedSectorTable.from_printed(rows, total=total),
        ),
        door(
            budget,
            "PublishedSizeBands",
            lambda: PublishedSizeBands.from_printed(rows, total=single),
        ),
        door(
            budget,
            "PublishedEquity",
            lambda: PublishedEquity.from_printed(columns, reserves=rows, total=total),
        ),
        door(
            budget,
            "PublishedStatement",
            lambda: PublishedStatement.from_printed(
                columns,
                income=rows,
                income_total=total,
                expenses=rows,
                expenses_total=total,
                result=total,
            ),
        ),
    ):
        if built is not None:
            door(budget, f"{type(built).__name__}.validate", built.validate)


# --- the command line -----------------------------------------------------------------


def run_cli(budget: Counter, argv: list[str]) -> tuple[int, str, str]:
    """``wmd argv`` in-process: status, stdout, stderr; timed like a door."""
    out, err = io.StringIO(), io.StringIO()
    started = time.process_time()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as stop:  # argparse: --help or a usage error
            status = int(stop.code or 0)
    seconds = time.process_time() - started
    budget.count(seconds, f"wmd {argv[0]}")
    assert seconds < SLOW, f"wmd {' '.join(argv)} took {seconds:.2f} s"
    assert status in {0, 1, 2}, err.getvalue()
    assert "Traceback" not in err.getvalue()
    if status == 2:
        first = err.getvalue().splitlines()[0]
        assert first.startswith(("wmd: fout: ", "wmd: error: "))
    return status, out.getvalue(), err.getvalue()


@fuzz(calls=1)
@given(
    content=st.one_of(
        st.binary(max_size=200),
        nesting.map(str.encode),
        st.text(any_char, max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    which=st.sampled_from(
        ["validate", "roll-schedule", "roll-registry", "keyfigures", "keyfigures-json"]
    ),
    lang=st.sampled_from(["nl", "en"]),
)
def test_cli_commands_answer_hostile_files(
    budget: Counter, tmp_path_factory: Any, content: bytes, which: str, lang: str
) -> None:
    """Every command on a hostile file exits 0, 1 or 2 with at most an error line, never a traceback."""
    folder = tmp_path_factory.mktemp("fuzz")
    hostile = folder / ("h.json" if which.endswith("json") else "h.toml")
    hostile.write_bytes(content)
    registry = folder / "r.csv"
    registry.write_text(REGISTRY_CSV, encoding="utf-8")
    schedule = folder / "s.toml"
    schedule.write_text(sample_schedule(2012).to_toml(), encoding="utf-8")
    argv = {
        "validate": ["validate", str(hostile)],
        "roll-schedule": ["roll", str(registry), str(hostile)],
        "roll-registry": ["roll", str(hostile), str(schedule)],
        "keyfigures": ["keyfigures", str(hostile), "--year", "2012"],
        "keyfigures-json": ["keyfigures", str(hostile), "--year", "2012"],
    }[which]
    run_cli(budget, [*argv, "--lang", lang])


@fuzz(calls=1)
@given(
    change=hostile_text,
    years=hostile_text | st.from_regex(r"[0-9]{4}-[0-9]{4}", fullmatch=True),
    runs=hostile_text,
    option=st.sampled_from(
        ["--change", "--sd", "--cancellation", "--merger", "--correlation", "--seed"]
    ),
)
def test_cli_project_answers_hostile_arguments(
    budget: Counter, tmp_path_factory: Any, *, change: str, years: str, runs: str, option: str
) -> None:
    """Wmd project with hostile --change, --years, --runs: exit 0, 1 or 2, never a traceback."""
    folder = tmp_path_factory.getbasetemp() / "fuzz-project"
    folder.mkdir(exist_ok=True)
    registry = folder / "r.csv"
    schedule = folder / "s.toml"
    if not registry.exists():
        registry.write_text(REGISTRY_CSV, encoding="utf-8")
        schedule.write_text(sample_schedule(2013).to_toml(), encoding="utf-8")
    small_runs = runs if not runs.strip().isdigit() else "2"
    run_cli(
        budget,
        [
            "project",
            str(registry),
            str(schedule),
            "--years",
            years,
            option,
            change,
            "--runs",
            small_runs,
            "--sd",
            "0",
        ],
    )


# --- round trips ----------------------------------------------------------------------

sector_names = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12).filter(str.strip)
catalogs = st.lists(
    st.builds(
        Sector, st.from_regex(r"[A-Z][A-Z0-9_]{0,5}", fullmatch=True), sector_names, sector_names
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda s: s.code,
)


@fuzz(calls=6)
@given(registry=registries(max_members=4), catalog=catalogs)
def test_registry_round_trips_are_exact(
    budget: Counter, registry: Registry, catalog: list[Sector]
) -> None:
    """A registry written as JSON or CSV reads back equal; so does a custom sector catalog."""
    for written in (registry, Registry((), sectors=tuple(catalog))):
        as_json = door(budget, "to_json", lambda: member_io.to_json(written))
        assert as_json is not None
        assert door(budget, "from_json(to_json)", lambda: member_io.from_json(as_json)) == written
        buffer = io.StringIO()
        member_io.write_csv(written, buffer)
        assert (
            door(
                budget,
                "read_csv(write_csv)",
                lambda: member_io.read_csv(io.StringIO(buffer.getvalue())),
            )
            == written
        )


@fuzz(calls=2)
@given(schedule=dues_schedules())
def test_schedule_round_trips_are_exact(budget: Counter, schedule: DuesSchedule) -> None:
    """A schedule written as TOML or JSON reads back equal."""
    assert (
        door(budget, "from_toml(to_toml)", lambda: DuesSchedule.from_toml(schedule.to_toml()))
        == schedule
    )
    assert (
        door(budget, "from_json(to_json)", lambda: DuesSchedule.from_json(schedule.to_json()))
        == schedule
    )
    assert attrs.evolve(schedule) == schedule
