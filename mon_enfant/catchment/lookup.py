"""The parent's question ("which school for my address?") and the answer we show, shared by the page, the
block and the JSON API.

The form is a plain GET form so that it works without JavaScript and can be bookmarked or shared; the
address therefore travels in the URL. That is a deliberate trade-off, so nothing here stores or logs it:
answers are sent with ``Cache-Control: private, no-store`` and ``Referrer-Policy: no-referrer``
(:func:`make_private`) and the geocoder's failures are logged without the address.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks

from mon_enfant.addresses.parsing import street_key
from mon_enfant.models import Contact, ResponsibleBody, School
from mon_enfant.utils import current_school_year

from . import services
from .logic import LookupStatus
from .models import CatchmentLevel

logger = logging.getLogger(__name__)

MAX_ADDRESS_LENGTH = 200
MAX_LIEU_DIT_LENGTH = 100
QUESTION_FIELDS = ("address",)
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}
PRIVATE_FLAG = "mon_enfant_private_answer"

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


def make_private(response):
    """Headers for any response that answers a question about an address (the address is in the URL):
    no copy in shared caches or the browser's disk cache, no Referer header to the links of the answer."""
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def mark_private(request):
    """For answers rendered inside another page (the block): the page's response gets the private headers
    from the ``on_serve_page`` hook below, once rendered."""
    if request is not None:
        setattr(request, PRIVATE_FLAG, True)


@hooks.register("on_serve_page")
def private_answer_headers(serve_page):
    """Wagtail's page-serving middleware: a page whose content (a lookup block) answered a question about an
    address gets :data:`PRIVATE_HEADERS`. The block only knows it while the template renders, hence the
    post-render callback. Registered here, not in wagtail_hooks.py, so that it is active whenever the
    block or the page can render."""

    def serve(page, request, args, kwargs):
        response = serve_page(page, request, args, kwargs)

        def apply(rendered):
            if getattr(request, PRIVATE_FLAG, False):
                make_private(rendered)

        if getattr(response, "is_rendered", True) is False:
            response.add_post_render_callback(apply)
        else:
            apply(response)
        return response

    return serve


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
    """Look the address up (see :func:`mon_enfant.catchment.services.lookup`), with the geocoder."""
    return services.lookup(commune_code, address, level, school_year=school_year, geocoder=locate,
                          lieu_dit=lieu_dit or None)


def school_year_options(today=None):
    """The current school year and the next one (families enrol in spring for the next rentrée)."""
    current = current_school_year(today)
    return [
        (str(current), _("%(year)s (année en cours)") % {"year": current}),
        (str(current.next()), _("%(year)s (prochaine rentrée)") % {"year": current.next()}),
    ]


def ordered_levels(levels):
    """The offered levels in the school order, as (value, label) pairs; unknown values are dropped."""
    offered = set(levels or ())
    return [(value, label) for value, label in CatchmentLevel.choices if value in offered]


# --- The form --------------------------------------------------------------------------------------


class CatchmentLookupForm(forms.Form):
    """Address, level, school year and (when the page serves several communes) commune.

    Every error is tied to its field: the widget gets ``aria-invalid`` and ``aria-describedby`` pointing
    at the message, and :meth:`error_summary` lists the messages with links to the fields.
    """

    address = forms.CharField(
        label=_("Votre adresse"),
        max_length=MAX_ADDRESS_LENGTH,
        error_messages={
            "required": _("Indiquez votre adresse : le numéro et le nom de la voie."),
            "max_length": _("L'adresse est trop longue (%(limit_value)d caractères au plus)."),
        },
    )
    level = forms.ChoiceField(
        label=_("Niveau"),
        error_messages={
            "required": _("Choisissez le niveau : maternelle, élémentaire ou collège."),
            "invalid_choice": _("Choisissez un niveau parmi ceux proposés."),
        },
    )
    school_year = forms.ChoiceField(
        label=_("Année scolaire"),
        required=False,
        error_messages={"invalid_choice": _("Choisissez l'année scolaire parmi celles proposées.")},
    )
    commune = forms.ChoiceField(
        label=_("Commune"),
        error_messages={
            "required": _("Choisissez votre commune."),
            "invalid_choice": _("Choisissez votre commune parmi celles proposées."),
        },
    )

    hints = {
        "address": _("Le numéro puis le nom de la voie, par exemple : 34 bis rue Guy-Ropartz."),
    }

    def __init__(self, data=None, *, communes, levels, id_prefix="catchment", today=None):
        super().__init__(data, auto_id=f"{id_prefix}-%s")
        self.id_prefix = id_prefix
        self.communes = list(communes)
        self.level_choices = ordered_levels(levels)
        self.default_school_year = str(current_school_year(today))

        level = self.fields["level"]
        if len(self.level_choices) == 1:
            level.choices = self.level_choices
            level.required = False
            level.initial = self.level_choices[0][0]
        else:
            level.choices = [("", _("Choisissez le niveau"))] + self.level_choices

        self.fields["school_year"].choices = school_year_options(today)
        self.fields["school_year"].initial = self.default_school_year

        if len(self.communes) > 1:
            self.fields["commune"].choices = [("", _("Choisissez votre commune"))] + [
                (commune.code_insee, commune.name) for commune in self.communes
            ]
        else:
            del self.fields["commune"]

        address = self.fields["address"].widget
        address.attrs.update(
            {"autocomplete": "street-address", "spellcheck": "false", "aria-describedby": self.hint_id("address")}
        )

    def hint_id(self, name):
        return f"{self.id_prefix}-{name}-hint"

    def error_id(self, name):
        return f"{self.id_prefix}-{name}-error"

    def clean_level(self):
        return self.cleaned_data.get("level") or (self.level_choices[0][0] if len(self.level_choices) == 1 else "")

    def clean_school_year(self):
        return self.cleaned_data.get("school_year") or self.default_school_year

    def clean_commune(self):
        code = self.cleaned_data.get("commune")
        return next(commune for commune in self.communes if commune.code_insee == code)

    def clean(self):
        cleaned = super().clean()
        if "commune" not in self.fields and self.communes:
            cleaned["commune"] = self.communes[0]
        return cleaned

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            described_by = [part for part in attrs.get("aria-describedby", "").split() if part]
            attrs["aria-describedby"] = " ".join([*described_by, self.error_id(name)])
            attrs["aria-invalid"] = "true"

    @property
    def layout(self):
        """The visible fields with their hint and error, in order, for the templates."""
        return [
            {
                "field": self[name],
                "hint": self.hints.get(name, ""),
                "hint_id": self.hint_id(name),
                "errors": self.errors.get(name, []),
                "error_id": self.error_id(name),
            }
            for name in self.fields
        ]

    def error_summary(self):
        """The errors in the order of the fields, each with the anchor of its field."""
        return [
            {"href": f"#{self[name].id_for_label}", "message": message}
            for name in self.fields
            for message in self.errors.get(name, ())
        ]


# --- The answer, as the page shows it --------------------------------------------------------------


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


def pick_contact(commune, body):
    """The commune's contact for the body that decides (a collège question goes to an Éducation nationale
    contact when the commune lists one), else its primary contact."""
    contacts = list(Contact.objects.filter(commune=commune).order_by("-is_primary", "pk"))
    return next((contact for contact in contacts if contact.responsible_body == body), None) or (
        contacts[0] if contacts else None
    )


def build_answer(cleaned_data, catchment_answer, *, link_for, derogation_text="", lieu_dit=""):
    """Turn a service answer into what the page shows. ``link_for(address, lieu_dit="")`` gives the URL of
    the same question with another address (the "Vouliez-vous dire… ?" links) or a commune déléguée."""
    result = catchment_answer.result
    level = cleaned_data["level"]
    body, explanation = DECIDERS[level]
    number = result.address.number
    street = result.matched_street_label
    echoed = f"{number} {street}" if (number and street) else (street or cleaned_data["address"])
    answer = ParentAnswer(
        status=str(result.status),
        commune=cleaned_data["commune"],
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
        contact=pick_contact(cleaned_data["commune"], body),
        derogation_text=derogation_text,
        lieu_dit=lieu_dit,
        location_notice=catchment_answer.location_notice,
    )
    if result.needs_number:
        names = dict(School.objects.filter(uai__in={rule.uai for rule in result.candidate_rules})
                     .values_list("uai", "name"))
        answer.ranges = list(dict.fromkeys(
            services.range_choice(rule, names.get(rule.uai) or rule.uai) for rule in result.candidate_rules
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

    form: CatchmentLookupForm
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

    def error_summary(self):
        return self.form.error_summary() if self.asked else []


def is_question(query, lookup_key=""):
    """Whether the GET parameters ask this form something. A block names itself (``lookup``) so that two
    forms on one page do not both answer."""
    if not any(name in query for name in QUESTION_FIELDS):
        return False
    return not lookup_key or query.get("lookup", lookup_key) == lookup_key


def lookup_panel(request, *, communes, levels, id_prefix="catchment", lookup_key="", derogation_text="",
                 action=None):
    """Build the form from the request and, when it asks a valid question, the answer."""
    from django.urls import reverse

    query = request.GET if request is not None else {}
    asked = is_question(query, lookup_key)
    form = CatchmentLookupForm(query if asked else None, communes=communes, levels=levels, id_prefix=id_prefix)
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

