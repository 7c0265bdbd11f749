"""Signals the core sends, so that features react to changes of shared data without the core naming them.

``address_index_replaced``: the local address index (streets and house numbers, from the BAN) of some
communes was replaced by ``import_addresses``. Sent inside the import's transaction, once, after the
replacement, with ``communes`` (the :class:`~mon_enfant.models.Commune` objects whose index changed).
A receiver that keeps data derived from the index (a carte scolaire index keeps the known streets, for
suggestions) marks it stale there, in the same transaction. A dry run sends it too, then rolls back.
"""

from django.dispatch import Signal

address_index_replaced = Signal()
