"""The lifecycle and validation API used as a downstream app would, checked by mypy --strict."""

from __future__ import annotations

from typing import assert_type

import pendulum

from wmd.errors import FieldProblem
from wmd.members import (
    BW_2_36,
    Explanation,
    Member,
    MembershipEvent,
    NoticeRule,
    Registry,
    YearFigures,
)
from wmd.periods import Date, Year


def test_lifecycle_api_types() -> None:
    """Operations return (Registry, MembershipEvent); rules and problems have their types."""
    registry = Registry(())
    joined = registry.join(Member("A", "Stichting A", sectors=("LW",)), pendulum.date(2001, 1, 1))
    assert_type(joined, tuple[Registry, MembershipEvent])
    registry, _ = joined
    after, event = registry.cancel("A", pendulum.date(2012, 11, 15), rule=NoticeRule.before(12, 1))
    assert_type(event, MembershipEvent)
    assert_type(BW_2_36.effective_end(pendulum.date(2012, 11, 15)), Date)
    assert_type(YearFigures.problems(2012), list[FieldProblem])
    assert_type(Registry.problems(after.members), list[FieldProblem])
    explanation = after.reconcile(Year(2013).period).explain(1)
    assert_type(explanation, Explanation | None)
    assert explanation is not None
    assert explanation.member_ids == ("A",)
