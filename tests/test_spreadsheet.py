"""An association's own member list: wmd.members.spreadsheet (Excel, Dutch CSV, own headers)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import attrs
import openpyxl
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wmd.cli import main
from wmd.errors import BadFileError
from wmd.members import EndReason, Member, Membership, Registry, YearFigures
from wmd.members.spreadsheet import BadSheetError, ColumnMap, read_sheet, write_sheet
from wmd.testing import registries

D = Decimal
date = pendulum.date

MAPPING = """\
[columns]
"Nr." = "id"
"Organisatie" = "name"
"KvK" = "kvk"
"Werkveld" = "sectors"
"Salarissen" = "wage_sum"
"Personeel" = "headcount"
"Formatie" = "fte"
"Begin" = "start"
"Einde" = "end"
"Contactpersoon" = "ignore"
"""

# The expected registry of both own-header files below (wide layout, 2011 and 2012).
EXPECTED = Registry(
    (
        Member(
            "1001",
            "Stichting Welzijn Noordoost",
            kvk="41234567",
            sectors=("LW", "PSZ"),
            figures=(
                YearFigures(2011, wage_sum=D("1250000"), headcount=30, fte=D("21.5")),
                YearFigures(2012, wage_sum=D("1234567.89"), headcount=29, fte=D("20.75")),
            ),
            spells=(Membership(date(2001, 1, 1)),),
        ),
        Member(
            "1002",
            "Maatschappelijk Werk Café Zuid",  # é: Windows-1252 in the CSV
            sectors=("MD",),
            figures=(YearFigures(2011, wage_sum=D("812000")),),
            spells=(Membership(date(2005, 7, 1), date(2013, 1, 1), EndReason.CANCELLATION),),
        ),
        Member(
            "1003",
            "Peuterspeelzalen De Kleine Reus",
            kvk="30123456",
            sectors=("PSZ",),
            figures=(YearFigures(2012, wage_sum=D("244557"), headcount=12, fte=D("8")),),
            spells=(Membership(date(2012, 3, 1)),),
        ),
    )
)

DUTCH_CSV = """\
Nr.;Organisatie;KvK;Werkveld;Salarissen 2011;Personeel 2011;Formatie 2011;Salarissen 2012;Personeel 2012;Formatie 2012;Begin;Einde;Contactpersoon
1001;Stichting Welzijn Noordoost;41234567;Lokaal welzijnswerk, PSZ;1.250.000;30;21,5;1.234.567,89;29;20,75;01-01-2001;;J. Jansen
1002;Maatschappelijk Werk Café Zuid;;MD;812.000;;;;;;1-7-2005;01-01-2013;
1003;Peuterspeelzalen De Kleine Reus;30123456;Peuterspeelzalen;;;;244.557;12;8;2012-03-01;;P. de Vries
"""


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    """The association's column mapping as a TOML file."""
    path = tmp_path / "kolommen.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def _assert_same(found: Registry, expected: Registry) -> None:
    assert [m.id for m in found] == [m.id for m in expected]
    for got, want in zip(found, expected, strict=True):
        assert got == want, got.id


def test_dutch_semicolon_csv_in_windows_1252_with_own_headers(
    tmp_path: Path, mapping_file: Path
) -> None:
    """A Dutch Excel CSV (;, decimal comma, dd-mm-jjjj, cp1252) with a mapping file reads member by member."""
    path = tmp_path / "leden.csv"
    path.write_bytes(DUTCH_CSV.replace("\n", "\r\n").encode("cp1252"))
    _assert_same(read_sheet(path, mapping=mapping_file), EXPECTED)


def test_utf8_csv_with_bom_reads_the_same(tmp_path: Path, mapping_file: Path) -> None:
    """The same file saved as UTF-8 with a byte-order mark gives the same registry."""
    path = tmp_path / "leden.csv"
    path.write_bytes(b"\xef\xbb\xbf" + DUTCH_CSV.encode("utf-8"))
    _assert_same(read_sheet(path, mapping=mapping_file), EXPECTED)


def _write_own_xlsx(path: Path) -> None:
    """The member list as an association keeps it in Excel: numbers and dates typed."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    header = DUTCH_CSV.splitlines()[0].split(";")
    sheet.append(header)
    sheet.append(
        [
            1001,
            "Stichting Welzijn Noordoost",
            41234567,
            "LW; PSZ",
            1250000,
            30,
            21.5,
            1234567.89,
            29,
            20.75,
            pendulum.datetime(2001, 1, 1).naive(),
            None,
            "J. Jansen",
        ]
    )
    sheet.append(
        [
            1002,
            "Maatschappelijk Werk Café Zuid",
            None,
            "Maatschappelijke Dienstverlening",
            812000,
            None,
            None,
            None,
            None,
            None,
            "01-07-2005",
            "01-01-2013",
            None,
        ]
    )
    sheet.append(
        [
            "1003",
            "Peuterspeelzalen De Kleine Reus",
            "30123456",
            "Playgroups",
            None,
            None,
            None,
            244557,
            12,
            8,
            pendulum.date(2012, 3, 1),
            None,
            "P. de Vries",
        ]
    )
    book.save(path)


def test_xlsx_with_own_headers_and_a_mapping_file(tmp_path: Path, mapping_file: Path) -> None:
    """An .xlsx with typed cells, own headers and a mapping file reads member by member."""
    path = tmp_path / "leden.xlsx"
    _write_own_xlsx(path)
    _assert_same(read_sheet(path, mapping=mapping_file), EXPECTED)


def test_long_layout_with_a_year_column() -> None:
    """A row per member-year (Jaar column) gives one member with both years' figures."""
    text = (
        "Lidnummer,Naam,Deelsector,Jaar,Loonsom,Fte,Lid sinds\n"
        "A1,Stichting A,LW,2011,1000.50,2.5,2001-01-01\n"
        "A1,Stichting A,LW,2012,900,2,2001-01-01\n"
    )
    (member,) = read_sheet(io.StringIO(text))
    assert member.figures == (
        YearFigures(2011, wage_sum=D("1000.50"), fte=D("2.5")),
        YearFigures(2012, wage_sum=D(900), fte=D(2)),
    )


BAD_CSV = """\
Lidnummer;Naam;Deelsector;Loonsom 2012;Fte 2012;Lid sinds
1;Stichting Datum;LW;100;;30-02-2013
2;Stichting Punten;LW;2.44.557;;01-01-2001
3;Stichting Min;LW;-5.000;;01-01-2001
;Stichting Zonder Nummer;LW;100;;01-01-2001
5;Stichting Eerste;LW;100;;01-01-2001
5;Stichting Dubbel;LW;100;;01-01-2001
7;Stichting Formule;LW;=1+1;;01-01-2001
8;Stichting Onbekend;JZ;100;;01-01-2001
9;Stichting Kort;LW
10;Stichting Alles Mis;XX;-1;x;1-13-2012
"""

BAD_REPORT_EN = """\
{path}: 12 problem(s), nothing loaded:
  line 2, column 'Lid sinds': found '30-02-2013', expected an existing date as jjjj-mm-dd or dd-mm-jjjj
  line 3, column 'Loonsom 2012': found '2.44.557', expected a number in dutch notation (1.234.567,89)
  line 4, column 'Loonsom 2012': found '-5.000', expected an amount >= 0 in whole cents (at most two decimals)
  line 5, column 'Lidnummer': expected a non-empty id of letters, digits, -_.:/
  line 7, column 'Lidnummer': found '5', expected each member id once (also on line 6)
  line 8, column 'Loonsom 2012': found '=1+1', expected a number in dutch notation (1.234.567,89)
  line 9, column 'Deelsector': found 'JZ', expected known sector codes or names (AT, KS, LW, MD, MO, PSZ)
  line 10: found '3 cells', expected 6 cells, one per header
  line 11, column 'Deelsector': found 'XX', expected known sector codes or names (AT, KS, LW, MD, MO, PSZ)
  line 11, column 'Loonsom 2012': found '-1', expected an amount >= 0 in whole cents (at most two decimals)
  line 11, column 'Fte 2012': found 'x', expected a number in dutch notation (1.234.567,89)
  line 11, column 'Lid sinds': found '1-13-2012', expected an existing date as jjjj-mm-dd or dd-mm-jjjj"""


def test_one_of_each_bad_input_is_reported_line_by_line(tmp_path: Path) -> None:
    """Every bad cell of every row is reported on its spreadsheet line with its header; nothing loads."""
    path = tmp_path / "leden.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    with pytest.raises(BadSheetError) as caught:
        read_sheet(path)
    # The header is line 1, so the first member is line 2.
    assert str(caught.value).splitlines() == BAD_REPORT_EN.format(path=path).splitlines()
    assert isinstance(caught.value, BadFileError)
    dutch = caught.value.report("nl").splitlines()
    assert dutch[0] == f"{path}: 12 probleem/problemen, niets ingelezen:"
    assert (
        dutch[4]
        == "  regel 5, kolom 'Lidnummer': verwacht een lidnummer van letters, cijfers en -_.:/"
    )
    assert dutch[5] == (
        "  regel 7, kolom 'Lidnummer': gevonden '5', verwacht elk lidnummer één keer (ook op regel 6)"
    )


def test_lenient_reading_loads_the_good_rows_and_returns_the_problems(tmp_path: Path) -> None:
    """strict=False loads the good rows only, next to the same problems."""
    path = tmp_path / "leden.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    registry, problems = read_sheet(path, strict=False)
    # Only line 6 (member 5, first occurrence) is good; line 7 repeats its id.
    assert [m.id for m in registry] == ["5"]
    assert [p.line for p in problems] == [2, 3, 4, 5, 7, 8, 9, 10, 11, 11, 11, 11]


def test_a_formula_in_an_xlsx_is_refused_not_its_cached_value_read(tmp_path: Path) -> None:
    """A formula cell in an .xlsx is refused with its line, letter and header."""
    path = tmp_path / "leden.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Lidnummer", "Naam", "Deelsector", "Loonsom 2012"])
    sheet.append(["A1", "Stichting A", "LW", "=1+1"])
    book.save(path)
    with pytest.raises(BadSheetError) as caught:
        read_sheet(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.letter, problem.column, problem.found) == (
        2,
        "D",
        "Loonsom 2012",
        "=1+1",
    )
    assert "not a formula" in problem.expected


def test_an_xlsx_text_that_looks_like_a_formula_is_text(tmp_path: Path) -> None:
    """A text cell '=1+1' in an .xlsx (as write_sheet stores it) is read as that text, not refused."""
    registry = Registry((Member("A1", "=1+1", sectors=("LW",)),))
    path = tmp_path / "leden.xlsx"
    write_sheet(registry, path)
    assert read_sheet(path) == registry


def test_a_number_beyond_the_limits_is_a_problem_on_its_line(tmp_path: Path) -> None:
    """A wage sum beyond 10^15 euros, in CSV text or an .xlsx number, is reported, not dropped or raised."""
    text = "Lidnummer;Naam;Deelsector;Loonsom 2012;Fte 2012\n1;A;LW;" + "1" * 50 + ";1\n"
    with pytest.raises(BadSheetError) as caught:
        read_sheet(io.StringIO(text))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, "Loonsom 2012")
    assert "10^15" in problem.expected
    path = tmp_path / "leden.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Lidnummer", "Naam", "Deelsector", "Loonsom 2012", "Fte 2012"])
    sheet.append(["A1", "Stichting A", "LW", 1e20, 1])
    book.save(path)
    with pytest.raises(BadSheetError) as caught:
        read_sheet(path)
    assert [(p.line, p.letter) for p in caught.value.problems] == [(2, "D")]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, r"leden.csv: 1 problem\(s\), nothing loaded:\n  expected an existing file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "holds binary data"),
        ("Lidnummer;Naam\n1;A\n".encode("utf-16"), "UTF-16"),
        (b"Lidnummer;Naam;Deelsector\n1;Caf\x81;LW\n", "neither"),
        (b"PK\x03\x04 not really a zip", "an .xlsx workbook"),
        (b"", "the file is empty"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_error_naming_the_path(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    """A missing, binary, UTF-16, non-cp1252, broken-zip or empty file is one clear error."""
    path = tmp_path / "leden.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BadSheetError, match=expected) as caught:
        read_sheet(path)
    assert len(caught.value.problems) == 1
    assert str(caught.value).startswith(str(path) if content is not None else "")


def test_unknown_and_missing_headers_are_reported_on_line_1() -> None:
    """A header wmd does not know, and a required field without a column, are line-1 problems."""
    with pytest.raises(BadSheetError) as caught:
        read_sheet(io.StringIO("Lidnummer;Naamm;Deelsector\n1;A;LW\n"))
    assert [(p.line, p.column) for p in caught.value.problems] == [(1, "Naamm"), (1, "")]
    assert "the field name" in caught.value.problems[1].expected_in()


def test_mapping_as_a_dict_and_an_unknown_field_in_it() -> None:
    """A dict maps own headers; a mapping to a field that does not exist is refused."""
    text = "Nr,Wie,Veld\nA1,Stichting A,LW\n"
    (member,) = read_sheet(
        io.StringIO(text), mapping={"Nr": "id", "Wie": "name", "Veld": "sectors"}
    )
    assert (member.id, member.name, member.sectors) == ("A1", "Stichting A", ("LW",))
    with pytest.raises(Exception, match="mapping"):
        ColumnMap({"Nr": "lidnummer"})


def _one_spell(member: Member) -> Member:
    return attrs.evolve(
        member,
        name=" ".join(member.name.split()) or "Stichting",
        sector_split=None,
        spells=member.spells[:1],
        # A year whose figures are all unknown is an empty column group: not written.
        figures=tuple(f for f in member.figures if (f.wage_sum, f.headcount, f.fte) != (None,) * 3),
    )


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(registries(max_members=4), st.sampled_from(["dutch", "plain", "xlsx"]))
def test_writing_then_reading_gives_the_same_registry(
    tmp_path: Path, registry: Registry, how: str
) -> None:
    """write_sheet then read_sheet is lossless for what the wide layout holds (one spell, no split)."""
    members = tuple(_one_spell(m) for m in registry)
    names_ok = all(ch.isprintable() for m in members for ch in m.name)
    registry = Registry(members, sectors=registry.sectors) if names_ok else Registry(())
    path = tmp_path / ("leden.xlsx" if how == "xlsx" else "leden.csv")
    write_sheet(registry, path, notation="plain" if how == "plain" else "dutch")
    assert read_sheet(path) == registry


def test_cli_reads_an_own_xlsx_with_a_mapping(
    tmp_path: Path, mapping_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`wmd keyfigures leden.xlsx --mapping kolommen.toml --year 2012` prints the wage sum total."""
    path = tmp_path / "leden.xlsx"
    _write_own_xlsx(path)
    status = main(["keyfigures", str(path), "--mapping", str(mapping_file), "--year", "2012"])
    # Members on 31-12-2012: 1001, 1002 (cancelled per 01-01-2013) and 1003.
    # 2012 wage sums: 1.234.567,89 + unknown + 244.557 = 1.479.124,89, shown as 1.479.125.
    assert status == 0
    assert "1.479.125" in capsys.readouterr().out


def test_cli_reports_a_bad_member_list_in_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad member list makes the CLI exit 2 with every problem on its line, in Dutch."""
    path = tmp_path / "leden.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    assert main(["keyfigures", str(path), "--year", "2012"]) == 2
    err = capsys.readouterr().err
    assert "regel 2, kolom 'Lid sinds': gevonden '30-02-2013'" in err


def test_rules_across_members_are_reported_on_the_member_line() -> None:
    """A successor not in the file and a KvK number held twice at once land on their lines."""
    text = (
        "Lidnummer,Naam,KvK-nummer,Deelsector,Lid sinds,Opgezegd per,Reden einde,Opvolger\n"
        "A,Stichting A,41234567,LW,2001-01-01,,,\n"
        "B,Stichting B,41234567,LW,2005-01-01,,,\n"
        "C,Stichting C,,MD,2005-01-01,2012-01-01,merger,Z\n"
    )
    with pytest.raises(BadSheetError) as caught:
        read_sheet(io.StringIO(text))
    assert [(p.line, p.column, p.found) for p in caught.value.problems] == [
        (3, "KvK-nummer", "41234567"),
        (4, "Opvolger", "Z"),
    ]


def test_a_huge_cell_is_one_problem_not_a_crash() -> None:
    """A cell beyond the text limit is reported (shortened) instead of read."""
    text = "Lidnummer,Naam,Deelsector\nA1," + "x" * 20_000 + ",LW\n"
    with pytest.raises(BadSheetError) as caught:
        read_sheet(io.StringIO(text))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, "Naam")
    assert problem.found.endswith("(20000 characters)")
