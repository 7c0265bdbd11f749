"""The carte scolaire logic's refusals (:class:`.logic.RuleError`: a code and its values) worded in the active
language, for the webmaster who imports a file or edits a rule or a zone in the admin. A value quoted from a
file is cut to 40 characters (:func:`mon_enfant.echo.echo`): enough to find it, never a whole megabyte.

Below the models in the layers (logic ← wording ← models ← services ← forms, pages, api, importers).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mon_enfant.echo import echo

from .logic import LEVELS, RuleError

_GEOS_REASONS = {
    "self_intersection": lambda: _("le contour se recoupe"),
    "ring_self_intersection": lambda: _("un contour se touche lui-même"),
    "hole_outside_shell": lambda: _("un trou sort du contour extérieur"),
    "nested_holes": lambda: _("un trou est dans un autre trou"),
    "disconnected_interior": lambda: _("l'intérieur est coupé en morceaux"),
    "nested_shells": lambda: _("un polygone est dans un autre"),
    "duplicate_rings": lambda: _("un contour est répété"),
    "too_few_points": lambda: _("un contour a trop peu de points distincts"),
}


def _quoted(value):
    return echo(repr(value))


def _polygon(polygon):
    if polygon is None:
        return _("le polygone")
    return _("le polygone n° %(number)s") % {"number": polygon}


def _ring(polygon, hole):
    if polygon is None:
        if hole == 0:
            return _("le contour extérieur du polygone")
        return _("le trou n° %(hole)s du polygone") % {"hole": hole}
    if hole == 0:
        return _("le contour extérieur du polygone n° %(number)s") % {"number": polygon}
    return _("le trou n° %(hole)s du polygone n° %(number)s") % {"hole": hole, "number": polygon}


def _invalid_polygon(reason, position):
    lead = _("GeoJSON refusé : polygone invalide (contour qui se recoupe ou parties qui se chevauchent) ;")
    if not position:
        return f"{lead} " + _("vérifiez le dessin de la zone.")
    worded = _GEOS_REASONS.get(reason, lambda: _("problème"))()
    return f"{lead} " + _("%(reason)s près de la position [%(position)s].") % {
        "reason": worded, "position": echo(position)}


# code -> French template (the catalogue's msgid); its placeholders come from :func:`_arguments`.
TEMPLATES = {
    "unknown_parity": gettext_noop("Parité inconnue : %(value)s (attendu : P, I, PI, pair, impair ou tous)."),
    "missing_commune": gettext_noop("Code INSEE de la commune manquant."),
    "unknown_level": gettext_noop("Niveau inconnu : %(value)s (attendu : %(levels)s)."),
    "missing_uai": gettext_noop("Code UAI de l'établissement manquant."),
    "blank_street": gettext_noop("Libellé de voie vide ou illisible : %(value)s."),
    "inverted_range": gettext_noop("Plage inversée pour %(street)s : n° %(first)s après n° %(last)s."),
    "invalid_priority": gettext_noop("Priorité invalide : %(value)s (attendu : un nombre entier)."),
    "invalid_number": gettext_noop("Numéro de voie invalide : %(value)s."),
    "unknown_repetition": gettext_noop("Indice de répétition inconnu : %(value)s."),
    "not_a_polygon": gettext_noop("La zone doit être un polygone (Polygon ou MultiPolygon)."),
    "unreadable_geojson": gettext_noop("GeoJSON illisible : ce n'est pas du JSON valide."),
    "not_a_geometry": gettext_noop("GeoJSON refusé : un objet avec « type » et « coordinates » est attendu."),
    "feature_not_geometry": gettext_noop(
        "GeoJSON refusé : « %(kind)s » reçu, une géométrie Polygon ou MultiPolygon est attendue "
        "(prendre la géométrie de chaque Feature)."),
    "unsupported_geometry": gettext_noop(
        "GeoJSON refusé : type « %(kind)s » non pris en charge (attendu : Polygon ou MultiPolygon)."),
    "empty_multipolygon": gettext_noop("GeoJSON refusé : le MultiPolygon ne contient aucun polygone."),
    "empty_zone": gettext_noop("GeoJSON refusé : la zone est vide (surface nulle, points alignés)."),
    "no_ring": gettext_noop("GeoJSON refusé : %(polygon)s n'a aucun contour."),
    "too_few_positions": gettext_noop("GeoJSON refusé : %(ring)s doit compter au moins 4 positions."),
    "ring_not_closed": gettext_noop(
        "GeoJSON refusé : %(ring)s n'est pas fermé (la dernière position doit répéter la première)."),
    "unreadable_position": gettext_noop("GeoJSON refusé : position illisible dans %(ring)s : %(position)s."),
    "non_numeric_coordinate": gettext_noop("GeoJSON refusé : coordonnée non numérique dans %(ring)s : %(position)s."),
    "non_finite_coordinate": gettext_noop("GeoJSON refusé : coordonnée non finie dans %(ring)s : %(position)s."),
    "coordinate_out_of_bounds": gettext_noop(
        "GeoJSON refusé : coordonnée hors limites dans %(ring)s : %(position)s (ordre attendu : longitude, latitude)."),
}


def _arguments(values):
    """The placeholders of a template from the error's values: quoted values cut, places named."""
    arguments = {"levels": ", ".join(LEVELS)}
    for name in ("value", "street", "position"):
        if name in values:
            arguments[name] = _quoted(values[name])
    if "kind" in values:
        arguments["kind"] = echo(values["kind"])
    for name in ("first", "last"):
        if name in values:
            arguments[name] = values[name]
    if "hole" in values:
        arguments["ring"] = _ring(values["polygon"], values["hole"])
    elif "polygon" in values:
        arguments["polygon"] = _polygon(values["polygon"])
    return arguments


def rule_error(error: RuleError) -> str:
    """The refusal in one sentence, in the active language."""
    if error.code == "invalid_polygon":
        return _invalid_polygon(error.values["reason"], error.values["position"])
    return _(TEMPLATES[error.code]) % _arguments(error.values)
