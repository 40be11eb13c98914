"""Import times: ``import wmd``, ``wmd.members`` and ``wmd.finance`` beside numpy and pandas.

Run with ``nox -s bench`` (or ``python benchmarks/imports.py [runs]``). Each figure is the
best of ``runs`` (default 7) fresh interpreters, each timing its own ``import`` with
``time.perf_counter`` (the interpreter's start-up is not counted). The rounds go through
all modules in turn, so a busy moment on the machine costs every module alike. numpy and
pandas are what an analyst's script pays before it computes anything; wmd loads numpy and
the other heavy parts on first use (issue 17: under 0,3 s for ``wmd.finance`` and
``wmd.members``).

Two columns: "as run" uses the environment as it is; where it forbids writing bytecode
(``PYTHONDONTWRITEBYTECODE``, and a venv installed without compiling it) every module is
compiled from source at each import. "bytecode cached" is what an installed package costs:
the same imports with a scratch ``PYTHONPYCACHEPREFIX``, filled by one import first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

MODULES = ("wmd", "wmd.members", "wmd.finance", "numpy", "pandas")
TARGET = 0.3  # seconds, for wmd.members and wmd.finance
CODE = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"


def import_time(module: str, env: dict[str, str]) -> float:
    """Seconds a fresh interpreter takes to import ``module``."""
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", CODE.format(module)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(result.stdout)


def best_times(runs: int, env: dict[str, str]) -> dict[str, float]:
    """The best of ``runs`` rounds per module, each round importing every module once."""
    best = dict.fromkeys(MODULES, float("inf"))
    for _ in range(runs):
        for module in MODULES:
            best[module] = min(best[module], import_time(module, env))
    return best


def main(runs: int = 7) -> None:
    """Print the best of ``runs`` fresh-interpreter import times per module, both ways."""
    as_run = best_times(runs, dict(os.environ))
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for module in MODULES:  # fill the cache
            import_time(module, env)
        cached = best_times(runs, env)
    how = "no bytecode written" if sys.flags.dont_write_bytecode else "bytecode written"
    print(f"import times, best of {runs} fresh interpreters (as run: {how})")
    print(f"  {'':20} {'as run':>8} {'bytecode cached':>16}")
    for module in MODULES:
        note = ""
        if module in {"wmd.members", "wmd.finance"}:
            note = (
                f"  (target < {TARGET} s as run: {'met' if as_run[module] < TARGET else 'MISSED'})"
            )
        print(f"  import {module:<13} {as_run[module]:6.3f} s {cached[module]:14.3f} s{note}")
    for peer in ("numpy", "pandas"):
        print(
            f"wmd.finance vs import {peer}: {as_run['wmd.finance'] / as_run[peer]:.2f}x the time"
            f" as run, {cached['wmd.finance'] / cached[peer]:.2f}x bytecode cached"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
