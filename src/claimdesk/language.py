"""Which language an article is written in, among the ones claimdesk reads.

py3langid confuses Indonesian and Malay, and a news sentence in either is read the same way
here, so the candidates are restricted to the languages we have tables for and Malay is
folded into Indonesian.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("id", "en", "fr", "nl", "de", "es")
ALIASES = {
    "ms": "id",
    "in": "id",
    "ind": "id",
    "may": "id",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "nld": "nl",
    "dut": "nl",
    "deu": "de",
    "ger": "de",
    "spa": "es",
}

SAMPLE_CHARS = 20_000


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid has no public type for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(SUPPORTED) + ["ms"])
    return ident


def normalise_language(code: str | None) -> str | None:
    """ "id-ID", "ms", "FR", "nl_BE" -> "id", "id", "fr", "nl"; None or "" -> None."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return ALIASES.get(base, base) or None


def check_language(code: str | None) -> str | None:
    """``code`` normalised, or None if not given; InputError for something that is not a
    language code at all ("klingon"), rather than silently reading the text with no tables."""
    normalised = normalise_language(code)
    if normalised is not None and not re.fullmatch(r"[a-z]{2,3}", normalised):
        from claimdesk.errors import InputError

        raise InputError(f"unknown language {code!r}: give an ISO 639-1 code such as {', '.join(SUPPORTED)}")
    return normalised


def detect_language(text: str) -> str | None:
    """The language of ``text`` (one of SUPPORTED), or None for text with no letters."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    lang, _prob = _identifier().classify(sample)
    return normalise_language(lang)
