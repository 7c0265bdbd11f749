"""The services map's GET form (categories, age, address) and :class:`PlacesMap`, which the page and the block
share: it reads the request, filters and sorts the places, cuts the list into pages and gives the template
its context — the list, and the same places for the map's script.

The address a parent types is personal: the answer is then private (``mark_private``: no shared cache,
no referrer, the address redacted from every log), the address is only turned into a point to sort by
distance, and the point is never written in a link (the "itinéraire" link holds only the place's position).
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mon_enfant.conf import get_setting
from mon_enfant.forms import FamilyForm
from mon_enfant.privacy import mark_private

from . import logic, services

PARAMETERS = ("categorie", "age", "adresse", "page")


class PlacesFilterForm(FamilyForm):
    error_summary_title = gettext_lazy("Votre recherche n'a pas abouti")

    categorie = forms.MultipleChoiceField(
        label=gettext_lazy("Catégories"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Aucune case cochée : toutes les catégories."),
    )
    age = forms.IntegerField(
        label=gettext_lazy("Âge de l'enfant (en années)"), required=False, min_value=0, max_value=logic.MAX_AGE,
        help_text=gettext_lazy("Pour ne garder que les lieux qui accueillent cet âge."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    adresse = forms.CharField(
        label=gettext_lazy("Votre adresse"), required=False, max_length=200,
        help_text=gettext_lazy("Pour classer les lieux du plus proche au plus éloigné, par exemple « 12 rue de "
                               "la Gare ». Elle n'est pas enregistrée."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].choices = [(category.code, category.label) for category in categories]

    def clean_adresse(self):
        return " ".join(self.cleaned_data["adresse"].split())


class PlacesMap:
    """What the page and the block show: the filters, the list (a page of it) and the map's data."""

    def __init__(self, request, communes, *, prefix=None):
        self.request = request
        self.communes = list(communes)
        self.prefix = prefix

    def names(self):
        return {name: f"{self.prefix}-{name}" if self.prefix else name for name in PARAMETERS}

    def get_context(self):
        names = self.names()
        data = self.request.GET if self.request is not None else {}
        bound = any(names[name] in data for name in ("categorie", "age", "adresse"))
        all_categories = services.categories()
        form = PlacesFilterForm(data if bound else None, categories=all_categories, prefix=self.prefix)
        chosen, age, address, point = [], None, "", None
        if bound:
            if data.get(names["adresse"], "").strip():
                mark_private(self.request, [names["adresse"]])
            # What can be read still applies: a bad age keeps the categories and the address, and the other
            # way round (never echoing what was wrong).
            form.is_valid()
            chosen = form.cleaned_data.get("categorie") or []
            age = form.cleaned_data.get("age")
            address = form.cleaned_data.get("adresse") or ""
            if "categorie" in form.errors:
                chosen = [code for code in data.getlist(names["categorie"])
                          if code in {category.code for category in all_categories}]
        notice = ""
        if address and self.communes:
            located = services.locate(self.communes, address)
            if located is None:
                form.add_error("adresse", _("Nous ne trouvons pas cette adresse dans la commune : vérifiez le numéro "
                                            "et le nom de la voie. Les lieux restent classés par catégorie."))
            else:
                point, notice = (located.latitude, located.longitude), located.notice
        found = services.candidates(self.communes, all_categories, chosen, age) if self.communes else []
        found = services.sort_candidates(found, all_categories, point)
        paginator = Paginator(found, get_setting("MON_ENFANT_PLACES_PER_PAGE"))
        page = paginator.get_page(data.get(names["page"]))
        items = services.place_views(list(page.object_list), all_categories)
        return {
            "places_form": form,
            "places_items": items,
            "places_page": page,
            "places_total": paginator.count,
            "places_sorted_by_distance": point is not None,
            "places_notice": notice,
            "places_filtered": bool(chosen or age is not None),
            "places_chosen_count": len(set(chosen)),
            "places_map_data": [item.map_data() for item in items if item.has_position],
            "places_json_ld": {"@context": "https://schema.org", "@graph": [item.json_ld() for item in items]},
            "places_page_links": self.page_links(page, names, data),
            "places_has_communes": bool(self.communes),
            "places_has_any": bool(found) or self.has_any(),
        }

    def has_any(self):
        """Whether the communes have any place or school at all (one query, only when the filters found none)."""
        return bool(self.communes) and bool(services.candidates(self.communes, services.categories()))

    @staticmethod
    def page_links(page, names, data):
        """The previous and next pages' query strings, keeping the filters (and the address the parent
        typed: it stays in their own browser's URL, as in the form's)."""
        kept = [(key, value) for key in data if key != names["page"] for value in data.getlist(key)]

        def link(number):
            return "?" + urlencode([*kept, (names["page"], number)])

        return {
            "previous": link(page.previous_page_number()) if page.has_previous() else "",
            "next": link(page.next_page_number()) if page.has_next() else "",
        }
