"""« Modèles de documents »: every ODT and DOCX listed on the page exists, opens with a library
that reads its format, and holds its competency's code and official wording; the files are
byte-for-byte reproducible, so regenerating rewrites nothing."""

from __future__ import annotations

import dataclasses
import io
import math
import re
import time
import zipfile
from html import unescape

import docx
import odfdo
import pytest

from scripts import modeles
from scripts.core import archive
from scripts.core.cache import DiskCache
from scripts.modeles import docx as docx_format
from scripts.modeles import odt as odt_format
from scripts.referentiel import competencies, model_page
from scripts.typographie import plain
from scripts.validate import validate
from tests.conftest import generation_context

INDEX = "modeles/"
REFERENTIEL = validate()["competences"]
COMPETENCIES = competencies(REFERENTIEL)


def listed_files(html: str) -> list[tuple[str, str, int]]:
    """(file name, format, size in Ko) for every download link of the index page."""
    return [(name, label, int(kilo)) for name, label, kilo in
            re.findall(r'<a download="[^"]+" href="([^"]+)">(ODT|DOCX), (\d+)\sKo<span class="c2i2e-masque">[^<]+</span></a>',
                       html)]


def odt_text(path) -> str:
    return odfdo.Document(path).get_formatted_text()


def docx_text(path) -> str:
    document = docx.Document(path)
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_index_lists_every_file_with_its_format_and_true_size(pages, site_dir):
    files = listed_files(pages[INDEX])
    assert len(files) == 2 * 29  # 28 dossiers d'évaluation + the synthèse, in 2 formats
    for name, label, kilo in files:
        path = site_dir / INDEX / name
        assert path.is_file(), name
        assert name.endswith("." + label.lower())
        assert kilo == math.ceil(path.stat().st_size / 1024), name


@pytest.mark.parametrize("competency", COMPETENCIES, ids=lambda c: c.code)
def test_each_template_opens_and_holds_its_code_and_official_wording(site_dir, competency):
    wording = normalized(competency.libelle)
    for reader, extension in ((odt_text, "odt"), (docx_text, "docx")):
        text = normalized(reader(site_dir / INDEX / f"c2i2e-dossier-{competency.slug}.{extension}"))
        assert f"Dossier d'évaluation — {competency.code}" in text, extension
        assert f"{competency.code} — {wording}" in text, extension
        for section in ("Le contexte", "L'activité réalisée", "Les traces", "Commentaire argumenté",
                        "Ce que j'en ai appris", "L'échange avec l'accompagnateur"):
            assert section in text, (extension, section)


def test_the_synthesis_lists_all_28_competencies_in_both_formats(site_dir):
    for reader, extension in ((odt_text, "odt"), (docx_text, "docx")):
        text = normalized(reader(site_dir / INDEX / f"c2i2e-synthese.{extension}"))
        for competency in COMPETENCIES:
            assert competency.code in text and normalized(competency.libelle) in text, (extension, competency.code)
        assert "au moins 23 des 28 compétences validées" in text


def test_the_files_are_well_formed_packages_in_french(site_dir):
    odt = site_dir / INDEX / "c2i2e-dossier-b-3-5.odt"
    with zipfile.ZipFile(odt) as package:
        first = package.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    document = odfdo.Document(odt)
    assert document.meta.get_title() == "Dossier d'évaluation — B.3.5"
    assert document.meta.get_language() == "fr-FR"
    word = docx.Document(site_dir / INDEX / "c2i2e-dossier-b-3-5.docx")
    assert word.core_properties.title == "Dossier d'évaluation — B.3.5"
    assert word.core_properties.language == "fr-FR"
    assert [p.style.name for p in word.paragraphs[:1]] == ["Heading 1"]


def test_each_printable_page_shows_the_template_and_links_its_files(pages):
    for competency in COMPETENCIES:
        address = model_page(competency.code).removesuffix(".md") + "/"
        html = plain(unescape(pages[address]))
        assert f"Modèle de dossier d'évaluation — {competency.code}" in html
        assert f'<span class="c2i2e-officiel__code">{competency.code}</span> {competency.libelle}' in html
        assert f'href="../c2i2e-dossier-{competency.slug}.odt">format ODT (' in html
        assert f'href="../c2i2e-dossier-{competency.slug}.docx">format DOCX (' in html
    assert "Montrée (oui / non)" in pages["modeles/synthese/"]


def test_each_competency_page_links_its_template(pages):
    for competency in COMPETENCIES:
        html = unescape(pages[competency.page.removesuffix(".md") + "/"])
        # The link up to the domain is rewritten by MkDocs like any other, never left as "index.md".
        assert '<p class="c2i2e-fil">Domaine <a href="../">' in html, competency.code
        assert re.search(rf'href="(\.\./)+modeles/{competency.slug}/">modèle de dossier d\'évaluation pour '
                         rf'{re.escape(competency.code)}</a>', html), competency.code


# Reproducible files -------------------------------------------------------------------------

def test_the_files_carry_no_date(site_dir):
    for path in sorted((site_dir / INDEX).glob("c2i2e-*.*"))[:4]:
        with zipfile.ZipFile(path) as package:
            assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            metadata = package.read("meta.xml" if path.suffix == ".odt" else "docProps/core.xml").decode()
        assert not re.search(r"creation-date|dc:date|dcterms:created|dcterms:modified|20\d\d-\d\d-\d\d", metadata)


def test_a_package_is_written_again_dated_alike_with_each_entrys_compression(monkeypatch):
    entries = [("mimetype", b"application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
               ("content.xml", b"<office>" + "é".encode() * 500 + b"</office>", zipfile.ZIP_DEFLATED),
               ("Pictures/modèle.txt", b"accent dans le nom", zipfile.ZIP_DEFLATED)]

    def package() -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as written:
            for name, content, method in entries:
                written.writestr(name, content, method)
        return out.getvalue()

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    first = package()
    dated = archive.reproducible_zip(first)
    with zipfile.ZipFile(io.BytesIO(dated)) as result:
        assert result.testzip() is None
        assert [(i.filename, i.compress_type, i.date_time) for i in result.infolist()] == \
               [(name, method, archive.ZIP_DATE) for name, _, method in entries]
        assert [result.read(name) for name, _, _ in entries] == [content for _, content, _ in entries]
    monkeypatch.setattr(time, "time", lambda: now + 3 * 86400 + 7)  # another day, another second
    later = package()
    assert later != first  # zipfile dates each entry with the time it is written
    assert archive.reproducible_zip(later) == dated  # byte-identical from run to run
    assert archive.reproducible_zip(dated) == dated


def test_the_same_data_gives_byte_identical_files_at_another_time(monkeypatch):
    model = modeles.models(REFERENTIEL)[5]
    first = odt_format.render(model), docx_format.render(model)
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert (odt_format.render(model), docx_format.render(model)) == first


def test_a_file_is_the_same_whatever_was_rendered_before_it():
    """Each process makes a block once and copies it into every file that has it: a file's bytes
    must not depend on which files that process rendered before."""
    all_models = modeles.models(REFERENTIEL)
    some = [all_models[0], all_models[1], all_models[-1]]  # the synthèse and two dossiers
    forward = {(m.slug, name): render(m) for m in some for name, _label, render in modeles.FORMATS}
    backward = {(m.slug, name): render(m) for m in reversed(some) for name, _label, render in modeles.FORMATS}
    assert backward == forward


def test_rendering_again_later_gives_the_files_of_the_build(site_dir, monkeypatch):
    """The build made its files in another process, earlier: the same bytes come out now, so
    `python -m scripts.generate` (and `mkdocs serve`) leave them alone."""
    later = time.time() + 86400
    monkeypatch.setattr(time, "time", lambda: later)
    context = dataclasses.replace(generation_context(), cache=DiskCache(None))  # render every file, for real
    files = [(path, content) for path, content in modeles.pages(validate(), context) if isinstance(content, bytes)]
    assert len(files) == 58
    for path, content in files:
        assert (site_dir / path).read_bytes() == content, path


def test_the_disk_cache_gives_the_same_bytes_and_renders_only_what_changed(tmp_path, monkeypatch):
    data = validate()
    fresh = dict(modeles.pages(data, dataclasses.replace(generation_context(), cache=DiskCache(None))))
    cache = DiskCache(tmp_path / "cache")
    context = dataclasses.replace(generation_context(), cache=cache)
    assert dict(modeles.pages(data, context)) == fresh  # cold cache: the same bytes
    assert len(list((tmp_path / "cache" / "modeles").iterdir())) == 58
    renders = []
    monkeypatch.setattr(modeles, "FORMATS", tuple(
        (name, label, lambda model, r=render: renders.append(model) or r(model))
        for name, label, render in modeles.FORMATS))
    assert dict(modeles.pages(data, context)) == fresh and renders == []  # warm: nothing rendered
    # One competency's guidance changes: its two files only are made again.
    data["competences"]["parties"][0]["domaines"][0]["competences"][0]["traces"].append("Une trace de plus.")
    changed = dict(modeles.pages(data, context))
    assert len(renders) == 2 and {m.code for m in renders} == {"A.1.1"}
    assert changed["modeles/c2i2e-dossier-a-1-1.odt"] != fresh["modeles/c2i2e-dossier-a-1-1.odt"]


def test_sizes_read_the_french_way():
    assert modeles.size(1) == "1\u00a0Ko"  # a no-break space before the unit
    assert modeles.size(12 * 1024) == "12\u00a0Ko"
    assert modeles.size(12 * 1024 + 1) == "13\u00a0Ko"
    assert modeles.size(1536 * 1024) == "1,5\u00a0Mo"


def test_docx_properties_fit_in_their_limit():
    # DOCX metadata refuses more than 255 characters: the longest wording must still fit.
    for model in modeles.models(REFERENTIEL):
        assert len(model.subject) <= 255 and len(model.title) <= 255


@pytest.mark.browser
def test_a_click_on_a_file_of_the_index_downloads_it(site_url, page):
    page.goto(site_url + INDEX)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^ODT, \d+ Ko : Synthèse")).first.click()
    assert info.value.suggested_filename == "c2i2e-synthese.odt"
    assert odfdo.Document(info.value.path()).meta.get_title() == "Synthèse du dossier numérique de compétences C2i2e"
