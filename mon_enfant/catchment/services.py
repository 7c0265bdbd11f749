"""The Django layer of "Trouver mon école": serving lookups from the database and wording the answer the
page, the block and the API show.

Each process keeps one in-memory :class:`~mon_enfant.catchment.logic.CatchmentIndex`. Every lookup
goes through the shared :class:`~mon_enfant.catchment.models.RulesetVersion` stamp
(:data:`~mon_enfant.catchment.models.CATCHMENT_STAMP`, read at most once per
``MON_ENFANT_REFRESH_SECONDS``, see :mod:`mon_enfant.stamps`); when an import or an edit has bumped it,
the process rebuilds its index before answering, so every process answers from the new rules. The rules
are read between two readings of the stamp and the build is retried if it moved, so an index never mixes
two versions.

The geocoder's failures are logged without the address (:func:`mon_enfant.privacy.get_logger`).
"""

import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from mon_enfant.addresses.display import fill_display_addresses
from mon_enfant.addresses.parsing import HouseNumber, parse_address, street_key
from mon_enfant.features import FamilySection
from mon_enfant.models import Contact, ResponsibleBody, School, Street
from mon_enfant.privacy import get_logger, mark_private
from mon_enfant.utils import current_school_year, tool_page_url

from .forms import FAMILY_INPUT_FIELDS, MAX_LIEU_DIT_LENGTH, LookupForm
from .logic import CatchmentIndex, LookupResult, LookupStatus, Parity, RangeKind, Rule, Zone
from .models import CATCHMENT_STAMP, CatchmentLevel, CatchmentRule, CatchmentZone, RulesetVersion

logger = get_logger(__name__)

_lock = threading.Lock()
_state = {"version": None, "index": None, "schools": {}, "cards": {}}


# "source_line" last: the file line of each rule, for the import report.
RULE_FIELDS = (
    "pk", "commune__code_insee", "level", "school_year", "whole_commune", "street_label", "street_key",
    "street_id", "lieu_dit", "parity", "first_number", "first_repetition", "last_number", "last_repetition",
    "uai", "priority", "note", "source_line",
)


def rules_from_database(queryset):
    """The rules of ``queryset`` as :class:`~.logic.Rule` objects (``rule_id`` is the row's pk), with the
    file line each one came from (``{pk: line}``), so a report can say "ligne 405".

    Values that thousands of rules repeat are shared rather than copied for each row: the bounds (most
    ranges run from 1 to 9999), and the commune, level, school year, UAI and commune déléguée strings. A
    département's index (100,000 rules) is then some tens of MB smaller, with fewer objects for the
    garbage collector to walk."""
    rules, lines = [], {}
    bounds, words = {}, {}

    def bound(number, repetition):
        if number is None:
            return None
        key = (number, repetition or "")
        found = bounds.get(key)
        if found is None:
            found = bounds[key] = HouseNumber(number, repetition or "")
        return found

    def shared(text):
        return words.setdefault(text, text)

    for (pk, commune, level, year, whole, label, key, street_id, lieu_dit, parity, first, first_rep, last,
         last_rep, uai, priority, note, line) in queryset.values_list(*RULE_FIELDS):
        rules.append(
            Rule(
                rule_id=pk, commune=shared(commune), level=shared(level), school_year=shared(year) or None,
                whole_commune=whole, street_label=label, street_key=key, street_id=street_id,
                lieu_dit=shared(lieu_dit), parity=Parity(parity), first=bound(first, first_rep),
                last=bound(last, last_rep), uai=shared(uai), priority=priority, note=shared(note),
            )
        )
        lines[pk] = line
    return rules, lines


def load_rules():
    return rules_from_database(CatchmentRule.objects.all())[0]


def load_zones():
    return [
        Zone.from_geojson(geometry, zone_id=pk, commune=commune, level=level, school_year=year or None, uai=uai,
                          priority=priority, note=note)
        for pk, commune, level, year, uai, priority, note, geometry in CatchmentZone.objects.values_list(
            "pk", "commune__code_insee", "level", "school_year", "uai", "priority", "note", "geometry"
        )
    ]


def load_streets():
    return list(Street.objects.values_list("commune__code_insee", "key", "label"))


def load_schools(index):
    """The schools the rules and zones name, kept with the index: an answer then costs no query for its
    school cards. Editing a school bumps the stamp (signals.py), so cards are never stale."""
    schools = list(School.objects.filter(uai__in=index.uais()).select_related("commune")
                   .prefetch_related("served_communes"))  # for their pages' links (school_page_url)
    fill_display_addresses(schools)  # the cards' addresses too, with the index's street labels
    return {school.uai: school for school in schools}


def school_card(school):
    """What an answer says of a known school, its rule's note aside (the API's ``CatchmentSchoolOut``):
    built once per index version with the index, from the schools kept with it, and shared by every answer,
    which copies it (never changes it)."""
    return {
        "uai": school.uai, "name": school.name, "address": school.address, "postcode": school.postcode,
        "city": school.city, "phone": school.phone, "email": school.email, "website": school.website,
        "ent_url": school.ent_url,
        "latitude": float(school.latitude) if school.latitude is not None else None,
        "longitude": float(school.longitude) if school.longitude is not None else None,
        "known": True,
    }


def unknown_school_card(uai):
    """The card of a school the rules name but ``import_schools`` has not brought: its UAI only."""
    return {
        "uai": uai, "name": "", "address": "", "postcode": "", "city": "", "phone": "", "email": "", "website": "",
        "ent_url": "", "latitude": None, "longitude": None, "known": False,
    }


def build_index():
    return CatchmentIndex.build(load_rules(), load_zones(), load_streets())


def get_index():
    """The process's index, rebuilt if the shared stamp moved since it was built."""
    version = CATCHMENT_STAMP.current()
    if _state["version"] == version and _state["index"] is not None:
        return _state["index"]
    with _lock:
        if _state["version"] == version and _state["index"] is not None:
            return _state["index"]
        for _attempt in range(5):
            index = build_index()
            schools = load_schools(index)
            after = RulesetVersion.current()
            if after == version:
                break
            version = after  # an import landed while we were reading: read again
        _state.update(version=version, index=index, schools=schools,
                      cards={uai: school_card(school) for uai, school in schools.items()})
        return index


def reset():
    """Forget the in-memory index (tests)."""
    with _lock:
        _state.update(version=None, index=None, schools={}, cards={})
    CATCHMENT_STAMP.forget()


@dataclass
class CatchmentAnswer:
    """A lookup result with the schools resolved: ``schools`` pairs each matched UAI with its School
    (None while ``import_schools`` has not brought it), its shared card (:func:`school_card`, None likewise)
    and the notes of the rules that matched."""

    result: LookupResult
    school_year: str
    schools: list = field(default_factory=list)
    # What the geocoder said of the point it gave (e.g. the remote service failed and the local index
    # answered), for the parent: empty when there is nothing to say.
    location_notice: str = ""

    @property
    def status(self):
        return self.result.status


def lookup(commune, address, level, school_year=None, point=None, geocoder=None, lieu_dit=None):
    """Answer a parent's question. ``geocoder`` (a callable ``(commune, parsed_address)`` giving ``(lat, lon)``,
    a :class:`~mon_enfant.addresses.geocoding.GeocodeResult` whose ``message`` is shown, or None) is only
    called when the commune has zones and the rules did not answer. ``lieu_dit`` (a commune
    déléguée) settles a street that several of them share (see ``CatchmentIndex.lookup``)."""
    year = str(school_year or current_school_year())
    parsed = parse_address(address or "")
    index = get_index()
    result = index.lookup(commune, parsed, level, year, point=point, lieu_dit=lieu_dit)
    notice = ""
    if result.needs_location and point is None and geocoder is not None:
        located = geocoder(commune, parsed)
        if located is not None and hasattr(located, "point"):
            notice = located.message
            located = located.point
        if located is not None:
            result = index.lookup(commune, parsed, level, year, point=located, lieu_dit=lieu_dit)
    answer = CatchmentAnswer(result=result, school_year=year, location_notice=notice)
    if result.status == LookupStatus.FOUND:
        known, cards = _state["schools"], _state["cards"]
        answer.schools = [
            {"uai": match.uai, "school": known.get(match.uai), "card": cards.get(match.uai), "note": match.note}
            for match in result.schools
        ]
    return answer


def autocomplete(commune, prefix, limit=10, level=None, school_year=None):
    """Street labels for the autocomplete field; with ``level``, only the streets its rules serve in
    ``school_year`` (default: the current school year), as the lookup's suggestions."""
    year = str(school_year or current_school_year()) if level else None
    return get_index().streets(commune, prefix or "", limit=limit, level=level, school_year=year)


# --- Wording: the logic's codes in the active language ---------------------------------------------


def range_text(extent):
    """A rule's range (:meth:`~.logic.rules.Rule.extent`) in words of the active language: "du n° 1 au
    n° 23, côté impair" / "from no. 1 to no. 23, odd side". House numbers keep their written form
    ("23 bis"): they are part of an address, not quantities."""
    first, last = str(extent.first or ""), str(extent.last or "")
    if extent.kind == RangeKind.WHOLE_COMMUNE:
        return gettext("toute la commune")
    if extent.kind == RangeKind.ALL_NUMBERS:
        if extent.parity == Parity.EVEN:
            return gettext("tous les numéros pairs")
        if extent.parity == Parity.ODD:
            return gettext("tous les numéros impairs")
        text = gettext("tous les numéros")
    elif extent.kind == RangeKind.FROM:
        text = gettext("à partir du n° %(first)s") % {"first": first}
    elif extent.kind == RangeKind.UNTIL:
        text = gettext("jusqu'au n° %(last)s") % {"last": last}
    elif extent.kind == RangeKind.SINGLE:
        text = gettext("n° %(first)s") % {"first": first}
    else:
        text = gettext("du n° %(first)s au n° %(last)s") % {"first": first, "last": last}
    if extent.parity == Parity.EVEN:
        return pgettext("street side", "%(range)s, côté pair") % {"range": text}
    if extent.parity == Parity.ODD:
        return pgettext("street side", "%(range)s, côté impair") % {"range": text}
    return text


def range_choice(rule, school_name):
    """One "which number?" suggestion: a range and the school it leads to."""
    return pgettext("range and its school", "%(range)s : %(school)s") % {
        "range": range_text(rule.extent()), "school": school_name}


# --- The answer, as the page and the block show it -------------------------------------------------

# Parents must tell the mairie's decisions from the Éducation nationale's: the mairie draws the écoles'
# sectors and enrols the children, the direction académique assigns pupils to collèges.
_ECOLES_DECIDER = (
    ResponsibleBody.MAIRIE,
    _("La mairie fixe les secteurs des écoles publiques et inscrit votre enfant ; "
      "la direction de l'école prononce ensuite l'admission."),
)
DECIDERS = {
    CatchmentLevel.MATERNELLE: _ECOLES_DECIDER,
    CatchmentLevel.ELEMENTAIRE: _ECOLES_DECIDER,
    CatchmentLevel.COLLEGE: (
        ResponsibleBody.EDUCATION_NATIONALE,
        _("L'affectation au collège est décidée par la direction académique (Éducation nationale), "
          "pas par la mairie."),
    ),
}
QUESTION_FIELDS = ("address",)


def locate(commune, parsed_address):
    """The configured geocoder (``mon_enfant.addresses.geocoding.get_geocoder``), when that module is
    installed; only called for communes with map zones. A failure means "no point", never a 500, and is
    logged without the address."""
    try:
        from mon_enfant.addresses.geocoding import get_geocoder
    except ImportError as exc:
        if getattr(exc, "name", None) not in (None, "mon_enfant.addresses.geocoding"):
            raise
        return None
    try:
        geocoder = get_geocoder()
        return geocoder(commune, parsed_address) if geocoder is not None else None
    except Exception as exc:  # noqa: BLE001 - a geocoder is optional help, never a reason to fail
        logger.warning("Catchment geocoder failed (%s); answering without a point.", type(exc).__name__)
        return None


def ask(commune_code, address, level, school_year=None, lieu_dit=None):
    """Look the address up (see :func:`lookup`), with the geocoder."""
    return lookup(commune_code, address, level, school_year=school_year, geocoder=locate, lieu_dit=lieu_dit or None)


@dataclass
class ParentAnswer:
    """What the result region shows: the lookup result with the schools, the suggestions as links and
    the human contact resolved, so the templates hold no logic."""

    status: str
    commune: object
    level: str
    level_label: str
    school_year: str
    address: str
    street_label: str = ""
    schools: list = field(default_factory=list)
    matched_by: str = ""
    suggestions: list = field(default_factory=list)
    ranges: list = field(default_factory=list)
    lieux_dits: list = field(default_factory=list)
    lieu_dit: str = ""
    needs_number: bool = False
    needs_location: bool = False
    commune_known: bool = True
    decider_label: str = ""
    decider_explanation: str = ""
    contact: object = None
    derogation_text: str = ""
    location_notice: str = ""

    @property
    def found(self):
        return self.status == LookupStatus.FOUND

    @property
    def shared(self):
        return len(self.schools) > 1

    @property
    def schools_count_sentence(self):
        return ngettext(
            "Cette adresse dépend de l'établissement suivant.",
            "Cette adresse dépend d'un secteur partagé entre ces %(count)d établissements : "
            "l'établissement de votre enfant est fixé au moment de l'inscription ou de l'affectation.",
            len(self.schools),
        ) % {"count": len(self.schools)}


def build_answer(cleaned_data, catchment_answer, *, link_for, derogation_text="", lieu_dit=""):
    """Turn a service answer into what the page shows. ``link_for(address, lieu_dit="")`` gives the URL of
    the same question with another address (the "Vouliez-vous dire… ?" links) or a commune déléguée."""
    result = catchment_answer.result
    level = cleaned_data["level"]
    commune = cleaned_data["commune"]
    body, explanation = DECIDERS[level]
    number = result.address.number
    street = result.matched_street_label
    echoed = f"{number} {street}" if (number and street) else (street or cleaned_data["address"])
    answer = ParentAnswer(
        status=str(result.status),
        commune=commune,
        level=level,
        level_label=CatchmentLevel(level).label,
        school_year=catchment_answer.school_year,
        address=echoed,
        street_label=street,
        schools=catchment_answer.schools,
        matched_by=result.matched_by,
        needs_number=result.needs_number,
        needs_location=result.needs_location,
        commune_known=result.commune_known,
        decider_label=ResponsibleBody(body).label,
        decider_explanation=explanation,
        contact=next(iter(Contact.objects.chosen_for(commune, responsible_body=body)), None),
        derogation_text=derogation_text,
        lieu_dit=lieu_dit,
        location_notice=catchment_answer.location_notice,
    )
    if result.needs_number:
        names = dict(School.objects.filter(uai__in={rule.uai for rule in result.candidate_rules})
                     .values_list("uai", "name"))
        answer.ranges = list(dict.fromkeys(
            range_choice(rule, names.get(rule.uai) or rule.uai) for rule in result.candidate_rules
        ))
    elif result.needs_lieu_dit:
        asked = f"{number} {street}" if (number and street) else cleaned_data["address"]
        answer.lieux_dits = [{"label": name, "url": link_for(asked, lieu_dit=name)} for name in result.suggestions]
    elif result.status in (LookupStatus.UNKNOWN_STREET, LookupStatus.AMBIGUOUS):
        prefix = f"{number} " if number else ""
        answer.suggestions = [{"label": label, "url": link_for(prefix + label)} for label in result.suggestions]
    return answer


def _chosen_lieu_dit(result, asked):
    """The commune déléguée as published by the rules that answered, when the parent chose one (never the
    text of the URL itself)."""
    if not asked or result.status != LookupStatus.FOUND:
        return ""
    wanted = street_key(asked)
    return next((source.lieu_dit for school in result.schools for source in school.sources
                 if getattr(source, "lieu_dit", "") and street_key(source.lieu_dit) == wanted), "")


# --- Glue for the page and the block ---------------------------------------------------------------


@dataclass
class LookupPanel:
    """Everything the form-and-answer templates need, under one context name (``catchment``) so that a
    block never clobbers its host page's context."""

    form: LookupForm
    action: str
    id_prefix: str
    lookup_key: str = ""
    answer: ParentAnswer | None = None
    asked: bool = False
    streets_url: str = ""
    commune_code: str = ""

    @property
    def answer_id(self):
        return f"{self.id_prefix}-answer"

    @property
    def has_errors(self):
        """A question came back with errors to show (none when there is no commune to ask about: the
        page then says that instead)."""
        return self.asked and self.form.has_communes and bool(self.form.errors)


def is_question(query, lookup_key=""):
    """Whether the GET parameters ask this form something. A block names itself (``lookup``) so that two
    forms on one page do not both answer."""
    if not any(name in query for name in QUESTION_FIELDS):
        return False
    return not lookup_key or query.get("lookup", lookup_key) == lookup_key


def lookup_panel(request, *, communes, levels, id_prefix="catchment", lookup_key="", derogation_text="",
                 action=None):
    """Build the form from the request and, when it asks a valid question, the answer. A question marks
    the request private (:func:`mon_enfant.privacy.mark_private`): the response of the page that shows it,
    the lookup page or any page holding the block, is not stored, and the address is kept out of logs."""
    query = request.GET if request is not None else {}
    asked = is_question(query, lookup_key)
    if asked:
        mark_private(request, FAMILY_INPUT_FIELDS)
    form = LookupForm(query if asked else None, communes=communes, levels=levels, id_prefix=id_prefix)
    panel = LookupPanel(
        form=form,
        action=action if action is not None else (request.path if request is not None else ""),
        id_prefix=id_prefix,
        lookup_key=lookup_key,
        asked=asked,
        streets_url=reverse("mon_enfant_api:catchment_streets"),
        commune_code=communes[0].code_insee if len(communes) == 1 else "",
    )
    if asked and form.is_valid():
        data = form.cleaned_data
        # Only the links of a "which commune déléguée?" answer carry it: it is not a form field, so a new
        # question never keeps the choice made for another street.
        lieu_dit = str(query.get("lieu_dit", "")).strip()[:MAX_LIEU_DIT_LENGTH]
        catchment_answer = ask(data["commune"].code_insee, data["address"], data["level"], data["school_year"],
                               lieu_dit=lieu_dit)

        def link_for(address, lieu_dit=""):
            params = {"address": address, "level": data["level"], "school_year": data["school_year"]}
            if "commune" in form.fields:
                params["commune"] = data["commune"].code_insee
            if lieu_dit:
                params["lieu_dit"] = lieu_dit
            if lookup_key:
                params["lookup"] = lookup_key
            return f"{panel.action}?{urlencode(params)}#{panel.answer_id}"

        panel.answer = build_answer(data, catchment_answer, link_for=link_for, derogation_text=derogation_text,
                                    lieu_dit=_chosen_lieu_dit(catchment_answer.result, lieu_dit))
    return panel


# --- The family summary (mon_enfant.features: family_school, family_section) -------------------------

_FAMILY_ANSWER = "_mon_enfant_catchment_family_answer"


def _family_lookup(context):
    """The carte scolaire's answer for a family's address, or None when it gave none or asked about a
    level without a sector. Asked once per request (kept on the request, which ends with it)."""
    if not context.address or context.commune is None or context.level not in CatchmentLevel.values:
        return None
    request = context.request
    kept = getattr(request, _FAMILY_ANSWER, None) if request is not None else None
    if kept is not None and kept[0] == (context.commune.pk, context.address, context.level, context.school_year):
        return kept[1]
    answer = ask(context.commune.code_insee, context.address, context.level, context.school_year or None)
    if request is not None:
        setattr(request, _FAMILY_ANSWER, ((context.commune.pk, context.address, context.level, context.school_year),
                                          answer))
    return answer


def family_school(context):
    """The family's school when the carte scolaire names exactly one for its address (a shared sector names
    none: the family learns it at enrolment). One query."""
    answer = _family_lookup(context)
    if answer is None or answer.status != LookupStatus.FOUND or len(answer.schools) != 1:
        return None
    # Read again rather than shared: the index's schools serve every request and must stay untouched.
    return School.objects.select_related("commune").filter(uai=answer.schools[0]["uai"]).first()


def family_section(context):
    """What the carte scolaire says of the family's address: its school(s), or why there is none, with who
    decides and whom to call. Suggestions link to the same family answer with the suggested street."""
    answer = _family_lookup(context)
    if answer is None:
        return None
    cleaned = {"commune": context.commune, "address": context.address, "level": context.level,
               "school_year": answer.school_year}

    def link_for(address, lieu_dit=""):
        if context.answer_url is not None:
            return context.answer_url(address=address)
        query = {"address": address, "level": context.level, "school_year": answer.school_year}
        url = lookup_page_url(context.request)
        return f"{url}?{urlencode(query)}" if url else ""

    parent_answer = build_answer(cleaned, answer, link_for=link_for)
    if parent_answer.lieux_dits:
        # A commune déléguée is chosen on the lookup page itself (the family form has no such field).
        query = {"address": context.address, "level": context.level, "school_year": answer.school_year}
        url = lookup_page_url(context.request)
        parent_answer.lieux_dits = [
            {"label": item["label"], "url": f"{url}?{urlencode({**query, 'lieu_dit': item['label']})}"}
            for item in parent_answer.lieux_dits] if url else []
    return FamilySection(
        feature="mon_enfant_catchment",
        title=_("L'école de secteur"),
        template="mon_enfant_catchment/family_section.html",
        context={"catchment_answer": parent_answer, "catchment_lookup_url": lookup_page_url(context.request)},
        order=10,
    )


def lookup_page_url(request):
    """The URL of the site's "Trouver mon école" page, or "" when the site has none."""
    return tool_page_url(apps.get_model("mon_enfant_catchment", "CatchmentLookupPage"), request)
