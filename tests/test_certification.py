"""The certification rule (scripts/referentiel/certification.py), pinned by properties and by its
command line (python -m scripts.referentiel).

Eligible if and only if at least 23 of the 28 competencies are validated, no
domain has more than 2 not validated, and at least one real face-to-face
teaching situation was carried out.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scripts.referentiel import by_domain
from scripts.referentiel.__main__ import main
from scripts.referentiel.certification import (
    MAX_NOT_VALIDATED_PER_DOMAIN,
    MIN_VALIDATED,
    UnknownCompetency,
    evaluate,
    plan,
)
from scripts.validate import validate
from tests.conftest import run

DOMAINS = by_domain(validate()["competences"])
ALL = [code for codes in DOMAINS.values() for code in codes]


def test_the_real_referentiel_has_28_competencies_in_7_domains():
    assert len(ALL) == 28
    assert {domain: len(codes) for domain, codes in DOMAINS.items()} == {
        "A.1": 5, "A.2": 3, "A.3": 4, "B.1": 3, "B.2": 5, "B.3": 5, "B.4": 3}
    assert (MIN_VALIDATED, MAX_NOT_VALIDATED_PER_DOMAIN) == (23, 2)


@st.composite
def validated_sets(draw) -> frozenset[str]:
    """Sets of validated codes, built domain by domain so that the boundaries (2 or 3 not
    validated in a domain, 22 or 23 in all) come up often, not once in a blue moon."""
    chosen: set[str] = set()
    for codes in DOMAINS.values():
        missing = draw(st.integers(min_value=0, max_value=len(codes)))
        dropped = draw(st.permutations(codes))[:missing]
        chosen.update(code for code in codes if code not in dropped)
    return frozenset(chosen)


def without(*codes: str) -> frozenset[str]:
    return frozenset(ALL) - set(codes)


@given(validated_sets(), st.booleans())
@example(frozenset(ALL), True)                                          # all 28
@example(frozenset(), True)                                             # none
@example(without("A.1.5", "A.2.3", "A.3.4", "B.1.3", "B.2.5"), True)    # 23, spread
@example(without("A.1.5", "A.2.3", "A.3.4", "B.1.3", "B.2.5", "B.3.5"), True)  # 22
@example(without("A.1.4", "A.1.5"), True)                               # exactly 2 in a domain
@example(without("A.1.3", "A.1.4", "A.1.5"), True)                      # exactly 3 in a domain
@settings(max_examples=400)
def test_eligible_exactly_when_23_validated_at_most_2_missing_per_domain_and_face_a_face(chosen, face):
    verdict = evaluate(chosen, face, DOMAINS)

    missing = {domain: sum(code not in chosen for code in codes) for domain, codes in DOMAINS.items()}
    assert verdict.validated == len(chosen)
    assert verdict.not_validated_by_domain == missing
    assert list(verdict.not_validated_by_domain) == list(DOMAINS)  # in the référentiel's order
    assert sum(missing.values()) == 28 - verdict.validated
    assert verdict.eligible == (len(chosen) >= 23 and max(missing.values()) <= 2 and face)


@given(validated_sets(), st.booleans())
@example(without("A.1.3", "A.1.4", "A.1.5", "B.3.4", "B.3.5"), False)
@settings(max_examples=200)
def test_the_reasons_say_what_is_missing_and_what_remains_to_do(chosen, face):
    verdict = evaluate(chosen, face, DOMAINS)
    text = "\n".join(verdict.reasons)
    assert verdict.reasons and all(reason.endswith(".") for reason in verdict.reasons)
    if verdict.eligible:
        assert verdict.reasons == [
            "D'après vos cases : "
            f"{len(chosen)} compétences cochées sur 28, au plus 2 non cochées par domaine, et au moins une "
            "situation réelle d'enseignement ou de formation en face-à-face."]
        return
    count = len(chosen)
    if count < 23:
        assert verdict.reasons[0].startswith(f"{count} compétence")
        assert f"il vous en reste {23 - count} à prouver." in verdict.reasons[0]
    else:
        assert verdict.reasons[0] == (f"{count} compétences cochées sur 28 : le minimum de 23 est atteint d'après "
                                      "vos cases.")
    for domain, codes in DOMAINS.items():
        not_validated = [code for code in codes if code not in chosen]
        sentence = (f"Domaine {domain} : {len(not_validated)} compétences non cochées "
                    f"({', '.join(not_validated)}), la règle en admet au plus 2 non validées : "
                    f"il vous en reste {len(not_validated) - 2} à prouver.")
        assert (sentence in verdict.reasons) == (len(not_validated) > 2)
    assert ("face-à-face, mise en œuvre par vous" in text) == (not face)


@given(validated_sets(), st.booleans(), st.randoms())
def test_order_and_repetition_do_not_matter(chosen, face, random):
    codes = list(chosen) * 2
    random.shuffle(codes)
    assert evaluate(codes, face, DOMAINS) == evaluate(sorted(chosen), face, DOMAINS)


@given(validated_sets(), st.sampled_from(ALL))
def test_validating_one_more_competency_never_makes_things_worse(chosen, extra):
    before = evaluate(chosen, True, DOMAINS)
    after = evaluate(chosen | {extra}, True, DOMAINS)
    assert after.eligible or not before.eligible


def test_singular_for_zero_and_one():
    assert evaluate([], True, DOMAINS).reasons[0] == (
        "0 compétence cochée sur 28 : la règle en demande au moins 23, il vous en reste 23 à prouver.")
    assert evaluate(["B.3.5"], True, DOMAINS).reasons[0] == (
        "1 compétence cochée sur 28 : la règle en demande au moins 23, il vous en reste 22 à prouver.")


@given(st.text(min_size=1, max_size=8).filter(lambda code: code not in ALL))
def test_an_unknown_code_is_refused(code):
    with pytest.raises(UnknownCompetency) as error:
        evaluate(["A.1.1", code], True, DOMAINS)
    assert error.value.codes == [code]


# The plan: what to validate next ------------------------------------------------------------

@given(validated_sets())
@example(frozenset())
@example(without("A.1.3", "A.1.4", "A.1.5", "B.3.4", "B.3.5"))
@settings(max_examples=300)
def test_following_the_plan_meets_the_rule_on_competencies(chosen):
    steps = plan(chosen, DOMAINS)
    verdict = evaluate(chosen, True, DOMAINS)
    assert (steps == []) == verdict.eligible
    over = [d for d, n in verdict.not_validated_by_domain.items() if n > 2]
    # The domains over the limit come first, in the référentiel's order, with all their missing codes.
    assert [s["codes"] for s in steps[:len(over)]] == [[c for c in DOMAINS[d] if c not in chosen] for d in over]
    assert [s["texte"] for s in steps[:len(over)]] == [
        f"Domaine {d} : encore {verdict.not_validated_by_domain[d] - 2} à prouver parmi :" for d in over]
    # Validating `reste` codes of each domain step, then `reste` more among whatever is still missing
    # and listed, meets the rule (with the face-à-face situation).
    done = set(chosen)
    for step in steps[:len(over)]:
        done |= set(step["codes"][:step["reste"]])
    if len(steps) > len(over):
        last = steps[-1]
        assert last["reste"] == 23 - len(done) > 0
        assert last["codes"] == [c for d, codes in DOMAINS.items() if d not in over for c in codes if c not in chosen]
        listed = [c for s in steps for c in s["codes"] if c not in done]
        done |= set(listed[:last["reste"]])
    assert evaluate(done, True, DOMAINS).eligible
    assert len(done) - len(chosen) == sum(s["reste"] for s in steps)  # no more than needed


def test_the_plan_s_sentences():
    assert [s["texte"] for s in plan(without("A.1.5", "A.2.3", "A.3.4", "B.1.3", "B.2.5", "B.3.5"), DOMAINS)] == [
        "Pour atteindre 23 : encore 1 à prouver parmi :"]
    assert [s["texte"] for s in plan(without("A.1.3", "A.1.4", "A.1.5", "B.3.4", "B.3.5", "B.4.2", "B.4.3"), DOMAINS)] == [
        "Domaine A.1 : encore 1 à prouver parmi :",
        "Puis, pour atteindre 23 : encore 1 de plus à prouver, parmi les autres compétences non cochées "
        "ci-dessus ou parmi celles-ci :"]
    assert plan([], DOMAINS)[-1] == {
        "texte": "Puis, pour atteindre 23 : encore 9 de plus à prouver, parmi les autres compétences non cochées "
                 "ci-dessus.", "reste": 9, "codes": []}
    with pytest.raises(UnknownCompetency):
        plan(["A.1.9"], DOMAINS)


# The command line ---------------------------------------------------------------------------

def cli(*arguments: str) -> dict:
    result = run("-m", "scripts.referentiel", *arguments)
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_cli_prints_one_json_object():
    verdict = cli("--face-a-face", *ALL)
    assert verdict == {
        "eligible": True, "validated": 28,
        "not_validated_by_domain": {"A.1": 0, "A.2": 0, "A.3": 0, "B.1": 0, "B.2": 0, "B.3": 0, "B.4": 0},
        "reasons": ["D'après vos cases : 28 compétences cochées sur 28, "
                    "au plus 2 non cochées par domaine, et au moins une situation réelle d'enseignement "
                    "ou de formation en face-à-face."]}


def test_cli_counts_a_repeated_code_once():
    once = cli("--face-a-face", "A.1.1", "B.2.3")
    twice = cli("B.2.3", "A.1.1", "--face-a-face", "A.1.1", "B.2.3", "A.1.1")
    assert once == twice
    assert twice["validated"] == 2


def test_cli_without_any_code_gives_the_verdict_of_a_beginner():
    verdict = cli()
    assert verdict["eligible"] is False and verdict["validated"] == 0
    assert verdict["reasons"][-1].startswith("Vous n'avez pas coché la situation réelle")


def test_cli_refuses_an_unknown_code_in_french_with_exit_status_2():
    result = run("-m", "scripts.referentiel", "--face-a-face", "A.1.1", "A.1.9", "Z", check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == ("Erreur : code(s) de compétence inconnu(s) : A.1.9, Z. "
                                     "Les codes ont la forme A.1.1 … B.4.3.")
    assert "Traceback" not in result.stderr


def test_cli_in_process_agrees_with_the_function(capsys):
    assert main(["--face-a-face", "A.1.1"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["reasons"] == evaluate(["A.1.1"], True, DOMAINS).reasons
