"""Benchmark: reading a member list (wide layout) by wmd next to pandas, from CSV and .xlsx.

Run with ``nox -s bench`` (or ``python benchmarks/read.py [--quick]``). For 10.000 and
100.000 members (``--quick``: 10.000 only) it writes a Dutch Excel CSV (``;``, decimal
comma, ``dd-mm-jjjj``) and an ``.xlsx`` of the same list: Lidnummer, Naam, KvK-nummer,
Deelsector, Lid sinds, Opgezegd per and Loonsom/Aantal medewerkers/Fte for 2011 and
2012 (11 columns). It then times

* ``wmd.members.spreadsheet.read_sheet``: every cell checked, a ``Registry`` built;
* ``pandas.read_csv(sep=";", decimal=",", thousands=".")`` and ``pandas.read_excel``:
  the cells parsed into a frame, nothing checked (the floor of what reading costs).

Figures are seconds and the ratio wmd / pandas, measured in one run. On the shared
two-core development machine, 2026-12-01 (before: row by row; after: the column path
of :mod:`wmd.members.spreadsheet_columnar` and openpyxl's values):

=======  ======  ===========  ========  ==========  ==========
members  format  wmd s        pandas s  wmd/pandas  before
=======  ======  ===========  ========  ==========  ==========
 10.000  csv         0.08         0.01         7.3        46.9
 10.000  xlsx        0.79         0.94         0.8         1.3
100.000  csv         0.95         0.10         9.1        63.1
100.000  xlsx        7.98         9.96         0.8         1.7
=======  ======  ===========  ========  ==========  ==========

pandas here checks nothing (the floor of what reading costs); ``benchmarks/endtoend.py``
compares with a pandas script that also turns the cells into dues. For ``.xlsx`` both
spend most of the time in openpyxl (wmd reads values, pandas cell objects). For CSV
wmd's time is in Python over whole columns: ``csv.reader``, each distinct date,
sector and reason parsed once, numbers by the notation's regular expression and
``Decimal`` per cell, the figures' rules over the column.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from wmd.members.spreadsheet import read_sheet

HEADER = [
    "Lidnummer",
    "Naam",
    "KvK-nummer",
    "Deelsector",
    "Lid sinds",
    "Opgezegd per",
    "Loonsom 2011",
    "Aantal medewerkers 2011",
    "Fte 2011",
    "Loonsom 2012",
    "Aantal medewerkers 2012",
    "Fte 2012",
]
SECTORS = ["LW", "MD", "PSZ", "MO", "AT", "KS", "LW, PSZ"]


def rows(n: int, seed: int = 2012) -> list[list[object]]:
    """``n`` generated members: plain typed values (ints, floats, dates as text)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    out: list[list[object]] = []
    for i in range(n):
        headcount = rng.randint(1, 400)
        wage = rng.randint(50_000, 20_000_000) + rng.randint(0, 99) / 100
        end = "01-01-2013" if rng.random() < 0.05 else ""
        out.append(
            [
                f"M{i:06d}",
                f"Stichting Welzijn {i}",
                f"{10_000_000 + i:08d}",
                rng.choice(SECTORS),
                f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1980, 2012)}",
                end,
                round(wage * 1.03, 2),
                headcount + 1,
                headcount * 0.8,
                wage,
                headcount,
                round(headcount * 0.75, 2),
            ]
        )
    return out


def _dutch(value: object) -> str:
    if isinstance(value, float):
        whole, _, cents = f"{value:.2f}".partition(".")
        return f"{int(whole):,}".replace(",", ".") + "," + cents
    return str(value)


def write_csv(path: Path, table: list[list[object]]) -> None:
    """The list as Dutch Excel writes it: ``;``, decimal comma, dots between thousands."""
    lines = [";".join(HEADER)] + [";".join(_dutch(v) for v in row) for row in table]
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")


def write_xlsx(path: Path, table: list[list[object]]) -> None:
    """The list as an .xlsx with typed numbers (dates as dd-mm-jjjj text)."""
    import openpyxl  # noqa: PLC0415 - optional extra

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Leden")
    sheet.append(HEADER)
    for row in table:
        sheet.append(row)
    book.save(path)


def timed(call: object) -> float:
    """Seconds for one call (best of one: files this size are not cached usefully)."""
    start = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    """Time both readers on both formats and print seconds and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10.000 members only")
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else [10_000, 100_000]
    print(f"{'members':>8} {'format':>6} {'wmd s':>8} {'pandas s':>9} {'wmd/pandas':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            table = rows(n)
            csv_path, xlsx_path = Path(folder) / "leden.csv", Path(folder) / "leden.xlsx"
            write_csv(csv_path, table)
            write_xlsx(xlsx_path, table)
            registry = read_sheet(csv_path)
            assert len(registry) == n
            assert read_sheet(xlsx_path) == registry
            pairs = {
                "csv": (
                    lambda p=csv_path: read_sheet(p),
                    lambda p=csv_path: pd.read_csv(
                        p, sep=";", decimal=",", thousands=".", encoding="cp1252"
                    ),
                ),
                "xlsx": (
                    lambda p=xlsx_path: read_sheet(p),
                    lambda p=xlsx_path: pd.read_excel(p),
                ),
            }
            for kind, (ours, theirs) in pairs.items():
                wmd_s, pandas_s = timed(ours), timed(theirs)
                print(f"{n:>8} {kind:>6} {wmd_s:>8.2f} {pandas_s:>9.2f} {wmd_s / pandas_s:>11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
