"""mon_enfant.forms: a family form renders every field through the one field template, ties hints and
errors to the inputs by id, and puts one error summary first whose links lead to the fields."""

import re

import pytest
from django import forms
from django.utils import translation

from mon_enfant.forms import INVALID_CHOICE, ErrorSummaryItem, FamilyForm


class ChildForm(FamilyForm):
    address = forms.CharField(label="Adresse", help_text="Numéro et rue.", max_length=20)
    level = forms.ChoiceField(label="Niveau", choices=[("cp", "CP"), ("ce1", "CE1")], widget=forms.RadioSelect)
    siblings = forms.BooleanField(label="Frères et sœurs", required=False)
    email = forms.EmailField(label="Courriel", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.cleaned_data.get("secret") == "refuse":
            raise forms.ValidationError("Demande refusée.")
        return self.cleaned_data


def input_tag(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def test_a_valid_form_has_no_summary_and_hints_are_tied_to_their_input():
    form = ChildForm({"address": "7 rue X", "level": "cp"})
    assert form.is_valid()
    html = str(form)
    assert "mon-enfant-form__error-summary" not in html
    assert form.error_summary() == ""
    tag = input_tag(html, "address")
    assert 'aria-describedby="id_address_helptext"' in tag
    assert '<p class="mon-enfant-form__hint" id="id_address_helptext">Numéro et rue.</p>' in html


def test_errors_are_tied_to_their_field_and_the_input_is_marked_invalid():
    form = ChildForm({"address": "x" * 30})
    html = str(form)
    tag = input_tag(html, "address")
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="id_address_helptext id_address_error"' in tag
    assert re.search(r'<p class="mon-enfant-form__error" id="id_address_error">.*20 caractères', html)


def test_a_radio_group_is_a_fieldset_with_a_legend_described_by_its_error():
    html = str(ChildForm({"address": "7 rue X"}))
    assert re.search(r'<fieldset[^>]*aria-describedby="id_level_error"[^>]*>\s*<legend[^>]*>Niveau', html)
    assert html.count('type="radio"') == 2


def test_the_summary_comes_first_and_links_each_message_to_its_field():
    form = ChildForm({"address": "", "secret": "refuse"})
    html = str(form)
    assert html.index("mon-enfant-form__error-summary") < html.index('name="address"')
    assert 'role="alert"' in html
    assert '<a href="#id_address">' in html
    assert '<a href="#id_level_0">' in html  # a radio group: its first choice
    assert form.error_summary_items()[0] == ErrorSummaryItem("Demande refusée.")


@pytest.mark.parametrize(("language", "word"), [("fr", "(facultatif)"), ("en", "(optional)")])
def test_an_optional_field_says_so_in_the_active_language_but_not_a_checkbox(language, word):
    with translation.override(language):
        html = str(ChildForm())
    assert re.search(rf'for="id_email">Courriel <span class="mon-enfant-form__optional">{re.escape(word)}', html)
    assert html.count("mon-enfant-form__optional") == 1


@pytest.mark.parametrize("prefix", [None, "calc"])
def test_the_summary_id_follows_the_prefix(prefix):
    form = ChildForm({}, prefix=prefix)
    assert f'id="{form.error_summary_id}"' in form.error_summary()


def test_an_invalid_choice_never_repeats_the_posted_value():
    class Late(FamilyForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # added after __init__ of the base, as the fee calculator adds its fields
            self.fields["level"] = forms.ChoiceField(choices=[("a", "A")])
            self.fields["levels"] = forms.MultipleChoiceField(choices=[("a", "A")])

    form = Late({"level": "secret-typed", "levels": ["secret-typed"]})
    assert not form.is_valid()
    assert form.errors["level"] == [str(INVALID_CHOICE)]
    assert form.errors["levels"] == [str(INVALID_CHOICE)]
    assert "secret-typed" not in str(form.errors)
