"""Extraction rules on hand-checked parses (tests/data/parses/*.conllu): no model, fast.

They pin down the grammar the stages rely on (passive agent, control, negation,
coordination, "selon" sources, spans across "du" = "de le"), whatever the parser's quality.
"""
from datetime import date
from pathlib import Path

import pytest

from eventx.engine import Extractor
from eventx.extraction.lexicon import load_lexicon
from eventx.nlp.document import doc_from_conllu

PARSES = Path(__file__).resolve().parents[1] / "data" / "parses"


class _NoParser:
    processors: dict = {}


@pytest.fixture(scope="module")
def run():
    extractor = Extractor(_NoParser(), {"name": "gold-parse"}, load_lexicon())

    def _run(name):
        doc, text = doc_from_conllu((PARSES / f"{name}.conllu").read_text(encoding="utf-8"))
        result = extractor.extract_parsed(doc, date(2025, 5, 26))
        for ev in result["events"]:
            assert text[ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]
            for arg in ev["arguments"]:
                assert text[arg["start"]:arg["end"]] == arg["text"]
        return result["events"], text

    return _run


def _one(events, etype):
    found = [e for e in events if e["type"] == etype]
    assert len(found) == 1, events
    return found[0]


def _roles(event):
    out = {}
    for arg in event["arguments"]:
        out.setdefault(arg["role"], []).append(arg["text"])
    return out


def test_active_verb(run):
    events, _ = run("active")
    ev = _one(events, "business.acquisition")
    assert ev["modality"] == "asserted"
    assert _roles(ev) == {"buyer": ["Adobe"], "target": ["Figma"]}


def test_passive_agent_and_time(run):
    events, _ = run("passive")
    ev = _one(events, "business.acquisition")
    roles = _roles(ev)
    assert roles["buyer"] == ["Adobe"] and roles["target"] == ["Figma"]
    assert roles["time"] == ["samedi"]
    assert [a["value"] for a in ev["arguments"] if a["role"] == "time"] == ["2025-05-24"]


def test_control_negation_and_coordinated_targets(run):
    events, _ = run("control_negated_coordination")
    ev = _one(events, "business.acquisition")
    assert ev["modality"] == "negated"
    assert _roles(ev) == {"buyer": ["Musk"], "target": ["Twitter", "Tesla"]}


def test_selon_names_speaker_source_and_keeps_mwt_offsets(run):
    events, text = run("selon_source_mwt")
    statement = _one(events, "communication.statement")
    assert statement["trigger"]["text"] == "Selon"
    assert _roles(statement)["speaker"] == ["Downdetector"]
    assert "Downdetector" not in _roles(statement)["content"][0]
    outage = _one(events, "tech.outage")
    roles = _roles(outage)
    assert roles["source"] == ["Downdetector"]
    assert roles["service"][0].endswith("réseau X")  # "du réseau X" or "réseau X": the MWT token keeps its characters


def test_inserted_reporting_verb_takes_the_quote_and_its_inverted_subject(run):
    events, _ = run("inverted_reporting")
    statement = _one(events, "communication.statement")
    roles = _roles(statement)
    assert roles["speaker"] == ["le ministre"]  # labelled obj by the parse, after "», a déclaré"
    assert "Les résultats sont nets" in roles["content"][0]


def test_verbs_the_tagger_read_as_nouns_are_still_triggers(run):
    events, text = run("mistagged_verbs")
    stated = _one(events, "communication.statement")
    assert stated["trigger"]["text"] == "souligne"
    rejected = _one(events, "communication.rejection")
    assert rejected["trigger"]["text"] == "repousse"


def _statement_roles(events) -> list[dict]:
    """The roles of each statement, in text order."""
    statements = sorted((e for e in events if e["type"] == "communication.statement"), key=lambda e: e["trigger"]["start"])
    return [{a["role"]: a["text"] for a in e["arguments"]} for e in statements]


def test_parser_slips_coordinated_que_clause_and_glued_clitic_subject(run):
    events, text = run("parser_slips")
    announced, added = _statement_roles(events)
    assert announced["speaker"] == "Le groupe"
    assert announced["content"].startswith("que son PDG partira")
    assert announced["time"] == "mercredi"
    assert added["speaker"] == "il"  # the pronoun, without the euphonic "-t-"
    assert added["content"].strip("«» ") == "Nous resterons"


def test_name_slips_repaired_before_extraction(run):
    """ "Elon/ADP Musk/NOUN" with the apposition as subject (repairs.py), and an "avoir" participle
    whose subject the parser labelled passive: both speakers are found."""
    events, text = run("name_slips")
    announced, added = _statement_roles(events)
    assert announced["speaker"] == "Elon Musk"
    assert announced["content"].endswith("il partira")
    assert added["speaker"] == "Le groupe"
    assert added["content"] == "que le site fermera"


def test_noun_complement_hung_on_its_participle(run):
    """ "une panne généralisée de la messagerie": the "de" phrase the parser gave the participle is the service."""
    events, text = run("parser_slips")
    outage = _one(events, "tech.outage")
    assert {a["role"]: a["text"] for a in outage["arguments"]}.get("service") == "la messagerie"


def test_two_subjects_document_is_the_medium(run):
    """ "une lettre dans laquelle il s'excuse" parsed with two subjects: the letter is the medium, "il" speaks."""
    events, text = run("two_subjects")
    excuse = next(e for e in events if e["trigger"]["text"] == "excuse")
    roles = {a["role"]: a["text"] for a in excuse["arguments"]}
    assert roles.get("speaker") == "il" and roles.get("medium") == "Une lettre", roles


def test_lone_surname_of_a_named_person_is_a_person():
    """ "à Musk" would be typed a place by its case marker; the article names Elon Musk, so it is a person."""
    from eventx.extraction.names import find_mentions

    doc, _ = doc_from_conllu((PARSES / "surname.conllu").read_text(encoding="utf-8"))
    assert [(m.text, m.type) for m in find_mentions(doc)] == [("Elon Musk", "PER"), ("Musk", "PER")]


def test_dates_without_a_year_follow_the_tense(run):
    """A month after the document date, on an event told in the past, is last year's; a future form the
    tagger called an imperfect keeps its coming date."""
    events, _ = run("tense_slips")
    done, coming = sorted((e for e in events if e["type"] == "business.acquisition"), key=lambda e: e["trigger"]["start"])
    assert [(a["text"], a["value"]) for a in done["arguments"] if a["role"] == "time"] == [("septembre", "2024-09")]
    assert [(a["text"], a["value"]) for a in coming["arguments"] if a["role"] == "time"] == [("le 2 juillet", "2025-07-02")]
    assert coming["modality"] == "future"
