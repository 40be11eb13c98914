"""Hostile input (issue 18): each kind of input that escaped, hung or lost data, at its minimal size.

Every test here failed on main before issue 18: a foreign exception, a second or more,
a flagged decimal context, a changed round trip or a wrong command-line answer.
"""

from __future__ import annotations

import contextlib
import decimal
import io
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from wmd import limits
from wmd.cli import main
from wmd.datasets import sample_registry, sample_schedule
from wmd.errors import BadFileError, InvalidInputError, LimitError, WmdError
from wmd.finance.dues import DuesSchedule
from wmd.i18n import format_amount, format_percent
from wmd.members import Member, Registry
from wmd.members import io as member_io
from wmd.members.sector import Sector
from wmd.money import CENTS, RoundingPolicy, allocate, amount, round_places, to_cents
from wmd.periods import parse_date, whole_months_between

HUGE = Decimal("9" * 100_000)
"""A 100.000-digit amount."""


@pytest.fixture
def clean_flags() -> Iterator[decimal.Context]:
    """The caller's context with every flag cleared; the test asserts they stay clear."""
    context = decimal.getcontext()
    context.clear_flags()
    yield context
    context.clear_flags()


def _raised_flags(context: decimal.Context) -> list[str]:
    return [flag.__name__ for flag, raised in context.flags.items() if raised]


def _fast(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    with pytest.raises(WmdError):
        call()
    return time.perf_counter() - started


# --- 1. limits, refused before any expensive work ---------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: CENTS.round(HUGE),
        lambda: allocate(HUGE, [1, 2]),
        lambda: to_cents(HUGE),
        lambda: amount(HUGE),
        lambda: amount("9" * 100_000),
        lambda: amount(Decimal("1E+999999999")),
        lambda: amount(Decimal("1E-999999999")),
        lambda: CENTS.round(Decimal("1E-999999999")),
        lambda: round_places(Decimal("1E+999999999"), 2),
        lambda: amount(10**100_000),
    ],
    ids=[
        "round",
        "allocate",
        "to_cents",
        "amount-decimal",
        "amount-text",
        "exponent-high",
        "exponent-low",
        "round-exponent-low",
        "round_places",
        "amount-int",
    ],
)
def test_an_absurd_number_is_refused_in_a_millisecond_or_so(call: Callable[[], object]) -> None:
    """A 100.000-digit amount or an exponent of a billion is a WmdError well within 0.1 s."""
    assert _fast(call) < 0.1


def test_to_cents_of_a_huge_amount_is_refused_not_wrong() -> None:
    """to_cents of a 100.000-digit amount raised no error and returned a rounded, wrong number."""
    with pytest.raises(LimitError, match=r"at most 10\^15 euros"):
        to_cents(HUGE)
    # the largest amount is still exact: 10^15 euros = 10^17 cents
    assert to_cents(limits.MAX_AMOUNT) == 10**17


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_amount(Decimal("1E+100")),
        lambda: format_percent(Decimal("1E+100")),
        lambda: CENTS.round(Decimal("1E+100")),
        lambda: round_places(Decimal("1E+100"), 2),
        lambda: allocate(Decimal("1E+100"), [1]),
        lambda: amount("34.234.234.234.234.234.234.234.234"),
        lambda: format_amount(Decimal("NaN")),
        lambda: format_percent(Decimal("sNaN")),
    ],
    ids=[
        "format_amount",
        "format_percent",
        "round",
        "round_places",
        "allocate",
        "dutch",
        "nan",
        "snan",
    ],
)
def test_numbers_that_raised_invalid_operation_raise_a_wmd_error(
    call: Callable[[], object],
) -> None:
    """decimal.InvalidOperation escaped from formatting, rounding, allocate and the Dutch parser."""
    with pytest.raises(WmdError):
        call()


def test_a_rounding_quantum_of_ten_to_the_fifteen_euros_rolls() -> None:
    """A quantum of 10^15 euros overflowed int64 in round_ratio_array; now every due rounds to 0."""
    text = (
        sample_schedule(2013).to_toml().replace('quantum = "0.01"', 'quantum = "1000000000000000"')
    )
    roll = DuesSchedule.from_toml(text).roll(sample_registry())
    # every due is far below half of 10^15 euros, so half up gives 0 quanta
    assert roll.total == 0


def test_round_ratio_array_beyond_int64_matches_the_scalar_rule() -> None:
    """With quantum x denominator > 2^63 the vectorized rounding still equals RoundingPolicy.round."""
    policy = RoundingPolicy(Decimal(10**15), "up")
    numerators = np.array([0, 1, -1, 2**62], dtype=np.int64)
    cents = policy.round_ratio_array(numerators, 100)  # 100 x 10^17 cents > 2^63
    # 1/100 cent rounded up (away from zero) to a quantum of 10^17 cents is one quantum
    assert cents.tolist() == [0, 10**17, -(10**17), 10**17]
    scalar = [to_cents(policy.round(Fraction(int(n), 100 * 100))) for n in numerators]
    assert cents.tolist() == scalar


_HEADER = "record,id,name,name_en,kvk,legal_form,sectors,sector_split,year,wage_sum,headcount,fte,start,end,end_reason,successor\n"
_MEMBER = "member,A,Stichting A,,,stichting,LW,,,,,,,,,\n"


def test_a_5000_digit_headcount_is_a_bad_row_not_a_value_error() -> None:
    """A 5000-digit headcount in CSV raised ValueError (int() digit limit); now a bad row, shortly shown."""
    text = _HEADER + _MEMBER + f"figures,A,,,,,,,2012,1000,{'9' * 5000},,,,,\n"
    with pytest.raises(BadFileError, match="column 'headcount'") as raised:
        member_io.read_csv(io.StringIO(text))
    assert len(str(raised.value)) < 400


def test_a_27_digit_wage_sum_in_csv_is_refused() -> None:
    """A 27-digit wage sum raised decimal.InvalidOperation; now a WmdError naming the wage sum."""
    text = _HEADER + _MEMBER + f"figures,A,,,,,,,2012,{'9' * 27},5,,,,,\n"
    with pytest.raises(WmdError, match=r"wage_sum: expected an amount of at most 10\^15 euros"):
        member_io.read_csv(io.StringIO(text))


def test_a_huge_wage_sum_in_json_is_refused() -> None:
    """``1e30`` as a wage sum in a JSON registry raised decimal.InvalidOperation; now a WmdError."""
    registry = member_io.to_json(sample_registry())
    hostile = re.sub(r'"wage_sum": "[0-9.]+"', '"wage_sum": 1e30', registry, count=1)
    assert hostile != registry
    with pytest.raises(WmdError, match=r"wage_sum: .*an amount of at most 10\^15 euros"):
        member_io.from_json(hostile)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("year = " + "[" * 2000 + "]" * 2000, "nesting"),
        ("year = " + "9" * 5000, "number"),
        ('year = 2013\nname = "' + "x" * 20_000 + '"', "characters"),
    ],
    ids=["nesting", "digits", "long-text"],
)
def test_toml_beyond_the_limits_is_refused_before_parsing(text: str, kind: str) -> None:
    """Deep nesting, 5000-digit numbers and 20.000-character strings are LimitErrors, not Recursion/ValueError."""
    with pytest.raises(LimitError, match=kind):
        limits.load_toml(text, source="t.toml")


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000 + "]" * 100_000, '{"year": ' + "9" * 5000 + "}", '{"a": 1e400}', b"\xff{}"],
    ids=["nesting", "digits", "infinite-float", "not-utf8"],
)
def test_json_beyond_the_limits_is_refused(text: str | bytes) -> None:
    """JSON nested 100.000 deep, a 5000-digit number, 1e400 (a float infinity) or bad UTF-8: a WmdError."""
    with pytest.raises(WmdError):
        limits.load_json(text, parse_float=float)


def test_a_file_over_200_mb_is_refused_by_its_size(tmp_path: Path) -> None:
    """A file larger than MAX_FILE_BYTES is refused from its size alone, before it is read."""
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)  # a sparse file: no 200 MB written
    started = time.perf_counter()
    with pytest.raises(LimitError, match="200 MB"):
        limits.read_text(big)
    assert time.perf_counter() - started < 0.1


def test_a_non_utf8_byte_is_named_by_line_and_column() -> None:
    """Latin-1 text is refused with the line and column of the first bad byte."""
    with pytest.raises(InvalidInputError, match="byte 0xe9 at line 2, column 4"):
        limits.decode("a\ncaf\xe9".encode("latin-1"), source="x.csv")


def test_an_error_message_about_a_huge_value_stays_short() -> None:
    """InvalidInputError of a 100.000-digit int raised ValueError (int to str limit); now a short line."""
    err = InvalidInputError("x", given=10**100_000, expected="a number")
    assert str(err) == "x: expected a number, got <an integer of 100001 digits>"
    assert len(str(InvalidInputError("x", given="y" * 10**6, expected="text"))) < 300


def test_dates_with_other_digits_or_at_the_end_of_time_are_handled() -> None:
    """Non-ASCII digits are not a date; months up to 31 December 9999 count without overflow."""
    with pytest.raises(InvalidInputError):
        parse_date("\u0661-\u0667-\u0662\u0660\u0661\u0662")  # 1-7-2012 in Arabic-Indic digits
    # 15 December 9999 to 31 December 9999: no whole month
    assert whole_months_between(parse_date("9999-12-15"), parse_date("9999-12-31")) == 0


# --- 3. the library's own decimal context ----------------------------------------------

LONG = Decimal("0.1234567890123456789012345678901")
"""31 significant digits: more than the default context's 28, so arithmetic in it rounds."""


@pytest.mark.parametrize(
    "call",
    [
        lambda: format_percent(LONG),
        lambda: RoundingPolicy(Decimal("0.0100000000000000000000000000000000")),
        lambda: amount("1.234.567.890.123,123456789012345678901"),
        lambda: format_amount(Decimal("12345678901234.123456789012345678901"), decimals=2),
        lambda: allocate(Decimal("1234567890123.45"), [LONG, 1]),
    ],
    ids=["format_percent", "policy", "amount", "format_amount", "allocate"],
)
def test_the_callers_context_gets_no_flags(
    clean_flags: decimal.Context, call: Callable[[], object]
) -> None:
    """Inexact and Rounded were raised in the caller's context by format_percent and RoundingPolicy."""
    call()
    assert _raised_flags(clean_flags) == []


def test_the_demo_leaves_the_callers_flags_clear(clean_flags: decimal.Context) -> None:
    """The demo flagged FloatOperation, Inexact and Rounded in the caller's context."""
    from wmd.cli import demo  # noqa: PLC0415 - the function under test

    demo("en", plot=False)
    assert _raised_flags(clean_flags) == []


def test_a_refused_number_leaves_no_invalid_operation_flag(clean_flags: decimal.Context) -> None:
    """Refusing NaN or a huge value raises a WmdError without flagging InvalidOperation."""
    for call in (lambda: format_amount(Decimal("NaN")), lambda: CENTS.round(Decimal("1E+100"))):
        with pytest.raises(WmdError):
            call()
    assert _raised_flags(clean_flags) == []


# --- 2 and 5. the command line ----------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files 'wmd sample' writes."""
    target = tmp_path_factory.mktemp("hostile-sample")
    assert main(["sample", str(target)]) == 0
    return target


def _project(sample: Path, *options: str) -> list[str]:
    return [
        "project",
        str(sample / "registry.csv"),
        str(sample / "schedule-2012.toml"),
        "--years",
        "2013-2014",
        "--sd",
        "0",
        "--runs",
        "2",
        *options,
    ]


@pytest.mark.parametrize(
    "change",
    [["--change", "-10%"], ["--change=-10%"], ["--change", "-10 %"], ["--change", "-10", "%"]],
)
def test_a_change_as_a_percentage_equals_the_fraction(
    sample: Path, capsys: pytest.CaptureFixture[str], change: list[str]
) -> None:
    """--change -10% was 'expected one argument'; now -10%, -10 % and -0.10 give the same projection."""
    assert main(_project(sample, "--change", "-0.10")) == 0
    as_fraction = capsys.readouterr().out
    assert main(_project(sample, *change)) == 0
    assert capsys.readouterr().out == as_fraction


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("--change=-10", "ambiguous: write -10% for a percentage, or a fraction such as -0.10"),
        ("--change=-100%", "above -100%"),
        ("--change=-250%", "above -100%"),
        ("--change=tien", "a percentage such as -10% or a fraction such as -0.10"),
    ],
)
def test_an_ambiguous_or_impossible_change_is_refused(
    sample: Path, capsys: pytest.CaptureFixture[str], change: str, message: str
) -> None:
    """--change=-10 clipped every wage sum to zero and exited 0; now it is refused in one line, exit 2."""
    with pytest.raises(SystemExit) as stop:
        main([*_project(sample, change), "--lang", "en"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_a_refused_change_is_explained_in_dutch_by_default(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Under the default language the refusal of --change=-10 is Dutch, not English."""
    with pytest.raises(SystemExit) as stop:
        main(_project(sample, "--change=-10"))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "dubbelzinnig: schrijf -10% voor een percentage, of een breuk zoals -0.10" in err
    assert "ambiguous" not in err


def test_a_projection_beyond_the_last_wage_sums_is_refused(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--years 2014-2016 silently took 2013's wage sums to be 2012's; now it says to start at 2013."""
    argv = _project(sample)
    argv[argv.index("2013-2014")] = "2014-2016"
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "2012" in err
    assert "start at 2013" in err


def test_a_non_utf8_schedule_is_one_dutch_line_and_exit_2(
    sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Wmd roll on a Latin-1 schedule showed a UnicodeDecodeError traceback."""
    schedule = tmp_path / "s.toml"
    schedule.write_bytes(
        sample_schedule().to_toml().replace("year", "# jaar é\nyear", 1).encode("latin-1")
    )
    assert main(["roll", str(sample / "registry.csv"), str(schedule)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"wmd: fout: {schedule}: encoding: verwacht UTF-8-tekst, gekregen 'byte 0xe9 at line 1, column 8'\n"
    )


@pytest.mark.parametrize(
    "content",
    [
        "caf\xe9 = 1\n".encode("latin-1"),
        ("x = " + "[" * 5000 + "]" * 5000).encode(),
        ("x = " + "9" * 5000).encode(),
    ],
    ids=["latin-1", "nesting", "digits"],
)
def test_validate_on_a_hostile_tables_file_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    """Wmd validate on a non-UTF-8, deeply nested or long-number file gave a traceback."""
    tables = tmp_path / "t.toml"
    tables.write_bytes(content)
    assert main(["validate", str(tables)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("wmd: fout: ")
    assert captured.err.count("\n") == 1


def test_a_closed_pipe_ends_the_command_silently(sample: Path) -> None:
    """Piping into head ended with 'wmd: error: : Broken pipe'; now nothing is printed, exit 141."""
    command = [
        sys.executable,
        "-m",
        "wmd",
        "keyfigures",
        str(sample / "registry.csv"),
        "--year",
        "2012",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603 - our own command
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader goes away before wmd writes
    err = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert err == b""


def test_a_caller_context_that_traps_everything_changes_nothing() -> None:
    """With prec 4 and every signal trapped, amounts, rounding, splitting and formatting work alike."""
    expected = (
        allocate(Decimal(100000), [1, 2]),
        CENTS.round(Decimal("123456.785")),
        amount("1.234.567,89"),
        format_amount(Decimal("1234567.891"), decimals=2),
        format_percent(Decimal("0.123456")),
    )
    strict = decimal.Context(prec=4, traps=list(decimal.getcontext().flags))
    with decimal.localcontext(strict):
        got = (
            allocate(Decimal(100000), [1, 2]),
            CENTS.round(Decimal("123456.785")),
            amount("1.234.567,89"),
            format_amount(Decimal("1234567.891"), decimals=2),
            format_percent(Decimal("0.123456")),
        )
        assert _raised_flags(decimal.getcontext()) == []
    # 100000 split 1:2 is 33333.33 and 66666.67; 123456.785 half up is 123456.79
    assert (
        got
        == expected
        == (
            (Decimal("33333.33"), Decimal("66666.67")),
            Decimal("123456.79"),
            Decimal("1234567.89"),
            "1.234.567,89",
            "12,3%",
        )
    )


def test_rounding_within_the_limits_is_exact_however_many_places() -> None:
    """round_places(1E+20, 40) raised InvalidOperation (61 digits > the context's 60); now exact."""
    # 10^20 with 40 zeros after the point: 21 + 40 = 61 digits
    assert round_places(Decimal("1E+20"), 40) == Decimal(10**20)
    assert str(round_places(Decimal("1E+20"), 40)).count("0") == 60


# --- 4. round trips ---------------------------------------------------------------------


def test_an_empty_sector_catalog_is_refused_so_it_cannot_come_back_as_six() -> None:
    """Registry((), sectors=()) written as CSV came back with the six published sectors."""
    with pytest.raises(WmdError, match="sectors: expected at least one sector"):
        Registry((), sectors=())


def test_a_sector_needs_both_names_and_a_custom_catalog_round_trips() -> None:
    """A sector with an empty English name came back with its Dutch name; now it cannot be built."""
    with pytest.raises(InvalidInputError, match="name_en: expected the English name"):
        Sector("JZ", "Jeugdzorg", "")
    registry = Registry((), sectors=(Sector("JZ", "Jeugdzorg", "Youth care"),))
    buffer = io.StringIO()
    member_io.write_csv(registry, buffer)
    assert member_io.read_csv(io.StringIO(buffer.getvalue())) == registry
    assert member_io.from_json(member_io.to_json(registry)) == registry


def test_a_name_with_a_lone_surrogate_is_refused_where_it_comes_in() -> None:
    """A member name with a lone surrogate was accepted and broke to_csv with UnicodeEncodeError."""
    with pytest.raises(WmdError, match="lone surrogates"):
        Member("A", "Stichting \udcff", sectors=("LW",))
    with pytest.raises(WmdError, match="lone surrogates"):
        Sector("JZ", "Jeugdzorg", "Youth \udcff")


def test_validate_with_a_number_where_text_belongs_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The validate command on ``total = 5`` raised AttributeError: 'int' object has no attribute 'strip'."""
    tables = tmp_path / "t.toml"
    tables.write_text('[size_bands]\nrows = [["klein", "40%"]]\ntotal = 5\n', encoding="utf-8")
    assert main(["validate", str(tables)]) == 2
    err = capsys.readouterr().err
    # since the report audit (published): no traceback, one line
    assert err.startswith("wmd: fout: ")
    assert err.count("\n") == 1


def test_a_4301_digit_year_is_a_usage_error(
    sample: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--years of 4301 nines raised ValueError (int() digit limit) inside the command; now exit 2."""
    argv = _project(sample)
    argv[argv.index("2013-2014")] = "9" * 4301
    assert main(argv) == 2
    assert "--years: verwacht JAAR of JAAR-JAAR" in capsys.readouterr().err


def test_the_library_context_itself_stays_unflagged() -> None:
    """Calls that clamp or round leave wmd.money.CONTEXT's own flags clear (it is only ever copied)."""
    from wmd.money import CONTEXT, from_cents  # noqa: PLC0415 - the objects under test

    for value in (Decimal("0E+999999"), Decimal("0E-999999"), Decimal(9), Decimal(0)):
        for call in (
            lambda v=value: CENTS.round(v),
            lambda v=value: to_cents(v),
            lambda v=value: allocate(v, [1, 2]),
        ):
            with contextlib.suppress(WmdError):
                call()
    from_cents(0)
    assert not any(CONTEXT.flags.values())
