"""The words of :mod:`mon_enfant.menus.logic` in the active language: each :class:`~logic.MenuValueError`
code becomes a sentence (gettext; the French is the catalogue's msgid), quoting the faulty value cut by
:func:`mon_enfant.echo.echo`."""

from django.utils.translation import gettext as _

from mon_enfant.echo import echo

from . import logic


def _choices(values):
    return ", ".join(values)


def value_error(exc: logic.MenuValueError, column: str = "") -> str:
    value = echo(exc.value)
    code = exc.code
    if code == "unknown_meal":
        return _("type de repas « %(value)s » inconnu (valeurs admises : %(choices)s).") % {
            "value": value, "choices": _choices(logic.MEALS.values())}
    if code == "unknown_course":
        return _("type de plat « %(value)s » inconnu (valeurs admises : %(choices)s).") % {
            "value": value, "choices": _choices(logic.COURSES.values())}
    if code == "unknown_id_type":
        return _("type d'identifiant « %(value)s » inconnu (SIRET, EN, autre ou sans).") % {"value": value}
    if code == "unknown_restaurant_type":
        return _("type de restaurant « %(value)s » inconnu (valeurs admises : %(choices)s).") % {
            "value": value, "choices": _choices(logic.RESTAURANT_TYPES)}
    if code == "unknown_nutriscore":
        return _("Nutri-Score « %(value)s » inconnu (A, B, C, D ou E).") % {"value": value}
    if code == "unknown_allergen":
        return _("allergène « %(value)s » inconnu : les 14 allergènes réglementaires sont %(choices)s.") % {
            "value": value, "choices": _choices(logic.ALLERGENS.values())}
    if code == "unknown_siqo":
        return _("signe de qualité « %(value)s » inconnu (valeurs admises : %(choices)s) ; les autres labels "
                 "vont dans menuPlatLabel.") % {"value": value, "choices": _choices(logic.SIQO.values())}
    if code == "bad_list":
        return _("%(column)s : liste « %(value)s » mal écrite (attendu : [\"lait\",\"œufs\"]).") % {
            "column": column, "value": value}
    if code == "item_too_long":
        return _("%(column)s : l'élément « %(value)s » dépasse %(max)s caractères.") % {
            "column": column, "value": value, "max": logic.MAX_LIST_ITEM}
    if code == "bad_date":
        return _("%(column)s : date « %(value)s » invalide (attendu AAAA-MM-JJ, ex. 2026-12-07).") % {
            "column": column, "value": value}
    if code == "bad_datetime":
        return _("%(column)s : date et heure « %(value)s » invalides (attendu AAAA-MM-JJTHH:MM:SS, "
                 "ex. 2026-11-30T08:00:00+01:00).") % {"column": column, "value": value}
    if code == "bad_week":
        return _("Semaine invalide : attendu AAAA-Www, ex. 2026-W49.")
    if code == "range_reversed":
        return _("La date de fin précède la date de début.")
    if code == "range_too_long":
        return _("La période demandée dépasse un an (%(max)s jours).") % {"max": logic.MAX_RANGE_DAYS}
    return _("valeur « %(value)s » invalide.") % {"value": value}
