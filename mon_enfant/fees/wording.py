"""The words of :mod:`mon_enfant.fees.logic` in the active language: the logic says what it means as a
:class:`~mon_enfant.fees.logic.Message` (a key and values), and this module writes it with gettext and
Django's number formatting. The French templates are the catalogue's msgids
(``mon_enfant/locale/<language>/LC_MESSAGES/django.po`` translates them); a value is written by its kind:
an amount in euros, a rank ("2e", "2nd"), a number, or a nested message (capitalised where it starts a
sentence).
"""

import functools
from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext, gettext_noop, pgettext

from . import logic

# key -> (French template, kinds of the values that are not plain numbers or nested messages)
TEMPLATES = {
    "amount_invalid": (gettext_noop("Saisissez un montant valide."), {}),
    "amount_too_large": (gettext_noop("Ce montant est trop élevé."), {}),
    "input_required": (gettext_noop("Indiquez %(label)s."), {}),
    "input_invalid": (gettext_noop("Saisissez un montant valide pour %(label)s."), {}),
    "input_negative": (gettext_noop("Le montant saisi pour %(label)s ne peut pas être négatif."), {}),
    "input_too_large": (gettext_noop(
        "Le montant saisi pour %(label)s dépasse %(maximum)s € : vérifiez la saisie."
    ), {}),
    "setting_invalid": (gettext_noop("%(what)s n'est pas un nombre valide."), {}),
    "setting_negative": (gettext_noop("%(what)s ne peut pas être négatif."), {}),
    "setting_too_large_euros": (gettext_noop("%(what)s dépasse %(maximum)s € : vérifiez la saisie."), {}),
    "setting_too_large_percent": (gettext_noop("%(what)s dépasse %(maximum)s %% : vérifiez la saisie."), {}),
    "setting_too_large": (gettext_noop("%(what)s dépasse %(maximum)s : vérifiez la saisie."), {}),
    "children_out_of_range": (gettext_noop(
        "Le nombre d'enfants à charge doit être compris entre 0 et %(maximum)s."
    ), {}),
    "disabled_children_out_of_range": (gettext_noop(
        "Le nombre d'enfants en situation de handicap doit être compris entre 0 et le nombre d'enfants à "
        "charge."
    ), {}),
    "parts_out_of_range": (gettext_noop("Le nombre de parts doit être compris entre %(low)s et %(high)s."), {}),
    "parts_couple": (gettext_noop("couple"), {}),
    "parts_single_parent_with_child": (gettext_noop("parent isolé avec enfant"), {}),
    "parts_single_adult": (gettext_noop("personne seule sans enfant"), {}),
    "parts_first_child": (gettext_noop("1er enfant"), {}),
    "parts_second_child": (gettext_noop("2e enfant"), {}),
    "parts_third_child": (gettext_noop("3e enfant"), {}),
    "parts_further_child": (gettext_noop("enfant suivant"), {}),
    "parts_disabled_child": (gettext_noop("enfant bénéficiaire de l'AEEH"), {}),
    "parts_of": (gettext_noop("Le nombre de parts « %(label)s »"), {}),
    "setting_zero": (gettext_noop("%(what)s doit être supérieur à 0."), {}),
    "case_t_couple": (gettext_noop("La case T est réservée aux parents qui vivent seuls, pas aux couples."), {}),
    "case_t_without_child": (gettext_noop("La case T suppose au moins un enfant à charge."), {}),
    "the_qf": (gettext_noop("le quotient familial"), {}),
    "computed_qf_too_large": (gettext_noop(
        "Le quotient familial calculé (%(qf)s) dépasse %(maximum)s € : vérifiez les ressources et le "
        "nombre de parts."
    ), {"qf": "euros"}),
    "the_annual_resources": (gettext_noop("les ressources annuelles"), {}),
    "the_monthly_benefits": (gettext_noop("les prestations familiales mensuelles"), {}),
    "the_reference_income": (gettext_noop("le revenu fiscal de référence"), {}),
    "your_qf": (gettext_noop("votre quotient familial"), {}),
    "your_reference_income": (gettext_noop("votre revenu fiscal de référence"), {}),
    "your_annual_resources": (gettext_noop("vos ressources annuelles"), {}),
    "bracket_not_a_number": (gettext_noop("Une tranche contient une valeur qui n'est pas un nombre."), {}),
    "bounds_from": (gettext_noop("à partir de %(low)s"), {}),
    "bounds_between": (gettext_noop("de %(low)s à %(high)s"), {}),
    "qf_range_all": (gettext_noop("tous les quotients familiaux"), {}),
    "qf_range_from": (gettext_noop("à partir de %(low)s"), {"low": "qf_euros"}),
    "qf_range_below": (gettext_noop("moins de %(high)s"), {"high": "qf_euros"}),
    "qf_range_between": (gettext_noop("de %(low)s à moins de %(high)s"), {"low": "qf_euros", "high": "qf_euros"}),
    "bracket_name": (gettext_noop("la tranche %(number)s (%(bounds)s)"), {}),
    "grid_empty": (gettext_noop("La grille doit comporter au moins une tranche."), {}),
    "bracket_price": (gettext_noop("Le tarif de %(name)s"), {}),
    "bracket_pai_price": (gettext_noop("Le tarif panier repas de %(name)s"), {}),
    "bracket_negative_qf": (gettext_noop("%(name)s commence à un QF négatif."), {"name": "capital"}),
    "bracket_empty": (gettext_noop(
        "%(name)s est vide : sa borne haute doit être supérieure à sa borne basse."
    ), {"name": "capital"}),
    "bracket_open_not_last": (gettext_noop(
        "Seule la dernière tranche peut être sans borne haute : %(name)s est suivie d'autres tranches."
    ), {}),
    "bracket_not_from_zero": (gettext_noop(
        "%(name)s doit commencer à 0 pour couvrir les QF les plus bas."
    ), {"name": "capital"}),
    "bracket_unordered": (gettext_noop(
        "%(name)s commence avant %(previous)s : classez les tranches par QF croissant."
    ), {"name": "capital"}),
    "bracket_overlap": (gettext_noop("%(name)s chevauche %(previous)s."), {"name": "capital"}),
    "bracket_gap": (gettext_noop(
        "Il manque les QF de %(low)s à %(high)s entre la tranche %(previous)s et la tranche %(number)s."
    ), {}),
    "bracket_pai_incomplete": (gettext_noop(
        "%(name)s n'a pas de tarif panier repas, alors que d'autres tranches en ont un."
    ), {"name": "capital"}),
    "effort_rate": (gettext_noop("Le taux d'effort"), {}),
    "effort_rate_zero": (gettext_noop("Le taux d'effort doit être supérieur à 0 %%."), {}),
    "effort_rate_floor": (gettext_noop("Le plancher"), {}),
    "effort_rate_ceiling": (gettext_noop("Le plafond"), {}),
    "floor_above_ceiling": (gettext_noop(
        "Le plancher (%(floor)s) ne peut pas dépasser le plafond (%(ceiling)s)."
    ), {"floor": "euros", "ceiling": "euros"}),
    "rule_effort_rate": (gettext_noop(
        "Taux d'effort %(rate)s %% du QF, plancher %(floor)s, plafond %(ceiling)s"
    ), {"floor": "euros", "ceiling": "euros"}),
    "flat_price": (gettext_noop("Le tarif unique"), {}),
    "non_resident_amount_mismatch": (gettext_noop(
        "Indiquez un montant pour le tarif non-résident choisi, et seulement pour celui-ci."
    ), {}),
    "non_resident_brackets_mismatch": (gettext_noop(
        "Les tranches non-résident ne s'utilisent qu'avec le mode « tranches de QF propres »."
    ), {}),
    "non_resident_pai_mismatch": (gettext_noop(
        "Le tarif panier repas non-résident ne s'utilise qu'avec un tarif non-résident unique."
    ), {}),
    "surcharge_percent": (gettext_noop("Le pourcentage de majoration"), {}),
    "surcharge_amount": (gettext_noop("Le montant de la majoration non-résident"), {}),
    "non_resident_price": (gettext_noop("Le tarif non-résident"), {}),
    "non_resident_pai_price": (gettext_noop("Le tarif panier repas non-résident"), {}),
    "rule_non_resident_surcharge_amount": (gettext_noop(
        "Tarif non-résident : majoration de %(amount)s"
    ), {"amount": "euros"}),
    "rule_non_resident_surcharge_percent": (gettext_noop("Tarif non-résident : majoration de %(percent)s %%"), {}),
    "rule_non_resident_ceiling": (gettext_noop("Tarif non-résident : tarif le plus élevé"), {}),
    "rule_non_resident": (gettext_noop("Tarif non-résident"), {}),
    "sibling_rank_out_of_range": (gettext_noop(
        "Une règle fratrie s'applique à partir du 2e enfant et au plus tard du %(maximum)s."
    ), {"maximum": "ordinal"}),
    "sibling_kind_missing": (gettext_noop(
        "Pour la règle fratrie à partir du %(rank)s enfant, choisissez soit un pourcentage de réduction, "
        "soit la tranche inférieure."
    ), {"rank": "ordinal"}),
    "sibling_percent": (gettext_noop(
        "Le pourcentage de réduction fratrie à partir du %(rank)s enfant"
    ), {"rank": "ordinal"}),
    "setting_zero_percent": (gettext_noop("%(what)s doit être supérieur à 0 %%."), {}),
    "sibling_intro": (gettext_noop("Réduction fratrie à partir du %(rank)s enfant"), {"rank": "ordinal"}),
    "sibling_duplicate": (gettext_noop("Deux règles fratrie commencent au même rang d'enfant."), {}),
    "sibling_not_applicable": (gettext_noop(
        "La réduction fratrie « tranche inférieure » ne s'applique qu'aux grilles par tranches de QF : "
        "choisissez un pourcentage de réduction."
    ), {}),
    "no_qf_price_with_flat": (gettext_noop("Un tarif sans QF n'a pas de sens avec un tarif unique."), {}),
    "pai_conflict": (gettext_noop(
        "Le tarif panier repas est donné à la fois par tranche et en tarif unique : choisissez l'un ou "
        "l'autre."
    ), {}),
    "no_qf_price": (gettext_noop("Le tarif sans QF"), {}),
    "pai_price": (gettext_noop("Le tarif panier repas"), {}),
    "rule_flat": (gettext_noop("Tarif unique"), {}),
    "rule_no_qf_fixed": (gettext_noop("Sans QF : tarif fixé à %(price)s"), {"price": "euros"}),
    "rule_no_qf_ceiling": (gettext_noop("Sans QF : tarif plafond (%(price)s)"), {"price": "euros"}),
    "rule_no_qf_highest": (gettext_noop("Sans QF : tarif de la tranche la plus haute"), {}),
    "rule_above_last_bracket": (gettext_noop(
        "QF au-delà de la dernière tranche : tarif de la tranche la plus haute"
    ), {}),
    "rule_bracket": (gettext_noop("Tranche de QF : %(range)s"), {}),
    "child_rank_out_of_range": (gettext_noop(
        "Le rang de l'enfant dans la fratrie doit être compris entre 1 et %(maximum)s."
    ), {}),
    "rule_sibling_lower_bracket": (gettext_noop("%(sibling)s : tranche inférieure (QF : %(range)s)"), {}),
    "rule_sibling_lowest_already": (gettext_noop("%(sibling)s : déjà dans la tranche la plus basse"), {}),
    "pai_unavailable": (gettext_noop("Le tarif panier repas (PAI) n'est pas proposé pour ce service."), {}),
    "rule_pai": (gettext_noop("Panier repas (PAI)"), {}),
    "rule_sibling_percent": (gettext_noop(
        "Réduction fratrie de %(percent)s %% à partir du %(rank)s enfant"
    ), {"rank": "ordinal"}),
    "the_unit_price": (gettext_noop("le tarif unitaire"), {}),
    "units_out_of_range": (gettext_noop(
        "Le nombre d'unités par semaine doit être compris entre 0 et %(maximum)s."
    ), {}),
    "usage_out_of_range": (gettext_noop("Indiquez de 0 à %(maximum)s %(units)s par semaine."), {}),
    "usage_not_whole": (gettext_noop("Indiquez un nombre entier de %(units)s."), {}),
    "usage_by_half_hour": (gettext_noop("Indiquez les %(units)s par demi-heure : 6, 6,5 ou 7, par exemple."), {}),
    "units_repas": (gettext_noop("repas"), {}),
    "units_heure": (gettext_noop("heures"), {}),
    "units_demi-heure": (gettext_noop("demi-heures"), {}),
    "units_journee": (gettext_noop("journées"), {}),
    "units_demi-journee": (gettext_noop("demi-journées"), {}),
    "units_mois": (gettext_noop("abonnements mensuels"), {}),
    "units_seance": (gettext_noop("séances"), {}),
    "weeks_out_of_range": (gettext_noop("Le nombre de semaines par an doit être compris entre 1 et %(maximum)s."), {}),
    "months_out_of_range": (gettext_noop("Le nombre de mois facturés doit être compris entre 1 et %(maximum)s."), {}),
    # Said by the Django layer about a commune's data, in the same form.
    "no_grid_for_year": (gettext_noop("Aucune grille tarifaire n'est publiée pour cette année scolaire."), {}),
    "no_price_for_service": (gettext_noop("Cette prestation n'a pas de tarif pour cette année scolaire."), {}),
    "sibling_percent_required": (
        gettext_noop("Indiquez le pourcentage de la réduction fratrie à partir du rang %(rank)s."), {}),
}

RULE_SEPARATOR = " · "


_separators = {}


def _language_separators() -> tuple[str, int, str]:
    """The active language's decimal separator, grouping and thousands separator (read once per language:
    Django's ``get_format`` is slow next to the arithmetic of a quote). A plain space where the locale's
    is a no-break one, as these texts also go into JSON and error messages."""
    language = get_language()
    separators = _separators.get(language)
    if separators is None:
        thousands = get_format("THOUSAND_SEPARATOR").replace("\xa0", " ").replace("\u202f", " ")
        separators = _separators[language] = (
            get_format("DECIMAL_SEPARATOR"), get_format("NUMBER_GROUPING"), thousands)
    return separators


def _format(value: Decimal, decimal_pos: int | None) -> str:
    # Thousands are grouped ("1 371", "10 000"), as on the printed grids and the result page.
    decimal_sep, grouping, thousand_sep = _language_separators()
    return numberformat.format(value, decimal_sep, decimal_pos, grouping=grouping, thousand_sep=thousand_sep,
                               force_grouping=True)


def number(value: Decimal) -> str:
    """A number without trailing zeros: "385", "0,36" / "0.36", "1 371" / "1,371"."""
    return _format(Decimal(value).normalize(), None)


def euros(value: Decimal) -> str:
    """An amount to the cent: "2,60 €" in French, "€2.60" in English."""
    amount = _format(Decimal(value).quantize(logic.CENT, rounding=ROUND_HALF_UP), 2)
    return pgettext("amount in euros", "%(amount)s €") % {"amount": amount}


def qf_euros(value: Decimal) -> str:
    """A QF bound: whole euros without cents ("1 371 €"), the cents when there are some ("384,50 €")."""
    value = Decimal(value)
    amount = _format(value, 0 if value == value.to_integral_value() else 2)
    return pgettext("amount in euros", "%(amount)s €") % {"amount": amount}


def ordinal(rank: int) -> str:
    """A rank: "1er", "2e" in French; "1st", "2nd", "11th", "21st" in English."""
    if rank == 1:
        template = pgettext("ordinal: first", "%(rank)ser")
    elif rank % 100 in (11, 12, 13):
        template = pgettext("ordinal", "%(rank)se")
    else:
        template = {
            1: pgettext("ordinal ending in 1", "%(rank)se"),
            2: pgettext("ordinal ending in 2", "%(rank)se"),
            3: pgettext("ordinal ending in 3", "%(rank)se"),
        }.get(rank % 10) or pgettext("ordinal", "%(rank)se")
    return template % {"rank": rank}


def _value(value, kind):
    if isinstance(value, logic.Message):
        text = word(value)
        return text[:1].upper() + text[1:] if kind == "capital" else text
    if kind == "euros":
        return euros(value)
    if kind == "qf_euros":
        return qf_euros(value)
    if kind == "ordinal":
        return ordinal(value)
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def word(message: logic.Message) -> str:
    """A logic message in the active language."""
    template, kinds = TEMPLATES[message.key]
    return gettext(template) % {name: _value(value, kinds.get(name)) for name, value in message.values}


def rules(quote: logic.Quote, language: str | None = None) -> str:
    """Why this price, as one line: the rules applied, in order, in the active language; an answer of
    several lines reads it once (``get_language()``) and passes it as ``language``."""
    return _rules(language or get_language(), quote.applied_rules)


@functools.lru_cache(maxsize=4096)
def _rules(language: str, applied_rules: tuple[logic.Message, ...]) -> str:
    # Kept by language and rules: a rule holds only what a grid says (bounds, rates, prices, ranks), never
    # what a family typed, and a commune's grids give a few dozen rules at most.
    return RULE_SEPARATOR.join(word(rule) for rule in applied_rules)


def error(exc: logic.FeeError) -> str:
    """The message of a logic error, to show next to the field (or the bracket) at fault."""
    return word(exc.reason)


def grid_error(exc: logic.GridError, relation: str | None = None) -> str:
    """The message of a grid error, saying which list of brackets it is about."""
    message = error(exc)
    if relation == "non_resident_brackets":
        return gettext("Tranches non-résidents : %(message)s") % {"message": message}
    return message
