"""Carte scolaire zones: a school's sector drawn as a polygon, for communes whose carte scolaire is a map.

A zone answers only when no street rule does and a point (latitude, longitude, from a geocoder) is
known; a point on the border is inside.  Geometries are GeoJSON ``Polygon`` or ``MultiPolygon`` in
WGS84 (``[longitude, latitude]``), validated before use: unclosed rings, too few positions, out-of-range
or non-numeric coordinates, empty or self-intersecting polygons are refused with a :class:`RuleError`
(a code and its values: which polygon, which ring, which position), which the Django layer words for the
webmaster who imports them.  No Django import here.
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

from .rules import RuleError, check_scope


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
            raise RuleError("not_a_polygon")

    @classmethod
    def from_geojson(cls, geojson: Mapping[str, Any] | str, **fields: Any) -> Zone:
        """Build a zone from a GeoJSON ``Polygon`` or ``MultiPolygon`` geometry (dict or JSON text).

        Coordinates are GeoJSON's ``[longitude, latitude]`` in WGS84.  Refused with a
        :class:`RuleError`: other geometry types (a ``Feature`` must be unwrapped by the caller, who reads
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
        except ValueError:
            raise RuleError("unreadable_geojson") from None
    if not isinstance(geojson, Mapping):
        raise RuleError("not_a_geometry")
    kind = geojson.get("type")
    if kind in ("Feature", "FeatureCollection"):
        raise RuleError("feature_not_geometry", kind=kind)
    if kind not in ("Polygon", "MultiPolygon"):
        raise RuleError("unsupported_geometry", kind=kind)
    coordinates = geojson.get("coordinates")
    if kind == "Polygon":
        geometry: Polygon | MultiPolygon = _polygon(coordinates, None)
    else:
        if not isinstance(coordinates, list | tuple) or not coordinates:
            raise RuleError("empty_multipolygon")
        geometry = MultiPolygon([_polygon(part, index) for index, part in enumerate(coordinates, start=1)])
    # The hull, not the area: a self-crossing "bow tie" has a zero area too, but is another mistake.
    if geometry.is_empty or geometry.convex_hull.area == 0:
        raise RuleError("empty_zone")
    if not geometry.is_valid:
        raise RuleError("invalid_polygon", **_invalidity(explain_validity(geometry)))
    return geometry


# GEOS explains an invalid geometry in English ("Self-intersection[-2.01 48.65]"): its reason as a code, and
# where, for the Django layer to word.
_GEOS_REASONS = {
    "Self-intersection": "self_intersection",
    "Ring Self-intersection": "ring_self_intersection",
    "Hole lies outside shell": "hole_outside_shell",
    "Holes are nested": "nested_holes",
    "Interior is disconnected": "disconnected_interior",
    "Nested shells": "nested_shells",
    "Duplicate Rings": "duplicate_rings",
    "Too few points in geometry component": "too_few_points",
}
_GEOS_EXPLANATION = re.compile(r"(?P<reason>[^\[]*)\[(?P<x>[^\s\]]+) (?P<y>[^\s\]]+)\]")


def _invalidity(explanation: str) -> dict[str, str]:
    """GEOS's explanation as ``reason`` (a code, "unknown" when GEOS says something else) and ``position``
    (``"longitude, latitude"``, empty when GEOS gives none)."""
    match = _GEOS_EXPLANATION.fullmatch(explanation.strip())
    if match is None:
        return {"reason": "unknown", "position": ""}
    return {"reason": _GEOS_REASONS.get(match["reason"].strip(), "unknown"), "position": f"{match['x']}, {match['y']}"}


def _polygon(rings: Any, polygon: int | None) -> Polygon:
    """``polygon``: the part's number in a MultiPolygon (from 1), None for a Polygon."""
    if not isinstance(rings, list | tuple) or not rings:
        raise RuleError("no_ring", polygon=polygon)
    checked = [_ring(ring, polygon, index) for index, ring in enumerate(rings)]
    return Polygon(checked[0], checked[1:])


def _ring(ring: Any, polygon: int | None, hole: int) -> list[tuple[float, float]]:
    """``hole``: 0 for the exterior ring, else the hole's number."""
    where = {"polygon": polygon, "hole": hole}
    if not isinstance(ring, list | tuple) or len(ring) < 4:
        raise RuleError("too_few_positions", **where)
    positions = [_position(position, where) for position in ring]
    if positions[0] != positions[-1]:
        raise RuleError("ring_not_closed", **where)
    return positions


def _position(position: Any, where: dict[str, Any]) -> tuple[float, float]:
    if not isinstance(position, list | tuple) or len(position) not in (2, 3):
        raise RuleError("unreadable_position", position=position, **where)
    if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in position):
        raise RuleError("non_numeric_coordinate", position=position, **where)
    longitude, latitude = float(position[0]), float(position[1])
    if not (math.isfinite(longitude) and math.isfinite(latitude)):
        raise RuleError("non_finite_coordinate", position=position, **where)
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise RuleError("coordinate_out_of_bounds", position=position, **where)
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
