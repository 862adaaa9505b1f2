"""The NLP stage's model settings: the thinc operations its layers use and the BLAS threads."""

from __future__ import annotations

import spacy
from threadpoolctl import threadpool_info

from pipeline.modelinfo import DEFAULT_MODEL
from pipeline.nlp import BLAS_THREADS, OPS, one_blas_thread, parse

#: Invented release text: names, bodies, amounts, dates and verbs for the tagger and the model.
TEXT = (
    "Lusaka, 14 March 2024 - The Nordlake Development Fund and the Ministry of Water signed a "
    "EUR 4.5 million grant for the Kafue Basin Resilience Programme (KBRP) on Tuesday.\n"
    "Minister of Water Chanda Mwape said the three-year programme will reach 120,000 people, "
    "and Dr. Ingrid Solberg, the Fund's Director, added that a second phase was planned for 2027.\n"
    "The grant follows a USD 2 million study that the agency financed in 2021."
)


def test_the_model_layers_use_the_pipelines_ops(pipeline):
    nlp = pipeline.nlp
    checked = 0
    for name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        # the output layer of a transition model (the entity recogniser's) is built by spaCy
        # with thinc's default CPU operations whatever the current ones are
        pinned = {id(model.get_ref("upper"))} if model.has_ref("upper") else set()
        for layer in model.walk():
            if id(layer) in pinned:
                continue
            assert type(layer.ops).__name__ == "NumpyOps", (name, layer.name)
            assert layer.ops.use_blis is OPS["use_blis"], (name, layer.name)
            checked += 1
    assert checked > 100


def test_parsing_holds_blas_to_one_thread():
    with one_blas_thread():
        blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
        assert blas, "numpy's BLAS is loaded"
        assert all(lib["num_threads"] == BLAS_THREADS for lib in blas)


def test_the_ops_give_the_same_entities_and_tags_as_the_model_as_shipped(pipeline):
    shipped = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer", "attribute_ruler", "parser"])
    shipped.enable_pipe("senter")
    ours = parse(pipeline.nlp, [TEXT])[0]
    theirs = shipped(TEXT)
    assert [(e.start_char, e.end_char, e.label_) for e in ours.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in theirs.ents]
    assert [t.tag_ for t in ours] == [t.tag_ for t in theirs]
    assert any(e.label_ == "PERSON" for e in ours.ents) and any(t.tag_ == "VBD" for t in ours)
