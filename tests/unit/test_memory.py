"""service/memory.py: glibc malloc tuning for long-lived workers."""
import platform

import pytest

from service import memory


@pytest.mark.skipif(platform.system() != "Linux" or not platform.libc_ver()[0] == "glibc", reason="glibc only")
def test_glibc_calls_are_accepted():
    assert memory.limit_arenas(2) is True
    big = [bytearray(1 << 20) for _ in range(64)]  # 64 MiB on the heap, then freed
    del big
    assert isinstance(memory.release(), bool)


def test_without_libc_everything_is_a_no_op(monkeypatch):
    monkeypatch.setattr(memory, "_LIBC", None)
    assert memory.limit_arenas(2) is False
    assert memory.release() is False
