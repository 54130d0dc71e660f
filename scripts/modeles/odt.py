"""The templates as ODT files (odfdo)."""

from __future__ import annotations

import functools
import io
from typing import Any

from scripts.core.archive import reproducible_zip
from scripts.modeles.content import AUTHOR, LANGUAGE, Block, Bullets, Heading, Model, Paragraph, Quote, Space, Table


@functools.cache
def template() -> bytes:
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


def _heading(level: int, text: str) -> Any:
    from odfdo import Header

    result = Header(level, text)
    result.set_attribute("text:style-name", f"Heading_20_{level}")  # Header(style=) is ignored
    return result


def _cell(text: str, header: bool = False) -> Any:
    from odfdo import Cell
    from odfdo import Paragraph as OdtParagraph

    result = Cell(style="Cadre")
    result.append(OdtParagraph(text, style="En-tete_20_de_20_tableau" if header else "Text_20_body"))
    return result


@functools.cache
def _block(block: Block) -> tuple[Any, ...]:
    """The ODT elements of one block, made once per process and copied into each file that has it:
    the templates share most of their blocks, and odfdo parses a piece of XML for every element it
    makes. A table's columns name their styles (`_column_style`); each file names its tables."""
    from odfdo import Element, List, Row
    from odfdo import Paragraph as OdtParagraph
    from odfdo import Table as OdtTable

    if isinstance(block, Heading):
        return (_heading(2, block.text),)
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
        frame = _cell("")
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
            row.append_cell(_cell(text, header=True), clone=False)
        header_rows.append(row)
        table.append(header_rows)
    for values in block.rows:
        row = Row()
        for column, text in enumerate(values):
            row.append_cell(_cell(text, header=not block.header and column == 0), clone=False)
        table.append_row(row, clone=False)
    return (table,)


def _column_style(share: int) -> Any:
    from odfdo import Element

    return Element.from_tag(
        f'<style:style style:name="Colonne{share}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{17 * share / 100:.2f}cm" '
        f'style:rel-width="{share * 100}*"/></style:style>')


def render(model: Model) -> bytes:
    from odfdo import Document

    document = Document(io.BytesIO(template()))
    body = document.body
    body.append(_heading(1, model.title))
    # The columns share the line as the model says: one style per share, made once (odfdo searches the
    # existing styles at each insertion).
    column_styles: set[int] = set()
    tables = 0
    for block in model.blocks:
        for element in _block(block):
            element = element.clone
            if isinstance(block, (Table, Space)):
                tables += 1
                element.name = f"Tableau{tables}"
                for share in block.columns:
                    if share not in column_styles:
                        column_styles.add(share)
                        document.insert_style(_column_style(share), automatic=True)
            body.append(element)
    document.meta.set_title(model.title)
    document.meta.set_subject(model.subject)
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue())
