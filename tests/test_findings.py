"""Findings in words: Dutch and English rendering through the catalog and babel."""

from __future__ import annotations

import re
import string
from decimal import Decimal
from importlib import resources

import attrs
import hypothesis.strategies as st
import pendulum
import pytest
from babel.messages.pofile import read_po
from hypothesis import given

from wmd.datasets import (
    published_equity_2012,
    published_sector_table_2012,
    published_statement_2012,
    sample_registry,
)
from wmd.errors import InvalidInputError
from wmd.finance.claims import AppropriationClaim, DifferenceClaim, Direction
from wmd.finance.equity import Equity, Movement, Reserve
from wmd.findings import Finding, check_total, read_printed
from wmd.governance import (
    CodeRegister,
    Declaration,
    GovernanceCode,
    Principle,
    Registration,
    Removal,
    RemovalReason,
)
from wmd.i18n import label
from wmd.members import (
    Changes,
    EndReason,
    Member,
    Membership,
    PublishedSectorTable,
    PublishedSizeBands,
    Reconciliation,
    Registry,
)
from wmd.periods import Year

D = Decimal
date = pendulum.date
YEAR_2012 = Year(2012).period


def test_dutch_2012_equity_total_findings() -> None:
    """The printed 2012 equity totals are described in Dutch with Dutch-grouped numbers."""
    # 2012: 1.437.468 + 977.089 = 2.414.557; printed "2.44.557" cannot be read.
    # 2011: 1.166.884 + 966.584 = 2.133.468; printed 2.133.473; 2.133.473 - 2.133.468 = 5.
    unreadable, off_by_5 = published_equity_2012().validate()
    assert unreadable.describe("nl") == (
        "totaal (2012): gedrukte waarde is niet te lezen: een getal in Nederlandse notatie"
        " (1.234,56); gedrukt 2.44.557; berekend 2.414.557"
    )
    assert off_by_5.describe("nl") == (
        "totaal (2011): gedrukt getal wijkt af van de som van de delen;"
        " gedrukt 2.133.473; berekend 2.133.468; verschil 5"
    )
    assert off_by_5.describe("en") == (
        "total (2011): printed figure differs from the sum of its parts;"
        " printed 2.133.473; computed 2,133,468; difference 5"
    )


def test_str_is_the_english_description() -> None:
    """str() of a finding is describe("en"), so logs do not depend on a language setting."""
    for finding in published_equity_2012().validate():
        assert str(finding) == finding.describe("en")


def _small_registry() -> Registry:
    """A stays; B joins 1 March 2012; C cancels from 1 July 2012."""
    return Registry(
        (
            Member("A", "Stichting A", sectors=("LW",), spells=(Membership(date(2000, 1, 1)),)),
            Member("B", "Stichting B", sectors=("LW",), spells=(Membership(date(2012, 3, 1)),)),
            Member(
                "C",
                "Stichting C",
                sectors=("LW",),
                spells=(Membership(date(2000, 1, 1), date(2012, 7, 1), EndReason.CANCELLATION),),
            ),
        )
    )


def test_dutch_reconciliation_finding() -> None:
    """A printed opening of 1.250 against 2 in the registry is a Dutch finding naming B and C."""
    rec = _small_registry().reconcile(YEAR_2012)
    # Opening (31-12-2011): A, C = 2; closing (31-12-2012): A, B = 2.
    # Events in 2012, in date order: B joined 1 March, C left 1 July.
    # printed 1.250 - computed 2 = 1.248.
    [finding] = rec.findings(printed_opening="1.250", printed_closing="2")
    assert finding.describe("nl") == (
        "leden bij begin: gedrukt getal wijkt af van het ledenbestand (betrokken leden: B, C);"
        " gedrukt 1.250; berekend 2; verschil 1.248"
    )
    assert finding.args == (("members", "B, C"),)


def test_dutch_unbalanced_reconciliation_finding() -> None:
    """Counts that do not reconcile are described with grouped Dutch counts."""
    # 1.200 + 0 - 0 = 1.200, not 1.100.
    rec = Reconciliation(YEAR_2012, 1200, 1100, Changes(YEAR_2012, ()))
    [finding] = rec.findings()
    assert finding.describe("nl") == (
        "aansluiting ledenaantal: bij begin 1.200 + toegetreden 0 - vertrokken 0"
        " != bij einde 1.100; berekend 1.100"
    )


def test_dutch_share_findings_show_percentages() -> None:
    """Shares in findings are Dutch percentages with the printed number of decimals."""
    # Printed wage-sum shares: 30,7 + 25,8 + 8,1 + 14,6 + 7,8 + 0 = 87,0, not 100,0: 13,0.
    finding = published_sector_table_2012().validate()[1]
    assert finding.describe("nl") == (
        "Totaal: % van de loonsom: de gedrukte aandelen tellen op tot 87,0%,"
        " niet tot het gedrukte totaal; gedrukt 100,0; berekend 87,0%; verschil 13,0%"
    )


def test_dutch_dates_in_register_findings() -> None:
    """Dates in a finding are spelled out in the language of the description."""
    registry = Registry(
        (Member("A", "Stichting A", sectors=("LW",), spells=(Membership(date(2000, 1, 1)),)),)
    )
    code = GovernanceCode("2008", date(2008, 1, 1), (Principle("1", "Integrity"),))
    register = CodeRegister(
        (Registration("A", code, "RVT", date(2007, 12, 31), (Declaration.apply("1"),)),)
    )
    [finding] = register.check(registry)
    assert finding.describe("nl").endswith(
        ": geregistreerd voordat code 2008 inging op 1 januari 2008"
    )


def test_a_plain_note_without_args_still_works() -> None:
    """A finding built the old way, with a plain sentence, is shown as given (braces too)."""
    finding = Finding("Overige", "1.000", D(900), D(100), "typed over {wrongly}")
    # 1.000 - 900 = 100
    assert finding.describe("nl") == (
        "Overige: typed over {wrongly}; gedrukt 1.000; berekend 900; verschil 100"
    )


def test_amounts_with_cents_are_shown_to_the_cent() -> None:
    """A non-whole amount is shown with two decimals; a negative one with a minus sign."""
    finding = Finding("Saldo", "", D("-1234.5"), None, "an example")
    assert finding.describe("nl") == "Saldo: an example; berekend -1.234,50"


def test_args_must_fill_the_template() -> None:
    """A template with a placeholder the args do not have is refused."""
    with pytest.raises(InvalidInputError, match="note"):
        Finding("x", "", None, None, "off by {tolerance}", (("margin", D(5)),))


def test_args_may_be_given_as_a_mapping() -> None:
    """A mapping of args becomes (name, value) pairs in order."""
    finding = Finding("x", "", None, None, "{a} and {b}", {"a": 1, "b": 2})
    assert finding.args == (("a", 1), ("b", 2))


@given(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12))
def test_dutch_whole_amounts_are_always_grouped(computed: int, difference: int) -> None:
    """Invariant: no run of four digits in a Dutch description of whole amounts."""
    finding = Finding("Totaal", "", D(computed), D(difference), "differs")
    assert re.search(r"\d{4}", finding.describe("nl")) is None


# -- the catalog has every template ---------------------------------------------------------


def _every_kind_of_finding() -> list[Finding]:
    """At least one finding of every template the producers in src use."""
    found: list[Finding] = []
    # published tables: equity, sector shares, statement with an unreadable line
    found += published_equity_2012().validate()
    found += published_sector_table_2012().validate()
    published = published_statement_2012()
    lines = list(published.expenses)
    lines[6] = attrs.evolve(lines[6], cells=("95.5l4", "107.900"))
    found += attrs.evolve(published, expenses=tuple(lines)).validate()
    found += PublishedSectorTable.from_printed(
        [("A", "4", "x", "2.44.557", "25,0"), ("B", "1,5", "33,3", "100", "25,0")],
        total=("Totaal", "3", "100,0", "0", "100,0"),
    ).validate()
    found += PublishedSizeBands.from_printed([("klein", "120%"), ("groot", "5O%")]).validate()
    found += [f for f in (check_total("Totaal", "5", None),) if f is not None]
    found += [f for f in (read_printed("Saldo", "(-5)")[1],) if f is not None]
    # reconciliation: explained by one kind and by two kinds of change (84 - 67 = 17 mergers;
    # 765 + 24 = 789: the 7 joins and the 17 mergers), members involved (none explains 65),
    # none involved, counts that do not reconcile
    sample_2012 = sample_registry().reconcile(YEAR_2012)
    found += sample_2012.findings(printed_net_change="67")
    found += sample_2012.findings(printed_closing="789")
    found += sample_2012.findings(printed_closing="700")
    quiet = Registry(
        (Member("A", "Stichting A", sectors=("LW",), spells=(Membership(date(2000, 1, 1)),)),)
    )
    found += quiet.reconcile(YEAR_2012).findings(printed_opening="2", printed_closing="3")
    found += Reconciliation(YEAR_2012, 3, 1, Changes(YEAR_2012, ())).findings()
    # equity movements and claims
    found += Equity(2012, [Reserve.general("Algemeen", 0, 150)], 140).validate()
    found += Equity(
        2013, [Reserve.general("Algemeen", 0, 150)], 150, [Movement.appropriation("Algemeen", 100)]
    ).validate()
    statement = published_statement_2012().to_statement()
    actual, budget = "Realisatie 2012", "Begroting 2012"
    for direction, printed, tolerance in (
        (Direction.UP, "231.000", D(0)),
        (Direction.DOWN, "231.000", None),
    ):
        found += DifferenceClaim(
            "dues", "Contributies", actual, budget, direction, printed, tolerance
        ).check(statement)
    found += DifferenceClaim(
        "meetings", "Bijeenkomsten/cursussen", actual, budget, Direction.DOWN, "1%"
    ).check(statement)
    equity = published_equity_2012().to_equity(2012, closing="2012", opening="2011", result=281084)
    found += AppropriationClaim("surplus", "Bestemmingsreserves").check(equity)
    # the governance register
    code = GovernanceCode(
        "2008", date(2008, 1, 1), (Principle("1", "Integrity"), Principle("2", "Evaluation"))
    )
    one = (Declaration.apply("1"),)
    both = (*one, Declaration.apply("2"))

    def spell(start: pendulum.Date, end: pendulum.Date | None = None) -> Membership:
        return Membership(start, end, None if end is None else EndReason.CANCELLATION)

    members = Registry(
        tuple(
            Member(mid, f"Stichting {mid}", sectors=("LW",), spells=(membership,))
            for mid, membership in (
                ("A", spell(date(2005, 1, 1))),
                ("B", spell(date(2011, 1, 1))),
                ("C", spell(date(2005, 1, 1), date(2012, 1, 1))),
                ("D", spell(date(2005, 1, 1))),
            )
        )
    )
    merged = Removal(date(2012, 1, 1), RemovalReason.MERGER)  # A is still a member then
    asked = Removal(date(2012, 1, 2), RemovalReason.ON_REQUEST)  # a day after C left
    found += CodeRegister(
        (
            Registration("X", code, "RVT", date(2010, 1, 1), both),  # not a member ever
            Registration("B", code, "RVT", date(2010, 1, 1), both),  # member from 2011
            Registration("A", code, "RVT", date(2010, 1, 1), both, removal=merged),
            Registration("C", code, "RVT", date(2010, 1, 1), both, removal=asked),
            Registration("C", code, "RVT", date(2013, 1, 1), both),  # no later membership
            # before the code, principle 2 undeclared, review passed by 31-12-2012
            Registration("D", code, "RVT", date(2007, 1, 1), one, review=date(2012, 1, 1)),
        )
    ).check(members, as_of=date(2012, 12, 31))
    return found


TEMPLATES = {
    "printed value cannot be read: {expected}",
    "cannot be recomputed: a part is unreadable",
    "printed figure differs from the sum of its parts",
    "a count must be a whole number >= 0",
    "cannot be recomputed: a part or the total is unreadable or zero",
    "printed share differs from the share recomputed from the parts",
    "cannot be recomputed: a printed share is unreadable",
    "the printed shares add up to {total}, not to the printed total",
    "more members in one sector than members in all",
    "a share must be 0 to 100",
    "opening {opening} + joined {joined} - left {left} != closing {closing}",
    "printed figure differs from the registry (members involved: {members})",
    "the difference is the {count} members {kind} in the period: {members}",
    (
        "the difference is the {count} members {kind} and the {other_count} {other_kind}"
        " in the period: {members}"
    ),
    "printed figure differs from the registry (no members involved)",
    "the change in equity is not the result plus the other movements",
    "the appropriation does not add up to the result",
    "the reserve's change is not the sum of its movements",
    "the figure moved the other way",
    "the claim is off by more than {tolerance}",
    "cannot be recomputed: the figure compared with is zero",
    "the reserve did not grow by the result",
    "the organisation is not in the member registry",
    "registered while not a member",
    "registered while not a member (membership starts {start})",
    "registration outlives the membership, which ended {end}",
    "removed for '{reason}' on {date} while still a member",
    "registered before code {version} took effect on {effective}",
    "no declaration for principle {principle} of code {version}",
    "review date {review} passed, still listed on {as_of}",
}
ENGLISH_WHATS = {
    "% of members",
    "% of wage sum",
    "appropriation of the result",
    "change",
    "change in equity",
    "change in members",
    "members",
    "members at end",
    "members at start",
    "reconciliation",
    "total",
    "wage sum",
}


def test_every_finding_template_has_a_dutch_translation() -> None:
    """Every template and English line name the producers use is in the Dutch catalog."""
    found = _every_kind_of_finding()
    # the list of templates is complete: each is produced, and nothing else is
    assert {f.note for f in found} == TEMPLATES
    assert {part for f in found for part in f.what.split(": ")} >= ENGLISH_WHATS
    untranslated = [t for t in TEMPLATES | ENGLISH_WHATS if label(t, "nl") == t]
    assert untranslated == []
    # a text value that is an English phrase is translated too
    expected = {str(value) for f in found for name, value in f.args if name == "expected"}
    assert [e for e in expected if label(e, "nl") == e] == []
    for finding in found:
        assert finding.describe("nl") != finding.describe("en")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_dutch_templates_have_the_placeholders_of_their_msgid() -> None:
    """Every Dutch message fills exactly the placeholders its English msgid has."""
    source = resources.files("wmd").joinpath("locale", "nl", "LC_MESSAGES", "wmd.po")
    with source.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    mismatched = [
        str(m.id)
        for m in catalog
        if m.id and isinstance(m.string, str) and _fields(str(m.id)) != _fields(m.string)
    ]
    assert mismatched == []
