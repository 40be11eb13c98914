"""Case 9: a printed count that disagrees with the registry names the changes that explain it."""

from __future__ import annotations

from decimal import Decimal

import pendulum

from wmd.datasets import sample_registry
from wmd.members import EndReason, EventKind, Member, Membership, Registry
from wmd.periods import Year

D = pendulum.date


def test_printed_fall_of_67_is_explained_by_the_17_mergers() -> None:
    """The sample's 'fell by 67' against 849 -> 765 names the 17 mergers, not 20 sample events."""
    registry = sample_registry()
    rec = registry.reconcile(Year(2012).period)
    # 849 - 765 = 84 fewer; printed 67: 84 - 67 = 17, the number of mergers in 2012
    # (46 cancellations, 28 terminations, 17 mergers, 7 joins: no other kind counts 17).
    [finding] = rec.findings(printed_net_change="67")
    assert (finding.computed, finding.difference) == (Decimal(84), Decimal(-17))
    mergers = sorted(e.member_id for e in rec.changes.merged)
    assert len(mergers) == 17
    args = dict(finding.args)
    assert (args["count"], args["kind"]) == (17, "merged")
    assert sorted(str(args["members"]).split(", ")) == mergers
    assert finding.describe("nl").startswith(
        "verandering aantal leden: het verschil is de 17 leden gefuseerd in de periode: "
    )


def test_two_kinds_together_can_explain_a_difference() -> None:
    """A printed closing count that missed the 1 cancellation and the 2 mergers is 3 off."""
    a = Member("A", "A", sectors=("LW",), spells=(Membership(D(2000, 1, 1)),))
    b = Member(
        "B",
        "B",
        sectors=("LW",),
        spells=(Membership(D(2000, 1, 1), D(2012, 7, 1), EndReason.MERGER, "A"),),
    )
    c = Member(
        "C",
        "C",
        sectors=("LW",),
        spells=(Membership(D(2000, 1, 1), D(2012, 5, 1), EndReason.MERGER, "A"),),
    )
    d = Member(
        "D",
        "D",
        sectors=("LW",),
        spells=(Membership(D(2000, 1, 1), D(2012, 3, 1), EndReason.CANCELLATION),),
    )
    rec = Registry((a, b, c, d)).reconcile(Year(2012).period)
    # opening 4 (A-D) - 3 left = 1 (A); printed 4 = 1 + 3: no single kind has 3 events
    # (1 cancelled, 2 merged); cancelled + merged do: D, C, B in date order.
    explanation = rec.explain(3)
    assert explanation is not None
    assert explanation.kinds == (EventKind.CANCELLED, EventKind.MERGED)
    assert explanation.member_ids == ("D", "C", "B")
    [finding] = rec.findings(printed_closing="4")
    assert finding.describe("en") == (
        "members at end: the difference is the 1 members cancelled and the 2 merged in the period:"
        " D, C, B; printed 4; computed 1; difference 3"
    )


def test_unexplained_difference_lists_every_member_involved() -> None:
    """When no kind of change accounts for it, every member with a change is listed (not 20)."""
    rec = sample_registry().reconcile(Year(2012).period)
    # printed 700 vs 765: 65; kinds count 7, 46, 28 and 17 and no one or two of them make 65.
    [finding] = rec.findings(printed_closing="700")
    assert rec.explain(-65) is None
    assert len(str(dict(finding.args)["members"]).split(", ")) == len(rec.changes.events) == 98
