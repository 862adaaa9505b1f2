"""Programmes: names, acronyms, phases, funders and implementers from short texts (real pipeline)."""

import pytest

from pipeline.extract.programmes import clean_name, phase_number, split_orgs


def _programmes(pipeline, text):
    result = pipeline.extract(text, doc_id="t")
    for p in result.programmes:
        assert text[p.start:p.end] == p.text
    return {(p.name, p.acronym): p for p in result.programmes}


@pytest.mark.parametrize("text, expected", [
    ("The EA-MBMP II is the EU-ASEAN Migration and Border Management Programme II (EA-MBMP II). "
     "The EA-MBMP II is funded by the EU and the INTERPOL will be the implementing agency.",
     {("EU-ASEAN Migration and Border Management Programme II", "EA-MBMP II")}),
    ("The OSCE held the Central Asian Border Management Initiative (CABMI) conference.",
     {("Central Asian Border Management Initiative", "CABMI")}),
    ("Canada funds Project Sunbird and a further C$3 million to TRACE, a companion INTERPOL project.",
     {("Project Sunbird", None), ("TRACE", None)}),
    ("The Project Launch was attended by many.", set()),
    ("Online courses are offered through LEEd, CEPOL's e-learning platform, and the "
     "Secure Information Exchange Network Application (SIENA).", set()),
    ("The conference agreed on TOPCOP II. The Training and Operational Partnership Against Organised Crime "
     "(TOPCOP) works with Europol.",
     {("TOPCOP II", None), ("Training and Operational Partnership Against Organised Crime", "TOPCOP")}),
])
def test_names(pipeline, text, expected):
    assert set(_programmes(pipeline, text)) == expected


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


@pytest.mark.parametrize("text, countries, expected", [
    ("GIZ, the Italian Ministry of the Interior and the Center for International Legal Cooperation (CILC)", (),
     ["GIZ", "Italian Ministry of the Interior", "Center for International Legal Cooperation"]),
    ("Expertise France and CIVIPOL (France), Instituto Camões (Portugal)", (),
     ["Expertise France", "CIVIPOL", "Instituto Camões"]),
    ("the Italo-Latin American Organisation IILA (Italy)", (), ["Italo-Latin American Organisation"]),
    ("the Ministry of Foreign Affairs and the Ministry of Justice and Security of the Netherlands", ("Netherlands",),
     ["Ministry of Foreign Affairs", "Ministry of Justice and Security"]),
    ("Spain's FIIAPP", ("Spain",), ["FIIAPP"]),
    ("the German Federal Ministry for Economic Cooperation and Development", (),
     ["German Federal Ministry for Economic Cooperation and Development"]),
    ("the Council of Europe and the EU", (), ["Council of Europe", "EU"]),
])
def test_split_orgs(text, countries, expected):
    assert split_orgs(text, frozenset(countries)) == expected


@pytest.mark.parametrize("text, name, funders, implementers", [
    # consortium after "led by ..., working with ..."
    ("The Commission signed Alpha Crime Programme today. The programme is led by Spain's FIIAPP, working with "
     "Expertise France and CIVIPOL (France) and Instituto Camões (Portugal).", "Alpha Crime Programme",
     [], ["FIIAPP", "Expertise France", "CIVIPOL", "Instituto Camões"]),
    # announcer: funding body -> funder, other body -> implementer
    ("When the European Union and the United Nations announced the Beacon Initiative in 2017, we were ready.",
     "Beacon Initiative", ["European Union"], ["United Nations"]),
    # "<Funder> has committed <amount> to <Programme>" and "a companion <ORG> project"
    ("Norway has committed NOK 3 million to Project Falcon, and a further NOK 1 million to HARBOUR, a companion "
     "UNODC project.", "HARBOUR", ["Norway"], ["UNODC"]),
    # "<amount> from <Org>" and "with <demonym> support"
    ("The Blue Coast Programme starts with Danish and Dutch support. It has EUR 2 million from the "
     "Nordic Development Fund.", "Blue Coast Programme",
     ["Denmark", "Netherlands", "Nordic Development Fund"], []),
    # "through N agencies: A, B and C" resolved through the anaphor
    ("The Delta Country Programme was launched in 2019. In the first phase, the EU invested USD 7 million through "
     "three UN agencies: UNDP, UN Women and UNICEF.", "Delta Country Programme",
     ["European Union"], ["UNDP", "UN Women", "UNICEF"]),
])
def test_role_cues(pipeline, text, name, funders, implementers):
    progs = {p.name: p for p in pipeline.extract(text, doc_id="t").programmes}
    assert name in progs, list(progs)
    assert sorted(progs[name].funders) == sorted(funders)
    assert sorted(progs[name].implementers) == sorted(implementers)


def test_phase_inherits_parent_roles(pipeline):
    text = ("The MIgration EU eXpertise (MIEUX) Initiative answers requests. The action was handled by MIEUX+, the "
            "fourth phase of the Initiative. MIEUX is funded by the European Union and implemented by ICMPD.")
    progs = {p.acronym or p.name: p for p in pipeline.extract(text, doc_id="t").programmes}
    assert progs["MIEUX+"].funders == ["European Union"]
    assert progs["MIEUX+"].implementers == progs["MIEUX"].implementers
