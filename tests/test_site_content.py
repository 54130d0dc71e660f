"""The built site, as a student reads it: each fact of the institution's page
on the page where one would look for it, in French, with the mandatory pages,
nothing unfinished, and nothing loaded from a third party."""

from __future__ import annotations

import re

import pytest

from scripts.core.paths import DATA_DIR
from tests.conftest import links, run
from tests.test_site_referentiel import text_of

# Where a student looks -> what must be there (from shared/sources/upec-c2i2e-page.md).
FACTS = {
    "comprendre/c2i2e/": [
        "Certificat Informatique et Internet",
        "ni un examen terminal",
        "ni une épreuve d'informatique",
        "du temps, de l'engagement et de la pratique",
        "Université Paris-Est Créteil",
        "Ministre de l'Enseignement supérieur",
        "pédagogique",
        "éducative",
        "citoyenne",
    ],
    "comprendre/public/": [
        "n'est plus obligatoire pour la titularisation",
        "fortement encouragés",
    ],
    "comprendre/conditions/": [
        "dossier numérique de compétences",
        "au moins 23 des 28 compétences",
        "2 compétences non validées par domaine",
        "face-à-face",
        "situation réelle d'enseignement ou de formation",
    ],
    "comprendre/deroulement/": [
        "commission de validation",
        "jury de certification",
        "soutenance",
        "attestation",
        "recommande",
    ],
    "preparer/dossier/": [
        "ÉmaÉval",
        "e-portfolio",
        "dossiers d'évaluation",
        "traces",
        "accompagnateur",
    ],
    "preparer/accompagnement/": [
        "accompagnateur",
        "à sa demande",
        "traces",
    ],
    "preparer/soutenance/": [
        "demi-heure",
        "deux enseignants",
        "motivation",
        "expliciter",
        "appropriation",
        "développer",
    ],
    "contacts/": [
        "Jean-Luc Passin",
        "chargé de mission numérique",
        "01 49 56 38 53",
        "C2i2e-sec@u-pec.fr",
        "référent",
    ],
}


@pytest.mark.parametrize("address", FACTS)
def test_each_fact_is_where_a_student_looks_for_it(pages, address):
    text = text_of(pages[address]).replace("’", "'")
    missing = [fact for fact in FACTS[address] if fact.lower() not in text.lower()]
    assert not missing, f"{address} ne dit pas : {missing}"


OFFICIAL_PAGE = "http://inspe.u-pec.fr/formation/preparer-le-c2i2e/"


@pytest.mark.parametrize("address", [address for address in FACTS if address != "contacts/"])
def test_each_page_drawn_from_the_official_page_links_it_as_its_source(pages, address):
    article = pages[address].split("<article", 1)[1].split("</article>", 1)[0]
    assert re.search(rf'Sources?\u00a0: la page officielle\s*<a href="{re.escape(OFFICIAL_PAGE)}">', article), address


def test_contacts_link_mail_phone_and_the_directory(pages):
    page = pages["contacts/"]
    assert 'href="mailto:C2i2e-sec@u-pec.fr"' in page
    assert 'href="tel:+33149563853"' in page
    assert re.search(r'href="[^"]*annuaire/"', page)


def test_the_process_is_told_once_as_an_html_list_that_is_its_own_text(pages):
    page = pages["comprendre/deroulement/"]
    article = page.split('<article', 1)[1].split('</article>', 1)[0]
    figure = re.search(r'<figure class="c2i2e-schema">.*?</figure>', article, re.S)[0]
    assert "<script" not in article and "<svg" not in figure and "<img" not in figure
    assert re.search(r'<ol class="c2i2e-process"', figure)
    text = text_of(page).replace("’", "'")
    # One telling: each step, each branch and each decision once (no second list, no text version).
    for told_once in ("Étape 1", "Étape 3", "recommande le candidat", "convoque", "attestation indiquant"):
        assert text.count(told_once) == 1, (told_once, text.count(told_once))


def test_every_page_is_in_french_with_the_accessibility_mention(pages):
    assert len(pages) > 40
    for address, html in pages.items():
        assert re.search(r'<html[^>]* lang="fr"', html), address
        footer = html.split('<footer class="md-footer">', 1)[1]
        assert re.search(r'<a href="[^"]*">Accessibilité\u00a0: (totalement |partiellement |non )conforme</a>', footer), address
        for mandatory in ("Mentions légales", "Données personnelles", "Plan du site"):
            assert re.search(rf'<a href="[^"]*">{mandatory}</a>', footer), (address, mandatory)


def test_mandatory_pages_exist_and_say_what_the_law_asks(pages):
    accessibility = text_of(pages["accessibilite/"])
    for required in ("conforme", "Défenseur des droits", "C2i2e-sec@u-pec.fr", "2026"):
        assert required in accessibility, required
    privacy = text_of(pages["donnees-personnelles/"])
    for required in ("Formspree", "cookie", "CNIL", "localStorage"):
        assert required.lower() in privacy.lower(), required
    legal = text_of(pages["mentions-legales/"])
    for required in ("Université Paris-Est Créteil", "directeur de la publication", "GitHub"):
        assert required.lower() in legal.lower(), required


def test_the_site_map_lists_every_page_of_the_navigation(pages):
    sitemap = pages["plan-du-site/"]
    nav = links(re.search(r'<nav aria-label="Plan du site".*?</nav>', sitemap, re.S)[0], "plan-du-site/")
    for address in ("comprendre/conditions/", "preparer/soutenance/", "referentiel/a-1/a-1-1/",
                    "contacts/", "accessibilite/"):
        assert address in nav, address


CONTRIBUTING = ("contribuer/publier/", "contribuer/annuaire/", "contribuer/annexe-git/")


def test_the_guides_about_the_portal_are_in_the_footer_and_the_site_map_not_in_the_main_navigation(pages):
    for address, html in pages.items():
        # The header, the tabs and the drawer (the editor's page /admin/ has none of them).
        menus = html.split("</head>", 1)[1].split("<article", 1)[0] if "<article" in html else ""
        assert not re.search(r">\s*Contribuer\s*<", menus) and not set(CONTRIBUTING) & links(menus, address), address
        footer = html.split('<footer class="md-footer">', 1)[1]
        link = re.search(r'<a href="[^"]*">Contribuer au portail</a>', footer)
        assert link and links(link[0], address) == {"contribuer/publier/"}, address
    sitemap = re.search(r'<nav aria-label="Plan du site".*?</nav>', pages["plan-du-site/"], re.S)[0]
    assert set(CONTRIBUTING) <= links(sitemap, "plan-du-site/")
    for address in CONTRIBUTING:
        assert address in pages, address


def test_a_footer_address_without_a_page_is_an_error_at_its_line(project_copy):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("adresse: contribuer/annuaire/", "adresse: contribuer/anuaire/")
    config.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "contribuer/anuaire/" in row)
    result = run("-m", "scripts.generate", cwd=project_copy, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    column = text.splitlines()[line - 1].index("contribuer/anuaire/") + 1
    assert (f"mkdocs.yml:{line}:{column}: erreur : « contribuer/anuaire » : aucune page de docs/ n'a cette "
            "adresse") in result.stderr, result.stderr


def test_the_404_page_is_in_french(site_dir):
    page = (site_dir / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in page and 'lang="fr"' in page


def test_no_page_is_unfinished(pages):
    for address, html in pages.items():
        text = text_of(html).lower()
        for stub in ("à venir", "lorem ipsum", "todo", "en construction", "coming soon"):
            assert stub not in text, (address, stub)


def test_no_page_references_a_third_party_asset(pages):
    for address, html in pages.items():
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
                assert not re.match(r"(https?:)?//", url) or url.startswith(("http://127.0.0.1",)), (address, tag)


def test_a_broken_link_makes_the_strict_build_fail_with_mkdocs_message(project_copy, tmp_path):
    project = project_copy
    page = project / "docs" / "preparer" / "soutenance.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Lien cassé](page-inexistante.md)\n", encoding="utf-8")
    result = run("-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site"),
                 cwd=project, check=False)
    assert result.returncode == 1
    assert ("Doc file 'preparer/soutenance.md' contains a link 'page-inexistante.md', "
            "but the target 'preparer/page-inexistante.md' is not found among documentation files.") in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


# The only ways to reach someone that the portal may publish: those of its data files (from the
# institution's page) and the guides' fictional example (example.org, 01 23 45 67 89).
GUIDE_EXAMPLES = {"camille.exemple@example.org", "camille.exemple@example", "camille.exemple@@example.org",
                  "01 23 45 67 89", "01 23 45 67", "+33 1 23 45 67 89", "nom@domaine.fr"}


def test_every_email_phone_and_postal_address_published_comes_from_the_data(pages):
    contacts = (DATA_DIR / "contacts.yaml").read_text(encoding="utf-8")
    known = set(re.findall(r"email: (\S+)", contacts)) | set(re.findall(r"telephone: (.+)", contacts))
    for address, html in pages.items():
        text = text_of(html)
        found = set(re.findall(r"[\w.+-]+@+[\w-]+(?:\.[\w-]+)*", text))
        found |= set(re.findall(r"(?:\+33 ?(?:\(0\))?|\b0)[1-9](?: ?\d{2}){3,4}\b", text))
        assert found <= known | GUIDE_EXAMPLES, (address, found - known - GUIDE_EXAMPLES)
        # A postal code: no source gives a postal address (the sites' addresses are not published), but
        # the Défenseur des droits' own, which the official template of the accessibility statement gives.
        text = text.replace("Libre réponse 71120, 75342 Paris CEDEX 07", "")
        assert not re.search(r"\b\d{5} [A-Z][A-Za-zÀ-ÿ-]+|\b[A-Z]{2} \d{5}\b", text), address


# --- A student's five minutes, and no claim that no source makes -------------------------------

# Sentences that no source makes (roles, processes, plans, the institution's state), or that
# contradict another page: none may be published.
UNSOURCED = ["équipe C2i2e", "équipe du portail", "écrivez-nous", "quatre étapes",
             "Ce n'est pas un examen", "échanges compris", "jury attend",
             "pas encore fixé", "accès à ÉmaÉval", "adressez votre demande à votre référent",
             "en cours de désignation", "pour les conseils et l'assistance", "faire réaliser un audit",
             "le Service Scolarité et le responsable pédagogique", "n'est pas un échec",
             "pas un mauvais signe", "les dates dès que l'INSPE les annonce",
             # Issue 28: what happens after sending, promises of the portal, who gives access, who
             # chooses, and the Service Scolarité made responsible for what the source gives nobody.
             "Vous n'avez rien d'autre à faire", "vous parviendront d'elles-mêmes", "les retire de lui-même",
             "qui répond aux demandes de renseignements", "ce formulaire la transmet au Service Scolarité",
             "Pour savoir comment accéder à ÉmaÉval", "Choisissez à l'avance l'aspect",
             "Pour savoir comment et quand le soumettre", "évolutions des règles", "l'outil applique ces règles",
             "écrivez directement au Service Scolarité", "demandez-les au Service Scolarité",
             "Pour les modalités pratiques", "au fil de vos stages et de vos cours",
             # The jury's attestation tied to unmet conditions, and advice that tells what the commission values.
             "Quand les conditions ne sont pas réunies", "qualité à la quantité", "points faibles de votre dossier",
             "sans attendre la fin", "même imparfaites", "n'affiche une date qu'avec sa source",
             "que le calendrier publiera", "et à vous répondre"]


def test_no_page_says_what_no_source_says(pages):
    assert len(pages) > 90
    found = [(address, claim) for address, html in pages.items()
             for claim in UNSOURCED if claim.lower() in text_of(html).replace("’", "'").lower()]
    assert not found, found


def test_the_home_page_says_what_it_is_for_whether_it_is_required_what_first_and_whom_to_ask(pages):
    home = pages[""]
    first = text_of(home.split('<h2 id="comprendre-et-preparer"', 1)[0]).replace("’", "'")
    for words in ("atteste vos compétences professionnelles", "n'est plus obligatoire pour la titularisation",
                  "fortement encouragés", "Par où commencer", "Mon positionnement", "Service Scolarité",
                  "référent C2i2e de votre site"):
        assert words in first, words
    assert re.search(r'href="[^"]*contacts/#service-scolarite"', home)


def test_the_edit_button_reads_modifier_cette_page(pages, builder):
    buttons = [(address, re.search(r'<a [^>]*rel="edit"[^>]*>', html)) for address, html in pages.items()]
    found = [(address, b[0]) for address, b in buttons if b]
    assert len(found) > 40, builder
    for address, button in found:
        assert 'title="Modifier cette page"' in button, (builder, address, button)
    # Material's French label is in no attribute (a guide may still quote it in its text).
    assert not [a for a, html in pages.items() if re.search(r'="[^"]*[EÉ]diter cette page', html)]


def test_mon_positionnement_speaks_of_this_device(pages):
    text = text_of(pages["positionnement/"])
    assert "cet appareil" in text and "ordinateur" not in text


def test_the_home_page_fits_one_phone_screen(page, site_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url)
    answers = page.locator("article p").filter(has_text="À qui demander")
    box = answers.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
