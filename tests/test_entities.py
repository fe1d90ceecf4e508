"""Entities: one canonical name across languages, acronyms only as written."""

import pytest

from claimdesk.entities import canonical, entities_in


@pytest.mark.parametrize(
    "name",
    ["Dewan Kota Liège", "conseil communal de Liège", "Liège city council", "gemeenteraad van Luik"],
)
def test_city_council_aliases(name):
    assert canonical(name) == "Liège City Council"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Liège", "Luik", "Liege"], "Liège"),
        (["Partai Buruh", "PTB", "Workers' Party of Belgium", "PVDA"], "Workers' Party of Belgium"),
        (["Partai Sosialis", "PS", "Parti socialiste"], "Socialist Party (PS)"),
        (["Konfederasi Ekologis", "Ecolo"], "Ecolo"),
        (["Tepi Barat", "Cisjordanie", "West Bank", "Westelijke Jordaanoever"], "West Bank"),
        (["Israel", "Israël"], "Israel"),
        (["Belgium", "Belgia", "Belgique", "België"], "Belgium"),
        (["Europe", "Eropa", "Europa"], "Europe"),
        (["Barcelona", "Barcelone"], "Barcelona"),
        (["Palestine", "Palestina"], "Palestine"),
    ],
)
def test_canonical_names(names, expected):
    assert {canonical(n) for n in names} == {expected}


def test_entities_in_a_sentence():
    text = "Pada Mei 2023, Dewan Kota Verviers menyetujui mosi dari Partai Sosialis dan Partai Buruh."
    assert entities_in(text, "id") == ["Verviers City Council", "Socialist Party (PS)", "Workers' Party of Belgium"]


def test_acronyms_match_only_as_written():
    assert "Socialist Party (PS)" in entities_in("Le PS a voté pour.", "fr")
    assert entities_in("a ps at the end of a letter", "en") == []


def test_gazetteer_noise_is_not_an_entity():
    # "kota" is a city name in the gazetteer, "Pada" opens the sentence
    assert entities_in("Pada akhirnya kota itu diam.", "id") == []


def test_titles_do_not_end_a_sentence_for_names():
    assert "Dupont" in entities_in("Selon M. Dupont, la motion passe.", "fr")
    assert "Watteeuw" in entities_in("Mr. Watteeuw said so.", "en")


def test_accents_and_case_folded():
    assert entities_in("the LIEGE city council met", "en") == ["Liège City Council"]
