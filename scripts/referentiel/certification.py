"""The certification rule, in one function (its command line: `python -m scripts.referentiel`).

Eligible if and only if at least MIN_VALIDATED of the competencies are
validated, no domain has more than MAX_NOT_VALIDATED_PER_DOMAIN not validated,
and at least one real face-to-face teaching situation was carried out. A
repeated code counts once; an unknown code is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_VALIDATED = 23
MAX_NOT_VALIDATED_PER_DOMAIN = 2


class UnknownCompetency(ValueError):
    def __init__(self, codes: list[str]) -> None:
        self.codes = codes
        super().__init__(f"code(s) de compétence inconnu(s) : {', '.join(codes)}")


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    validated: int
    not_validated_by_domain: dict[str, int]
    reasons: list[str]


# Every sentence the rule says, in one place; the ticks are the candidate's own estimate (the jury
# decides), so they are « cochées », never « validées ». The « Mon positionnement » page
# embeds these templates, so its JavaScript says exactly the same words; the
# placeholders are {name} fields filled with str.format (Python) or the same
# substitution in the browser.
MESSAGES = {
    "validees_une": "{count} compétence cochée",  # 0 or 1
    "validees_plusieurs": "{count} compétences cochées",
    "eligible": "D'après vos cases : {validees} sur {total}, au plus {max_par_domaine} non cochées par domaine, "
                "et au moins une situation réelle d'enseignement ou de formation en face-à-face.",
    "trop_peu": "{validees} sur {total} : la règle en demande au moins {minimum}, il vous en reste {reste} à "
                "prouver.",
    "assez": "{validees} sur {total} : le minimum de {minimum} est atteint d'après vos cases.",
    "domaine": "Domaine {domaine} : {non_validees} compétences non cochées ({codes}), la règle en admet au plus "
               "{max_par_domaine} non validées : il vous en reste {reste} à prouver.",
    "face_a_face": "Vous n'avez pas coché la situation réelle d'enseignement ou de formation en face-à-face, "
                   "mise en œuvre par vous, que demande la règle.",
    # The plan (`plan`): what to prove next, the domains over the limit first, then the count.
    "plan_domaine": "Domaine {domaine} : encore {reste} à prouver parmi :",
    "plan_minimum": "Pour atteindre {minimum} : encore {reste} à prouver parmi :",
    "plan_minimum_ensuite": "Puis, pour atteindre {minimum} : encore {reste} de plus à prouver, parmi les "
                            "autres compétences non cochées ci-dessus ou parmi celles-ci :",
    "plan_minimum_ci_dessus": "Puis, pour atteindre {minimum} : encore {reste} de plus à prouver, parmi les "
                              "autres compétences non cochées ci-dessus.",
}


def _validated(count: int) -> str:
    """'0 compétence cochée', '1 compétence cochée', '20 compétences cochées'."""
    return MESSAGES["validees_plusieurs" if count > 1 else "validees_une"].format(count=count)


def evaluate(validated: Iterable[str], face_a_face: bool, domains: dict[str, list[str]]) -> Verdict:
    """The verdict for these validated codes; `domains` maps each domain to its codes, in order."""
    chosen = set(validated)
    known = {code for codes in domains.values() for code in codes}
    unknown = sorted(chosen - known)
    if unknown:
        raise UnknownCompetency(unknown)

    total = len(known)
    count = len(chosen)
    missing = {domain: [c for c in codes if c not in chosen] for domain, codes in domains.items()}
    not_validated = {domain: len(codes) for domain, codes in missing.items()}
    over = {domain: n for domain, n in not_validated.items() if n > MAX_NOT_VALIDATED_PER_DOMAIN}
    eligible = count >= MIN_VALIDATED and not over and face_a_face
    common = {"validees": _validated(count), "total": total, "minimum": MIN_VALIDATED,
              "max_par_domaine": MAX_NOT_VALIDATED_PER_DOMAIN}

    if eligible:
        return Verdict(True, count, not_validated, [MESSAGES["eligible"].format(**common)])

    reasons: list[str] = []
    if count < MIN_VALIDATED:
        reasons.append(MESSAGES["trop_peu"].format(**common, reste=MIN_VALIDATED - count))
    else:
        reasons.append(MESSAGES["assez"].format(**common))
    for domain, n in over.items():
        reasons.append(MESSAGES["domaine"].format(
            **common, domaine=domain, non_validees=n, codes=", ".join(missing[domain]),
            reste=n - MAX_NOT_VALIDATED_PER_DOMAIN))
    if not face_a_face:
        reasons.append(MESSAGES["face_a_face"].format(**common))
    return Verdict(False, count, not_validated, reasons)


def plan(validated: Iterable[str], domains: dict[str, list[str]]) -> list[dict]:
    """What to validate next, as steps {"texte", "reste", "codes"}: validate `reste` more among `codes`
    (in the référentiel's order).

    First, one step per domain over the limit: its competencies not validated, of
    which `reste` are still needed. Then, if the minimum is still out of reach once
    those are validated, the number still needed and the competencies not validated
    in the other domains. Empty when the competencies meet the rule (the face-à-face
    situation is a reason of the verdict, not a competency to plan).
    """
    chosen = set(validated)
    unknown = sorted(chosen - {code for codes in domains.values() for code in codes})
    if unknown:
        raise UnknownCompetency(unknown)
    steps: list[dict] = []
    others: list[str] = []
    planned = 0
    for domain, codes in domains.items():
        missing = [code for code in codes if code not in chosen]
        if len(missing) > MAX_NOT_VALIDATED_PER_DOMAIN:
            reste = len(missing) - MAX_NOT_VALIDATED_PER_DOMAIN
            planned += reste
            steps.append({"texte": MESSAGES["plan_domaine"].format(domaine=domain, reste=reste), "reste": reste,
                          "codes": missing})
        else:
            others.extend(missing)
    reste = MIN_VALIDATED - len(chosen) - planned
    if reste > 0:
        key = "plan_minimum" if not steps else "plan_minimum_ensuite" if others else "plan_minimum_ci_dessus"
        steps.append({"texte": MESSAGES[key].format(minimum=MIN_VALIDATED, reste=reste), "reste": reste,
                      "codes": others})
    return steps
