"""What the templates say: each one described once, as a list of blocks, that odt.py, docx.py and the
printable page (templates/modele.md.j2) all render, so the three always say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scripts.core.text import slug
from scripts.referentiel import certification, domains, model_page

SYNTHESIS_PAGE = "modeles/synthese.md"
AUTHOR = "Portail C2i2e — INSPE de l'Université Paris-Est Créteil"
LANGUAGE = "fr-FR"


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
                  "rassemble les traces qui la montrent et les commente ; si vous avez un "
                  "accompagnateur, vous le lui présentez pour échange.", "consigne"),
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
        Paragraph("Si vous avez un accompagnateur : quand et comment lui avez-vous présenté ce dossier ? Notez "
                  "ses remarques et ce que vous avez modifié ensuite.", "consigne"),
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
        Paragraph(INTRO + " La synthèse vous donne une vue d'ensemble de votre "
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


def models(referentiel: dict[str, Any]) -> list[Model]:
    """The synthèse, then one dossier d'évaluation per competency, in the référentiel's order."""
    result = [synthesis(referentiel)]
    for domain in domains(referentiel):
        for competency in domain["competences"]:
            result.append(dossier(competency, domain, referentiel["source"]))
    return result
