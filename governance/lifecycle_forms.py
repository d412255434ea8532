"""Forms for proposing, changing and deciding indicators, and for data-quality audits."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from governance.data_quality import CHECKS, Answer
from governance.smart import Assessment
from kpis.dates import DateInputField
from kpis.forms import LONG_TEXT
from kpis.models import Indicator, OrgUnit
from kpis.models.fields import indicator_code_problem
from reporting.numbers import NumberError, parse_decimal
from reporting.periods import Period

MET = [("yes", "Met"), ("no", "Not met")]


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


def _target(form: forms.Form, name: str, unit: str | None):
    text = form.cleaned_data.get(name, "").strip()
    if not text:
        return None
    try:
        return parse_decimal(text, unit=unit)
    except NumberError as error:
        form.add_error(name, str(error))
        return None


class SmartFields:
    """The five SMART letters, in the council's wording, each met or not with a reason."""

    def add_smart(self, criteria) -> list:
        self.criteria = list(criteria)
        layout = []
        for c in self.criteria:
            self.fields[f"smart_{c.letter}"] = forms.ChoiceField(
                label=f"{c.name}: {c.wording}", choices=MET, widget=forms.RadioSelect,
                error_messages={"required": f"Say whether the indicator is {c.name.lower()}"},
            )
            self.fields[f"smart_{c.letter}_why"] = forms.CharField(
                label=f"Why ({c.name.lower()})", widget=forms.Textarea, max_length=2000,
                error_messages={"required": f"Enter why the indicator is or is not "
                                            f"{c.name.lower()}"},
            )
            layout += [Field.radios(f"smart_{c.letter}", legend_size=Size.SMALL, inline=True),
                       Field.textarea(f"smart_{c.letter}_why", rows=2)]
        return layout

    def assessment(self) -> list[Assessment]:
        return [
            Assessment(c.letter, c.name, c.wording,
                       self.cleaned_data[f"smart_{c.letter}"] == "yes",
                       self.cleaned_data[f"smart_{c.letter}_why"])
            for c in self.criteria
        ]


def year_choices(first: Period, count: int = 3) -> list[tuple[str, str]]:
    return [(first.shift(n).key, first.shift(n).label) for n in range(count)]


class ProposalForm(SmartFields, forms.Form):
    code = forms.CharField(label="Code", max_length=30,
                           error_messages={"required": "Enter the code"})
    title = forms.CharField(label="Title", max_length=300,
                            error_messages={"required": "Enter the title"})
    definition = forms.CharField(label="Definition", widget=forms.Textarea,
                                 max_length=LONG_TEXT,
                                 help_text="What is counted, how, and from what source",
                                 error_messages={"required": "Enter the definition"})
    level = forms.ChoiceField(label="Level", choices=Indicator.Level.choices,
                              error_messages={"required": "Choose the level"})
    org_unit = forms.ModelChoiceField(label="Organisation unit", queryset=OrgUnit.objects.none(),
                                      empty_label="Choose a unit",
                                      error_messages={"required": "Choose the unit"})
    unit = forms.ChoiceField(label="Unit", choices=Indicator.Unit.choices,
                             error_messages={"required": "Choose the unit of measure"})
    polarity = forms.ChoiceField(label="Polarity", choices=Indicator.POLARITY_CHOICES,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": "Choose the polarity"})
    frequency = forms.ChoiceField(label="Frequency", choices=Indicator.FREQUENCY_CHOICES,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Choose how often it is reported"})
    collection = forms.ChoiceField(label="Collection", choices=Indicator.COLLECTION_CHOICES,
                                   widget=forms.RadioSelect,
                                   error_messages={"required": "Choose the collection"})
    target = forms.CharField(label="Annual target (optional)", required=False, max_length=40,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    from_year = forms.ChoiceField(label="From the financial year", widget=forms.RadioSelect,
                                  error_messages={"required": "Choose the year it starts"})
    reason = forms.CharField(label="Why it is needed", widget=forms.Textarea,
                             max_length=LONG_TEXT,
                             error_messages={"required": "Enter why it is needed"})

    def __init__(self, *args, criteria=(), first_year: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.order_by("path")
        self.fields["org_unit"].label_from_instance = lambda unit: unit.path
        self.fields["from_year"].choices = year_choices(first_year)
        self.helper = _helper(
            Fieldset(
                Field.text("code", field_width=10), Field.text("title"),
                Field.textarea("definition", rows=3), Field.select("level"),
                Field.select("org_unit"), Field.select("unit"),
                Field.radios("polarity", legend_size=Size.SMALL, inline=True),
                Field.radios("frequency", legend_size=Size.SMALL, inline=True),
                Field.radios("collection", legend_size=Size.SMALL, inline=True),
                Field.text("target", field_width=10),
                Field.radios("from_year", legend_size=Size.SMALL, inline=True),
                Field.textarea("reason", rows=3),
                legend="The indicator", legend_size=Size.MEDIUM,
            ),
            Fieldset(*self.add_smart(criteria), legend="SMART assessment",
                     legend_size=Size.MEDIUM),
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        problem = indicator_code_problem(code)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:])
        if Indicator.objects.filter(code=code).exists():
            raise forms.ValidationError(f"{code} is already an indicator's code")
        return code

    def clean(self):
        cleaned = super().clean()
        cleaned["target_value"] = _target(self, "target", cleaned.get("unit"))
        return cleaned


class ChangeForm(forms.Form):
    definition = forms.CharField(
        label="New definition (optional)", required=False, widget=forms.Textarea,
        max_length=LONG_TEXT, help_text="Leave blank to keep the definition",
    )
    target = forms.CharField(label="New annual target (optional)", required=False,
                             max_length=40, help_text="Leave blank to keep the target",
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    from_year = forms.ChoiceField(label="From the financial year", widget=forms.RadioSelect,
                                  error_messages={"required": "Choose the year it applies from"})
    reason = forms.CharField(label="Why the change is needed", widget=forms.Textarea,
                             max_length=LONG_TEXT,
                             error_messages={"required": "Enter why the change is needed"})

    def __init__(self, *args, indicator: Indicator, first_year: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["from_year"].choices = year_choices(first_year)
        self.helper = _helper(
            Field.textarea("definition", rows=4), Field.text("target", field_width=10),
            Field.radios("from_year", legend_size=Size.SMALL, inline=True),
            Field.textarea("reason", rows=3),
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["target_value"] = _target(self, "target", self.indicator.unit)
        if not cleaned.get("definition", "").strip() and cleaned["target_value"] is None \
                and "target" not in self.errors:
            self.add_error("definition", "Enter a new definition or a new target")
        return cleaned


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="The board's decision", widget=forms.RadioSelect,
        choices=[("approve", "Approve"), ("reject", "Reject")],
        error_messages={"required": "Choose approve or reject"},
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea, max_length=LONG_TEXT,
                              error_messages={"required": "Enter the board's reasons"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.radios("decision", legend_size=Size.MEDIUM, inline=True),
                              Field.textarea("reasons", rows=3))


class DrawForm(forms.Form):
    period = forms.ChoiceField(label="Quarter", error_messages={"required": "Choose a quarter"})
    seed = forms.IntegerField(
        label="Seed", min_value=0, max_value=2**53,
        help_text="Any whole number: the same seed draws the same sample again",
        error_messages={"required": "Enter a seed", "invalid": "Enter the seed as a whole number",
                        "min_value": "Enter a seed of 0 or more",
                        "max_value": "Enter a seed of 9,007,199,254,740,992 or less"},
    )
    per_committee = forms.IntegerField(
        label="Indicators from each committee", min_value=1, max_value=10, initial=2,
        error_messages={"required": "Enter how many from each committee",
                        "invalid": "Enter how many from each committee as a whole number",
                        "min_value": "Draw at least 1 indicator from each committee",
                        "max_value": "Draw at most 10 indicators from each committee"},
    )

    def __init__(self, *args, quarters: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(q.key, q.label) for q in quarters]
        self.helper = _helper(Field.select("period"), Field.text("seed", field_width=10),
                              Field.text("per_committee", field_width=4))


class ChecksForm(forms.Form):
    """Cambridgeshire's five checks, each with its evidence, and the finding."""

    finding = forms.CharField(label="Finding (optional)", required=False,
                              widget=forms.Textarea, max_length=LONG_TEXT,
                              help_text="What the audit found, in a sentence or two")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        layout = []
        for number, check in enumerate(CHECKS, start=1):
            self.fields[check.key] = forms.ChoiceField(
                label=f"{number}. {check.question}", widget=forms.RadioSelect,
                choices=[(a.value, a.label) for a in Answer],
                error_messages={"required": f"Answer check {number}: "
                                            f"{check.question.lower()}"},
            )
            self.fields[f"{check.key}_evidence"] = forms.CharField(
                label=f"Evidence for check {number}", widget=forms.Textarea,
                max_length=LONG_TEXT, required=False,
            )
            layout += [Field.radios(check.key, legend_size=Size.SMALL, inline=True),
                       Field.textarea(f"{check.key}_evidence", rows=2)]
        layout.append(Field.textarea("finding", rows=3, label_size=Size.MEDIUM))
        self.helper = _helper(*layout)

    def clean(self):
        cleaned = super().clean()
        for number, check in enumerate(CHECKS, start=1):
            if (cleaned.get(check.key) == Answer.NOT_MET.value
                    and not cleaned.get(f"{check.key}_evidence", "").strip()):
                self.add_error(f"{check.key}_evidence",
                               f"Enter the evidence: check {number} is not met")
        return cleaned

    def checks(self) -> dict[str, dict[str, str]]:
        return {check.key: {"answer": self.cleaned_data[check.key],
                            "evidence": self.cleaned_data[f"{check.key}_evidence"].strip()}
                for check in CHECKS}


class FollowUpForm(forms.Form):
    action = forms.CharField(label="Follow-up action", widget=forms.Textarea,
                             max_length=LONG_TEXT,
                             error_messages={"required": "Enter the follow-up action"})
    owner = forms.ModelChoiceField(label="Owner", queryset=None, required=False,
                                   empty_label="No one yet")
    due = DateInputField(label="Due by", help_text="For example, 31 3 2027",
                         require_all_fields=False)

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["owner"].label_from_instance = (
            lambda user: user.get_full_name() or user.username
        )
        self.helper = _helper(Field.textarea("action", rows=2), Field.select("owner"),
                              Field("due"))
