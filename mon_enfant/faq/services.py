"""The Django layer of the questions and procedures: the live questions of communes for a school year, the
search through Wagtail's search backend, the themes in order, the JSON-LD, the key dates of guides, and the
family section. A page of questions is a constant number of queries, whatever their number."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from mon_enfant.conf import get_setting
from mon_enfant.features import FamilySection
from mon_enfant.models import pages_serving
from mon_enfant.utils import current_school_year

from . import logic, wording
from .models import THEME_ORDER, Question, Theme

THEME_LABELS = dict(Theme.choices)
# The themes a family's answer (school, prices, menus) touches: their questions go with it.
FAMILY_THEMES = [Theme.INSCRIPTION, Theme.DEROGATION, Theme.CANTINE, Theme.PERISCOLAIRE, Theme.TARIFS]


def today():
    return timezone.localdate()


def live_questions(communes, school_year=None, themes=None):
    """The published questions of ``communes`` valid in ``school_year`` (every year's and that year's)."""
    year = str(school_year or current_school_year())
    questions = Question.objects.filter(commune__in=communes, live=True).filter(Q(school_year="") |
                                                                                 Q(school_year=year))
    if themes:
        questions = questions.filter(theme__in=themes)
    return questions.select_related("commune")


def search(questions, terms):
    """The questions holding every term, best first, through the configured search backend (PostgreSQL's
    full-text search on a PostgreSQL site): the index holds the folded text, and the terms are folded."""
    if not terms:
        return []
    return list(get_search_backend().search(" ".join(terms), questions, operator="and"))


@dataclass
class ThemeGroup:
    code: str
    label: str
    questions: list


def by_theme(questions):
    """The questions grouped by theme, in the themes' order, each theme's in its editor's order."""
    groups = {}
    for question in sorted(questions, key=lambda q: (THEME_ORDER.get(q.theme, 99), q.sort_order, q.question)):
        groups.setdefault(question.theme, ThemeGroup(question.theme, THEME_LABELS.get(question.theme, ""), []))
        groups[question.theme].questions.append(question)
    return list(groups.values())


def json_ld(questions):
    """schema.org ``FAQPage``: each question with its accepted answer (the answer's HTML, as Google reads it)."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": question.question,
             "acceptedAnswer": {"@type": "Answer", "text": question.answer}}
            for question in questions
        ],
    }


# --- Guides -------------------------------------------------------------------------------------------


@dataclass
class KeyDateView:
    key: logic.KeyDate
    status: logic.DateStatus

    @property
    def text(self):
        return wording.date_text(self.status, self.key.kind)

    @property
    def is_past(self):
        return self.status.code == logic.PAST


def key_dates(blocks, on=None):
    """A guide's key dates (its StreamField's ``key_date`` blocks) with their status relative to today."""
    on = on or today()
    views = []
    for block in blocks:
        value = block.value
        key = logic.KeyDate(value["label"], value.get("date") or None, int(value["month"] or 0) or None,
                            int(value["day"] or 0) or None, value["kind"])
        if key.day is None and (key.month is None or key.month_day is None):
            continue
        views.append(KeyDateView(key, logic.date_status(key, on)))
    return sorted(views, key=lambda view: view.status.day)


def guides_for(commune):
    """The live procedure guides that serve ``commune``, in the tree's order."""
    guide_model = apps.get_model("mon_enfant_faq", "ProcedureGuidePage")
    return pages_serving(guide_model.objects.live(), commune).order_by("path")


def family_section(context):
    """The deadlines open now in the commune's guides, and the questions of the themes a family's answer
    touches (school, prices, canteen)."""
    if context.commune is None:
        return None
    horizon = get_setting("MON_ENFANT_FAQ_DEADLINE_HORIZON_DAYS")
    deadlines = []
    for guide in guides_for(context.commune):
        for view in key_dates([block for block in guide.key_dates if block.block_type == "key_date"]):
            if view.key.kind == "deadline" and not view.is_past and view.status.days <= horizon:
                deadlines.append((guide, view))
    deadlines.sort(key=lambda pair: pair[1].status.day)
    questions = list(live_questions([context.commune], context.school_year or None, FAMILY_THEMES)[:6])
    if not deadlines and not questions:
        return None
    return FamilySection(
        feature="mon_enfant_faq",
        title=_("Démarches et questions"),
        template="mon_enfant_faq/family_section.html",
        context={"faq_deadlines": deadlines, "faq_questions": questions},
        order=60,
    )
