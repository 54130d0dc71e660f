"""Dates and times in French, the way a reader expects them, for every generator.

« 29 novembre 2026 », « lundi 1er mars 2027 », « 14 h », « 14 h 30 ». Names of
days and months come from Babel's French locale data; the portal's clock is
Paris time.

The day a build is made for (`today()`) is the day in Paris, unless the
environment variable C2I2E_AUJOURDHUI gives another one (AAAA-MM-JJ): staff
can preview the portal as it will read on a later day, and the two builds of
one test session are made for the same day even when it strikes midnight.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import markupsafe
from babel.dates import format_date

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")
DAY_VARIABLE = "C2I2E_AUJOURDHUI"


class DayError(ValueError):
    """C2I2E_AUJOURDHUI is not a day (the message is in French)."""


def today(environ: Mapping[str, str] = os.environ) -> datetime.date:
    """The day of the build: C2I2E_AUJOURDHUI when set, else today in Paris."""
    value = environ.get(DAY_VARIABLE, "").strip()
    if not value:
        return datetime.datetime.now(PARIS).date()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.date.fromisoformat(value)
    except ValueError:  # 2027-02-30
        pass
    raise DayError(f"{DAY_VARIABLE} = « {value} » n'est pas un jour : écrivez-le AAAA-MM-JJ, par exemple "
                   "2027-03-01, ou retirez la variable pour construire le portail tel qu'il est aujourd'hui")


def _day_month_year(day: datetime.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {format_date(day, 'MMMM y', locale=LOCALE)}"


def long_date(day: datetime.date) -> str:
    """'29 novembre 2026', '1er mars 2027'."""
    return _day_month_year(day)


def full_date(day: datetime.date) -> str:
    """'vendredi 19 mars 2027', 'lundi 1er mars 2027'."""
    return f"{format_date(day, 'EEEE', locale=LOCALE)} {_day_month_year(day)}"


def on_a_page(text: str) -> markupsafe.Markup:
    """A date as a page shows it: the ordinal « 1er » with its letters raised (« 1<sup>er</sup> »), as French
    typography writes it; the plain text (a calendar file, a feed) keeps « 1er »."""
    return markupsafe.Markup(re.sub(r"\b1er\b", "1<sup>er</sup>", str(markupsafe.escape(text))))


def time_of_day(moment: datetime.datetime | datetime.time) -> str:
    """'14 h', '14 h 30' (French typography)."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
