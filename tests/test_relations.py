"""Relations stage: amounts and durations tied to the programme the text names (real pipeline), and the
organisation lists of the role rules. Funders and implementers as programme rows are in
models/corpus/programme_roles.jsonl (tests/test_corpus.py)."""

import pytest

from pipeline.relations import split_orgs


@pytest.mark.parametrize("text, item, expected", [
    # same sentence, nearest mention before
    ("The agency opened EU4Monitoring Drugs II (EU4MD II), the second phase of its cooperation project. EU4MD II will run from January 2023 to December 2027 "
     "and is backed by €4 million from the European Union.", "€4 million", "EU4MD II"),
    # named right after: "to X"
    ("Canada has committed CAD 3.5 million to Project Sunbird for 2017–2021, and a further C$3 million to TRACE, "
     "a companion INTERPOL project.", "C$3 million", "TRACE"),
    # anaphora: "the new phase" -> the phase mentioned last
    ("The OSCE launched \"Combating Human Trafficking along Migration Routes - Phase III\", the third phase of its "
     "training project. The new phase has a total budget of 3 million euros.",
     "3 million euros", "Combating Human Trafficking along Migration Routes - Phase III"),
    # fact box under a Project: line
    ("Key facts\n\nProject: EUROMED Police\nLead: CEPOL\nBudget: EUR 7 000 000\n", "EUR 7 000 000", "EUROMED Police"),
])
def test_amount_links(pipeline, text, item, expected):
    result = pipeline.extract(text, doc_id="t")
    linked = {a.text: a.programme for a in result.amounts}
    assert linked.get(item) == expected


def test_no_programme_no_link(pipeline):
    result = pipeline.extract("The ministry spent EUR 5 million on roads.", doc_id="t")
    assert all(a.programme is None for a in result.amounts)


@pytest.mark.parametrize("text, item, expected", [
    # "the project" after a project and its parent programme: the one the text calls a project
    ('Judges met at a conference organised by the project "Supporting Fair Trials in Moldova". The project is part '
     'of the Partnership for Fair Justice (PFJ), which covers 2019–2021.\n\nOf the project\'s EUR 1.2 million '
     'budget, half goes to training.', "EUR 1.2 million", "Supporting Fair Trials in Moldova"),
    # money that comes "from" a programme is not that programme's
    ("The Lakeside Roads Project (LRP) was approved today. A $3 million grant from the Trade Support Program (TSP), a "
     "trust fund, will finance advice.", "$3 million", "LRP"),
])
def test_general_links(pipeline, text, item, expected):
    result = pipeline.extract(text, doc_id="t")
    got = {a.text: a.programme for a in result.amounts}
    assert got.get(item) == expected, got


@pytest.mark.parametrize("text, item, expected", [
    # a follow-up named with "+" takes the money of its own sentence, not its parent's
    ("RAPP+ builds on the Rural Access Protection Project (RAPP). RAPP+ is funded with AUD 500,000 from Australia.",
     "AUD 500,000", "RAPP+"),
    # the project a bracketed definition names, not the funding instrument of its fact box
    ("The EU-funded project TRACK [Tracing Revenue And Criminal Knowledge in West Asia] closed.\n\n"
     "Total budget: EUR 2 000 000\nFunding instrument: Instrument for Peace and Safety (IfPS)\n",
     "EUR 2 000 000", "TRACK"),
])
def test_general_links_more(pipeline, text, item, expected):
    result = pipeline.extract(text, doc_id="t")
    assert {a.text: a.programme for a in result.amounts}.get(item) == expected


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


@pytest.mark.parametrize("text, countries, heads, expected", [
    ("the Department of Health, Humanitarian Affairs and Social Development", frozenset(), frozenset({"Department"}),
     ["Department of Health, Humanitarian Affairs and Social Development"]),
    ("the Ministry of Justice, Ministry of Interior", frozenset(), frozenset({"Ministry"}),
     ["Ministry of Justice", "Ministry of Interior"]),
    ("New Zealand's Ministry of Foreign Affairs", frozenset({"New Zealand"}), frozenset({"Ministry"}),
     ["New Zealand Ministry of Foreign Affairs"]),
    ("Spain's FIIAPP", frozenset({"Spain"}), frozenset({"Ministry"}), ["FIIAPP"]),
])
def test_split_orgs_heads(text, countries, heads, expected):
    assert split_orgs(text, countries, heads) == expected
