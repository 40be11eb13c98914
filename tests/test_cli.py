"""The ``wmd`` command, run in-process through ``main(argv)``."""

from __future__ import annotations

import csv
import runpy
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from wmd.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files 'wmd sample' writes, once for the module."""
    target = tmp_path_factory.mktemp("sample")
    assert main(["sample", str(target)]) == 0
    return target


def test_demo_is_dutch_by_default_and_shows_published_next_to_recomputed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The demo prints Dutch tables with 849/765 members and the printed findings, and writes a chart."""
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Kerncijfers 2012: gepubliceerd en herberekend" in out
    assert "1.439.651.139" in out
    assert "2.44.557" in out  # the unreadable printed equity total is a finding
    assert "gedrukt 67; berekend 84; verschil -17" in out  # findings in Dutch too
    assert "printed value cannot be read" not in out
    assert (tmp_path / "wmd-demo-fan-chart.png").stat().st_size > 0
    assert str(tmp_path / "wmd-demo-fan-chart.png") in out


def test_demo_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang en switches headings and number notation to English."""
    assert main(["demo", "--lang", "en", "--no-plot"]) == 0
    out = capsys.readouterr().out
    assert "Key figures 2012: published and recomputed" in out
    assert "1,439,651,139" in out
    assert "Wrote" not in out


def test_python_dash_m_wmd_runs_the_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m wmd --version`` goes through wmd.cli.main."""
    monkeypatch.setattr(sys, "argv", ["wmd", "--version"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(ROOT / "src" / "wmd" / "__main__.py"), run_name="__main__")
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("wmd ")


def test_keyfigures_of_the_sample_csv(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Key figures from the CSV the sample command wrote: 765 members, 65.100 people, 502 in LW."""
    assert main(["keyfigures", str(sample_dir / "registry.csv"), "--year", "2012"]) == 0
    out = capsys.readouterr().out
    assert "765" in out
    assert "65100" in out
    assert "Lokaal welzijnswerk                  502" in out
    assert "bij begin 849" in out


def test_keyfigures_as_markdown(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format markdown gives Markdown tables."""
    argv = [
        "keyfigures",
        str(sample_dir / "registry.csv"),
        "--year",
        "2012",
        "--format",
        "markdown",
    ]
    assert main([*argv, "--lang", "en"]) == 0
    assert "| Local welfare work | 502 |" in capsys.readouterr().out


def test_roll_writes_one_safe_csv_row_per_member(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 2012 roll of the sample: 810 paying members (765 + 91 left - 46 gone on 1-1), total as calibrated."""
    out_csv = tmp_path / "roll.csv"
    argv = ["roll", str(sample_dir / "registry.csv"), str(sample_dir / "schedule-2012.toml")]
    assert main([*argv, "--out", str(out_csv)]) == 0
    with out_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # 849 at the end of 2011 - 46 cancelled on 1 January + 7 joined = 810 assessed
    assert len(rows) == 810
    assert sum(Decimal(row["due"]) for row in rows) == Decimal("2987055.04")
    # the sample's dues are outside VAT: everything exempt, the total including VAT the same
    assert sum(Decimal(row["exempt"]) for row in rows) == Decimal("2987055.04")
    assert sum(Decimal(row["including_vat"]) for row in rows) == Decimal("2987055.04")
    assert all(row["payer"] == row["member_id"] for row in rows)
    assert "2.987.055" in capsys.readouterr().out


def test_roll_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    """A member id that a spreadsheet would run as a formula is written with a quote in front."""
    registry = tmp_path / "r.csv"
    registry.write_text(
        "record,id,name,name_en,kvk,legal_form,sectors,sector_split,year,wage_sum,headcount,fte,start,end,end_reason,successor\n"
        "member,-A1,Stichting A,,,stichting,LW,,,,,,,,,\n"
        "figures,-A1,,,,,,,2011,100000,,,,,,\n"
        "spell,-A1,,,,,,,,,,,2000-01-01,,,\n",
        encoding="utf-8",
    )
    schedule = tmp_path / "s.toml"
    schedule.write_text(
        'year = 2012\n[formula]\nkind = "rate"\nrate = "0.002"\n[basis]\nyears_before = 1\n',
        encoding="utf-8",
    )
    out_csv = tmp_path / "roll.csv"
    assert main(["roll", str(registry), str(schedule), "--out", str(out_csv)]) == 0
    lines = out_csv.read_text(encoding="utf-8").splitlines()
    # 100.000 x 2 per mille = 200,00; no VAT: 0,00 taxable, 200,00 exempt, 200,00 including VAT
    assert lines[1] == "'-A1,Stichting A,'-A1,100000.00,200.00,1,200.00,0.00,200.00,0.00,200.00,no"


def test_project_prints_ranges_and_writes_a_fan_chart(
    sample_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The project command prints a row per projected year and writes the fan chart to --chart."""
    chart = tmp_path / "fan.png"
    argv = ["project", str(sample_dir / "registry.csv"), str(sample_dir / "schedule-2012.toml")]
    options = ["--years", "2013-2014", "--change", "-0.10", "--sd", "0", "--runs", "3"]
    assert main([*argv, *options, "--chart", str(chart), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2013" in out
    assert "2014" in out
    assert chart.stat().st_size > 0


def test_project_refuses_bad_years(sample_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--years that is not YEAR or YEAR-YEAR exits 2 with a message."""
    argv = ["project", str(sample_dir / "registry.csv"), str(sample_dir / "schedule-2012.toml")]
    assert main([*argv, "--years", "soon"]) == 2
    assert "--years" in capsys.readouterr().err


def test_validate_reports_the_printed_2012_problems(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Validating the printed 2012 tables exits 1 and lists the equity and sector-share problems."""
    assert main(["validate", str(sample_dir / "published-2012.toml"), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "2.44.557" in out
    # 1.166.884 + 966.584 = 2.133.468, printed 2.133.473
    assert "difference 5" in out
    assert "Kennisinstituten / steunfuncties: % of wage sum" in out


def test_validate_a_table_that_adds_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A consistent table gives no findings and exit status 0."""
    tables = tmp_path / "t.toml"
    tables.write_text(
        '[size_bands]\nrows = [["klein", "40%"], ["groot", "60%"]]\n'
        '[equity]\ncolumns = ["2012"]\nrows = [["A", "1.000"], ["B", "(250)"]]\ntotal = ["Totaal", "750"]\n',
        encoding="utf-8",
    )
    assert main(["validate", str(tables), "--lang", "en"]) == 0
    assert "No findings." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["keyfigures", "{dir}/missing.csv", "--year", "2012"], "missing.csv"),
        (["keyfigures", "{dir}/bad.csv", "--year", "2012"], "row 2, column 'wage_sum'"),
        (["roll", "{dir}/bad.csv", "{dir}/bad.toml"], "row 2, column 'wage_sum'"),
        (["validate", "{dir}/bad.toml"], "valid TOML"),
        (["validate", "{dir}/wrong.toml"], "sector_table.total: expected 5 cells"),
        (["keyfigures", "{dir}/good.csv", "--year", "1800"], "a year between 1900 and 2200"),
    ],
)
def test_bad_files_give_a_message_on_stderr_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """A file that cannot be read is reported by name, row and column on stderr, with exit status 2."""
    header = "record,id,name,name_en,kvk,legal_form,sectors,sector_split,year,wage_sum,headcount,fte,start,end,end_reason,successor\n"
    (tmp_path / "bad.csv").write_text(
        header
        + "member,A,Stichting A,,,stichting,LW,,,,,,,,,\nfigures,A,,,,,,,2012,86.500,,,,,,\n",
        encoding="utf-8",
    )
    (tmp_path / "good.csv").write_text(
        header + "member,A,Stichting A,,,stichting,LW,,,,,,,,,\n", encoding="utf-8"
    )
    (tmp_path / "bad.toml").write_text("year = \n", encoding="utf-8")
    (tmp_path / "wrong.toml").write_text("[sector_table]\nrows = []\n", encoding="utf-8")
    assert main([*(a.format(dir=tmp_path) for a in argv), "--lang", "en"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("wmd: error: ")
    assert message in captured.err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """--help names each subcommand with a one-line description."""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "sample", "keyfigures", "roll", "project", "validate"):
        assert command in out


def test_every_cli_sentence_has_a_dutch_translation() -> None:
    """Each sentence of the demo and the commands is translated in the message catalog."""
    from wmd.cli import _TEXT  # noqa: PLC0415 - the private table under test
    from wmd.i18n import label  # noqa: PLC0415

    untranslated = [text for text in _TEXT.values() if label(text, "nl") == text]
    assert untranslated == []


def test_roll_csv_has_vat_columns_in_cents_and_the_payer(tmp_path: Path) -> None:
    """The roll CSV gives taxable, exempt, VAT (to the cent) and the total including VAT per member."""
    registry = tmp_path / "r.csv"
    registry.write_text(
        "record,id,name,name_en,kvk,legal_form,sectors,sector_split,year,wage_sum,headcount,fte,start,end,end_reason,successor\n"
        "member,A,Stichting A,,,stichting,LW,,,,,,,,,\n"
        "spell,A,,,,,,,,,,,2000-01-01,,,\n",
        encoding="utf-8",
    )
    schedule = tmp_path / "s.toml"
    schedule.write_text(
        'year = 2012\n[formula]\nkind = "fixed"\namount = "520"\n'
        '[rounding]\nquantum = "1"\n[vat]\nshare = "0.2"\nrate = "0.21"\n',
        encoding="utf-8",
    )
    out_csv = tmp_path / "roll.csv"
    assert main(["roll", str(registry), str(schedule), "--out", str(out_csv)]) == 0
    with out_csv.open(encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    # 520,00 whole euros; 20% = 104,00 taxable, 416,00 exempt; 21% of 104,00 = 21,84 VAT
    assert (row["due"], row["taxable"], row["exempt"], row["vat"], row["including_vat"]) == (
        "520.00",
        "104.00",
        "416.00",
        "21.84",
        "541.84",
    )
    assert row["payer"] == "A"
    assert row["name"] == "Stichting A"


def test_project_with_a_budget_prints_the_chance_and_the_rate_needed(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--budget adds, per year, the chance of meeting it and the published rate for the mean and for --chance."""
    argv = ["project", str(sample_dir / "registry.csv"), str(sample_dir / "schedule-2012.toml")]
    options = ["--years", "2013-2014", "--change=-10%", "--sd", "5%", "--runs", "40"]
    assert main([*argv, *options, "--budget", "2.756.000", "--chance", "80%"]) == 0
    out = capsys.readouterr().out
    assert "kans de begroting te halen >= 80%" in out
    assert "tarief voor 80%" in out
    row_2013 = next(line for line in out.splitlines() if line.startswith("2013   2.756.000"))
    assert row_2013.count("‰") == 2  # the rate for the mean and for the chance, per mille


def test_solve_prints_the_lowest_published_rate_reaching_the_target(
    sample_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Wmd solve: the 2012 sample schedule needs 1,96 per mille for 2.756.000 (1,95 falls short)."""
    argv = ["solve", str(sample_dir / "registry.csv"), str(sample_dir / "schedule-2012.toml")]
    assert main([*argv, "--target", "2756000", "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Rate 2012: 1.96‰"
    assert out[2] == "Target: 2,756,000.00"
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--target", "2756000", "--step", "0"])
    assert stop.value.code == 2
    assert "--step" in capsys.readouterr().err
