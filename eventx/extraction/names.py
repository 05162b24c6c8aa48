"""Named mentions from the parse: proper-noun phrases typed PER, ORG, LOC or MISC.

The types come from gazetteers and cue words in lexicons/entities/ (a title before a
name, an organisation noun in apposition, a case marker of place), not from code.
A Stanza NER model, when the models folder has one, takes precedence.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from eventx.extraction.lexicon import strip_accents
from eventx.extraction.model import Mention
from eventx.nlp.document import Doc, Word

ENTITY_DIR = Path(__file__).resolve().parent.parent / "lexicons" / "entities"
NAME_RELS = {"flat", "flat:name", "flat:foreign"}


@lru_cache(maxsize=1)
def entity_lexicon() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for path in sorted(ENTITY_DIR.glob("*.yaml")):
        for key, words in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if key != "description":
                out[key] = frozenset(w.lower() for w in words)
    return out


def _is_name_word(w: Word) -> bool:
    return w.upos == "PROPN" or (w.upos in ("NOUN", "X") and w.text[:1].isupper() and w.start > 0 and w.deprel in NAME_RELS)


def find_mentions(doc: Doc, ner_spans: list[tuple[int, int, str]] | None = None) -> list[Mention]:
    """One mention per proper-noun head with its flat/name dependents, typed by cues."""
    lex = entity_lexicon()
    mentions: list[Mention] = []
    covered: set[int] = set()
    for w in doc.words:
        if not _is_name_word(w) or w.deprel in NAME_RELS and doc.head(w) and _is_name_word(doc.head(w)) or w.index in covered:
            continue
        parts = [w] + [c for c in doc.children(w) if c.deprel in NAME_RELS or (c.upos == "PROPN" and c.deprel in ("compound", "nmod") and abs(c.index - w.index) <= 2 and not doc.case_marker(c))]
        parts += [c for c in doc.children(w) if c.upos == "NUM" and c.index == w.index + 1]  # "Falcon 9", "Ariane 6"
        parts.sort(key=lambda x: x.index)
        # keep a contiguous run around the head
        run = [w]
        for p in parts:
            if p.index == run[-1].index + 1 or (p.index > run[-1].index and all(doc.words[i].text in ("-", "'", "’", "&", ".") for i in range(run[-1].index + 1, p.index))):
                run.append(p)
        left = [p for p in parts if p.index < w.index]
        for p in reversed(left):
            if p.index == run[0].index - 1:
                run.insert(0, p)
        run = _with_particle_surname(doc, run, lex)
        covered.update(x.index for x in run)
        start, end = run[0].start, run[-1].end
        text = doc.text[start:end]
        mentions.append(Mention(start, end, text, _type_of(doc, w, run, text, lex), w.index))
    _surnames_are_people(mentions)
    mentions += _names_seen_elsewhere(doc, mentions)
    mentions += _known_names_read_as_nouns(doc, mentions, lex)
    if ner_spans:
        mentions = _merge_ner(doc, mentions, ner_spans)
    return mentions


def _known_names_read_as_nouns(doc: Doc, mentions: list[Mention], lex) -> list[Mention]:
    """ "Selon Les Echos": a capitalised common noun that, with its article, is a known organisation
    (lexicons/entities/names.yaml, accents ignored) is that organisation."""
    known = _plain_organizations()
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for w in doc.words:
        if w.upos not in ("NOUN", "X", "ADJ") or not w.text[:1].isupper() or any(s <= w.start < e for s, e in taken):
            continue
        article = doc.words[w.index - 1] if w.index > 0 and doc.words[w.index - 1].sent == w.sent else None
        with_article = article is not None and article.upos == "DET" and article.text[:1].isupper()
        phrase = f"{article.text} {w.text}" if with_article else w.text
        if strip_accents(phrase.lower().replace("’", "'")) in known:
            start = article.start if with_article else w.start
            out.append(Mention(start, w.end, doc.text[start:w.end], "ORG", w.index))
    return out


@lru_cache(maxsize=1)
def _plain_organizations() -> frozenset[str]:
    return frozenset(strip_accents(name) for name in entity_lexicon()["organizations"])


def _with_particle_surname(doc: Doc, run: list[Word], lex) -> list[Word]:
    """ "Luca de Meo", "Charles de Gaulle": a first name, a particle and a capitalised word are one name."""
    if run[0].lower not in lex["first_names"] or run[-1].index + 2 >= len(doc.words):
        return run
    particle, surname = doc.words[run[-1].index + 1], doc.words[run[-1].index + 2]
    if (particle.lower in lex["name_particles"] and surname.text[:1].isupper() and surname.sent == run[0].sent
            and surname.upos in ("PROPN", "NOUN", "X")):
        return run + [particle, surname]
    return run


def _surnames_are_people(mentions: list[Mention]) -> None:
    """ "a coûté à Musk": a lone name the cues typed as a place or an organisation is a person when the
    article names that person in full ("Elon Musk")."""
    surnames = {m.text.split()[-1] for m in mentions if m.type == "PER" and len(m.text.split()) > 1}
    for m in mentions:
        if m.type != "PER" and " " not in m.text and m.text in surnames:
            m.type = "PER"


def _names_seen_elsewhere(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Musk, dans une interview, a déclaré": a capitalised word the tagger read as a common noun is a name
    when the article names someone or something so elsewhere ("Elon Musk", "M. Musk")."""
    known: dict[str, str] = {}
    for m in mentions:
        if m.type in ("PER", "ORG"):
            known.setdefault(m.text, m.type)
            known.setdefault(m.text.split()[-1], m.type)
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for w in doc.words:
        if (w.upos in ("NOUN", "X", "ADJ") and w.text[:1].isupper() and w.text in known
                and not any(s <= w.start < e for s, e in taken)):
            out.append(Mention(w.start, w.end, w.text, known[w.text], w.index))
    return out


def _type_of(doc: Doc, head: Word, run: list[Word], text: str, lex) -> str:
    lower = text.lower()
    if head.index in doc.datelines:
        return "LOC"
    if lower in lex["organizations"]:
        return "ORG"
    if lower in lex["places"]:
        return "LOC"
    first = run[0].lower
    if first in lex["first_names"] and len(run) >= 2:
        return "PER"
    # a cue word governing or preceding the name: "le président Macron", "la société Figma", "la ville de Lyon"
    gov = doc.head(head)
    prev = doc.words[run[0].index - 1] if run[0].index > 0 and doc.words[run[0].index - 1].sent == head.sent else None
    for cue in (gov, prev):
        if cue is None:
            continue
        if cue.lem in lex["person_titles"] or cue.lem in lex["person_heads"]:
            return "PER"
        if cue.lem in lex["org_heads"]:
            return "ORG"
        if cue.lem in lex["loc_heads"]:
            return "LOC"
    if run[-1].lower.strip(".") in lex["org_suffixes"]:
        return "ORG"
    if any(w.lower in lex["places"] for w in run):
        return "LOC"
    marker = doc.case_marker(head)
    if marker in ("à", "en", "dans", "près de", "au large de", "vers") and head.rel in ("obl", "nmod"):
        return "LOC"
    if len(run) >= 2 and run[0].lower.endswith(("s", "x")) and len(run[0].text) > 3:
        return "ORG"  # a plural common noun opens a trade name ("Caravanes Delorme", "Transports Breizh"); first names are listed
    if len(run) >= 2 and all(w.text[:1].isupper() for w in run) and not text.isupper():
        return "PER"
    if text.isupper() and len(text) <= 6:
        return "ORG"
    return "ORG"  # in news, an unknown single name is most often an organisation or a brand


def _merge_ner(doc: Doc, mentions: list[Mention], ner_spans) -> list[Mention]:
    """Spans from a Stanza NER model replace the parse-based guesses where they overlap."""
    out = [m for m in mentions if not any(s < m.end and m.start < e for s, e, _ in ner_spans)]
    for s, e, label in ner_spans:
        heads = [w for w in doc.words if w.start >= s and w.end <= e]
        if not heads:
            continue
        head = next((w for w in heads if w.head is None or not (s <= doc.words[w.head].start < e)), heads[0])
        out.append(Mention(s, e, doc.text[s:e], label if label in ("PER", "ORG", "LOC") else "MISC", head.index))
    out.sort(key=lambda m: m.start)
    return out
