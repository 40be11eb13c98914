"""Kept for old imports: the dues strategies live in :mod:`wmd.testing` (import them from there)."""

from __future__ import annotations

from wmd.testing import dues_schedules, formulas, prorations, roll_registries

__all__ = ["dues_schedules", "formulas", "prorations", "roll_registries"]
