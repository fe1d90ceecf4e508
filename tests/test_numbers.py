"""Numbers read with each language's separators, plus ordinal and scale words."""

import pytest

from claimdesk.numbers import find_numbers, is_ordinal, numbers_in, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("4.000 warga hadir", "id", [4000]),
        ("naik 3,5 persen", "id", [3.5]),
        ("4,000 people", "en", [4000]),
        ("up 3.5%", "en", [3.5]),
        ("4 000 habitants", "fr", [4000]),
        ("1.234.567 orang", "id", [1234567]),
        ("2,5 juta orang", "id", [2500000]),
        ("12,5 miljoen euro", "nl", [12500000]),
        ("€12.5 million", "en", [12500000]),
        ("kota ketiga dan keempat", "id", [3, 4]),
        ("la troisième ville", "fr", [3]),
        ("the third city", "en", [3]),
        ("de derde stad", "nl", [3]),
        ("le 1er versement", "fr", [1]),
        ("pukul 10.30 WIB", "id", []),
        ("at 10:30 the council met", "en", []),
    ],
)
def test_numbers(text, lang, expected):
    assert numbers_in(text, lang) == expected


def test_ordinals_are_marked():
    mentions = find_numbers("kota ketiga dengan 4.000 warga", "id")
    assert [is_ordinal(m) for m in mentions] == [True, False]


def test_skip_spans_leave_dates_out():
    text = "Pada April 2023, 4.000 warga"
    assert numbers_in(text, "id", skip=[(5, 15)]) == [4000]


def test_parse_number():
    assert parse_number("4.000", "id") == 4000
    assert parse_number("3,5", "fr") == 3.5
    assert parse_number("lots", "en") is None


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Rapat dimulai pukul 10.30 di Balai Kota.", "id", []),  # a time of day
        ("naik 2.5 persen", "id", [2.5]),  # a dot before one digit is a decimal point, even in id
        ("1.5 juta warga", "id", [1_500_000]),
        ("1.234.567 orang", "id", [1_234_567]),
        ("a 3,5 rise", "en", [3.5]),
        ("up 3.5 per cent", "en", [3.5]),  # "cent" after "per" is no hundred
    ],
)
def test_separators_that_break_the_language_convention(text, lang, expected):
    assert numbers_in(text, lang) == expected
