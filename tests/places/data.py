"""The services map's test files (copied into the repository: tests never read ../shared)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PLACES_CSV = DATA / "lieux-saint-malo.csv"
