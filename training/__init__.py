"""Reproducible training recipe for the compact French Stanza models (see models/README.md)."""
