"""eventx.nlp.tree_decoding: the fast path returns exactly what Stanza's decoder returns."""
from __future__ import annotations

import numpy as np
import pytest
from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

from eventx.nlp.tree_decoding import fast_chuliu_edmonds_one_root, greedy_single_root_tree, install


def _log_probs(raw: np.ndarray) -> np.ndarray:
    """Scores shaped as Stanza's parser hands them to the decoder: row-wise log-softmax, no self-loops."""
    scores = raw - np.log(np.exp(raw - raw.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)) - raw.max(axis=1, keepdims=True)
    np.fill_diagonal(scores, -np.inf)
    return scores


def _planted(heads: list[int], noise: np.random.Generator, strength: float = 6.0) -> np.ndarray:
    size = len(heads)
    raw = noise.normal(size=(size, size))
    for dependent, head in enumerate(heads[1:], start=1):
        raw[dependent, head] += strength
    return _log_probs(raw)


def test_a_valid_greedy_tree_is_returned_as_is():
    scores = _planted([0, 2, 0, 2, 3], np.random.default_rng(1))
    assert greedy_single_root_tree(scores).tolist() == [0, 2, 0, 2, 3]
    assert fast_chuliu_edmonds_one_root(scores).tolist() == [0, 2, 0, 2, 3]


@pytest.mark.parametrize("heads, why", [([0, 0, 0, 2], "two words hang from the root"),
                                         ([0, 2, 3, 1, 0], "words 1-2-3 form a cycle")])
def test_no_fast_path_when_the_greedy_heads_are_not_a_single_root_tree(heads, why):
    scores = _planted(heads, np.random.default_rng(2), strength=12.0)
    assert greedy_single_root_tree(scores) is None, why
    tree = fast_chuliu_edmonds_one_root(scores)
    assert np.count_nonzero(tree[1:] == 0) == 1
    assert tree.tolist() == chuliu_edmonds_one_root(scores).tolist()


def test_same_trees_as_stanza_on_random_and_near_tree_scores():
    noise = np.random.default_rng(0)
    fast_paths = 0
    for trial in range(600):
        size = int(noise.integers(2, 35))
        if trial % 2:
            heads = [0] + [int(noise.integers(0, size)) for _ in range(1, size)]
            scores = _planted(heads, noise, strength=float(noise.uniform(1, 10)))
        else:
            scores = _log_probs(noise.normal(size=(size, size)) * noise.uniform(0.5, 8))
        fast_paths += greedy_single_root_tree(scores) is not None
        assert fast_chuliu_edmonds_one_root(scores.copy()).tolist() == chuliu_edmonds_one_root(scores.copy()).tolist()
    assert 0 < fast_paths < 600  # both branches were exercised


def test_install_patches_the_graph_parser_decoder():
    from stanza.models.depparse import model

    install()
    assert model.chuliu_edmonds_one_root is fast_chuliu_edmonds_one_root
