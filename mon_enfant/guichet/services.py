"""One answer for one family: the form's question, the school it belongs to and, in order, what every
installed feature says to it (:func:`mon_enfant.features.family_sections`). Nothing of it is stored: the
answer is built for the request and forgotten, and every response that holds it is private."""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from mon_enfant import features
from mon_enfant.privacy import mark_private

from .forms import CHILD_LEVELS, FamilyAnswerForm

# The posted form's marker (which form on the page adds a QF) and the referrer policy of every answer: the
# address may be in the page's URL and the QF form posts to the site, so the Referer carries the origin only
# ("strict-origin": neither the address nor Origin "null", which Django's CSRF check would refuse).
MARKER = "mon_enfant_guichet"
REFERRER_POLICY = "strict-origin"


@dataclass
class FamilyAnswer:
    context: features.FamilyContext
    school_chosen: bool  # the family named its school (else the carte scolaire gave it, or nobody did)
    sections: list = field(default_factory=list)
    share_url: str = ""

    @property
    def school(self):
        return self.context.school

    @property
    def count(self):
        """The parts of the answer, the school the family named included."""
        return len(self.sections) + (1 if self.school_chosen else 0)

    @property
    def uses_qf(self):
        """Whether a section would say more with the family's QF (else the page does not ask for it)."""
        return any(section.uses_qf for section in self.sections)

    @property
    def level_label(self):
        return str(dict(CHILD_LEVELS)[self.context.level]).lower()


def asks_question(request, prefix=None):
    """Whether the request asks the family form (of ``prefix``) something: the question in the query string,
    or the form posted."""
    return FamilySummary(request, [], prefix=prefix).question_data() is not None


class FamilySummary:
    """The form and, when it asks a valid question, the answer; for the page and for the block."""

    def __init__(self, request, communes, *, prefix=None, action=None):
        self.request = request
        self.communes = list(communes)
        self.prefix = prefix
        self.action = action if action is not None else (request.path if request is not None else "")

    def _name(self, name):
        return f"{self.prefix}-{name}" if self.prefix else name

    def _names(self):
        return [self._name(name) for name in ("address", "level", "school")]

    def is_posted(self):
        request = self.request
        return request is not None and request.method == "POST" and request.POST.get(MARKER) == (self.prefix or "")

    def question_data(self):
        """What the family asked: the posted form, the query string when it holds the form's fields, or None."""
        if self.is_posted():
            return self.request.POST
        query = self.request.GET if self.request is not None else {}
        return query if any(name in query for name in self._names()) else None

    def get_context(self):
        request = self.request
        posted = self.is_posted()
        data = self.question_data()
        if data is not None:
            mark_private(request, referrer_policy=REFERRER_POLICY)
        form = FamilyAnswerForm(data, communes=self.communes, prefix=self.prefix)
        answer, qf_form = None, None
        if data is not None and form.is_valid():
            question = form.question()
            qf_form = FamilyAnswerForm(data if posted else None, communes=self.communes, prefix=self.prefix,
                                       with_qf=True, initial=question, schools=form.schools)
            qf = qf_form.cleaned_data.get("quotient_familial") if posted and qf_form.is_valid() else None
            answer = self.answer(form.cleaned_data, question, qf)
        return {
            "family_form": form,
            "family_qf_form": qf_form if answer is not None and answer.uses_qf else None,
            "family_qf_refused": posted and qf_form is not None and bool(qf_form.errors),
            "family_answer": answer,
            "family_action": self.action,
            "family_marker": MARKER,
            "family_prefix": self.prefix or "",
            "family_id": self.prefix or "famille",
            "family_has_communes": bool(self.communes),
        }

    def answer(self, cleaned, question, qf):
        def answer_url(**changes):
            values = {**question, **changes}
            return f"{self.action}?{urlencode({self._name(name): value for name, value in values.items()})}"

        chosen = cleaned.get("school")
        context = features.FamilyContext(
            commune=cleaned["commune"], school_year=cleaned["school_year"], level=cleaned["level"],
            address=cleaned.get("address") or "", school=chosen, quotient_familial=qf, request=self.request,
            answer_url=answer_url,
        )
        if chosen is None:
            context = replace(context, school=features.family_school(context))
        return FamilyAnswer(context=context, school_chosen=chosen is not None,
                            sections=features.family_sections(context), share_url=answer_url())
