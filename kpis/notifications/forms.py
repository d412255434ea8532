"""The email settings form, laid out in the GOV.UK style."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from kpis.notifications.models import Preferences

KINDS = ["submitted", "returned", "approved", "reminders"]


class PreferencesForm(forms.Form):
    """One question, "Email me when", with a box for each kind of email."""

    emails = forms.MultipleChoiceField(
        label="Email me when", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(name, Preferences._meta.get_field(name).verbose_name) for name in KINDS],
        help_text="Select all that apply. Notices still appear on your home page.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's form has its token
        self.helper.layout = Layout(Field.checkboxes("emails", legend_size=Size.MEDIUM,
                                                     legend_tag="h2"))

    @staticmethod
    def initial_for(preferences: Preferences) -> dict:
        return {"emails": [name for name in KINDS if getattr(preferences, name)]}

    def save(self, preferences: Preferences) -> Preferences:
        for name in KINDS:
            setattr(preferences, name, name in self.cleaned_data["emails"])
        preferences.save()
        return preferences
