"""The news (« Actualités »): Markdown posts in `docs/actualites/posts/`.

Material's blog plugin turns the posts into pages (the list, the archive,
the categories). This module reads the same posts, from their front matter
only, for what must not depend on that plugin (Material for MkDocs reaches its
end of life in May 2027) nor on git history:

- `check_posts`: every post's front matter is checked like a data file
  (`referentiel/actualites.schema.json` + the rules below), with French
  FILE:LINE:COLUMN messages, before anything is built;
- `pages`: the Atom feed `actualites.xml` at the site's root (made with feedgen),
  and the list of the latest posts that the home page includes
  (`generated/fragments/dernieres-actualites.md`, through pymdownx.snippets).

Both outputs depend on the posts only: the feed's `updated` is the newest
post's date, never the time of the build.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from feedgen.feed import FeedGenerator

from scripts import schema
from scripts.data import Data
from scripts.dates import PARIS
from scripts.diagnostics import Diagnostic
from scripts.loader import Document, load, parse
from scripts.paths import DATA_DIR, DOCS_DIR, ROOT_FOLDER
from scripts.site import site_url

BLOG_DIR = "actualites"  # mkdocs.yml: plugins › blog › blog_dir
POSTS_DIR = DOCS_DIR / BLOG_DIR / "posts"
AUTHORS_FILE = DOCS_DIR / BLOG_DIR / ".authors.yml"
SCHEMA = DATA_DIR / "actualites.schema.json"
FEED_ADDRESS = "actualites.xml"  # the feed's address, from the site's root
FEED = f"{ROOT_FOLDER}/{FEED_ADDRESS}"  # inside the generated folder (published at the root)
LATEST_FRAGMENT = "fragments/dernieres-actualites.md"  # inside the generated folder, included by docs/index.md
LATEST = 3
EXCERPT_SEPARATOR = "<!-- more -->"
FEED_TITLE = "Actualités du portail C2i2e — INSPE de l'UPEC"
FILE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")
HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Post:
    path: Path
    title: str
    description: str
    created: datetime.date
    updated: datetime.date | None
    authors: tuple[str, ...]  # the authors' names, as .authors.yml gives them
    categories: tuple[str, ...]
    draft: bool

    @property
    def name(self) -> str:
        """The file name without '.md': the post's address is actualites/NAME/ (post_url_format)."""
        return self.path.stem

    @property
    def page(self) -> str:
        """The post's source, relative to docs/ (what a Markdown link points at)."""
        return f"{BLOG_DIR}/posts/{self.path.name}"

    def url(self, base: str) -> str:
        return f"{base}{BLOG_DIR}/{self.name}/"

    @property
    def last_changed(self) -> datetime.date:
        return self.updated or self.created


def newest_first(posts: Iterable[Post]) -> list[Post]:
    """Material's blog order: by date, newest first; on the same day, by file name."""
    return sorted(sorted(posts, key=lambda p: p.path.name), key=lambda p: p.created, reverse=True)


# --- reading and checking ---------------------------------------------------------------------

def front_matter(path: Path, text: str) -> tuple[Document | None, str, list[Diagnostic]]:
    """The front matter (as a document whose lines are the file's) and the body after it."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, [Diagnostic(path, 1, 1, "l'article doit commencer par son en-tête : une ligne « --- », "
                                                   "les champs date, authors, categories et description, puis "
                                                   "une autre ligne « --- »")]
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return None, text, [Diagnostic(path, 1, 1, "en-tête non fermé : ajoutez une ligne « --- » après ses champs")]
    # The opening '---' becomes an empty line, so that YAML lines are the file's lines.
    document, problems = parse(path, "\n" + "".join(lines[1:end]))
    return document, "".join(lines[end + 1:]), problems


def _authors(authors_file: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """Author id -> name, from Material's .authors.yml."""
    document, problems = load(authors_file)
    if document is None or problems:
        return {}, problems
    authors = document.data.get("authors") if isinstance(document.data, dict) else None
    if not isinstance(authors, dict) or not authors:
        return {}, [document.diagnostic((), "le fichier doit contenir « authors: » suivi d'au moins un auteur")]
    names: dict[str, str] = {}
    for identifier, entry in authors.items():
        where = ("authors", identifier)
        if not isinstance(entry, dict):
            problems.append(document.diagnostic(where, f"l'auteur « {identifier} » doit avoir les champs name, "
                                                "description et avatar"))
            continue
        for key in ("name", "description", "avatar"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(document.diagnostic(where, f"l'auteur « {identifier} » : champ « {key} » manquant "
                                                    "ou vide", key=True))
        if isinstance(entry.get("name"), str):
            names[identifier] = entry["name"]
    return names, problems


def read_posts(posts_dir: Path = POSTS_DIR, authors_file: Path = AUTHORS_FILE,
               today: datetime.date | None = None) -> tuple[list[Post], list[Diagnostic]]:
    """Every valid post, newest first, and every problem found; never raises on bad content.

    `today` (Paris time by default) is the day of the check: a post is dated the day it is
    published on the portal, never later."""
    today = today or datetime.datetime.now(PARIS).date()
    names, problems = _authors(authors_file)
    posts: list[Post] = []
    for path in sorted(posts_dir.glob("*.md")):
        post, post_problems = _read_post(path, names, today)
        problems.extend(post_problems)
        if post is not None and not any(p.is_error for p in post_problems):
            posts.append(post)
    return newest_first(posts), sorted(problems)


def _read_post(path: Path, authors: dict[str, str], today: datetime.date) -> tuple[Post | None, list[Diagnostic]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Diagnostic(path, 1, 1, f"le fichier n'est pas en UTF-8 (octet {error.start})")]
    problems: list[Diagnostic] = []
    if not FILE_NAME.match(path.name):
        problems.append(Diagnostic(path, 1, 1, f"nom de fichier « {path.name} » : il fait l'adresse de l'article, "
                                               "utilisez des minuscules sans accent, des chiffres et des tirets, "
                                               "comme « 2026-11-29-sujet-de-l-article.md »"))
    document, body, front_problems = front_matter(path, text)
    problems.extend(front_problems)
    if document is None or front_problems:
        return None, problems
    if not isinstance(document.data, dict):
        return None, [*problems, document.diagnostic((), "l'en-tête doit être fait de champs « clé: valeur »")]
    schema_problems = list(schema.check(document, SCHEMA))
    problems.extend(schema_problems)
    if schema_problems:
        return None, problems

    meta: dict[str, Any] = document.data
    dates = meta["date"] if isinstance(meta["date"], dict) else {"created": meta["date"]}
    created = datetime.date.fromisoformat(dates["created"])
    updated = datetime.date.fromisoformat(dates["updated"]) if "updated" in dates else None
    for key, day in (("created", created), ("updated", updated)):
        if day is not None and day > today:
            where = ("date", key) if isinstance(meta["date"], dict) else ("date",)
            problems.append(document.diagnostic(where, f"la date {day.isoformat()} est dans le futur (nous sommes le "
                                                f"{today.isoformat()}) : datez l'article du jour où il est publié "
                                                "sur le portail"))
    if updated is not None and updated < created:
        problems.append(document.diagnostic(("date", "updated"), f"la mise à jour ({updated}) est antérieure à "
                                            f"la publication ({created})"))
    for i, author in enumerate(meta["authors"]):
        if author not in authors:
            known = ", ".join(sorted(authors)) or "aucun"
            problems.append(document.diagnostic(("authors", i), f"auteur « {author} » inconnu : il doit être "
                                                f"déclaré dans docs/{BLOG_DIR}/{AUTHORS_FILE.name} (auteurs connus : {known})"))
    heading = HEADING.search(body)
    title = meta.get("title") or (heading.group(1) if heading else None)
    if title is None:
        problems.append(document.diagnostic((), "l'article n'a pas de titre : commencez le texte par une ligne "
                                            "« # Titre de l'article »"))
    if EXCERPT_SEPARATOR not in body:
        problems.append(document.diagnostic((), f"pas de ligne « {EXCERPT_SEPARATOR} » : la liste des actualités "
                                            "montrera tout l'article au lieu de son début",
                                            severity="avertissement"))
    if any(p.is_error for p in problems):
        return None, problems
    return Post(path, title, meta["description"], created, updated,
                tuple(authors[a] for a in meta["authors"]), tuple(meta["categories"]),
                bool(meta.get("draft", False))), problems


def check_posts() -> list[Diagnostic]:
    """Registered in scripts.registry.CONTENT_CHECKS: run by `make check` and before every build."""
    return read_posts(POSTS_DIR, AUTHORS_FILE)[1]


# --- publication ------------------------------------------------------------------------------

def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), PARIS)


def atom_feed(posts: list[Post], base: str) -> bytes:
    """The Atom feed of these posts (newest first), with absolute addresses under `base`."""
    feed = FeedGenerator()
    feed.id(f"{base}{BLOG_DIR}/")
    feed.title(FEED_TITLE)
    feed.subtitle("Les nouvelles du C2i2e (Certificat Informatique et Internet de l'enseignement supérieur, "
                  "niveau 2 « Enseignant ») à l'INSPE de l'Université Paris-Est Créteil.")
    feed.author({"name": "INSPE de l'Université Paris-Est Créteil"})
    feed.link(href=f"{base}{BLOG_DIR}/", rel="alternate", type="text/html")
    feed.link(href=f"{base}{FEED_ADDRESS}", rel="self", type="application/atom+xml")
    feed.icon(f"{base}assets/images/favicon.svg")
    feed.language("fr")
    # The newest change among the posts: the same posts always give the same feed.
    feed.updated(_moment(max((p.last_changed for p in posts), default=datetime.date(1970, 1, 1))))
    for post in posts:
        entry = feed.add_entry(order="append")
        entry.id(post.url(base))
        entry.title(post.title)
        entry.link(href=post.url(base), rel="alternate", type="text/html")
        entry.published(_moment(post.created))
        entry.updated(_moment(post.last_changed))
        entry.summary(post.description)
        for author in post.authors:
            entry.author({"name": author})
        for category in post.categories:
            entry.category(term=category, label=category)
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def pages(data: Data, templates) -> Iterator[tuple[str, str | bytes]]:
    """The feed and the home page's list of the latest posts (drafts are never published)."""
    posts = [post for post in read_posts(POSTS_DIR, AUTHORS_FILE)[0] if not post.draft]
    yield FEED, atom_feed(posts, site_url())
    yield LATEST_FRAGMENT, templates.get_template("actualites/dernieres.md.j2").render(
        posts=posts[:LATEST], source=f"docs/{BLOG_DIR}/posts")
