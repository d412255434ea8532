"""Forms for governance screens, laid out in the GOV.UK style."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from kpis.forms import LONG_TEXT
from kpis.models import ReviewDecision


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=ReviewDecision.Decision.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose keep, change or retire"},
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea,
                           max_length=LONG_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.prefix:
            self.fields["decision"].label = f"Decision for {self.prefix}"
            self.fields["note"].label = f"Note for {self.prefix}"
        self.fields["note"].help_text = (
            "Optional, except for keep with changes: then say what should change"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.SMALL, inline=True),
            Field.textarea("note", rows=2),
        )

    def clean(self):
        """Keeping an indicator with changes says what should change: the note is how the
        performance team knows what to do next year."""
        cleaned = super().clean()
        if (cleaned.get("decision") == ReviewDecision.Decision.CHANGE
                and not cleaned.get("note", "").strip()):
            self.add_error("note", "Enter what should change")
        return cleaned
