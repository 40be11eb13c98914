"""Hypothesis strategies for wmd's values (in progress; see tests)."""


def _hypothesis_setup_hook() -> None:
    """Register wmd's types with hypothesis (filled in with the strategies)."""
