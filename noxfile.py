"""Every way to test, lint, type-check, document, benchmark and demo wmd.

Sessions run on the Python that runs nox (no version matrix that may be missing).
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck"]

DEV = ".[dev]"
# Pinned so a new release cannot turn CI red without a change here.
RUFF = "ruff==0.17.6"
MYPY = "mypy==2.4.1"


@nox.session
def tests(session: nox.Session) -> None:
    """Run pytest: unit, property and example tests, doctests in src/ and docs/, the notebook."""
    session.install("-e", DEV)
    session.run("pytest", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Hostile input through every public door: ``nox -s fuzz`` runs over 100.000 (``-- 500000`` more).

    Prints the number of inputs and the time; fails on any exception outside WmdError, any
    call of a second or more (processor time) and any round trip that changes the data.
    """
    session.install("-e", DEV)
    inputs = session.posargs[0] if session.posargs else "110000"  # about 100.000 calls run
    session.run(
        "pytest", "tests/fuzz", "-q", "-p", "no:cacheprovider", env={"WMD_FUZZ_INPUTS": inputs}
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff check and format check."""
    session.install(RUFF)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check src/ and tests/ with mypy --strict (tests/typing uses the API as a user would)."""
    session.install("-e", DEV, MYPY, "pandas-stubs", "types-openpyxl")
    session.run("mypy", "--strict", "src", "tests")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx site with warnings as errors; every executable example runs."""
    session.install("-e", DEV, "-r", "docs/requirements.txt")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: scalar vs vectorized vs bare numpy, as ratios (kept out of CI)."""
    session.install("-e", DEV, "dask[distributed]")  # the projection through a LocalCluster too
    session.run("python", "benchmarks/run.py", *session.posargs)
    session.run("python", "benchmarks/projection.py", "--quick")
    session.run("python", "benchmarks/read.py", *(["--quick"] if session.posargs else []))
    session.run("python", "benchmarks/endtoend.py")  # 100.000 members; --quick: 5.000
    session.run("python", "benchmarks/invoicing.py")  # 765 and 100.000 invoices on SQLite
    session.run("python", "benchmarks/imports.py")  # fresh-interpreter import times, best of 7
    session.run("python", "benchmarks/keyfigures.py")  # counts and key figures, 100.000 members


@nox.session
def demo(session: nox.Session) -> None:
    """The demo on the bundled sample data."""
    session.install("-e", ".[plot]")
    session.run("python", "-m", "wmd", "demo", *session.posargs)


@nox.session
def dask(session: nox.Session) -> None:
    """Projection through a dask.distributed LocalCluster, bit-identical to the serial run."""
    session.install("-e", DEV, "dask[distributed]")
    session.run("pytest", "-m", "dask", "tests", *session.posargs)
