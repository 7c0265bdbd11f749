"""Which Wagtail site a command's ``--site`` names: a hostname, ``hostname:port`` or a Site id.

A fresh ``wagtail start`` project has one Site, ``localhost:80``; a webmaster who copies a hostname from
the documentation would otherwise meet a bare "unknown site". The refusal lists the sites that exist so
the next attempt is the right one.
"""

from django.core.management.base import CommandError
from wagtail.models import Site


def site_label(site):
    return f"{site.hostname}:{site.port} (id {site.pk})"


def find_site(value):
    """The one Site that ``value`` names, or a ``CommandError`` listing every Site of the project."""
    value = str(value).strip()
    hostname, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    if value.isdigit():
        candidates = Site.objects.filter(pk=int(value))
    elif port.isdigit():
        candidates = Site.objects.filter(hostname__iexact=hostname, port=int(port))
    else:
        candidates = Site.objects.filter(hostname__iexact=value)
    found = list(candidates[:2])
    if len(found) == 1:
        return found[0]
    existing = ", ".join(site_label(site) for site in Site.objects.order_by("hostname", "port")) or "aucun"
    if found:
        reason = f"Plusieurs sites Wagtail ont pour nom d'hôte « {value} » : précisez le port ou l'id."
    else:
        reason = f"Aucun site Wagtail ne correspond à « {value} »."
    raise CommandError(
        f"{reason} Sites existants : {existing}. Indiquez avec --site le nom d'hôte de votre site "
        "(tel qu'il figure dans Paramètres > Sites de l'administration), hôte:port ou son id."
    )
