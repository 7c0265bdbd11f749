"""Carte scolaire zones: a school's sector drawn as a polygon, for communes whose carte scolaire is a map.

A zone answers only when no street rule does and a point (latitude, longitude, from a geocoder) is
known; a point on the border is inside.  Geometries are GeoJSON ``Polygon`` or ``MultiPolygon`` in
WGS84 (``[longitude, latitude]``), validated before use: unclosed rings, too few positions, out-of-range
or non-numeric coordinates, empty or self-intersecting polygons are refused with a French
``ValueError`` for the webmaster who imports them.  No Django import here.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from mon_enfant.echo import echo

from .rules import check_scope


@dataclass(frozen=True, slots=True, kw_only=True)
class Zone:
    """A school's catchment drawn as a polygon; used when no street rule answers and a point is known."""

    commune: str
    level: str
    uai: str
    geometry: BaseGeometry
    school_year: str | None = None
    priority: int = 0
    note: str = ""
    zone_id: int | None = None

    def __post_init__(self) -> None:
        check_scope(self)
        if not isinstance(self.geometry, Polygon | MultiPolygon):
            raise ValueError("La zone doit être un polygone (Polygon ou MultiPolygon).")

    @classmethod
    def from_geojson(cls, geojson: Mapping[str, Any] | str, **fields: Any) -> Zone:
        """Build a zone from a GeoJSON ``Polygon`` or ``MultiPolygon`` geometry (dict or JSON text).

        Coordinates are GeoJSON's ``[longitude, latitude]`` in WGS84.  Refused with a French
        ``ValueError``: other geometry types (a ``Feature`` must be unwrapped by the caller, who reads
        its properties), unclosed rings, rings of fewer than 4 positions, non-numeric or out-of-range
        coordinates, self-intersecting or empty polygons.
        """
        return cls(geometry=geometry_from_geojson(geojson), **fields)

    def contains(self, latitude: float, longitude: float) -> bool:
        """Whether the point is inside the zone or on its border."""
        return self.geometry.intersects(Point(longitude, latitude))


def geometry_from_geojson(geojson: Mapping[str, Any] | str) -> Polygon | MultiPolygon:
    """Validate a GeoJSON Polygon/MultiPolygon and build the shapely geometry (see :meth:`Zone.from_geojson`)."""
    if isinstance(geojson, str):
        try:
            geojson = json.loads(geojson)
        except ValueError as error:
            raise ValueError(f"GeoJSON illisible : {error}.") from None
    if not isinstance(geojson, Mapping):
        raise ValueError("GeoJSON refusé : un objet avec « type » et « coordinates » est attendu.")
    kind = geojson.get("type")
    if kind in ("Feature", "FeatureCollection"):
        raise ValueError(
            f"GeoJSON refusé : « {kind} » reçu, une géométrie Polygon ou MultiPolygon est attendue "
            "(prendre la géométrie de chaque Feature)."
        )
    if kind not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"GeoJSON refusé : type « {kind} » non pris en charge (attendu : Polygon ou MultiPolygon).")
    coordinates = geojson.get("coordinates")
    if kind == "Polygon":
        geometry: Polygon | MultiPolygon = _polygon(coordinates, ("le polygone", "du polygone"))
    else:
        if not isinstance(coordinates, list | tuple) or not coordinates:
            raise ValueError("GeoJSON refusé : le MultiPolygon ne contient aucun polygone.")
        geometry = MultiPolygon(
            [_polygon(part, (f"le polygone n° {index}", f"du polygone n° {index}"))
             for index, part in enumerate(coordinates, start=1)]
        )
    # The hull, not the area: a self-crossing "bow tie" has a zero area too, but is another mistake.
    if geometry.is_empty or geometry.convex_hull.area == 0:
        raise ValueError("GeoJSON refusé : la zone est vide (surface nulle, points alignés).")
    if not geometry.is_valid:
        raise ValueError(
            "GeoJSON refusé : polygone invalide (contour qui se recoupe ou parties qui se chevauchent) ; "
            f"{_invalidity(explain_validity(geometry))}."
        )
    return geometry


# GEOS explains an invalid geometry in English ("Self-intersection[-2.01 48.65]"): its reasons, in French.
_GEOS_REASONS = {
    "Self-intersection": "le contour se recoupe",
    "Ring Self-intersection": "un contour se touche lui-même",
    "Hole lies outside shell": "un trou sort du contour extérieur",
    "Holes are nested": "un trou est dans un autre trou",
    "Interior is disconnected": "l'intérieur est coupé en morceaux",
    "Nested shells": "un polygone est dans un autre",
    "Duplicate Rings": "un contour est répété",
    "Too few points in geometry component": "un contour a trop peu de points distincts",
}
_GEOS_EXPLANATION = re.compile(r"(?P<reason>[^\[]*)\[(?P<x>[^\s\]]+) (?P<y>[^\s\]]+)\]")


def _invalidity(explanation: str) -> str:
    """GEOS's explanation in French: the reason when known, and where (``longitude, latitude``)."""
    match = _GEOS_EXPLANATION.fullmatch(explanation.strip())
    if match is None:
        return "vérifiez le dessin de la zone"
    reason = _GEOS_REASONS.get(match["reason"].strip(), "problème")
    return f"{reason} près de la position [{echo(match['x'])}, {echo(match['y'])}]"


def _polygon(rings: Any, where: tuple[str, str]) -> Polygon:
    """``where`` names the polygon as a subject ("le polygone") and after "de", contracted ("du polygone")."""
    if not isinstance(rings, list | tuple) or not rings:
        raise ValueError(f"GeoJSON refusé : {where[0]} n'a aucun contour.")
    checked = [_ring(ring, where, index) for index, ring in enumerate(rings)]
    return Polygon(checked[0], checked[1:])


def _ring(ring: Any, where: tuple[str, str], index: int) -> list[tuple[float, float]]:
    name = f"le contour extérieur {where[1]}" if index == 0 else f"le trou n° {index} {where[1]}"
    if not isinstance(ring, list | tuple) or len(ring) < 4:
        raise ValueError(f"GeoJSON refusé : {name} doit compter au moins 4 positions.")
    positions = [_position(position, name) for position in ring]
    if positions[0] != positions[-1]:
        raise ValueError(f"GeoJSON refusé : {name} n'est pas fermé (la dernière position doit répéter la première).")
    return positions


def _position(position: Any, name: str) -> tuple[float, float]:
    if not isinstance(position, list | tuple) or len(position) not in (2, 3):
        raise ValueError(f"GeoJSON refusé : position illisible dans {name} : {echo(repr(position))}.")
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in position):
        raise ValueError(f"GeoJSON refusé : coordonnée non numérique dans {name} : {echo(repr(position))}.")
    longitude, latitude = float(position[0]), float(position[1])
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise ValueError(f"GeoJSON refusé : coordonnée non finie dans {name} : {echo(repr(position))}.")
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValueError(
            f"GeoJSON refusé : coordonnée hors limites dans {name} : {echo(repr(position))} "
            "(ordre attendu : longitude, latitude)."
        )
    return longitude, latitude


def valid_point(point: Any) -> tuple[float, float] | None:
    if not isinstance(point, Sequence) or isinstance(point, str) or len(point) != 2:
        return None
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in point):
        return None
    latitude, longitude = float(point[0]), float(point[1])
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude
