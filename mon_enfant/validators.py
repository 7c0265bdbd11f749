"""Validators for the French public identifiers the app relies on, defined once for every model, form,
importer and API parameter.

Every code is written in ASCII digits only: Python's ``\\d`` and ``str.isdigit`` also accept the digits of
other scripts (``3528٨``, ``３５２８８``), which no public register uses, so the patterns spell ``[0-9]``.

* ``code_insee``: the commune's code in the INSEE's Code officiel géographique (5 characters; Corsica
  writes 2A/2B);
* ``uai``: the school's "unité administrative immatriculée" (7 digits and a check letter);
* SIRET: an establishment's number in the SIRENE register (14 digits);
* postcode: the Poste's 5-digit code (a commune may have several);
* a decimal number (a coordinate, an amount): :func:`ascii_decimal`, since ``Decimal()`` reads other
  scripts' digits too.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Plain patterns (no \A or \Z) so the API's OpenAPI document can publish them as they are.
INSEE_PATTERN = r"^([013-9][0-9]|2[AB1-9])[0-9]{3}$"
UAI_PATTERN = r"^[0-9]{7}[A-Z]$"
SIRET_PATTERN = r"^[0-9]{14}$"
POSTCODE_PATTERN = r"^[0-9]{5}$"


def _full_match(pattern):
    # fullmatch, not match: "$" also matches before a final newline ("35288\n").
    return re.compile(pattern.removeprefix("^").removesuffix("$")).fullmatch


_insee_match = _full_match(INSEE_PATTERN)
_uai_match = _full_match(UAI_PATTERN)
_siret_match = _full_match(SIRET_PATTERN)
_postcode_match = _full_match(POSTCODE_PATTERN)


def normalise_code(value):
    """A code as typed, in its canonical form: " 2a004 " is 2A004, " 0350916f " is 0350916F (anything but a
    string is left as it is, for a validator to refuse)."""
    return value.strip().upper() if isinstance(value, str) else value


def is_valid_insee(code):
    return bool(_insee_match(code or ""))


def is_valid_uai(code):
    return bool(_uai_match(code or ""))


def is_valid_siret(code):
    return bool(_siret_match(code or ""))


def is_valid_postcode(code):
    return bool(_postcode_match(code or ""))


def _anchored(pattern):
    """For RegexValidator, which searches: ``\\Z`` refuses a final newline, which ``$`` lets through."""
    return r"\A" + pattern.removeprefix("^").removesuffix("$") + r"\Z"


validate_code_insee = RegexValidator(
    _anchored(INSEE_PATTERN),
    _("Le code INSEE doit comporter 5 caractères (ex. 35288, ou 2A004 pour la Corse)."),
    code="invalid_insee",
)
validate_uai = RegexValidator(
    _anchored(UAI_PATTERN),
    _("Le code UAI doit comporter 7 chiffres suivis d'une lettre majuscule (ex. 0350916F)."),
    code="invalid_uai",
)
validate_siret = RegexValidator(
    _anchored(SIRET_PATTERN), _("Le SIRET doit comporter 14 chiffres."), code="invalid_siret")


def split_postcodes(text):
    """Postcodes are typed "35400, 35800" or "35400 35800": return them as a list."""
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


def validate_postcodes(text):
    bad = [code for code in split_postcodes(text) if not is_valid_postcode(code)]
    if bad:
        raise ValidationError(
            _("Codes postaux invalides : %(codes)s (5 chiffres attendus)."),
            params={"codes": ", ".join(bad)},
            code="invalid_postcode",
        )


# Digits, a decimal point and (for machines) an exponent, in ASCII only: ``Decimal()`` alone also reads
# "٣٥", "1_000", "NaN" and "Infinity".
_ASCII_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_EXPONENT = re.compile(r"[eE][+-]?[0-9]{1,4}")


def ascii_decimal(text, *, exponent=True):
    """``"48.65"`` -> ``Decimal("48.65")``; None unless ``text`` (stripped) is a number in ASCII digits.
    ``exponent=False`` for what a person types (a QF, an amount in a form): "1e3" is no amount there, while
    a JSON client's ``str(float)`` may well write "1e-05"."""
    text = (text or "").strip()
    mantissa, _e, power = text.partition("e") if "e" in text else text.partition("E")
    if not _ASCII_DECIMAL.fullmatch(mantissa) or (_e and (not exponent or not _EXPONENT.fullmatch(_e + power))):
        return None
    return Decimal(text)
