"""Small Django-aware helpers shared by the feature apps."""

import datetime as dt

from django.utils import timezone

from .conf import school_year_start
from .school_year import SchoolYear


def current_school_year(today: dt.date | None = None) -> SchoolYear:
    """The school year in progress, using ``MON_ENFANT_SCHOOL_YEAR_START`` (default 1 September)."""
    month, day = school_year_start()
    return SchoolYear.containing(today or timezone.localdate(), month, day)
