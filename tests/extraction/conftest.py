"""The real extractor on the committed models, loaded once per test session."""
import pytest


@pytest.fixture(scope="session")
def extractor():
    import torch

    torch.set_num_threads(1)
    from eventx.engine import Extractor

    return Extractor.load()
