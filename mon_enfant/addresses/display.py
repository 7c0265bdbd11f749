"""Schools' addresses in their usual case (:mod:`.casing`), with the street named as the local address
index names it when it knows the street: two queries for a whole list of schools, whatever its length."""

from .casing import format_address
from .models import Street
from .parsing import parse_house_number, street_key

CACHE_NAME = "display_address"  # the School property these values fill


def fill_display_addresses(schools):
    """Compute ``display_address`` of every school of ``schools`` at once (a page lists many)."""
    pending = [school for school in schools if CACHE_NAME not in school.__dict__]
    if not pending:
        return
    keys = {school.pk: street_key(parse_house_number(school.address)[1]) for school in pending}
    commune_ids = {school.commune_id for school in pending}
    labels = {}
    streets = (Street.objects.filter(commune_id__in=commune_ids, key__in=set(keys.values()) - {""})
               .order_by("lieu_dit", "label").values_list("commune_id", "key", "label"))
    for commune_id, key, label in streets:
        labels.setdefault((commune_id, key), label)
    # The commune model through the index's own relation: the address index imports nothing of the models
    # that use it (mon_enfant.models imports this module).
    communes = Street._meta.get_field("commune").related_model
    names = dict(communes.objects.filter(pk__in=commune_ids).values_list("pk", "name"))
    for school in pending:
        school.__dict__[CACHE_NAME] = format_address(
            school.address, school.postcode, school.city,
            known_street=labels.get((school.commune_id, keys[school.pk]), ""),
            commune_name=names.get(school.commune_id, ""),
        )
