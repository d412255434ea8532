"""Forms for entering and signing off results, laid out in the GOV.UK style."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import format_html

from kpis.breakdown_rules import ADDING_UNITS, BreakdownFigure, DimensionFacts, field_name
from kpis.bulk import MAX_UPLOAD_BYTES
from kpis.dates import DateInputField
from kpis.entry import Entry, parse_version
from kpis.models import TargetType
from reporting.numbers import NumberError, parse_decimal

LONG_TEXT = 20_000
OUT_OF_DATE = "The form was out of date: reload the page and enter the result again"

UNIT_HINTS = {
    "percent": "A percentage, for example 85.5",
    "number": "A number, for example 1250",
    "currency": "An amount in pounds, for example 1250000",
    "days": "A number of days, for example 12.5",
    "ratio": "A rate, for example 48.2",
}

# What a breakdown figure is called beside its number of people.
FIGURE_WORDS = {"percent": "percentage", "currency": "amount", "days": "days",
                "ratio": "rate"}


class ResultForm(forms.Form):
    actual = forms.CharField(
        label="Actual value", required=False, max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                      "spellcheck": "false"}),
    )
    commentary = forms.CharField(
        label="Commentary", required=False, max_length=LONG_TEXT, widget=forms.Textarea,
        strip=False,
        help_text="The story behind the number: what happened and why. Needed when the "
        "result is amber or red.",
    )
    improvement_activity = forms.CharField(
        label="Improvement activity", required=False, max_length=LONG_TEXT,
        widget=forms.Textarea, strip=False,
        help_text="What is being done to improve. Needed when the result is red.",
    )
    data_quality_note = forms.CharField(
        label="Data quality note (optional)", required=False, max_length=LONG_TEXT,
        widget=forms.Textarea,
        help_text="Anything a reader should know about how reliable the figure is.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, unit: str = "number", code: str = "",
                 dimensions: tuple[DimensionFacts, ...] = (), threshold: int = 5, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.code, self.dimensions = unit, code, dimensions
        self.fields["actual"].help_text = UNIT_HINTS.get(unit, "")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.breakdown_fieldsets = [self._breakdown_fieldset(d, threshold) for d in dimensions]
        self.helper.layout = Layout(
            Field.text("actual", field_width=10, label_size=Size.MEDIUM),
            *self.breakdown_fieldsets,
            Field.textarea("commentary", rows=6, label_size=Size.MEDIUM),
            Field.textarea("improvement_activity", rows=4, label_size=Size.MEDIUM),
            Field.textarea("data_quality_note", rows=3),
            "version",
        )

    def _breakdown_fieldset(self, dimension: DimensionFacts, threshold: int) -> Fieldset:
        """A figure for each category (and, unless the figure is a count, the number of
        people behind it), in the dimension's own fieldset."""
        counted = self.unit != "number"
        fields = []
        for cid, name in dimension.categories.items():
            self.fields[field_name(cid)] = forms.CharField(
                label=name if not counted else f"{name}: {FIGURE_WORDS.get(self.unit, 'figure')}",
                required=False,
                max_length=40, widget=forms.TextInput(attrs={
                    "inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}),
            )
            fields.append(Field.text(field_name(cid), field_width=10))
            if counted:
                self.fields[field_name(cid, "people")] = forms.CharField(
                    label=f"{name}: number of people", required=False, max_length=12,
                    widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                  "autocomplete": "off"}),
                )
                fields.append(Field.text(field_name(cid, "people"), field_width=5))
        adds = dimension.parts_make_the_whole and self.unit in ADDING_UNITS
        hint = format_html(
            '<p class="govuk-hint">{}Leave a category blank if there is no figure for it. '
            "Figures about fewer than {} people are hidden outside the performance team.</p>",
            "The figures must add up to the actual value. " if adds else "", threshold,
        )
        return Fieldset(HTML(hint), *fields, legend=f"Breakdown by {dimension.name.lower()}",
                        legend_size=Size.MEDIUM)

    def clean_actual(self):
        text = self.cleaned_data["actual"].strip()
        if not text:
            return None
        try:
            return parse_decimal(text, unit=self.unit, code=self.code)
        except NumberError as error:
            raise forms.ValidationError(str(error)) from None

    def _breakdown(self, cleaned: dict) -> tuple[BreakdownFigure, ...] | None:
        """The breakdown figures as typed, each number read by ``parse_decimal``."""
        if not self.dimensions:
            return None
        cells = []
        for dimension in self.dimensions:
            for cid in dimension.categories:
                value = people = None
                text = (cleaned.get(field_name(cid)) or "").strip()
                try:
                    value = parse_decimal(text, unit=self.unit, code=self.code) if text else None
                except NumberError as error:
                    self.add_error(field_name(cid), str(error))
                text = (cleaned.get(field_name(cid, "people")) or "").strip()
                if text:
                    if text.isascii() and text.isdigit() and len(text) <= 9:
                        people = int(text)
                    else:
                        self.add_error(field_name(cid, "people"),
                                       "Enter the number of people as a whole number, "
                                       "for example 12")
                cells.append(BreakdownFigure(cid, value, people))
        return tuple(cells)

    def clean(self):
        cleaned = super().clean()
        cleaned["breakdown"] = self._breakdown(cleaned)
        version = parse_version(cleaned.get("version") or "")
        if version is None:
            # A hidden field has nowhere to show its error: say it at the top.
            self.add_error(None, OUT_OF_DATE)
        else:
            cleaned["version"] = version
        return cleaned

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(
            actual=data["actual"],
            commentary=data["commentary"],
            improvement_activity=data["improvement_activity"],
            data_quality_note=data["data_quality_note"],
            breakdown=data.get("breakdown"),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=LONG_TEXT, widget=forms.Textarea,
        error_messages={"required": "Enter the reason"},
    )

    def __init__(self, *args, label: str = "Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("reason", rows=4, label_size=Size.MEDIUM))


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet of results",
        help_text="The XLSX you downloaded and filled in (or a CSV with the same columns)",
        error_messages={"required": "Choose the spreadsheet to upload"},
    )
    submit = forms.BooleanField(
        label="Submit these results for sign-off", required=False,
        help_text="Leave unticked to save them as drafts",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("file"), Field.checkbox("submit"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload


class DelegationForm(forms.Form):
    delegate = forms.ModelChoiceField(
        label="Colleague", queryset=None, empty_label="Choose a colleague",
        error_messages={"required": "Choose the colleague who will enter results"},
    )
    ends_on = DateInputField(
        label="Last day they may enter results",
        help_text="For example, 31 3 2027",
        require_all_fields=False,
    )

    def __init__(self, *args, users=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = users
        self.fields["delegate"].label_from_instance = (
            lambda user: f"{user.get_full_name() or user.username} ({user.username})"
        )
        self.today = today
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.select("delegate"), Field("ends_on"))

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if self.today and ends_on < self.today:
            raise forms.ValidationError("The last day must be today or in the future")
        return ends_on


def _decimal_field(label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}), **kwargs
    )


class TargetForm(forms.Form):
    annual = _decimal_field("Target for the year")
    stretch = _decimal_field("Stretch target (optional)")
    target_type = forms.ChoiceField(
        label="Type of target", choices=TargetType.choices,
        error_messages={"required": "Choose the type of target"},
    )
    rationale = forms.CharField(
        label="Rationale", widget=forms.Textarea, max_length=LONG_TEXT,
        help_text="Why this target: last year's outturn, benchmarks, resources, ambition",
        error_messages={"required": "Enter the rationale for the target"},
    )

    def __init__(self, *args, profile: list | None = None, unit: str | None = None,
                 code: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile or []
        self.unit, self.code = unit, code
        layout = [
            Field.text("annual", field_width=10, label_size=Size.MEDIUM),
            Field.text("stretch", field_width=10),
            Field.radios("target_type", legend_size=Size.MEDIUM),
            Field.textarea("rationale", rows=4, label_size=Size.MEDIUM),
        ]
        for period in self.profile:
            name = f"profile_{period.key}"
            self.fields[name] = _decimal_field(f"{period.label} (optional)")
            layout.append(Field.text(name, field_width=10))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*layout)

    def _number(self, name: str):
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return parse_decimal(text, unit=self.unit, code=self.code)
        except NumberError as error:
            self.add_error(name, str(error))
            return None

    def clean(self):
        cleaned = super().clean()
        cleaned["annual_value"] = self._number("annual")
        if cleaned["annual_value"] is None and "annual" not in self.errors:
            self.add_error("annual", "Enter the target for the year")
        cleaned["stretch_value"] = self._number("stretch")
        cleaned["profile_values"] = {
            period: self._number(f"profile_{period.key}") for period in self.profile
        }
        return cleaned


class CorrectionForm(ResultForm):
    """A correction after issue: the corrected figure, commentary and breakdown, and why."""

    reason = forms.CharField(
        label="Why is the figure being corrected?", max_length=LONG_TEXT, widget=forms.Textarea,
        help_text="For example, the error found and who found it. The correction is listed "
        "in the next report.",
        error_messages={"required": "Enter the reason for the correction"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("improvement_activity", "data_quality_note", "version"):
            del self.fields[name]
        self.fields["actual"].label = "Corrected value"
        self.helper.layout = Layout(
            Field.text("actual", field_width=10, label_size=Size.MEDIUM),
            *self.breakdown_fieldsets,
            Field.textarea("commentary", rows=6, label_size=Size.MEDIUM),
            Field.textarea("reason", rows=4, label_size=Size.MEDIUM),
        )

    def clean(self):
        cleaned = forms.Form.clean(self)  # no version: the correction locks the row itself
        cleaned["breakdown"] = self._breakdown(cleaned)
        return cleaned
