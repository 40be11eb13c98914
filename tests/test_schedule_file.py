"""Dues schedules survive TOML and JSON round trips; bad files name every bad key."""

from __future__ import annotations

import pytest
from hypothesis import given

from wmd.convert import StructureError
from wmd.finance.dues import DuesSchedule
from wmd.finance.schedule_file import schedule_from_json, schedule_from_toml
from wmd.testing import dues_schedules


@given(dues_schedules())
def test_schedule_toml_round_trip_is_lossless(schedule: DuesSchedule) -> None:
    """Any schedule written as TOML reads back equal."""
    assert DuesSchedule.from_toml(schedule.to_toml()) == schedule


@given(dues_schedules())
def test_schedule_json_round_trip_is_lossless(schedule: DuesSchedule) -> None:
    """Any schedule written as JSON reads back equal."""
    assert DuesSchedule.from_json(schedule.to_json()) == schedule


def test_bad_schedule_file_lists_every_problem() -> None:
    """A file with several mistakes reports each of them at once, with its path."""
    text = """
year = 2013
[formula]
kind = "rate"
rate = "-0.1"
[basis]
kind = "turnover"
"""
    with pytest.raises(StructureError) as info:
        schedule_from_toml(text, source="dues.toml")
    message = str(info.value)
    assert "dues.toml" in message
    assert "$.formula" in message
    assert "$.basis: kind" in message
    assert "turnover" in message


def test_invalid_toml_and_json_are_clear_errors() -> None:
    """Text that is not TOML or JSON at all is a StructureError, not a parser exception."""
    with pytest.raises(StructureError, match="not valid TOML"):
        schedule_from_toml("year = ")
    with pytest.raises(StructureError, match="not valid JSON"):
        schedule_from_json("{")
