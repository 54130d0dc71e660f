"""« Rédaction »: rules on the written prose of the news posts and the hand-written pages.

A date to come, written in a post or a page (« Déposez votre dossier avant le 15 mai 2027 »),
is a promise of the institution: like a date of the calendar, it needs a source. The
validation (`make check`, and every generation) refuses, at its FILE:LINE:COLUMN, a date
after the day of the build (scripts.core.dates.today) unless:

- it falls within a date announced in the calendar (`referentiel/calendrier.yaml`, each
  with its own source), or
- the text carries its source in the same paragraph (or list item, or table row): an address
  (`https://…`, as a link or written out), or the words « source : » followed by where the
  date comes from, e.g. « (source : courriel du Service Scolarité du 2 décembre 2026) ».

Dates read, in French: « 15 mai 2027 », « 1er juin 2027 », « lundi 10 mai 2027 », « 3 janv. 2027 »,
« 15/05/2027 », « 2027-05-15 », and a month with its year, « mai 2027 », which is to come when
its first day is after today (a month announced in the calendar is one with an announced date
in it). A day without its year (« le 15 mai ») or a year alone (« 2027 », « 2026-2027 ») is not
a date this rule can place, and is left alone. Past dates are fine (a post's own date, the
texts of 2010 and 2011). Not read: the front matter (checked by the news feature), code
(fenced or indented blocks, `inline code`), HTML comments and tags, and addresses.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.dates import get_month_names

from scripts import actualites
from scripts import calendrier as calendar_feature
from scripts.core import dates, navigation
from scripts.core.data import Data
from scripts.core.diagnostics import Diagnostic, display_path
from scripts.core.pipeline import Feature, previous_outputs
from scripts.core.site import Site

NAME = "redaction"


def _plain(word: str) -> str:
    """Lower case, without accents: « Août » and « aout » are the same month."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


# « mai », « septembre », and the abbreviations « sept. », « janv. » (the dot is read apart).
MONTHS = {_plain(name).rstrip("."): number for width in ("wide", "abbreviated")
          for number, name in get_month_names(width, locale=dates.LOCALE).items()}
_SPACE = r"[ \t\u00a0\u202f]+"
_MONTH = r"(?P<month>[A-Za-zÀ-ÿ]+)\.?"
_DATE = re.compile(
    rf"(?<![\w/.-])(?:(?P<day>[0-3]?\d)(?:er)?{_SPACE})?{_MONTH}{_SPACE}(?P<year>\d{{4}})(?![\w/-])"
    r"|(?<![\w/.-])(?P<nday>[0-3]?\d)/(?P<nmonth>[01]?\d)/(?P<nyear>\d{4})(?![\w/-])"
    r"|(?<![\w/.-])(?P<iyear>\d{4})-(?P<imonth>\d{2})-(?P<iday>\d{2})(?![\w/-])")
# What is not prose: front matter, code, comments, tags, addresses (blanked, lines and columns kept).
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ADDRESS = re.compile(r"\]\([^)\s]*|<[a-z][a-z0-9+.-]*:[^>\s]*>|\b[a-z][a-z0-9+.-]*://[^\s)>\]]+", re.I)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+|^[ \t]*(?:!!!|\?\?\?\+?)[ \t]")
# A line that is a paragraph of its own: a heading, a table's row.
_ALONE = re.compile(r"^[ \t]{0,3}#|^[ \t]*\|")
# The text's own source, in the same paragraph.
_SOURCE = re.compile(r"\bhttps?://|\bsource[ \t\u00a0\u202f]*:", re.I)


@dataclass(frozen=True)
class Mention:
    """A date written in the prose: where, as written, and the days it covers."""
    path: Path
    line: int
    column: int
    text: str
    first: datetime.date
    last: datetime.date
    sourced: bool


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def prose(text: str) -> str:
    """The text with what is not prose blanked out: the same length, lines and columns."""
    lines = text.split("\n")
    if lines and lines[0].rstrip() == "---":  # front matter
        for end in range(1, len(lines)):
            if lines[end].rstrip() in ("---", "..."):
                lines[:end + 1] = [""] * (end + 1)
                break
    fence: str | None = None
    in_list = False
    previous_blank = True
    in_indented_code = False
    for number, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip(" \t`~"):
                fence = None
            lines[number] = ""
            continue
        if opening:
            fence = opening.group(1)
            lines[number] = ""
            continue
        blank = not line.strip()
        indent = len(line) - len(line.lstrip(" ")) + 3 * (len(line) - len(line.lstrip("\t")))
        if not blank:
            if _LIST_ITEM.match(line):
                in_list = True
            elif indent == 0:
                in_list = False
            code = indent >= (8 if in_list else 4) and (previous_blank or in_indented_code)
            in_indented_code = code
            if code:
                lines[number] = ""
        previous_blank = blank
    text = "\n".join(lines)
    for pattern in (_COMMENT, _INLINE_CODE, _TAG, _ADDRESS):
        text = pattern.sub(lambda found: _blank(found.group(0)), text)
    return text


def _day(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None  # not a day of the calendar: not a date this rule reads


def mentions(path: Path, text: str) -> Iterator[Mention]:
    """Every date written in the prose of this Markdown text."""
    masked = prose(text)
    starts = [0] + [i + 1 for i, c in enumerate(masked) if c == "\n"]
    lines = text.split("\n")
    for found in _DATE.finditer(masked):
        if found.group("month"):
            month = MONTHS.get(_plain(found.group("month")))
            if month is None:
                continue
            year = int(found.group("year"))
            if found.group("day"):
                first = last = _day(year, month, int(found.group("day")))
            else:
                first = datetime.date(year, month, 1)
                last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        elif found.group("nday"):
            first = last = _day(int(found.group("nyear")), int(found.group("nmonth")), int(found.group("nday")))
        else:
            first = last = _day(int(found.group("iyear")), int(found.group("imonth")), int(found.group("iday")))
        if first is None or last is None:
            continue
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= found.start())
        yield Mention(path, line + 1, found.start() - starts[line] + 1, found.group(0), first, last,
                      bool(_SOURCE.search(_paragraph(lines, line))))


def _paragraph(lines: list[str], index: int) -> str:
    """The paragraph (or list item, heading, table row) that holds the line `index`."""
    if _ALONE.match(lines[index]):
        return lines[index]

    def boundary(i: int) -> bool:
        return not lines[i].strip() or bool(_LIST_ITEM.match(lines[i]) or _ALONE.match(lines[i]))

    start = index
    while start > 0 and not boundary(start) and lines[start - 1].strip() and not _ALONE.match(lines[start - 1]):
        start -= 1
    end = index + 1
    while end < len(lines) and not boundary(end):
        end += 1
    return "\n".join(lines[start:end])


def files(site: Site) -> list[Path]:
    """The news posts and the hand-written pages (not the generated ones)."""
    pages = navigation.hand_written_pages(site, previous_outputs(site.docs_dir))
    posts = {path.relative_to(site.docs_dir).as_posix() for path in (site.docs_dir / actualites.POSTS).glob("*.md")}
    return [site.docs_dir / page for page in sorted(pages | posts)]


def announced(data: Data) -> list[tuple[datetime.date, datetime.date]]:
    """The days of each date the calendar announces (none while the calendar is invalid: its own
    errors are reported)."""
    if not data.valid(calendar_feature.NAME):
        return []
    try:
        return [(d.first_day, d.last_day) for d in calendar_feature.key_dates(data[calendar_feature.NAME])]
    except (KeyError, TypeError, ValueError):
        return []


def check_prose(data: Data, site: Site, today: datetime.date | None = None) -> Iterator[Diagnostic]:
    """A date to come, in a post or a hand-written page, that neither the calendar nor the text sources."""
    today = today or dates.today()
    events = announced(data)
    source = display_path(data.directory / f"{calendar_feature.NAME}.yaml")
    for path in files(site):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # a post that is not UTF-8 is reported by the news feature; a page, by the builder
        for mention in mentions(path, text):
            if mention.first <= today or mention.sourced \
                    or any(first <= mention.last and mention.first <= last for first, last in events):
                continue
            yield Diagnostic(path, mention.line, mention.column, (
                f"la date « {mention.text} » est à venir (nous sommes le {dates.long_date(today)}) sans source : "
                f"une date à venir doit être annoncée dans le calendrier ({source}, avec sa source), ou "
                "porter sa source dans le même paragraphe (l'adresse de la page qui l'annonce, ou "
                "« (source : … ) ») ; sinon, retirez-la"))


FEATURE = Feature(NAME, checks=(check_prose,))
