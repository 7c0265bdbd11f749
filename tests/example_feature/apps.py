from django.utils.translation import gettext_lazy as _

from mon_enfant import features


class ExampleFeatureConfig(features.MonEnfantFeature):
    """La rentrée: the first day of the school year, as a block, an API operation and a family section."""

    name = "tests.example_feature"
    label = "mon_enfant_example"
    verbose_name = _("La rentrée (exemple)")

    api_router = "tests.example_feature.api.router"
    blocks = {"back_to_school": "tests.example_feature.blocks.BackToSchoolBlock"}
    admin_viewsets = "tests.example_feature.wagtail_hooks.admin_viewsets"
    starter_pages = "tests.example_feature.pages.starter_pages"
    family_section = "tests.example_feature.services.family_section"
    school_section = "tests.example_feature.services.school_section"
