"""One language setting: Dutch by default everywhere, English on request, no English word in Dutch output."""

from __future__ import annotations

import contextvars
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from wmd.cli import demo, main
from wmd.datasets import sample_registry
from wmd.errors import InvalidInputError
from wmd.i18n import current_language, format_amount, label, language, set_language
from wmd.members.keyfigures import sector_table

WORD = re.compile(r"[A-Za-z]{3,}")
PATH = re.compile(r"\S*/\S*")


def english_only_words() -> frozenset[str]:
    """Words of the catalog's English message ids that no Dutch translation uses."""
    source = resources.files("wmd").joinpath("locale", "nl", "LC_MESSAGES", "wmd.po")
    with source.open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    english: set[str] = set()
    dutch: set[str] = set()
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        english |= {w.lower() for w in WORD.findall(message.id)}
        dutch |= {w.lower() for w in WORD.findall(str(message.string))}
    return frozenset(english - dutch)


def english_in(text: str) -> set[str]:
    """The English-only catalog words that occur in ``text``, file paths left out."""
    words = WORD.findall(PATH.sub(" ", text))
    return {w.lower() for w in words} & english_only_words()


def test_the_catalog_scan_finds_english_words() -> None:
    """The scan is not empty-handed: the English demo has many catalog words the Dutch one lacks."""
    assert {"dues", "registry", "wage"} <= english_in(demo("en", plot=False))


def test_dutch_demo_has_no_english_word() -> None:
    """Every word of the Dutch demo that is an English catalog word is also Dutch."""
    assert english_in(demo(plot=False)) == set()


def test_dutch_cli_output_and_errors_have_no_english_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Project with a budget, solve, key figures, roll and a bad-file error: Dutch words only."""
    assert main(["sample", str(tmp_path)]) == 0
    registry, schedule = str(tmp_path / "registry.csv"), str(tmp_path / "schedule-2012.toml")
    years = ["--years", "2013-2014", "--runs", "30", "--budget", "2756000"]
    assert main(["project", registry, schedule, *years]) == 0
    assert main(["solve", registry, schedule, "--target", "2756000"]) == 0
    assert main(["keyfigures", registry, "--year", "2012"]) == 0
    assert main(["roll", registry, schedule]) == 0
    assert main(["keyfigures", str(tmp_path / "missing.csv"), "--year", "2012"]) == 2
    captured = capsys.readouterr()
    assert "fout" in captured.err
    assert english_in(captured.out) == set()
    assert english_in(captured.err) == set()


def test_language_is_set_once_and_scoped() -> None:
    """set_language changes the default for tables and labels; language() restores it; bad codes raise."""
    table = sector_table(sample_registry(), 2012)
    assert current_language() == "nl"
    with language("en"):
        assert label("wage sum") == "wage sum"
        assert table.table().columns == table.table("en").columns
        assert format_amount(Decimal(1234)) == "1,234"
    assert table.table().columns == table.table("nl").columns
    context = contextvars.copy_context()
    context.run(set_language, "en")  # a notebook cell in its own context
    assert context.run(current_language) == "en"
    assert current_language() == "nl"  # nothing global was patched
    with pytest.raises(InvalidInputError, match="lang"):
        set_language("de")
