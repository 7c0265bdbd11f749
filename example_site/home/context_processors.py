from wagtail.models import Site


def site_menu(request):
    """The pages of the site's main menu, for the example base template."""
    site = Site.find_for_request(request)
    if site is None:
        return {"site_menu": []}
    pages = site.root_page.get_children().live().in_menu()
    return {"site_menu": [{"title": page.title, "url": page.get_url(request)} for page in pages]}
