"""mon_enfant.filters: the commune filter of every admin listing offers only the user's communes, follows
the ORM path it is given, and filters."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from mon_enfant.filters import commune_filterset
from mon_enfant.models import Address, School, Street

pytestmark = pytest.mark.django_db


def filterset_for(user, model=School, data=None, **kwargs):
    request = RequestFactory().get("/")
    request.user = user
    return commune_filterset(model, **kwargs)(data or {}, queryset=model.objects.all(), request=request)


def test_an_editor_is_offered_only_their_communes(editor_a, commune_a, commune_b):
    assert list(filterset_for(editor_a).filters["commune"].queryset) == [commune_a]


def test_a_superuser_is_offered_every_commune(superuser, commune_a, commune_b):
    assert set(filterset_for(superuser).filters["commune"].queryset) == {commune_a, commune_b}


def test_choosing_a_commune_filters_the_listing(superuser, school_a, school_b):
    assert list(filterset_for(superuser, data={"commune": school_b.commune.pk}).qs) == [school_b]


def test_another_communes_id_is_refused_not_shown(editor_a, school_a, school_b):
    filterset = filterset_for(editor_a, data={"commune": school_b.commune.pk})
    assert not filterset.is_valid()
    assert "commune" in filterset.errors


def test_the_commune_can_be_reached_through_a_path(superuser, commune_a, commune_b):
    # An address's commune is its street's, as a fee grid's is its service's ("service__commune").
    streets = [Street.objects.create(commune=commune, label="Rue Ropartz", key="RUE ROPARTZ")
               for commune in (commune_a, commune_b)]
    addresses = [Address.objects.create(street=street, number=1, latitude=48, longitude=-2) for street in streets]
    filterset = filterset_for(superuser, Address, {"commune": commune_b.pk}, commune_path="street__commune")
    assert list(filterset.qs) == [addresses[1]]


def test_the_meta_fields_come_first_then_the_commune(superuser):
    assert list(filterset_for(superuser, fields=["level", "sector"]).filters) == ["level", "sector", "commune"]


@pytest.mark.parametrize("namespace", ["mon_enfant_school", "mon_enfant_contact"])
def test_the_core_listings_filter_by_commune(superuser_client, two_communes_data, school_a, contact_a, namespace):
    html = superuser_client.get(reverse(f"{namespace}:list")).content.decode()
    assert 'name="commune"' in html
    assert "Combourg" in html and "Saint-Malo" in html
