"""Dates in running text: ISO prefixes, never an invented day or month, no false dates."""

import pytest

from claimdesk.dates import dates_in, find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Pada April 2023, Dewan Kota Liège memutuskan", "id", ["2023-04"]),
        ("Sebelumnya, pada tahun 2021, Liège telah", "id", ["2021"]),
        ("Pada Mei 2023, Dewan Kota Verviers", "id", ["2023-05"]),
        ("Le conseil a voté lundi 24 avril 2023.", "fr", ["2023-04-24"]),
        ("Le premier versement est prévu le 1er mai 2023.", "fr", ["2023-05-01"]),
        ("De gemeenteraad besliste op 30 mei 2023.", "nl", ["2023-05-30"]),
        ("It was approved on April 24, 2023.", "en", ["2023-04-24"]),
        ("Rapat digelar 17 Agustus 2022 di Bandung.", "id", ["2022-08-17"]),
        ("Am 3. März 2023 stimmte der Rat zu.", "de", ["2023-03-03"]),
        ("El 24 de abril de 2023 el pleno votó.", "es", ["2023-04-24"]),
        ("Tarikh 5 Ogos 2021 dicatat.", "id", ["2021-08-05"]),
        ("Rapat 12 Des. 2022 ditunda.", "id", ["2022-12-12"]),
        ("The 2023-04-24 session.", "en", ["2023-04-24"]),
        ("In 2019 and since 2020 the plan stalled.", "en", ["2019", "2020"]),
        ("Leuven plant bomen tegen 2030.", "nl", ["2030"]),
    ],
)
def test_dates_found(text, lang, expected):
    assert dates_in(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mei Lestari datang ke rapat.", "id"),  # Mei the name
        ("You may 2 go now.", "en"),  # may the verb
        ("The March on Washington was huge.", "en"),  # March the walk
        ("Rapat dimulai pukul 10.30 WIB.", "id"),  # a clock time
        ("Harga naik 3,5 persen.", "id"),  # a decimal
        ("Sebanyak 2021 orang hadir.", "id"),  # a count, not a year
        ("prices may 2023 rise", "en"),  # lower-case "may" is never the month
        ("Tanggal 31/02/2023 tidak ada.", "id"),  # impossible day
        ("The match ended 24 April without a year.", "en"),  # no year: no date at all
    ],
)
def test_no_false_dates(text, lang):
    assert dates_in(text, lang) == []


def test_numeric_order_follows_language():
    assert dates_in("on 04/05/2023", "en") == ["2023-04-05"]
    assert dates_in("le 04/05/2023", "fr") == ["2023-05-04"]
    assert dates_in("pada 04/05/2023", "id") == ["2023-05-04"]
    assert dates_in("on 25/12/2023", "en") == ["2023-12-25"]  # only one valid reading


def test_spans_point_at_the_date():
    text = "Sebelumnya, pada tahun 2021, Liège"
    (m,) = find_dates(text, "id")
    assert text[m.start : m.end] == m.text == "2021"


def test_parse_date_of_a_short_string():
    assert parse_date("24 avril 2023", "fr") == "2023-04-24"
    assert parse_date("2021") == "2021"
    assert parse_date("bientôt", "fr") is None


def test_a_foreign_month_name_that_is_a_word_in_english_is_not_a_date():
    assert dates_in("The Mars 2020 rover landed on Mars.", "en") == []
    assert dates_in("Le 3 mars 2023, le conseil a voté.", "fr") == ["2023-03-03"]
    assert dates_in("On 3 March 2023 the council voted.", "en") == ["2023-03-03"]
