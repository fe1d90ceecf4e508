"""The value a finder returns: what it found, where, and the normalised value."""

from __future__ import annotations

from typing import NamedTuple


class Mention(NamedTuple):
    """One thing found in a text: ``text == source[start:end]``; ``value`` is its normal form."""

    value: object
    start: int
    end: int
    text: str
