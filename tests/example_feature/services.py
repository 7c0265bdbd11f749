"""The Django layer of the feature: the first day of a school year, with the site's configured start."""

import datetime as dt

from django.utils.translation import gettext as _

from mon_enfant.conf import school_year_start
from mon_enfant.features import FamilyContext, FamilySection, SchoolSection
from mon_enfant.school_year import SchoolYear
from mon_enfant.utils import current_school_year


def back_to_school_day(school_year: SchoolYear) -> dt.date:
    month, day = school_year_start()
    return school_year.starts_on(month, day)


def family_section(context: FamilyContext) -> FamilySection | None:
    """The rentrée of the family's school year; silent when the family gave no valid school year."""
    try:
        school_year = SchoolYear.parse(context.school_year)
    except ValueError:
        return None
    return FamilySection(
        feature="mon_enfant_example",
        title=_("La rentrée"),
        template="mon_enfant_example/family_section.html",
        context={"commune": context.commune, "school_year": school_year, "day": back_to_school_day(school_year)},
        order=10,
    )


def school_section(school, request) -> SchoolSection | None:
    """The next rentrée, on a school's page; silent for a collège (its rentrée is the Éducation nationale's)."""
    if school.level == "college":
        return None
    school_year = current_school_year().next()
    return SchoolSection(
        feature="mon_enfant_example",
        title=_("La rentrée"),
        template="mon_enfant_example/family_section.html",
        context={"commune": school.commune, "school_year": school_year, "day": back_to_school_day(school_year)},
        order=10,
    )
