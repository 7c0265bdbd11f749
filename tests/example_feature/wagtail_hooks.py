"""The feature's admin screen, added to the "Mon enfant à l'école" menu through the registry (this module
registers no hook of its own: the core's menu asks for ``admin_viewsets``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from mon_enfant.utils import current_school_year

from .services import back_to_school_day


class BackToSchoolView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "mon_enfant_example/admin/back_to_school.html"
    page_title = _("La rentrée")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        school_year = current_school_year()
        context.update(school_year=school_year, day=back_to_school_day(school_year))
        return context


class BackToSchoolViewSet(ViewSet):
    def get_urlpatterns(self):
        return [path("", BackToSchoolView.as_view(), name="index")]


def admin_viewsets():
    return [
        BackToSchoolViewSet(
            "mon_enfant_example", url_prefix="mon-enfant/rentree", menu_label=_("La rentrée"), icon="date",
        )
    ]
