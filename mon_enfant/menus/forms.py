"""The canteen page's GET form (school, week, allergens to avoid) and :class:`CanteenMenu`, which the page
and the block share: it reads the request, chooses the school and the week, and gives the template its
context. Nothing here is private: a school, a week and allergens are not what a family must hide, and a
GET form works without JavaScript and can be bookmarked or shared."""

from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mon_enfant.forms import FamilyForm
from mon_enfant.models import School

from . import logic, services, wording
from .models import Allergen


class MenuWeekForm(FamilyForm):
    error_summary_title = gettext_lazy("Votre demande n'a pas abouti")

    ecole = forms.ChoiceField(label=gettext_lazy("École"), required=False,
                              help_text=gettext_lazy("L'école de votre enfant."))
    semaine = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)
    allergenes = forms.MultipleChoiceField(
        label=gettext_lazy("Allergènes à éviter"),
        required=False,
        choices=Allergen.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Cochez les allergènes que votre enfant doit éviter : les plats qui en "
                               "contiennent sont signalés."),
    )

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = {school.uai: school for school in schools}
        self.fields["ecole"].choices = [("", _("Choisissez une école"))] + [
            (school.uai, school.name) for school in schools
        ]
        if len(schools) == 1:
            self.fields["ecole"].initial = schools[0].uai

    def clean_ecole(self):
        return self.cleaned_data["ecole"].strip().upper()

    def clean_semaine(self):
        text = self.cleaned_data["semaine"].strip()
        if not text:
            return None
        try:
            return logic.Week.parse(text)
        except logic.MenuValueError as exc:
            raise forms.ValidationError(wording.value_error(exc)) from None


class CanteenMenu:
    """What the page and the block show: the school choice, a week of menus, the allergen filter."""

    def __init__(self, request, communes, *, prefix=None):
        self.request = request
        self.communes = list(communes)
        self.prefix = prefix

    def schools(self):
        """The schools a restaurant of the communes serves, or which belong to them and have a restaurant."""
        if not self.communes:
            return []
        return list(
            School.objects.filter(Q(restaurants__commune__in=self.communes) | Q(commune__in=self.communes,
                                                                                restaurants__isnull=False))
            .distinct().order_by("name")
        )

    def get_context(self):
        schools = self.schools()
        data = self.request.GET if self.request is not None else {}
        names = [f"{self.prefix}-{name}" if self.prefix else name for name in ("ecole", "semaine", "allergenes")]
        bound = any(name in data for name in names)
        form = MenuWeekForm(data if bound else None, schools=schools, prefix=self.prefix)
        school, week, avoided = None, None, []
        if len(schools) == 1:
            school = schools[0]
        if bound and form.is_valid():
            uai = form.cleaned_data["ecole"]
            if uai:
                school = form.schools.get(uai)
                if school is None:
                    form.add_error("ecole", _("Choisissez l'une des écoles proposées."))
            week = form.cleaned_data["semaine"]
            avoided = form.cleaned_data["allergenes"]
        elif bound:
            avoided = [code for code in form.data.getlist(names[2]) if code in dict(Allergen.choices)]
        week = week or logic.Week.to_show(services.today())
        menus_week, links = None, {}
        if school is not None:
            menus_week = services.build_week(services.restaurants_of_school(school), week, avoided)
            links = {
                "previous": self.query(names, school, menus_week.previous, avoided),
                "next": self.query(names, school, menus_week.next, avoided),
                "current": self.query(names, school, week, avoided),
            }
        return {
            "menus_form": form,
            "menus_schools": schools,
            "menus_school": school,
            "menus_week": menus_week,
            "menus_avoided": avoided,
            "menus_param_names": dict(zip(("ecole", "semaine", "allergenes"), names, strict=True)),
            "menus_allergens": services.allergen_choices(),
            "menus_links": links,
            "menus_has_communes": bool(self.communes),
        }

    @staticmethod
    def query(names, school, week, avoided):
        """The query string of a week's link, keeping the school and the allergens."""
        pairs = [(names[0], school.uai), (names[1], str(week))] + [(names[2], code) for code in avoided]
        return "?" + urlencode(pairs)
