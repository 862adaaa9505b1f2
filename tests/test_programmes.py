"""Programmes: phases, parents, fact boxes and the name functions, from short texts (real pipeline).
The invented sentences with the programme rows they must give are in models/corpus/programmes.jsonl
(names, acronyms) and models/corpus/programme_roles.jsonl (funders, implementers); see
tests/test_corpus.py."""

import pytest

from pipeline.extractors.programmes import clean_name, phase_number


def _programmes(pipeline, text):
    result = pipeline.extract(text, doc_id="t")
    for p in result.programmes:
        assert text[p.start:p.end] == p.text
    return {(p.name, p.acronym): p for p in result.programmes}


def test_phase_and_parent(pipeline):
    text = ("The OSCE today launched \"Combating Human Trafficking along Migration Routes - Phase III\", "
            "the third phase of its simulation-based training project.")
    found = _programmes(pipeline, text)
    phase = found[("Combating Human Trafficking along Migration Routes - Phase III", None)]
    assert (phase.parent, phase.phase) == ("Combating Human Trafficking along Migration Routes", "III")
    assert ("Combating Human Trafficking along Migration Routes", None) in found


def test_fact_box_roles(pipeline):
    text = ("Key facts\nProject: EUROMED Police\nLead: CEPOL\nImplementing partner: Europol\n"
            "Funding instrument: European Neighbourhood Instrument (ENI)\nBudget: EUR 7 000 000\n")
    found = _programmes(pipeline, text)
    p = found[("EUROMED Police", None)]
    assert p.implementers == ["CEPOL", "Europol"]
    assert p.funding_instrument == "European Neighbourhood Instrument"


def test_cue_roles(pipeline):
    text = ("A peer-to-peer action under the MIgration EU eXpertise (MIEUX) Initiative ended. "
            "MIEUX is funded by the European Union and implemented by ICMPD.")
    p = _programmes(pipeline, text)[("MIgration EU eXpertise", "MIEUX")]
    assert p.funders == ["European Union"]
    assert p.implementers == ["ICMPD"]


@pytest.mark.parametrize("text, expected", [("second", "2"), ("III", "3"), ("9th", "9"), ("2.0", "2"), ("x", None)])
def test_phase_number(text, expected):
    assert phase_number(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("the EU-funded CSC WB", "CSC WB"), ("INTERPOL's Project Stadia", "Project Stadia"), ("The Programme", "Programme"),
])
def test_clean_name(text, expected):
    assert clean_name(text) == expected


def test_phase_inherits_parent_roles(pipeline):
    text = ("The MIgration EU eXpertise (MIEUX) Initiative answers requests. The action was handled by MIEUX+, the "
            "fourth phase of the Initiative. MIEUX is funded by the European Union and implemented by ICMPD.")
    progs = {p.acronym or p.name: p for p in pipeline.extract(text, doc_id="t").programmes}
    assert progs["MIEUX+"].funders == ["European Union"]
    assert progs["MIEUX+"].implementers == progs["MIEUX"].implementers


# --- generalisation rules: invented sentences -------------------------------------------------------------------

def test_same_phase_named_twice_is_one_programme(pipeline):
    text = ("The bank today approved a credit for the Lakeside Roads Project, the second phase of the Regional Roads Program (RRP). "
            "Known as RRP 2, the project will run for five years.")
    progs = _programmes(pipeline, text)
    assert ("Lakeside Roads Project", "RRP 2") in progs, list(progs)
    assert not any(name == "RRP 2" for name, _ in progs)


# --- a fact-box label with no name after it (found by tests/test_properties.py) ---------------

def _box_labels():
    from pipeline.rules import load_rules

    return load_rules().lexicon("programme_box_labels")


@pytest.mark.parametrize("label", _box_labels())
@pytest.mark.parametrize("tail", ["", " ", "\u00a0", " \u00a0", "\t", " \n", "\u00a0\r\n"])
def test_fact_box_label_without_a_name(pipeline, label, tail):
    assert _programmes(pipeline, f"{label}:{tail}") == {}


def test_empty_fact_box_line_keeps_the_rest_of_the_box(pipeline):
    text = "Key facts\nProject:\u00a0\nLead: Harbour Safety Agency\nBudget: EUR 2 000 000\n"
    result = pipeline.extract(text, doc_id="t")
    assert result.programmes == []
    assert [(a.text, a.label) for a in result.amounts] == [("EUR 2 000 000", "Budget")]
