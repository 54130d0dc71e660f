"""The grid in the official ODS grid's layout (modele-de-grille-d-audit.ods), for an external auditor to
take up: the sample sheet, then one sheet per sample page with each criterion's status and evidence.
The official workbook has twenty page sheets; a larger sample gets copies of the last one."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.core.archive import reproducible_zip

FIRST_ROW = 4  # the first criterion's row in a page sheet (1.1), in the spreadsheet's numbering
SAMPLE_ROW = 9  # P01's row in the sample sheet
SITE = "Portail C2i2e — INSPE de l'UPEC"


def write(grid: Any, model: Path, criteria: Sequence[Any]) -> bytes:
    """The workbook `model` (the official grid) filled from `grid`, criterion by criterion."""
    from odfdo import Document

    document = Document(str(model))
    body = document.body
    sample = body.get_table(name="Échantillon")
    sample.set_value("B3", grid.date.strftime("%d/%m/%Y"))
    sample.set_value("B4", grid.raw["audit"]["auditeur"])
    sample.set_value("B5", grid.raw["audit"]["contexte"])
    sample.set_value("B6", SITE)
    sample.set_value("D8", "Motif du choix")  # beside the model's three columns: why each page is in the sample
    cells = grid.cells()
    last = body.get_table(name="P20")
    for number, page in enumerate(grid.pages):
        row = SAMPLE_ROW + number
        sample.set_value(f"A{row}", page["code"])
        sample.set_value(f"B{row}", page["titre"])
        sample.set_value(f"C{row}", "/" + page["adresse"])
        sample.set_value(f"D{row}", page["motif"])
        sheet = body.get_table(name=page["code"])
        if sheet is None:
            sheet = last.clone
            sheet.name = page["code"]
            body.append(sheet)
        sheet.set_value("A2", f"{page['titre']} : /{page['adresse']}")
        for offset, criterion in enumerate(criteria):
            status = cells[criterion.id][page["code"]]
            sheet.set_value(f"D{FIRST_ROW + offset}", status)
            note = _note(grid, criterion.id, page["code"], status)
            if note:
                sheet.set_value(f"F{FIRST_ROW + offset}", note)
    notes = [draw_note(grid.raw["echantillon"]["tirage"])]
    if len(grid.pages) > 20:
        result = grid.result()
        notes.insert(0, f"Les feuilles P21 à P{len(grid.pages)} s'ajoutent aux vingt du modèle, dont les feuilles "
                        f"« Synthèse » et « BaseDeCalcul » ne les comptent pas. Le taux publié porte sur les "
                        f"{len(grid.pages)} pages : {result.conforming} critères respectés sur {result.applicable} "
                        "applicables.")
    for number, note in enumerate(notes):
        sample.set_value(f"A{SAMPLE_ROW + len(grid.pages) + 1 + number}", note)
    # Pages of the official twenty that the sample does not use are emptied.
    for number in range(len(grid.pages), 20):
        row = SAMPLE_ROW + number
        for column in "ABCD":
            sample.set_value(f"{column}{row}", "")
    output = io.BytesIO()
    document.save(output)
    return reproducible_zip(output.getvalue())  # an unchanged grid gives the same file at every build


def draw_note(draw: dict[str, Any]) -> str:
    """How the pages « tirées au sort » were drawn: kept with the audit, not in the declaration."""
    note = (f"Les pages dont le motif est « tirage au sort » ont été tirées parmi les {draw['parmi']} autres "
            f"pages que comptait alors le site, avec la graine {draw['graine']}.")
    return f"{note} {draw['note']}" if draw.get("note") else note


def _note(grid: Any, criterion: str, code: str, status: str) -> str:
    entry = grid.raw["criteres"].get(criterion, {})
    gap = (entry.get("ecarts") or {}).get(code)
    why = gap["constat"] if gap else (entry.get("constat", "") if status == "NC" else "")
    evidence = "Preuves : " + " ; ".join(grid.evidence(criterion))
    return f"{why} {evidence}".strip()
