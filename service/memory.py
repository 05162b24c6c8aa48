"""Keep a long-lived worker's resident memory flat (glibc only; a no-op elsewhere).

Each request allocates and frees tensors of a different size (sentence lengths vary);
glibc keeps freed blocks in per-thread arenas and at the top of the heap, so RSS creeps
up over hours although nothing leaks.  Two arenas per worker (it serves one request at a
time, plus the model-loading thread) and a trim after each request give the pages back.
"""
from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h


def _libc():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None


_LIBC = _libc()


def limit_arenas(count: int = 2) -> bool:
    """At most `count` malloc arenas in this process; True when glibc accepted it."""
    return bool(_LIBC and _LIBC.mallopt(M_ARENA_MAX, count))


def release() -> bool:
    """Return free heap pages to the system; True when some were released."""
    return bool(_LIBC and _LIBC.malloc_trim(0))
