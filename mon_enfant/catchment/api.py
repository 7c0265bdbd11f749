"""JSON endpoints of "Trouver mon école", mounted at /api/mon-enfant/v1/ by :mod:`mon_enfant.api`.

``GET /catchment`` answers the parent's question for other front ends (a commune's app, a chatbot);
``GET /streets`` feeds the street autocomplete of the lookup form. Any well-formed question gets 200,
whatever the address (an unknown commune included: ``no_sector`` with a message); malformed parameters
get 422 with the field errors; a client over the rate the host gives ``catchment_lookup`` or
``catchment_streets`` (``MON_ENFANT_RATE_LIMITS``, off by default) gets 429. The address is in the query
string, so answers are sent ``no-store`` and nothing here logs or stores it.
"""

import functools
from typing import Annotated, Literal

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja.decorators import decorate_view
from pydantic import AfterValidator, BaseModel, StringConstraints
from pydantic_core import PydanticCustomError

from mon_enfant.addresses.parsing import parse_house_number
from mon_enfant.api_support import CommuneCode, DetailOut, ErrorsOut, write_json
from mon_enfant.models import Commune
from mon_enfant.privacy import family_input
from mon_enfant.ratelimit import rate_limited
from mon_enfant.school_year import SchoolYear, SchoolYearError
from mon_enfant.utils import school_year_expected

from . import services
from .forms import MAX_ADDRESS_LENGTH, MAX_LIEU_DIT_LENGTH
from .logic import LookupStatus
from .services import ask

router = Router(tags=["Trouver mon école"])

STREETS_LIMIT = 10
Level = Literal["maternelle", "elementaire", "college"]


def _consecutive_years(value):
    if value is not None:
        try:
            SchoolYear.parse(value)  # "2026-2028" is well formatted but no school year
        except SchoolYearError:
            raise PydanticCustomError("invalid_school_year", school_year_expected()) from None
    return value


SchoolYearParam = Annotated[
    str | None,
    Field(pattern=r"^[0-9]{4}-[0-9]{4}$", description="Année scolaire (défaut : l'année en cours).",
          examples=["2026-2027"]),
    AfterValidator(_consecutive_years),
]


class CatchmentQuery(BaseModel):
    commune: CommuneCode
    address: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ADDRESS_LENGTH),
        Field(description="L'adresse telle que tapée : numéro puis voie.", examples=["14 bis rue de Trichet"]),
    ]
    level: Level = Field(description="Niveau : maternelle, elementaire ou college.")
    school_year: SchoolYearParam = None
    lieu_dit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_LIEU_DIT_LENGTH)] = Field(
        "", description="Commune déléguée, quand la voie existe dans plusieurs d'entre elles "
                        "(réponse « ambiguous » avec needs_lieu_dit : ses suggestions).")


# Plain pydantic models for the answers: ninja's Schema reads every field through a getattr-based root
# validator meant for ORM objects, which costs more than the whole lookup here.


class CatchmentSchoolOut(BaseModel):
    uai: str
    name: str
    address: str
    postcode: str
    city: str
    phone: str
    email: str
    website: str
    ent_url: str
    latitude: float | None
    longitude: float | None
    known: bool = Field(description="Faux si l'établissement n'est pas (encore) décrit sur ce site : seul son "
                                    "code UAI est connu.")
    note: str = Field(description="Remarque de la règle de sectorisation.")


class CatchmentOut(BaseModel):
    status: Literal["found", "no_sector", "unknown_street", "ambiguous"]
    message: str = Field(description="La réponse en une phrase, pour les personnes.")
    commune: str
    level: Level
    school_year: str
    street: str = Field(description="La voie reconnue, telle que publiée (vide si elle n'est pas reconnue).")
    house_number: str
    schools: list[CatchmentSchoolOut]
    suggestions: list[str] = Field(description="« Vouliez-vous dire… ? » : voies proches, ou plages de numéros "
                                               "quand le numéro est nécessaire.")
    needs_number: bool
    needs_lieu_dit: bool = Field(description="La voie existe dans plusieurs communes déléguées : "
                                             "``suggestions`` les nomme, à redonner dans ``lieu_dit``.")
    needs_location: bool
    location_notice: str = Field("", description="Ce que le géocodeur dit de la position trouvée (par exemple : "
                                                 "le service distant n'a pas répondu et l'index local a "
                                                 "répondu) ; vide sinon.")


class StreetsQuery(BaseModel):
    commune: CommuneCode
    q: Annotated[str, StringConstraints(max_length=MAX_ADDRESS_LENGTH), Field(
        description="Le début de l'adresse tapée, numéro compris.", examples=["14 bis rue de tri"])] = ""
    level: Level | None = Field(None, description="Niveau : seules les voies que sa carte scolaire dessert "
                                                  "sont proposées (toutes les voies connues sans niveau).")
    school_year: SchoolYearParam = None


class StreetsOut(BaseModel):
    house_number: str = Field(description="Le numéro tapé avant la voie (« 34 bis »), à garder devant la voie "
                                          "choisie.")
    streets: list[str]


def _school_out(entry):
    """A school of the answer: its card, shared by every answer of this index version, and the note of the
    rule that named it."""
    card = entry["card"] or services.unknown_school_card(entry["uai"])
    return {**card, "note": entry["note"]}


def _suggestions(result):
    """Close street names or communes déléguées as published; when the number is needed, the ranges of
    the street in the active language, each with the UAI it leads to."""
    if result.needs_number:
        return list(dict.fromkeys(services.range_choice(rule, rule.uai) for rule in result.candidate_rules))
    return list(result.suggestions)


def _message(commune_code, answer, schools):
    """The answer in one sentence of the request's language. Worded once per language and kind of answer
    (with the school names of a found one: the sentence of a busy street is the same for every parent),
    then kept. Nothing derived from what was typed is kept: the code of an unknown commune, the streets
    suggested for a misspelt one."""
    result = answer.result
    if result.status == LookupStatus.NO_SECTOR and not result.commune_known and not Commune.objects.filter(
            code_insee=commune_code).exists():
        return _("Aucune commune de code %(code)s n'est servie par ce site.") % {"code": commune_code}
    if result.status == LookupStatus.UNKNOWN_STREET and result.suggestions:
        return _("Voie inconnue. Vouliez-vous dire : %(streets)s ?") % {"streets": " ; ".join(result.suggestions)}
    return _sentence(get_language(), *_sentence_key(result, schools))


def _sentence_key(result, schools):
    """What decides the sentence: a code and the published names it quotes."""
    if result.status == LookupStatus.FOUND:
        return "found", tuple(school["name"] or school["uai"] for school in schools)
    if result.status == LookupStatus.UNKNOWN_STREET:
        return "unknown_street", ()
    if result.status == LookupStatus.AMBIGUOUS:
        if result.needs_number:
            return "needs_number", ()
        if result.needs_lieu_dit:
            return "needs_lieu_dit", ()
        return "several_streets", ()
    if not result.commune_known:
        return "not_published", ()
    if result.needs_location:
        return "needs_location", ()
    return "no_sector", ()


@functools.lru_cache(maxsize=1024)
def _sentence(language, code, names):
    with translation.override(language):
        if code == "found":
            if len(names) > 1:
                return _("Secteur partagé : cette adresse dépend de l'un de ces établissements : %(names)s.") % {
                    "names": ", ".join(names)}
            return _("Cette adresse dépend de : %(names)s.") % {"names": ", ".join(names)}
        return {
            "unknown_street": _("Voie inconnue dans cette commune : vérifiez l'orthographe ou contactez la mairie."),
            "needs_number": _("Précisez le numéro : cette voie est partagée entre plusieurs secteurs."),
            "needs_lieu_dit": _("Précisez la commune déléguée : cette voie existe dans plusieurs d'entre elles."),
            "several_streets": _("Plusieurs voies portent ce nom : précisez laquelle."),
            "not_published": _("La carte scolaire de cette commune n'est pas publiée ici pour ce niveau : "
                               "contactez la mairie."),
            "needs_location": _("Cette commune dessine ses secteurs sur une carte et l'adresse n'a pas pu être "
                                "située : contactez la mairie."),
            "no_sector": _("Cette adresse n'est rattachée à aucun secteur : contactez la mairie."),
        }[code]


@router.get("/catchment", response={200: CatchmentOut, 422: ErrorsOut, 429: DetailOut}, url_name="catchment_lookup",
            summary="Trouver mon école")
@decorate_view(rate_limited("catchment_lookup", json=True), family_input())
def catchment(request, query: Query[CatchmentQuery], response: HttpResponse):
    """The public school(s) of an address for a level and a school year, from the commune's carte scolaire.

    ``found``: ``schools`` lists the school(s) (several: a shared sector). ``no_sector``: the address (or the
    commune, or the level) has no sector here. ``unknown_street``: ``suggestions`` are close street names.
    ``ambiguous``: ``suggestions`` are the streets of that name, or the number ranges when ``needs_number``.
    """
    answer = ask(query.commune, query.address, query.level, query.school_year, lieu_dit=query.lieu_dit)
    schools = [_school_out(entry) for entry in answer.schools]
    result = answer.result
    return write_json(response, {
        "status": str(result.status),
        "message": _message(query.commune, answer, schools),
        "commune": query.commune,
        "level": query.level,
        "school_year": answer.school_year,
        "street": result.matched_street_label,
        "house_number": str(result.address.number) if result.address.number else "",
        "schools": schools,
        "suggestions": _suggestions(result),
        "needs_number": result.needs_number,
        "needs_lieu_dit": result.needs_lieu_dit,
        "needs_location": result.needs_location,
        "location_notice": answer.location_notice,
    })


@router.get("/streets", response={200: StreetsOut, 422: ErrorsOut, 429: DetailOut}, url_name="catchment_streets",
            summary="Voies d'une commune")
@decorate_view(rate_limited("catchment_streets", json=True), family_input())
def streets(request, query: Query[StreetsQuery], response: HttpResponse):
    """Up to 10 street names of the commune for an autocomplete field, best first; a house number typed
    first is skipped for the search and given back in ``house_number``. With ``level`` (and
    ``school_year``), only the streets that level's carte scolaire serves."""
    number, _rest = parse_house_number(query.q)
    return write_json(response, {
        "house_number": str(number) if number else "",
        "streets": services.autocomplete(query.commune, query.q, limit=STREETS_LIMIT, level=query.level,
                                         school_year=query.school_year),
    })
