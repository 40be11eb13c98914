"""Benchmark the invoice register on SQLite: issuing 765 and 100.000 invoices.

For each size, in a fresh SQLite file: issue the batch (one transaction), issue it again
(idempotent: nothing new, every draft compared with the register), and issue it with 1%
of the amounts changed (settlements). Reports seconds and invoices per second.

    python benchmarks/invoicing.py            # 765 and 100.000
    python benchmarks/invoicing.py --quick    # 765 and 10.000
"""

from __future__ import annotations

import pathlib
import sys
import tempfile
import time
from decimal import Decimal

import pendulum

from wmd.finance.invoicing import Draft, InvoiceLine, Register


def drafts(n: int, *, changed_every: int = 0) -> list[Draft]:
    """One-line drafts, n of them, with amounts of 250,00 and up; every ``changed_every``-th one 10,00 more."""
    out = []
    for i in range(n):
        cents = 25_000 + (i * 7919) % 2_500_000
        if changed_every and i % changed_every == 0:
            cents += 1_000
        line = InvoiceLine("dues", "", cents, Decimal(0), 0, 0)
        out.append(Draft(f"M{i:06d}", 2013, provisional=False, lines=(line,)))
    return out


def measure(n: int) -> dict[str, float]:
    """Seconds for the first issue, the repeat and the 1% settlement of n invoices."""
    path = pathlib.Path(tempfile.mkdtemp()) / "register.sqlite"
    day = pendulum.date(2013, 1, 15)
    batch = drafts(n)
    changed = drafts(n, changed_every=100)
    with Register.open(path) as register:
        start = time.perf_counter()
        first = register.issue(batch, invoice_date=day)
        t_first = time.perf_counter() - start
        start = time.perf_counter()
        again = register.issue(batch, invoice_date=day)
        t_again = time.perf_counter() - start
        start = time.perf_counter()
        settled = register.issue(changed, invoice_date=day)
        t_settle = time.perf_counter() - start
    assert len(first.issued) == n
    assert again.issued == ()
    assert len(settled.issued) == (n + 99) // 100
    return {"first": t_first, "again": t_again, "settle": t_settle}


def main() -> None:
    """Print one row per size."""
    sizes = (765, 10_000) if "--quick" in sys.argv else (765, 100_000)
    print(f"{'invoices':>9}  {'issue s':>8}  {'per s':>8}  {'again s':>8}  {'settle 1% s':>11}")
    for n in sizes:
        t = measure(n)
        print(
            f"{n:>9}  {t['first']:>8.2f}  {n / t['first']:>8.0f}  {t['again']:>8.2f}  {t['settle']:>11.2f}"
        )


if __name__ == "__main__":
    main()
