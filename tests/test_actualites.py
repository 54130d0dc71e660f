"""« Actualités »: posts checked like data, an Atom feed that standard tools read and
that every page advertises, and the three latest posts on the home page."""

from __future__ import annotations

import datetime
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from scripts import news
from scripts.dates import long_date
from scripts.validate import validate

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def posts() -> list[news.Post]:
    posts, problems = news.read_posts()
    assert not [p for p in problems if p.is_error], "\n".join(map(str, problems))
    return [post for post in posts if not post.draft]


def built(site_dir: Path, site_url: str, href: str, page: str = "") -> Path:
    """The built file that a link found on the page at address `page` points at."""
    address = urljoin(site_url + page, href)
    assert address.startswith(site_url), address
    path = address[len(site_url):].split("#")[0]
    target = site_dir / path
    return target / "index.html" if path.endswith("/") or path == "" else target


def test_the_seed_posts_are_real_and_honestly_dated(posts):
    assert len(posts) >= 2
    for post in posts:
        assert post.created <= datetime.date.today()  # never dated ahead of its publication
        assert post.authors == ("Équipe C2i2e de l'INSPE",)
    titles = " ".join(post.title for post in posts)
    assert "titularisation" in titles and "accompagnateur" in titles


def test_the_feed_is_valid_atom_with_every_post(site_dir, site_url, posts):
    raw = (site_dir / news.FEED_ADDRESS).read_bytes()
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [p.title for p in posts]

    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.title == news.FEED_TITLE
    assert parsed.feed.id == site_url + "actualites/"  # the build's site_url
    assert [e.link for e in parsed.entries] == [p.url(site_url) for p in posts]
    for entry, post in zip(parsed.entries, posts):
        assert entry.summary == post.description
        assert entry.published.startswith(post.created.isoformat())
        assert [t.term for t in entry.tags] == list(post.categories)
        assert entry.author == post.authors[0]


def test_every_feed_link_is_a_built_page(site_dir, site_url, posts):
    for post in posts:
        page = built(site_dir, site_url, post.url(site_url))
        assert page.is_file(), post.url(site_url)
        assert post.title in page.read_text(encoding="utf-8")


def test_the_feed_does_not_depend_on_the_time_of_the_build(posts):
    base = "https://exemple.invalid/portail/"
    first = news.atom_feed(posts, base)
    assert news.atom_feed(list(posts), base) == first
    newest = max(p.last_changed for p in posts)
    assert ET.fromstring(first).findtext(f"{ATOM}updated").startswith(newest.isoformat())


def test_every_page_advertises_the_feed_in_its_head(site_dir, site_url, pages):
    assert len(pages) > 10
    missing = []
    for address, html in pages.items():
        head = html.split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        if len(links) != 1:
            missing.append(f"{address or 'accueil'} : {len(links)} lien(s) vers le flux")
            continue
        target = built(site_dir, site_url, links[0], address)
        if target != site_dir / news.FEED_ADDRESS:
            missing.append(f"{address or 'accueil'} : le lien {links[0]} ne mène pas au flux")
    assert not missing, "\n".join(missing)


def test_the_home_page_shows_the_three_latest_posts(site_dir, site_url, pages, posts):
    home = pages[""]
    assert ">Dernières actualités<" in home
    section = html.unescape(home.split(">Dernières actualités<", 1)[1].split("</ul>", 1)[0])
    shown = re.findall(r'<li><strong><a href="([^"]+)">(.*?)</a></strong> — <time datetime="([0-9-]+)">(.*?)</time>',
                       section)
    expected = posts[: news.LATEST]
    assert len(shown) == len(expected) == min(len(posts), 3) and len(posts) >= 2
    for (href, title, iso, day), post in zip(shown, expected):
        assert built(site_dir, site_url, href) == site_dir / news.BLOG_DIR / post.name / "index.html"
        assert (title, iso, day) == (post.title, post.created.isoformat(), long_date(post.created))
        assert post.description in section


# --- the list of latest posts, with made-up posts -------------------------------------------

AUTHORS = """authors:
  equipe:
    name: Équipe de test
    description: Pour les tests
    avatar: assets/images/favicon.svg
"""


def write_post(folder: Path, name: str, date: str = "2026-11-29", extra: str = "", title: str = "Titre",
               authors: str = "  - equipe\n") -> Path:
    path = folder / name
    path.write_text(f"---\ndate: {date}\nauthors:\n{authors}categories:\n  - Certification\n"
                    f"description: Résumé de {name}.\n{extra}---\n\n# {title}\n\nDébut.\n\n<!-- more -->\n\nSuite.\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def blog(tmp_path) -> tuple[Path, Path]:
    posts = tmp_path / "posts"
    posts.mkdir()
    authors = tmp_path / ".authors.yml"
    authors.write_text(AUTHORS, encoding="utf-8")
    return posts, authors


def test_latest_posts_are_newest_first_and_drafts_are_never_published(blog, monkeypatch):
    posts_dir, authors = blog
    write_post(posts_dir, "a-ancien.md", "2026-09-01", title="Ancien")
    write_post(posts_dir, "b-recent.md", "2026-11-20", title="Récent")
    write_post(posts_dir, "c-brouillon.md", "2026-11-28", "draft: true\n", title="Brouillon")
    write_post(posts_dir, "d-moyen.md", "2026-10-15", title="Moyen")
    write_post(posts_dir, "e-plus-ancien.md", "2026-06-01", title="Plus ancien")
    monkeypatch.setattr(news, "POSTS_DIR", posts_dir)
    monkeypatch.setattr(news, "AUTHORS_FILE", authors)
    from scripts.generate import templates

    outputs = dict(news.pages(None, templates()))
    fragment = outputs[news.LATEST_FRAGMENT]
    assert re.findall(r"\[([^\]]+)\]\(actualites/posts/", fragment) == ["Récent", "Moyen", "Ancien"]
    assert "<time datetime=\"2026-11-20\">20 novembre 2026</time>" in fragment
    feed = feedparser.parse(outputs[news.FEED])
    assert [e.title for e in feed.entries] == ["Récent", "Moyen", "Ancien", "Plus ancien"]


TODAY = datetime.date(2026, 11, 29)


def only_errors(posts_dir: Path, authors: Path) -> list[str]:
    _, problems = news.read_posts(posts_dir, authors, today=TODAY)
    return [str(p) for p in problems if p.is_error]


def test_a_post_with_an_unknown_author_is_an_error_at_its_line(blog):
    posts_dir, authors = blog
    write_post(posts_dir, "article.md", authors="  - equipe\n  - jean-dupont\n")
    (error,) = only_errors(posts_dir, authors)
    assert error.endswith("article.md:5:5: erreur : auteur « jean-dupont » inconnu : il doit être déclaré dans "
                          "docs/actualites/.authors.yml (auteurs connus : equipe)")


@pytest.mark.parametrize(("extra", "replace", "expected"), [
    ("", ("date: 2026-11-29", "date: 2026-11-31"), ":2:7: erreur : « 2026-11-31 » n'existe pas dans le calendrier"),
    ("", ("  - Certification", "  - Divers"), ":6:5: erreur : « Divers » n'est pas permis ici : choisissez parmi "
                                              "Certification, Accompagnement, Dates clés, Vie du portail"),
    ("", ("description: Résumé de article.md.\n", ""), ":2:1: erreur : champ obligatoire « description » manquant"),
    ("categorie: Divers\n", None, ":8:1: erreur : clé inconnue « categorie » : vouliez-vous écrire « categories » ?"),
    ("", ("date: 2026-11-29", "date:\n  created: 2026-11-29\n  updated: 2026-11-01"),
     ":4:12: erreur : la mise à jour (2026-11-01) est antérieure à la publication (2026-11-29)"),
    ("", ("---\ndate", "date"), ":1:1: erreur : l'article doit commencer par son en-tête"),
    ("", ("# Titre\n", ""), ":2:1: erreur : l'article n'a pas de titre"),
    ("", ("date: 2026-11-29", "date: 2026-12-01"), ":2:7: erreur : la date 2026-12-01 est dans le futur (nous sommes "
                                                   "le 2026-11-29) : datez l'article du jour où il est publié"),
])
def test_a_bad_front_matter_is_an_error_at_its_line(blog, extra, replace, expected):
    posts_dir, authors = blog
    path = write_post(posts_dir, "article.md", extra=extra)
    if replace:
        path.write_text(path.read_text(encoding="utf-8").replace(*replace, 1), encoding="utf-8")
    errors = only_errors(posts_dir, authors)
    assert len(errors) == 1 and f"article.md{expected}" in errors[0], errors


def test_a_file_name_that_cannot_be_an_address_is_an_error(blog):
    posts_dir, authors = blog
    write_post(posts_dir, "Mon Article.md")
    (error,) = only_errors(posts_dir, authors)
    assert "Mon Article.md:1:1: erreur : nom de fichier" in error


def test_a_post_without_excerpt_separator_is_only_a_warning(blog):
    posts_dir, authors = blog
    path = write_post(posts_dir, "article.md")
    path.write_text(path.read_text(encoding="utf-8").replace("<!-- more -->\n", ""), encoding="utf-8")
    posts, problems = news.read_posts(posts_dir, authors, today=TODAY)
    assert len(posts) == 1 and [p.severity for p in problems] == ["avertissement"]


def test_the_validator_checks_the_posts_too(blog, monkeypatch):
    posts_dir, authors = blog
    write_post(posts_dir, "article.md", date="2026-13-01")
    monkeypatch.setattr(news, "POSTS_DIR", posts_dir)
    monkeypatch.setattr(news, "AUTHORS_FILE", authors)
    errors = [str(e) for e in validate().errors]
    assert len(errors) == 1 and "article.md:2:7: erreur : « 2026-13-01 » n'existe pas dans le calendrier" in errors[0]


def test_the_feed_and_the_calendar_need_no_git_history(project_copy, posts):
    """Generated in a copy without .git, they are byte for byte what the posts and data give."""
    from tests.conftest import run

    assert not (project_copy / ".git").exists()
    run("-m", "scripts.generate", cwd=project_copy)
    generated = project_copy / "docs" / "generated"
    assert (generated / news.FEED).read_bytes() == news.atom_feed(posts, news.site_url())
    from scripts import key_dates
    from scripts.generate import templates

    expected = dict(key_dates.outputs(validate(), templates(), datetime.date.today()))
    assert (generated / key_dates.FEED).read_bytes() == expected[key_dates.FEED]
