"""Sentences the core says for every tool, as a family reads them: the tests of each feature check that
their pages and blocks say these words, not words of their own."""

# A page or block that serves no commune: its own are empty and its site has none
# (mon_enfant/includes/no_commune.html). Not "nothing published yet", a commune whose data is to come.
NOT_CONFIGURED = "Aucune commune n'est encore associée à ce service : la mairie doit le configurer."
