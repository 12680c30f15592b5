"""`argmap extract` and `argmap eval`."""

from __future__ import annotations

import argparse


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the extraction subcommands on the main parser."""
