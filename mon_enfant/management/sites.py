"""Which Wagtail site a command's ``--site`` names: a hostname, ``hostname:port`` or a Site id.

A fresh ``wagtail start`` project has one Site, ``localhost:80``; a webmaster who copies a hostname from
the documentation would otherwise meet a bare "unknown site". The refusal lists the sites that exist so
the next attempt is the right one.
"""

from django.core.management.base import CommandError
from wagtail.models import Site

from mon_enfant.csvfiles import bounded_integer
from mon_enfant.echo import echo

# An id or a port in ASCII digits, and few enough for int() and the database's integer column.
_ID_DIGITS, _PORT_DIGITS = 10, 5


def site_label(site):
    return f"{site.hostname}:{site.port} (id {site.pk})"


def find_site(value):
    """The one Site that ``value`` names, or a ``CommandError`` listing every Site of the project."""
    value = str(value).strip()
    hostname, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    site_id, port_number = bounded_integer(value, _ID_DIGITS), bounded_integer(port, _PORT_DIGITS)
    if site_id is not None:
        candidates = Site.objects.filter(pk=site_id)
    elif port_number is not None:
        candidates = Site.objects.filter(hostname__iexact=hostname, port=port_number)
    else:
        candidates = Site.objects.filter(hostname__iexact=value)
    found = list(candidates[:2])
    if len(found) == 1:
        return found[0]
    existing = ", ".join(site_label(site) for site in Site.objects.order_by("hostname", "port")) or "aucun"
    if found:
        reason = f"Plusieurs sites Wagtail ont pour nom d'hôte « {echo(value)} » : précisez le port ou l'id."
    else:
        reason = f"Aucun site Wagtail ne correspond à « {echo(value)} »."
    raise CommandError(
        f"{reason} Sites existants : {existing}. Indiquez avec --site le nom d'hôte de votre site "
        "(tel qu'il figure dans Paramètres > Sites de l'administration), hôte:port ou son id."
    )
