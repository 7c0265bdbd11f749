"""Admin screens of the menus that are not plain model CRUD: the SCDL import (upload, dry-run report,
confirm: see :class:`~mon_enfant.admin_views.BaseImportView`), the weekly EGalim check, and copying a week of
menus to another week. Each follows the permission policy and the editor's communes."""

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from mon_enfant.admin_views import BaseImportView
from mon_enfant.permissions import communes_for_user, user_may

from . import logic, services
from .models import Dish, Menu, Restaurant


class MenuImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV (SCDL menus collectifs)"),
        help_text=gettext_lazy("Le fichier de votre prestataire ou de la cuisine centrale : UTF-8, séparateur "
                               "« , » ou « ; », une ligne par plat."),
    )
    commune = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Commune des restaurants"),
        help_text=gettext_lazy("Pour un fichier sans colonne menuRestaurantInsee. Les lignes d'autres communes "
                               "sont alors ignorées."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes_for_user(user) if user is not None else None


class MenuImportView(BaseImportView):
    page_title = gettext_lazy("Importer des menus")
    form_class = MenuImportForm
    format_help_template = "mon_enfant_menus/admin/import_help.html"
    required_permissions = [(Menu, ["add", "change", "delete"]), (Restaurant, ["add", "change"])]

    def run_import(self, data, *, dry_run, options):
        from .importers import import_menus

        return import_menus(data, commune=options.get("commune"), dry_run=dry_run,
                            allowed_communes=self.import_options(options)["allowed_communes"])

    def form_valid(self, form):
        # The session keeps the options as JSON: the commune by its INSEE code.
        commune = form.cleaned_data.get("commune")
        form.cleaned_data["commune"] = commune.code_insee if commune else None
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("mon_enfant_menus_menu:list")


def _user_restaurants(user):
    return Restaurant.objects.filter(commune__in=communes_for_user(user)).select_related("commune")


class MenusAdminView(WagtailAdminTemplateMixin):
    """An admin screen over the menus of the user's communes, for those who may change menus."""

    @classmethod
    def user_may_use(cls, user):
        return user_may(user, "change", Menu) and communes_for_user(user).exists()

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class EgalimReportView(MenusAdminView, TemplateView):
    """Per restaurant and week: whether a vegetarian menu is served (loi EGalim, school canteens, since
    1 November 2019) and how many dishes carry a quality sign or label; four weeks back, eight ahead, or the
    period asked (``?semaine=2026-W49``)."""

    page_title = gettext_lazy("Contrôle EGalim des menus")
    header_icon = "warning"
    template_name = "mon_enfant_menus/admin/egalim.html"

    # The report is a view of the menus, offered to whoever may change them.
    user_may_import = MenusAdminView.user_may_use

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            centre = logic.Week.parse(self.request.GET.get("semaine", ""))
        except logic.MenuValueError:
            centre = logic.Week.containing(services.today())
        first, last = centre.shifted(-4), centre.shifted(8)
        rows = services.week_checks(list(_user_restaurants(self.request.user)), first, last)
        context.update(rows=rows, first_week=first, last_week=last,
                       earlier=str(centre.shifted(-12)), later=str(centre.shifted(12)),
                       missing=sum(1 for row in rows if row.check.missing_vegetarian))
        return context


class CopyWeekForm(forms.Form):
    restaurant = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Restaurant"))
    source = forms.CharField(label=gettext_lazy("Semaine à copier"), max_length=10,
                             help_text=gettext_lazy("Au format AAAA-Sss, ex. 2026-W49."))
    target = forms.CharField(label=gettext_lazy("Vers la semaine"), max_length=10,
                             help_text=gettext_lazy("Ses menus déjà saisis sont remplacés."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["restaurant"].queryset = _user_restaurants(user)

    def _week(self, name):
        try:
            return logic.Week.parse(self.cleaned_data[name])
        except logic.MenuValueError:
            raise forms.ValidationError(_("Semaine invalide : attendu AAAA-Www, ex. 2026-W49.")) from None

    def clean_source(self):
        return self._week("source")

    def clean_target(self):
        return self._week("target")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("Choisissez une autre semaine que celle copiée."))
        return cleaned


class CopyWeekView(MenusAdminView, FormView):
    """Copy a restaurant's week of menus, dishes included, to another week (same weekdays): a week typed once
    serves as the model of the next."""

    page_title = gettext_lazy("Copier une semaine de menus")
    header_icon = "copy"
    template_name = "mon_enfant_menus/admin/copy_week.html"
    form_class = CopyWeekForm

    @classmethod
    def user_may_use(cls, user):
        return user_may(user, ["add", "change", "delete"], Menu) and communes_for_user(user).exists()

    user_may_import = user_may_use

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        restaurant, source, target = (form.cleaned_data[name] for name in ("restaurant", "source", "target"))
        menus = services.menus_between([restaurant], source.monday, source.sunday)
        if not menus:
            form.add_error("source", _("Ce restaurant n'a aucun menu cette semaine-là."))
            return self.form_invalid(form)
        shift = dt.timedelta(days=(target.monday - source.monday).days)
        with transaction.atomic():
            Menu.objects.filter(restaurant=restaurant, date__range=(target.monday, target.sunday)).delete()
            copies = Menu.objects.bulk_create([
                Menu(restaurant=restaurant, date=menu.date + shift, meal=menu.meal, published_at=menu.published_at)
                for menu in menus
            ])
            Dish.objects.bulk_create([
                Dish(menu=copy, sort_order=dish.sort_order, course=dish.course, name=dish.name,
                     is_alternative=dish.is_alternative, siqo=dish.siqo, labels=dish.labels, diets=dish.diets,
                     allergens=dish.allergens, textures=dish.textures, precisions=dish.precisions,
                     nutriscore=dish.nutriscore, code=dish.code, cost=dish.cost)
                for menu, copy in zip(menus, copies, strict=True) for dish in menu.dishes.all()
            ])
        messages.success(self.request, _("%(count)s menus de la semaine %(source)s copiés vers la semaine %(target)s.")
                         % {"count": len(copies), "source": source, "target": target})
        return redirect(reverse("mon_enfant_menus_menu:list"))
