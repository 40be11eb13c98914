"""The invoice register: issued invoices, settlements, collections and number series in SQL.

A :class:`Register` lives in a SQLite file by default (nothing to set up) or in any
database SQLAlchemy reaches by URL, such as ``postgresql+psycopg://user@host/dbname``
when several apps share it. It is written through SQLAlchemy Core in transactions:

* **numbers** come from a series per year (``2013-000001``, ``2013-000002``, …), unique
  and without gaps: a batch takes its numbers inside its own transaction, under a lock on
  the series (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so
  two processes issuing at once get distinct consecutive numbers and a batch that fails
  or is killed leaves no hole;
* **issuing is idempotent**: :meth:`Register.issue` compares each draft with what the
  register already invoiced the member for that year; the same amounts issue nothing,
  a changed amount becomes a settlement (or a credit note) for the difference per line
  that names the invoice it corrects, never a second invoice;
* **a batch is one transaction**: all of it is issued, or none;
* **the schema is versioned** (table ``wmd_register``): a register of a newer schema,
  or a database that is not a register, is refused with a :class:`RegisterError`.

>>> import tempfile, pathlib, pendulum
>>> from wmd.datasets import sample_registry, sample_schedule
>>> from wmd.finance.invoicing import draft_invoices
>>> path = pathlib.Path(tempfile.mkdtemp()) / "register.sqlite"
>>> register = Register.open(path)
>>> registry = sample_registry()
>>> drafts = draft_invoices(sample_schedule(2013).roll(registry), registry, explain=False)
>>> first = register.issue(drafts, invoice_date=pendulum.date(2013, 1, 15))
>>> len(first.issued), first.issued[0].number, first.issued[-1].number
(727, '2013-000001', '2013-000727')
>>> again = register.issue(drafts, invoice_date=pendulum.date(2013, 1, 16))
>>> len(again.issued), len(again.unchanged)
(0, 727)
>>> register.close()
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Self

import attrs

from wmd.errors import InvalidInputError, MissingExtraError, WmdError
from wmd.finance.invoicing.invoices import (
    Draft,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    payment_reference,
)
from wmd.money import from_cents
from wmd.periods import Date, to_date

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["SCHEMA_VERSION", "IssueResult", "Register", "RegisterError"]

SCHEMA_VERSION: Final = 1
"""The schema version this release writes and reads."""

_CHUNK: Final = 1000


class RegisterError(WmdError):
    """The register cannot be opened or written: not a register, a newer schema, a conflict."""


def _sqlalchemy() -> Any:  # noqa: ANN401 - the module, imported on demand
    try:
        import sqlalchemy  # noqa: PLC0415 - optional extra
    except ImportError:  # pragma: no cover - sqlalchemy is in the extra
        raise MissingExtraError("sqlalchemy", "invoicing") from None
    return sqlalchemy


@attrs.frozen
class _Tables:
    info: sa.Table
    series: sa.Table
    invoice: sa.Table
    line: sa.Table
    collection: sa.Table


def _tables() -> tuple[sa.MetaData, _Tables]:
    sa = _sqlalchemy()
    meta = sa.MetaData()
    info = sa.Table(
        "wmd_register",
        meta,
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    series = sa.Table(
        "wmd_series",
        meta,
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    invoice = sa.Table(
        "wmd_invoice",
        meta,
        sa.Column("number", sa.String(40), primary_key=True),
        sa.Column("series", sa.String(40), sa.ForeignKey("wmd_series.name"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("member_id", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("invoice_date", sa.Date, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("payment_reference", sa.String(35), nullable=False),
        sa.Column("corrects", sa.String(40), sa.ForeignKey("wmd_invoice.number"), nullable=True),
        sa.UniqueConstraint("series", "seq"),
        sa.Index("wmd_invoice_member_year", "year", "member_id"),
    )
    line = sa.Table(
        "wmd_invoice_line",
        meta,
        sa.Column(
            "invoice_number", sa.String(40), sa.ForeignKey("wmd_invoice.number"), primary_key=True
        ),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("excl_cents", sa.BigInteger, nullable=False),
        sa.Column("vat_rate", sa.String(12), nullable=False),
        sa.Column("vat_base_cents", sa.BigInteger, nullable=False),
        sa.Column("vat_cents", sa.BigInteger, nullable=False),
        sa.Column("explanation_nl", sa.Text, nullable=False),
        sa.Column("explanation_en", sa.Text, nullable=False),
    )
    collection = sa.Table(
        "wmd_collection",
        meta,
        sa.Column(
            "invoice_number", sa.String(40), sa.ForeignKey("wmd_invoice.number"), primary_key=True
        ),
        sa.Column("batch", sa.String(35), nullable=False),
        sa.Column("mandate_reference", sa.String(35), nullable=False, index=True),
        sa.Column("sequence_type", sa.String(4), nullable=False),
        sa.Column("collection_date", sa.Date, nullable=False),
    )
    return meta, _Tables(info, series, invoice, line, collection)


def _url(target: str | os.PathLike[str]) -> tuple[str, str]:
    """The SQLAlchemy URL of a path or URL, and how to name it in messages (no password)."""
    text = os.fspath(target)
    if "://" in text:
        sa = _sqlalchemy()
        try:
            url = sa.engine.make_url(text)
        except sa.exc.ArgumentError:
            raise InvalidInputError(
                "register", given=text, expected="a path or a SQLAlchemy URL"
            ) from None
        return text, url.render_as_string(hide_password=True)
    return f"sqlite:///{pathlib.Path(text).resolve()}", text


@attrs.frozen
class IssueResult:
    """What one :meth:`Register.issue` did.

    Attributes:
        issued: the invoices, settlements and credit notes issued, in number order.
        unchanged: members whose draft was invoiced already, to the cent, or is all zero
            (nothing issued).
    """

    issued: tuple[Invoice, ...]
    unchanged: tuple[str, ...]

    @property
    def settlements(self) -> tuple[Invoice, ...]:
        """The settlements and credit notes among :attr:`issued`."""
        return tuple(i for i in self.issued if i.corrects is not None)


def _date(value: object) -> Date:
    return to_date(value)


class Register:
    """An invoice register in a SQL database (see the module docs). Open with :meth:`open`."""

    def __init__(self, engine: sa.Engine, name: str) -> None:
        """Use :meth:`open`; this wraps an engine whose schema has been checked."""
        self._engine = engine
        self.name = name
        self._meta, self._t = _tables()

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | os.PathLike[str], *, create: bool = True) -> Register:
        """Open the register at a path (SQLite) or a SQLAlchemy URL; create it when empty.

        Raises:
            RegisterError: for a file or database that is not a register, a register of a
                newer schema version, or a database that cannot be reached.
        """
        sa = _sqlalchemy()
        url, name = _url(target)
        is_sqlite = url.startswith("sqlite")
        if is_sqlite and not create and not pathlib.Path(url.removeprefix("sqlite:///")).exists():
            raise RegisterError(f"{name}: no such register")
        engine = sa.create_engine(
            url, connect_args={"timeout": 60} if is_sqlite else {}, pool_pre_ping=not is_sqlite
        )
        if is_sqlite:
            _sqlite_transactions(engine)
        register = cls(engine, name)
        try:
            register._check_schema(create=create)
        except sa.exc.DBAPIError as err:
            engine.dispose()
            reason = str(err.orig).splitlines()[0] if err.orig is not None else str(err)
            raise RegisterError(f"{name}: not an invoice register ({reason})") from None
        except WmdError:
            engine.dispose()
            raise
        return register

    def _check_schema(self, *, create: bool) -> None:
        sa = _sqlalchemy()
        with self._engine.begin() as conn:
            if (
                conn.dialect.name == "postgresql"
            ):  # two processes creating one register: one at a time
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(1977)"))
            names = set(sa.inspect(conn).get_table_names())
            if not names:
                if not create:
                    raise RegisterError(f"{self.name}: an empty database, not an invoice register")
                self._meta.create_all(conn)
                conn.execute(
                    self._t.info.insert(), [{"key": "schema_version", "value": str(SCHEMA_VERSION)}]
                )
                return
            if "wmd_register" not in names:
                raise RegisterError(
                    f"{self.name}: not an invoice register (it has tables {sorted(names)[:5]} but no wmd_register)"
                )
            version = conn.execute(
                sa.select(self._t.info.c.value).where(self._t.info.c.key == "schema_version")
            ).scalar()
        if version is None or not version.isdigit():
            raise RegisterError(f"{self.name}: not an invoice register (no schema version)")
        if int(version) > SCHEMA_VERSION:
            raise RegisterError(
                f"{self.name}: register schema version {version} is newer than this wmd reads "
                f"({SCHEMA_VERSION}); upgrade wmd"
            )

    def close(self) -> None:
        """Close the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the register."""
        sa = _sqlalchemy()
        with self._engine.connect() as conn:
            value = conn.execute(
                sa.select(self._t.info.c.value).where(self._t.info.c.key == "schema_version")
            ).scalar_one()
        return int(value)

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite): all of it is written, or none."""
        with self._engine.begin() as conn:
            yield conn

    # -- issuing -----------------------------------------------------------------------------

    def issue(
        self,
        drafts: Sequence[Draft],
        *,
        invoice_date: Date,
        due_days: int = 30,
        progress: Callable[[int, int], None] | None = None,
    ) -> IssueResult:
        """Issue drafts in one transaction: new invoices, settlements for changes, nothing twice.

        Args:
            drafts: at most one per member and year.
            invoice_date: the invoice date of everything issued.
            due_days: days from the invoice date to the due date.
            progress: called with (written, to write) after each chunk of rows (a progress bar).

        Raises:
            InvalidInputError: for two drafts of one member and year.
            RegisterError: when the database refuses the batch (nothing is written).
        """
        sa = _sqlalchemy()
        invoice_date = to_date(invoice_date, field="invoice_date")
        due_date = invoice_date.add(days=due_days)
        seen: set[tuple[str, int]] = set()
        for draft in drafts:
            key = (draft.member_id, draft.year)
            if key in seen:
                raise InvalidInputError(
                    "drafts",
                    given=draft.member_id,
                    expected="one draft per member and year",
                    where=f"member {draft.member_id}, {draft.year}",
                )
            seen.add(key)
        years = sorted({d.year for d in drafts})
        t = self._t
        try:
            with self._engine.begin() as conn:
                last = {year: self._lock_series(conn, str(year)) for year in years}
                before = self._invoiced(conn, years)
                issued: list[Invoice] = []
                unchanged: list[str] = []
                for draft in drafts:
                    prior = before.get((draft.member_id, draft.year))
                    lines, kind, corrects = _what_to_issue(draft, prior)
                    if not lines:
                        unchanged.append(draft.member_id)
                        continue
                    last[draft.year] += 1
                    number = f"{draft.year}-{last[draft.year]:06d}"
                    issued.append(
                        Invoice(
                            number,
                            kind,
                            draft.member_id,
                            draft.year,
                            invoice_date,
                            due_date,
                            payment_reference(number),
                            lines,
                            corrects,
                        )
                    )
                self._write(conn, issued, progress)
                for year in years:
                    conn.execute(
                        t.series.update()
                        .where(t.series.c.name == str(year))
                        .values(last_number=last[year])
                    )
        except sa.exc.DBAPIError as err:
            raise RegisterError(
                f"{self.name}: nothing issued, the database refused the batch: {err.orig}"
            ) from None
        return IssueResult(tuple(issued), tuple(unchanged))

    def _lock_series(self, conn: sa.Connection, name: str) -> int:
        sa = _sqlalchemy()
        t = self._t
        dialect = conn.dialect.name
        if dialect in ("postgresql", "sqlite"):
            module = __import__(f"sqlalchemy.dialects.{dialect}", fromlist=["insert"])
            conn.execute(
                module.insert(t.series).values(name=name, last_number=0).on_conflict_do_nothing()
            )
        elif (
            conn.execute(sa.select(t.series.c.name).where(t.series.c.name == name)).first() is None
        ):
            conn.execute(t.series.insert().values(name=name, last_number=0))
        return int(
            conn.execute(
                sa.select(t.series.c.last_number).where(t.series.c.name == name).with_for_update()
            ).scalar_one()
        )

    def _write(
        self,
        conn: sa.Connection,
        issued: list[Invoice],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        t = self._t
        total = len(issued)
        for start in range(0, total, _CHUNK):
            chunk = issued[start : start + _CHUNK]
            conn.execute(
                t.invoice.insert(),
                [
                    {
                        "number": i.number,
                        "series": str(i.year),
                        "seq": int(i.number.rsplit("-", 1)[1]),
                        "kind": i.kind.value,
                        "member_id": i.member_id,
                        "year": i.year,
                        "invoice_date": i.invoice_date,
                        "due_date": i.due_date,
                        "payment_reference": i.payment_reference,
                        "corrects": i.corrects,
                    }
                    for i in chunk
                ],
            )
            conn.execute(
                t.line.insert(),
                [
                    {
                        "invoice_number": i.number,
                        "position": p,
                        "code": x.code,
                        "description": x.description,
                        "excl_cents": x.excl_cents,
                        "vat_rate": str(x.vat_rate),
                        "vat_base_cents": x.vat_base_cents,
                        "vat_cents": x.vat_cents,
                        "explanation_nl": x.explanation_nl,
                        "explanation_en": x.explanation_en,
                    }
                    for i in chunk
                    for p, x in enumerate(i.lines, start=1)
                ],
            )
            if progress is not None:
                progress(min(start + _CHUNK, total), total)

    def _invoiced(
        self, conn: sa.Connection, years: Iterable[int]
    ) -> dict[tuple[str, int], tuple[str, dict[str, InvoiceLine]]]:
        """Per (member, year): the first invoice's number and the net invoiced per line code."""
        out: dict[tuple[str, int], tuple[str, dict[str, InvoiceLine]]] = {}
        for invoice in self._read(conn, years=list(years)):
            key = (invoice.member_id, invoice.year)
            first, sums = out.get(key, (invoice.number, {}))
            for line in invoice.lines:
                now = sums.get(line.code)
                sums[line.code] = line if now is None else now.plus(line)
            out[key] = (first, sums)
        return out

    # -- reading -----------------------------------------------------------------------------

    def invoices(
        self, *, year: int | None = None, member_id: str | None = None
    ) -> tuple[Invoice, ...]:
        """Issued invoices, settlements and credit notes in number order."""
        with self._engine.connect() as conn:
            return self._read(conn, years=None if year is None else [year], member_id=member_id)

    def _read(
        self, conn: sa.Connection, *, years: list[int] | None = None, member_id: str | None = None
    ) -> tuple[Invoice, ...]:
        sa = _sqlalchemy()
        t = self._t
        query = sa.select(t.invoice).order_by(t.invoice.c.series, t.invoice.c.seq)
        lines_q = sa.select(t.line).join(t.invoice, t.line.c.invoice_number == t.invoice.c.number)
        if years is not None:
            query = query.where(t.invoice.c.year.in_(years))
            lines_q = lines_q.where(t.invoice.c.year.in_(years))
        if member_id is not None:
            query = query.where(t.invoice.c.member_id == member_id)
            lines_q = lines_q.where(t.invoice.c.member_id == member_id)
        by_number: dict[str, list[tuple[int, InvoiceLine]]] = {}
        for row in conn.execute(lines_q).mappings():
            by_number.setdefault(row["invoice_number"], []).append(
                (
                    row["position"],
                    InvoiceLine(
                        row["code"],
                        row["description"],
                        int(row["excl_cents"]),
                        Decimal(row["vat_rate"]),
                        int(row["vat_base_cents"]),
                        int(row["vat_cents"]),
                        row["explanation_nl"],
                        row["explanation_en"],
                    ),
                )
            )
        return tuple(
            Invoice(
                row["number"],
                row["kind"],
                row["member_id"],
                row["year"],
                _date(row["invoice_date"]),
                _date(row["due_date"]),
                row["payment_reference"],
                tuple(
                    line
                    for _p, line in sorted(by_number.get(row["number"], []), key=lambda pl: pl[0])
                ),
                row["corrects"],
            )
            for row in conn.execute(query).mappings()
        )

    def totals(self, year: int) -> tuple[Decimal, Decimal, Decimal]:
        """Total excluding VAT, VAT and including VAT of everything issued for a year."""
        sa = _sqlalchemy()
        t = self._t
        with self._engine.connect() as conn:
            excl, vat = conn.execute(
                sa.select(
                    sa.func.coalesce(sa.func.sum(t.line.c.excl_cents), 0),
                    sa.func.coalesce(sa.func.sum(t.line.c.vat_cents), 0),
                )
                .join(t.invoice, t.line.c.invoice_number == t.invoice.c.number)
                .where(t.invoice.c.year == year)
            ).one()
        return from_cents(int(excl)), from_cents(int(vat)), from_cents(int(excl) + int(vat))

    def uncollected(self, *, year: int | None = None) -> tuple[Invoice, ...]:
        """Invoices (and credit notes) not yet in a direct debit batch, in number order."""
        sa = _sqlalchemy()
        with self._engine.connect() as conn:
            done = set(conn.execute(sa.select(self._t.collection.c.invoice_number)).scalars())
            invoices = self._read(conn, years=None if year is None else [year])
        return tuple(i for i in invoices if i.number not in done)

    def used_mandates(self) -> frozenset[str]:
        """Mandate references that were collected before (their next collection is RCUR)."""
        sa = _sqlalchemy()
        with self._engine.connect() as conn:
            return frozenset(
                conn.execute(sa.select(self._t.collection.c.mandate_reference).distinct()).scalars()
            )

    def record_collections(self, batch: str, rows: Sequence[tuple[str, str, str, Date]]) -> None:
        """Record invoices as collected in a batch: (invoice number, mandate, sequence type, date).

        One transaction; refused whole when an invoice was collected already.

        Raises:
            RegisterError: when an invoice is in another batch already (nothing recorded).
        """
        sa = _sqlalchemy()
        t = self._t
        with self._engine.begin() as conn:
            numbers = [r[0] for r in rows]
            clash = conn.execute(
                sa.select(t.collection.c.invoice_number, t.collection.c.batch).where(
                    t.collection.c.invoice_number.in_(numbers)
                )
            ).first()
            if clash is not None:
                raise RegisterError(
                    f"{self.name}: invoice {clash[0]} is in batch {clash[1]} already; nothing recorded"
                )
            if rows:
                conn.execute(
                    t.collection.insert(),
                    [
                        {
                            "invoice_number": n,
                            "batch": batch,
                            "mandate_reference": m,
                            "sequence_type": s,
                            "collection_date": d,
                        }
                        for n, m, s, d in rows
                    ],
                )


def _what_to_issue(
    draft: Draft, prior: tuple[str, dict[str, InvoiceLine]] | None
) -> tuple[tuple[InvoiceLine, ...], InvoiceKind, str | None]:
    """The lines to issue for a draft given what was invoiced before, the kind, and what it corrects."""
    if prior is None:  # nothing invoiced yet: the draft's lines, none of them zero
        kind = InvoiceKind.PROVISIONAL if draft.provisional else InvoiceKind.INVOICE
        return tuple(line for line in draft.lines if not line.is_zero), kind, None
    first, before = prior
    codes = {line.code for line in draft.lines}
    diff = [line.minus(before.get(line.code)) for line in draft.lines]
    diff += [line.negated() for code, line in before.items() if code not in codes]
    lines = tuple(line for line in diff if not line.is_zero)
    total = sum(line.incl_cents for line in lines)
    return lines, (InvoiceKind.SETTLEMENT if total >= 0 else InvoiceKind.CREDIT_NOTE), first


def _sqlite_transactions(engine: sa.Engine) -> None:
    """SQLite: let SQLAlchemy own the transactions and start every one with BEGIN IMMEDIATE.

    pysqlite would otherwise begin lazily and deferred, so two writers could both read the
    series before either locks it. IMMEDIATE takes the write lock at the start; the other
    writer waits (``timeout``) instead of reading a number that is about to be taken.
    """
    from sqlalchemy import event  # noqa: PLC0415 - optional extra

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: object) -> None:  # noqa: ANN401 - a DBAPI connection
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
