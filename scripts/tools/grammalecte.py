"""Grammalecte, the French grammar checker LibreOffice uses, over the built pages' prose.

`python -m scripts.tools.grammalecte SITE [ADDRESS ...]` prints one line per report:
`address: « context » — message (rule id)`, the reported text between ⟦ ⟧ in its context; with
`--faux-positifs FILE` (tests/grammalecte-faux-positifs.yaml), only the reports that the reviewed list
does not hold, and the entries of the list that no report matches any more.

The engine is Debian's (`libreoffice-grammalecte`), imported in-process from its Python path: no
LibreOffice runs. What is checked is each page's article (paragraphs, list items, headings, table
cells, admonitions, forms' labels), one paragraph at a time, without its code, and the footer once
(the same on every page, under the address FOOTER); the header and the navigation only repeat the
pages' titles. Grammar only: the spell checker would flag every proper noun (ÉmaÉval, INSPE).
The site writes straight apostrophes (the post-build step converts none), so Grammalecte's
« apostrophe typographique » option is off; its other options are its defaults.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.html
import yaml

ENGINE_PATH = Path("/usr/lib/libreoffice/share/extensions/grammalecte/pythonpath")
INSTALL = "sudo apt-get install -y libreoffice-grammalecte"
# Grammalecte's options that differ from its defaults (its « Python » context).
OPTIONS = {"apos": False}
FOOTER = "(pied de page)"
ALL_PAGES = "toutes"  # a false positive's page when it may occur on any

# Elements that start and end a paragraph of their own.
BLOCKS = frozenset(("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div",
                    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                    "h6", "header", "hr", "legend", "li", "main", "nav", "ol", "option", "p", "section", "summary",
                    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "select"))
# Elements whose text is not prose: code, pictures, scripts.
SKIPPED = frozenset(("pre", "code", "kbd", "samp", "script", "style", "template", "textarea", "svg", "math",
                     "noscript", "input"))
# The theme's controls inside the article: the ¶ of each heading, the « Modifier cette page » icon.
SKIPPED_CLASSES = frozenset(("headerlink", "md-content__button"))
# What stands in a sentence for a piece of code it mentions (« lancez `make test` »): a word no rule
# agrees with anything.
CODE = "«\u00a0code\u00a0»"
_SPACES = re.compile(r"[ \t\n\r\f]+")
# A superscript as the reader sees it (1<sup>er</sup> is « 1ᵉʳ », a footnote call « ¹ »), where Unicode has the letters.
SUPERSCRIPT = str.maketrans("0123456789abcdefghijklmnoprstuvwxyz", "⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ")


class EngineMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Report:
    address: str
    text: str  # the reported text exactly
    before: str
    after: str
    message: str
    rule: str

    def context(self) -> str:
        return f"{self.before[-30:].lstrip()}⟦{self.text}⟧{self.after[:30].rstrip()}"

    def __str__(self) -> str:
        return f"{self.address}: « {self.context()} » — {self.message} ({self.rule})"


@dataclass(frozen=True)
class FalsePositive:
    """A report reviewed and kept: on `page` (or every page), the rule `rules` reporting a text that
    `text` holds (a few words around it, so that the entry says where)."""

    page: str
    text: str
    rules: tuple[str, ...]
    reason: str

    def covers(self, report: Report) -> bool:
        if report.rule not in self.rules or self.page not in (ALL_PAGES, report.address):
            return False
        window = (report.before + report.text + report.after).translate(_FOLD)
        text = self.text.translate(_FOLD)
        start, end = len(report.before), len(report.before) + len(report.text)
        found = window.find(text)
        while found != -1:
            if found <= start and end <= found + len(text):
                return True
            found = window.find(text, found + 1)
        return False

    def __str__(self) -> str:
        return f"{self.page}: « {self.text} » ({', '.join(self.rules)})"


FIELDS = {"page", "texte", "regle", "raison"}
# The list is written with ordinary spaces: the no-break ones are the post-build step's.
_FOLD = str.maketrans({"\u00a0": " ", "\u202f": " "})


def false_positives(path: Path) -> list[FalsePositive]:
    """The reviewed list: entries of page, texte, regle (one rule id or a list), raison."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    found = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) != FIELDS or not all(entry.values()):
            raise ValueError(f"{path}, entrée {number} : il faut exactement page, texte, regle et raison, "
                             f"non vides (trouvé : {entry!r}).")
        rules = entry["regle"] if isinstance(entry["regle"], list) else [entry["regle"]]
        page = entry["page"] if entry["page"] == ALL_PAGES else normal_address(entry["page"])
        found.append(FalsePositive(page, entry["texte"], tuple(rules), entry["raison"]))
    return found


def review(reports: list[Report], listed: list[FalsePositive]) -> tuple[list[Report], list[FalsePositive]]:
    """The reports that no listed false positive covers, and the listed ones that cover no report (stale)."""
    unlisted = [report for report in reports if not any(entry.covers(report) for entry in listed)]
    stale = [entry for entry in listed if not any(entry.covers(report) for report in reports)]
    return unlisted, stale


def address_of(path: Path, site: Path) -> str:
    """The page's address from the site root, as a visitor writes it: /preparer/dossier/."""
    return "/" + path.relative_to(site).as_posix().removesuffix("index.html")


def normal_address(address: str) -> str:
    """An address as a person may type it (preparer/dossier, /preparer/dossier/) in address_of's form."""
    address = "/" + address.strip("/")
    return address if address == "/" or address.endswith(".html") else address + "/"


def paragraphs(element) -> list[str]:
    """The prose of an element, one string per paragraph, white space folded (no-break spaces kept)."""
    found: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(run)).strip()
        run.clear()
        if text and text != CODE:
            found.append(text)

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""  # "" for comments and processing instructions
        classes = set((node.get("class") or "").split()) if tag else set()
        if not tag or tag in SKIPPED or classes & SKIPPED_CLASSES:
            if tag in ("code", "kbd", "samp"):
                run.append(CODE)
        elif tag == "sup":
            run.append(node.text_content().translate(SUPERSCRIPT))
        else:
            block = tag in BLOCKS
            if block:
                flush()
            run.append(node.text or "")
            for child in node:
                walk(child)
            if block:
                flush()
        run.append(node.tail or "")

    walk(element)
    flush()
    return found


def _document(html: str):
    return lxml.html.document_fromstring(html)


def article(html: str) -> list[str]:
    """The paragraphs of a page's article (none for a page with no article: the editor's)."""
    document = _document(html)
    found = document.xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]") \
        or document.xpath("//article") or document.xpath("//main")
    return [text for element in found for text in paragraphs(element)]


def footer(html: str) -> list[str]:
    document = _document(html)
    found = document.xpath("//*[contains(concat(' ', @class, ' '), ' md-footer-meta ')]") or document.xpath("//footer")
    return [text for element in found for text in paragraphs(element)]


@cache
def engine():
    """Grammalecte's French engine, loaded once."""
    if not (ENGINE_PATH / "grammalecte").is_dir():
        raise EngineMissing(f"Grammalecte est introuvable ({ENGINE_PATH}/grammalecte) : installez-le avec « {INSTALL} ».")
    if str(ENGINE_PATH) not in sys.path:
        sys.path.append(str(ENGINE_PATH))
    from grammalecte.fr import gc_engine

    gc_engine.load("Python")
    return gc_engine


@cache
def _errors(text: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """Grammalecte's reports on one paragraph, in its order; each paragraph is read once, however many
    pages repeat it (the référentiel's wording is on four)."""
    gce = engine()
    options = {**gce.getOptions(), **OPTIONS}
    found = sorted(gce.parse(text, "FR", dOptions=options, bContext=True), key=lambda e: e["nStart"])
    return tuple((e["sUnderlined"], e["sBefore"], e["sAfter"], e["sMessage"], e["sRuleId"]) for e in found)


def check(address: str, texts: list[str]) -> list[Report]:
    return [Report(address, *error) for text in texts for error in _errors(text)]


def pages(site: Path, addresses: list[str] | None = None) -> dict[str, str]:
    """The built pages (address: HTML), or only those asked for."""
    found = {address_of(path, site): path for path in sorted(site.rglob("*.html"))}
    if addresses:
        wanted = [normal_address(a) for a in addresses]
        unknown = [a for a in wanted if a not in found]
        if unknown:
            raise KeyError(", ".join(unknown))
        found = {a: found[a] for a in wanted}
    return {address: path.read_text(encoding="utf-8") for address, path in found.items()}


def check_pages(built: dict[str, str], with_footer: bool = True) -> list[Report]:
    """The reports on the articles of `built` (address: HTML), and on the footer of the first page that has one."""
    reports = []
    footer_texts: list[str] = []
    for address, html in built.items():
        reports += check(address, article(html))
        if with_footer and not footer_texts:
            footer_texts = footer(html)
    return reports + check(FOOTER, footer_texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.grammalecte",
                                     description="Relit la prose du site construit avec Grammalecte (grammaire et "
                                                 "typographie) : une ligne par problème signalé.")
    parser.add_argument("site", type=Path, help="le dossier du site construit (site/)")
    parser.add_argument("adresses", nargs="*", help="les pages à relire (preparer/dossier/) ; toutes par défaut")
    parser.add_argument("--faux-positifs", type=Path, metavar="FICHIER",
                        help="la liste relue des faux positifs (tests/grammalecte-faux-positifs.yaml) : ne sont "
                             "alors affichés que les problèmes qu'elle ne contient pas, et ses entrées périmées")
    arguments = parser.parse_args(argv)
    if not arguments.site.is_dir():
        print(f"{arguments.site} n'est pas un dossier : construisez d'abord le site (make build).", file=sys.stderr)
        return 2
    try:
        listed = false_positives(arguments.faux_positifs) if arguments.faux_positifs else []
        built = pages(arguments.site, arguments.adresses)
        start = time.perf_counter()
        engine()
        loaded = time.perf_counter()
        reports = check_pages(built, with_footer=not arguments.adresses)
    except KeyError as error:
        print(f"Page introuvable dans {arguments.site} : {error.args[0]}.", file=sys.stderr)
        return 2
    except (EngineMissing, OSError, ValueError, yaml.YAMLError) as error:
        print(error, file=sys.stderr)
        return 2
    unlisted, stale = review(reports, listed)
    if arguments.adresses:  # the other pages' entries are not stale: they were not read
        stale = [entry for entry in stale if entry.page in built]
    for report in unlisted:
        print(report)
    for entry in stale:
        print(f"{entry.page}: faux positif listé qui ne se produit plus : « {entry.text} » ({', '.join(entry.rules)})")
    done = time.perf_counter()
    touched = len({report.address for report in reports})
    listed_note = f", dont {len(reports) - len(unlisted)} faux positif(s) listé(s)" if listed else ""
    print(f"{len(reports)} problème(s) signalé(s) sur {touched} page(s) de {len(built)}{listed_note} ; moteur chargé "
          f"en {loaded - start:.1f} s, relecture en {done - loaded:.1f} s.", file=sys.stderr)
    return 1 if unlisted or stale else 0


if __name__ == "__main__":
    sys.exit(main())
