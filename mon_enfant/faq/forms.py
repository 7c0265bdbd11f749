"""The questions page's GET search form and :class:`FaqList`, which the page and the block share: the search
(any length or content answers with a message, never an error page), the themes, the question opened by a
deep link, and the JSON-LD of what is shown."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mon_enfant.echo import echo
from mon_enfant.forms import FamilyForm

from . import logic, services
from .models import Theme


class FaqSearchForm(FamilyForm):
    error_summary_title = gettext_lazy("Votre recherche n'a pas abouti")

    q = forms.CharField(
        label=gettext_lazy("Rechercher une question"), required=False, strip=True,
        help_text=gettext_lazy("Un mot de la question ou de la réponse, avec ou sans accents (ex. « dérogation »)."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    theme = forms.ChoiceField(label=gettext_lazy("Thème"), required=False,
                              choices=[("", gettext_lazy("Tous les thèmes")), *Theme.choices])


class FaqList:
    """The questions of ``communes`` (all of them, or those of ``themes`` / ``chosen`` for a block)."""

    def __init__(self, request, communes, *, prefix=None, themes=None, chosen=None):
        self.request = request
        self.communes = list(communes)
        self.prefix = prefix
        self.themes = themes
        self.chosen = chosen

    def name(self, field):
        return f"{self.prefix}-{field}" if self.prefix else field

    def get_context(self):
        data = self.request.GET if self.request is not None else {}
        bound = self.name("q") in data or self.name("theme") in data
        form = FaqSearchForm(data if bound else None, prefix=self.prefix)
        query, theme = "", ""
        if bound:
            form.is_valid()  # a bad theme keeps the words searched, and the other way round
            query, theme = form.cleaned_data.get("q", ""), form.cleaned_data.get("theme", "")
        questions = []
        if self.communes:
            if self.chosen is not None:
                questions = [question for question in self.chosen if question.live]
            else:
                questions = list(services.live_questions(self.communes, themes=self.themes))
        terms = logic.search_terms(query)
        notice = ""
        if query and len(query) > logic.MAX_QUERY:
            notice = _("Votre recherche était très longue : seuls ses premiers mots ont été cherchés.")
        results = None
        if query:
            if not terms:
                form.add_error("q", _("Tapez au moins un mot (des lettres ou des chiffres)."))
            elif self.communes:
                results = services.search(services.live_questions(self.communes, themes=self.themes), terms)
                if self.chosen is not None:
                    allowed = {question.pk for question in questions}
                    results = [question for question in results if question.pk in allowed]
        if theme:
            questions = [question for question in questions if question.theme == theme]
            if results is not None:
                results = [question for question in results if question.theme == theme]
        groups = services.by_theme(questions)
        shown = results if results is not None else [question for group in groups for question in group.questions]
        opened = data.get(self.name("question"), "")
        return {
            "faq_form": form,
            "faq_query": echo(query, 80),
            "faq_results": results,
            "faq_groups": groups,
            "faq_notice": notice,
            "faq_opened": opened,
            "faq_json_ld": services.json_ld(shown),
            "faq_has_communes": bool(self.communes),
            "faq_question_param": self.name("question"),
        }
