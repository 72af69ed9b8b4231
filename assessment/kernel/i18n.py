"""Languages and Danish formats, for screens and documents alike.

Message ids are the English texts; ``locales/<language>/LC_MESSAGES/kernekompas.po`` holds
the translations. A :class:`Translator` is made per user session and never installed
globally, so one user's language never leaks to another's.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from assessment.kernel.errors import DomainError, Message

LOCALES = Path(__file__).resolve().parents[2] / "locales"
LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
DOMAIN = "kernekompas"
TIMEZONE = ZoneInfo("Europe/Copenhagen")
_BABEL_LOCALE = {"da": "da_DK", "en": "en_GB"}


@lru_cache(maxsize=len(LANGUAGES))
def _read(language: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not path.exists():
        return {}, {}
    with path.open("rb") as file:
        po = read_po(file, locale=language)
    texts: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):  # msgid, msgid_plural: keyed by the singular
            forms = tuple(str(form) for form in message.string or ())
            if all(forms):
                plurals[str(message.id[0])] = forms
        elif message.string:
            texts[str(message.id)] = str(message.string)
    return texts, plurals


def catalog(language: str) -> dict[str, str]:
    """The translations of one language; English needs none, its ids are the texts."""
    return _read(language)[0]


def plural_catalog(language: str) -> dict[str, tuple[str, ...]]:
    """The plural forms of one language (msgid_plural entries), keyed by the English singular."""
    return _read(language)[1]


@lru_cache(maxsize=4096)
def _number(value: float, decimals: int, locale: str) -> str:
    # Kept: a screen formats the same few levels and medians hundreds of times a rerun, and Babel
    # takes about 40 µs each time.
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    # A real minus sign: a projector shows it far better than a hyphen.
    return format_decimal(value, format=pattern, locale=locale).replace("-", "\N{MINUS SIGN}")


class Translator:
    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._catalog = catalog(self.language)
        self.locale = _BABEL_LOCALE[self.language]

    def gettext(self, message_id: str) -> str:
        return self._catalog.get(message_id, message_id)

    def __call__(self, message_id: str, **params: Any) -> str:
        text = self.gettext(message_id)
        return text.format(**params) if params else text

    def plural(self, singular: str, plural: str, count: int, **params: Any) -> str:
        """A text about ``count`` things: "1 dilemma", "2 dilemmaer". Danish and English both have
        one form for exactly one and another for every other number (Plural-Forms: n != 1)."""
        forms = plural_catalog(self.language).get(singular, (singular, plural))
        text = forms[0] if count == 1 else forms[-1]
        return text.format(count=count, **params)

    def message(self, message: Message | DomainError) -> str:
        return message.render(self.gettext, self.format_value)

    def format_value(self, value: Any) -> Any:
        """Dates, times and decimals inside a message, in the reader's conventions."""
        if isinstance(value, datetime):
            return self.datetime(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, float):
            return self.number(value, decimals=2)
        return value

    def number(self, value: float, decimals: int = 1) -> str:
        """1,8 in Danish, 1.8 in English; never more decimals than asked for."""
        return _number(value, decimals, self.locale)

    def date(self, value: date) -> str:
        pattern = "dd.MM.yyyy" if self.language == "da" else "d MMM yyyy"
        return format_date(value, pattern, locale=self.locale)

    def datetime(self, value: datetime) -> str:
        pattern = "dd.MM.yyyy 'kl.' HH:mm" if self.language == "da" else "d MMM yyyy HH:mm"
        return format_datetime(value, pattern, tzinfo=TIMEZONE, locale=self.locale)


def mid_sentence(text: str) -> str:
    """A name as it reads after a comma: "Sygeplejerske" → "sygeplejerske"; "SSA" and "AMR" stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
