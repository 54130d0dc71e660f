"""« Mon positionnement », at /positionnement/: the self-assessment page, and the test vectors its
JavaScript must agree with.

The rule is `scripts.referentiel.certification` and nothing else. The page
embeds the rule's two numbers and its sentences (`certification.MESSAGES`), so
the browser says the same words; the browser only recomputes the counts.
`vectors` gives inputs (boundary cases included) with the verdicts the Python
rule gives for them: a browser test ticks the boxes for each one and compares.
They are test material, not published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from scripts.core.data import Data
from scripts.core.pipeline import Context, Feature
from scripts.modeles import INDEX as MODELS
from scripts.referentiel import CONDITIONS, DATA_SOURCE, certification, competencies, domains, model_page, rule

PAGE = "positionnement.md"


def cases(by_domain: dict[str, list[str]]) -> list[tuple[str, list[str], bool]]:
    """(name, validated codes, face-à-face) for the shared test vectors: every boundary of the rule."""
    every = [code for codes in by_domain.values() for code in codes]
    names = list(by_domain)
    largest = max(names, key=lambda d: len(by_domain[d]))  # a domain with at least 5 competencies
    second = max((d for d in names if d != largest), key=lambda d: len(by_domain[d]))
    smallest = min(names, key=lambda d: len(by_domain[d]))

    def without(*dropped: str) -> list[str]:
        return [code for code in every if code not in dropped]

    last = [by_domain[d][-1] for d in names]  # one per domain, spread out
    return [
        ("aucune compétence, sans face-à-face", [], False),
        ("aucune compétence, avec face-à-face", [], True),
        ("une seule compétence", every[:1], True),
        ("les 28 compétences et le face-à-face", every, True),
        ("les 28 compétences sans face-à-face", every, False),
        ("23 validées, une non validée dans 5 domaines", without(*last[:5]), True),
        ("23 validées, sans face-à-face", without(*last[:5]), False),
        ("22 validées, une non validée dans 6 domaines", without(*last[:6]), True),
        ("exactement 2 non validées dans un domaine", without(*by_domain[largest][-2:]), True),
        ("exactement 3 non validées dans un domaine", without(*by_domain[largest][-3:]), True),
        ("23 validées mais 3 non validées dans un domaine",
         without(*by_domain[largest][-3:], *by_domain[second][:2]), True),
        ("un domaine entier non validé", without(*by_domain[smallest]), True),
        ("22 validées, deux domaines en défaut, sans face-à-face",
         without(*by_domain[largest][:3], *by_domain[second][-3:]), False),
    ]


def vectors(by_domain: dict[str, list[str]]) -> list[dict]:
    """The shared test vectors: each input with the Python rule's verdict and plan for it."""
    return [
        {"name": name, "codes": codes, "face_a_face": face,
         "expected": asdict(certification.evaluate(codes, face, by_domain)),
         "plan": certification.plan(codes, by_domain)}
        for name, codes, face in cases(by_domain)
    ]


def rule_for_browser() -> dict:
    """What the page's script needs to apply the rule: its numbers and its sentences."""
    return {**rule(), "messages": certification.MESSAGES}


def pages(data: Data, context: Context) -> Iterator[tuple[str, str]]:
    referentiel = data["competences"]
    yield PAGE, context.templates.get_template("positionnement/page.md.j2").render(
        here=PAGE, data_source=DATA_SOURCE, domains=domains(referentiel),
        competencies={c.code: c for c in competencies(referentiel)}, model_page=model_page, models=MODELS,
        conditions=CONDITIONS, total=len(competencies(referentiel)), rule=rule_for_browser())


FEATURE = Feature("positionnement", templates=Path(__file__).parent / "templates", pages=pages, places=(PAGE,))
