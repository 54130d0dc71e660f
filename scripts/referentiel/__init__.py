"""« Le référentiel »: the national référentiel (2011), its rules beyond the schema, and its pages.

Pages: /referentiel/, one per domain (/referentiel/b-3/), one per competency
(/referentiel/b-3/b-3-1/). The certification rule is `certification`.

The structure is fixed by the arrêté: 2 parts, 7 domains, 28 competencies with
these per-domain counts. A wording fix or new advice is one edit in
`referentiel/competences.yaml`; anything else is refused with its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.core.data import Data, Dataset, find_duplicates
from scripts.core.diagnostics import Diagnostic
from scripts.core.pipeline import Context, Feature
from scripts.core.text import slug
from scripts.referentiel import certification

EXPECTED_COUNTS = {"A.1": 5, "A.2": 3, "A.3": 4, "B.1": 3, "B.2": 5, "B.3": 5, "B.4": 3}
TOTAL = sum(EXPECTED_COUNTS.values())  # 28


@dataclass(frozen=True)
class Competency:
    code: str
    domain: str
    libelle: str
    slug: str
    page: str  # path of its page inside docs/


OVERVIEW = "referentiel/index.md"
CONDITIONS = "comprendre/conditions.md"  # hand-written: the rule in full lives there only


def domain_page(code: str) -> str:
    return f"referentiel/{slug(code)}/index.md"


def competency_page(code: str) -> str:
    return f"referentiel/{slug(code.rsplit('.', 1)[0])}/{slug(code)}.md"


def model_page(code: str) -> str:
    """Where `modeles` publishes the printable dossier template of this competency (competency pages link it)."""
    return f"modeles/{slug(code)}.md"


def competencies(referentiel: dict[str, Any]) -> list[Competency]:
    """The competencies in the référentiel's order."""
    return [
        Competency(c["code"], d["code"], c["libelle"], slug(c["code"]), competency_page(c["code"]))
        for part in referentiel["parties"]
        for d in part["domaines"]
        for c in d["competences"]
    ]


def domains(referentiel: dict[str, Any]) -> list[dict[str, Any]]:
    return [d for part in referentiel["parties"] for d in part["domaines"]]


def _places(referentiel: dict[str, Any]):
    """(place in the document, domain, competency) for every competency."""
    for p, part in enumerate(referentiel["parties"]):
        for d, domain in enumerate(part["domaines"]):
            for c, competency in enumerate(domain["competences"]):
                yield ("parties", p, "domaines", d, "competences", c), part, domain, competency


def check_structure(data: Data) -> Iterator[Diagnostic]:
    document = data.document("competences")
    referentiel = document.data

    yield from find_duplicates(document, (
        (("parties", p, "code"), part["code"]) for p, part in enumerate(referentiel["parties"])), "partie")
    yield from find_duplicates(document, (
        (("parties", p, "domaines", d, "code"), domain["code"])
        for p, part in enumerate(referentiel["parties"]) for d, domain in enumerate(part["domaines"])), "domaine")
    yield from find_duplicates(document, (
        ((*where, "code"), competency["code"]) for where, _, _, competency in _places(referentiel)), "code")

    for p, part in enumerate(referentiel["parties"]):
        for d, domain in enumerate(part["domaines"]):
            where = ("parties", p, "domaines", d)
            if not domain["code"].startswith(part["code"] + "."):
                yield document.diagnostic((*where, "code"),
                                          f"le domaine {domain['code']} n'appartient pas à la partie {part['code']}")
            expected = EXPECTED_COUNTS.get(domain["code"])
            if expected is None:
                yield document.diagnostic((*where, "code"), f"domaine « {domain['code']} » inconnu du référentiel "
                                          f"(domaines : {', '.join(EXPECTED_COUNTS)})")
            elif len(domain["competences"]) != expected:
                yield document.diagnostic((*where, "competences"),
                                          f"le domaine {domain['code']} doit compter {expected} compétences, "
                                          f"il en compte {len(domain['competences'])}")

    codes = set()
    for where, _, domain, competency in _places(referentiel):
        codes.add(competency["code"])
        if not competency["code"].startswith(domain["code"] + "."):
            yield document.diagnostic((*where, "code"), f"la compétence {competency['code']} est placée sous le "
                                      f"domaine {domain['code']}, qui n'est pas le sien")

    total = sum(len(d["competences"]) for d in domains(referentiel))
    if total != TOTAL:
        yield document.diagnostic(("parties",), f"le référentiel doit compter {TOTAL} compétences, "
                                  f"ce fichier en compte {total}")
    missing = sorted(set(EXPECTED_COUNTS) - {d["code"] for d in domains(referentiel)})
    if missing:
        yield document.diagnostic(("parties",), f"domaine(s) manquant(s) : {', '.join(missing)}")

    for where, _, _, competency in _places(referentiel):
        for i, related in enumerate(competency["liees"]):
            if related == competency["code"]:
                yield document.diagnostic((*where, "liees", i), f"la compétence {related} ne peut pas être liée à elle-même")
            elif related not in codes:
                yield document.diagnostic((*where, "liees", i), f"compétence liée « {related} » inconnue")


def summary(referentiel: dict[str, Any]) -> str:
    return f"{len(competencies(referentiel))} compétences en {len(domains(referentiel))} domaines"


DATASET = Dataset("competences", checks=(check_structure,), summary=summary)


DATA_SOURCE = "referentiel/competences.yaml"


def by_domain(referentiel: dict[str, Any]) -> dict[str, list[str]]:
    """Each domain's competency codes, in order: what the certification rule counts."""
    return {d["code"]: [c["code"] for c in d["competences"]] for d in domains(referentiel)}


def rule() -> dict[str, int]:
    """The rule's numbers, for the pages that state it."""
    return {"minimum": certification.MIN_VALIDATED, "max_par_domaine": certification.MAX_NOT_VALIDATED_PER_DOMAIN}


def pages(data: Data, context: Context) -> Iterator[tuple[str, str]]:
    """The overview, one page per domain, one page per competency."""
    templates = context.templates
    referentiel = data["competences"]
    ordered = competencies(referentiel)
    by_code = {c.code: c for c in ordered}
    common = {"source": referentiel["source"], "data_source": DATA_SOURCE, "pages": by_code,
              "domain_page": domain_page, "model_page": model_page, "total": TOTAL, "rule": rule(),
              "conditions": CONDITIONS}

    overview = OVERVIEW
    yield overview, templates.get_template("referentiel/overview.md.j2").render(
        common, here=overview, parties=referentiel["parties"])

    for part in referentiel["parties"]:
        for domain in part["domaines"]:
            here = domain_page(domain["code"])
            yield here, templates.get_template("referentiel/domain.md.j2").render(
                common, here=here, part=part, domain=domain, overview=overview, page_sources=page_sources(domain))

    details = {c["code"]: (part, domain, c) for _, part, domain, c in _places(referentiel)}
    for index, competency in enumerate(ordered):
        part, domain, entry = details[competency.code]
        yield competency.page, templates.get_template("referentiel/competency.md.j2").render(
            common, here=competency.page, part=part, domain=domain, competency=entry, overview=overview,
            previous=ordered[index - 1] if index > 0 else None,
            next=ordered[index + 1] if index + 1 < len(ordered) else None)


def page_sources(domain: dict[str, Any]) -> list[dict[str, str]]:
    """A domain page's sources, each once: the domain's, then those of the explanations it shows."""
    seen: dict[str, dict[str, str]] = {}
    for source in [*domain.get("sources", []), *(s for c in domain["competences"] for s in c.get("sources", []))]:
        seen.setdefault(source["url"], source)
    return list(seen.values())


def navigation(data: Data) -> list[Any]:
    """The « Le référentiel » section of mkdocs.yml: the overview, then each domain with its competencies."""
    referentiel = data["competences"]
    return [OVERVIEW, *({f"{d['code']} — {d['titre']}": [domain_page(d["code"]),
                                                         *(competency_page(c["code"]) for c in d["competences"])]}
                        for d in domains(referentiel))]


FEATURE = Feature("referentiel", templates=Path(__file__).parent / "templates", datasets=(DATASET,), pages=pages,
                  places=("referentiel/",), navigation=navigation)
