"""Forms for the risk registers: a risk's review, a further action, an escalation decision."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from governance import risk_rules as rules
from governance.models import EscalationDecision, FurtherAction, Risk, RiskRegister
from kpis.forms import LONG_TEXT

SCORES = [
    ("inherent_likelihood", "inherent_impact", "Before controls"),
    ("likelihood", "impact", "Now, with the current controls"),
    ("target_likelihood", "target_impact", "Target"),
]


def _scale(labels: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(n, f"{n} {label}") for n, label in enumerate(labels, start=1)]


class RiskReviewForm(forms.ModelForm):
    """The owner's review: the controls, the scores before and after them and the target,
    the next review date, and a note of what changed."""

    review_due = DateInputField(label="Next review", help_text="For example, 31 3 2027",
                                require_all_fields=False)
    note = forms.CharField(
        label="What changed at this review", widget=forms.Textarea, max_length=LONG_TEXT,
        error_messages={"required": "Enter what changed at this review"},
        help_text="Kept in the risk's history with your name",
    )

    class Meta:
        model = Risk
        fields = ["controls", "inherent_likelihood", "inherent_impact", "likelihood", "impact",
                  "target_likelihood", "target_impact", "review_due"]

    def __init__(self, *args, scheme: rules.Scheme, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for likelihood, impact, heading in SCORES:
            self.fields[likelihood] = forms.TypedChoiceField(
                label=f"Likelihood: {heading.lower()}", coerce=int,
                choices=_scale(scheme.likelihood),
            )
            self.fields[impact] = forms.TypedChoiceField(
                label=f"Impact: {heading.lower()}", coerce=int, choices=_scale(scheme.impact),
            )
        self.fields["controls"].widget = forms.Textarea()
        self.fields["controls"].help_text = "What is in place now to reduce the risk"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("controls", rows=4),
            *[Fieldset(Field.select(lk), Field.select(im), legend=heading,
                       legend_size=Size.SMALL) for lk, im, heading in SCORES],
            Field("review_due"),
            Field.textarea("note", rows=3),
        )

    def clean_review_due(self):
        due = self.cleaned_data["review_due"]
        if due <= self.today:
            raise forms.ValidationError("The next review must be after today")
        return due

    def clean(self):
        """The current score cannot be above the score before controls, and the target
        cannot be above the current score: controls reduce a risk, and a target is where
        further actions should bring it."""
        cleaned = super().clean()
        parts = [cleaned.get(name) for pair in SCORES for name in pair[:2]]
        if None in parts:
            return cleaned
        inherent, current, target = (parts[0] * parts[1], parts[2] * parts[3],
                                     parts[4] * parts[5])
        if current > inherent:
            self.add_error("likelihood", "The current score cannot be higher than the score "
                           "before controls")
        if target > current:
            self.add_error("target_likelihood", "The target score cannot be higher than the "
                           "current score")
        return cleaned


class FurtherActionForm(forms.ModelForm):
    due_on = DateInputField(label="Due by", help_text="For example, 31 3 2027",
                            require_all_fields=False)

    class Meta:
        model = FurtherAction
        fields = ["description", "owner", "due_on"]
        labels = {"description": "Further action", "owner": "Who will do it"}
        error_messages = {"description": {"required": "Enter the further action"}}

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["owner"].empty_label = "Choose a person"
        self.fields["owner"].required = True
        self.fields["owner"].error_messages["required"] = "Choose who will do it"
        self.fields["owner"].label_from_instance = (
            lambda user: user.get_full_name() or user.username
        )
        self.fields["description"].widget = forms.Textarea()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("description", rows=3),
                                    Field.select("owner"), Field("due_on"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the risk"},
    )
    to_register = forms.ModelChoiceField(
        label="Register to step it down to", queryset=RiskRegister.objects.none(),
        required=False, empty_label="Choose a register",
        help_text="Only for a step-down",
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea, max_length=LONG_TEXT,
        error_messages={"required": "Enter the reason for the decision"},
    )

    def __init__(self, *args, risk: Risk, **kwargs):
        super().__init__(*args, **kwargs)
        beneath = RiskRegister.objects.filter(escalates_to=risk.register).order_by("name")
        above = risk.register.escalates_to
        Decision = EscalationDecision.Decision
        choices = []
        if above is not None:
            choices.append((Decision.ESCALATE.value, f"Escalate to the {above.name}"))
        if beneath.exists():
            choices.append((Decision.STEP_DOWN.value, Decision.STEP_DOWN.label))
        choices += [(Decision.CLOSE.value, Decision.CLOSE.label),
                    (Decision.KEEP.value, f"Keep it on the {risk.register.name}")]
        self.fields["decision"].choices = choices
        self.fields["to_register"].queryset = beneath
        self.helper = FormHelper()
        self.helper.form_tag = False
        fields = [Field.radios("decision", legend_size=Size.MEDIUM)]
        if beneath.exists():
            fields.append(Field.select("to_register"))
        self.helper.layout = Layout(*fields, Field.textarea("reason", rows=3))

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("decision") == EscalationDecision.Decision.STEP_DOWN
                and not cleaned.get("to_register")):
            self.add_error("to_register", "Choose the register to step it down to")
        return cleaned
