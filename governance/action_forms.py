"""Forms for delivery plan actions and improvement plans, laid out in the GOV.UK style."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from governance.action_status import OWNER_VIEWS, ActionStatus
from governance.delivery import Action, ImprovementAction, ImprovementPlan
from governance.members_models import PlanOrStrategy
from kpis.dates import DateInputField
from kpis.forms import LONG_TEXT
from kpis.models import OrgUnit, Pillar, Portfolio
from reporting.periods import Frequency, Period


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class ActionFilterForm(forms.Form):
    """The actions list's filters (GET): every one optional."""

    pillar = forms.ModelChoiceField(queryset=Pillar.objects.all(), required=False,
                                    empty_label="Any pillar")
    service = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False,
                                     empty_label="Any service")
    portfolio = forms.ModelChoiceField(queryset=Portfolio.objects.all(), required=False,
                                       empty_label="Any portfolio", to_field_name="slug")
    plan = forms.ModelChoiceField(queryset=PlanOrStrategy.objects.all(), required=False,
                                  empty_label="Any plan or strategy",
                                  label="Plan or strategy")
    status = forms.ChoiceField(required=False, choices=[("", "Any status")] + [
        (s.value, s.label) for s in ActionStatus])
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.none(), required=False,
                                   empty_label="Anyone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from governance.delivery import Action

        self.fields["service"].queryset = OrgUnit.objects.filter(
            pk__in=Action.objects.values("org_unit_id"))
        self.fields["owner"].queryset = get_user_model().objects.filter(
            pk__in=Action.objects.values("owner_id")).order_by("first_name", "last_name")
        self.fields["owner"].label_from_instance = _person
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(Field.select(name) for name in self.fields))


class RealDateField(DateInputField):
    """A GOV.UK date input whose messages name the date: "Enter the due date", and "The
    due date must be a real date" for 31 2 2027."""

    def __init__(self, *, name: str, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"Enter the {name} as a day, month and year"
        self.real = f"The {name} must be a real date"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:
            raise forms.ValidationError(self.real) from error

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if any("valid" in m for m in error.messages):
                raise forms.ValidationError(self.real) from error
            raise


def plan_years(today, current: str | None = None) -> list[tuple[str, str]]:
    """Last year's, this year's and next year's delivery plans (and the action's own)."""
    this = Period.containing(today, Frequency.ANNUAL)
    years = [this.shift(-1), this, this.shift(1)]
    keys = [y.key for y in years]
    if current and current not in keys:
        years.insert(0, Period.parse(current))
    return [(y.key, y.label) for y in years]


class ActionForm(forms.ModelForm):
    """An action in the delivery plan: what it is, where it sits, who owns it and when it
    is due. The due date is asked only when the action is added: after that a timescale
    change moves it, recording who agreed it."""

    year = forms.ChoiceField(label="Delivery plan year")
    starts = RealDateField(name="start date", label="Start date (optional)", required=False,
                           help_text="For example, 1 4 2026")
    due = RealDateField(name="due date", label="Due date", help_text="For example, 31 3 2027")

    class Meta:
        model = Action
        fields = ["title", "description", "pillar", "org_unit", "portfolio", "plan", "year",
                  "owner", "delegate", "starts", "due"]
        labels = {
            "title": "Action", "description": "What it will achieve (optional)",
            "pillar": "Corporate Plan pillar or priority", "org_unit": "Service",
            "portfolio": "Cabinet portfolio (optional)",
            "plan": "Plan or strategy it delivers (optional)", "owner": "Owner",
            "delegate": "Also writes the progress notes (optional)",
        }
        help_texts = {
            "title": "", "pillar": "", "portfolio": "",
            "plan": "From the register of plans and strategies",
            "delegate": "A colleague who may write the monthly progress notes too",
        }
        error_messages = {
            "title": {"required": "Enter the action",
                      "max_length": "The action must be 300 characters or fewer"},
            "pillar": {"required": "Choose the pillar or priority it delivers"},
            "org_unit": {"required": "Choose the service that delivers it",
                         "invalid_choice": "Choose a service whose actions you plan"},
            "owner": {"required": "Choose who owns the action"},
        }

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        from kpis import permissions

        new = self.instance.pk is None
        if not new:
            del self.fields["due"]
        self.fields["year"].choices = plan_years(today, None if new else self.instance.year)
        self.fields["year"].initial = Period.containing(today, Frequency.ANNUAL).key
        self.fields["description"].widget = forms.Textarea()
        self.fields["pillar"].required = True
        self.fields["pillar"].queryset = Pillar.objects.select_related("plan")
        self.fields["pillar"].empty_label = "Choose a pillar or priority"
        self.fields["org_unit"].queryset = permissions.plannable_units(user).order_by("path")
        self.fields["org_unit"].label_from_instance = lambda unit: unit.path
        self.fields["org_unit"].empty_label = "Choose a service"
        self.fields["portfolio"].empty_label = "None"
        self.fields["plan"].queryset = PlanOrStrategy.objects.order_by("title")
        self.fields["plan"].empty_label = "None"
        people = permissions.delegates().order_by("first_name", "last_name", "username")
        for name, empty in (("owner", "Choose who owns it"), ("delegate", "Nobody")):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = _person
            self.fields[name].empty_label = empty
        self.helper = FormHelper()
        self.helper.form_tag = False
        dates = [Field("starts")] + ([Field("due")] if new else [])
        self.helper.layout = Layout(
            Field.text("title"), Field.textarea("description", rows=3),
            Field.select("pillar"), Field.select("org_unit"), Field.select("portfolio"),
            Field.select("plan"), Field.select("year"), Field.select("owner"),
            Field.select("delegate"), *dates,
        )


class MilestoneForm(forms.Form):
    """A milestone's name, and its date when it is added (after that a timescale change
    moves it)."""

    title = forms.CharField(label="Milestone", max_length=300,
                            error_messages={"required": "Enter the milestone",
                                            "max_length": "The milestone must be 300 "
                                            "characters or fewer"})
    due = RealDateField(name="date the milestone is due", label="Due date",
                        help_text="For example, 30 9 2026")

    def __init__(self, *args, with_date: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_date:
            del self.fields["due"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.text("title"),
                                    *([Field("due")] if with_date else []))


class ProgressNoteForm(forms.Form):
    note = forms.CharField(
        label="Progress this month", required=False, widget=forms.Textarea,
        max_length=LONG_TEXT,
        help_text="What was done, what comes next, and anything in the way",
    )
    owner_says = forms.ChoiceField(
        label="How is the action going?", widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in OWNER_VIEWS],
        error_messages={"required": "Choose on track, at risk or off track"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("note", rows=6),
            Field.radios("owner_says", legend_size=Size.SMALL, inline=True),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Why are you returning it?", widget=forms.Textarea,
                             max_length=LONG_TEXT,
                             error_messages={"required": "Enter the reason for returning it"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.textarea("reason", rows=3))


DUE_DATE = "due"


class TimescaleChangeForm(forms.Form):
    what = forms.ChoiceField(label="Which date changes?", widget=forms.RadioSelect,
                             error_messages={"required": "Choose the date that changes"})
    new_date = DateInputField(label="The new date", help_text="For example, 31 3 2027",
                              require_all_fields=False)
    reason = forms.CharField(label="Why it changes", widget=forms.Textarea,
                             max_length=LONG_TEXT,
                             error_messages={"required": "Enter the reason for the change"})
    agreed_by = forms.CharField(label="Who agreed it", max_length=200,
                                help_text="The board or person, e.g. CLT",
                                error_messages={"required": "Enter who agreed the change"})
    agreed_on = DateInputField(label="When it was agreed", help_text="For example, 4 11 2026",
                               require_all_fields=False)

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(DUE_DATE, f"The action's due date ({action.due:%-d %B %Y})")]
        choices += [(str(m.pk), f"{m.title} ({m.due:%-d %B %Y})")
                    for m in action.milestones.all() if m.completed_on is None]
        self.fields["what"].choices = choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("what", legend_size=Size.SMALL), Field("new_date"),
            Field.textarea("reason", rows=3), Field.text("agreed_by", field_width=20),
            Field("agreed_on"),
        )


class ImprovementPlanForm(forms.ModelForm):
    """North West Leicestershire's six points, and who owns the plan."""

    class Meta:
        model = ImprovementPlan
        fields = ["owner", "issue", "action_to_take", "timescales", "resources", "monitoring",
                  "measure_of_success"]
        error_messages = {
            "owner": {"required": "Choose who owns the plan"},
            "issue": {"required": "Enter the issue"},
            "action_to_take": {"required": "Enter the action to be taken"},
            "timescales": {"required": "Enter the timescales"},
            "resources": {"required": "Enter the resources required"},
            "monitoring": {"required": "Enter how progress will be monitored and by whom"},
            "measure_of_success": {"required": "Enter what the measure of success will be"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kpis.permissions import delegates

        self.fields["owner"].queryset = delegates().order_by("first_name", "last_name")
        self.fields["owner"].label_from_instance = _person
        self.fields["owner"].empty_label = "Choose who owns the plan"
        for name in self.fields:
            self.fields[name].label = self.fields[name].label[0].upper() + \
                self.fields[name].label[1:]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("owner"),
            *(Field.textarea(name, rows=3) for name in list(self.fields)[1:]),
        )


class ImprovementActionForm(forms.ModelForm):
    due = DateInputField(label="Due", help_text="For example, 31 1 2027",
                         require_all_fields=False)

    class Meta:
        model = ImprovementAction
        fields = ["description", "owner", "due"]
        labels = {"description": "Action"}
        error_messages = {"description": {"required": "Enter the action"},
                          "owner": {"required": "Choose who owns the action"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from kpis.permissions import delegates

        self.fields["owner"].queryset = delegates().order_by("first_name", "last_name")
        self.fields["owner"].label_from_instance = _person
        self.fields["owner"].empty_label = "Choose who owns the action"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Fieldset(
            Field.text("description"), Field.select("owner"), Field("due"),
            legend="Add an action to the plan", legend_size=Size.MEDIUM,
        ))


class ClosePlanForm(forms.Form):
    success_met = forms.TypedChoiceField(
        label="Was the measure of success met?", widget=forms.RadioSelect,
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda v: v == "yes",
        error_messages={"required": "Say whether the measure of success was met"},
    )
    closing_note = forms.CharField(
        label="Closing note", widget=forms.Textarea, max_length=LONG_TEXT,
        help_text="What was achieved, and what happens now",
        error_messages={"required": "Enter the closing note: what was achieved"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("success_met", legend_size=Size.SMALL, inline=True),
            Field.textarea("closing_note", rows=4),
        )
