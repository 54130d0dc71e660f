"""« Modèles de documents »: dossier templates made from the référentiel, as ODT, DOCX and printable
pages, at /modeles/.

One template per competency (a dossier d'évaluation pre-filled with its code
and official wording) and one synthèse for the whole dossier. Each template is
described once, as a list of blocks (`Model`); three renderers turn it into an
ODT file (odfdo), a DOCX file (python-docx) and a printable page (the Jinja
template modeles/modele.md.j2), so the three always say the same thing.

The files are reproducible: the same data gives byte-identical files (fixed
zip timestamps, no creation or modification date in the metadata), so the
generator rewrites them only when the data changes and `mkdocs serve` does not
rebuild in a loop.
"""

from __future__ import annotations

import copy
import functools
import io
import math
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from scripts.core.cache import DiskCache, key
from scripts.core.data import Data
from scripts.core.pipeline import Context, Feature
from scripts.core.text import slug
from scripts.referentiel import DATA_SOURCE, certification, competencies, domains, model_page

INDEX = "modeles/index.md"
SYNTHESIS_PAGE = "modeles/synthese.md"
AUTHOR = "Portail C2i2e — INSPE de l'Université Paris-Est Créteil"
LANGUAGE = "fr-FR"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip file can hold: no date is claimed
_DOS_DATE = struct.pack("<HH", ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2,  # as zip headers hold it:
                        (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2])  # the time, then the day


# The blocks a template is made of -----------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    text: str
    kind: str = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: str = ""  # "" | "consigne" (guidance, in italics) | "source" (small print)
    kind: str = "paragraph"


@dataclass(frozen=True)
class Quote:
    """An official wording, with its code and where it comes from."""
    code: str
    text: str
    source: str
    kind: str = "quote"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    """A table to fill in: `header` may be empty (then the first column heads each row);
    `widths` are the columns' shares of the line, in percent (equal when empty)."""
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    kind: str = "table"

    @property
    def columns(self) -> tuple[int, ...]:
        count = len(self.header or self.rows[0])
        return self.widths or (100 // count,) * count


@dataclass(frozen=True)
class Space:
    """A framed space to write in."""
    lines: int
    kind: str = "space"

    @property
    def columns(self) -> tuple[int, ...]:
        return (100,)  # one, the whole line


Block = Heading | Paragraph | Quote | Bullets | Table | Space


@dataclass(frozen=True)
class Model:
    slug: str          # "a-1-1", "synthese"
    title: str         # the document's title
    subject: str       # one short sentence (at most 255 characters: DOCX metadata)
    blocks: tuple[Block, ...]
    code: str | None = None  # the competency, for a dossier d'évaluation

    @property
    def page(self) -> str:
        return SYNTHESIS_PAGE if self.code is None else model_page(self.code)

    @property
    def stem(self) -> str:
        """Download name: it says what the file is once it sits in a Downloads folder."""
        return f"c2i2e-{'synthese' if self.code is None else 'dossier-' + self.slug}"


# What the templates say ---------------------------------------------------------------------

CANDIDATE = ("Nom et prénom", "Parcours, discipline ou niveau d'enseignement", "Établissement ou lieu de stage",
             "Accompagnateur ou accompagnatrice", "Date")
INTRO = ("Modèle à compléter. Les consignes en italique vous guident : remplacez-les par votre texte, "
         "ou écrivez dans les cadres si vous l'imprimez.")


def dossier(competency: dict[str, Any], domain: dict[str, Any], source: dict[str, Any]) -> Model:
    code = competency["code"]
    blocks = (
        Paragraph(INTRO + " Un dossier d'évaluation rend compte d'une activité que vous avez menée, "
                  "rassemble les traces qui la montrent et les commente ; vous le présentez à votre "
                  "accompagnateur pour échange.", "consigne"),
        Heading("La compétence visée"),
        Quote(code, competency["libelle"], f"Libellé officiel — {source['titre']}"),
        Paragraph(f"Domaine {domain['code']} — {domain['titre']}."),
        Heading("Le candidat"),
        Table((), tuple((label, "") for label in
                        (*CANDIDATE, "Autres compétences montrées par la même activité (codes)")), (35, 65)),
        Heading("1. Le contexte"),
        Paragraph("Où et quand l'activité a-t-elle eu lieu ? Avec quel public (niveau, effectif), dans quelle "
                  "discipline, avec quels équipements ? S'agit-il d'une situation réelle d'enseignement ou de "
                  "formation en face-à-face, menée par vous ?", "consigne"),
        Space(5),
        Heading("2. L'activité réalisée"),
        Paragraph("Quel était l'objectif ? Décrivez ce que vous avez fait vous-même, étape par étape : la "
                  "préparation, le déroulement, le rôle du numérique et ce que faisaient les élèves, les "
                  "étudiants ou les stagiaires.", "consigne"),
        Space(8),
        Heading("3. Les traces"),
        Paragraph("Listez les productions qui montrent la compétence : les vôtres, celles des élèves, des "
                  "échanges… Pour chacune, donnez un lien ou l'endroit où la trouver dans votre e-portfolio. "
                  "Anonymisez les productions d'élèves et respectez le droit à l'image.", "consigne"),
        Table(("Trace", "Ce qu'elle montre", "Lien ou emplacement"), (("", "", ""),) * 4, (30, 40, 30)),
        Paragraph(f"Exemples de traces possibles pour la compétence {code}, à adapter à votre situation :"),
        Bullets(tuple(competency["traces"])),
        Heading("4. Commentaire argumenté"),
        Paragraph(f"En quoi cette activité et ces traces montrent-elles la compétence {code} ? Justifiez vos "
                  "choix ; dites ce qui a fonctionné, ce qui a moins bien fonctionné, et pourquoi.", "consigne"),
        Space(8),
        Heading("5. Ce que j'en ai appris"),
        Paragraph("Qu'est-ce que cette expérience a changé dans votre pratique ? Que feriez-vous autrement la "
                  "prochaine fois ?", "consigne"),
        Space(5),
        Heading("6. L'échange avec l'accompagnateur"),
        Paragraph("Quand et comment avez-vous présenté ce dossier à votre accompagnateur ? Notez ses remarques "
                  "et ce que vous avez modifié ensuite.", "consigne"),
        Space(5),
        Paragraph(f"Modèle proposé par le portail C2i2e de l'INSPE de l'Université Paris-Est Créteil. Libellé "
                  f"officiel cité d'après : {source['reference_legale']}", "source"),
    )
    return Model(slug=slug(code), title=f"Dossier d'évaluation — {code}",
                 subject=f"Modèle de dossier d'évaluation C2i2e pour la compétence {code}",
                 blocks=blocks, code=code)


def synthesis(referentiel: dict[str, Any]) -> Model:
    source = referentiel["source"]
    all_domains = domains(referentiel)
    total = sum(len(d["competences"]) for d in all_domains)
    blocks: list[Block] = [
        Paragraph(INTRO + " La synthèse donne à la commission de validation une vue d'ensemble de votre "
                  "dossier : pour chaque compétence, indiquez si votre dossier la montre et dans quels "
                  "dossiers d'évaluation.", "consigne"),
        Heading("Le candidat"),
        Table((), tuple((label, "") for label in CANDIDATE), (35, 65)),
        Heading("La règle de certification"),
        Bullets((f"au moins {certification.MIN_VALIDATED} des {total} compétences validées ;",
                 f"au plus {certification.MAX_NOT_VALIDATED_PER_DOMAIN} compétences non validées par domaine ;",
                 "au moins une situation réelle d'enseignement ou de formation en face-à-face, mise en œuvre "
                 "par vous.")),
        Paragraph("Sinon, le jury délivre une attestation des compétences acquises."),
    ]
    for domain in all_domains:
        blocks += [
            Heading(f"{domain['code']} — {domain['titre']}"),
            Table(("Code", "Libellé officiel", "Montrée (oui / non)", "Dossiers d'évaluation et traces"),
                  tuple((c["code"], c["libelle"], "", "") for c in domain["competences"]), (10, 47, 16, 27)),
        ]
    blocks += [
        Heading("La situation d'enseignement en face-à-face"),
        Table((), (("Date et lieu", ""), ("Public (niveau, effectif)", ""),
                   ("Dossier(s) d'évaluation qui la décrivent", "")), (35, 65)),
        Heading("Bilan"),
        Table(("Domaine", "Compétences", "Montrées", "Non montrées (au plus "
               f"{certification.MAX_NOT_VALIDATED_PER_DOMAIN})"),
              (*((f"{d['code']} — {d['titre']}", str(len(d["competences"])), "", "") for d in all_domains),
               (f"Total (au moins {certification.MIN_VALIDATED} montrées)", str(total), "", "")),
              (49, 17, 17, 17)),
        Heading("Commentaire général"),
        Paragraph("Ce que votre dossier montre de votre pratique, ses points forts, et ce que vous comptez encore "
                  "développer.", "consigne"),
        Space(8),
        Paragraph(f"Modèle proposé par le portail C2i2e de l'INSPE de l'Université Paris-Est Créteil. Libellés "
                  f"officiels cités d'après : {source['reference_legale']}", "source"),
    ]
    return Model(slug="synthese", title="Synthèse du dossier numérique de compétences C2i2e",
                 subject=f"Modèle de synthèse du dossier numérique de compétences C2i2e ({total} compétences)",
                 blocks=tuple(blocks))


# Reproducible zip packages ------------------------------------------------------------------

def reproducible_zip(payload: bytes) -> bytes:
    """The same package with every entry dated ZIP_DATE, rewritten in place in the two headers that
    hold each entry's date (its own, and the central directory's): nothing is decompressed or
    compressed again. The libraries write them with Python's zipfile: no zip64, no archive comment."""
    data = bytearray(payload)
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        entries = archive.infolist()
    central = struct.unpack_from("<I", data, data.rindex(b"PK\x05\x06") + 16)[0]  # where the directory starts
    for info in entries:
        data[info.header_offset + 10:info.header_offset + 14] = _DOS_DATE
        data[central + 12:central + 16] = _DOS_DATE
        name, extra, comment = struct.unpack_from("<HHH", data, central + 28)
        central += 46 + name + extra + comment
    return bytes(data)


# ODT (odfdo) --------------------------------------------------------------------------------

@functools.cache
def odt_template() -> bytes:
    """odfdo's text template, made ready once per process (each file starts from it): our paragraph
    and table styles, headings without automatic numbers, no dates in the metadata."""
    from odfdo import Document, Element, Style

    document = Document("text")
    document.body.clear()
    quotation = Style("paragraph", name="Citation", display_name="Citation", parent_style="Text_20_body",
                      margin_left="0.8cm", margin_right="0.8cm")
    quotation.set_properties({"fo:font-style": "italic"}, area="text")
    for style in (
        Style("paragraph", name="Consigne", display_name="Consigne", parent_style="Text_20_body",
              area="text", italic=True),
        Style("paragraph", name="Source", display_name="Source", parent_style="Text_20_body",
              area="text", size="9pt"),
        quotation,
        Style("paragraph", name="En-tete_20_de_20_tableau", display_name="En-tête de tableau",
              parent_style="Text_20_body", area="text", bold=True),
    ):
        document.insert_style(style)
    document.insert_style(Style("table-cell", name="Cadre", border="0.5pt solid #000000", padding="0.1cm"),
                          automatic=True)
    # Every table spans the margins.
    document.insert_style(Element.from_tag(
        '<style:style style:name="Tableau" style:family="table"><style:table-properties '
        'style:width="17cm" table:align="margins"/></style:style>'), automatic=True)
    # odfdo's template numbers the headings (1., 1.1.…): our titles carry their own numbers.
    for level in document.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for attribute in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(attribute)
    meta = document.meta
    for tag in ("meta:creation-date", "dc:date", "meta:print-date"):
        for element in meta.get_elements(f"//{tag}"):
            element.delete()
    meta.set_initial_creator(AUTHOR)
    meta.set_language(LANGUAGE)
    document.set_language(LANGUAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_heading(level: int, text: str) -> Any:
    from odfdo import Header

    result = Header(level, text)
    result.set_attribute("text:style-name", f"Heading_20_{level}")  # Header(style=) is ignored
    return result


def _odt_cell(text: str, header: bool = False) -> Any:
    from odfdo import Cell
    from odfdo import Paragraph as OdtParagraph

    result = Cell(style="Cadre")
    result.append(OdtParagraph(text, style="En-tete_20_de_20_tableau" if header else "Text_20_body"))
    return result


@functools.cache
def _odt_block(block: Block) -> tuple[Any, ...]:
    """The ODT elements of one block, made once per process and copied into each file that has it:
    the templates share most of their blocks, and odfdo parses a piece of XML for every element it
    makes. A table's columns name their styles (`_odt_column_style`); each file names its tables."""
    from odfdo import Element, List, Row
    from odfdo import Paragraph as OdtParagraph
    from odfdo import Table as OdtTable

    if isinstance(block, Heading):
        return (_odt_heading(2, block.text),)
    if isinstance(block, Paragraph):
        style = {"consigne": "Consigne", "source": "Source"}.get(block.role, "Text_20_body")
        return (OdtParagraph(block.text, style=style),)
    if isinstance(block, Quote):
        return (OdtParagraph(f"{block.code} — {block.text}", style="Citation"),
                OdtParagraph(block.source, style="Source"))
    if isinstance(block, Bullets):
        return (List(list(block.items)),)
    table = OdtTable("Tableau", style="Tableau")
    for share in block.columns:
        table.append(Element.from_tag(f'<table:table-column table:style-name="Colonne{share}"/>'))
    if isinstance(block, Space):
        frame = _odt_cell("")
        for _ in range(block.lines - 1):
            frame.append(OdtParagraph("", style="Text_20_body"))
        row = Row()
        row.append_cell(frame, clone=False)
        table.append_row(row, clone=False)
        return (table,)
    if block.header:
        header_rows = Element.from_tag("table:table-header-rows")
        row = Row()
        for text in block.header:
            row.append_cell(_odt_cell(text, header=True), clone=False)
        header_rows.append(row)
        table.append(header_rows)
    for values in block.rows:
        row = Row()
        for column, text in enumerate(values):
            row.append_cell(_odt_cell(text, header=not block.header and column == 0), clone=False)
        table.append_row(row, clone=False)
    return (table,)


def _odt_column_style(share: int) -> Any:
    from odfdo import Element

    return Element.from_tag(
        f'<style:style style:name="Colonne{share}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{17 * share / 100:.2f}cm" '
        f'style:rel-width="{share * 100}*"/></style:style>')


def to_odt(model: Model) -> bytes:
    from odfdo import Document

    document = Document(io.BytesIO(odt_template()))
    body = document.body
    body.append(_odt_heading(1, model.title))
    # The columns share the line as the model says: one style per share, made once (odfdo searches the
    # existing styles at each insertion).
    column_styles: set[int] = set()
    tables = 0
    for block in model.blocks:
        for element in _odt_block(block):
            element = element.clone
            if isinstance(block, (Table, Space)):
                tables += 1
                element.name = f"Tableau{tables}"
                for share in block.columns:
                    if share not in column_styles:
                        column_styles.add(share)
                        document.insert_style(_odt_column_style(share), automatic=True)
            body.append(element)
    document.meta.set_title(model.title)
    document.meta.set_subject(model.subject)
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue())


# DOCX (python-docx) -------------------------------------------------------------------------

# The styles the DOCX files use (by id), and the Word 2010 copy of the styles that python-docx's
# template carries: Word and LibreOffice read styles.xml alone.
DOCX_STYLES = {"Normal", "Heading1", "Heading2", "Quote", "ListBullet", "TableGrid"}
STYLES_WITH_EFFECTS = "/stylesWithEffects"


@functools.cache
def docx_template() -> bytes:
    """python-docx's default template, made ready once per process: French for the spelling checker,
    A4 with 2 cm margins (the default is US Letter), only the styles used and those they rest on,
    and neither the thumbnail (an empty page: it would mislead) nor the Word 2010 copy of the styles.
    Its 164 styles (800 Ko of XML) would otherwise be read, written and compressed for every file."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = docx.Document()
    styles = document.styles.element
    run_defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), LANGUAGE)
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    # The styles used and the defaults, each with the ones it is based on, links to and is followed by.
    wanted = [*DOCX_STYLES, *(style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1")]
    kept: set[str] = set()
    while wanted:
        style_id = wanted.pop()
        if style_id in kept or style_id not in by_id:
            continue
        kept.add(style_id)
        wanted += [reference.get(qn("w:val")) for tag in ("w:basedOn", "w:link", "w:next")
                   for reference in by_id[style_id].findall(qn(tag))]
    for style_id, style in by_id.items():
        if style_id not in kept:
            styles.remove(style)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    for relationships, suffix in ((document.part.package.rels, "/thumbnail"),
                                  (document.part.rels, STYLES_WITH_EFFECTS)):
        for relation_id, relation in list(relationships.items()):
            if relation.reltype.endswith(suffix):
                del relationships[relation_id]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_paragraph(container: Any, text: str = "", style: str | None = None) -> Any:
    # Styles are set by their id in the default template: python-docx's lookup by name scans every
    # style each time and would make this the slowest step of the build.
    result = container.add_paragraph()
    if style:
        result._p.style = style
    if text:
        result.add_run(text)
    return result


@functools.cache
def _docx_scratch() -> Any:
    """The document each block is made in once per process (`_docx_block`), then taken out of."""
    import docx

    return docx.Document(io.BytesIO(docx_template()))


@functools.cache
def _docx_block(block: Block) -> tuple[Any, ...]:
    """The DOCX elements (paragraphs, tables) of one block, made once per process and copied into each
    file that has it: the templates share most of their blocks, and python-docx walks a parent's
    children for every element it adds."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = _docx_scratch()
    line = 17  # cm: the width between the margins

    def table(rows: int, widths: tuple[int, ...]) -> list[tuple[Any, tuple[Any, ...]]]:
        """A table whose columns share the line as `widths` say: each row, with its cells."""
        result = document.add_table(rows=rows, cols=len(widths))
        result._tbl.tblStyle_val = "TableGrid"
        result.autofit = False
        for column, share in zip(result.columns, widths, strict=True):
            column.width = Cm(line * share / 100)  # the grid, read by LibreOffice
        rows_ = [(row, row.cells) for row in result.rows]  # a row's cells (a column's walk the whole grid)
        for _row, cells in rows_:
            for cell, share in zip(cells, widths, strict=True):
                cell.width = Cm(line * share / 100)  # and each cell, read by Word
        return rows_

    def fill(cell, text: str, bold: bool = False) -> None:
        run = cell.paragraphs[0].add_run(text)
        if bold:  # not bold is the default: said explicitly, it would only weigh
            run.bold = True

    if isinstance(block, Heading):
        _docx_paragraph(document, block.text, "Heading2")
    elif isinstance(block, Paragraph):
        run = _docx_paragraph(document).add_run(block.text)
        if block.role == "consigne":
            run.italic = True
        elif block.role == "source":
            run.font.size = Pt(9)
    elif isinstance(block, Quote):
        _docx_paragraph(document, f"{block.code} — {block.text}", "Quote")
        _docx_paragraph(document).add_run(block.source).font.size = Pt(9)
    elif isinstance(block, Bullets):
        for item in block.items:
            _docx_paragraph(document, item, "ListBullet")
    elif isinstance(block, Space):
        frame = table(1, block.columns)[0][1][0]
        for _ in range(block.lines - 1):
            frame.add_paragraph()
    else:
        rows = table(len(block.rows) + bool(block.header), block.columns)
        if block.header:
            (header, cells), rows = rows[0], rows[1:]
            header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
            for cell, text in zip(cells, block.header, strict=True):
                fill(cell, text, bold=True)
        for (_row, cells), values in zip(rows, block.rows, strict=True):
            for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
                fill(cell, text, bold=not block.header and column == 0)
    body = document.element.body
    made = tuple(child for child in body if child.tag != qn("w:sectPr"))
    for child in made:
        body.remove(child)
    return made


def to_docx(model: Model) -> bytes:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(docx_template()))
    _docx_paragraph(document, model.title, "Heading1")
    end = document.element.body.sectPr  # what python-docx adds goes before it
    for block in model.blocks:
        for element in _docx_block(block):
            end.addprevious(copy.deepcopy(element))

    properties = document.core_properties
    properties.title = model.title
    properties.subject = model.subject
    properties.author = AUTHOR
    properties.comments = ""
    properties.language = LANGUAGE
    properties.last_modified_by = ""
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        for element in properties._element.findall(qn(tag)):
            properties._element.remove(element)
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue())


# Pages and files ----------------------------------------------------------------------------

FORMATS = (("odt", "ODT", to_odt), ("docx", "DOCX", to_docx))


def size(length: int) -> str:
    """'12 Ko', '1,2 Mo': a file's size the way French pages write it (rounded up)."""
    if length < 1024 * 1024:
        return f"{max(1, math.ceil(length / 1024))} Ko"
    return f"{math.ceil(length / (1024 * 1024) * 10) / 10:.1f} Mo".replace(".", ",")


# What a rendered file depends on besides its model: this code, and the libraries that write it.
_RENDERING = key(Path(__file__).read_bytes(), version("odfdo"), version("python-docx"))


def rendered(models: list[Model], cache: DiskCache) -> dict[tuple[str, str], bytes]:
    """The ODT and DOCX files of these models, by (slug, extension): from the disk cache when the same
    model, code and libraries made them before (rendering them all takes seconds)."""
    names = {(model.slug, extension): f"{key(_RENDERING, extension, repr(model))}.{extension}"
             for model in models for extension, _label, _render in FORMATS}
    made = cache.get_many("modeles", {names[model.slug, extension]: functools.partial(render, model)
                                      for model in models for extension, _label, render in FORMATS})
    return {wanted: made[name] for wanted, name in names.items()}


def models(referentiel: dict[str, Any]) -> list[Model]:
    """The synthèse, then one dossier d'évaluation per competency, in the référentiel's order."""
    result = [synthesis(referentiel)]
    for domain in domains(referentiel):
        for competency in domain["competences"]:
            result.append(dossier(competency, domain, referentiel["source"]))
    return result


def pages(data: Data, context: Context) -> Iterator[tuple[str, str | bytes]]:
    """The files (ODT, DOCX) of every template, its printable page, and the index with sizes."""
    templates = context.templates
    referentiel = data["competences"]
    by_code = {c.code: c for c in competencies(referentiel)}
    all_models = models(referentiel)
    files = rendered(all_models, context.cache)
    listing = []
    for model in all_models:
        downloads = []
        for extension, label, _render in FORMATS:
            path = f"modeles/{model.stem}.{extension}"
            payload = files[model.slug, extension]
            yield path, payload
            downloads.append({"path": path, "format": label, "size": size(len(payload)),
                              "name": path.rsplit("/", 1)[1]})
        listing.append((model, downloads))
        yield model.page, templates.get_template("modeles/modele.md.j2").render(
            here=model.page, data_source=DATA_SOURCE, model=model, downloads=downloads, index=INDEX,
            competency=by_code.get(model.code), source=referentiel["source"])
    yield INDEX, templates.get_template("modeles/index.md.j2").render(
        here=INDEX, data_source=DATA_SOURCE, synthesis=listing[0], dossiers=dict(
            (model.code, (model, downloads)) for model, downloads in listing[1:]),
        domains=domains(referentiel), positionnement="positionnement.md")  # a link, checked by the build like any other


FEATURE = Feature("modeles", templates=Path(__file__).parent / "templates", pages=pages, places=("modeles/",))
