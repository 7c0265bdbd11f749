"""The example site's home page: the commune's own page type, linking to every tool of the app."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from mon_enfant.blocks import mon_enfant_blocks


class HomePage(Page):
    intro = RichTextField(blank=True)
    # A commune embeds the app's tools in its own pages through these blocks.
    body = StreamField(mon_enfant_blocks(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tools"] = self.get_children().live().in_menu().specific()
        return context
