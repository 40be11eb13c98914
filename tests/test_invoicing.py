"""Invoicing: debtors, drafts, the register on SQLite and PostgreSQL, SEPA pain.008, journal lines."""

from __future__ import annotations

import io
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wmd.datasets import sample_registry, sample_schedule
from wmd.errors import BadFileError, InvalidInputError
from wmd.finance.invoicing import (
    PAIN_VERSION,
    Accounts,
    Creditor,
    Debtor,
    Debtors,
    Draft,
    InvoiceKind,
    Mandate,
    Register,
    RegisterError,
    direct_debit,
    draft_invoices,
    journal_lines,
    read_debtors_csv,
    write_journal_csv,
)
from wmd.finance.invoicing.register import _tables
from wmd.members import Registry

PG_URL = os.environ.get("WMD_TEST_POSTGRES_URL")
ON_CI = os.environ.get("CI", "").lower() == "true"
DAY = pendulum.date(2013, 1, 15)
CREDITOR = Creditor(
    "W&MD brancheorganisatie",
    "Postbus 1",
    "3500 AA",
    "Utrecht",
    "NL004495445B01",
    "12345678",
    "NL91ABNA0417164300",
    "ABNANL2A",
    "NL57ZZZ999999999999",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: pathlib.Path) -> Iterator[str]:
    """A fresh, empty register location: a real SQLite file, or a real PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "register.sqlite")
        return
    if PG_URL is None:
        if ON_CI:
            pytest.fail(
                "CI=true but WMD_TEST_POSTGRES_URL is not set: .ci/run must start PostgreSQL"
            )
        pytest.skip("WMD_TEST_POSTGRES_URL not set (bash .ci/postgres start)")
    import sqlalchemy as sa  # noqa: PLC0415 - only with a server

    engine = sa.create_engine(PG_URL)
    meta, _t = _tables()
    with engine.begin() as conn:
        meta.drop_all(conn)
    engine.dispose()
    yield PG_URL
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        meta.drop_all(conn)
    engine.dispose()


@pytest.fixture(scope="module")
def drafts_2013() -> tuple[Draft, ...]:
    """The sample's 2013 drafts, without explanations (fast)."""
    registry = sample_registry()
    return draft_invoices(sample_schedule(2013).roll(registry), registry, explain=False)


def _debtors(drafts: tuple[Draft, ...]) -> Debtors:
    """Every third member pays by transfer; the others by direct debit, a third of them B2B."""
    debtors = []
    for k, d in enumerate(drafts):
        transfer = k % 3 == 2
        debtors.append(
            Debtor(
                d.member_id,
                f"Stichting {d.member_id}",
                "Dorpsstraat 1",
                "1234 AB",
                "Oostermeer",
                iban="NL91ABNA0417164300",
                bic="ABNANL2A",
                payment="transfer" if transfer else "direct_debit",
                mandate=None
                if transfer
                else Mandate(f"WMD-{d.member_id}", "2012-11-01", "B2B" if k % 3 == 1 else "CORE"),
            )
        )
    return Debtors.of(debtors)


def _numbers(register: Register) -> list[int]:
    return [int(i.number.split("-")[1]) for i in register.invoices(year=2013)]


# -- issuing ---------------------------------------------------------------------------------


def test_issuing_the_2013_roll_twice_issues_nothing_new(
    target: str, drafts_2013: tuple[Draft, ...]
) -> None:
    """The second issue of the same roll issues nothing; numbers run 1..727 without gaps."""
    with Register.open(target) as register:
        first = register.issue(drafts_2013, invoice_date=DAY)
        again = register.issue(drafts_2013, invoice_date=DAY.add(days=1))
        assert len(first.issued) == 727
        assert again.issued == ()
        assert len(again.unchanged) == 727
        assert _numbers(register) == list(range(1, 728))
        excl, vat, incl = register.totals(2013)
    roll = sample_schedule(2013).roll(sample_registry())
    assert excl == roll.total == incl
    assert vat == 0
    assert first.issued[0].kind is InvoiceKind.INVOICE
    assert first.issued[0].due_date == pendulum.date(2013, 2, 14)  # 15 January + 30 days


def _with_wage_sums(registry: Registry, changes: dict[str, str]) -> Registry:
    members = []
    for m in registry.members:
        if m.id in changes:
            figures = tuple(
                attrs.evolve(f, wage_sum=Decimal(changes[m.id])) if f.year == 2012 else f
                for f in m.figures
            )
            m = attrs.evolve(m, figures=figures)  # noqa: PLW2901 - the changed member
        members.append(m)
    return Registry(tuple(members), sectors=registry.sectors)


def test_a_changed_wage_sum_becomes_a_settlement_naming_the_invoice(target: str) -> None:
    """Three members' wage sums change: two settlements and a credit note, each naming the first invoice."""
    registry = sample_registry()
    schedule = sample_schedule(2013)
    with Register.open(target) as register:
        register.issue(
            draft_invoices(schedule.roll(registry), registry, explain=False), invoice_date=DAY
        )
        first = {i.member_id: i.number for i in register.invoices(year=2013)}
        changed = _with_wage_sums(
            registry, {"M0002": "1200000.00", "M0003": "100000.00", "M0005": "12000000.00"}
        )
        result = register.issue(
            draft_invoices(schedule.roll(changed), changed), invoice_date=pendulum.date(2013, 6, 1)
        )
        assert len(register.invoices(year=2013)) == 730
    # rate 0,2162388% of the 2012 wage sum, minimum 250, maximum 25.000:
    # M0002: 1.067.310,43 -> 2.307,94; 1.200.000,00 x 0,002162388 = 2.594,8656 -> 2.594,87; +286,93
    # M0003:   211.909,31 ->   458,23;   100.000,00 x 0,002162388 =   216,24 < minimum 250,00; -208,23
    # M0005: 8.127.681,72 -> 17.575,20; 12.000.000,00 x 0,002162388 = 25.948,66 > maximum 25.000,00; +7.424,80
    by_member = {i.member_id: i for i in result.issued}
    assert sorted(by_member) == ["M0002", "M0003", "M0005"]
    assert len(result.unchanged) == 724
    assert by_member["M0002"].total_incl == Decimal("286.93")
    assert by_member["M0003"].total_incl == Decimal("-208.23")
    assert by_member["M0005"].total_incl == Decimal("7424.80")
    assert by_member["M0002"].kind is InvoiceKind.SETTLEMENT
    assert by_member["M0003"].kind is InvoiceKind.CREDIT_NOTE
    for mid, inv in by_member.items():
        assert inv.corrects == first[mid]
        assert [line.code for line in inv.lines] == ["dues"]
    assert [i.number for i in result.issued] == ["2013-000728", "2013-000729", "2013-000730"]
    text = by_member["M0003"].render_text(
        Debtor("M0003", "Stichting Drie", "Kerkplein 3", "1234 AB", "Oostermeer"), CREDITOR, "nl"
    )
    assert "Creditnota 2013-000729" in text
    assert f"corrigeert factuur: {first['M0003']}" in text
    assert "-208,23" in text
    assert "minimum € 250,00 toegepast" in text.replace("\xa0", " ")
    assert (
        "eerder gefactureerd € 458,23, nu verschuldigd € 250,00, verschil € -208,23 (incl. btw)"
        in (text.replace("\xa0", " "))
    )


def test_a_batch_with_two_drafts_for_one_member_writes_nothing(
    target: str, drafts_2013: tuple[Draft, ...]
) -> None:
    """Two drafts for one member and year are refused before anything is written."""
    with Register.open(target) as register:
        with pytest.raises(InvalidInputError, match="member M0001, 2013: drafts"):
            register.issue((*drafts_2013, drafts_2013[0]), invoice_date=DAY)
        assert register.invoices() == ()


_ISSUER = textwrap.dedent(
    """
    import sys, time, pendulum
    from wmd.datasets import sample_registry, sample_schedule
    from wmd.finance.invoicing import Register, draft_invoices
    target, part, pause = sys.argv[1], sys.argv[2], float(sys.argv[3])
    registry = sample_registry()
    drafts = draft_invoices(sample_schedule(2013).roll(registry), registry, explain=False)
    if part != "all":
        drafts = drafts[int(part)::2]
    def progress(done, total):
        print("written", done, total, flush=True)
        time.sleep(pause)
    with Register.open(target) as register:
        print("ready", flush=True)
        sys.stdin.readline()
        result = register.issue(drafts, invoice_date=pendulum.date(2013, 1, 15), progress=progress)
        print("issued", len(result.issued), flush=True)
    """
)


def _issuer(target: str, part: str, pause: float) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _ISSUER, target, part, str(pause)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_a_process_killed_mid_batch_leaves_the_register_unchanged(
    target: str, drafts_2013: tuple[Draft, ...]
) -> None:
    """SIGKILL after the rows are written but before the commit: nothing issued; issuing again completes."""
    Register.open(target).close()
    proc = _issuer(target, "all", 60)
    assert proc.stdin is not None
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.stdin.write("\n")
    proc.stdin.flush()
    assert proc.stdout.readline().startswith("written 727")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdin.close()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with Register.open(target) as register:
        assert register.invoices() == ()
        again = register.issue(drafts_2013, invoice_date=DAY)
        assert len(again.issued) == 727
        assert _numbers(register) == list(range(1, 728))


def test_two_concurrent_issuers_get_distinct_gapless_numbers(target: str) -> None:
    """Two processes issue halves of the roll at once: 727 invoices numbered 1..727, one per member."""
    Register.open(target).close()
    procs = [_issuer(target, part, 0.2) for part in ("0", "1")]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:  # release both at once
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
    outputs = [proc.communicate(timeout=240)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    assert sorted(out.strip().splitlines()[-1] for out in outputs) == ["issued 363", "issued 364"]
    with Register.open(target) as register:
        invoices = register.invoices(year=2013)
    assert sorted(_n(i.number) for i in invoices) == list(range(1, 728))
    assert len({i.member_id for i in invoices}) == 727


def test_two_processes_issuing_the_same_roll_at_once_issue_it_once(target: str) -> None:
    """Both issue the whole roll at once: one issues 727, the other nothing (it waits for the series lock)."""
    Register.open(target).close()
    procs = [_issuer(target, "all", 0) for _ in range(2)]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
    outputs = [proc.communicate(timeout=240)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0]
    assert sorted(out.strip().splitlines()[-1] for out in outputs) == ["issued 0", "issued 727"]
    with Register.open(target) as register:
        assert [_n(i.number) for i in register.invoices(year=2013)] == list(range(1, 728))


def _n(number: str) -> int:
    return int(number.split("-")[1])


# -- the register file -------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused(tmp_path: pathlib.Path) -> None:
    """A text file is not a register: a RegisterError names the file, and the file is untouched."""
    path = tmp_path / "members.csv"
    path.write_text("id,name\nM1,Een\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"members\.csv: not an invoice register"):
        Register.open(path)
    assert path.read_text(encoding="utf-8") == "id,name\nM1,Een\n"


def test_a_database_of_another_app_is_refused(tmp_path: pathlib.Path) -> None:
    """A SQLite file with other tables is not a register and gets no tables added."""
    import sqlite3  # noqa: PLC0415

    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.close()
    with pytest.raises(
        RegisterError, match=r"not an invoice register \(it has tables \['customers'\]"
    ):
        Register.open(path)
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    conn.close()
    assert tables == ["customers"]


def test_a_register_of_a_newer_schema_is_refused(target: str) -> None:
    """A register written by a later release (schema version 2) is refused, not misread."""
    import sqlalchemy as sa  # noqa: PLC0415

    with Register.open(target) as register:
        assert register.schema_version == 1
        with register.transaction() as conn:
            conn.execute(
                sa.text("UPDATE wmd_register SET value = '2' WHERE key = 'schema_version'")
            )
    with pytest.raises(RegisterError, match="schema version 2 is newer than this wmd reads"):
        Register.open(target)


def test_opening_without_create_refuses_a_missing_file(tmp_path: pathlib.Path) -> None:
    """create=False does not make a register where there is none."""
    with pytest.raises(RegisterError, match="no such register"):
        Register.open(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()


# -- SEPA ----------------------------------------------------------------------------------------


def _xsd_valid(xml: bytes) -> None:
    import sepaxml  # noqa: PLC0415
    import xmlschema  # noqa: PLC0415

    schema = pathlib.Path(sepaxml.__file__).parent / "schemas" / f"{PAIN_VERSION}.xsd"
    xmlschema.XMLSchema(str(schema)).validate(xml.decode())


def test_pain008_is_valid_and_its_control_sum_is_the_open_invoices(
    target: str, drafts_2013: tuple[Draft, ...]
) -> None:
    """Each file validates against the pain.008.001.02 XSD; control sums add up to the open direct-debit invoices."""
    debtors = _debtors(drafts_2013)
    with Register.open(target) as register:
        register.issue(drafts_2013, invoice_date=DAY)
        run = direct_debit(
            register,
            debtors,
            CREDITOR,
            collection_date=pendulum.date(2013, 2, 1),
            today=DAY,
            batch="WMD-2013-01",
        )
        open_dd = sum(
            (
                i.total_incl
                for i in register.uncollected(year=2013)
                if debtors[i.member_id].collectable is None
            ),
            Decimal("0.00"),
        )
        for f in run.files:
            _xsd_valid(f.xml)
            text = f.xml.decode()
            assert f"<CtrlSum>{f.control_sum}</CtrlSum>" in text
            assert f"<NbOfTxs>{len(f.payments)}</NbOfTxs>" in text
            assert f"<LclInstrm><Cd>{f.scheme.value}</Cd></LclInstrm>" in text
            assert "<SeqTp>FRST</SeqTp>" in text
        assert run.control_sum == open_dd
        assert sorted(f.scheme.value for f in run.files) == ["B2B", "CORE"]
        # every third of the 727 members pays by transfer: 242 listed with the reason
        assert len(run.skipped) == 242
        assert {reason for _m, reason, _a in run.skipped} == {"pays by transfer"}
        run.record(register)
        assert {i.member_id for i in register.uncollected()} == {m for m, _r, _a in run.skipped}
        # the next year's collection under the same mandates is recurrent
        # 2014 on an estimate (the 2013 wage sums are not in): provisional invoices
        schedule_2014 = sample_schedule(2014)
        schedule_2014 = attrs.evolve(
            schedule_2014, basis=attrs.evolve(schedule_2014.basis, missing="estimate")
        )
        drafts_2014 = draft_invoices(
            schedule_2014.roll(sample_registry()), sample_registry(), explain=False
        )
        issued_2014 = register.issue(drafts_2014, invoice_date=pendulum.date(2014, 1, 15)).issued
        assert {i.kind for i in issued_2014} == {InvoiceKind.PROVISIONAL}
        later = direct_debit(
            register,
            _debtors(drafts_2013),
            CREDITOR,
            collection_date=pendulum.date(2014, 2, 1),
            today=pendulum.date(2014, 1, 20),
            batch="WMD-2014-01",
            year=2014,
        )
        for f in later.files:
            _xsd_valid(f.xml)
            assert "<SeqTp>FRST</SeqTp>" not in f.xml.decode()


def test_a_mandate_signed_after_the_collection_date_is_refused(
    tmp_path: pathlib.Path, drafts_2013: tuple[Draft, ...]
) -> None:
    """A mandate signed after the collection date names member and field; nothing is recorded."""
    first = drafts_2013[0]
    debtors = Debtors.of(
        [
            Debtor(
                first.member_id,
                "Stichting",
                "Straat 1",
                "1234 AB",
                "Plaats",
                iban="NL91ABNA0417164300",
                payment="direct_debit",
                mandate=Mandate("WMD-1", "2013-03-01"),
            )
        ]
    )
    with Register.open(tmp_path / "r.sqlite") as register:
        register.issue(drafts_2013[:1], invoice_date=DAY)
        with pytest.raises(InvalidInputError, match=f"member {first.member_id}: mandate_signed"):
            direct_debit(
                register,
                debtors,
                CREDITOR,
                collection_date=pendulum.date(2013, 2, 1),
                today=DAY,
                batch="B1",
            )
        assert len(register.uncollected()) == 1


def test_a_collection_date_in_the_past_is_refused(tmp_path: pathlib.Path) -> None:
    """A collection date before today is refused, naming the field."""
    with (
        Register.open(tmp_path / "r.sqlite") as register,
        pytest.raises(InvalidInputError, match="collection_date: expected today"),
    ):
        direct_debit(
            register,
            Debtors.of([]),
            CREDITOR,
            collection_date=pendulum.date(2013, 1, 1),
            today=DAY,
            batch="B1",
        )


def test_an_invoice_of_a_member_without_billing_details_is_refused(
    tmp_path: pathlib.Path, drafts_2013: tuple[Draft, ...]
) -> None:
    """SEPA needs each open invoice's debtor: a missing one names the member."""
    with Register.open(tmp_path / "r.sqlite") as register:
        register.issue(drafts_2013[:1], invoice_date=DAY)
        with pytest.raises(InvalidInputError, match="member M0001: debtor"):
            direct_debit(
                register,
                Debtors.of([]),
                CREDITOR,
                collection_date=pendulum.date(2013, 2, 1),
                today=DAY,
                batch="B1",
            )


# -- journal ----------------------------------------------------------------------------------------


def test_journal_lines_add_up_to_the_register_totals(target: str) -> None:
    """Per entry debits equal credits; over the year debtors, revenue and VAT equal the register's totals."""
    registry = sample_registry()
    schedule = attrs.evolve(
        sample_schedule(2013), vat=__import__("wmd").finance.dues.Vat(share=Decimal("0.3"))
    )
    with Register.open(target) as register:
        register.issue(
            draft_invoices(schedule.roll(registry), registry, explain=False), invoice_date=DAY
        )
        changed = _with_wage_sums(registry, {"M0002": "1200000.00", "M0003": "100000.00"})
        register.issue(
            draft_invoices(schedule.roll(changed), changed, explain=False),
            invoice_date=DAY.add(months=5),
        )
        excl, vat, incl = register.totals(2013)
        lines = journal_lines(
            register.invoices(year=2013), Accounts(debtors="1300", dues="8000", vat="1520")
        )
    assert vat > 0
    entries: dict[str, Decimal] = {}
    for x in lines:
        entries[x.entry] = entries.get(x.entry, Decimal(0)) + x.debit - x.credit
        assert x.debit >= 0
        assert x.credit >= 0
    assert set(entries.values()) == {Decimal(0)}

    def net(account: str) -> Decimal:
        return sum((x.debit - x.credit for x in lines if x.account == account), Decimal(0))

    assert net("1300") == incl
    assert -net("8000") == excl
    assert -net("1520") == vat
    out = io.StringIO()
    write_journal_csv(lines, out)
    assert out.getvalue().splitlines()[0] == "date,entry,account,member_id,description,debit,credit"
    assert len(out.getvalue().splitlines()) == len(lines) + 1


def test_journal_csv_is_formula_safe() -> None:
    """A member id that looks like a formula is written with a leading quote."""
    from wmd.finance.invoicing import Invoice, InvoiceLine  # noqa: PLC0415

    inv = Invoice(
        "2013-000001",
        "invoice",
        "=HYPERLINK(1)",
        2013,
        DAY,
        DAY,
        "RF13",
        (InvoiceLine("dues", "", 100, Decimal(0), 0, 0),),
    )
    out = io.StringIO()
    write_journal_csv(journal_lines([inv]), out)
    assert "'=HYPERLINK(1)" in out.getvalue()


# -- debtors and drafts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("iban", "NL91ABNA0417164301", "debtor M1: iban: expected a valid IBAN"),
        ("bic", "ABNANL", "debtor M1: bic: expected a valid BIC"),
        ("vat_number", "NL004495446B01", "debtor M1: vat_number: expected a valid EU VAT number"),
    ],
)
def test_a_bad_identifier_names_member_and_field(field: str, value: str, message: str) -> None:
    """An invalid IBAN, BIC or VAT number is refused, naming the member and the field."""
    with pytest.raises(InvalidInputError, match=message):
        Debtor("M1", "Stichting Een", "Straat 1", "1234 AB", "Plaats", **{field: value})  # type: ignore[arg-type]


def test_a_debtor_without_an_address_is_refused() -> None:
    """An empty address cannot be on an invoice."""
    with pytest.raises(InvalidInputError, match="debtor M1: address: expected a non-empty address"):
        Debtor("M1", "Stichting Een", " ", "1234 AB", "Plaats")


_HEADER = "member_id;name;address;postcode;city;country;vat_number;iban;bic;payment;mandate_reference;mandate_signed;scheme;mandate_kind"


def test_the_debtors_file_reports_every_bad_cell_by_line() -> None:
    """Bad cells on lines 3 and 4 (header is line 1) are all reported; nothing is loaded."""
    lines = [
        _HEADER,
        "M1;Stichting Een;Straat 1;1234 AB;Plaats;;;NL91ABNA0417164300;ABNANL2A;direct_debit;WMD-1;2012-11-01;B2B;",
        "M2;Stichting Twee;;1234 AB;Plaats;;NL004495446B01;NL91ABNA0417164300;;transfer;;;;",
        "M3;Stichting Drie;Straat 3;1234 AB;Plaats;;;NL00XXXX;;direct_debit;WMD-3;2012-13-01;CORE;",
    ]
    text = "\n".join(lines)
    with pytest.raises(BadFileError) as info:
        read_debtors_csv(io.StringIO(text))
    assert [(b.row, b.column) for b in info.value.rows] == [
        (3, "address"),
        (3, "vat_number"),
        (4, "iban"),
        (4, "mandate_signed"),
    ]
    good = read_debtors_csv(io.StringIO("\n".join([_HEADER, text.splitlines()[1]])))
    assert good["M1"].mandate == Mandate("WMD-1", "2012-11-01", "B2B")


def test_an_invoice_for_a_member_not_in_the_roll_is_refused() -> None:
    """Drafting for a member the roll does not hold names the member."""
    registry = sample_registry()
    roll = sample_schedule(2013).roll(registry)
    with pytest.raises(
        InvalidInputError, match="member M9999: member_id: expected a member in the 2013 roll"
    ):
        draft_invoices(roll, registry, members=["M9999"])


def test_invoice_renders_in_dutch_and_english_html_and_text() -> None:
    """The same invoice in Dutch and English, as text and escaped HTML, with both parties' details."""
    registry = sample_registry()
    roll = sample_schedule(2013).roll(registry)
    (draft,) = draft_invoices(roll, registry, members=["M0001"])
    from wmd.finance.invoicing import Invoice  # noqa: PLC0415

    inv = Invoice(
        "2013-000001",
        "invoice",
        "M0001",
        2013,
        DAY,
        DAY.add(days=30),
        "RF132013000001",
        draft.lines,
    )
    debtor = Debtor(
        "M0001",
        "Stichting <Een> & Co",
        "Straat 1",
        "1234 AB",
        "Plaats",
        vat_number="NL004495445B01",
    )
    nl = inv.render_text(debtor, CREDITOR, "nl")
    en = inv.render_text(debtor, CREDITOR, "en")
    assert nl.startswith("Factuur 2013-000001")
    assert en.startswith("Invoice 2013-000001")
    assert "Contributie 2013" in nl
    assert "€ 294,84" in nl or "€\xa0294,84" in nl
    assert "€294.84" in en
    assert "NL004495445B01" in nl
    assert "12345678" in nl
    assert "loonsom 2012: € 136.351,13" in nl.replace("\xa0", " ")
    html = inv.render_html(debtor, CREDITOR, "en")
    assert "Stichting &lt;Een&gt; &amp; Co" in html
    assert "<h1>Invoice 2013-000001</h1>" in html
    with pytest.raises(InvalidInputError, match="invoice 2013-000001: debtor"):
        inv.render_text(attrs.evolve(debtor, member_id="M0002"), CREDITOR)


# -- VAT per line: one rule, scalar and vectorized ---------------------------------------------------


@given(
    cents=st.integers(0, 10**12),
    share=st.integers(0, 10_000).map(lambda n: Decimal(n).scaleb(-4)),
    rate=st.sampled_from([Decimal("0.21"), Decimal("0.09"), Decimal(0), Decimal("0.205")]),
)
def test_line_vat_equals_the_rolls_vectorized_vat(
    cents: int, share: Decimal, rate: Decimal
) -> None:
    """line_vat (plus package lines) gives the cents of DuesSchedule.vat_cents (the roll) for any amount."""
    import numpy as np  # noqa: PLC0415

    from wmd.finance.dues import Vat  # noqa: PLC0415
    from wmd.finance.invoicing import line_vat  # noqa: PLC0415

    vat = Vat(share=share, rate=rate)
    schedule = attrs.evolve(sample_schedule(2013), vat=vat)
    base, tax = schedule.vat_cents(np.array([cents], dtype=np.int64))
    assert line_vat(cents, vat) == (int(base[0]), int(tax[0]))


def test_a_merged_members_dues_go_on_the_successors_invoice() -> None:
    """B merged into A on 1 January 2013 under the separate rule: A's invoice has A's dues and B's."""
    from wmd.finance.dues import Basis, DuesSchedule  # noqa: PLC0415
    from wmd.finance.formulas import Rate  # noqa: PLC0415
    from wmd.members import EndReason, Member, Membership, YearFigures  # noqa: PLC0415

    def org(mid: str, wage_sum: str, spell: Membership) -> Member:
        return Member(
            mid,
            f"Stichting {mid}",
            sectors=("LW",),
            figures=(YearFigures(2012, wage_sum=Decimal(wage_sum)),),
            spells=(spell,),
        )

    a = org("A", "600000", Membership(pendulum.date(2000, 1, 1)))
    b = org(
        "B",
        "400000",
        Membership(
            pendulum.date(2000, 1, 1), pendulum.date(2013, 1, 1), EndReason.MERGER, successor="A"
        ),
    )
    registry = Registry((a, b))
    schedule = DuesSchedule(
        2013, Rate.per_mille("2"), Basis(years_before=1), merger_rule="separate"
    )
    (draft,) = draft_invoices(schedule.roll(registry), registry)
    # 2 per mille of 2012: A 600.000 -> 1.200,00; B 400.000 -> 800,00, owed by A
    assert draft.member_id == "A"
    assert [(line.code, line.excl_cents) for line in draft.lines] == [
        ("dues", 120000),
        ("dues:B", 80000),
    ]
    assert draft.total_incl == Decimal("2000.00")


def test_last_years_amounts_as_estimate_then_the_real_roll(
    target: str, drafts_2013: tuple[Draft, ...]
) -> None:
    """2014 invoiced provisionally on the 2013 amounts; the 2014 roll on the same basis settles nothing."""
    from wmd.finance.invoicing import estimate_from_last_year  # noqa: PLC0415

    with Register.open(target) as register:
        register.issue(drafts_2013, invoice_date=DAY)
        estimate = estimate_from_last_year(register.invoices(year=2013), 2014)
        issued = register.issue(estimate, invoice_date=pendulum.date(2014, 1, 15)).issued
        assert {i.kind for i in issued} == {InvoiceKind.PROVISIONAL}
        assert register.totals(2014) == register.totals(2013)
        # the 2013 wage sums are not in: the roll estimates on the last known (2012) basis,
        # which is the basis the 2013 amounts were on, so every amount is the same
        schedule = sample_schedule(2014)
        schedule = attrs.evolve(schedule, basis=attrs.evolve(schedule.basis, missing="estimate"))
        real = draft_invoices(schedule.roll(sample_registry()), sample_registry(), explain=False)
        result = register.issue(real, invoice_date=pendulum.date(2014, 6, 1))
        assert result.issued == ()
        assert len(result.unchanged) == 727
        assert [_n(i.number) for i in register.invoices(year=2014)] == list(range(1, 728))


_CODES = ("dues", "AMW")


@st.composite
def _batches(draw: st.DrawFn) -> list[dict[str, dict[str, int]]]:
    """1 to 4 batches; each gives some of 5 members an amount (cents, may be 0 or change) per line code."""
    members = [f"M{k}" for k in range(5)]
    return draw(
        st.lists(
            st.dictionaries(
                st.sampled_from(members),
                st.dictionaries(st.sampled_from(_CODES), st.integers(0, 10**9), min_size=1),
                max_size=5,
            ),
            min_size=1,
            max_size=4,
        )
    )


@settings(max_examples=30)
@given(batches=_batches())
def test_the_register_always_holds_the_last_draft_of_each_member(
    batches: list[dict[str, dict[str, int]]],
) -> None:
    """After any issues, each member's net per line is its last draft; numbers gapless; corrections name the first invoice."""
    import tempfile  # noqa: PLC0415

    from wmd.finance.invoicing import InvoiceLine  # noqa: PLC0415

    path = pathlib.Path(tempfile.mkdtemp()) / "register.sqlite"
    expected: dict[str, dict[str, int]] = {}
    with Register.open(path) as register:
        for batch in batches:
            drafts = [
                Draft(
                    mid,
                    2013,
                    provisional=False,
                    lines=tuple(
                        InvoiceLine(code, "", cents, Decimal(0), 0, 0)
                        for code, cents in lines.items()
                    ),
                )
                for mid, lines in batch.items()
            ]
            register.issue(drafts, invoice_date=DAY)
            expected.update(batch)
        invoices = register.invoices(year=2013)
    assert [_n(i.number) for i in invoices] == list(range(1, len(invoices) + 1))
    net: dict[str, dict[str, int]] = {}
    first: dict[str, str] = {}
    for inv in invoices:
        first.setdefault(inv.member_id, inv.number)
        assert inv.corrects == (
            None if first[inv.member_id] == inv.number else first[inv.member_id]
        )
        for line in inv.lines:
            net.setdefault(inv.member_id, {}).setdefault(line.code, 0)
            net[inv.member_id][line.code] += line.excl_cents
    for mid, lines in expected.items():
        got = {code: cents for code, cents in net.get(mid, {}).items() if cents}
        assert got == {code: cents for code, cents in lines.items() if cents}


def test_a_debtors_file_in_windows_1252_is_refused_by_line_and_column(
    tmp_path: pathlib.Path,
) -> None:
    """A debtors file saved by Excel as Windows-1252 names the byte, line and column; nothing is loaded."""
    path = tmp_path / "debitoren.csv"
    path.write_bytes(
        (_HEADER + "\nM1;Café Een;Straat 1;1234 AB;Plaats;;;;;transfer;;;;\n").encode("cp1252")
    )
    with pytest.raises(
        InvalidInputError,
        match=r"encoding: expected UTF-8 text, got 'byte 0xe9 at line 2, column 7'",
    ):
        read_debtors_csv(path)
