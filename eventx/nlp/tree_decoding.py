"""Exact single-root tree decoding for Stanza's graph parser, with a fast path.

Stanza decodes each sentence with Chu-Liu-Edmonds after pushing every root arc down
by a constant large enough that a tree with two roots always loses to one with a
single root.  That makes its greedy start rootless, hence cyclic, so its pure-Python
cycle search runs once per contraction: measured here, about half of the parser's
time on one core.

When each word's best-scoring head already forms a tree with exactly one root, that
tree is the best of all head assignments, so it is also the best single-root tree and
the one Chu-Liu-Edmonds returns.  Only the other sentences need the full search.
"""
from __future__ import annotations

import numpy as np
from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root


def greedy_single_root_tree(scores: np.ndarray) -> np.ndarray | None:
    """The argmax head of each word if it forms a tree with one root, else None.

    ``scores[d, h]`` scores head ``h`` for word ``d``; row and column 0 are the root.
    """
    size = scores.shape[0]
    masked = np.array(scores, dtype=np.float64)
    np.fill_diagonal(masked, -np.inf)
    tree = masked.argmax(axis=1)
    tree[0] = 0
    if size < 2 or np.count_nonzero(tree[1:] == 0) != 1:
        return None
    # pointer doubling: after ceil(log2(size)) + 1 squarings every word reaches the
    # root unless it sits on (or hangs from) a cycle
    ancestor = tree.copy()
    for _ in range(int(np.ceil(np.log2(size))) + 1):
        ancestor = ancestor[ancestor]
    if np.any(ancestor != 0):
        return None
    return tree


def fast_chuliu_edmonds_one_root(scores: np.ndarray) -> np.ndarray:
    """Same result as Stanza's ``chuliu_edmonds_one_root``, without its search when the greedy tree is valid."""
    tree = greedy_single_root_tree(scores)
    return tree if tree is not None else chuliu_edmonds_one_root(scores)


def install() -> None:
    """Make Stanza's graph parser decode with the fast path (idempotent)."""
    from stanza.models.depparse import model

    model.chuliu_edmonds_one_root = fast_chuliu_edmonds_one_root
