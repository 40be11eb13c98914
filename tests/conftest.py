"""Hypothesis profiles for the test session.

``quick`` (the default) keeps the whole session fast: fewer examples per
property, still every invariant on every example. ``HYPOTHESIS_PROFILE=thorough``
runs 1000 examples per property (run it before a release, or on a bug hunt):

    HYPOTHESIS_PROFILE=thorough nox -s tests -- tests/test_properties.py

CI machines have two cores and may be busy, so wall-clock health checks and
deadlines would fail tests for reasons that say nothing about wmd: both profiles
switch them off. A test's own ``@settings(max_examples=...)`` overrides the profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_CALM = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}

settings.register_profile("quick", max_examples=40, **_CALM)  # type: ignore[arg-type]
settings.register_profile("thorough", max_examples=1000, **_CALM)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))
