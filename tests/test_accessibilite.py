"""The RGAA audit kept true: the grid (scripts/accessibilite/grille.yaml) and its rate by the official
rule; every kind of page in the sample; on each sample page, no axe rule of a criterion the grid says
conforms fails, and the scripted checks it names pass; axe-core at every common screen size on one
page of each kind."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from scripts import accessibilite
from scripts.accessibilite import Grid, criteria, fingerprint, read_grid
from scripts.core.paths import ROOT
from scripts.typographie import plain
from tests.conftest import AXE_TAGS, COLOUR_RULES, axe_violations, links, without_transitions

# Phones, tablets, laptops, desktop.
SIZES = [(320, 640), (390, 844), (768, 1024), (1024, 768), (1280, 720), (1366, 768), (1920, 1080)]

# One page of each kind; "recherche" is the home page with the search dialog open.
KINDS = {
    "accueil": "",
    "page rédigée": "comprendre/conditions/",
    "référentiel": "referentiel/",
    "domaine": "referentiel/b-3/",
    "compétence": "referentiel/b-3/b-3-1/",
    "annuaire": "annuaire/",
    "formulaire": "formulaires/poser-une-question/",
    "modèles": "modeles/",
    "modèle imprimable": "modeles/b-3-1/",
    "positionnement": "positionnement/",
    "calendrier": "calendrier/",
    "actualités": "actualites/",
    "article": "actualites/2026-11-29-calendrier-2026-2027/",
    "rubrique": "actualites/categories/dates-cles/",
    "recherche": "",
    "404": "404.html",
    "plan du site": "plan-du-site/",
}


def open_search(page) -> None:
    page.locator(".c2i2e-recherche__ouvrir").first.click()
    page.wait_for_function("() => document.getElementById('c2i2e-recherche').open")
    page.keyboard.type("dossier")
    page.wait_for_selector(".c2i2e-recherche__resultat")


NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(done))"
@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_nothing_at_each_screen_size_on_each_kind_of_page(site_url, page, kind):
    # The page loaded once, then turned through the sizes as a tablet is turned, in the light scheme; then
    # the dark one, which changes colours, not layout: its colour rules at the last size.
    address = KINDS[kind]
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    page.goto(site_url + address, wait_until="load")
    if kind == "recherche":
        open_search(page)
    without_transitions(page)  # what each size shows or hides (the tabs fade in) at once at its final colours
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(NEXT_FRAME)  # the theme's resize handlers run
        problems += [f"{kind} /{address} ({width}×{height}) : axe {v['id']} ({v['impact']}) :"
                     f" {v['help']} — {v['targets'][:4]}" for v in axe_violations(page)]
    page.emulate_media(color_scheme="dark")  # the portal follows the system's preference
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    problems += [f"{kind} /{address} (sombre) : axe {v['id']} ({v['impact']}) : {v['help']} — {v['targets'][:4]}"
                 for v in axe_violations(page, rules=COLOUR_RULES)]
    assert not problems, "\n".join(problems)


# --- the grid and the rate -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def grid() -> Grid:
    found, problems = read_grid()
    assert found is not None and not [p for p in problems if p.is_error], problems
    return found


def test_the_grid_holds_the_106_criteria_on_every_sample_page_with_no_untested_cell(grid):
    cells = grid.cells()
    assert len(criteria()) == 106 and list(cells) == [c.id for c in criteria()]
    assert all(set(row) == set(grid.codes) for row in cells.values())
    untested = [(c, p) for c, row in cells.items() for p, s in row.items() if s == "NT"]
    assert not untested
    assert grid.result().rate is not None
    # Every cell's evidence is named: a criterion applicable somewhere has at least one proof.
    assert all(grid.evidence(c) for c in cells)


def rule_grid(statuses: dict[str, dict[str, str]]) -> Grid:
    """A grid of two pages whose criteria are those given (the others untested)."""
    pages = [{"code": code, "titre": code, "adresse": "", "motif": "m", "source": "docs/index.md"}
             for code in ("P01", "P02")]
    return Grid({"audit": {"date": "2026-12-06"}, "echantillon": {"pages": pages},
                 "criteres": {c: {"statut": "C", "preuves": ["axe"], "ecarts": {p: {"statut": s, "constat": "x"}
                                                                                for p, s in row.items()}}
                              for c, row in statuses.items()}})


def test_the_rate_follows_the_official_rule():
    every = {c.id: {"P01": "C", "P02": "C"} for c in criteria()}
    assert rule_grid(every).result().rate == 1 and rule_grid(every).result().status == "totalement conforme"
    # NC on a single page: the criterion does not conform; NA on every page: it is not applicable.
    one_failure = {**every, "1.1": {"P01": "C", "P02": "NC"}, "1.2": {"P01": "NA", "P02": "NA"}}
    result = rule_grid(one_failure).result()
    assert (result.conforming, result.applicable) == (104, 105) and result.status == "partiellement conforme"
    half = {c: ({"P01": "NC", "P02": "C"} if i % 2 else row) for i, (c, row) in enumerate(every.items())}
    assert rule_grid(half).result().rate == 0.5 and rule_grid(half).result().status == "partiellement conforme"
    most = {c: ({"P01": "NC", "P02": "C"} if i % 3 else row) for i, (c, row) in enumerate(every.items())}
    assert rule_grid(most).result().status == "non conforme"
    # One untested cell: no rate, and the status that no valid result allows.
    untested = {**every, "13.12": {"P01": "C", "P02": "NT"}}
    assert rule_grid(untested).result().rate is None and rule_grid(untested).result().status == "non conforme"


def test_a_page_changed_since_its_review_is_a_warning_never_an_error(tmp_path, grid):
    copy = tmp_path / "grille.yaml"
    text = accessibilite.GRID.read_text(encoding="utf-8")
    changed = tmp_path / "docs" / "comprendre" / "conditions.md"
    changed.parent.mkdir(parents=True)
    shutil.copy(ROOT / "docs/comprendre/conditions.md", changed)
    copy.write_text(text, encoding="utf-8")
    found, problems = read_grid(copy, root=tmp_path)
    assert found is not None and not problems  # the others' sources are absent from this root: nothing to say
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    found, problems = read_grid(copy, root=tmp_path)
    assert found is not None and [p.severity for p in problems] == ["avertissement"]
    assert "P07" in problems[0].message and fingerprint(changed) in problems[0].message
    assert str(problems[0]).startswith(f"{copy}:")


def test_a_broken_grid_is_reported_in_french_at_its_line(tmp_path):
    copy = tmp_path / "grille.yaml"
    text = accessibilite.GRID.read_text(encoding="utf-8")
    copy.write_text(text.replace('  "13.12": {statut: NA', '  "13.99": {statut: NA').replace(
        '"1.4": {statut: NA', '"1.4": {statut: PEUT-ETRE'), encoding="utf-8")
    found, problems = read_grid(copy)
    assert found is None
    lines = [p.line for p in problems]
    assert any("PEUT-ETRE" in p.message or "1.4" in str(p) for p in problems), problems
    assert all(line > 1 for line in lines)


def test_every_named_test_and_scripted_check_exists(grid):
    named = {item for c in grid.cells() for item in grid.evidence(c)}
    for item in named:
        if item.startswith("test : "):
            path, name = item[len("test : "):].split("::")
            assert re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), item
        elif item.startswith("script : "):
            assert item[len("script : "):] in SCRIPTED, item


# --- the declaration, as generated (in-process) ------------------------------------------------------

# The official template's headings (rgaa-4.1.2/declaration-accessibilite.md), in its order.
OFFICIAL_HEADINGS = [
    "# Déclaration d'accessibilité", "## État de conformité", "### Résultat des tests",
    "## Contenus non accessibles", "### Non conformité", "### Dérogations pour charge disproportionnée",
    "### Contenus non soumis à l'obligation d'accessibilité",
    "## Établissement de cette déclaration d'accessibilité", "### Technologies utilisées pour la réalisation du site",
    "#### Environnement de test", "#### Les outils utilisés lors de l'évaluation",
    "#### Pages du site ayant fait l'objet de la vérification de conformité",
    "## Retour d'information et contact", "## Voies de recours"]
# How the audit was run, which a student has no use for: it lives in the grid (grille.yaml, the ODS).
MACHINERY = re.compile(r"graine|tir(?:é|age)|Playwright|pilot|empreinte|pytest|\bP[0-9]{2}\b|scripté|test_|"
                       r"audit interne", re.I)


@pytest.fixture(scope="module")
def declaration() -> str:
    from scripts.validate import validate
    from tests.conftest import generation_context

    name, text = next(accessibilite.pages(validate(), generation_context()))
    assert name == accessibilite.PAGE
    return text


def test_the_declaration_follows_the_official_template_and_says_nothing_of_the_test_machinery(declaration, grid):
    headings = [re.sub(r" \{#[a-z-]+\}$", "", line) for line in declaration.splitlines() if line.startswith("#")]
    assert headings == OFFICIAL_HEADINGS
    own = declaration.split("### Non conformité", 1)[0] + declaration.split("### Dérogations", 1)[1]
    assert not MACHINERY.findall(own), MACHINERY.findall(own)
    # Every sample page is listed, by its title, linked when it is a page of the site.
    listed = declaration.split("#### Pages du site", 1)[1].split("Documents vérifiés", 1)[0]
    items = [line for line in listed.splitlines() if line.startswith("- ")]
    assert len(items) == len(grid.pages)
    assert all(page["titre"] in html.unescape(item) for page, item in zip(grid.pages, items, strict=True))
    assert "- Page introuvable (`/404.html`)" in items
    # Who runs the portal: the source names nobody, and gives « Renseignements » as a route to ask.
    contact = declaration.split("## Retour d'information et contact", 1)[1].split("## Voies de recours", 1)[0]
    assert "ne nomme pas de responsable du portail" in contact and "« Renseignements »" in contact
    assert "C2i2e-sec@u-pec.fr" in contact and "[Poser une question]" in contact


def test_how_the_sample_was_drawn_is_in_the_audit_grid(grid):
    import io

    from odfdo import Document

    workbook = accessibilite.ods.write(grid, accessibilite.OFFICIAL / "modele-de-grille-d-audit.ods", criteria())
    sample = Document(io.BytesIO(workbook)).body.get_table(name="Échantillon")
    column = [sample.get_value((0, row)) or "" for row in range(40)]
    draw = grid.raw["echantillon"]["tirage"]
    assert any(f"graine {draw['graine']}" in text and f"parmi les {draw['parmi']} autres pages" in text
               for text in column)
    motives = {sample.get_value((1, row)): sample.get_value((3, row)) for row in range(8, 8 + len(grid.pages))}
    assert sample.get_value((3, 7)) == "Motif du choix"
    assert motives == {page["titre"]: page["motif"] for page in grid.pages}


# --- the site: kinds of page, automated cells, footer ----------------------------------------------

def kind_of(grid: Grid, address: str) -> str | None:
    for kind in grid.raw["types"]:
        if "adresse" in kind and re.search(kind["adresse"], address):
            return kind["type"]
    source = ROOT / "docs" / (address + "index.md" if address.endswith("/") or not address else address)
    hand_written = [ROOT / "docs" / f"{address.rstrip('/')}.md", source]
    generated = set((ROOT / "docs/.generated-files").read_text(encoding="utf-8").split())
    if any(p.exists() and p.relative_to(ROOT / "docs").as_posix() not in generated for p in hand_written):
        return "page rédigée"
    return None


def test_every_kind_of_page_is_in_the_sample(pages, grid):
    kinds = {kind["type"]: kind["page"] for kind in grid.raw["types"]}
    unknown = [address for address in pages if kind_of(grid, address) is None]
    assert not unknown, ("des pages d'un type absent de l'échantillon (scripts/accessibilite/grille.yaml, "
                         f"« types ») : {unknown}")
    for kind, code in kinds.items():
        assert kind_of(grid, grid.page(code)["adresse"]) == kind, (kind, code)
    assert all(page["adresse"] in pages for page in grid.pages)


def test_the_footer_gives_the_computed_status_and_the_declaration_its_rate(pages, site_dir, grid):
    status = grid.result().status
    mentions = {plain(re.search(r'portail-footer__a11y">\s*<a [^>]*>([^<]*)<', html).group(1))
                for html in pages.values() if "portail-footer__a11y" in html}
    assert mentions == {f"Accessibilité : {status}"}
    declaration = plain(pages["accessibilite/"])
    rate = f"{grid.result().rate * 100:.1f}".replace(".", ",")
    assert f"{rate} % des critères RGAA sont respectés" in declaration and "réalisé en interne" in declaration
    assert "Défenseur des droits" in declaration and "n'ont pas été utilisées" in declaration
    from odfdo import Document

    grid_file = site_dir / accessibilite.ODS
    assert accessibilite.ODS in links(declaration, "accessibilite/")
    sheets = [t.name for t in Document(str(grid_file)).body.get_tables()]
    assert set(grid.codes) <= set(sheets) and "Échantillon" in sheets


# The scripted checks the grid names, each returning what fails on the page as it is now.
ICONS = """() => [...document.querySelectorAll('svg')].filter(svg => !svg.closest('[hidden], template'))
  .filter(svg => svg.getAttribute('aria-hidden') !== 'true'
          && !(svg.getAttribute('role') === 'img' && (svg.getAttribute('aria-label') || '').trim()))
  .map(svg => svg.parentElement.className).concat([...document.querySelectorAll('img')]
  .filter(img => !img.hasAttribute('alt')).map(img => img.src))"""
TABLES = """() => [...document.querySelectorAll('.md-content table')].flatMap(table => [
  ...(table.querySelector('th') ? [] : ['tableau sans en-tête (mise en forme ?)']),
  ...[...table.querySelectorAll('th')].filter(th => !th.getAttribute('scope') && !th.id)
       .map(th => 'th sans scope : ' + th.textContent.trim())])"""
WIDE = "() => document.documentElement.scrollWidth > 320 ? [...document.querySelectorAll('.md-content *')]" \
       ".filter(e => e.getBoundingClientRect().right > 321 && !e.closest('table')).map(e => e.tagName).slice(0, 5) : []"
SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
           " p { margin-bottom: 2em !important; }")
CLIPPED = """() => [...document.querySelectorAll('.md-content *, .md-header *, .md-footer *')].filter(e => {
  const s = getComputedStyle(e);
  if (!e.getClientRects().length || e.closest('[hidden], dialog:not([open])') || e.matches('.md-ellipsis')) return false;
  const hides = [s.overflow, s.overflowX, s.overflowY].includes('hidden');
  return hides && e.textContent.trim() && (e.scrollHeight > e.clientHeight + 2 || e.scrollWidth > e.clientWidth + 2)
    && getComputedStyle(e).position !== 'absolute';
}).map(e => e.tagName + '.' + e.className)"""
BORDERS = """() => {
  const parse = t => (t.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const behind = e => {
    for (let n = e.parentElement; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length && (c[3] === undefined || c[3] > 0)) return c;
    }
    return [255, 255, 255]; };
  const fields = '.md-content input[type=text], .md-content input[type=email], .md-content select, .md-content textarea';
  return [...document.querySelectorAll(fields)]
    .filter(e => e.getClientRects().length && e.offsetWidth > 2).filter(e => {
      const [x, y] = [lum(parse(getComputedStyle(e).borderTopColor)), lum(behind(e))].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05) < 3; }).map(e => e.name);
}"""
HEADINGS = """() => {
  const content = document.querySelector('.md-content') || document.querySelector('main');
  const levels = [...content.querySelectorAll(':is(h1, h2, h3, h4, h5, h6)')].map(h => +h.tagName[1]);
  const jumps = levels.filter((l, i) => i && l > levels[i - 1] + 1).map(l => 'saut vers h' + l);
  const one = levels[0] === 1 && levels.filter(l => l === 1).length === 1;
  return (one ? [] : ['un seul h1, en premier']).concat(jumps); }"""


def scripted(page, name: str) -> list[str]:
    """What the check finds on the page, which it leaves as it found it."""
    if name == "largeur 320":  # widths are laid out at once; the theme's resize handlers run before a frame
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        page.evaluate(NEXT_FRAME)
        found = page.evaluate(WIDE)
        page.set_viewport_size(size)
        page.evaluate(NEXT_FRAME)
        return found
    if name == "espacement du texte":  # the spacing sheet added last, then taken off
        page.evaluate("css => { const s = new CSSStyleSheet(); s.replaceSync(css);"
                      " document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; }", SPACING)
        found = page.evaluate(CLIPPED)
        page.evaluate("() => { document.adoptedStyleSheets = document.adoptedStyleSheets.slice(0, -1); }")
        return found
    return page.evaluate(SCRIPTED[name])


SCRIPTED = {"icones": ICONS, "tableaux": TABLES, "largeur 320": WIDE, "espacement du texte": CLIPPED,
            "bordures": BORDERS, "titres": HEADINGS}

# axe-core's rules for each RGAA criterion, from its own RGAA-x.y.z tags; not its WCAG A and AA rules,
# which run on every page already and fail on any violation (tests/test_browser_harness.py, the sizes
# test above, and tests/test_admin.py for the editor's page).
RGAA_RULES = """tags => axe.getRules(['RGAAv4']).filter(r => !r.tags.some(t => tags.includes(t)))
  .map(r => [r.ruleId, r.tags.filter(t => t.startsWith('RGAA-'))])"""


SHARDS = 3  # the sample in parts, that the suite's workers share


@pytest.mark.browser
@pytest.mark.parametrize("shard", range(SHARDS), ids=[f"{i + 1}-sur-{SHARDS}" for i in range(SHARDS)])
def test_no_automated_criterion_the_grid_says_conforms_fails_on_a_sample_page(site_url, page, grid, shard):
    cells = grid.cells()
    automated = {c for c in cells if "axe" in grid.evidence(c)}
    scripts = {c: [e[len("script : "):] for e in grid.evidence(c) if e.startswith("script : ")] for c in cells}
    problems = []
    criteria_of: dict[str, set[str]] = {}  # axe's RGAA rules and their criteria, read from the first page's axe
    for sample in grid.pages[shard::SHARDS]:
        code, url = sample["code"], site_url + sample["adresse"]
        page.goto(url, wait_until="load")
        if sample.get("recherche"):
            open_search(page)
        if not criteria_of:
            axe_violations(page, rules=["document-title"])  # loads axe
            for rule, tags in page.evaluate(RGAA_RULES, AXE_TAGS):
                for tag in tags:
                    criteria_of.setdefault(rule, set()).add(".".join(tag[len("RGAA-"):].split(".")[:2]))
        for violation in axe_violations(page, rules=sorted(criteria_of)):
            for criterion in sorted(criteria_of[violation["id"]] & automated):
                if cells[criterion][code] == "C":
                    problems.append(f"{code} /{sample['adresse']} : critère {criterion} noté C, mais axe "
                                    f"{violation['id']} échoue — {violation['targets'][:3]}")
        if sample.get("recherche"):
            continue  # the scripted checks look at the page itself (P01)
        found_by = {}  # each check once per page, whichever criteria name it
        for criterion, names in scripts.items():
            if cells[criterion][code] != "C":
                continue
            for name in names:
                if name not in found_by:
                    found_by[name] = scripted(page, name)
                found = found_by[name]
                if found:
                    problems.append(f"{code} /{sample['adresse']} : critère {criterion} noté C, mais la "
                                    f"vérification « {name} » échoue — {found[:4]}")
    assert not problems, "\n".join(problems)


def test_the_sample_documents_have_the_headings_of_their_html_version(site_dir, grid):
    """13.4: each sample document (ODT, DOCX) has the same sections as its printable page."""
    import zipfile

    from odfdo import Document

    for document in grid.raw["echantillon"]["documents"]:
        page_html = (site_dir / grid.page(document["page"])["adresse"] / "index.html").read_text(encoding="utf-8")
        article = page_html.split("<article", 1)[1].split("</article>", 1)[0]
        html_headings = [html.unescape(re.sub(r'<a class="headerlink".*?</a>|<[^>]+>', "", h)).strip()
                         for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)]
        path = site_dir / document["adresse"]
        if path.suffix == ".odt":
            headings = [h.text_recursive for h in Document(str(path)).body.get_headers()]
        else:
            xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
            headings = ["".join(re.findall(r"<w:t[^>]*>([^<]*)", p)) for p in re.findall(r"<w:p\b.*?</w:p>", xml)
                        if re.search(r'<w:pStyle w:val="Heading', p)]
        assert html_headings == headings[1:], (document["adresse"], headings)
