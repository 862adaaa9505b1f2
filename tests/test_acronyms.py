"""Acronym definitions: Schwartz-Hearst matching, both orders, offsets."""

import pytest

from pipeline.extractors.acronyms import find_definitions, looks_like_acronym, match_acronym


@pytest.mark.parametrize("text, expected", [
    ("the EU's Border Management in Central Asia programme (BOMCA) attended",
     [("BOMCA", "Border Management in Central Asia programme")]),
    ("a BOMCA [EU’s Border Management Programme in Central Asia] project",
     [("BOMCA", "Border Management Programme in Central Asia")]),
    ("Known as the EU-ASEAN Migration and Border Management Programme II (EA-MBMP II), the programme",
     [("EA-MBMP II", "EU-ASEAN Migration and Border Management Programme II")]),
    ("Border Management in Central Asia - Phase 9 (BOMCA 9)",
     [("BOMCA 9", "Border Management in Central Asia - Phase 9")]),
    ("It follows the INTERPOL Capacity Building Programme on Improving Counter-Terrorism and "
     "International Collaboration in ASEAN Member States (CT-ASEAN), which ran",
     [("CT-ASEAN", "INTERPOL Capacity Building Programme on Improving Counter-Terrorism and "
                   "International Collaboration in ASEAN Member States")]),
    ("The Training and Operational Partnership Against Organised Crime (TOPCOP), which",
     [("TOPCOP", "Training and Operational Partnership Against Organised Crime")]),
    ("through the Neighbourhood, Development and International Cooperation Instrument – Global Europe "
     "(NDICI-Global Europe). More",
     [("NDICI-Global Europe", "Neighbourhood, Development and International Cooperation Instrument – Global Europe")]),
    ("ICMPD | International Centre for Migration Policy Development\n",
     [("ICMPD", "International Centre for Migration Policy Development")]),
    ("implemented by the Italian Ministry of the Interior and the Center for International Legal Cooperation (CILC).",
     [("CILC", "Center for International Legal Cooperation")]),
    ("The EU drugs agency (EMCDDA) today opened", []),
    ("in Almaty (Kazakhstan) today", []),
])
def test_definitions(text, expected):
    found = find_definitions(text)
    assert [(d.acronym, d.long_form) for d in found] == expected
    for d in found:
        assert text[d.long_start:d.long_end] == d.long_form
        assert text[d.acr_start:d.acr_end] == d.acronym


@pytest.mark.parametrize("acronym, long_form, expected", [
    ("BOMCA", "Border Management Programme in Central Asia", True),
    ("EUDiF", "European Union Global Diaspora Facility", True),
    ("MIEUX", "MIgration EU eXpertise", True),
    ("EU4MD II", "EU4Monitoring Drugs II", True),
    ("FPI", "Border Management Programme", False),
])
def test_match_acronym(acronym, long_form, expected):
    assert match_acronym(acronym, long_form) is expected


@pytest.mark.parametrize("text, expected", [
    ("BOMCA", True), ("iARMS", True), ("GLACY+", True), ("Italy", False), ("2019", False), ("a", False),
])
def test_looks_like_acronym(text, expected):
    assert looks_like_acronym(text) is expected


@pytest.mark.parametrize("text, expected", [
    # reversed order after a lower-case word; long form longer than 40 characters; last word not in the acronym
    ("The ministry yesterday started HARBOR (Helping Authorities Respond to Border Offences in the Sahel Region), "
     "a project", [("HARBOR", "Helping Authorities Respond to Border Offences in the Sahel Region")]),
    ("a new phase of PACT (Police Academy Cooperation Training), which", [("PACT", "Police Academy Cooperation Training")]),
    # bracketed long form whose last word is not in the acronym
    ("The project TRACK [Tracing Revenue And Criminal Knowledge in West Asia] ended",
     [("TRACK", "Tracing Revenue And Criminal Knowledge in West Asia")]),
    ("We met ALPHA (see below) today", []),
])
def test_reversed_and_delimited(text, expected):
    assert [(d.acronym, d.long_form) for d in find_definitions(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("the second phase of Improved Security and Naval Exchange Training in the Eastern Sea (SeaNet), a project",
     ("SeaNet", "Improved Security and Naval Exchange Training in the Eastern Sea")),
    ("a grant to Better Rural Supply Access (WaterNet) in", None),   # no word starts with "Water"
])
def test_mixed_case_acronym_definitions(text, expected):
    found = [(d.acronym, d.long_form) for d in find_definitions(text)]
    assert (found[0] if found else None) == expected
    for d in find_definitions(text):
        assert text[d.long_start:d.long_end] == d.long_form
