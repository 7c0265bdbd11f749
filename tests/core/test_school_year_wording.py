"""The school year's refusals, worded by the Django layer in the active language (the pure SchoolYear
gives a code): a file's cell is quoted, cut to 40 characters; what a family or a client typed is not."""

import pytest
from django.utils import translation

from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_error, school_year_expected


def refusal(text):
    with pytest.raises(SchoolYearError) as refused:
        SchoolYear.parse(text)
    return refused.value


@pytest.mark.parametrize("text, french, english", [
    ("2026-2028", "« 2026-2028 » : la seconde année doit suivre la première (ex. 2026-2027).",
     '"2026-2028": the second year must follow the first (e.g. 2026-2027).'),
    ("abc", "« abc » n'est pas une année scolaire (format attendu : 2026-2027).",
     '"abc" is not a school year (expected format: 2026-2027).'),
    ("1850-1851", "« 1850-1851 » n'est pas une année scolaire plausible.",
     '"1850-1851" is not a plausible school year.'),
])
def test_each_refusal_is_worded_in_the_active_language(text, french, english):
    with translation.override("fr"):
        assert school_year_error(refusal(text)) == french
    with translation.override("en"):
        assert school_year_error(refusal(text)) == english


def test_a_huge_cell_is_quoted_by_its_beginning_only():
    assert school_year_error(refusal("x" * 100_000)) == (
        f"« {'x' * 40}… » n'est pas une année scolaire (format attendu : 2026-2027).")


def test_what_a_family_typed_is_not_repeated():
    with translation.override("en"):
        assert school_year_expected() == 'This is not a school year: write it like "2026-2027".'
