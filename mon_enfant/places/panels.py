"""The admin's point picker: a Leaflet map under a place's latitude and longitude fields; a click or a drag of
the marker writes the point into the fields, and typing in the fields moves the marker. The fields stay the
way to give a point by keyboard; the map is a help, drawn by ``point-picker.js``."""

from django import forms
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .mapping import map_options


class PointPickerPanel(Panel):
    def __init__(self, latitude="latitude", longitude="longitude", **kwargs):
        super().__init__(**kwargs)
        self.latitude = latitude
        self.longitude = longitude

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "latitude": self.latitude, "longitude": self.longitude}

    class BoundPanel(Panel.BoundPanel):
        template_name = "mon_enfant_places/admin/point_picker.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                latitude_id=self.form[self.panel.latitude].id_for_label,
                longitude_id=self.form[self.panel.longitude].id_for_label,
                options=map_options(self.request, "point-picker"),
                label=_("Position sur la carte : cliquez ou déplacez le repère pour remplir la latitude et la "
                        "longitude."),
            )
            return context

        @property
        def media(self):
            return forms.Media(css={"all": [static("leaflet/leaflet.css")]},
                               js=[static("leaflet/leaflet.js"), static("mon_enfant_places/point-picker.js")])
