"""« Actualités »: Markdown posts in `docs/actualites/posts/`, published at /actualites/NAME/.

The portal publishes the news itself, from the posts' front matter and text,
so that it does not depend on a builder's blog plugin (Material for MkDocs
reaches its end of life in May 2027; Zensical's blog writes English dates):

- `read_posts`: every post's front matter is checked like a data file
  (`referentiel/actualites.schema.json` + the rules below), with French
  FILE:LINE:COLUMN messages, once per run, before anything is built;
- `pages`: the list of posts (/actualites/), one page per post and per
  category, the Atom feed /actualites.xml (made with feedgen), and the list of
  the latest posts that the home page includes (pymdownx.snippets), which
  leaves out the rubriques about the portal itself (`sur_le_portail: true`).

Every output depends on the posts only: the feed's `updated` is the newest
post's date, never the time of the build. Drafts are published only when
C2I2E_BROUILLONS=1 (`make serve` sets it), with a banner.
"""

from __future__ import annotations

import datetime
import difflib
import os
import posixpath
import re
import urllib.parse
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from scripts.core import dates, schema
from scripts.core.data import Data, Dataset, find_duplicates, iso_day, mappings
from scripts.core.dates import PARIS
from scripts.core.diagnostics import Diagnostic
from scripts.core.loader import Document, load, parse
from scripts.core.navigation import pages_in_nav
from scripts.core.paths import DATA_DIR
from scripts.core.pipeline import Context, Feature
from scripts.core.site import Site
from scripts.core.text import slug

NAME = "actualites"
FOLDER = "actualites"  # inside docs/: the posts' sources in posts/, the generated pages beside them
POSTS = f"{FOLDER}/posts"
AUTHORS = f"{FOLDER}/.authors.yml"
SCHEMA = DATA_DIR / "actualites.schema.json"
INDEX = f"{FOLDER}/index.md"
CATEGORIES = f"{FOLDER}/categories"
FEED = "actualites.xml"  # the feed's address, at the site's root
LATEST_FRAGMENT = "_fragments/dernieres-actualites.md"  # included by docs/index.md (pymdownx.snippets)
LATEST = 3
DRAFTS_VARIABLE = "C2I2E_BROUILLONS"
EXCERPT_SEPARATOR = "<!-- more -->"
FEED_TITLE = "Actualités du portail C2i2e — INSPE de l'UPEC"
RUBRIQUES = "rubriques"  # referentiel/rubriques.yaml: the categories, which staff extend
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
    body: str  # the Markdown after the front matter

    @property
    def name(self) -> str:
        """The file name without '.md': the post's address is actualites/NAME/."""
        return self.path.stem

    @property
    def source(self) -> str:
        """The post's source, relative to docs/."""
        return f"{POSTS}/{self.path.name}"

    @property
    def page(self) -> str:
        """The post's published page, relative to docs/ (what a Markdown link points at)."""
        return f"{FOLDER}/{self.name}.md"

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


def read_posts(posts_dir: Path, authors_file: Path, today: datetime.date | None = None,
               site: Site | None = None) -> tuple[list[Post], list[Diagnostic]]:
    """Every valid post, newest first, and every problem found; never raises on bad content.

    `today` (Paris time by default) is the day of the check: a post is dated the day it is
    published on the portal, never later. With `site`, the links of the posts are checked
    against the pages it will have."""
    today = today or dates.today()
    names, problems = _authors(authors_file)
    posts: list[Post] = []
    paths = sorted(posts_dir.glob("*.md"))
    target = Targets.of(site, [path.stem for path in paths]) if site else None
    for path in paths:
        post, post_problems = _read_post(path, names, today, target)
        problems.extend(post_problems)
        if post is not None and not any(p.is_error for p in post_problems):
            posts.append(post)
    return newest_first(posts), sorted(problems)


def _read_post(path: Path, authors: dict[str, str], today: datetime.date,
               target: Targets | None = None) -> tuple[Post | None, list[Diagnostic]]:
    """The post, or None, and every problem of its file at once: the rules read what they can of a
    front matter that breaks its schema, so that nothing is kept for a second round."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # as MkDocs reads it: a byte order mark is harmless
    except UnicodeDecodeError as error:
        return None, [Diagnostic(path, 1, 1, f"le fichier n'est pas en UTF-8 (octet {error.start})")]
    problems: list[Diagnostic] = []
    if not FILE_NAME.match(path.name):
        better = f"{slug(path.stem) or 'article'}.md"
        problems.append(Diagnostic(path, 1, 1, f"nom de fichier « {path.name} » : il fait l'adresse de l'article, "
                                               "utilisez des minuscules sans accent, des chiffres et des tirets "
                                               f"(ni espace ni majuscule) : renommez-le « {better} »"))
    document, body, front_problems = front_matter(path, text)
    problems.extend(front_problems)
    if target is not None:
        problems.extend(check_links(path, text, len(text) - len(body), target))
    if document is None or front_problems:
        return None, problems
    if not isinstance(document.data, dict):
        return None, [*problems, document.diagnostic((), "l'en-tête doit être fait de champs « clé: valeur »")]
    problems.extend(schema.check(document, SCHEMA))

    meta: dict[str, Any] = document.data
    written = meta.get("date")
    days = written if isinstance(written, dict) else {"created": written}
    created, updated = iso_day(days.get("created")), iso_day(days.get("updated"))
    for key, day in (("created", created), ("updated", updated)):
        if day is not None and day > today:
            where = ("date", key) if isinstance(written, dict) else ("date",)
            problems.append(document.diagnostic(where, f"la date {day.isoformat()} est dans le futur (nous sommes le "
                                                f"{today.isoformat()}) : datez l'article du jour où il est publié "
                                                "sur le portail"))
    if updated is not None and created is not None and updated < created:
        problems.append(document.diagnostic(("date", "updated"), f"la mise à jour ({updated}) est antérieure à "
                                            f"la publication ({created})"))
    signed = meta.get("authors") if isinstance(meta.get("authors"), list) else []
    for i, author in enumerate(signed):
        if isinstance(author, str) and author and author not in authors:
            known = ", ".join(sorted(authors)) or "aucun"
            problems.append(document.diagnostic(("authors", i), f"auteur « {author} » inconnu : il doit être "
                                                f"déclaré dans docs/{AUTHORS} (auteurs connus : {known})"))
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
                bool(meta.get("draft", False)), body), problems


# --- the links of a post ---------------------------------------------------------------------------

# Code, where a link is only text: fenced blocks and inline code spans.
_CODE = re.compile(r"^(```|~~~).*?^\1[^\n]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|#)", re.IGNORECASE)


@dataclass(frozen=True)
class Targets:
    """The files of docs/ that a link may name once the site is generated: hand-written files, the
    pages of the navigation, the posts, and the pages published without navigation (`not_in_nav`)."""

    known: frozenset[str]
    linked_only: Any  # pathspec.PathSpec of not_in_nav
    excluded: Any  # pathspec.PathSpec of exclude_docs
    prefix: str  # the site's path: '/portail-c2i2e/'

    @classmethod
    def of(cls, site: Site, names: Collection[str]) -> Targets:
        excluded = site.patterns("exclude_docs")
        files = {path.relative_to(site.docs_dir).as_posix() for path in site.docs_dir.rglob("*") if path.is_file()}
        known = {name for name in files if not excluded.match_file(name)}
        known |= {page for page, _ in pages_in_nav(site.nav)} | {f"{FOLDER}/{name}.md" for name in names}
        return cls(frozenset(known | {INDEX, FEED}), site.patterns("not_in_nav"), excluded,
                   urllib.parse.urlsplit(site.url).path)

    def __call__(self, path: str) -> str | None:
        """`path` when it will be a file of the site, else None."""
        if path in self.known:
            return path
        # A page generated without navigation (modeles/a-1-1.md): not yet on disk on a fresh clone. The
        # posts' own pages are all known: a post misnamed in a link is not one of them.
        if path.endswith(".md") and posixpath.dirname(path) != FOLDER and self.linked_only.match_file(path) \
                and not self.excluded.match_file(path):
            return path
        return None

    def page_of_address(self, address: str) -> str | None:
        """The file an address inside the site names: 'preparer/dossier/' -> 'preparer/dossier.md'."""
        address = address.strip("/")
        if not address:
            return self("index.md")
        if posixpath.splitext(address)[1]:
            return self(address)
        return self(f"{address}.md") or self(f"{address}/index.md")

    def closest(self, path: str) -> str | None:
        extension = posixpath.splitext(path)[1] or ".md"
        close = difflib.get_close_matches(path, sorted(p for p in self.known if p.endswith(extension)), n=1)
        return close[0] if close else None


def check_links(path: Path, text: str, start: int, target: Targets) -> Iterator[Diagnostic]:
    """The post's links (after `start`, its front matter) that the build would refuse, at their line and
    column: written as an address of the site (« /preparer/dossier/ »), or naming no file of docs/. A link
    of a post is written from its folder, docs/actualites/posts/, to the file of the page."""
    masked = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    for match in _LINK.finditer(masked, start):
        group = 2 if match.group(1) else 4
        written, column = match.group(group), match.start(group)
        if _EXTERNAL.match(written):
            continue
        address, mark, anchor = written.partition("#")
        address = address.split("?", 1)[0]
        where = (path, text.count("\n", 0, column) + 1, column - text.rfind("\n", 0, column))
        if address.startswith("/"):
            inside = address.removeprefix(target.prefix) if address.startswith(target.prefix) else address
            page = target.page_of_address(inside)
            fix = f" : écrivez « {posixpath.relpath(page, POSTS)}{mark}{anchor} »" if page else \
                " (aucune page du portail n'a cette adresse)"
            yield Diagnostic(*where, f"lien « {written} » : un lien d'article ne commence pas par « / », il va du "
                                     f"dossier de l'article, docs/{POSTS}/, au fichier de la page{fix}")
            continue
        resolved = posixpath.normpath(posixpath.join(POSTS, address))
        if resolved.startswith(".."):
            yield Diagnostic(*where, f"lien « {written} » : il sort du dossier docs/ (un lien d'article va du "
                                     f"dossier de l'article, docs/{POSTS}/, au fichier de la page)")
            continue
        if target(resolved):
            continue
        page = target.page_of_address(resolved) or target.closest(resolved)
        fix = f" : vouliez-vous écrire « {posixpath.relpath(page, POSTS)}{mark}{anchor} » ?" if page else ""
        yield Diagnostic(*where, f"lien « {written} » : il mène à docs/{resolved}, qui n'existe pas (un lien "
                                 f"d'article va du dossier de l'article, docs/{POSTS}/, au fichier de la page){fix}")


def read(site: Site) -> tuple[list[Post], list[Diagnostic]]:
    """The feature's content, read once per run (`make check` and every build)."""
    return read_posts(site.docs_dir / POSTS, site.docs_dir / AUTHORS, site=site)


# --- the categories: data that staff extend (referentiel/rubriques.yaml) ----------------------------

def check_rubriques(data: Data) -> Iterator[Diagnostic]:
    """Each id and each title once."""
    document = data.document(RUBRIQUES)
    entries = mappings(document.data.get("rubriques") if isinstance(document.data, dict) else None)
    for key, what in (("id", "identifiant de rubrique"), ("titre", "rubrique")):
        yield from find_duplicates(document, ((("rubriques", i, key), e[key]) for i, e in entries
                                              if isinstance(e.get(key), str)), what)


def _rubriques_summary(rubriques: dict[str, Any]) -> str:
    return f"{len(rubriques['rubriques'])} rubriques d'actualités"


# --- publication ------------------------------------------------------------------------------

def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), PARIS)


def atom_feed(posts: list[Post], site: Site) -> bytes:
    """The Atom feed of these posts (newest first), with absolute addresses."""

    base = site.url
    feed = FeedGenerator()
    feed.id(site.page_url(INDEX))
    feed.title(FEED_TITLE)
    feed.subtitle("Les nouvelles du C2i2e (Certificat Informatique et Internet de l'enseignement supérieur, "
                  "niveau 2 « Enseignant ») à l'INSPE de l'Université Paris-Est Créteil.")
    feed.author({"name": "INSPE de l'Université Paris-Est Créteil"})
    feed.link(href=site.page_url(INDEX), rel="alternate", type="text/html")
    feed.link(href=site.page_url(FEED), rel="self", type="application/atom+xml")
    feed.icon(f"{base}assets/images/favicon.svg")
    feed.language(site.language)
    # The newest change among the posts: the same posts always give the same feed.
    feed.updated(_moment(max((p.last_changed for p in posts), default=datetime.date(1970, 1, 1))))
    for post in posts:
        entry = feed.add_entry(order="append")
        entry.id(site.page_url(post.page))
        entry.title(post.title)
        entry.link(href=site.page_url(post.page), rel="alternate", type="text/html")
        entry.published(_moment(post.created))
        entry.updated(_moment(post.last_changed))
        entry.summary(post.description)
        for author in post.authors:
            entry.author({"name": author})
        for category in post.categories:
            entry.category(term=category, label=category)
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


# Links of a post's text, written relative to its source in posts/: inline links and images
# « ](target) », and reference definitions « [id]: target ».
_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)|^( {0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(\s|$))", re.MULTILINE)


def moved_links(text: str, source: str, page: str) -> str:
    """The Markdown `text` of the file `source` with its relative links rewritten for `page`."""
    def rewrite(match: re.Match) -> str:
        prefix, target = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if re.match(r"^([a-z][a-z0-9+.-]*:|#|/)", target, re.IGNORECASE):
            return prefix + target
        path, mark, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        return prefix + posixpath.relpath(resolved, posixpath.dirname(page)) + mark + anchor
    return _LINK.sub(rewrite, text)


def category_page(category: str, rubriques: dict[str, dict[str, Any]] | None = None) -> str:
    """The page of a category: its id in rubriques.yaml, else the slug of its title."""
    rubrique = (rubriques or {}).get(category)
    return f"{CATEGORIES}/{rubrique['id'] if rubrique else slug(category)}.md"


def _rubriques(data: Data) -> dict[str, dict[str, Any]]:
    """Title -> entry of rubriques.yaml (none when the pages are made from posts alone)."""
    if RUBRIQUES not in data.documents:
        return {}
    return {entry["titre"]: entry for entry in data[RUBRIQUES]["rubriques"]}


def on_home_page(posts: list[Post], rubriques: dict[str, dict[str, Any]]) -> list[Post]:
    """The posts the home page may show: none from a rubrique about the portal itself (`sur_le_portail`)."""
    return [post for post in posts
            if not any(rubriques.get(category, {}).get("sur_le_portail") for category in post.categories)]


def excerpt(post: Post, here: str) -> Markup:
    """The start of the post's text, without its title, up to « <!-- more --> », links rewritten for `here`.
    A post is hand-written Markdown, like any page: it is markup, not data to escape."""
    text = HEADING.sub("", post.body.split(EXCERPT_SEPARATOR, 1)[0], count=1).strip()
    return Markup(moved_links(text, post.source, here))


def pages(data: Data, context: Context) -> Iterator[tuple[str, str | bytes]]:
    """The list, each post, each category, the feed and the home page's latest posts."""
    drafts = os.environ.get(DRAFTS_VARIABLE) == "1"
    posts = [post for post in data.content[NAME] if drafts or not post.draft]
    templates = context.templates
    rubriques = _rubriques(data)
    common = {"category_page": lambda category: category_page(category, rubriques), "feed": FEED,
              "excerpt": excerpt}
    used = {category for post in posts for category in post.categories}
    yield INDEX, templates.get_template("actualites/index.md.j2").render(
        common, here=INDEX, posts=posts,
        portal=[r for title, r in rubriques.items() if r.get("sur_le_portail") and title in used])
    for post in posts:
        heading = HEADING.search(post.body)  # the page shows the date and authors under the title
        title_line = heading.group(0) if heading else f"# {post.title}"
        before, after = post.body.split(title_line, 1) if heading else ("", post.body)
        yield post.page, templates.get_template("actualites/post.md.j2").render(
            common, here=post.page, post=post, data_source=f"docs/{post.source}", index=INDEX,
            before=Markup(moved_links(before, post.source, post.page)), title_line=Markup(title_line),
            after=Markup(moved_links(after, post.source, post.page)))
    for category in sorted({c for post in posts for c in post.categories}):
        here = category_page(category, rubriques)
        yield here, templates.get_template("actualites/category.md.j2").render(
            common, here=here, category=category, posts=[p for p in posts if category in p.categories],
            index=INDEX, rubrique=rubriques.get(category))
    yield FEED, atom_feed([post for post in posts if not post.draft], context.site)
    yield LATEST_FRAGMENT, templates.get_template("actualites/dernieres.md.j2").render(
        posts=on_home_page([post for post in posts if not post.draft], rubriques)[:LATEST], source=f"docs/{POSTS}")


DATASET = Dataset(RUBRIQUES, checks=(check_rubriques,), summary=_rubriques_summary)

FEATURE = Feature(NAME, templates=Path(__file__).parent / "templates", datasets=(DATASET,), read=read, pages=pages,
                  places=(f"{FOLDER}/", FEED, LATEST_FRAGMENT))
