"""Sectors (deelsectoren): the fields of work a member is active in.

The six sectors of the 2012 annual report are built in; users can define more.

>>> from wmd.members.sector import PUBLISHED_SECTORS, Sector, sector_by_code
>>> [s.code for s in PUBLISHED_SECTORS]
['LW', 'MD', 'PSZ', 'MO', 'AT', 'KS']
>>> sector_by_code("PSZ").name_nl
'Peuterspeelzalen'
>>> Sector("JZ", "Jeugdzorg", "Youth care").name("en")
'Youth care'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from wmd.errors import FieldProblem, InvalidInputError
from wmd.i18n import resolve_lang
from wmd.limits import check_text

__all__ = ["PUBLISHED_SECTORS", "Sector", "sector_by_code", "unknown_sectors"]

_CODE: Final = re.compile(r"[A-Z][A-Z0-9_]{0,15}")


@attrs.frozen
class Sector:
    """A sector with a short code and its Dutch and English names (neither may be empty).

    A file that gives no English name gets the Dutch one when it is read, so a sector
    always shows a name and writing and reading it back gives the same sector.

    >>> Sector("lw", "x", "y")
    Traceback (most recent call last):
    ...
    wmd.errors.InvalidInputError: sector: code: expected 1-16 capitals, digits or _, starting with a capital, got 'lw'
    """

    code: str = attrs.field()
    name_nl: str = attrs.field()
    name_en: str = attrs.field()

    @code.validator
    def _check_code(self, _attribute: object, value: str) -> None:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            raise InvalidInputError(
                "code",
                given=value,
                expected="1-16 capitals, digits or _, starting with a capital",
                where="sector",
            )

    @name_nl.validator
    @name_en.validator
    def _check_name(self, attribute: attrs.Attribute[str], value: str) -> None:
        language = "Dutch" if attribute.name == "name_nl" else "English"
        if not isinstance(value, str) or not value.strip():
            raise InvalidInputError(
                attribute.name,
                given=value,
                expected=f"the {language} name of the sector (not empty)",
                where=f"sector {self.code}",
            )
        check_text(value, field=attribute.name, where=f"sector {self.code}")

    def name(self, lang: str | None = None) -> str:
        """The sector's name in ``"nl"`` or ``"en"``."""
        return self.name_en if resolve_lang(lang) == "en" else self.name_nl


PUBLISHED_SECTORS: Final[tuple[Sector, ...]] = (
    Sector("LW", "Lokaal welzijnswerk", "Local welfare work"),
    Sector("MD", "Maatschappelijke Dienstverlening", "Social services"),
    Sector("PSZ", "Peuterspeelzalen", "Playgroups"),
    Sector("MO", "Maatschappelijke Opvang", "Shelters"),
    Sector("AT", "Andere terreinen", "Other fields"),
    Sector("KS", "Kennisinstituten / steunfuncties", "Knowledge and support institutes"),
)
"""The sectors of the association's 2012 annual report, in the report's order."""


def sector_by_code(code: str, sectors: Iterable[Sector] = PUBLISHED_SECTORS) -> Sector:
    """Look a sector up by code.

    Raises:
        InvalidInputError: for an unknown code, listing the known ones.
    """
    known = {s.code: s for s in sectors}
    try:
        return known[code]
    except KeyError:
        raise InvalidInputError("sector", given=code, expected=f"one of {sorted(known)}") from None


def unknown_sectors(
    codes: Sequence[str], catalog: Iterable[Sector] = PUBLISHED_SECTORS, *, where: str = ""
) -> list[FieldProblem]:
    """A problem for each of a member's sector ``codes`` that is not in ``catalog``.

    The one rule the registry and every reader apply.

    >>> [str(p) for p in unknown_sectors(("LW", "JZ"), where="member M1")]
    ["member M1: sectors: expected a known sector code ['AT', 'KS', 'LW', 'MD', 'MO', 'PSZ'], got 'JZ'"]
    """
    known = sorted({s.code for s in catalog})
    expected = f"a known sector code {known}"
    return [FieldProblem("sectors", code, expected, where) for code in codes if code not in known]
