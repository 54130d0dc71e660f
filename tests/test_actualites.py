"""« Actualités »: posts checked like data and published by the portal itself (the same on
both builds, dates in French), an Atom feed that standard tools read and that every page
advertises, and the three latest posts on the home page."""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
import yaml

from scripts import actualites
from scripts.core import dates, pipeline
from scripts.core.data import Data
from scripts.core.dates import long_date
from scripts.core.paths import DATA_DIR
from scripts.features import FEATURES
from scripts.typographie import plain
from scripts.validate import site as read_site
from tests.conftest import generation_context, run

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def posts() -> list[actualites.Post]:
    posts, problems = actualites.read(read_site()[0])
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
        assert post.created <= dates.today()  # never dated ahead of its publication
        assert post.authors == ("Portail C2i2e",)  # a function, never an invented team
    titles = " ".join(post.title for post in posts)
    assert "titularisation" in titles and "accompagnateur" in titles


def test_the_feed_is_valid_atom_with_every_post(site_dir, site_url, posts):
    raw = (site_dir / actualites.FEED).read_bytes()
    root = ET.fromstring(raw)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [p.title for p in posts]

    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and parsed.feed.title == actualites.FEED_TITLE
    assert parsed.feed.id == site_url + "actualites/"  # the build's site_url
    assert [e.link for e in parsed.entries] == [f"{site_url}actualites/{p.name}/" for p in posts]
    for entry, post in zip(parsed.entries, posts, strict=True):
        assert entry.summary == post.description
        assert entry.published.startswith(post.created.isoformat())
        assert [t.term for t in entry.tags] == list(post.categories)
        assert entry.author == post.authors[0]


def test_every_feed_link_is_a_built_page(site_dir, site_url, posts):
    for post in posts:
        address = site_url + f"actualites/{post.name}/"
        page = built(site_dir, site_url, address)
        assert page.is_file(), address
        assert post.title in plain(html.unescape(page.read_text(encoding="utf-8")))


def test_the_feed_does_not_depend_on_the_time_of_the_build(posts):
    site = dataclasses.replace(read_site()[0], url="https://exemple.invalid/portail/")
    first = actualites.atom_feed(posts, site)
    assert actualites.atom_feed(list(posts), site) == first
    newest = max(p.last_changed for p in posts)
    assert ET.fromstring(first).findtext(f"{ATOM}updated").startswith(newest.isoformat())


def test_every_page_advertises_the_feed_in_its_head(site_dir, site_url, pages):
    assert len(pages) > 10
    missing = []
    for address, page in pages.items():
        head = page.split("</head>", 1)[0]
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', head)
        if len(links) != 1:
            missing.append(f"{address or 'accueil'} : {len(links)} lien(s) vers le flux")
            continue
        target = built(site_dir, site_url, links[0], address)
        if target != site_dir / actualites.FEED:
            missing.append(f"{address or 'accueil'} : le lien {links[0]} ne mène pas au flux")
    assert not missing, "\n".join(missing)


def test_the_home_page_shows_the_three_latest_posts_about_the_certificate(site_dir, site_url, pages, posts):
    home = pages[""]
    assert ">Dernières actualités<" in home
    section = plain(html.unescape(home.split(">Dernières actualités<", 1)[1].split("</ul>", 1)[0]))
    shown = re.findall(r'<li><strong><a href="([^"]+)">(.*?)</a></strong> — <time datetime="([0-9-]+)">(.*?)</time>',
                       section)
    portal = {entry["titre"] for entry in rubriques() if entry.get("sur_le_portail")}
    about_the_certificate = [post for post in posts if not portal & set(post.categories)]
    expected = about_the_certificate[: actualites.LATEST]
    assert len(shown) == len(expected) == min(len(about_the_certificate), 3) and len(expected) >= 2
    assert len(about_the_certificate) < len(posts)  # the seed's post about the portal's calendar is left out
    for (href, title, iso, day), post in zip(shown, expected, strict=True):
        assert built(site_dir, site_url, href) == site_dir / "actualites" / post.name / "index.html"
        assert (title, iso, day) == (post.title, post.created.isoformat(), long_date(post.created))
        assert post.description in section


def rubriques() -> list[dict]:
    return yaml.safe_load((DATA_DIR / "rubriques.yaml").read_text(encoding="utf-8"))["rubriques"]


def test_news_about_the_portal_have_their_own_rubrique_listed_in_the_news_but_not_on_the_home_page(pages, posts):
    (portal,) = [entry for entry in rubriques() if entry.get("sur_le_portail")]
    about_the_portal = [post for post in posts if portal["titre"] in post.categories]
    assert about_the_portal
    home = plain(html.unescape(pages[""].split(">Dernières actualités<", 1)[1]))
    listing = plain(html.unescape(pages["actualites/"]))
    own = plain(html.unescape(pages[f"actualites/categories/{portal['id']}/"]))
    for post in about_the_portal:
        assert f"actualites/{post.name}/" not in home and post.title not in home, post.name
        assert post.title in listing and post.title in own, post.name
    assert re.search(rf'href="[^"]*categories/{portal["id"]}/">{portal["titre"]}</a>', listing)


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
    """A docs/ folder of made-up posts: (posts folder, authors file); `site_of(blog)` is its site."""
    posts = tmp_path / "docs" / "actualites" / "posts"
    posts.mkdir(parents=True)
    authors = tmp_path / "docs" / "actualites" / ".authors.yml"
    authors.write_text(AUTHORS, encoding="utf-8")
    return posts, authors


def site_of(blog):
    return dataclasses.replace(read_site()[0], docs_dir=blog[0].parent.parent)


def published(blog, monkeypatch=None, drafts: bool = False) -> dict[str, str | bytes]:
    """Every file the feature publishes from the made-up posts."""
    site = site_of(blog)
    posts, problems = actualites.read(site)
    assert not [p for p in problems if p.is_error], problems
    if monkeypatch and drafts:
        monkeypatch.setenv(actualites.DRAFTS_VARIABLE, "1")
    data = Data(DATA_DIR, content={actualites.NAME: posts})
    context = dataclasses.replace(generation_context(), site=site)
    return dict(actualites.pages(data, context))


def test_latest_posts_are_newest_first_and_drafts_are_never_published(blog, monkeypatch):
    posts_dir, _ = blog
    write_post(posts_dir, "a-ancien.md", "2026-09-01", title="Ancien")
    write_post(posts_dir, "b-recent.md", "2026-11-20", title="Récent")
    write_post(posts_dir, "c-brouillon.md", "2026-11-28", "draft: true\n", title="Brouillon")
    write_post(posts_dir, "d-moyen.md", "2026-10-15", title="Moyen")
    write_post(posts_dir, "e-plus-ancien.md", "2026-06-01", title="Plus ancien")
    monkeypatch.delenv(actualites.DRAFTS_VARIABLE, raising=False)
    outputs = published(blog)
    fragment = outputs[actualites.LATEST_FRAGMENT]
    assert re.findall(r"\[([^\]]+)\]\(actualites/", fragment) == ["Récent", "Moyen", "Ancien"]
    assert "<time datetime=\"2026-11-20\">20 novembre 2026</time>" in fragment
    feed = feedparser.parse(outputs[actualites.FEED])
    assert [e.title for e in feed.entries] == ["Récent", "Moyen", "Ancien", "Plus ancien"]
    assert "actualites/c-brouillon.md" not in outputs
    assert re.findall(r"^## \[([^\]]+)\]", outputs[actualites.INDEX], re.MULTILINE) == [
        "Récent", "Moyen", "Ancien", "Plus ancien"]


def test_the_home_page_leaves_out_a_rubrique_about_the_portal_but_the_news_keep_it(blog):
    from scripts.core.loader import load

    posts_dir, _ = blog
    write_post(posts_dir, "a-certificat.md", "2026-11-01", title="Sur le certificat")
    path = write_post(posts_dir, "b-portail.md", "2026-11-20", title="Sur le portail")
    path.write_text(path.read_text(encoding="utf-8").replace("  - Certification", "  - Vie du portail"), "utf-8")
    site = site_of(blog)
    posts, _ = actualites.read(site)
    rubriques_file, _ = load(DATA_DIR / "rubriques.yaml")
    data = Data(DATA_DIR, documents={actualites.RUBRIQUES: rubriques_file}, content={actualites.NAME: posts})
    outputs = dict(actualites.pages(data, dataclasses.replace(generation_context(), site=site)))
    assert re.findall(r"\[([^\]]+)\]\(actualites/", outputs[actualites.LATEST_FRAGMENT]) == ["Sur le certificat"]
    assert re.findall(r"^## \[([^\]]+)\]", outputs[actualites.INDEX], re.MULTILINE) == [
        "Sur le portail", "Sur le certificat"]
    assert "[Vie du portail](categories/vie-du-portail.md)." in outputs[actualites.INDEX]
    assert "Sur le portail" in outputs["actualites/categories/vie-du-portail.md"]
    assert [e.title for e in feedparser.parse(outputs[actualites.FEED]).entries] == ["Sur le portail",
                                                                                    "Sur le certificat"]


def test_under_make_serve_a_draft_is_shown_with_a_banner_but_never_in_the_feed(blog, monkeypatch):
    posts_dir, _ = blog
    write_post(posts_dir, "c-brouillon.md", "2026-11-28", "draft: true\n", title="Brouillon")
    outputs = published(blog, monkeypatch, drafts=True)
    assert '!!! warning "Brouillon"' in outputs["actualites/c-brouillon.md"]
    assert feedparser.parse(outputs[actualites.FEED]).entries == []
    assert "Brouillon" not in outputs[actualites.LATEST_FRAGMENT]


def test_a_post_page_has_its_french_date_authors_categories_and_working_links(blog):
    posts_dir, _ = blog
    path = write_post(posts_dir, "2026-11-29-sujet.md", extra="", title="Un sujet")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Suite.", "Voir [les conditions](../../comprendre/conditions.md#regle), [l'annuaire][a] et "
                  "[le site](https://exemple.org/).\n\n[a]: ../../annuaire/index.md"), encoding="utf-8")
    page = published(blog)["actualites/2026-11-29-sujet.md"]
    title, meta = page.split("# Un sujet\n", 1)[1].strip().split("\n", 1)[0], page
    assert title.startswith('<p class="portail-post__meta" markdown>Publié le <time datetime="2026-11-29">'
                            '29 novembre 2026</time> par Équipe de test · [Certification](categories/certification.md)')
    assert "[les conditions](../comprendre/conditions.md#regle)" in meta
    assert "[a]: ../annuaire/index.md" in meta and "(https://exemple.org/)" in meta
    assert 'data_source: "docs/actualites/posts/2026-11-29-sujet.md"' in meta
    category = published(blog)["actualites/categories/certification.md"]
    assert "# Actualités : Certification" in category and "(../2026-11-29-sujet.md)" in category


def test_links_of_a_moved_text_keep_their_target():
    text = "[a](../../x.md) [b](#ici) [c](mailto:a@b.fr) ![d](../img.png) [e](/abs) [f](../../y/z.md#t)"
    assert actualites.moved_links(text, "actualites/posts/p.md", "actualites/p.md") == (
        "[a](../x.md) [b](#ici) [c](mailto:a@b.fr) ![d](img.png) [e](/abs) [f](../y/z.md#t)")
    assert actualites.moved_links("[a](../../x.md)", "actualites/posts/p.md", "index.md") == "[a](x.md)"


TODAY = datetime.date(2026, 11, 29)


def only_errors(posts_dir: Path, authors: Path) -> list[str]:
    _, problems = actualites.read_posts(posts_dir, authors, today=TODAY)
    return [str(p) for p in problems if p.is_error]


def test_a_post_with_an_unknown_author_is_an_error_at_its_line(blog):
    posts_dir, authors = blog
    write_post(posts_dir, "article.md", authors="  - equipe\n  - jean-dupont\n")
    (error,) = only_errors(posts_dir, authors)
    assert error.endswith("article.md:5:5: erreur : auteur « jean-dupont » inconnu : il doit être déclaré dans "
                          "docs/actualites/.authors.yml (auteurs connus : equipe)")


@pytest.mark.parametrize(("extra", "replace", "expected"), [
    ("", ("date: 2026-11-29", "date: 2026-11-31"), ":2:7: erreur : « 2026-11-31 » n'existe pas dans le calendrier"),
    ("", ("  - Certification", "  - Divers"), ":6:5: erreur : « Divers » n'est pas une rubrique connue : choisissez "
                                              "parmi Certification, Accompagnement, Dates clés, Vie du portail (liste "
                                              "tenue dans referentiel/rubriques.yaml, où l'on peut l'allonger)"),
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
    posts, problems = actualites.read_posts(posts_dir, authors, today=TODAY)
    assert len(posts) == 1 and [p.severity for p in problems] == ["avertissement"]


def test_a_post_saved_with_a_byte_order_mark_is_read_like_any_other(blog):
    posts_dir, _ = blog
    path = write_post(posts_dir, "2026-11-29-sujet.md", title="Un sujet")
    path.write_bytes("\ufeff".encode("utf-8") + path.read_bytes())
    posts, problems = actualites.read(site_of(blog))
    assert problems == [] and [post.title for post in posts] == ["Un sujet"]


def test_the_validator_checks_the_posts_too(blog):
    posts_dir, authors = blog
    write_post(posts_dir, "article.md", date="2026-13-01")
    errors = [str(e) for e in pipeline.validate(DATA_DIR, FEATURES, site_of(blog)).errors]
    assert len(errors) == 1 and "article.md:2:7: erreur : « 2026-13-01 » n'existe pas dans le calendrier" in errors[0]


def test_the_feed_and_the_calendar_need_no_git_history(project_copy, posts):
    """Generated in a copy without .git, they are byte for byte what the posts and data give."""
    from scripts import calendrier

    assert not (project_copy / ".git").exists()
    run("-m", "scripts.generate", cwd=project_copy, env={"SITE_URL": "https://exemple.invalid/"})
    docs = project_copy / "docs"
    site = dataclasses.replace(read_site()[0], url="https://exemple.invalid/")
    assert (docs / actualites.FEED).read_bytes() == actualites.atom_feed(posts, site)
    context = dataclasses.replace(generation_context(), site=site)
    expected = dict(calendrier.pages(pipeline.validate(DATA_DIR, FEATURES, site), context))
    assert (docs / calendrier.FEED).read_bytes() == expected[calendrier.FEED]


def test_the_news_pages_are_the_same_on_both_builds_and_dated_in_french(pages, posts, builder):
    listing = plain(html.unescape(pages["actualites/"]))
    for post in posts:
        assert f">{long_date(post.created)}</time>" in html.unescape(pages[f"actualites/{post.name}/"]), builder
        assert post.title in listing
    assert not re.search(r"(January|February|March|April|May|June|July|August|September|October|November|"
                         r"December) \d", " ".join(pages.values()))


# --- what staff meet: links, file names, every mistake at once, categories as data ------------------

def test_a_link_written_as_an_address_is_refused_at_make_check_with_the_path_from_posts(project_copy):
    """On a fresh clone (no generated page yet): « /preparer/dossier/ » is refused, in French, at its
    line and column, with the path that works from docs/actualites/posts/; so do links to nothing."""
    posts = project_copy / "docs" / "actualites" / "posts"
    path = write_post(posts, "2026-11-29-essai.md", authors="  - equipe-c2i2e\n")
    path.write_text(path.read_text(encoding="utf-8").replace("Suite.\n", (
        "Voir [le dossier](/preparer/dossier/) et [la règle](/portail-c2i2e/comprendre/conditions/#regle).\n"
        "Voir aussi [l'accueil](../preparer/dossier.md), [rien](../../nulle-part.md) et [ailleurs](../../../x.md).\n"
        "Et [un article mal nommé](../2026-11-29-c2i2e-titularisations.md).\n"
        "Justes : [A.1.1](../../referentiel/a-1/a-1-1.md), [le flux](../../actualites.xml), [un modèle]"
        "(../../modeles/a-1-1.md), [un article](../2026-11-29-c2i2e-titularisation.md), "
        "[ici](#suite), [le site](https://example.org/a.md).\n\n"
        "```markdown\n[dans du code](/preparer/dossier/)\n```\n\nEt `[en ligne](/x/)`.\n"
        "[ref]: /calendrier/\n")), encoding="utf-8")
    result = run("-m", "scripts.validate", cwd=project_copy, check=False,
                 env={"C2I2E_AUJOURDHUI": "2026-12-01", "SITE_URL": "https://exemple.invalid/portail-c2i2e/"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line.split("2026-11-29-essai.md:", 1)[1] for line in result.stderr.splitlines()
              if "2026-11-29-essai.md:" in line]
    link = "un lien d'article ne commence pas par « / », il va du dossier de l'article, docs/actualites/posts/, au " \
           "fichier de la page"
    from_posts = "(un lien d'article va du dossier de l'article, docs/actualites/posts/, au fichier de la page)"
    lines = path.read_text(encoding="utf-8").splitlines()

    def at(target: str) -> str:
        """LINE:COLUMN of the target of a link (the first time it is written outside code)."""
        line = next(n for n, text in enumerate(lines, 1) if f"({target})" in text or f"]: {target}" in text)
        return f"{line}:{lines[line - 1].index(target) + 1}"

    assert errors == [
        f"{at('/preparer/dossier/')}: erreur : lien « /preparer/dossier/ » : {link} : écrivez "
        "« ../../preparer/dossier.md »",
        f"{at('/portail-c2i2e/comprendre/conditions/#regle')}: erreur : lien « /portail-c2i2e/comprendre/conditions/"
        f"#regle » : {link} : écrivez « ../../comprendre/conditions.md#regle »",
        f"{at('../preparer/dossier.md')}: erreur : lien « ../preparer/dossier.md » : il mène à docs/actualites/"
        f"preparer/dossier.md, qui n'existe pas {from_posts} : vouliez-vous écrire « ../../preparer/dossier.md » ?",
        f"{at('../../nulle-part.md')}: erreur : lien « ../../nulle-part.md » : il mène à docs/nulle-part.md, qui "
        f"n'existe pas {from_posts}",
        f"{at('../../../x.md')}: erreur : lien « ../../../x.md » : il sort du dossier docs/ {from_posts}",
        f"{at('../2026-11-29-c2i2e-titularisations.md')}: erreur : lien « ../2026-11-29-c2i2e-titularisations.md » "
        f": il mène à docs/actualites/2026-11-29-c2i2e-titularisations.md, qui n'existe pas {from_posts} : "
        "vouliez-vous écrire « ../2026-11-29-c2i2e-titularisation.md » ?",
        f"{at('/calendrier/')}: erreur : lien « /calendrier/ » : {link} : écrivez « ../../calendrier.md »",
    ], errors
    assert at("/preparer/dossier/") == f"{lines.index(next(t for t in lines if t.startswith('Voir [le'))) + 1}:19"


def test_a_file_name_that_is_not_an_ascii_slug_is_refused_with_the_name_to_give(blog):
    posts_dir, authors = blog
    for name, better in (("Mon Article.md", "mon-article.md"), ("2026-11-29-été-à-l'INSPE.md",
                                                                "2026-11-29-ete-a-l-inspe.md")):
        path = write_post(posts_dir, name)
        (error,) = only_errors(posts_dir, authors)
        assert error.endswith(f"{name}:1:1: erreur : nom de fichier « {name} » : il fait l'adresse de l'article, "
                              "utilisez des minuscules sans accent, des chiffres et des tirets (ni espace ni "
                              f"majuscule) : renommez-le « {better} »")
        path.unlink()


def test_every_mistake_of_a_post_is_reported_in_one_round(blog):
    """A front matter that breaks its schema still gets the rules' messages: unknown author, future date."""
    posts_dir, authors = blog
    path = write_post(posts_dir, "article.md", date="2026-12-24", authors="  - equipe\n  - inconnu\n")
    path.write_text(path.read_text(encoding="utf-8").replace("  - Certification", "  - Divers")
                    .replace("# Titre\n", ""), encoding="utf-8")
    errors = [error.split("article.md:", 1)[1] for error in only_errors(posts_dir, authors)]
    assert [error.split(": erreur : ")[0] for error in errors] == ["2:1", "2:7", "5:5", "7:5"], errors
    assert "l'article n'a pas de titre" in errors[0] and "dans le futur" in errors[1]
    assert "auteur « inconnu » inconnu" in errors[2] and "« Divers » n'est pas une rubrique connue" in errors[3]


def test_categories_are_data_that_staff_extend(tmp_path, blog):
    """A category added to rubriques.yaml is accepted, with no schema edited; its page has its id and
    description; the ids and titles are checked like data."""
    import shutil

    from scripts.core import schema
    from scripts.core.loader import load

    for name in ("actualites.schema.json", "rubriques.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    posts_dir, _ = blog
    path = write_post(posts_dir, "article.md")
    path.write_text(path.read_text(encoding="utf-8").replace("  - Certification", "  - Témoignages"), "utf-8")
    document, _body, _ = actualites.front_matter(path, path.read_text(encoding="utf-8"))
    assert "« Témoignages » n'est pas une rubrique connue" in str(
        next(schema.check(document, tmp_path / "actualites.schema.json")))
    with (tmp_path / "rubriques.yaml").open("a", encoding="utf-8") as file:
        file.write("\n  - id: temoignages\n    titre: Témoignages\n    description: Des candidats racontent.\n")
    schema._choices_in.cache_clear()
    assert list(schema.check(document, tmp_path / "actualites.schema.json")) == []

    rubriques, _ = load(tmp_path / "rubriques.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("  - Témoignages", "  - Certification"), "utf-8")
    (post,) = actualites.read_posts(posts_dir, blog[1], today=TODAY)[0]
    post = dataclasses.replace(post, categories=("Témoignages",))
    data = Data(DATA_DIR, documents={actualites.RUBRIQUES: rubriques}, content={actualites.NAME: [post]})
    outputs = dict(actualites.pages(data, generation_context()))
    page = outputs["actualites/categories/temoignages.md"]
    assert "# Actualités : Témoignages\n\nDes candidats racontent.\n" in page
    assert "[Témoignages](categories/temoignages.md)" in outputs[post.page]


def test_a_category_id_or_title_twice_is_an_error_at_the_second(data_copy):
    path = data_copy / "rubriques.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: vie-du-portail", "id: dates-cles")
                    .replace("titre: Vie du portail", "titre: Certification"), encoding="utf-8")
    errors = [str(e).split("rubriques.yaml:", 1)[1] for e in pipeline.validate(
        data_copy, FEATURES, read_site()[0]).errors if "rubriques.yaml" in str(e)]
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [n for n, t in enumerate(lines, 1) if "id: dates-cles" in t][1]
    first_title = next(n for n, t in enumerate(lines, 1) if "titre: Certification" in t)
    assert errors == [f"{second}:9: erreur : identifiant de rubrique « dates-cles » en double (déjà utilisé ligne "
                      f"{second - 4})", f"{second + 1}:12: erreur : rubrique « Certification » en double (déjà "
                      f"utilisé ligne {first_title})"], errors
