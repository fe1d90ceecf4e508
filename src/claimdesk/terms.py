"""Cross-lingual terms: one concept ("motion", "relations", "city council" ...) across languages.

The lexicon is data (``data/terms.json``): each entry has a ``key`` and its spellings per language
(``id``, ``en``, ``fr``, ``nl`` ...). ``find_terms(text)`` returns ``Mention``s valued with the key,
so an Indonesian claim ("mosi", "hubungan") and a Dutch page ("motie", "betrekkingen") meet on the
same keys. Forms are matched on case- and accent-folded text, as whole words; ``*`` at either end
of a form stands for any letters, which covers French and Dutch inflection and Indonesian affixes
("*putus*" for keputusan, diputuskan). Every language's forms are tried on every text:
cognates are shared, and a page quoting another language should still match.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from claimdesk.mentions import Mention


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The term lexicon as shipped: {"about": ..., "terms": [{"key", "id", "en", "fr", "nl"}...]}."""
    data = resources.files("claimdesk").joinpath("data/terms.json").read_text(encoding="utf-8")
    return json.loads(data)


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        return ch
    if low in "’‘ʼ":
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    if len(base) == 1:
        return base
    return low


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    return {code: _fold_char(chr(code)) for code in range(0x80, 0x2100) if _fold_char(chr(code)) != chr(code)}


def fold(text: str) -> str:
    """Lower case without accents, one character for one: offsets into the result index ``text``."""
    return text.translate(_fold_table()).lower() if not text.isascii() else text.lower()


def _form_pattern(form: str) -> str:
    head = form.startswith("*")
    tail = form.endswith("*")
    words = fold(form.strip("*")).split()
    body = r"[\s'\-]+".join(re.escape(w) for w in words)
    return (r"\w*" if head else "") + body + (r"\w*" if tail else "")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for entry in lexicon()["terms"]:
        forms = [f for lang, values in entry.items() if lang not in ("key", "note") for f in values]
        alternation = "|".join(_form_pattern(f) for f in sorted(set(forms), key=len, reverse=True))
        out.append((entry["key"], re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")))
    return out


def find_terms(text: str) -> list[Mention]:
    """Every lexicon term in ``text`` as a Mention valued with the term's key, in order."""
    haystack = fold(text)
    found = [
        Mention(key, m.start(), m.end(), text[m.start() : m.end()])
        for key, pattern in _patterns()
        for m in pattern.finditer(haystack)
    ]
    found.sort(key=lambda m: (m.start, -m.end))
    return found


def terms_in(text: str) -> list[str]:
    """The distinct term keys in ``text``, in order of first appearance."""
    return list(dict.fromkeys(str(m.value) for m in find_terms(text)))
