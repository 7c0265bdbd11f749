"""Reading the GeoJSON files communes import (zones, points): one
reader, so that every import refuses a hostile document the same way, with a French message.

:func:`read_features` parses a ``FeatureCollection`` and gives its features, after refusing, with a
message that says what is wrong: objects nested deeper than any map needs (which would otherwise reach
Python's recursion limit inside ``json.loads``), unreadable JSON (with its line and column), a number of
thousands of digits, a string holding a NUL (PostgreSQL stores none), a document that is not a
FeatureCollection, an empty one, or more features than ``MON_ENFANT_IMPORT_MAX_ROWS``.
"""

import json
import re

from django.utils.translation import gettext as _

from .csvfiles import ImportFileError, LineError, check_row_count, refuse_nul_character

# A FeatureCollection's MultiPolygon positions lie 8 levels deep (collection, features, feature, geometry,
# coordinates, polygon, ring, position); properties are flat. Room to spare, far below Python's recursion
# limit, which a document of 100,000 nested lists would otherwise hit inside json.loads.
MAX_NESTING = 20
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def json_nesting_exceeds(text, limit):
    """Whether objects and arrays nest deeper than ``limit`` in a JSON text (strings skipped), in one pass."""
    depth = 0
    for bracket in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def looks_like_geojson(data: bytes) -> bool:
    """A JSON document rather than a CSV table: its first significant character opens an object or array,
    or the whole file is one JSON value (``null``, ``42``), which no CSV header is either."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return True
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # a CSV table stops the parser at its first separator
        return False
    return True


def json_nul_position(text):
    """Where a JSON text's first string holding a NUL (written ``\\u0000``) starts, or -1.

    PostgreSQL stores no NUL, in a text column or in ``jsonb``. ``text`` is a valid JSON document: outside
    its strings it holds no quote, so its strings are found by one scan from its start.
    """
    for match in _JSON_STRING.finditer(text):
        string = match.group()
        if "\\u0000" in string and "\x00" in json.loads(string):
            return match.start()
    return -1


def read_features(text):
    """The features of a GeoJSON FeatureCollection (a list, not yet checked one by one), or
    :class:`~mon_enfant.csvfiles.ImportFileError` saying why the document is refused."""
    text = text.lstrip("\ufeff")
    if json_nesting_exceeds(text, MAX_NESTING):
        raise ImportFileError([LineError(None, _(
            "GeoJSON refusé : objets et listes imbriqués sur plus de %(max)s niveaux, ce qu'aucune carte "
            "ne demande.") % {"max": MAX_NESTING})])
    try:
        document = json.loads(text)
    except ValueError as exc:
        # The json module's messages are English: the line and column say where, in French.
        if isinstance(exc, json.JSONDecodeError):
            raise ImportFileError([LineError(exc.lineno, _(
                "JSON illisible à la colonne %(column)s (virgule, guillemet, crochet ou accolade manquant "
                "ou en trop ?).") % {"column": exc.colno})]) from exc
        # Only a number of more than 4,300 digits gets past the parser's grammar and is refused.
        raise ImportFileError([LineError(None, _(
            "JSON refusé : un nombre compte des milliers de chiffres, ce qu'aucune carte ne demande."))]) from exc
    refuse_nul_character(text, json_nul_position(text))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise ImportFileError([LineError(None, _(
            "GeoJSON refusé : une FeatureCollection (« type »: « FeatureCollection », « features »: [...]) "
            "est attendue."))])
    features = document["features"]
    if not features:
        raise ImportFileError([LineError(None, _("GeoJSON refusé : la FeatureCollection ne contient aucun objet."))])
    check_row_count(len(features), features=True)
    return features
