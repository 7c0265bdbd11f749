"""Any edit of the rules, zones or schools (whose cards the index keeps), and any replacement of a
commune's address index (whose streets the index keeps, for suggestions: the core's
``address_index_replaced``), bumps the shared version stamp in the same transaction, so every process
reloads its index on its next lookup. Imports use bulk operations and bump it once."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from mon_enfant.models import School
from mon_enfant.signals import address_index_replaced

from .models import CatchmentRule, CatchmentZone, RulesetVersion


@receiver(post_save, sender=CatchmentRule)
@receiver(post_delete, sender=CatchmentRule)
@receiver(post_save, sender=CatchmentZone)
@receiver(post_delete, sender=CatchmentZone)
@receiver(post_save, sender=School)
@receiver(post_delete, sender=School)
@receiver(address_index_replaced)
def bump_ruleset_version(sender, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures
    RulesetVersion.bump()
