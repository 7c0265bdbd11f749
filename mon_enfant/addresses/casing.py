"""Show an address published in capitals in its usual French case.

The annuaire de l'éducation gives a school's address as ``12 rue DES CORSAIRES`` / ``35400`` /
``ST MALO``; a parent should read ``12 rue des Corsaires, 35400 Saint-Malo``. Pure and stdlib-only:
the Django layer passes what it knows.

The street, best source first:

1. the local address index, which names the street as the Base Adresse Nationale writes it, accents
   included ("Rue de la Ville Jouan"): the caller finds it by :func:`~.parsing.street_key` and passes it
   as ``known_street``; its leading street type is lower-cased, as French writes it after a number
   ("12 rue de la Ville Jouan");
2. otherwise :func:`title_case_street`: each word capitalised, hyphenated parts too
   ("Villebois-Mareuil"), except the street type and the French linking words (:data:`LINKING_WORDS`:
   "de", "du", "des", "à", "au", "aux", "et", "en", "sur", "sous", "lès", "ès"), which stay lower-case;
   an article ("le", "la", "les", "l'") is lower-case after a linking word ("rue de la Paix") and
   capitalised when it begins the name itself ("rue Le Pomellec"); a lone "D"/"L" is an elided
   article ("rue D ALET" -> "rue d'Alet"); "ST"/"STE" become "Saint"/"Sainte", joined to the name by a
   hyphen ("rue Saint-Michel"); Roman numerals stay upper-case ("Louis XIV"). Accents lost in capitals
   cannot be guessed: that is what the index is for.

The locality: the commune's own name when the published one is that name in capitals or abbreviated
("ST MALO" for "Saint-Malo", with "Cedex" kept), otherwise the title case above.
"""

from __future__ import annotations

import re

from .parsing import STREET_TYPE_ABBREVIATIONS, STREET_TYPES, parse_house_number, street_key

__all__ = ["LINKING_WORDS", "format_address", "proper_locality", "street_in_address", "title_case_street"]

LINKING_WORDS = frozenset({"DE", "DU", "DES", "A", "À", "AU", "AUX", "ET", "EN", "SUR", "SOUS", "LÈS", "LES", "ÈS",
                           "ES"})
_ARTICLES = frozenset({"LE", "LA", "LES"})
_ELIDED = frozenset({"D", "L"})
_SAINTS = {"ST": "Saint", "STE": "Sainte", "SAINT": "Saint", "SAINTE": "Sainte"}
_CEDEX = "CEDEX"
_ROMAN = re.compile(r"[IVXLC]{2,}")
_ORDINAL = re.compile(r"(\d+)([^\W\d_]+)")
_WORD = re.compile(r"[^\s]+")


def _capitalise(word: str) -> str:
    """"VILLEBOIS-MAREUIL" -> "Villebois-Mareuil"; "D'ALET" -> "d'Alet"; numerals and ordinals kept."""
    if "-" in word:
        return "-".join(_capitalise(part) for part in word.split("-"))
    for apostrophe in ("'", "’"):
        if apostrophe in word:
            head, _, tail = word.partition(apostrophe)
            if head.upper() in _ELIDED:
                return f"{head.lower()}{apostrophe}{_capitalise(tail)}"
    if _ROMAN.fullmatch(word.upper()) and word.isupper():
        return word
    ordinal = _ORDINAL.fullmatch(word)
    if ordinal:
        return ordinal.group(1) + ordinal.group(2).lower()
    return word[:1].upper() + word[1:].lower()


def _is_street_type(word: str) -> bool:
    folded = street_key(word)
    return folded in STREET_TYPES or word.upper().rstrip(".") in STREET_TYPE_ABBREVIATIONS


def title_case_street(label: str) -> str:
    """A street label written in capitals, in its usual case: "rue DES CORSAIRES" -> "rue des Corsaires"."""
    words = _WORD.findall(label or "")
    shown: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        upper = word.upper()
        following = words[index + 1] if index + 1 < len(words) else ""
        after_linking_word = bool(shown) and shown[-1].upper() in LINKING_WORDS
        if index == 0 and _is_street_type(word) and following:
            shown.append(word.lower())
        elif upper in _ELIDED and following:
            shown.append(f"{upper.lower()}'{_capitalise(following)}")
            index += 1
        elif upper in _SAINTS and following and following.upper() not in LINKING_WORDS | _ARTICLES:
            shown.append(f"{_SAINTS[upper]}-{_capitalise(following)}")
            index += 1
        elif shown and (upper in LINKING_WORDS - _ARTICLES or (upper in _ARTICLES and after_linking_word)):
            shown.append(word.lower())
        else:
            shown.append(_capitalise(word))
        index += 1
    return " ".join(shown)


def street_in_address(known_street: str) -> str:
    """The index's label as it reads after a house number: "Rue des Corsaires" -> "rue des Corsaires"."""
    first, _, rest = known_street.partition(" ")
    if rest and _is_street_type(first):
        return f"{first.lower()} {rest}"
    return known_street


def proper_locality(locality: str, commune_name: str = "") -> str:
    """"ST MALO" -> "Saint-Malo" for the commune Saint-Malo; "ST MALO CEDEX" -> "Saint-Malo Cedex"."""
    words = (locality or "").split()
    cedex = bool(words) and words[-1].upper() == _CEDEX
    name = " ".join(words[:-1] if cedex else words)
    if commune_name and street_key(name) == street_key(commune_name):
        shown = commune_name
    elif name.isupper():
        shown = _commune_case(name.split())
    else:
        shown = name
    return f"{shown} Cedex" if cedex else shown


def _commune_case(words: list[str]) -> str:
    """"SAINT JOUAN DES GUERETS" -> "Saint-Jouan-des-Guerets", "LA RICHARDAIS" -> "La Richardais": French
    commune names join their words with hyphens, after a leading article."""
    article = _capitalise(words[0]) + " " if len(words) > 1 and words[0] in _ARTICLES else ""
    rest = words[1:] if article else words
    parts = [_SAINTS.get(word) or (word.lower() if index and word in LINKING_WORDS else _capitalise(word))
             for index, word in enumerate(rest)]
    return article + "-".join(parts)


def format_address(address: str, postcode: str = "", locality: str = "", *, known_street: str = "",
                   commune_name: str = "") -> str:
    """The whole address on one line: "12 rue des Corsaires, 35400 Saint-Malo".

    ``address`` is the number and street as published; ``known_street`` the address index's label of
    that street, when it has one.
    """
    number, street = parse_house_number(address or "")
    street = street_in_address(known_street) if known_street else title_case_street(street)
    line = f"{number} {street}" if number is not None else street[:1].upper() + street[1:]
    place = " ".join(part for part in (postcode, proper_locality(locality, commune_name)) if part)
    return ", ".join(part for part in (line, place) if part)
