"""Stage 0: mend parser slips that every later stage would otherwise inherit.

A compact tagger often misreads a person's name it has never seen ("Elon" as a preposition,
"Musk" as a common noun), and the parser then builds the sentence around the slip: the name
becomes an oblique and its apposition ("PDG de Tesla") the subject. The repairs are few, keyed
to grammar and to the first-name list in lexicons/entities/names.yaml, and they only touch a
parse where it is certainly wrong.
"""
from __future__ import annotations

import re

from eventx.extraction.lexicon import Lexicon
from eventx.extraction.names import entity_lexicon
from eventx.extraction.paths import after_quote, calendar_words, verb_group_start
from eventx.nlp.document import Doc, Word

TEASER = re.compile(r"(?:À |A )?lire aussi ?: ?", re.IGNORECASE)
NAME_REL = "flat:name"
NAME_REL_SET = {"flat:name", "flat"}
# adverbs that open a compound preposition with "de" or "à" ("auprès du fonds", "lors de l'élection", "face à")
ADVERBIAL_PREPOSITIONS = {"auprès", "près", "lors", "autour", "loin", "hors", "face"}


def repair(doc: Doc, lexicon: Lexicon | None = None) -> None:
    lex = entity_lexicon()
    if lexicon is not None:
        for sentence in doc.sentences:
            _fronted_participle_read_as_name(doc, doc.words[sentence.words[0]], lexicon)
        for word in doc.words:
            if word.upos in ("NOUN", "PROPN") and word.index >= 2:
                _reporting_verb_read_as_noun(doc, word, lexicon)
        for sentence in doc.sentences:
            _verb_of_a_verbless_sentence(doc, sentence, lexicon)
        for word in doc.words:
            if word.upos in ("NOUN", "ADJ") and word.rel == "conj":
                _coordinated_verb_read_as_noun(doc, word, lexicon)
        for word in doc.words:
            if word.upos == "VERB" and _reporting_lemma(word, lexicon):
                _inverted_speaker_hung_elsewhere(doc, word)
    for word in doc.words[:-1]:
        nxt = doc.words[word.index + 1]
        if word.lower in ("d'", "d’") and nxt.lower == "après" and nxt.rel == "case" and word.head != nxt.head:
            _attach(doc, word, doc.head(nxt), "case")  # "D'après une source": "d'" stray on the verb
    for word in doc.words:
        if word.lower in lex["first_names"] and word.text[:1].isupper():
            _first_name_pair(doc, word)
    for word in doc.words:
        if word.rel == "nsubj":
            _apposition_taken_for_subject(doc, word)
    for word in doc.words:
        if word.upos == "ADV" and word.lower in ADVERBIAL_PREPOSITIONS:
            _adverb_as_preposition(doc, word)
    for word in doc.words:
        if word.rel == "acl" and word.upos in ("VERB", "AUX", "ADJ", "NOUN"):
            _condition_taken_for_relative(doc, word)
    for word in doc.words:
        if word.upos == "VERB" and word.rel in ("ccomp", "root", "advcl", "conj"):
            _relative_que_taken_for_conjunction(doc, word)
    if lexicon is not None:
        for word in doc.words:
            if word.deprel == "appos" and word.upos == "PROPN":
                _apposition_of_the_nearer_person(doc, word, lexicon)
    for word in doc.words:
        if word.upos == "VERB" and word.rel in ("ccomp", "advcl", "conj", "parataxis"):
            _relative_que_with_its_subject(doc, word)
    for word in doc.words:
        if word.rel in ("conj", "parataxis", "advcl"):
            _relative_qui_taken_for_coordination(doc, word)
    for word in doc.words:
        if word.upos == "VERB":
            _object_swallowed_by_date(doc, word)
    for word in doc.words:
        if word.upos == "NOUN":
            _year_taken_for_count(doc, word)
    for word in doc.words:
        if word.upos == "NUM" and word.rel == "obj":
            _partitive_hung_on_the_verb(doc, word)
    for word in doc.words:
        if word.rel in ("amod", "nmod") and word.lem in calendar_words():
            _date_hung_on_a_noun(doc, word)
    for word in doc.words:
        if word.rel == "nmod" and word.upos in ("NOUN", "PROPN"):
            _place_hung_on_a_date(doc, word)
    if lexicon is not None:
        for word in doc.words:
            if word.upos == "ADJ" and word.rel == "amod" and lexicon.lemma_in(word, lexicon.cue_set("verdict_adjectives")):
                _verdict_taken_for_an_adjective(doc, word)
    doc.datelines = {}
    for sentence in doc.sentences:
        _dateline(doc, sentence, lex)
    if lexicon is not None:
        for word in doc.words:
            if word.upos == "VERB":
                _two_subjects(doc, word, lexicon)
                if _reporting_lemma(word, lexicon):
                    _setting_hung_on_the_speaker(doc, word)  # once names are mended ("Elon/ADP Musk")


def _dateline(doc: Doc, sentence, lex) -> None:
    """ "Perpignan, Louis Aliot a revendiqué la victoire.": a one-word place name opening a paragraph,
    set off by a comma before a clause, is where the paragraph happens (a dateline, "PARIS, 12 mars -").
    An apposition ("Renault, le constructeur, a annoncé") closes with a second comma before the verb."""
    words = [doc.words[i] for i in sentence.words]
    if len(words) < 2 or sentence.root is None:
        return
    teaser = TEASER.match(doc.text, words[0].start)
    if teaser is not None:  # "Lire aussi : Isère : l'exploitant d'une usine condamné"
        words = [w for w in words if w.start >= teaser.end()]
        if len(words) < 3:
            return
    place, comma = words[0], words[1]
    line = doc.text[doc.text.rfind("\n", 0, place.start) + 1:place.start]
    if comma.text == ":" and place.lower in lex["places"] and place.text[:1].isupper() and (
            not line.strip() or TEASER.fullmatch(line)):
        _place_to_the_end_of_its_line(doc, place)  # "Isère : ..." a headline's place, for that headline
        root = doc.words[sentence.root]
        if place.rel in ("nsubj", "obl"):
            # the parser hung the headline's subject on the place: "Vannes : le directeur du port démissionne"
            subject = next((c for c in doc.children(place) if c.index > comma.index and c.rel in ("nmod", "appos", "conj")
                            and c.upos in ("NOUN", "PROPN") and not doc.case_marker(c)), None)
            place.deprel = "obl:mod"
            if subject is not None and not any(c.rel == "nsubj" for c in doc.children(root)):
                _attach(doc, subject, root, "nsubj")
        return
    if (place.upos != "PROPN" or comma.text != "," or not place.text[:1].isupper()
            or doc.text[:place.start].rstrip(" \t")[-1:] not in ("", "\n") or place.lower in lex["organizations"]):
        return
    if len(words) == 2 or sentence.root == place.index:
        # the sentence splitter cut the clause off ("Poitiers, l'écologiste | Léonore M. a revendiqué")
        if sentence.index + 1 >= len(doc.sentences) or "\n" in doc.text[comma.end:doc.sentences[sentence.index + 1].start]:
            return
    else:
        root = doc.words[sentence.root]
        if root.index <= comma.index or any(w.text in (",", ":", ";") for w in words[2:root.index - words[0].index]):
            return
    _place_to_the_end_of_its_line(doc, place)
    if place.rel == "nsubj":  # the parser took it for the subject: the real one is coordinated, apposed or beside it
        def opens_after_comma(c: Word) -> bool:
            return min(w.index for w in doc.subtree(c) if w.upos != "PUNCT") == comma.index + 1
        root = doc.words[sentence.root]
        subject = next((c for c in doc.children(place, "conj", "appos") if opens_after_comma(c)), None)
        if subject is not None:
            _attach(doc, subject, root, "nsubj")
        if subject is not None or any(c.rel == "nsubj" and c is not place and opens_after_comma(c)
                                      for c in doc.children(root)):
            place.deprel = "obl:mod"


def _place_to_the_end_of_its_line(doc: Doc, place: Word) -> None:
    """A dateline places the events told up to the end of its line (its paragraph, or its headline)."""
    end = doc.text.find("\n", place.end)
    doc.datelines[place.index] = len(doc.text) if end < 0 else end


def _reporting_verb_read_as_noun(doc: Doc, word: Word, lexicon: Lexicon) -> None:
    """ "« ... », affirme Karim B., délégué CGT": after a closing quote and a comma, a form of a reporting
    verb that the tagger read as a noun (the name after it hung on it) is that verb, the name its subject."""
    if not after_quote(doc, word) or doc.words[word.index - 1].sent != word.sent:
        return
    lemma = _reporting_lemma(word, lexicon)
    if lemma is None:
        return
    _retag_as_verb(word, lemma, VerbForm="Fin")
    name = next((c for c in doc.children(word) if c.index == word.index + 1 and c.upos in ("PROPN", "NOUN", "DET")
                 or c.index > word.index and c.upos in ("PROPN", "NOUN") and c.deprel in NAME_REL_SET | {"appos", "nmod"}), None)
    if name is not None:
        name.deprel = "nsubj"
    root = doc.sentence_of(word).root
    if root is not None and root != word.index and not doc.governs(word, doc.words[root]):
        _attach(doc, word, doc.words[root], "parataxis:insert")  # out of the quote it was hung inside


def _inverted_speaker_hung_elsewhere(doc: Doc, verb: Word) -> None:
    """ "« ... », a réagi à la sortie de l'audience sa veuve", "..., a indiqué à l'AFP une source hospitalière",
    "« ... », s'est félicité Hervé V.": after a quote or a comma, the parser hung the speaker that follows the
    reporting verb on the oblique before it (a noun modifier with no preposition) or took it for a predicate
    of the pronominal verb; it is the verb's subject."""
    first = verb_group_start(doc, verb)
    inserted = first.index > 0 and doc.words[first.index - 1].text == "," and doc.words[first.index - 1].sent == verb.sent
    if not (after_quote(doc, verb) or inserted) or any(c.rel == "nsubj" and c.index > verb.index for c in doc.children(verb)):
        return
    def bare_noun(w: Word) -> bool:
        return w.upos in ("NOUN", "PROPN") and not doc.case_marker(w) and w.lem not in calendar_words()
    speaker = next((c for c in doc.children(verb, "xcomp") if c.index > verb.index and bare_noun(c)), None)
    if speaker is None:
        hung = [w for obl in doc.children(verb, "obl") if obl.index > verb.index
                for w in doc.subtree(obl) if w.rel == "nmod" and w.index > obl.index and bare_noun(w)]
        speaker = hung[0] if hung else None
    if speaker is not None:
        _attach(doc, speaker, verb, "nsubj")


PRESENT_ENDINGS = ("e", "t", "d")


def _verb_of_a_verbless_sentence(doc: Doc, sentence, lexicon: Lexicon) -> None:
    """ "L'opposition réclame, elle, la démission de l'élu", "Son président, X, promet de ...": the tagger read the
    only verb as an adjective or a noun, and the parser built a sentence without one around the subject. A
    present-tense form of a trigger verb right after the subject phrase is the verb: it becomes the root, the
    subject its subject, what follows its object or complement."""
    if sentence.root is None:
        return
    root = doc.words[sentence.root]
    if root.upos not in ("NOUN", "PROPN") or any(doc.words[i].upos in ("VERB", "AUX") and doc.words[i].rel in ("root", "conj", "parataxis")
                                                   for i in sentence.words):
        return
    for i in sentence.words:
        word = doc.words[i]
        if word.index <= root.index or word.upos not in ("NOUN", "ADJ") or word.head is None:
            continue
        if word.rel not in ("amod", "conj", "appos", "nmod") or doc.children(word, "det", "case") \
                or doc.words[word.index - 1].text in ("de", "d'", "d’"):
            continue
        lemma = _trigger_verb_lemma(word, lexicon)
        if lemma is None:
            continue
        _retag_as_verb(word, lemma, VerbForm="Fin", Mood="Ind", Tense="Pres")
        after = [c for c in doc.children(root) if c.index > word.index and c.rel in ("conj", "appos", "nmod") and c is not word]
        _attach(doc, word, None, "root")
        _attach(doc, root, word, "nsubj")
        for c in after:
            if c.upos in ("NOUN", "PROPN") and not doc.case_marker(c):
                _attach(doc, c, word, "obj")
        for c in doc.children(word, "acl"):
            if any(m.rel == "mark" for m in doc.children(c)):
                c.deprel = "xcomp"  # "promet de « rendre ... »"
        return


# where or how something is said, never part of who says it: "a écrit Elon Musk sur X", "a lancé X devant ses partisans"
SETTING_CASES = {"sur", "dans", "devant", "via", "lors de", "pendant", "au cours de", "en marge de", "à l'issue de", "à la sortie de"}


def _setting_hung_on_the_speaker(doc: Doc, verb: Word) -> None:
    """The parser hung the medium or setting after an inverted speaker on the speaker's phrase; it is the verb's."""
    for speaker in doc.children(verb):
        if speaker.index < verb.index or speaker.rel not in ("nsubj", "obj", "obl") or doc.case_marker(speaker) \
                or speaker.upos not in ("NOUN", "PROPN"):
            continue
        for w in doc.subtree(speaker):
            if w.rel == "nmod" and w.index > speaker.index and doc.case_marker(w) in SETTING_CASES:
                _attach(doc, w, verb, "obl")
                return


def _trigger_verb_lemma(word: Word, lexicon: Lexicon) -> str | None:
    """The trigger verb a present-tense form read as a noun or adjective may be ("réclame", "promet")."""
    if not word.lower.endswith(PRESENT_ENDINGS) or word.lower.endswith("ant") or _person_word(word, lexicon):
        return None
    return next((g for g in [word.lem] + lexicon.guess_lemmas(word.lower, "VERB")
                 if any("VERB" in e.pos for e in lexicon.by_lemma.get(g, ()))), None)


def _person_word(word: Word, lexicon: Lexicon) -> bool:
    """"le président", "le maire sortant": a person, no verb."""
    return lexicon.in_class(word.lem, "position") or lexicon.in_class(word.lem, "person_noun")


def _coordinated_verb_read_as_noun(doc: Doc, word: Word, lexicon: Lexicon) -> None:
    """ "La CFDT accuse X d'avoir attendu et réclame des indemnités": a present form of a trigger verb after "et",
    with no article, coordinated with a verb, is a verb of the main clause; its "des" phrase is its object."""
    gov = doc.head(word)
    before = doc.words[word.index - 1]
    if gov is None or gov.upos != "VERB" or before.lower != "et" or doc.children(word, "det", "case"):
        return
    lemma = _trigger_verb_lemma(word, lexicon)
    if lemma is None:
        return
    main = gov
    while main.rel in ("advcl", "xcomp", "ccomp") and main.feats.get("VerbForm") == "Inf" and doc.head(main) is not None:
        main = doc.head(main)  # "accuse X d'avoir attendu et réclame": coordinated with "accuse", not "attendu"
    _retag_as_verb(word, lemma, VerbForm="Fin", Mood="Ind", Tense="Pres")
    if main is not gov:
        _attach(doc, word, main, "conj")
    for c in doc.children(word, "nmod"):
        det = [d for d in doc.children(c, "det")]
        if doc.case_marker(c) == "de" and c.index > word.index and det and det[0].lem == "le" and det[0].feats.get("Number") == "Plur":
            for m in doc.children(c, "case"):
                m.deprel = "det"  # "des indemnités": the plural article, split by the tokenizer
            _attach(doc, c, word, "obj")
            break


def _reporting_lemma(word: Word, lexicon: Lexicon) -> str | None:
    """The reporting verb a word is a form of, whatever the tagger made of it ("réjoui" lemmatised "réjouire")."""
    reporting = lexicon.verb_lemmas("communication.statement")
    return next((g for g in [word.lem] + lexicon.guess_lemmas(word.lower, "VERB", reporting) if g in reporting), None)


def _first_name_pair(doc: Doc, first: Word) -> None:
    """ "Elon/ADP Musk/NOUN": a known first name followed by a capitalised word is one name."""
    if first.index + 1 >= len(doc.words):
        return
    last = doc.words[first.index + 1]
    if last.sent != first.sent or not last.text[:1].isupper() or not last.text[:1].isalpha():
        return
    if last.head == first.index or first.head == last.index:
        misread = first.upos in ("VERB", "AUX")
        first.upos = last.upos = "PROPN"
        if first.head == last.index:
            first.deprel = NAME_REL
        elif misread and last.deprel.startswith("nsubj") and first.head is not None:
            # "qu'Elon/VERB Musk/nsubj s'en prend à": the name is the subject of the verb "Elon" hung on
            gov = doc.head(first)
            if gov.upos in ("VERB", "AUX") and not any(c.rel == "nsubj" for c in doc.children(gov)):
                first.deprel = last.deprel
                last.deprel = NAME_REL
                for c in doc.children(first):
                    if c.rel in ("mark", "advmod", "punct"):
                        _attach(doc, c, gov, c.deprel)


def _apposition_taken_for_subject(doc: Doc, subject: Word) -> None:
    """ "Elon Musk, PDG de Tesla, a annoncé": when the parser made the name an oblique without a
    preposition and the set-off apposition the subject, the name is the subject."""
    verb = doc.head(subject)
    if verb is None or verb.upos not in ("VERB", "AUX"):
        return
    before = subject.index - 1
    if before < 1 or doc.words[before].text != ",":
        return
    name = next((c for c in doc.children(verb) if c.rel in ("obl", "nmod", "vocative", "dislocated") and c.index < subject.index
                 and c.upos == "PROPN" and not doc.case_marker(c)
                 and doc.last_word(c) == before - 1), None)
    if name is None:
        return
    after = doc.last_word(subject) + 1
    if after >= len(doc.words) or doc.words[after].text != ",":
        return
    _attach(doc, subject, name, "appos")
    name.deprel = "nsubj"


def _adverb_as_preposition(doc: Doc, adverb: Word) -> None:
    """ "a levé 50 millions auprès/ADV du fonds Eurazeo": the parser made the adverb the head of the
    phrase; the noun is the verb's oblique, introduced by "auprès de"."""
    gov = doc.head(adverb)
    noun = next((c for c in doc.children(adverb) if c.upos in ("NOUN", "PROPN", "PRON") and c.index > adverb.index
                 and any(m.lem in ("de", "à") for m in doc.children(c, "case"))), None)
    contracted = doc.words[adverb.index + 1] if adverb.index + 1 < len(doc.words) else None
    if noun is None and gov is not None and contracted is not None and contracted.lower in ("des", "du") \
            and contracted.upos == "DET" and doc.head(contracted) is not None and doc.head(contracted).upos in ("NOUN", "PROPN"):
        # "Lors des législatives, le parti ...": "des" left unsplit, read as an article, its noun as the subject
        noun = doc.head(contracted)
        _attach(doc, contracted, adverb, "fixed")
        contracted.lemma = "de"
    if gov is None or noun is None:
        return
    _attach(doc, noun, gov, "obl" if gov.upos in ("VERB", "AUX", "ADJ") else "nmod")
    _attach(doc, adverb, noun, "case")


def _condition_taken_for_relative(doc: Doc, clause: Word) -> None:
    """ "nous achèterons votre club pour dix euros si vous le voulez": a clause opened by "si" is no
    relative clause of "euros"; it conditions the verb the noun belongs to."""
    if not any(m.rel == "mark" and m.lower in ("si", "s'", "s’") for m in doc.children(clause)):
        return
    noun = doc.head(clause)
    verb = doc.head(noun) if noun is not None else None
    while verb is not None and verb.upos not in ("VERB", "AUX") and verb.rel in ("nmod", "obl", "obj", "conj"):
        verb = doc.head(verb)
    if verb is not None and verb.upos in ("VERB", "AUX"):
        _attach(doc, clause, verb, "advcl")


def _relative_que_taken_for_conjunction(doc: Doc, verb: Word) -> None:
    """ "Un manque d'émotion que lui ont reproché l'avocat général et ...": a "que" clause with no subject
    and a noun after its verb is a relative clause whose subject follows the verb ("le livre que lit
    Paul"); the parser read "que" as a conjunction and the subject as an object."""
    children = doc.children(verb)
    que = next((c for c in children if c.rel == "mark" and c.lower in ("que", "qu'", "qu’") and c.index < verb.index), None)
    if que is None or que.index == 0 or any(c.rel in ("nsubj", "expl", "csubj") and c.index > que.index for c in children):
        return
    subject = next((c for c in children if c.deprel == "obj" and c.index > verb.index and c.upos in ("NOUN", "PROPN")), None)
    if subject is None or not any(c.rel == "aux" or c.upos == "PRON" for c in children if que.index < c.index < verb.index):
        return  # "que" + clitic or auxiliary + verb: the shape of a relative with an inverted subject
    # the noun before "que": the parser may have made it the verb's subject, or the subject of its adjective
    noun = next((c for c in children if c.rel == "nsubj" and c.index < que.index), None)
    before = doc.words[que.index - 1]
    if noun is None and before.upos in ("NOUN", "PROPN"):
        noun = before
    elif noun is None and before.upos == "ADJ":
        noun = doc.head(before) if before.rel == "amod" else next(iter(doc.children(before, "nsubj")), None)
    if noun is None or noun.sent != verb.sent or noun.upos not in ("NOUN", "PROPN"):
        return
    if noun.head != verb.index and doc.governs(verb, noun):
        return  # hanging the verb on a noun below it would make a cycle
    if noun.head == verb.index:  # the noun takes the verb's place in the sentence
        _attach(doc, noun, doc.head(verb), verb.deprel)
    subject.deprel = "nsubj"
    que.upos, que.feats = "PRON", {**que.feats, "PronType": "Rel"}
    _attach(doc, que, verb, "obj")
    _attach(doc, verb, noun, "acl:relcl")


def _relative_que_with_its_subject(doc: Doc, verb: Word) -> None:
    """ "trois cadres, que le groupe néerlandais a recrutés": a "que" clause with its subject but no object,
    after a noun and a comma, or with a participle agreeing with an object before it, is a relative clause
    whose object is "que"; the parser read "que" as a conjunction."""
    children = doc.children(verb)
    que = next((c for c in children if c.rel == "mark" and c.lower in ("que", "qu'", "qu’") and c.index < verb.index), None)
    if que is None or que.index < 2 or any(c.deprel in ("obj", "ccomp", "xcomp", "nsubj:pass") for c in children):
        return
    if not any(c.rel == "nsubj" and que.index < c.index < verb.index for c in children):
        return
    comma = doc.words[que.index - 1].text == ","
    agrees = (verb.feats.get("VerbForm") == "Part" and any(c.rel == "aux" and c.lem == "avoir" for c in children)
              and verb.lower.endswith(("és", "ée", "ées", "ies", "is", "ise", "ises", "ts", "te", "tes")))
    if not (comma or agrees):
        return
    before = doc.words[que.index - 2] if comma else doc.words[que.index - 1]
    noun = doc.head(before) if before.upos == "ADJ" and before.rel == "amod" else before
    if noun is None or noun.upos not in ("NOUN", "PROPN") or noun.sent != verb.sent or doc.governs(verb, noun):
        return
    que.upos, que.feats = "PRON", {**que.feats, "PronType": "Rel"}
    _attach(doc, que, verb, "obj")
    _attach(doc, verb, noun, "acl:relcl")


def _relative_qui_taken_for_coordination(doc: Doc, verb: Word) -> None:
    """ "a dévoilé son premier téléphone pliable, qui sera commercialisé en mars": a clause whose subject
    is "qui" right after a comma is a relative clause of the noun phrase before the comma, not a clause
    coordinated with or subordinate to the main verb."""
    qui = next((c for c in doc.children(verb) if c.rel.startswith("nsubj") and c.lower == "qui"), None)
    if qui is None or qui.index < 2 or doc.words[qui.index - 1].text != ",":
        return
    noun = doc.words[qui.index - 2]
    # up from the word before the comma to the noun heading the phrase it ends ("la directrice de l'usine")
    while noun.upos not in ("NOUN", "PROPN") or (
            noun.deprel in ("nmod", "flat:name", "flat") and (noun.rel == "flat" or doc.case_marker(noun))
            and doc.head(noun) is not None and doc.head(noun).upos in ("NOUN", "PROPN")
            and doc.last_word(doc.head(noun)) == qui.index - 2):
        head = doc.head(noun)
        if head is None or noun.rel not in ("amod", "nmod", "flat:name", "flat", "nummod", "det"):
            return
        noun = head
    gov = doc.head(verb)
    if noun.sent != verb.sent or gov is None or doc.governs(verb, noun):
        return
    _attach(doc, verb, noun, "acl:relcl")


def _apposition_of_the_nearer_person(doc: Doc, name: Word, lexicon: Lexicon) -> None:
    """ "le meurtre de son associé, Didier C.": a name set off after a person noun names that person,
    not the event noun the parser hung it on ("la directrice de l'usine, Anne D." stays the director's)."""
    head = doc.head(name)
    if name.index < 2 or head is None or doc.words[name.index - 1].text != ",":
        return
    nearer = doc.words[name.index - 2]
    people = lexicon.classes.get("person_noun", frozenset()) | lexicon.classes.get("position", frozenset())
    if (nearer is head or nearer.upos != "NOUN" or not doc.governs(head, nearer)
            or not ({nearer.lem, nearer.lower} & people) or {head.lem, head.lower} & people):
        return
    _attach(doc, name, nearer, "appos")


def _fronted_participle_read_as_name(doc: Doc, first: Word, lexicon: Lexicon) -> None:
    """ "Limogé en mars par le conseil, X a rejoint ...": the capital of a sentence's first word made the tagger
    read a participle as a name; one whose lemma is a trigger verb's, followed by a preposition or a comma,
    is that participle."""
    if first.upos != "PROPN" or any(c.deprel in NAME_REL_SET for c in doc.children(first)):
        return
    nxt = doc.words[first.index + 1] if first.index + 1 < len(doc.words) else None
    if nxt is None or nxt.sent != first.sent or not (nxt.upos == "ADP" or nxt.text == ","):
        return
    lemmas = lexicon.guess_lemmas(first.lower, "VERB")
    if lemmas and first.lower.endswith(("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")):
        _retag_as_verb(first, lemmas[0], VerbForm="Part", Tense="Past")
        gov = doc.head(first)
        if first.rel == "nsubj" and gov is not None and any(c.rel == "nsubj" and c is not first for c in doc.children(gov)):
            first.deprel = "advcl"  # taken for the subject beside the real one


def _object_swallowed_by_date(doc: Doc, verb: Word) -> None:
    """ "SpaceX a lancé dimanche soir 23 satellites", "a condamné mercredi soir Franck L.": the parser
    hung the object on the date before it; a verb with no object takes it back."""
    children = doc.children(verb)
    if any(c.deprel in ("obj", "ccomp", "xcomp") and c.lem not in calendar_words() for c in children):
        return
    for date_word in children:
        if date_word.index < verb.index or date_word.rel not in ("obl", "nmod", "obj") or date_word.lem not in calendar_words():
            continue
        dates = [date_word] + [c for c in doc.children(date_word) if c.lem in calendar_words()]  # "samedi matin"
        swallowed = next((c for d in dates for c in doc.children(d) if c.rel == "nmod" and not doc.case_marker(c)
                          and c.lem not in calendar_words() and (c.upos == "PROPN" and c.index > d.index or (
                              c.upos == "NOUN" and any(x.rel in ("det", "nummod") for x in doc.children(c))))), None)
        if swallowed is not None:
            if date_word.deprel == "obj":
                date_word.deprel = "obl:mod"
            _attach(doc, swallowed, verb, "obj")
            return


def _year_taken_for_count(doc: Doc, noun: Word) -> None:
    """ "au printemps 2026 une citadine": a number before the noun's determiner, right after a date word,
    is the date's year, not a count of citadines."""
    dets = [d.index for d in doc.children(noun, "det")]
    for number in doc.children(noun, "nummod"):
        before = doc.words[number.index - 1] if number.index > 0 else None
        if dets and number.index < min(dets) and before is not None and before.lem in calendar_words():
            _attach(doc, number, before, "nmod")


def _partitive_hung_on_the_verb(doc: Doc, number: Word) -> None:
    """ "a remporté 54 des 102 sièges", "supprime 300 des 1 200 postes": the "de" phrase right after a numeral
    object is what it counts out of, which the parser hung on the verb."""
    verb = doc.head(number)
    if verb is None or any(c.rel in ("nmod", "case") for c in doc.children(number)):
        return
    whole = next((c for c in doc.children(verb) if c.rel == "obl" and doc.case_marker(c) == "de"
                  and min(w.index for w in doc.subtree(c)) == number.index + 1), None)
    if whole is not None and any(c.rel == "nummod" or c.lem in ("tout", "ce") for c in doc.children(whole)):
        _attach(doc, whole, number, "nmod")


def _date_hung_on_a_noun(doc: Doc, date_word: Word) -> None:
    """ "a précisé X lors d'une conférence téléphonique jeudi": a bare date word after a noun that a verb
    governs dates the verb, not the noun (which is no date itself: "lundi 3 mars" stays whole)."""
    noun = doc.head(date_word)
    if noun is None or noun.upos not in ("NOUN", "PROPN") or noun.lem in calendar_words() or date_word.index < noun.index:
        return
    if doc.case_marker(date_word) or any(c.rel == "nummod" for c in doc.children(date_word)):
        return  # "la réunion de jeudi", "le conseil du 12 mars"
    verb = doc.head(noun)
    if verb is None or verb.upos != "VERB" or noun.rel not in ("obl", "obj", "nsubj"):
        return
    _attach(doc, date_word, verb, "obl:mod")


def _place_hung_on_a_date(doc: Doc, place: Word) -> None:
    """ "a décollé jeudi soir du Centre spatial guyanais": where from, which the parser hung on the date before it."""
    date_word = doc.head(place)
    while date_word is not None and date_word.rel == "nmod" and doc.head(date_word) is not None \
            and doc.head(date_word).lem in calendar_words():
        date_word = doc.head(date_word)  # "jeudi soir du Centre": up from "soir" to "jeudi"
    verb = doc.head(date_word) if date_word is not None else None
    if (date_word is not None and date_word.lem in calendar_words() and verb is not None and verb.upos == "VERB" and date_word.rel == "obl"
            and doc.case_marker(place) in ("de", "depuis") and place.index > date_word.index
            and (place.upos == "PROPN" or place.text[:1].isupper())):
        _attach(doc, place, verb, "obl")


def _verdict_taken_for_an_adjective(doc: Doc, adjective: Word) -> None:
    """ "Le tribunal a reconnu le maire coupable de corruption": what the court finds the object is a
    predicate of the verb (xcomp), which the parser hung on the object as its adjective."""
    noun = doc.head(adjective)
    verb = doc.head(noun) if noun is not None else None
    if verb is not None and verb.upos == "VERB" and noun.rel == "obj" and adjective.index > noun.index:
        _attach(doc, adjective, verb, "xcomp")


PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "ie", "is", "ies", "u", "ue", "us", "ues")


def _two_subjects(doc: Doc, verb: Word, lexicon: Lexicon) -> None:
    """A verb the parser gave two subjects. "X limoge Y, le président Z démissionne": the one after the verb opens
    the clause coordinated after it. "Bulle : le syndic démissionne", "Battu samedi ..., le FC X a limogé": the one
    set off before a colon or a comma is a headline's topic or a fronted participle, not the subject."""
    found = [c for c in doc.children(verb) if c.deprel == "nsubj"]
    if len(found) < 2:
        return
    for subject in [s for s in found if s.index > verb.index]:
        nxt = next((c for c in doc.children(verb, "conj") if c.upos == "VERB" and c.index > subject.index
                    and not doc.children(c, "nsubj")), None)
        if nxt is not None and doc.last_word(subject) < nxt.index:
            _attach(doc, subject, nxt, "nsubj")
            found.remove(subject)
    before = [s for s in found if s.index < verb.index]
    if len(before) < 2:
        return
    first, second = before[0], before[1]
    opens = min(w.index for w in doc.subtree(second) if w.upos != "PUNCT")
    if not any(doc.words[i].text in (":", ",") for i in range(doc.last_word(first) + 1, opens)):
        return
    if first.lower.endswith(PARTICIPLE_ENDINGS) and lexicon.guess_lemmas(first.lower, "VERB", None):
        # "Battu samedi par X, le club a limogé": a participle the capital made a name
        _retag_as_verb(first, None, VerbForm="Part", Tense="Past")
        first.deprel = "advcl"
    elif any(doc.words[i].text == "," for i in range(doc.last_word(second) + 1, verb_group_start(doc, verb).index)):
        _attach(doc, second, first, "appos")  # "Le président du club, Bernard Morel, a présenté": a name set off
    else:
        first.deprel = "obl:mod"


def _retag_as_verb(word: Word, lemma: str | None, **feats: str) -> None:
    """A word the tagger misread is the verb `lemma` (its own lemma kept when None), with these features."""
    word.upos = "VERB"
    if lemma is not None:
        word.lemma = lemma
    word.feats = {**word.feats, **feats}


def _attach(doc: Doc, word: Word, new_head: Word | None, deprel: str) -> None:
    """Hang `word` on `new_head` (None: make it its sentence's root)."""
    if word.head is not None:
        doc.words[word.head].children.remove(word.index)
    word.head = None if new_head is None else new_head.index
    word.deprel = deprel
    if new_head is not None:
        new_head.children.append(word.index)
        new_head.children.sort()
    else:
        doc.sentence_of(word).root = word.index
