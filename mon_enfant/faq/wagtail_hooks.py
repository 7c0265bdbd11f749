"""Admin wiring of the questions: the questions (drafts, revisions, narrowed to the editor's communes) and the
import, in the "Mon enfant à l'école" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy

from mon_enfant.filters import commune_filterset
from mon_enfant.permissions import CommuneScopedPermissionPolicy
from mon_enfant.wagtail_hooks import CommuneScopedViewSet, ImportViewSet

from .admin_views import FaqImportView
from .models import Question

register_permission_policy(Question, CommuneScopedPermissionPolicy(Question), exact_class=True)


class QuestionViewSet(CommuneScopedViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions fréquentes")
    list_display = ["question", "theme", "commune"]
    filterset_class = commune_filterset(Question, fields=["theme", "live"])
    search_fields = ["question", "slug"]
    url_prefix = "mon-enfant/questions"
    url_namespace = "mon_enfant_faq_question"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("commune")


def admin_viewsets():
    return [
        QuestionViewSet,
        ImportViewSet("mon_enfant_faq_import", url_prefix="mon-enfant/import-questions", view_class=FaqImportView,
                      menu_label=_("Importer des questions"), icon="upload"),
    ]
