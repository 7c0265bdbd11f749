"""The feature's StreamField block, listed by mon_enfant_blocks() once the app is installed."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from mon_enfant.utils import current_school_year

from .services import back_to_school_day


class BackToSchoolBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Titre"))

    class Meta:
        template = "mon_enfant_example/blocks/back_to_school.html"
        icon = "date"
        label = _("La rentrée")
        description = _("Le jour de la rentrée de l'année scolaire en cours.")
        preview_value = {"heading": "La rentrée"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        school_year = current_school_year()
        context.update(school_year=school_year, day=back_to_school_day(school_year))
        return context
