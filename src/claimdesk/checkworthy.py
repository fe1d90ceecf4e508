"""A transparent check-worthiness score: features that make a sentence checkable, against
signals of opinion, each with a weight; the reasons say which fired.

A sentence is worth checking when it says something specific that a source could confirm or
refute: a date, a number, named entities, a decision taken, something someone said, a relation
between named parties, a rank. Opinion shows as hedges and modals ("tampak", "semoga", "harus",
"should", "il faut", "zou moeten"), first person, exclamations and questions, evaluative
adjectives, and interpretive verbs ("mencerminkan", "reflects", "témoigne", "weerspiegelt").
``score`` is the logistic of the weighted sum; check-worthy means score >= THRESHOLD.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from claimdesk.mentions import trie_regex

THRESHOLD = 0.5
BIAS = -1.5
WEIGHTS = {
    "date": 1.5,
    "number": 1.0,
    "ranking": 1.0,
    "entity": (1.0, 0.5, 0.25),  # first, second, third entity
    "decision verb": 1.5,
    "reporting verb": 1.0,
    "relation": 0.8,
    "citation": 0.3,
    "hedge": -2.0,
    "first person": -1.2,
    "exclamation": -1.5,
    "question": -1.5,
    "evaluative": -0.7,
    "evaluative cap": -2.0,
    "interpretive verb": -1.5,
    "short": -1.0,
}

# Regular-expression fragments per language; each list is matched as whole words, case-insensitive.
LEXICON: dict[str, dict[str, list[str]]] = {
    "decision verb": {
        "id": [
            r"(?:mem|di)utuskan",
            r"(?:meny|dis)etujui",
            r"(?:meng|di)sahkan",
            r"(?:men|di)etapkan",
            r"mengeluarkan (?:resolusi|keputusan|larangan|peraturan|mosi)",
            r"(?:men|di)erbitkan",
            r"(?:meng|di)adopsi",
            r"(?:mem|di)berlakukan",
            r"(?:me|di)larang",
            r"(?:mem|di)batalkan",
            r"(?:meng|di)hentikan",
            r"(?:me|di)nolak",
            r"(?:menan|di)tandatangani",
            r"(?:me|di)loloskan",
            r"(?:meng|di)akhiri",
            r"(?:mem|di)boikot",
            r"(?:me|di)mutus(?:kan)? hubungan",
            r"voting",
        ],
        "en": [
            r"vot(?:ed|es)",
            r"approv(?:ed|es)",
            r"adopt(?:ed|s)",
            r"pass(?:ed|es)",
            r"decid(?:ed|es)",
            r"reject(?:ed|s)",
            r"bann(?:ed)|bans",
            r"suspend(?:ed|s)",
            r"cut ties",
            r"severed?",
            r"sever(?:ed|s)",
            r"sign(?:ed|s)",
            r"resolved",
            r"endors(?:ed|es)",
            r"ratifi(?:ed|es)",
            r"enact(?:ed|s)",
            r"impos(?:ed|es)",
            r"withdr(?:ew|awn)",
            r"ended",
            r"boycott(?:ed|s)",
            r"terminat(?:ed|es)",
        ],
        "fr": [
            r"vot(?:é|ée|és|ées|e|ent)",
            r"adopt(?:é|ée|és|ées|e|ent)",
            r"approuv(?:é|ée|és|ées|e|ent)",
            r"décid(?:é|ée|e|ent)",
            r"rejet(?:é|ée|te|tent)",
            r"suspend(?:u|ue|us|ent)",
            r"romp(?:u|ue|t|ent)",
            r"interdi(?:t|te|sent)",
            r"sign(?:é|ée|e|ent)",
            r"ratifi(?:é|ée|e|ent)",
            r"entérin(?:é|ée|e|ent)",
            r"boycott(?:é|ée|e|ent)",
            r"mis fin",
            r"met fin",
        ],
        "nl": [
            r"besl(?:oot|oten)",
            r"stemde[n]?",
            r"gestemd",
            r"keurde[n]? .{0,40}goed",
            r"goedgekeurd",
            r"nam(?:en)? .{0,40}aan",
            r"aangenomen",
            r"verwierp(?:en)?",
            r"verworpen",
            r"opgeschort",
            r"schortte[n]?",
            r"verbr(?:ak|aken|oken)",
            r"verbood",
            r"verboden",
            r"ondertekend(?:e|en)?",
            r"boycot(?:te|ten|t)",
            r"beëindigd(?:e|en)?",
            r"stopte[n]?",
        ],
    },
    "reporting verb": {
        "id": [
            r"(?:meng|di)atakan",
            r"(?:meny|di)atakan",
            r"(?:meng|di)ungkapkan",
            r"(?:men|di)jelaskan",
            r"(?:meny|di)ebutkan",
            r"menurut",
            r"kata(?:nya)?",
            r"ujar(?:nya)?",
            r"tutur(?:nya)?",
            r"(?:me|di)laporkan",
            r"(?:meng|di)umumkan",
            r"(?:meny|di)ampaikan",
            r"(?:meng|di)konfirmasi",
        ],
        "en": [
            r"said",
            r"says",
            r"told",
            r"stated",
            r"announced",
            r"reported",
            r"according to",
            r"confirmed",
            r"declared",
            r"wrote",
            r"claimed",
        ],
        "fr": [
            r"(?:a|ont) (?:déclaré|dit|affirmé|annoncé|indiqué|précisé|confirmé|expliqué)",
            r"selon",
            r"d'après",
            r"d’après",
            r"déclare",
            r"affirme",
            r"explique",
            r"indique",
            r"annonce",
        ],
        "nl": [
            r"zei(?:den)?",
            r"zegt",
            r"verklaarde[n]?",
            r"meldde[n]?",
            r"volgens",
            r"aldus",
            r"bevestigde[n]?",
            r"liet .{0,30}weten",
            r"kondigde[n]? .{0,40}aan",
            r"schreef",
        ],
    },
    "relation": {
        "id": [
            r"(?:memiliki|menjalin|menjalankan|membangun|mempunyai) hubungan",
            r"hubungan (?:formal|resmi|diplomatik)",
            r"kota kembar",
            r"bermitra",
            r"kerja ?sama dengan",
            r"anggota",
            r"bagian dari",
        ],
        "en": [
            r"ties with",
            r"relations with",
            r"twinn?ed",
            r"twin (?:town|city)",
            r"sister city",
            r"partnership with",
            r"member of",
            r"part of",
        ],
        "fr": [r"relations? avec", r"liens avec", r"jumel(?:é|ée|age)", r"partenariat", r"membre de"],
        "nl": [
            r"banden met",
            r"relaties? met",
            r"stedenband",
            r"zusterstad",
            r"samenwerking met",
            r"lid van",
        ],
    },
    "ranking": {
        "id": [r"ter(?:besar|banyak|tinggi|rendah|kecil|luas|panjang|awal|akhir)", r"satu-satunya"],
        "en": [r"largest", r"biggest", r"highest", r"lowest", r"smallest", r"only (?:city|town|country|one)"],
        "fr": [
            r"(?:le|la|les) plus (?:grand|grande|grands|élevé|élevée|petit|petite)",
            r"seule? (?:ville|commune)",
        ],
        "nl": [r"grootste", r"hoogste", r"laagste", r"kleinste", r"enige (?:stad|gemeente)"],
    },
    "hedge": {
        "id": [
            r"tampak(?:nya)?",
            r"terlihat",
            r"sepertinya",
            r"seolah(?:-olah)?",
            r"mungkin",
            r"barangkali",
            r"semoga",
            r"harus(?:lah)?",
            r"seharusnya",
            r"sebaiknya",
            r"hendaknya",
            r"mesti(?:nya)?",
            r"patut",
            r"agaknya",
            r"kiranya",
            r"diharapkan",
        ],
        "en": [
            r"seems?",
            r"appears?",
            r"apparently",
            r"perhaps",
            r"maybe",
            r"might",
            r"should",
            r"must",
            r"ought",
            r"hopefully",
            r"arguably",
            r"probably",
            r"surely",
        ],
        "fr": [
            r"sembl(?:e|ent)",
            r"para[iî]t",
            r"peut-être",
            r"sans doute",
            r"devrai(?:t|ent)",
            r"il faut",
            r"faudrait",
            r"espérons",
            r"probablement",
            r"sûrement",
        ],
        "nl": [
            r"lijk(?:t|en)",
            r"schijnt",
            r"misschien",
            r"wellicht",
            r"zou(?:den)? moeten",
            r"moet(?:en)?",
            r"hopelijk",
            r"waarschijnlijk",
            r"vermoedelijk",
        ],
    },
    "first person": {
        "id": [r"saya", r"aku", r"kami", r"kita", r"gue", r"gw"],
        "en": [r"(?-i:I)", r"me", r"my", r"we", r"our", r"(?-i:us)"],
        "fr": [r"je", r"j'", r"j’", r"moi", r"nous", r"notre", r"nos"],
        "nl": [r"ik", r"mij", r"mijn", r"wij", r"we", r"ons", r"onze"],
    },
    "evaluative": {
        "id": [
            r"progresif",
            r"radikal",
            r"signifikan",
            r"penting",
            r"bagus",
            r"hebat",
            r"luar biasa",
            r"memalukan",
            r"mengerikan",
            r"simbolis",
            r"simbolik",
            r"normatif",
            r"ideal",
            r"sempurna",
            r"buruk",
            r"tragis",
            r"menyedihkan",
            r"miris",
            r"mencolok",
            r"kejam",
            r"terpuji",
            r"berani",
        ],
        "en": [
            r"progressive",
            r"radical",
            r"significant",
            r"important",
            r"remarkable",
            r"shameful",
            r"brave",
            r"courageous",
            r"bold",
            r"symbolic",
            r"admirable",
            r"disgraceful",
            r"outrageous",
            r"terrible",
            r"excellent",
            r"great",
            r"crucial",
            r"vital",
            r"laudable",
            r"naive",
            r"hypocritical",
            r"meaningless",
            r"welcome",
            r"pointless",
            r"empty",
            r"brilliant",
            r"wonderful",
        ],
        "fr": [
            r"progressiste",
            r"radical(?:e|es|aux)?",
            r"significati(?:f|ve)",
            r"important(?:e|es|s)?",
            r"remarquable",
            r"honteu(?:x|se)",
            r"courageu(?:x|se)",
            r"symbolique",
            r"admirable",
            r"scandaleu(?:x|se)",
            r"excellent(?:e)?",
            r"essentiel(?:le)?",
            r"crucial(?:e)?",
            r"louable",
            r"naïf|naïve",
            r"hypocrite",
            r"bienvenu(?:e)?",
            r"formidable",
            r"inutile",
        ],
        "nl": [
            r"progressie(?:f|ve)",
            r"radica(?:al|le)",
            r"belangrijke?",
            r"opmerkelijke?",
            r"beschamende?",
            r"moedige?",
            r"symbolische?",
            r"bewonderenswaardige?",
            r"schandalige?",
            r"uitstekende?",
            r"cruciale?",
            r"essentiële?",
            r"lovenswaardige?",
            r"naïeve?",
            r"hypocriete?",
            r"terecht",
            r"onterecht",
            r"geweldige?",
            r"zinloze?",
            r"zinloos",
        ],
    },
    "interpretive verb": {
        "id": [
            r"mencerminkan",
            r"menunjukkan bagaimana",
            r"menegaskan (?:peran|posisi|bahwa)",
            r"menegaskan",
            r"merupakan bukti",
            r"adalah bukti",
            r"membuktikan",
            r"melambangkan",
            r"menandakan",
        ],
        "en": [
            r"reflects?",
            r"shows how",
            r"illustrates?",
            r"underlines?",
            r"underscores?",
            r"demonstrates?",
            r"testif(?:y|ies)",
            r"symboli[sz]es?",
            r"is a sign",
            r"speaks volumes",
        ],
        "fr": [
            r"refl[eè]t(?:e|ent)",
            r"témoign(?:e|ent)",
            r"illustr(?:e|ent)",
            r"soulign(?:e|ent)",
            r"montr(?:e|ent) (?:bien )?comment",
            r"démontr(?:e|ent)",
            r"symbolis(?:e|ent)",
            r"tradui(?:t|sent)",
        ],
        "nl": [
            r"weerspiegel(?:t|en)",
            r"illustre(?:ert|ren)",
            r"onderstre(?:ept|pen)",
            r"laat zien hoe",
            r"to(?:ont|nen) aan",
            r"getuigt",
            r"symboliseer(?:t|en)",
            r"is een teken",
        ],
    },
}


def _trigger(fragment: str) -> str:
    """The longest literal stretch every match of ``fragment`` contains ("" when none is sure)."""
    prev = None
    while prev != fragment:
        prev = fragment
        fragment = re.sub(r"\([^()]*\)[?*]?|\[[^\]]*\][?*]?|.\?|\.\{\d+,\d+\}|\\.", "\x00", fragment)
        fragment = re.sub(r"\([^()]*\)", "\x00", fragment)
    pieces = [p for p in re.split(r"[\x00|+*{}()\[\]^$]", fragment) if p.strip()]
    if "|" in prev or not pieces:
        return ""
    return max(pieces, key=len).lower()


_Entry = tuple[int, str, re.Pattern[str]]


@lru_cache(maxsize=32)
def _trigger_scan(
    lang: str | None,
) -> tuple[re.Pattern[str], dict[str, list[_Entry]], list[_Entry]]:
    """A scanner finding every trigger at every position; for each trigger found, the
    (feature, pattern) pairs it unlocks, including those of the shorter triggers it starts with
    (a greedy scan reports only the longest one at a position); and the pairs with no trigger."""
    by_trigger: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    always = []
    rank = 0
    for feature, pairs in _patterns(lang).items():
        for trigger, pattern in pairs:
            rank += 1
            if trigger:
                by_trigger.setdefault(trigger, []).append((rank, feature, pattern))
            else:
                always.append((rank, feature, pattern))
    triggers = sorted(by_trigger)
    unlocks = {t: [fp for p in triggers if t.startswith(p) for fp in by_trigger[p]] for t in triggers}
    return re.compile("(?=(" + trie_regex(triggers) + "))"), unlocks, always


@lru_cache(maxsize=32)
def _patterns(lang: str | None) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Per feature, (trigger, pattern) pairs: a pattern runs only when its trigger is in the text,
    which keeps hundreds of fragments from being tried at every word of every sentence."""
    out = {}
    for feature, by_lang in LEXICON.items():
        frags = by_lang[lang] if lang in by_lang else [f for fs in by_lang.values() for f in fs]
        out[feature] = [
            (_trigger(f), re.compile(r"(?<![\w'’-])(?:" + f + r")(?![\w'’-])", re.IGNORECASE)) for f in frags
        ]
    return out


@dataclass
class Judgement:
    score: float
    kind: str
    reasons: list[str] = field(default_factory=list)

    @property
    def checkworthy(self) -> bool:
        return self.score >= THRESHOLD


def lexicon_hits(text: str, lang: str | None) -> dict[str, list[str]]:
    """The words of each lexicon feature found in ``text``."""
    hits: dict[str, list[str]] = {}
    scan, unlocks, always = _trigger_scan(lang)
    candidates = list(always)
    for trigger in set(scan.findall(text.lower())):
        candidates.extend(unlocks[trigger])
    seen: set[int] = set()
    for rank, feature, pattern in sorted(candidates, key=lambda entry: entry[0]):  # lexicon order
        if rank in seen:
            continue
        seen.add(rank)
        for m in pattern.finditer(text):
            words = hits.setdefault(feature, [])
            if m.group().lower() not in words:
                words.append(m.group().lower())
    return hits


def judge(
    text: str,
    lang: str | None,
    dates: list[str],
    numbers: list[int | float],
    ordinals: list[int | float],
    entities: list[str],
    urls: list[str],
) -> Judgement:
    """Score one sentence from its features; the reasons list every feature that fired."""
    hits = lexicon_hits(text, lang)
    z = BIAS
    reasons: list[str] = []

    def fire(feature: str, detail: str, weight: float) -> None:
        nonlocal z
        z += weight
        reasons.append(f"{feature}: {detail}")

    for d in dates[:1]:
        fire("date", d, WEIGHTS["date"])
    quantities = [n for n in numbers if n not in ordinals]
    if quantities:
        fire("number", ", ".join(_fmt(n) for n in quantities[:3]), WEIGHTS["number"])
    ranks = hits.get("ranking", [])
    if ordinals or ranks:
        fire("ranking", ", ".join([*(_fmt(n) for n in ordinals[:2]), *ranks[:2]]), WEIGHTS["ranking"])
    for w, name in zip(WEIGHTS["entity"], entities, strict=False):
        fire("entity", name, w)
    for feature in ("decision verb", "reporting verb", "relation"):
        if feature in hits:
            fire(feature, hits[feature][0], WEIGHTS[feature])
    if urls:
        fire("citation", urls[0], WEIGHTS["citation"])
    for feature in ("hedge", "first person", "interpretive verb"):
        if feature in hits:
            fire(feature, hits[feature][0], WEIGHTS[feature])
    if "evaluative" in hits:
        weight = max(WEIGHTS["evaluative cap"], WEIGHTS["evaluative"] * len(hits["evaluative"]))
        fire("evaluative", ", ".join(hits["evaluative"][:3]), weight)
    stripped = text.rstrip("\"'”’»)] ")
    if stripped.endswith("!"):
        fire("exclamation", "!", WEIGHTS["exclamation"])
    elif stripped.endswith("?"):
        fire("question", "?", WEIGHTS["question"])
    if len(text.split()) < 5:
        fire("short", f"{len(text.split())} words", WEIGHTS["short"])

    score = round(1 / (1 + math.exp(-z)), 3)
    return Judgement(score, _kind(hits, dates, quantities, ordinals), reasons)


def _kind(hits: dict[str, list[str]], dates: list[str], quantities: list, ordinals: list) -> str:
    if ordinals or "ranking" in hits:
        return "ranking"
    if quantities:
        return "quantity"
    if "decision verb" in hits:
        return "event"
    if "reporting verb" in hits:
        return "attribution"
    if dates:
        return "event"
    if "relation" in hits:
        return "relation"
    return "other"


def _fmt(n: int | float) -> str:
    return f"{n:g}" if isinstance(n, float) else str(n)
