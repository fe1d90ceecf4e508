"""Dates written in running text, normalised to ISO prefixes without inventing precision.

``find_dates(text, lang)`` returns ``Mention``s whose value is "2023", "2023-04" or "2023-04-24":
a date gets a day only when the text gives one, a month only when the text names one.
Month names come from one table covering id, ms, en, fr, nl, de and es, since articles quote
each other across languages; the language decides only the order of numeric dates (en is M/D/Y
when ambiguous, the others D/M/Y). A regular expression does the work (linear, no guessing), which
is what lets extraction run at thousands of sentences per second where dateparser manages tens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimdesk.mentions import Mention

# month number -> spellings (lower case); abbreviations may carry a trailing dot in the text
MONTHS: dict[int, tuple[str, ...]] = {
    1: ("januari", "january", "janvier", "januar", "jänner", "enero", "jan", "janv", "ene"),
    2: ("februari", "february", "février", "fevrier", "februar", "febrero", "feb", "févr", "fevr", "febr"),
    3: ("maret", "mac", "march", "mars", "maart", "märz", "marzo", "mar", "mrt"),
    4: ("april", "avril", "abril", "apr", "avr", "abr"),
    5: ("mei", "may", "mai", "mayo"),
    6: ("juni", "jun", "june", "juin", "junio"),
    7: ("juli", "julai", "jul", "july", "juillet", "julio", "juil"),
    8: ("agustus", "ogos", "august", "août", "aout", "augustus", "agosto", "agu", "agt", "aug", "ago"),
    9: ("september", "septembre", "septiembre", "setiembre", "sep", "sept", "set"),
    10: ("oktober", "october", "octobre", "octubre", "okt", "oct"),
    11: ("november", "novembre", "noviembre", "nov", "nop", "nopember"),
    12: (
        "desember",
        "disember",
        "december",
        "décembre",
        "decembre",
        "dezember",
        "diciembre",
        "des",
        "dec",
        "déc",
        "dez",
        "dic",
    ),
}
# Spellings that are also everyday words: accepted only when capitalised ("May 2023", not "may 2023"
# the verb) -- French and Dutch write months in lower case, but "mars"/"mei" with a year still match.
_CAPITALISED_ONLY = {"may", "mar", "jan", "set", "des", "ago", "dec", "sep", "ene", "abr", "dic", "mac"}

MONTH_OF: dict[str, int] = {name: n for n, names in MONTHS.items() for name in names}

_YEAR = r"(?P<{}>(?:1[89]|20|21)\d\d)(?![\d.,]\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:er|e|ème|st|nd|rd|th|\.)?"
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTH_OF), key=len, reverse=True))
_MONTH = rf"(?P<{{}}>(?:{_MONTH_ALT}))\.?"

# "24 April 2023", "1er mai 2023", "24 de abril de 2023", "3. März 2023"
_DMY = rf"(?<![\w.,]){_DAY}\s+(?:de\s+)?{_MONTH.format('m1')}\s*,?\s+(?:de\s+|del\s+)?{_YEAR.format('y1')}"
# "April 24, 2023"
_MDY = rf"(?<![\w]){_MONTH.format('m2')}\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR.format('y2')}"
# "April 2023", "Mei 2023", "avril 2023", "mei 2023"
_MY = rf"(?<![\w]){_MONTH.format('m3')}\s+(?:de\s+|del\s+|tahun\s+)?{_YEAR.format('y3')}"
# ISO "2023-04-24"
_ISO = r"(?<![\w./-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?![\w/-]|\.\d)"
# numeric "24/04/2023", "24-04-2023", "24.04.2023"
_NUM = r"(?<![\w./-])(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<ny>(?:19|20)\d\d)(?![\w/-]|\.\d)"
# bare years only after a word that announces a year: "pada tahun 2021", "in 2021", "depuis 2019"
_YEAR_CUES = (
    r"tahun|thn\.?|sejak|hingga|sampai|pada|awal|akhir|pertengahan|"
    r"in|since|until|by|year|during|"
    r"en|depuis|année|jusqu'en|d'ici|début|fin|"
    r"jaar|sinds|begin|eind|medio|tegen|"
    r"im|jahr|seit|bis|"
    r"año|desde|hasta"
)
_NOT_A_YEAR_AFTER = (
    r"%|persen|percent|pour|procent|orang|warga|jiwa|people|persons|residents|euros?|dollars?|"
    r"rupiah|personnes|habitants|mensen|inwoners|km|kilomet"
)
_BARE = rf"(?i:(?<![\w])(?:{_YEAR_CUES})\s+){_YEAR.format('by')}(?!\s*(?:{_NOT_A_YEAR_AFTER}))"
_PAREN = rf"\({_YEAR.format('py')}\)"

_PATTERN = re.compile("|".join(f"(?:{p})" for p in (_ISO, _NUM, _DMY, _MDY, _MY, _BARE, _PAREN)), re.IGNORECASE)

_HAS_YEAR = re.compile(r"(?:1[89]|2[01])\d\d")

MONTH_FIRST_LANGS = {"en"}


# Foreign month names that are everyday words in a text's own language: "Mars 2020" in English is
# the planet's rover, "Mai 2023" in Indonesian... is still May, so only English needs this.
_NOT_MONTHS_IN = {"en": {"mars", "mac", "mei", "set", "des", "ago"}}


def _month(token: str | None, lang: str | None = None) -> int | None:
    if not token:
        return None
    word = token.rstrip(".")
    low = word.lower()
    if low in _CAPITALISED_ONLY and not word[:1].isupper():
        return None
    if lang and low in _NOT_MONTHS_IN.get(lang, ()):
        return None
    return MONTH_OF.get(low)


def _valid(year: int, month: int, day: int | None = None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    limit = (31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return 1 <= day <= limit


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _numeric(a: int, b: int, year: int, lang: str | None) -> str | None:
    """Day/month order of a numeric date: D/M/Y except in English, where M/D/Y wins a tie."""
    orders = [(b, a), (a, b)] if lang in MONTH_FIRST_LANGS else [(a, b), (b, a)]
    for day, month in orders:
        if _valid(year, month, day):
            return _iso(year, month, day)
    return None


def _value(m: re.Match[str], lang: str | None) -> str | None:
    g = m.groupdict()
    if g["iy"]:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
        return _iso(y, mo, d) if _valid(y, mo, d) else None
    if g["ny"]:
        return _numeric(int(g["a"]), int(g["b"]), int(g["ny"]), lang)
    if g["y1"]:
        mo, y, d = _month(g["m1"], lang), int(g["y1"]), int(g["day"])
        return _iso(y, mo, d) if mo and _valid(y, mo, d) else None
    if g["y2"]:
        mo, y, d = _month(g["m2"], lang), int(g["y2"]), int(g["day2"])
        return _iso(y, mo, d) if mo and _valid(y, mo, d) else None
    if g["y3"]:
        mo = _month(g["m3"], lang)
        return _iso(int(g["y3"]), mo) if mo else None
    if g["by"]:
        return _iso(int(g["by"]))
    if g["py"]:
        return _iso(int(g["py"]))
    return None


def find_dates(text: str, lang: str | None = None) -> list[Mention]:
    """Every date in ``text`` as a Mention whose value is an ISO prefix, in order of appearance."""
    found: list[Mention] = []
    if not _HAS_YEAR.search(text):  # every pattern needs a year: most sentences stop here
        return found
    for m in _PATTERN.finditer(text):
        value = _value(m, lang)
        if value is None:
            continue
        start, end = m.span()
        if m.group("by"):  # keep only the year itself as the span, not its cue word
            start = m.start("by")
        found.append(Mention(value, start, end, text[start:end]))
    return found


@lru_cache(maxsize=4096)
def parse_date(text: str, lang: str | None = None) -> str | None:
    """The first date in a short string ("24 avril 2023", "2023-04-24"), or None."""
    found = find_dates(text, lang)
    if found:
        return str(found[0].value)
    m = re.fullmatch(r"\s*((?:19|20)\d\d)\s*", text)
    return m.group(1) if m else None


def dates_in(text: str, lang: str | None = None) -> list[str]:
    """The distinct ISO date prefixes in ``text``, in order of first appearance."""
    return list(dict.fromkeys(str(m.value) for m in find_dates(text, lang)))
