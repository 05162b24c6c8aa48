"""Stage 1: trigger candidates from the lexicons (lemma, part of speech, multi-word conditions)."""
from __future__ import annotations

from eventx.extraction.classes import matches
from eventx.extraction.lexicon import Lexicon, TriggerEntry
from eventx.extraction.model import Event
from eventx.extraction.paths import describes_its_object
from eventx.nlp.document import Doc, Word

POS_ALIASES = {"AUX": "VERB", "PROPN": "NOUN"}


def pos_fits(word: Word, entry: TriggerEntry) -> bool:
    pos = POS_ALIASES.get(word.upos, word.upos)
    if pos in entry.pos:
        return True
    # participles and adjectives are tagged inconsistently: "blessés", "morts", "élu"
    if pos == "ADJ" and word.feats.get("VerbForm") == "Part" and "VERB" in entry.pos:
        return True
    if pos in ("ADJ", "VERB") and "NOUN" in entry.pos and word.feats.get("VerbForm") == "Part" and word.rel in ("nsubj", "obj", "obl", "nmod", "conj"):
        return True
    if entry.pos == ("ADP",) or "ADP" in entry.pos:
        return word.rel in ("case", "fixed") or pos in entry.pos
    return False


def with_words(doc: Doc, word: Word, entry: TriggerEntry, lexicon: Lexicon, ctx) -> set[int] | None:
    """Words of a multi-word trigger ("déposer le bilan"), or None when a condition fails."""
    covered = {word.index}
    for rel, wanted in entry.with_.items():
        hits = [counted_by(doc, c) for c in doc.children(word) if _related(doc, c, rel)]
        hits = [c for c in hits if matches(doc, c, wanted, lexicon, *ctx)]
        if not hits and rel == "obj" and describes_its_object(word):  # "les fonds levés"
            head = doc.words[word.head]
            hits = [head] if matches(doc, head, wanted, lexicon, *ctx) else []
        if not hits:
            return None
        covered.add(hits[0].index)
    if entry.without_head and word.head is not None and doc.words[word.head].lem in entry.without_head:
        return None
    if entry.with_head and (word.head is None or not matches(doc, doc.words[word.head], entry.with_head, lexicon, *ctx)):
        return None
    if entry.number and word.feats.get("Number", entry.number) != entry.number:
        return None
    # "féliciter X", not "se féliciter"; "faire appel", not "faire appel à un cabinet" (on the expression's words too)
    for rel, unwanted in entry.without.items():
        if any(_related(doc, c, rel) and ("*" in unwanted or matches(doc, c, unwanted, lexicon, *ctx))
               for i in covered for c in doc.children(doc.words[i])):
            return None
    return covered


def counted_by(doc: Doc, word: Word) -> Word:
    """What a numeral counts out of ("a remporté 54 des 102 sièges": the seats), else the word itself."""
    if word.upos == "NUM":
        return next((c for c in doc.children(word, "nmod") if doc.case_marker(c) == "de"), word)
    return word


def _related(doc: Doc, child: Word, rel: str) -> bool:
    """`rel` is "any", a relation ("obj", "obl:mod") or a relation with its preposition ("obl@à")."""
    rel, _, marker = rel.partition("@")
    if rel != "any" and child.rel != rel and child.deprel != rel:
        return False
    return not marker or doc.case_marker(child) == marker


def lemma_keys(word: Word, lexicon: Lexicon) -> list[str]:
    keys = [word.lem, word.lower]
    if word.lem == word.lower or word.lem not in lexicon.by_lemma:
        keys.extend(lexicon.guess_lemmas(word.lower, word.upos))
        for key in list(keys):
            keys.extend(lexicon.unaccented(key))
            keys.extend(g for plain in lexicon.unaccented(key) for g in lexicon.guess_lemmas(plain, word.upos))
    if word.upos in ("NOUN", "ADJ", "PROPN"):  # for a verb the tagger missed ("le repousse")
        keys.extend(lexicon.guess_lemmas(word.lower, "VERB"))
    if word.lem.endswith("s") and word.upos == "NOUN":
        keys.append(word.lem[:-1])
    if word.upos in ("NOUN", "ADJ") and word.lower.endswith(("ée", "és", "ées")):
        keys.append(word.lower[:word.lower.rindex("é") + 1])  # "63 autres blessées" lemmatised "blesser"
    if word.lem.startswith("d'") or word.lem.startswith("d’"):
        keys.append(word.lem)
    return list(dict.fromkeys(keys))


def find_candidates(doc: Doc, lexicon: Lexicon, ctx, types: set[str] | None = None) -> list[tuple[Event, TriggerEntry]]:
    out = []
    in_fixed = _fixed_expression_words(doc, lexicon)
    for word in doc.words:
        if _capitalised_name(doc, word) or word.index in in_fixed:
            continue
        seen: set[str] = set()
        keys = lemma_keys(word, lexicon)
        if word.rel in ("case", "fixed") and word.head is not None:
            keys.append(_compound_marker(doc, word))
        for key in keys:
            for entry in lexicon.by_lemma.get(key, ()):
                if entry.event_type in seen or (types and entry.event_type not in types):
                    continue
                as_verb = False
                if not pos_fits(word, entry) and not ("NOUN" in entry.pos and _noun_after_ordinal(doc, word)):
                    if not ("VERB" in entry.pos and _mistagged_verb(doc, word)):
                        continue
                    as_verb = True
                covered = with_words(doc, word, entry, lexicon, ctx)
                if covered is None:
                    continue
                seen.add(entry.event_type)
                words = sorted((doc.words[i] for i in covered), key=lambda w: w.index)
                start, end = word.start, word.end
                if len(words) > 1 and words[-1].index - words[0].index <= 6:  # "faisant au moins un mort"
                    start, end = words[0].start, words[-1].end
                event = Event(entry.event_type, word, start, end, entry.source, entry.confidence, covered)
                if as_verb:
                    event.pos = "VERB"
                out.append((event, entry))
    return _drop_covered(out)


CLITICS_BEFORE_VERB = {"il", "elle", "on", "ils", "elles", "je", "tu", "nous", "vous", "le", "la", "les", "l'", "l’",
                       "lui", "leur", "se", "s'", "s’", "me", "m'", "m’", "te", "t'", "t’", "y", "en", "ne", "n'", "n’"}
INSERTION_OPENERS = {",", "»", "”", '"'}


def _mistagged_verb(doc: Doc, word: Word) -> bool:
    """A finite verb the tagger read as a noun or adjective, told by what only a verb has around it:
    a clitic right before it ("Sam Altman le repousse", "l'accusé les lit") or, after a quote or a
    comma, an inverted subject right after it ("», précise le groupe")."""
    if word.upos not in ("NOUN", "ADJ", "PROPN") or word.index == 0:
        return False
    if word.lower.endswith(("é", "ée", "és", "ées", "i", "ie", "ies", "u", "ue", "ues")):
        return False  # "l'accusé", "les blessés", "le parti": participles are nouns too
    prev = doc.words[word.index - 1]
    if prev.sent != word.sent:
        return False
    if prev.lower in CLITICS_BEFORE_VERB and prev.upos in ("PRON", "DET", "ADV"):
        return prev.lower not in ("le", "la", "les", "l'", "l’") or prev.upos == "PRON" or _no_noun_after(doc, word)
    nxt = doc.words[word.index + 1] if word.index + 1 < len(doc.words) else None
    if nxt is None or nxt.sent != word.sent:
        return False
    if prev.text in INSERTION_OPENERS:
        return nxt.upos in ("PROPN", "DET") or nxt.text.startswith("-")
    if prev.upos == "CCONJ" and word.lem != word.lower and word.lem.endswith(("er", "ir", "re")):
        # "dualise sa gouvernance et nomme Gilles Cojan": a verb form, lemmatised as a verb, coordinated
        # with no article of its own and an object right after it
        return nxt.upos in ("PROPN", "DET") and not doc.children(word, "det")
    return False


def _noun_after_ordinal(doc: Doc, word: Word) -> bool:
    """ "la sixième panne majeure": the parser took the ordinal for the noun and the noun for its adjective."""
    head = doc.head(word)
    return (word.upos == "ADJ" and word.rel == "amod" and head is not None and head.index == word.index - 1
            and (head.feats.get("NumType") == "Ord" or head.lower.endswith("ième") or head.lem in ("premier", "dernier")))


def _no_noun_after(doc: Doc, word: Word) -> bool:
    """"le repousse sèchement": after an article-looking "le", nothing nominal follows, so "le" is a pronoun."""
    nxt = doc.words[word.index + 1] if word.index + 1 < len(doc.words) else None
    return nxt is None or nxt.sent != word.sent or nxt.upos in ("ADV", "PUNCT", "ADP", "DET", "PROPN")


def _fixed_expression_words(doc: Doc, lexicon: Lexicon) -> set[int]:
    """Words inside an expression of cues.yaml `fixed_expressions`, matched on the surface text."""
    expressions = lexicon.cue_set("fixed_expressions")
    if not expressions:
        return set()
    # counted in tokens, as matched below: "à l'issue de" is four ("à", "l'", "issue", "de")
    longest = max(len(e.replace("'", "' ").replace("’", "’ ").split()) for e in expressions)
    out: set[int] = set()
    for sentence in doc.sentences:
        words = [doc.words[i] for i in sentence.words]
        # contracted words ("au" -> "à le") share a token: match on tokens, as written
        tokens: list[list] = []
        for w in words:
            if tokens and tokens[-1][0].token == w.token:
                tokens[-1].append(w)
            else:
                tokens.append([w])
        surface = [doc.text[t[0].start:t[-1].end].lower() for t in tokens]
        for i in range(len(tokens)):
            for n in range(2, longest + 1):
                phrase = " ".join(surface[i:i + n]).replace("' ", "'").replace("’ ", "’")
                if phrase in expressions:
                    out.update(w.index for t in tokens[i:i + n] for w in t)
    return out


def _capitalised_name(doc: Doc, word: Word) -> bool:
    """"le Raid", "la Coupe": a capitalised proper noun inside a sentence names something, it reports no event."""
    first = doc.sentences[word.sent].words[0] == word.index
    return word.upos == "PROPN" and word.text[:1].isupper() and not word.text.isupper() and not first


def _compound_marker(doc: Doc, word: Word) -> str:
    """"d'après" is two words: "d'" with "après" fixed to it, or two case markers of the same noun."""
    parts = [word.lower] + [c.lower for c in doc.children(word, "fixed")]
    if len(parts) == 1 and word.lower.endswith(("'", "’")) and word.index + 1 < len(doc.words):
        nxt = doc.words[word.index + 1]
        if nxt.rel == "case" and nxt.head == word.head:
            parts.append(nxt.lower)
    return "".join(parts) if parts[0].endswith(("'", "’")) else " ".join(parts)


def _drop_covered(cands):
    """A word already inside a multi-word trigger of the same type is not a trigger again."""
    covered = {(ev.type, i) for ev, _ in cands if len(ev.covered) > 1 for i in ev.covered if i != ev.trigger.index}
    return [(ev, e) for ev, e in cands if (ev.type, ev.trigger.index) not in covered]
