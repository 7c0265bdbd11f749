"""The services map's test files, kept in the repository."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PLACES_CSV = DATA / "lieux-saint-malo.csv"
