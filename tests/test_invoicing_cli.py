"""The invoicing commands: wmd invoice, settle, sepa and journal on the user's own files."""

from __future__ import annotations

import csv
import pathlib

import pytest

from wmd.cli import main
from wmd.datasets import sample_registry, sample_schedule
from wmd.finance.invoicing import COLUMNS, Register

CREDITOR_TOML = """
name = "W&MD brancheorganisatie"
address = "Postbus 1"
postcode = "3500 AA"
city = "Utrecht"
vat_number = "NL004495445B01"
kvk = "12345678"
iban = "NL91ABNA0417164300"
bic = "ABNANL2A"
creditor_id = "NL57ZZZ999999999999"
"""


@pytest.fixture
def files(tmp_path: pathlib.Path) -> dict[str, str]:
    """A registry, the 2013 schedule, debtors (all by direct debit, CORE) and the creditor, as files."""
    registry = sample_registry()
    sample_registry().to_csv(tmp_path / "registry.csv")
    (tmp_path / "schedule-2013.toml").write_text(sample_schedule(2013).to_toml(), encoding="utf-8")
    with (tmp_path / "debtors.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for m in registry.members:
            writer.writerow(
                [
                    m.id,
                    m.name,
                    "Dorpsstraat 1",
                    "1234 AB",
                    "Oostermeer",
                    "NL",
                    "",
                    "NL91ABNA0417164300",
                    "ABNANL2A",
                    "direct_debit",
                    f"WMD-{m.id}",
                    "2012-11-01",
                    "CORE",
                    "",
                ]
            )
    (tmp_path / "creditor.toml").write_text(CREDITOR_TOML, encoding="utf-8")
    return {
        "registry": str(tmp_path / "registry.csv"),
        "schedule": str(tmp_path / "schedule-2013.toml"),
        "debtors": str(tmp_path / "debtors.csv"),
        "creditor": str(tmp_path / "creditor.toml"),
        "register": str(tmp_path / "register.sqlite"),
        "dir": str(tmp_path),
    }


def test_invoice_sepa_journal_on_the_users_files(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The invoice command issues 727 invoices once; sepa writes a CORE file; journal writes the year's lines."""
    invoice = [
        "invoice",
        files["registry"],
        files["schedule"],
        "--register",
        files["register"],
        "--date",
        "2013-01-15",
        "--no-explain",
    ]
    assert main(invoice) == 0
    assert "727 new, 0 settlements, 0 unchanged" in capsys.readouterr().out
    assert main(invoice) == 0
    assert "0 new, 0 settlements, 727 unchanged" in capsys.readouterr().out
    out = pathlib.Path(files["dir"]) / "sepa"
    assert (
        main(
            [
                "sepa",
                "--register",
                files["register"],
                "--debtors",
                files["debtors"],
                "--creditor",
                files["creditor"],
                "--collection-date",
                "2013-02-01",
                "--today",
                "2013-01-20",
                "--batch",
                "WMD-2013-01",
                "--out",
                str(out),
                "--record",
            ]
        )
        == 0
    )
    assert "WMD-2013-01-CORE.xml: 727 x, 2.793.188,46" in capsys.readouterr().out
    assert (out / "WMD-2013-01-CORE.xml").read_bytes().startswith(b"<?xml")
    with Register.open(files["register"]) as register:
        assert register.uncollected() == ()
    journal = pathlib.Path(files["dir"]) / "journal.csv"
    assert (
        main(["journal", "--register", files["register"], "--year", "2013", "--out", str(journal)])
        == 0
    )
    assert (
        "1454 lines; excl. VAT 2.793.188,46, VAT 0,00" in capsys.readouterr().out
    )  # 727 x (debtors + dues)


def test_invoice_writes_text_and_html(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """--out writes each invoice as text and HTML in the chosen language."""
    out = pathlib.Path(files["dir"]) / "invoices"
    assert (
        main(
            [
                "invoice",
                files["registry"],
                files["schedule"],
                "--register",
                files["register"],
                "--date",
                "2013-01-15",
                "--debtors",
                files["debtors"],
                "--creditor",
                files["creditor"],
                "--out",
                str(out),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    capsys.readouterr()
    text = (out / "2013-000001.txt").read_text(encoding="utf-8")
    assert text.startswith("Invoice 2013-000001")
    assert "will be collected by direct debit" in text
    assert (out / "2013-000001.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_input_is_one_error_and_exit_2(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A register file that is not a register and a past collection date: exit 2, one line on stderr, nothing written."""
    assert (
        main(
            [
                "journal",
                "--register",
                files["debtors"],
                "--year",
                "2013",
                "--out",
                files["dir"] + "/j.csv",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not an invoice register" in err
    assert not pathlib.Path(files["dir"], "j.csv").exists()
    Register.open(files["register"]).close()
    assert (
        main(
            [
                "sepa",
                "--register",
                files["register"],
                "--debtors",
                files["debtors"],
                "--creditor",
                files["creditor"],
                "--collection-date",
                "2013-01-01",
                "--today",
                "2013-01-20",
                "--batch",
                "B1",
                "--lang",
                "en",
            ]
        )
        == 2
    )
    assert "collection_date: expected today (2013-01-20) or later" in capsys.readouterr().err


def test_errors_are_dutch_by_default(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --lang en the one error line is in Dutch (wmd.cli.describe_error)."""
    Register.open(files["register"]).close()
    args = [
        "sepa",
        "--register",
        files["register"],
        "--debtors",
        files["debtors"],
        "--creditor",
        files["creditor"],
        "--collection-date",
        "2013-01-01",
        "--today",
        "2013-01-20",
        "--batch",
        "B1",
    ]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("wmd: fout: collection_date: verwacht")
    assert err.count("\n") == 1


def test_a_creditor_file_that_is_not_utf8_is_one_error(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A creditor file saved as Windows-1252 is refused by line and column, not with a traceback."""
    pathlib.Path(files["creditor"]).write_bytes('name = "Caf\u00e9"\n'.encode("cp1252"))
    Register.open(files["register"]).close()
    args = [
        "sepa",
        "--register",
        files["register"],
        "--debtors",
        files["debtors"],
        "--creditor",
        files["creditor"],
        "--collection-date",
        "2013-02-01",
        "--today",
        "2013-01-20",
        "--batch",
        "B1",
        "--lang",
        "en",
    ]
    assert main(args) == 2
    assert (
        "encoding: expected UTF-8 text, got 'byte 0xe9 at line 1, column 12'"
        in capsys.readouterr().err
    )


def test_a_member_without_billing_details_stops_invoice_before_issuing(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """With --debtors, a member of the roll missing from the debtors file is named and nothing is issued."""
    path = pathlib.Path(files["debtors"])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join(line for line in lines if not line.startswith("M0001;")) + "\n", encoding="utf-8"
    )
    assert (
        main(
            [
                "invoice",
                files["registry"],
                files["schedule"],
                "--register",
                files["register"],
                "--date",
                "2013-01-15",
                "--debtors",
                files["debtors"],
                "--no-explain",
                "--lang",
                "en",
            ]
        )
        == 2
    )
    assert "member M0001: debtor: expected a member with billing details" in capsys.readouterr().err
    with Register.open(files["register"]) as register:
        assert register.invoices() == ()
