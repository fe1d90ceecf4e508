"""Numbers in running text, read with each language's separators, plus ordinal and number words.

``find_numbers(text, lang)`` returns ``Mention``s whose value is an int or a float:
"4.000 warga" is 4000 and "3,5 persen" is 3.5 in Indonesian, French, Dutch, German and Spanish;
"4,000" is 4000 and "3.5" is 3.5 in English. A group of exactly three digits after one separator
is read as thousands in the language's convention. Scale words ("juta", "million", "miljoen")
multiply; ordinal words ("ketiga", "third", "troisième", "derde") give their rank. Clock times
("10.30 WIB", "10:30") and the parts of dates are not numbers here.
"""

from __future__ import annotations

import re

from claimdesk.mentions import Mention

DECIMAL_COMMA_LANGS = {"id", "ms", "fr", "nl", "de", "es", "it", "pt"}

ORDINAL_WORDS: dict[str, int] = {}
for _n, _words in {
    1: "pertama first premier première eerste erste primero primera",
    2: "kedua second deuxième seconde tweede zweite segundo segunda",
    3: "ketiga third troisième derde dritte tercero tercera",
    4: "keempat fourth quatrième vierde vierte cuarto cuarta",
    5: "kelima fifth cinquième vijfde fünfte quinto quinta",
    6: "keenam sixth sixième zesde sechste sexto sexta",
    7: "ketujuh seventh septième zevende siebte séptimo séptima",
    8: "kedelapan eighth huitième achtste achte octavo octava",
    9: "kesembilan ninth neuvième negende neunte noveno novena",
    10: "kesepuluh tenth dixième tiende zehnte décimo décima",
}.items():
    for _w in _words.split():
        ORDINAL_WORDS[_w] = _n

# Cardinal words from two up: "one"/"un"/"een"/"satu" are mostly articles and pronouns.
CARDINAL_WORDS: dict[str, int] = {}
for _n, _words in {
    2: "dua two deux twee zwei dos",
    3: "tiga three trois drie drei tres",
    4: "empat four quatre vier cuatro",
    5: "lima five cinq vijf fünf cinco",
    6: "enam six zes sechs seis",
    7: "tujuh seven sept zeven sieben siete",
    8: "delapan eight huit acht ocho",
    9: "sembilan nine neuf negen neun nueve",
    10: "sepuluh ten dix tien zehn diez",
    12: "twelve douze twaalf",
    20: "twenty vingt twintig",
    100: "seratus hundred cent honderd",
    1000: "seribu thousand mille duizend",
}.items():
    for _w in _words.split():
        CARDINAL_WORDS[_w] = _n

SCALE_WORDS: dict[str, int] = {
    "ribu": 1_000,
    "rb": 1_000,
    "thousand": 1_000,
    "mille": 1_000,
    "duizend": 1_000,
    "juta": 1_000_000,
    "jt": 1_000_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "miljoen": 1_000_000,
    "millionen": 1_000_000,
    "millones": 1_000_000,
    "mln": 1_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "billion": 1_000_000_000,
    "milliard": 1_000_000_000,
    "milliards": 1_000_000_000,
    "miljard": 1_000_000_000,
    "mld": 1_000_000_000,
    "triliun": 1_000_000_000_000,
    "trillion": 1_000_000_000_000,
}

_SCALES = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))

_NUMBER = re.compile(
    r"(?<![\w.,:/-])"
    r"(?:(?P<time>[0-2]?\d[.:][0-5]\d(?=\s*(?:WIB|WITA|WIT|uur|u\b|h\b|am\b|pm\b|a\.m|p\.m))"
    r"|[0-2]?\d:[0-5]\d(?::\d\d)?)"
    r"|(?P<num>\d{1,3}(?:(?P<grp>[.,\u00a0\u202f ])\d{3}(?![\d]))(?:(?P=grp)\d{3}(?!\d))*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?P<ord>(?:er|e|ème|ste|de|st|nd|rd|th)\b)?"
    r"(?:\s*(?P<scale>" + _SCALES + r")\b)?)"
    r"(?![\w/-]*\d)",
)
_CLOCK = re.compile(r"[0-2]?\d[.:][0-5]\d")
_TIME_CUE = re.compile(r"(?:pukul|pkl\.?|jam|om|at|à|vers|rond)\s+$")
_TOKEN = re.compile(r"[^\W\d_]+(?![\w/-]*\d)")
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = frozenset(ORDINAL_WORDS) | frozenset(CARDINAL_WORDS)


def _parse(raw: str, lang: str | None) -> int | float:
    comma_decimal = lang in DECIMAL_COMMA_LANGS if lang else None
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in raw:  # French thousands "4 000"
        raw = raw.replace(" ", "")
    if comma_decimal is None:
        # unknown language: the last separator followed by exactly three digits is a thousands mark
        last = max(raw.rfind("."), raw.rfind(","))
        comma_decimal = last >= 0 and raw[last] == "," and len(raw) - last - 1 != 3
        if last >= 0 and raw[last] == "." and len(raw) - last - 1 == 3 and raw.count(".") >= 1:
            comma_decimal = True
    # Thousands come in threes: one separator followed by another count of digits is the other
    # convention's decimal mark ("2.5 persen" in Indonesian, "3,5" in an English text).
    for mark, other in ((".", ","), (",", ".")):
        if raw.count(mark) == 1 and other not in raw and len(raw) - raw.rfind(mark) - 1 != 3:
            comma_decimal = mark == ","
    if comma_decimal:
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", "")
    value = float(raw)
    return int(value) if value.is_integer() and "." not in raw else value


def find_numbers(text: str, lang: str | None = None, skip: list[tuple[int, int]] | None = None) -> list[Mention]:
    """Every number in ``text``; spans overlapping ``skip`` (e.g. the dates found) are left out."""
    found = []
    low = text.lower()
    words = _NUMBER_WORDS.intersection(_TOKEN.findall(low))
    for m in _TOKEN.finditer(low) if words else ():  # a dictionary lookup per word beats a 150-way alternation
        value = ORDINAL_WORDS.get(m.group()) or CARDINAL_WORDS.get(m.group())
        if m.group() == "cent" and low[max(0, m.start() - 4) : m.start()] == "per ":
            continue  # "per cent" is a percentage, not a hundred
        if value is not None:
            found.append(Mention(value, m.start(), m.end(), text[m.start() : m.end()]))
    if not _DIGIT.search(text):
        return found
    for m in _NUMBER.finditer(text):
        if m.group("time"):
            continue
        start, end = m.span()
        if _CLOCK.fullmatch(m.group()) and _TIME_CUE.search(low, max(0, start - 8), start):
            continue  # "pukul 10.30", "jam 9.15": a time of day
        if skip and any(s < end and start < e for s, e in skip):
            continue
        try:
            value: int | float = _parse(m.group("num"), lang)
        except ValueError:
            continue
        if m.group("scale"):
            value = value * SCALE_WORDS[m.group("scale").lower()]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        found.append(Mention(value, start, end, text[start:end]))
    found.sort(key=lambda m: m.start)
    return found


def parse_number(raw: str, lang: str | None = None) -> int | float | None:
    """The value of one number as written ("4.000", "3,5", "2,5 juta", "ketiga"), or None."""
    found = find_numbers(raw.strip(), lang)
    return found[0].value if len(found) == 1 else None


def numbers_in(text: str, lang: str | None = None, skip: list[tuple[int, int]] | None = None) -> list[int | float]:
    return [m.value for m in find_numbers(text, lang, skip)]


_ORDINAL_SUFFIX = re.compile(r"\d(?:er|e|ème|ste|de|st|nd|rd|th)$", re.IGNORECASE)


def is_ordinal(mention: Mention) -> bool:
    """True for "ketiga", "third", "3rd", "1er", "derde": a rank rather than a quantity."""
    word = mention.text.lower()
    return word in ORDINAL_WORDS or bool(_ORDINAL_SUFFIX.search(word))
