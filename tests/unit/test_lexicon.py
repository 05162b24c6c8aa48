"""The trigger lexicons load, cover the ontology, and fail loudly when malformed."""
import re
from pathlib import Path

import pytest

from eventx.extraction.lexicon import LexiconError, load_lexicon

ONTOLOGY = Path(__file__).resolve().parents[2].parent / "shared" / "ontology.md"
TYPES = {
    "business.acquisition", "business.merger", "business.investment", "business.purchase", "business.layoff",
    "business.hiring", "business.bankruptcy", "business.product_launch", "business.financial_result",
    "tech.outage", "tech.cyberattack", "aerospace.launch", "disaster.accident", "personnel.start_position",
    "personnel.end_position", "communication.statement", "communication.rejection", "communication.accusation",
    "life.death", "life.injury", "conflict.attack", "politics.election", "justice.legal_action",
}


def test_every_ontology_type_has_a_lexicon():
    assert set(load_lexicon().types) == TYPES


def test_lexicon_roles_match_the_ontology():
    if not ONTOLOGY.exists():
        pytest.skip("../shared/ontology.md not present")
    table = {}
    for line in ONTOLOGY.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `([a-z_]+\.[a-z_]+)` \| [^|]+ \| ([^|]+) \|", line)
        if m:
            table[m.group(1)] = {r.strip() for r in m.group(2).split(",")}
    lex = load_lexicon()
    for name, roles in table.items():
        assert roles <= set(lex.types[name].roles), name


def test_every_frame_role_is_declared():
    for lex in load_lexicon().types.values():
        for pos, frame in lex.frames.items():
            assert set(frame) <= set(lex.roles), (lex.name, pos)
        for entry in lex.entries:
            for frame in entry.frame.values():
                assert set(frame) <= set(lex.roles), entry.source


def test_every_entry_has_an_example():
    missing = [e.source for lex in load_lexicon().types.values() for e in lex.entries if not e.example]
    assert not missing


def _write_lexicon(tmp_path, trigger_yaml):
    real = Path(__file__).resolve().parents[2] / "eventx" / "lexicons"
    (tmp_path / "triggers").mkdir()
    (tmp_path / "classes").mkdir()
    for name in ("cues.yaml", "inflections.yaml"):
        (tmp_path / name).write_text((real / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "classes" / "c.yaml").write_text("organization: [entreprise]\n", encoding="utf-8")
    (tmp_path / "triggers" / "t.yaml").write_text(trigger_yaml, encoding="utf-8")
    return str(tmp_path)


@pytest.mark.parametrize("body, message", [
    ("type: x\ntriggers:\n  - pos: VERB\n", "needs 'lemma'"),
    ("type: x\ntriggers:\n  - lemma: a\n    pos: VRB\n", "unknown part of speech"),
    ("type: x\nroles: [buyer]\nframes:\n  VERB: {buyer: [subjekt]}\ntriggers:\n  - lemma: a\n", "unknown path"),
    ("type: x\nroles: [buyer]\ntriggers:\n  - lemma: a\n    requires: {seller: [ORG]}\n", "unknown role"),
    ("type: x\nroles: [buyer]\ntriggers:\n  - lemma: a\n    requires: {buyer: [nowhere]}\n", "unknown class"),
    ("type: x\ntriggers: [\n", "not valid YAML"),
    ("type: x\ntriggers:\n  - lemma: a\n    with_haed: [an]\n", "unknown key"),
])
def test_malformed_entries_fail_loudly(tmp_path, body, message):
    load_lexicon.cache_clear()
    with pytest.raises(LexiconError, match=message):
        load_lexicon(_write_lexicon(tmp_path, body))
    load_lexicon.cache_clear()
