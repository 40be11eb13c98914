"""End to end: a registry CSV read and rolled for 2013 by wmd and by a pandas peer.

Run with ``nox -s bench`` (or ``python benchmarks/endtoend.py [--quick] [--members N]``).

One run generates ``N`` members (100.000 by default, 5.000 with ``--quick``) in wmd's
registry CSV layout (:mod:`wmd.members.io`: a ``member``, a ``figures`` row for 2012 and
a ``spell`` row per member), then reads and rolls it for 2013 twice, each side in a fresh
subprocess so that peak memory (``ru_maxrss``, imports included) is its own:

* **wmd**: :func:`wmd.members.read_csv` and :meth:`DuesSchedule.roll`;
* **peer**: ``pandas.read_csv`` (all columns as text, as a careful script would), the
  2012 wage sums and the 2013 spell days pulled out with pandas, and the same formula as
  a bare numpy expression (:func:`run.bare_numpy`).

Both sides must give identical cents per member, or the benchmark fails. It prints
read, roll and end-to-end times and peak memory as ratios wmd / peer, and the roll of an
already loaded registry (best of 3) against the peer's formula time (best of 3): once as a
second roll does it (the registry keeps the roll's columns per year and basis) and once
with the roll's columns made anew from the registry's columns. Figures
are ratios from one run, so the machine's speed cancels out (mostly: it is shared).
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

HERE = Path(__file__)
YEAR_START = np.datetime64("2013-01-01")
LAYOUTS = ("registry", "wide-csv", "xlsx")


def generate(path: Path, n: int, seed: int = 2013) -> None:
    """Write ``n`` members in wmd's registry CSV layout (the same draws as run.columns)."""
    from wmd.members.io import COLUMNS  # noqa: PLC0415 - the layout, not the reader

    rng = np.random.default_rng(seed)
    basis = np.rint(rng.lognormal(mean=13.5, sigma=1.2, size=n) * 100).astype(np.int64)
    a = np.where(rng.random(n) < 0.1, rng.integers(0, 365, n), 0).astype(np.int64)
    b = np.where(rng.random(n) < 0.05, rng.integers(1, 366, n), 365).astype(np.int64)
    b = np.maximum(b, a + 1)
    starts = np.where(a > 0, YEAR_START + a, np.datetime64("2000-01-01")).astype(str)
    ends = (YEAR_START + b).astype(str)
    empty = dict.fromkeys(COLUMNS, "")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for i in range(n):
            member_id = f"M{i:06d}"
            writer.writerow(
                empty
                | {
                    "record": "member",
                    "id": member_id,
                    "name": f"Stichting {i}",
                    "legal_form": "stichting",
                    "sectors": "LW",
                }
            )
            cents = int(basis[i])
            wage = f"{cents // 100}.{cents % 100:02d}"
            writer.writerow(
                empty | {"record": "figures", "id": member_id, "year": "2012", "wage_sum": wage}
            )
            ended = b[i] < 365  # a spell that ends within 2013
            writer.writerow(
                empty
                | {
                    "record": "spell",
                    "id": member_id,
                    "start": starts[i],
                    "end": ends[i] if ended else "",
                    "end_reason": "cancellation" if ended else "",
                }
            )


def best_of(repeat: int, fn: object) -> float:
    """Best wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def side_wmd(path: Path, out: Path, layout: str) -> dict[str, float]:
    """Read and roll with wmd; write member ids and cents to ``out``."""
    from run import SCHEDULE  # noqa: PLC0415

    from wmd.members import read_csv  # noqa: PLC0415
    from wmd.members.spreadsheet import read_sheet  # noqa: PLC0415

    start = time.perf_counter()
    registry = read_csv(path) if layout == "registry" else read_sheet(path)
    read = time.perf_counter() - start
    start = time.perf_counter()
    roll = SCHEDULE.roll(registry)
    rolled = time.perf_counter() - start
    loaded = best_of(3, lambda: SCHEDULE.roll(registry))  # the roll's columns are kept
    anew = best_of(3, lambda: SCHEDULE.roll_columns(SCHEDULE._columns(registry, None)))  # noqa: SLF001
    np.savez(out, ids=np.array(roll.member_ids), cents=roll.due_cents)
    return {"read": read, "roll": rolled, "loaded_roll": loaded, "anew": anew}


def side_peer(path: Path, out: Path, layout: str) -> dict[str, float]:
    """Read with pandas, pull out the 2012 bases and 2013 spell days, apply the numpy formula."""
    if layout != "registry":
        return side_peer_wide(path, out, layout)
    import pandas as pd  # noqa: PLC0415
    from run import bare_numpy  # noqa: PLC0415

    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    read = time.perf_counter() - start
    start = time.perf_counter()
    figures = frame[(frame["record"] == "figures") & (frame["year"] == "2012")]
    whole_cents = figures["wage_sum"].str.split(".", n=1, expand=True)
    fraction = whole_cents[1].fillna("").str.ljust(2, "0").replace("", "0")
    basis = pd.Series(
        whole_cents[0].astype(np.int64).to_numpy() * 100 + fraction.astype(np.int64).to_numpy(),
        index=figures["id"].to_numpy(),
    )
    spells = frame[frame["record"] == "spell"]
    start_day = pd.to_datetime(spells["start"], format="%Y-%m-%d").to_numpy(dtype="M8[D]")
    end_text = spells["end"].where(spells["end"] != "", "2014-01-01")
    end_day = pd.to_datetime(end_text, format="%Y-%m-%d").to_numpy(dtype="M8[D]")
    a = np.clip((start_day - YEAR_START).astype(np.int64), 0, 365)
    b = np.clip((end_day - YEAR_START).astype(np.int64), 0, 365)
    ids = spells["id"].to_numpy()
    units = basis.reindex(ids).to_numpy(dtype=np.int64)
    formula_start = time.perf_counter()
    cents = bare_numpy(units, a, b)
    rolled = time.perf_counter() - start
    formula = min(
        time.perf_counter() - formula_start,
        best_of(3, lambda: bare_numpy(units, a, b)),
    )
    np.savez(out, ids=ids.astype(str), cents=cents)
    return {"read": read, "roll": rolled, "loaded_roll": formula, "anew": formula}


def side_peer_wide(path: Path, out: Path, layout: str) -> dict[str, float]:
    """The peer on a wide member list (benchmarks/read.py): one row per member."""
    import pandas as pd  # noqa: PLC0415
    from run import bare_numpy  # noqa: PLC0415

    start = time.perf_counter()
    if layout == "xlsx":
        frame = pd.read_excel(path, dtype={"Lid sinds": str, "Opgezegd per": str})
        wage = frame["Loonsom 2012"].to_numpy(dtype=np.float64)
        units = np.rint(wage * 100).astype(np.int64)  # typed cells: floats with two decimals
    else:
        frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="cp1252")
    read = time.perf_counter() - start
    start = time.perf_counter()
    if layout != "xlsx":
        parts = frame["Loonsom 2012"].str.replace(".", "", regex=False).str.split(",", n=1)
        whole, cents = parts.str[0], parts.str[1].fillna("0").str.ljust(2, "0")
        units = whole.astype(np.int64).to_numpy() * 100 + cents.astype(np.int64).to_numpy()
    ends = frame["Opgezegd per"].fillna("").astype(str)
    end_day = pd.to_datetime(ends.where(ends != "", "01-01-2014"), format="%d-%m-%Y")
    start_day = pd.to_datetime(frame["Lid sinds"].astype(str), format="%d-%m-%Y")
    a = np.clip((start_day.to_numpy(dtype="M8[D]") - YEAR_START).astype(np.int64), 0, 365)
    b = np.clip((end_day.to_numpy(dtype="M8[D]") - YEAR_START).astype(np.int64), 0, 365)
    member = b > a  # a member on some day of 2013
    ids = frame["Lidnummer"].astype(str).to_numpy()[member]
    units, a, b = units[member], a[member], b[member]
    formula_start = time.perf_counter()
    due = bare_numpy(units, a, b)
    rolled = time.perf_counter() - start
    formula = min(
        time.perf_counter() - formula_start,
        best_of(3, lambda: bare_numpy(units, a, b)),
    )
    np.savez(out, ids=ids.astype(str), cents=due)
    return {"read": read, "roll": rolled, "loaded_roll": formula, "anew": formula}


def child(side: str, path: Path, out: Path, layout: str) -> None:
    """Run one side and print its figures (and peak RSS) as JSON."""
    figures = (side_wmd if side == "wmd" else side_peer)(path, out, layout)
    figures["total"] = figures["read"] + figures["roll"]
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def run_side(side: str, path: Path, out: Path, layout: str) -> dict[str, float]:
    """One side in a fresh interpreter."""
    command = [sys.executable, str(HERE), "--child", side, "--file", str(path), "--out", str(out)]
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [*command, "--layout", layout],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def compare(path: Path, layout: str, n: int) -> None:
    """Run both sides on one file, require identical cents, print the table."""
    print(f"\n{layout}: {n:,} members, {path.stat().st_size / 2**20:.1f} MiB")
    wmd = run_side("wmd", path, path.with_suffix(".wmd.npz"), layout)
    peer = run_side("peer", path, path.with_suffix(".peer.npz"), layout)
    ours, theirs = np.load(path.with_suffix(".wmd.npz")), np.load(path.with_suffix(".peer.npz"))
    order_ours, order_theirs = np.argsort(ours["ids"]), np.argsort(theirs["ids"])
    assert np.array_equal(ours["ids"][order_ours], theirs["ids"][order_theirs]), "members"
    assert np.array_equal(ours["cents"][order_ours], theirs["cents"][order_theirs]), "cents"
    total = int(ours["cents"].sum())
    rows = [
        ("read", "read"),
        ("roll", "roll"),
        ("end to end (read + roll)", "total"),
        ("roll of a loaded registry / formula", "loaded_roll"),
        ("  the same, roll columns made anew", "anew"),
    ]
    print(f"{'':38} {'wmd':>10} {'peer':>10} {'wmd/peer':>9}")
    for title, key in rows:
        print(f"{title:38} {wmd[key]:9.4f}s {peer[key]:9.4f}s {wmd[key] / peer[key]:8.1f}x")
    print(
        f"{'peak memory (max RSS)':38} {wmd['peak_mib']:7.0f}MiB {peer['peak_mib']:7.0f}MiB "
        f"{wmd['peak_mib'] / peer['peak_mib']:8.1f}x"
    )
    print(f"identical cents for all {len(ours['ids']):,} members; total due EUR {total / 100:,.2f}")


def main(n: int, layouts: list[str]) -> None:
    """Generate each layout, run both sides on it."""
    with tempfile.TemporaryDirectory() as tmp:
        if "registry" in layouts:
            path = Path(tmp) / "registry.csv"
            generate(path, n)
            compare(path, "registry", n)
        wide = [layout for layout in layouts if layout != "registry"]
        if wide:
            import read  # noqa: PLC0415 - readers' generator of the wide member list

            table = read.rows(n)
            if "wide-csv" in wide:
                read.write_csv(Path(tmp) / "leden.csv", table)
                compare(Path(tmp) / "leden.csv", "wide-csv", n)
            if "xlsx" in wide:
                read.write_xlsx(Path(tmp) / "leden.xlsx", table)
                compare(Path(tmp) / "leden.xlsx", "xlsx", n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5.000 members")
    parser.add_argument("--members", type=int, default=None)
    parser.add_argument("--child", choices=["wmd", "peer"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--layout",
        action="append",
        choices=LAYOUTS,
        help="registry (wmd CSV), wide-csv (Dutch Excel CSV) or xlsx; default: all",
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.out, args.layout[0])
    else:
        main(args.members or (5_000 if args.quick else 100_000), args.layout or list(LAYOUTS))
