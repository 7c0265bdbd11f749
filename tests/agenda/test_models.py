"""The events' and news' rules: an end never before the start (a French message on the field at fault), drafts,
and the schools of a draft kept in its revision."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mon_enfant.agenda.models import Event

D, T = dt.date, dt.time


def event(commune, **fields):
    return Event(commune=commune, title="Fête", start_date=D(2026, 12, 18), **fields)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"end_date": D(2026, 12, 17)}, "end_date", "La fin ne peut pas précéder le début de l'événement."),
    ({"start_time": T(18), "end_time": T(17)}, "end_time", "La fin ne peut pas précéder le début de l'événement."),
    ({"end_time": T(17)}, "end_time", "Une heure de fin demande une heure de début"),
])
def test_an_impossible_end_is_refused_on_its_field_in_french(commune_a, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        event(commune_a, **fields).full_clean()
    assert caught.value.message_dict[field][0].startswith(message)


@pytest.mark.parametrize("fields", [{}, {"end_date": D(2026, 12, 18)}, {"start_time": T(18), "end_time": T(18)},
                                    {"start_time": T(18), "end_date": D(2026, 12, 19), "end_time": T(9)}])
def test_a_possible_span_is_accepted(commune_a, fields):
    event(commune_a, **fields).full_clean()


def test_a_drafts_schools_are_kept_in_its_revision(commune_a, school_a):
    item = event(commune_a)
    item.save()
    item.schools.set([school_a])
    revision = item.save_revision()
    assert not Event.objects.get(pk=item.pk).schools.exists()  # a draft: the published event is unchanged
    revision.publish()
    assert list(Event.objects.get(pk=item.pk).schools.all()) == [school_a]
