"""The demo commune's data for each feature of the package, loaded by ``manage.py load_demo``.

The demo belongs to the host site, as bakerydemo keeps its ``load_initial_data``: the package's wheel
holds no command that needs this checkout. Each module here has ``load_demo(command, commune, home,
folder)`` and is called only when its feature app is installed (see ``DEMO_LOADERS``).
"""

# Feature app -> its demo loader. The host names the features it installs; the package's core never does.
DEMO_LOADERS = {
    "mon_enfant.catchment": "example_site.home.demo.catchment.load_demo",
    "mon_enfant.fees": "example_site.home.demo.fees.load_demo",
    "mon_enfant.menus": "example_site.home.demo.menus.load_demo",
    "mon_enfant.places": "example_site.home.demo.places.load_demo",
    "mon_enfant.agenda": "example_site.home.demo.agenda.load_demo",
    # Last: its guides link to the pages the loaders above create (/tarifs/, /menus/, /trouver-mon-ecole/).
    "mon_enfant.faq": "example_site.home.demo.faq.load_demo",
    "mon_enfant.guichet": "example_site.home.demo.guichet.load_demo",
}
