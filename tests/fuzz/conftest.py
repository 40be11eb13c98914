"""Counting the fuzz inputs: every call through a door of wmd counts one input; the total is printed.

``WMD_FUZZ_INPUTS`` sets the number of inputs the fuzz tests share (default: a short
run of a few seconds in the normal test session); ``nox -s fuzz`` sets 100.000.
"""

from __future__ import annotations

import time

import attrs
import pytest


@attrs.define
class Budget:
    """Inputs run so far, and the slowest call."""

    inputs: int = 0
    started: float = attrs.field(factory=time.perf_counter)
    slowest: tuple[float, str] = (0.0, "")

    def count(self, seconds: float, door: str) -> None:
        """One input went through ``door`` in ``seconds``."""
        self.inputs += 1
        self.slowest = max(self.slowest, (seconds, door))


BUDGET = Budget()


@pytest.fixture(scope="session")
def budget() -> Budget:
    """The session's input counter (session-scoped, so hypothesis may share it)."""
    return BUDGET


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many hostile inputs ran, and in how long."""
    if BUDGET.inputs:
        seconds = time.perf_counter() - BUDGET.started
        terminalreporter.write_line(
            f"fuzz: {BUDGET.inputs} hostile inputs in {seconds:.1f} s "
            f"(slowest call {BUDGET.slowest[0]:.3f} s: {BUDGET.slowest[1]})"
        )
