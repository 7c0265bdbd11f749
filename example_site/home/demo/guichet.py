"""The demo's "Mon enfant" page (/mon-enfant/): one answer for one family, first among the home page's tools."""

from mon_enfant.guichet.pages import FamilyPage


def load_demo(command, *, commune, home, folder):
    page = command.ensure_child(
        home,
        FamilyPage,
        slug="mon-enfant",
        title="Mon enfant à l'école",
        search_description="En une seule page : l'école de votre enfant, ses menus, vos tarifs, les services près "
                           "de chez vous et les démarches à faire.",
        intro="<p>Indiquez votre adresse et le niveau de votre enfant : nous rassemblons ce que la mairie peut vous "
              "dire, sur une seule page à garder ou à imprimer. Rien n'est enregistré.</p>",
        communes=[commune],
    )
    first = home.get_first_child()
    if first is not None and first.pk != page.pk:
        page.move(first, pos="left")
