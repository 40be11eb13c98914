"""The registry in a notebook: wmd.members.frames (repr, HTML summary, pandas both ways)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from wmd.datasets import sample_registry
from wmd.errors import BadFileError
from wmd.members import Registry
from wmd.members.frames import from_pandas, short_repr, summary_html, to_pandas
from wmd.testing import registries


@settings(max_examples=40, deadline=None)
@given(registries())
def test_to_pandas_then_from_pandas_is_the_same_registry(registry: Registry) -> None:
    """Frames from to_pandas read back through from_pandas give an equal registry."""
    frames = to_pandas(registry)
    assert from_pandas(frames.members, frames.figures, frames.spells, sectors=registry.sectors) == (
        registry
    )


@settings(max_examples=20, deadline=None)
@given(registries(min_members=1))
def test_tidy_frame_has_a_row_per_member_year(registry: Registry) -> None:
    """The tidy frame has one row per member-year, and one for each member without figures."""
    tidy = to_pandas(registry, tidy=True)
    # rows = sum over members of max(1, number of years with figures)
    assert len(tidy) == sum(max(1, len(m.figures)) for m in registry)


def test_from_pandas_reports_every_bad_cell() -> None:
    """A frame with a negative wage sum and an unknown sector is refused with both problems."""
    pd = pytest.importorskip("pandas")
    members = pd.DataFrame(
        {"id": ["A", "B"], "name": ["Stichting A", "Stichting B"], "sectors": ["LW", "JZ"]}
    )
    figures = pd.DataFrame({"id": ["A"], "year": [2012], "wage_sum": ["-5"]})
    with pytest.raises(BadFileError) as caught:
        from_pandas(members, figures)
    assert [(row.column, row.value) for row in caught.value.rows] == [
        ("sectors", "JZ"),
        ("wage_sum", "-5"),
    ]


def test_repr_is_one_short_line_and_html_summarises() -> None:
    """The sample registry's repr is one line under 200 characters; its HTML counts members."""
    registry = sample_registry()
    text = short_repr(registry)
    assert "\n" not in text
    assert len(text) < 200
    page = summary_html(registry)
    assert f"{len(registry)} members" in page
    # header + one row per sector, then header + the first five members
    assert page.count("<tr>") == 1 + len(registry.sectors) + 1 + 5


def test_registry_methods_use_the_frames_module() -> None:
    """Registry's repr, _repr_html_, to_pandas and from_pandas are the frames module's."""
    registry = sample_registry()
    assert repr(registry) == short_repr(registry)
    assert registry._repr_html_() == summary_html(registry)
    frames = registry.to_pandas()
    assert Registry.from_pandas(frames.members, frames.figures, frames.spells) == registry
