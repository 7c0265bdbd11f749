"""Redis databases of the tests that clear one (Django's ``cache.clear()`` on Redis is ``FLUSHDB``): no two test
files share one, and a file whose tests clear it takes one per pytest-xdist worker (``make test`` runs two, and
``--dist load`` may give two tests of one file to two workers at the same moment).

Taken: 4 ``bench/faults.py``, 8 the stalled database, 9 the faults test, 11 the deploy settings, 12 the rate
limits, 13 the load test; :func:`per_worker` hands out the others.
"""

import os

_FREE = (7, 10, 5, 6, 15, 3, 2, 1)


def per_worker():
    """This worker's own database number (gw0 → 7, gw1 → 10, ...; 7 without xdist)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    return _FREE[index % len(_FREE)]
