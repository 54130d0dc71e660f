"""Dates and times in French, the way a reader expects them, for every generator.

« 29 novembre 2026 », « lundi 1er mars 2027 », « 14 h », « 14 h 30 ». Names of
days and months come from Babel's French locale data; the portal's clock is
Paris time.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")


def _day_month_year(day: datetime.date) -> str:
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {format_date(day, 'MMMM y', locale=LOCALE)}"


def long_date(day: datetime.date) -> str:
    """'29 novembre 2026', '1er mars 2027'."""
    return _day_month_year(day)


def full_date(day: datetime.date) -> str:
    """'vendredi 19 mars 2027', 'lundi 1er mars 2027'."""
    return f"{format_date(day, 'EEEE', locale=LOCALE)} {_day_month_year(day)}"


def time_of_day(moment: datetime.datetime | datetime.time) -> str:
    """'14 h', '14 h 30' (French typography)."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
