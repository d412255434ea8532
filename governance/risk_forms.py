"""Forms for the risk registers: raising a risk and changing its description, a risk's
review, a further action, an escalation decision, closing a risk, and a register.

The scores' rules (on the scheme's scale; the current score no higher than before
controls, the target no higher than the current score) are the model's
(``Risk.clean_fields``), so the admin and these forms keep the same ones."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from governance import risk_rules as rules
from governance.models import EscalationDecision, FurtherAction, Risk, RiskRegister
from kpis import permissions
from kpis.dates import DateInputField
from kpis.forms import LONG_TEXT
from kpis.models import Indicator, OrgUnit

MAX_INDICATORS = 30  # linked to one risk

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
        _score_fields(self, scheme)
        self.fields["controls"].widget = forms.Textarea()
        self.fields["controls"].help_text = "What is in place now to reduce the risk"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("controls", rows=4),
            *_score_layout(),
            Field("review_due"),
            Field.textarea("note", rows=3),
        )

    def clean_review_due(self):
        return _after_today(self.cleaned_data["review_due"], self.today)


def _score_fields(form: forms.BaseForm, scheme: rules.Scheme, *,
                  choose: bool = False) -> None:
    """The six score fields, each a choice on the scheme's scale with its labels; with
    ``choose`` each starts on "Choose", so a new risk is never scored 1 by default."""
    first = [("", "Choose")] if choose else []
    for likelihood, impact, heading in SCORES:
        form.fields[likelihood] = forms.TypedChoiceField(
            label=f"Likelihood: {heading.lower()}", coerce=int,
            choices=first + _scale(scheme.likelihood),
            error_messages={"required": f"Choose the likelihood: {heading.lower()}"},
        )
        form.fields[impact] = forms.TypedChoiceField(
            label=f"Impact: {heading.lower()}", coerce=int,
            choices=first + _scale(scheme.impact),
            error_messages={"required": f"Choose the impact: {heading.lower()}"},
        )


def _score_layout() -> list[Fieldset]:
    return [Fieldset(Field.select(lk), Field.select(im), legend=heading,
                     legend_size=Size.SMALL) for lk, im, heading in SCORES]


def _after_today(due: date, today: date) -> date:
    if due <= today:
        raise forms.ValidationError("The next review must be after today")
    return due


def _person(user) -> str:
    return user.get_full_name() or user.username


# --- raising a risk and changing its description ---------------------------------------------

DESCRIPTION_LABELS = {
    "title": "Title", "category": "Category", "owner": "Risk owner",
    "cause": "Cause", "event": "Event", "consequence": "Consequence",
    "controls": "Current controls",
}
DESCRIPTION_HINTS = {
    "title": "A short name for the risk, as the register lists it",
    "owner": "The person accountable for managing the risk",
    "cause": "Because of ...",
    "event": "There is a risk that ...",
    "consequence": "Which would lead to ...",
    "controls": "What is in place now to reduce the risk",
}
DESCRIPTION_REQUIRED = {
    "title": "Enter a title for the risk", "category": "Choose the category",
    "owner": "Choose the risk owner", "cause": "Enter the cause",
    "event": "Enter the event", "consequence": "Enter the consequence",
}


class _RiskDescriptionForm(forms.ModelForm):
    """What a risk is and who owns it, and the indicators that warn of it. The
    indicators are chosen by a search (templates/governance/risks/_indicator_picker.html),
    never from a list of every indicator."""

    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.all(), required=False, widget=forms.MultipleHiddenInput,
        label="Indicators that warn of this risk",
        error_messages={"invalid_choice": "Choose indicators from the search results",
                        "invalid_pk_value": "Choose indicators from the search results"},
    )

    def __init__(self, *args, may_reassign: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        owner_id = self.instance.owner_id if self.instance.pk else None
        self.fields["owner"].queryset = get_user_model().objects.filter(
            Q(pk__in=permissions.delegates().values("pk")) | Q(pk=owner_id)
        ).order_by("first_name", "last_name", "username")
        self.fields["owner"].label_from_instance = _person
        self.fields["owner"].empty_label = "Choose a person"
        self.fields["category"].empty_label = "Choose a category"
        for name, label in DESCRIPTION_LABELS.items():
            self.fields[name].label = label
            self.fields[name].help_text = DESCRIPTION_HINTS.get(name, "")
            if name in DESCRIPTION_REQUIRED:
                self.fields[name].error_messages["required"] = DESCRIPTION_REQUIRED[name]
        for name in ("cause", "event", "consequence", "controls"):
            self.fields[name].widget = forms.Textarea()
            self.fields[name].max_length = LONG_TEXT
        if not may_reassign:
            # Only a keeper of the register moves a risk to another owner or category.
            self.fields["owner"].disabled = True
            self.fields["category"].disabled = True

    def description_layout(self) -> list:
        return [
            Field.text("title"), Field.select("category"), Field.select("owner"),
            Field.textarea("cause", rows=3), Field.textarea("event", rows=3),
            Field.textarea("consequence", rows=3), Field.textarea("controls", rows=4),
        ]

    def clean_indicators(self):
        chosen = self.cleaned_data["indicators"]
        if len(chosen) > MAX_INDICATORS:
            raise forms.ValidationError(
                f"Link no more than {MAX_INDICATORS} indicators to one risk")
        return chosen


class RiskRaiseForm(_RiskDescriptionForm):
    """A new risk on a register the user keeps, with its scores and first review date."""

    review_due = DateInputField(label="Next review", help_text="For example, 31 3 2027",
                                require_all_fields=False)

    class Meta:
        model = Risk
        fields = ["register", "reference", "title", "category", "owner", "cause", "event",
                  "consequence", "controls", *[n for pair in SCORES for n in pair[:2]],
                  "review_due", "indicators"]
        error_messages = {
            "register": {"required": "Choose the register"},
            "reference": {"required": "Enter a reference",
                          "unique": "That reference is taken: choose another"},
        }

    def __init__(self, *args, registers, scheme: rules.Scheme, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["register"].queryset = registers.order_by("name")
        self.fields["register"].empty_label = "Choose a register"
        self.fields["reference"].help_text = ("Unique across every register, for example "
                                              "HW05")
        self.fields["reference"].label = "Reference"
        _score_fields(self, scheme, choose=True)
        self.fields["review_due"].error_messages.update({
            "required": "Enter the date of the next review",
            "incomplete": "Enter the date of the next review"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("register"), Field.text("reference", field_width=5),
            *self.description_layout(), *_score_layout(), Field("review_due"),
        )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        if not reference.replace("-", "").isalnum():
            raise forms.ValidationError("Use letters, numbers and hyphens in the reference")
        return reference

    def clean_review_due(self):
        return _after_today(self.cleaned_data["review_due"], self.today)


class RiskEditForm(_RiskDescriptionForm):
    """A risk's description, controls and linked indicators. Its scores change only at a
    review, so the history of its scores is a trail of reviews."""

    class Meta:
        model = Risk
        fields = ["title", "category", "owner", "cause", "event", "consequence", "controls",
                  "indicators"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.description_layout())


class CloseRiskForm(forms.Form):
    reason = forms.CharField(
        label="Why is the risk being closed?", widget=forms.Textarea, max_length=LONG_TEXT,
        error_messages={"required": "Enter why the risk is being closed"},
        help_text="Kept with the decision and in the risk's history, with your name",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("reason", rows=4))


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


# --- a register ------------------------------------------------------------------------------


class RegisterForm(forms.ModelForm):
    """A register: its name, kind, organisation unit, owner and the register above it.
    When its risks are flagged to move is the scheme's threshold for its kind."""

    class Meta:
        model = RiskRegister
        fields = ["name", "level", "org_unit", "owner", "escalates_to", "description"]
        labels = {"level": "Kind of register", "org_unit": "Organisation unit (optional)",
                  "owner": "Owner (optional)", "escalates_to": "Escalates to (optional)",
                  "description": "Description (optional)"}
        help_texts = {
            "org_unit": "The directorate, service or team whose risks it holds: its "
                        "approvers may raise and change its risks",
            "owner": "Who keeps the register: they may raise and change its risks",
            "escalates_to": "The next register up, where its risks are escalated",
        }
        error_messages = {
            "name": {"required": "Enter the register's name",
                     "unique": "A register with that name already exists"},
            "level": {"required": "Choose the kind of register"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.order_by("path")
        self.fields["org_unit"].empty_label = "None"
        self.fields["owner"].queryset = permissions.delegates().order_by(
            "first_name", "last_name", "username")
        self.fields["owner"].label_from_instance = _person
        self.fields["owner"].empty_label = "None"
        others = RiskRegister.objects.order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["escalates_to"].queryset = others
        self.fields["escalates_to"].empty_label = "None: the top of its line"
        self.fields["level"].choices = [("", "Choose the kind")] + [
            (lv.value, lv.label) for lv in rules.Level]
        self.fields["description"].widget = forms.Textarea()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name"), Field.select("level"), Field.select("org_unit"),
            Field.select("owner"), Field.select("escalates_to"),
            Field.textarea("description", rows=3),
        )
