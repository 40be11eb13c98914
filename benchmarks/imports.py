"""Import times: ``import wmd``, ``wmd.members`` and ``wmd.finance`` beside numpy and pandas.

Run with ``nox -s bench`` (or ``python benchmarks/imports.py [runs]``). Each figure is the
best of ``runs`` (default 7) fresh interpreters, each timing its own ``import`` with
``time.perf_counter`` (the interpreter's start-up is not counted). numpy and pandas are
what an analyst's script pays before it computes anything; wmd loads numpy and the other
heavy parts on first use (issue 17: under 0,3 s for ``wmd.finance`` and ``wmd.members``).
"""

from __future__ import annotations

import subprocess
import sys

MODULES = ("wmd", "wmd.members", "wmd.finance", "numpy", "pandas")
TARGET = 0.3  # seconds, for wmd.members and wmd.finance
CODE = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def import_time(module: str) -> float:
    """Seconds a fresh interpreter takes to import ``module``."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", CODE.format(module)], capture_output=True, text=True, check=True
    )
    return float(result.stdout)


def main(runs: int = 7) -> None:
    """Print the best of ``runs`` fresh-interpreter import times per module."""
    best = {module: min(import_time(module) for _ in range(runs)) for module in MODULES}
    print(f"import times, best of {runs} fresh interpreters:")
    for module, seconds in best.items():
        note = ""
        if module in {"wmd.members", "wmd.finance"}:
            note = f"  (target < {TARGET} s: {'met' if seconds < TARGET else 'MISSED'})"
        print(f"  import {module:<12} {seconds:6.3f} s{note}")
    print(f"wmd.finance vs import numpy:  {best['wmd.finance'] / best['numpy']:.2f}x the time")
    print(f"wmd.finance vs import pandas: {best['wmd.finance'] / best['pandas']:.2f}x the time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
