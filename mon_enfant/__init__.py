"""Mon enfant à l'École: a Wagtail app giving parents one trusted place, signed by the mairie,
for everything about their child at school.

This module stays free of Django imports so that the pure-logic submodules
(``mon_enfant.addresses.parsing`` and each feature's ``logic``) can be imported without settings.
"""

__version__ = "0.1.0"
