"""Argmap: browse debates as support/attack argument maps."""

__version__ = "0.1.0"
