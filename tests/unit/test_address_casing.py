"""An address published in capitals (the annuaire de l'éducation) shown in its usual French case:
the address index's street label when it knows the street, otherwise a title case that keeps French
linking words lower-case (mon_enfant.addresses.casing)."""

import pytest

from mon_enfant.addresses.casing import format_address, proper_locality, street_in_address, title_case_street


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("rue DES CORSAIRES", "rue des Corsaires"),
        ("rue LE POMELLEC", "rue Le Pomellec"),  # an article that begins the name is part of it
        ("avenue DE LA VILLE JOUAN", "avenue de la Ville Jouan"),  # after "de", it is not
        ("boulevard VILLEBOIS-MAREUIL", "boulevard Villebois-Mareuil"),
        ("allee D AURIGNY", "allee d'Aurigny"),  # the national files drop the apostrophe
        ("rue D'ALET", "rue d'Alet"),
        ("rue ST MICHEL", "rue Saint-Michel"),
        ("place STE ANNE", "place Sainte-Anne"),
        ("rue DU 1ER MAI", "rue du 1er Mai"),
        ("place DU 19 MARS 1962", "place du 19 Mars 1962"),
        ("rue LOUIS XIV", "rue Louis XIV"),
        ("chemin DES PRES AUX CHEVAUX", "chemin des Pres aux Chevaux"),
        ("LE BOURG", "Le Bourg"),  # a lieu-dit, no street type
        ("Rue de la Ville Jouan", "rue de la Ville Jouan"),  # already in its case: only the type lowered
        ("", ""),
    ],
)
def test_title_case_of_a_street_published_in_capitals(published, shown):
    assert title_case_street(published) == shown


@pytest.mark.parametrize(
    ("known", "shown"),
    [
        ("Rue des Corsaires", "rue des Corsaires"),
        ("Boulevard de la Tour d'Auvergne", "boulevard de la Tour d'Auvergne"),
        ("Le Bourg", "Le Bourg"),
        ("Rue", "Rue"),
    ],
)
def test_the_index_label_reads_after_a_house_number_with_its_type_lower_case(known, shown):
    assert street_in_address(known) == shown


@pytest.mark.parametrize(
    ("locality", "commune", "shown"),
    [
        ("ST MALO", "Saint-Malo", "Saint-Malo"),
        ("ST MALO CEDEX", "Saint-Malo", "Saint-Malo Cedex"),
        ("ST MELOIR DES ONDES", "Saint-Méloir-des-Ondes", "Saint-Méloir-des-Ondes"),  # the commune's accents
        ("SAINT JOUAN DES GUERETS", "", "Saint-Jouan-des-Guerets"),
        ("LA RICHARDAIS", "", "La Richardais"),
        ("COMBOURG", "Saint-Malo", "Combourg"),  # another commune's name is not borrowed
        ("Dinard", "", "Dinard"),
    ],
)
def test_the_locality_is_the_communes_own_name_when_it_is_that_name(locality, commune, shown):
    assert proper_locality(locality, commune) == shown


def test_the_issues_example_reads_in_its_usual_case():
    assert format_address("14 rue DES CORSAIRES", "35400", "ST MALO") == "14 rue des Corsaires, 35400 Saint-Malo"


def test_the_index_label_is_preferred_to_the_title_case():
    shown = format_address("5 rue HENRI LEMARIE", "35400", "ST MALO", known_street="Rue Henri Lémarié",
                           commune_name="Saint-Malo")
    assert shown == "5 rue Henri Lémarié, 35400 Saint-Malo"


def test_a_repetition_index_is_kept():
    assert format_address("12 BIS rue DES CORSAIRES") == "12 bis rue des Corsaires"


def test_an_address_without_a_number_starts_with_a_capital():
    assert format_address("rue DES CORSAIRES", "35400") == "Rue des Corsaires, 35400"


def test_nothing_published_gives_nothing():
    assert format_address("", "", "") == ""
