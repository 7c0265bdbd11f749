"""The real public data extracts the tests read, copied byte for byte into ``tests/data`` (see its
README): the tests never read anything outside the repository."""

from pathlib import Path

TEST_DATA = Path(__file__).resolve().parent / "data"
