"""The value a finder returns: what it found, where, and the normalised value."""

from __future__ import annotations

import re
from typing import NamedTuple


class Mention(NamedTuple):
    """One thing found in a text: ``text == source[start:end]``; ``value`` is its normal form."""

    value: object
    start: int
    end: int
    text: str


def trie_regex(words: list[str]) -> str:
    """One regular expression for a set of literals, shaped as a trie so that the engine
    rejects most positions on their first character instead of trying every word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)
