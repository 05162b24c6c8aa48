"""Continue training a saved Stanza parser on other training data (e.g. predicted tags).

    python -m training.continue_parser <stanza.models.parser arguments, with --continue_from FILE>

Stanza's parser builds its vocabulary from the training file even with --continue_from, so
training a saved model on retagged data (new tag values, other frequencies) maps tags to the
wrong rows or past the end of the saved embeddings.  This wrapper hands the saved model's
vocabulary to the training DataLoader; tag values the saved model never saw become <UNK>.
It also keeps the saved dev-score history out: that history was scored on another dev file
(gold tags), and Stanza reloads it when it switches optimizer, so no new model would ever
count as best and none would be saved.
"""
from __future__ import annotations

import sys

import torch


def main(argv: list[str]) -> None:
    from stanza.models import parser as stanza_parser
    from stanza.models.depparse.trainer import Trainer
    from stanza.models.pos.vocab import MultiVocab

    checkpoint = torch.load(argv[argv.index("--continue_from") + 1], map_location="cpu", weights_only=True)
    saved_vocab = MultiVocab.load_state_dict(checkpoint["vocab"])
    original = stanza_parser.DataLoader

    def loader_with_saved_vocab(doc, batch_size, args, pretrain, vocab=None, **kwargs):
        return original(doc, batch_size, args, pretrain, vocab=vocab or saved_vocab, **kwargs)

    stanza_parser.DataLoader = loader_with_saved_vocab
    load = Trainer.load
    Trainer.load = staticmethod(lambda *a, **kw: load(*a, **{**kw, "reset_history": True}))
    stanza_parser.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
