"""Loads the trigger lexicons and word classes (eventx/lexicons/) and checks them loudly.

One YAML file per event type under lexicons/triggers/; see lexicons/README.md for
the format. A malformed entry raises LexiconError naming the file and the entry.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
POS_TAGS = {"VERB", "NOUN", "ADJ", "ADP", "PROPN", "ADV", "AUX", "INTJ", "PRON"}
ENTITY_CLASSES = {"PER", "ORG", "LOC", "MISC"}
BUILT_IN_CLASSES = {"money", "number", "PRON", "clause", "adjective", "any"}  # computed from the parse, see extraction/classes.py ("any": any phrase)
PATH_KINDS = {"affected_by", "of_obl", "subj", "obj", "iobj", "ccomp", "xcomp", "nummod", "amod", "appos", "poss", "nmod",
              "obl", "host", "self", "name", "num", "support_subj", "support_obj", "gov", "acl", "advcl", "nsubj", "parataxis",
              "event_in_sentence", "of_xcomp", "governor"}

ENTRY_KEYS = {"lemma", "lemmas", "pos", "with", "without", "requires", "excludes", "frame", "example", "strict",
              "confidence", "in_article", "without_head", "with_head", "number"}


@lru_cache(maxsize=65536)
def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class TriggerEntry:
    event_type: str
    lemma: str
    pos: tuple[str, ...]
    confidence: float
    with_: dict[str, tuple[str, ...]]  # relation -> lemmas/classes a dependent must have ("déposer le bilan")
    requires: dict[str, tuple[str, ...]]  # role -> classes its filler must belong to (sense constraint)
    excludes: dict[str, tuple[str, ...]]  # role -> classes that rule the sense out
    frame: dict[str, dict[str, tuple[str, ...]]]  # POS -> role -> paths (overrides the type's frame)
    example: str
    source: str  # "file.yaml#index" for error messages and debugging
    strict: bool = False  # a required role left empty rules the sense out (else it only costs confidence)
    without: dict[str, tuple[str, ...]] = field(default_factory=dict)  # relation -> lemmas/classes no dependent may have
    in_article: tuple[str, ...] = ()  # classes some word of the article must belong to ("battre" a person: an election)
    without_head: tuple[str, ...] = ()  # lemmas the trigger's governor must not have ("avoir recours à")
    with_head: tuple[str, ...] = ()  # lemmas or classes the trigger's governor must have ("deux ans de prison")
    number: str = ""  # "Sing" or "Plur": the trigger's grammatical number ("la vente de sa filiale", not "les ventes")

    @property
    def key(self) -> tuple[str, str]:
        return self.event_type, self.lemma


@dataclass
class EventTypeLexicon:
    name: str
    roles: tuple[str, ...]
    frames: dict[str, dict[str, tuple[str, ...]]]
    entries: list[TriggerEntry] = field(default_factory=list)
    relabel: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> {class of its filler: role it fills instead}
    fillers: dict[str, frozenset[str]] = field(default_factory=dict)  # role -> classes a filler must have, or it is dropped
    nonfillers: dict[str, frozenset[str]] = field(default_factory=dict)  # role -> classes whose phrases never fill it

    def frame_for(self, entry: TriggerEntry, pos: str) -> dict[str, tuple[str, ...]]:
        base_pos = "NOUN" if pos in ("NOUN", "PROPN") else ("VERB" if pos in ("VERB", "AUX") else pos)
        if base_pos in entry.frame:
            return dict(entry.frame[base_pos])
        if base_pos == "ADJ" and "ADJ" not in self.frames:
            base_pos = "VERB"  # "Deux personnes sont mortes": an adjectival participle takes the verb's frame
        return dict(self.frames.get(base_pos, {}))


@dataclass
class Lexicon:
    types: dict[str, EventTypeLexicon]
    by_lemma: dict[str, list[TriggerEntry]]
    classes: dict[str, frozenset[str]]  # class name -> lemmas (lower-case)
    cues: dict  # modality cues, support verbs, ...
    verb_rules: tuple[tuple[str, str], ...] = ()
    noun_rules: tuple[tuple[str, str], ...] = ()
    irregular: dict[str, str] = field(default_factory=dict)

    def triggers(self, lemma: str, event_type: str) -> bool:
        """Some entry makes this lemma a trigger of that type."""
        return any(e.event_type == event_type for e in self.by_lemma.get(lemma, ()))

    def in_class(self, lemma: str, class_name: str) -> bool:
        return lemma.lower() in self.classes.get(class_name, frozenset())

    def unaccented(self, form: str) -> list[str]:
        """Lexicon lemmas written without their accents ("Elections" in a headline)."""
        return self._plain_index().get(strip_accents(form.lower()), [])

    def _plain_index(self) -> dict[str, list[str]]:
        if not hasattr(self, "_plain"):
            index: dict[str, list[str]] = {}
            for lemma in self.by_lemma:
                index.setdefault(strip_accents(lemma), []).append(lemma)
            self._plain = index
        return self._plain

    def verb_lemmas(self, event_type: str) -> frozenset[str]:
        """The lemmas of a type's verbal triggers, built once ("communication.statement": the reporting verbs)."""
        cache = self.__dict__.setdefault("_verb_lemmas", {})
        if event_type not in cache:
            cache[event_type] = frozenset(e.lemma for e in self.types[event_type].entries if "VERB" in e.pos)
        return cache[event_type]

    def cue_set(self, name: str) -> frozenset[str]:
        """A list of cues.yaml as a set, built once ("support_verbs", "object_control_verbs")."""
        cache = self.__dict__.setdefault("_cue_sets", {})
        if name not in cache:
            cache[name] = frozenset(self.cues.get(name, []))
        return cache[name]

    def lemma_in(self, word, vocabulary) -> bool:
        """The word's lemma is in the vocabulary, or a lemma guessed from its form is ("prévoit" -> "prévoir")."""
        if word.lem in vocabulary or word.lower in vocabulary:
            return True
        return any(g in vocabulary for g in self.guess_lemmas(word.lower, word.upos, vocabulary))

    def guess_lemmas(self, form: str, upos: str = "VERB", vocabulary=None) -> list[str]:
        """Lemmas an inflected form may stand for ("rachetées" -> "racheter"), for forms the lemmatizer left alone.

        A guess counts only when the vocabulary (the trigger lemmas by default) lists it."""
        vocabulary = self.by_lemma if vocabulary is None else vocabulary
        form = form.lower()
        out = []
        if form in self.irregular:
            out.append(self.irregular[form])
        rules = self.verb_rules if upos in ("VERB", "AUX") else self.noun_rules
        if upos == "ADJ":
            rules = self.noun_rules + self.verb_rules
        for suffix, replacement in rules:
            if form.endswith(suffix) and len(form) > len(suffix) + 2:
                guess = form[: len(form) - len(suffix)] + replacement
                if guess in vocabulary and guess not in out:
                    out.append(guess)
        return out


def _as_tuple(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise LexiconError(f"{where}: expected a string or a list of strings, got {value!r}")


def _check_paths(frame: dict, where: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for role, paths in (frame or {}).items():
        paths = _as_tuple(paths, f"{where} role {role}")
        for path in paths:
            for step in path.split(">"):
                if step.split("@", 1)[0] not in PATH_KINDS:
                    raise LexiconError(f"{where}: unknown path {path!r} for role {role} (known: {sorted(PATH_KINDS)})")
        out[role] = paths
    return out


def read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path.name}: not valid YAML: {exc}") from exc


def _load_type(path: Path) -> EventTypeLexicon:
    data = read_yaml(path)
    where = path.name
    if not isinstance(data, dict) or "type" not in data or "triggers" not in data:
        raise LexiconError(f"{where}: needs 'type' and 'triggers'")
    name = data["type"]
    roles = _as_tuple(data.get("roles", []), f"{where} roles") + ("time", "place", "source")
    frames = {pos: _check_paths(frame, f"{where} frames.{pos}") for pos, frame in (data.get("frames") or {}).items()}
    relabel = data.get("relabel") or {}
    for role, by_class in relabel.items():
        if role not in roles or not isinstance(by_class, dict) or not set(by_class.values()) <= set(roles):
            raise LexiconError(f"{where}: relabel needs role -> {{class: role}} with roles of {name}, got {role}: {by_class!r}")
    by_role = {}
    for key in ("fillers", "nonfillers"):
        spec = data.get(key) or {}
        if not isinstance(spec, dict) or not set(spec) <= set(roles):
            raise LexiconError(f"{where}: {key} needs role -> [classes] with roles of {name}, got {spec!r}")
        by_role[key] = {r: frozenset(_as_tuple(c, f"{where} {key}.{r}")) for r, c in spec.items()}
    lex = EventTypeLexicon(name=name, roles=roles, frames=frames,
                           relabel={r: {str(c): str(n) for c, n in m.items()} for r, m in relabel.items()},
                           fillers=by_role["fillers"], nonfillers=by_role["nonfillers"])
    for i, raw in enumerate(data["triggers"]):
        src = f"{where}#{i}"
        if not isinstance(raw, dict) or not (raw.get("lemma") or raw.get("lemmas")):
            raise LexiconError(f"{src}: each trigger needs 'lemma' or 'lemmas'")
        unknown = set(raw) - ENTRY_KEYS
        if unknown:
            raise LexiconError(f"{src}: unknown key {sorted(unknown)} (known: {sorted(ENTRY_KEYS)})")
        pos = _as_tuple(raw.get("pos", ["VERB", "NOUN"]), src)
        bad = set(pos) - POS_TAGS
        if bad:
            raise LexiconError(f"{src}: unknown part of speech {sorted(bad)}")
        entry_frame = {p: _check_paths(f, f"{src} frame.{p}") for p, f in (raw.get("frame") or {}).items()}
        for role in list(raw.get("requires") or {}) + list(raw.get("excludes") or {}):
            if role not in roles:
                raise LexiconError(f"{src}: constraint on unknown role {role!r} of {name}")
        for lemma in _as_tuple(raw.get("lemmas") or raw.get("lemma"), src):
            lex.entries.append(TriggerEntry(
                event_type=name, lemma=lemma.lower(), pos=pos,
                confidence=float(raw.get("confidence", 0.8)),
                with_={k: _as_tuple(v, src) for k, v in (raw.get("with") or {}).items()},
                requires={k: _as_tuple(v, src) for k, v in (raw.get("requires") or {}).items()},
                excludes={k: _as_tuple(v, src) for k, v in (raw.get("excludes") or {}).items()},
                frame=entry_frame, example=str(raw.get("example", "")), source=src,
                strict=bool(raw.get("strict", False)),
                without={k: _as_tuple(v, src) for k, v in (raw.get("without") or {}).items()},
                in_article=_as_tuple(raw.get("in_article") or [], src),
                without_head=_as_tuple(raw.get("without_head") or [], src),
                with_head=_as_tuple(raw.get("with_head") or [], src),
                number=str(raw.get("number", "")),
            ))
    return lex


def _load_classes(directory: Path) -> dict[str, frozenset[str]]:
    classes: dict[str, frozenset[str]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = read_yaml(path) or {}
        for name, words in data.items():
            if name in ("description", "example"):
                continue
            classes[name] = frozenset(w.lower() for w in _as_tuple(words, f"{path.name} {name}"))
    return classes


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    root = Path(directory) if directory else LEXICON_DIR
    types: dict[str, EventTypeLexicon] = {}
    for path in sorted((root / "triggers").glob("*.yaml")):
        lex = _load_type(path)
        if lex.name in types:
            raise LexiconError(f"{path.name}: type {lex.name} defined twice")
        types[lex.name] = lex
    by_lemma: dict[str, list[TriggerEntry]] = {}
    for lex in types.values():
        for entry in lex.entries:
            by_lemma.setdefault(entry.lemma, []).append(entry)
    classes = _load_classes(root / "classes")
    cues = read_yaml(root / "cues.yaml")
    inflections = read_yaml(root / "inflections.yaml") or {}
    def rules(name):
        return tuple(sorted(((str(a), str(b)) for a, b in inflections.get(name, [])), key=lambda r: -len(r[0])))

    irregular = {str(k).lower(): str(v).lower() for k, v in (inflections.get("irregular") or {}).items()}
    for lex in types.values():
        for class_name in (c for by_class in lex.relabel.values() for c in by_class):
            if class_name not in ENTITY_CLASSES and class_name not in classes:
                raise LexiconError(f"{lex.name}: relabel names unknown class {class_name!r}")
        for class_name in (c for names in [*lex.fillers.values(), *lex.nonfillers.values()] for c in names):
            if class_name not in ENTITY_CLASSES and class_name not in classes and class_name not in BUILT_IN_CLASSES:
                raise LexiconError(f"{lex.name}: fillers or nonfillers name unknown class {class_name!r}")
        for entry in lex.entries:
            for role, names in list(entry.requires.items()) + list(entry.excludes.items()):
                for class_name in names:
                    if class_name not in ENTITY_CLASSES and class_name not in classes and class_name not in BUILT_IN_CLASSES:
                        raise LexiconError(f"{entry.source}: unknown class {class_name!r}")
            for class_name in entry.in_article:
                if class_name not in classes:
                    raise LexiconError(f"{entry.source}: in_article names unknown word class {class_name!r}")
    return Lexicon(types=types, by_lemma=by_lemma, classes=classes, cues=cues, verb_rules=rules("verb_rules"),
                   noun_rules=rules("noun_rules"), irregular=irregular)
