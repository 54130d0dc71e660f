"""The templates as DOCX files (python-docx)."""

from __future__ import annotations

import copy
import functools
import io
from typing import Any

from scripts.core.archive import reproducible_zip
from scripts.modeles.content import AUTHOR, LANGUAGE, Block, Bullets, Heading, Model, Paragraph, Quote, Space

# The styles the DOCX files use (by id), and the Word 2010 copy of the styles that python-docx's
# template carries: Word and LibreOffice read styles.xml alone.
DOCX_STYLES = {"Normal", "Heading1", "Heading2", "Quote", "ListBullet", "TableGrid"}
STYLES_WITH_EFFECTS = "/stylesWithEffects"


@functools.cache
def template() -> bytes:
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


def _paragraph(container: Any, text: str = "", style: str | None = None) -> Any:
    # Styles are set by their id in the default template: python-docx's lookup by name scans every
    # style each time and would make this the slowest step of the build.
    result = container.add_paragraph()
    if style:
        result._p.style = style
    if text:
        result.add_run(text)
    return result


@functools.cache
def _scratch() -> Any:
    """The document each block is made in once per process (`_block`), then taken out of."""
    import docx

    return docx.Document(io.BytesIO(template()))


@functools.cache
def _block(block: Block) -> tuple[Any, ...]:
    """The DOCX elements (paragraphs, tables) of one block, made once per process and copied into each
    file that has it: the templates share most of their blocks, and python-docx walks a parent's
    children for every element it adds."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = _scratch()
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
        _paragraph(document, block.text, "Heading2")
    elif isinstance(block, Paragraph):
        run = _paragraph(document).add_run(block.text)
        if block.role == "consigne":
            run.italic = True
        elif block.role == "source":
            run.font.size = Pt(9)
    elif isinstance(block, Quote):
        _paragraph(document, f"{block.code} — {block.text}", "Quote")
        _paragraph(document).add_run(block.source).font.size = Pt(9)
    elif isinstance(block, Bullets):
        for item in block.items:
            _paragraph(document, item, "ListBullet")
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


def render(model: Model) -> bytes:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(template()))
    _paragraph(document, model.title, "Heading1")
    end = document.element.body.sectPr  # what python-docx adds goes before it
    for block in model.blocks:
        for element in _block(block):
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
