"""The feature's ninja router, mounted by the registry under the package's API (/api/mon-enfant/v1/)."""

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from mon_enfant.api_support import DetailOut
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import current_school_year, school_year_error

from .services import back_to_school_day

router = Router(tags=["rentrée (exemple)"])


class BackToSchoolOut(Schema):
    school_year: str
    day: dt.date


@router.get("/exemple/rentree", response={200: BackToSchoolOut, 400: DetailOut}, url_name="example_back_to_school")
def back_to_school(request, annee: str = ""):
    """The first day of a school year ("2026-2027"; default: the current one)."""
    try:
        school_year = SchoolYear.parse(annee) if annee else current_school_year()
    except SchoolYearError as error:
        raise HttpError(400, school_year_error(error)) from None
    return {"school_year": str(school_year), "day": back_to_school_day(school_year)}
