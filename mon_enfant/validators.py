"""Validators for the French public identifiers the app relies on."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

INSEE_PATTERN = r"^([013-9]\d|2[AB1-9])\d{3}$"
UAI_PATTERN = r"^\d{7}[A-Z]$"
POSTCODE_PATTERN = r"^\d{5}$"

validate_code_insee = RegexValidator(
    INSEE_PATTERN,
    _("Le code INSEE doit comporter 5 caractères (ex. 35288, ou 2A004 pour la Corse)."),
    code="invalid_insee",
)
validate_uai = RegexValidator(
    UAI_PATTERN,
    _("Le code UAI doit comporter 7 chiffres suivis d'une lettre majuscule (ex. 0350916F)."),
    code="invalid_uai",
)
validate_siret = RegexValidator(
    r"^\d{14}$", _("Le SIRET doit comporter 14 chiffres."), code="invalid_siret"
)
_postcode_re = re.compile(POSTCODE_PATTERN)


def split_postcodes(text):
    """Postcodes are typed "35400, 35800" or "35400 35800": return them as a list."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def validate_postcodes(text):
    from django.core.exceptions import ValidationError

    bad = [code for code in split_postcodes(text) if not _postcode_re.match(code)]
    if bad:
        raise ValidationError(
            _("Codes postaux invalides : %(codes)s (5 chiffres attendus)."),
            params={"codes": ", ".join(bad)},
            code="invalid_postcode",
        )


def is_valid_insee(code):
    return bool(re.match(INSEE_PATTERN, code or ""))


def is_valid_uai(code):
    return bool(re.match(UAI_PATTERN, code or ""))
