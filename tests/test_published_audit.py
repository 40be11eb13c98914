"""The whole-report audit: relations across tables and text, and the located misprint."""

from __future__ import annotations

import copy
import tomllib
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wmd.cli import main
from wmd.errors import InvalidInputError, WmdError
from wmd.i18n import format_amount, label
from wmd.published.findings import CERTAINTY_TEXT, ReportFinding
from wmd.published.misprints import KINDS, kind_of
from wmd.published.relations import Relation, parse_relation
from wmd.published.report import Report, ReportFileError


def _text(name: str) -> str:
    return resources.files("wmd.datasets").joinpath(name).read_text(encoding="utf-8")


PUBLISHED = Report.from_toml(_text("published_2012.toml"), source="published_2012.toml")
CORRECTED = Report.from_toml(_text("corrected_2012.toml"), source="corrected_2012.toml")


def _by_culprit(found: list[ReportFinding]) -> dict[str, ReportFinding]:
    return {(f.culprit.figure or f.culprit.row) if f.culprit else "": f for f in found}


def test_2012_report_gives_exactly_the_hand_found_inconsistencies() -> None:
    """The bundled 2012 report gives the five inconsistencies a careful reader finds, each with its culprit."""
    found = _by_culprit(PUBLISHED.audit())
    assert set(found) == {
        "equity.totaal.2012",
        "equity.algemene_reserves.2011",
        "sector_table.kennisinstituten_steunfuncties.wage_sum_percent",
        "members.fell_by",
        "toekomstperspectief leden",
    }
    # 1. Equity 2012 total "2.44.557" is unreadable; the reserves add to
    #    1.437.468 + 977.089 = 2.414.557 and 2.133.473 + 281.084 = 2.414.557: a dropped "1".
    total = found["equity.totaal.2012"]
    assert total.certainty == "unreadable"
    assert total.culprit is not None
    assert total.culprit.needed == 2414557
    assert total.culprit.kind == "a digit dropped"
    assert len(total.relations) == 2  # both relations give 2.414.557
    # 2. 2011: 1.166.884 + 966.584 = 2.133.468, printed 2.133.473 (5 apart); the reserves
    #    grew 2.414.557 - 2.133.468 = 281.089, the result is 281.084 (5 apart). The printed
    #    total is confirmed by 2.133.473 + 281.084 = 2.414.557, so a 2011 reserve is 5 short:
    #    general 966.589 (one digit wrong) explains both; earmarked 1.166.889 would take the
    #    earmarked claim further off (10.500 -> 10.505), so it does not fit.
    reserve = found["equity.algemene_reserves.2011"]
    assert reserve.culprit is not None
    assert reserve.culprit.needed == 966589
    assert reserve.culprit.kind == "one digit wrong"
    assert reserve.certainty == "only"
    assert len(reserve.relations) == 2
    # 3. Kennisinstituten wage-sum share printed 0; 186.992.376 / 1.439.651.139 = 12,99% -> 13,0,
    #    and the shares add to 30,7 + 25,8 + 8,1 + 14,6 + 7,8 + 0 = 87,0, not 100,0: one figure.
    share = found["sector_table.kennisinstituten_steunfuncties.wage_sum_percent"]
    assert share.culprit is not None
    assert share.culprit.needed == 13
    assert share.certainty == "only"
    assert len(share.relations) == 2  # said once: the share and the sum of shares
    # 4. "fell by 67" while 849 - 765 = 84; 765 is also the table's total, so not 765: the
    #    text's 67 (-> 84), or 849 (-> 832) less likely (a table count before a text claim).
    fell = found["members.fell_by"]
    assert fell.culprit is not None
    assert fell.culprit.needed == 84
    assert fell.certainty == "likely"
    assert [c.figure for c in fell.alternatives] == ["members.end_2011"]
    assert fell.alternatives[0].needed == 832
    # 5. The earmarked reserve grew 1.437.468 - 1.166.884 = 270.584 while the text says the
    #    surplus 281.084 was added to it: 10.500 short, and no printed figure can change
    #    without breaking another relation, so the culprit is the text's claim.
    claim = found["toekomstperspectief leden"]
    assert claim.certainty == "claim"
    sides = claim.relations[0].sides(claim.values)
    assert sides == (Fraction(270584), Fraction(281084))


def test_2012_relations_that_hold_are_not_findings() -> None:
    """Dues 231.055 above budget is 'about 231.000', 1,4 miljard fits 1.439.651.139, the statement adds up."""
    found = PUBLISHED.audit()
    named = {name for f in found for r in f.relations for name in r.figures}
    assert "dues.above_budget" not in named  # 2.987.055 - 2.756.000 = 231.055, within 500
    assert "members.wage_sum" not in named  # 1,35 to 1,45 miljard
    assert all(f.culprit is None or f.culprit.table != "income_statement" for f in found)


def test_findings_render_in_english_without_dutch_row_labels() -> None:
    """English findings say "total" and "General reserves", not the Dutch "Totaal" or "Algemene reserves"."""
    english = "\n".join(f.describe("en") for f in PUBLISHED.audit())
    dutch = "\n".join(f.describe("nl") for f in PUBLISHED.audit())
    assert "Equity: total: 2012 (line 100): printed 2.44.557, would need 2,414,557" in english
    assert "Totaal" not in english
    assert "General reserves" in english
    assert "Eigen vermogen: Totaal: 2012 (regel 100): gedrukt 2.44.557" in dutch


def test_corrected_report_has_no_findings() -> None:
    """The corrected copy (every misprint fixed, the 10.500 transfer stated) gives no finding."""
    assert CORRECTED.audit() == []


def test_cli_validate_exit_status_and_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``wmd validate`` exits 1 on the bundled report, 0 on the corrected one, 2 on bad input."""
    folder = resources.files("wmd.datasets")
    assert main(["validate", str(folder.joinpath("published_2012.toml")), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out.count("\n1. ") + out.startswith("1. ") <= 1
    assert "would need 966,589 (one digit wrong)" in out
    assert main(["validate", str(folder.joinpath("corrected_2012.toml"))]) == 0
    assert "Geen bevindingen." in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text('[relations]\nr = "a ="\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # one line, no traceback
    assert "line 2: relations.r" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[ledenn]\nx = "1"\n', "line 1: [ledenn]: expected one of the sections"),
        ('[members]\nfell_by = "67"\nfel_by = "1"\n', "line 3: members.fel_by: expected one of"),
        (
            '[members]\nfell_by = "67"\n[relations]\nmine = "members.fel_by == 1"\n',
            "line 4: relations.mine: no printed figure named members.fel_by",
        ),
        (
            '[members]\nfell_by = "67"\n[relations]\nmine = "members.fell_by = 1"\n',
            "line 4: relations.mine: relation: expected an expression",
        ),
        ("[relations]\nmine = \"__import__('os') == 1\"\n", "line 2: relations.mine"),
        ("[members\n", "not valid TOML"),
    ],
)
def test_bad_report_files_raise_one_error_with_the_line(text: str, message: str) -> None:
    """Unknown tables and keys, unknown names and non-expressions are a ReportFileError naming the line."""
    with pytest.raises(ReportFileError) as caught:
        Report.from_toml(text, source="mine.toml")
    assert message in str(caught.value)
    assert isinstance(caught.value, WmdError)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    """Two bad relations and an unknown section give three problems in one error."""
    text = '[x]\n[members]\nfell_by = "1"\n[relations]\na = "1 +"\nb = "nope == 1"\n'
    with pytest.raises(ReportFileError) as caught:
        Report.from_toml(text)
    assert len(caught.value.problems) == 3


def test_a_wrong_total_is_said_once_not_once_per_share() -> None:
    """A misprinted sector wage-sum total makes every share fail, yet gives one finding: the total."""
    name = "sector_table.totaal.wage_sum"
    figure = CORRECTED.figures[name]
    assert figure.printed == "1.439.651.139"
    changed = attrs.evolve(figure, printed="1.349.651.139")  # 4 and 3 swapped
    found = attrs.evolve(CORRECTED, figures={**CORRECTED.figures, name: changed}).audit()
    (finding,) = found
    assert finding.culprit is not None
    assert finding.culprit.figure == name
    assert finding.culprit.needed == 1439651139
    assert finding.culprit.kind == "two digits swapped"
    assert finding.certainty == "only"
    # the sum of the six wage sums, the wage sum in words (1,35 miljard is outside 1,4 +- 0,05)
    # and the shares that change at one decimal: all restored by the one figure
    assert len(finding.relations) >= 3


def test_an_unreadable_figure_is_a_finding_not_an_error() -> None:
    """A figure that cannot be read ("1O") is a finding with the value the relations give."""
    report = Report.from_toml('[members]\nend_2011 = "849"\nend_2012 = "765"\nfell_by = "8A"\n')
    (finding,) = report.audit()
    assert finding.certainty == "unreadable"
    assert finding.culprit is not None
    assert finding.culprit.needed == 84  # 849 - 765


def test_user_relation_is_checked_and_located() -> None:
    """A user's relation between named figures fails and names its culprit."""
    text = (
        '[dues]\nactual = "2.987.055"\nbudget = "2.756.000"\n'
        '[relations]\nfell_little = "dues.actual * 100 / dues.budget <= 105"\n'
    )
    (finding,) = Report.from_toml(text).audit()
    # 2.987.055 * 100 / 2.756.000 = 108,38 > 105
    assert finding.relations[0].line == 5
    assert {"dues.actual", "dues.budget"} & set(finding.figures)


def test_expressions_are_parsed_never_evaluated() -> None:
    """The relation parser accepts only names, numbers, + - * / and one comparison."""
    relation = parse_relation("a - (b + c) * 2 == 0 within 0.5")
    assert isinstance(relation, Relation)
    assert relation.holds({"a": Fraction(6), "b": Fraction(1), "c": Fraction(2)}) is True
    for bad in ("a ==", "a == b == c", "a ** 2 == 1", "a; b == 1", "a == 1 within -1", "f(a) == 1"):
        with pytest.raises(InvalidInputError):
            parse_relation(bad)


@pytest.mark.parametrize(
    ("printed", "needed", "kind"),
    [
        ("2.44.557", 2414557, "a digit dropped"),  # the "1" dropped
        ("2.4114.557", 2414557, "a digit doubled or added"),
        ("2.133.437", 2133473, "two digits swapped"),
        ("966.584", 966589, "one digit wrong"),
        ("(12.920)", 12920, "wrong sign"),
        ("281.084", 270584, "a round difference"),  # 10.500 apart
        ("67", 84, "another difference"),
    ],
)
def test_kinds_of_misprint(printed: str, needed: int, kind: str) -> None:
    """Each kind of misprint is told from the printed text and the value it would need."""
    assert kind_of(printed, needed) == kind


# --- single changes to a copy of the report ---------------------------------------------

_CHECKED = sorted(
    name
    for name in CORRECTED.figures
    if any(name in r.figures for r in CORRECTED.relations)
    and CORRECTED.figures[name].kind in {"amount", "count", "percent", "about"}
    and any(c.isdigit() for c in CORRECTED.figures[name].printed)
)


def _dutch(value: Fraction, decimals: int) -> str:
    text = format_amount(
        Decimal(round(value * 10**decimals)).scaleb(-decimals), "nl", decimals=2 if decimals else 0
    )
    if decimals == 1:
        text = text[:-1]
    return text


@st.composite
def single_change(draw: st.DrawFn) -> tuple[str, str]:
    """A figure of the corrected report and a misprint of it: two digits swapped, one digit wrong, or off by an amount."""
    name = draw(st.sampled_from(_CHECKED))
    printed = CORRECTED.figures[name].printed
    positions = [i for i, c in enumerate(printed) if c.isdigit()]
    how = draw(st.sampled_from(["swap", "digit", "off"]))
    if how == "swap" and len(positions) >= 2:
        i = draw(st.integers(0, len(positions) - 2))
        a, b = positions[i], positions[i + 1]
        chars = list(printed)
        chars[a], chars[b] = chars[b], chars[a]
        return name, "".join(chars)
    if how == "digit":
        at = draw(st.sampled_from(positions))
        digit = draw(st.sampled_from("0123456789"))
        return name, printed[:at] + digit + printed[at + 1 :]
    value, _, _ = CORRECTED.figures[name].read()
    assert value is not None
    assume(CORRECTED.figures[name].kind != "about")  # "1,4 miljard" is changed digit by digit
    decimals = len(printed.partition(",")[2])
    off = Fraction(draw(st.integers(1, 99_999)), 10**decimals) * draw(st.sampled_from([1, -1]))
    assume(value + off >= 0)
    return name, _dutch(value + off, decimals)


@settings(max_examples=200, deadline=None)
@given(single_change())
def test_any_single_change_is_found_and_located(change: tuple[str, str]) -> None:
    """A digit swapped, a digit wrong or an amount off in any checked figure is found, and that figure is a culprit."""
    name, printed = change
    figure = CORRECTED.figures[name]
    value, _, _ = figure.read()
    changed = attrs.evolve(figure, printed=printed)
    new_value, _, problem = changed.read()
    assume(problem is None and new_value != value)
    report = attrs.evolve(CORRECTED, figures={**CORRECTED.figures, name: changed})
    found = report.audit()
    assume(found)  # a change within a relation's tolerance or rounding can go unseen
    (finding,) = found  # one change, one finding: said once, with all its relations
    assert name in finding.figures, str(finding)
    assert finding.certainty != "none", str(finding)


# --- any value of the file replaced by any TOML value -----------------------------------

_BASE_TEXT = _text("published_2012.toml")
_BASE = tomllib.loads(_BASE_TEXT)


def _paths(data: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        items: list[tuple[str | int, object]] = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return []
    out: list[tuple[str | int, ...]] = []
    for key, value in items:
        out += [(*prefix, key), *_paths(value, (*prefix, key))]
    return out


_TOML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6) | st.floats(allow_nan=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_paths(_BASE)), _TOML_VALUE)
def test_any_value_replaced_gives_findings_or_one_error_never_a_crash(
    path: tuple[str | int, ...], value: object
) -> None:
    """Whatever value a key or cell holds, reading and auditing gives findings or a ReportFileError."""
    data = copy.deepcopy(_BASE)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        found = Report.from_data(data, _BASE_TEXT).audit()
    except ReportFileError as err:
        found = []
        problems = err.problems
    else:
        problems = ("",)
    assert problems
    assert all(f.describe("en") and f.describe("nl") for f in found)


def test_every_audit_message_has_a_dutch_translation() -> None:
    """Each relation description, misprint kind, certainty and text-figure label is in the catalog."""
    terms = {r.what for r in PUBLISHED.relations}
    terms |= set(KINDS) | set(CERTAINTY_TEXT.values())
    terms |= {
        f.row for f in PUBLISHED.figures.values() if f.table in {"members", "dues", "governance"}
    }
    missing = sorted(t for t in terms if label(t, "nl") == t and t != "fte")  # "fte" is Dutch too
    assert missing == []


def test_old_import_paths_still_give_the_moved_classes() -> None:
    """The printed tables and claims moved to wmd.published; the old names are the same objects."""
    import wmd.finance  # noqa: PLC0415 - the old paths are what is tested
    import wmd.finance.claims  # noqa: PLC0415
    import wmd.finance.equity  # noqa: PLC0415
    import wmd.finance.statement  # noqa: PLC0415
    import wmd.members  # noqa: PLC0415
    import wmd.members.keyfigures  # noqa: PLC0415
    import wmd.published  # noqa: PLC0415

    assert wmd.members.PublishedSectorTable is wmd.published.PublishedSectorTable
    assert wmd.members.keyfigures.PublishedTotals is wmd.published.PublishedTotals
    assert wmd.finance.PublishedStatement is wmd.published.PublishedStatement
    assert wmd.finance.statement.PublishedStatement is wmd.published.PublishedStatement
    assert wmd.finance.equity.PublishedEquity is wmd.published.PublishedEquity
    assert wmd.finance.claims.DifferenceClaim is wmd.published.DifferenceClaim
    assert wmd.finance.Direction is wmd.published.Direction
    with pytest.raises(AttributeError):
        _ = wmd.finance.statement.NoSuchName  # type: ignore[attr-defined]


def test_circa_in_the_text_is_read_at_its_printed_precision() -> None:
    """A claim of "circa 213.000" above budget is off (231.055): its digits 1 and 3 were swapped."""
    text = '[dues]\nactual = "2.987.055"\nbudget = "2.756.000"\nabove_budget = "circa 213.000"\n'
    (finding,) = Report.from_toml(text).audit()
    assert finding.culprit is not None
    assert finding.culprit.figure == "dues.above_budget"
    assert finding.culprit.kind == "two digits swapped"  # 231.055 is 231.000 at 1.000
    ok = text.replace("circa 213.000", "circa 231.000")  # 231.055 within 500
    assert Report.from_toml(ok).audit() == []
