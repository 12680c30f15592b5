"""What the interface says, in the reader's language: gettext catalogs through Babel,
and numbers and dates written for the locale.

The language of the request being answered is current (`using`, set by
app.web.language, which decides it); `gettext` and `ngettext` translate into it.
English is the source language; the French catalog is
`locale/fr/LC_MESSAGES/messages.po`, compiled in memory when first needed, so a fresh
clone needs no build step (`make messages` re-extracts it from the sources).
"""

from __future__ import annotations

import contextlib
import functools
import io
from contextvars import ContextVar
from datetime import date
from pathlib import Path

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "fr")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; it is translated where used."""
    return message


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of `language` (English is the source: no catalog)."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT or not po.is_file():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as gettext does
    compiled.seek(0)
    return Translations(compiled)


def current() -> str:
    """The language of the request being answered ("en" outside a request)."""
    return _current.get()


@contextlib.contextmanager
def using(language: str):
    """Speak `language` inside the block (a preview card asks for its link's language)."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str, **variables) -> str:
    """`message` in the current language, `%(name)s` filled from `variables`."""
    text = translations(current()).gettext(message)
    return text % variables if variables else text


class Said(Exception):
    """An error for a reader: a catalog message (marked with `N_` where it is raised) and
    its variables. `str()` is the English (logs, the command line); `said()` the message
    in the language of the request being answered."""

    def __init__(self, message: str, **variables):
        super().__init__(message % variables if variables else message)
        self.message, self.variables = message, variables

    def said(self) -> str:
        return gettext(self.message, **self.variables)


class Phrase:
    """A sentence kept to be said later, in the language of whoever reads it then: a
    catalog message (marked with `N_` where it is made) and its variables, which may be
    phrases too. `str()` is the English (the record); `said()` the current language's.
    `to_json()` and `from_json()` keep it in a database as plain JSON."""

    __slots__ = ("message", "variables")

    def __init__(self, message: str, **variables):
        self.message, self.variables = message, variables

    def __str__(self) -> str:
        return self.message % {k: str(v) for k, v in self.variables.items()} if self.variables else self.message

    def __eq__(self, other) -> bool:
        return isinstance(other, Phrase) and (self.message, self.variables) == (other.message, other.variables)

    def __hash__(self) -> int:
        return hash((self.message, tuple(sorted(self.variables.items()))))

    def __repr__(self) -> str:
        return f"Phrase({self.message!r}, **{self.variables!r})"

    def said(self) -> str:
        variables = {k: v.said() if isinstance(v, Phrase) else v for k, v in self.variables.items()}
        return gettext(self.message, **variables)

    def to_json(self) -> dict:
        variables = {k: v.to_json() if isinstance(v, Phrase) else v for k, v in self.variables.items()}
        return {"message": self.message, "variables": variables}

    @classmethod
    def from_json(cls, data: dict) -> Phrase:
        variables = {
            k: cls.from_json(v) if isinstance(v, dict) and "message" in v else v for k, v in data["variables"].items()
        }
        return cls(data["message"], **variables)


QUOTED = N_("“%(text)s”")  # quotation marks as the language writes them (« … » in French)


def ngettext(singular: str, plural: str, n: int, **variables) -> str:
    """The form for `n`, in the current language; `%(num)s` is `n` written for the locale."""
    text = translations(current()).ngettext(singular, plural, n)
    return text % {"num": number(n), **variables}


def number(value) -> str:
    """A number written for the current locale: grouped from five digits on (12,345 ·
    12 345), as both languages' typography writes 2600 and 2011 in one piece."""
    return numbers.format_decimal(value, locale=current(), group_separator=abs(value) >= 10_000)


def percent(fraction: float) -> str:
    """A fraction as a whole percentage for the current locale (75% · 75 %)."""
    return numbers.format_percent(fraction, locale=current())


def day(value: date | str | None) -> str:
    """A date written for the current locale (March 12, 2011 · 12 mars 2011), a span of two
    ("2011-11-29 – 2011-12-03") each end so; other values (a year) as given."""
    if isinstance(value, str) and " – " in value:
        return " – ".join(day(part) for part in value.split(" – "))
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value)
    if isinstance(value, date):
        return dates.format_date(value, format="long", locale=current())
    return "" if value is None else str(value)


def pick(english: str, french: str | None) -> str:
    """A text of the map in the interface's language: its French version when the map has
    one and the reader reads French, else the English."""
    return french if french and current() == "fr" else english


def debate_title(debate) -> str:
    """A debate's title in the interface's language (see `pick`)."""
    return pick(debate.title, debate.title_fr)


def debate_question(debate) -> str:
    """A debate's question in the interface's language (see `pick`)."""
    return pick(debate.question, debate.question_fr)


def side_name(side) -> str:
    """A debate side's name in the interface's language (see `pick`)."""
    return pick(side.name, side.name_fr)


def label_of(argument: dict) -> str:
    """An argument's label in the interface's language (see `pick`)."""
    return pick(argument["label"], argument.get("label_fr"))
