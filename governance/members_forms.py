"""Forms for members' requests, escalations and the budget position, in the GOV.UK style."""

from __future__ import annotations

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.db.models import Q

from governance.models import Committee, MemberRequest
from kpis.dates import DateInputField
from kpis.forms import LONG_TEXT, MAX_UPLOAD_BYTES
from kpis.models import Indicator
from reporting.formatting import date_text, period_label
from reporting.periods import Period


def _helper(*fields) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*fields)
    return helper


def _person(user) -> str:
    return f"{user.get_full_name() or user.username} ({user.username})"


class MemberRequestForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Meeting", queryset=None, required=False, empty_label="Not raised at a meeting",
    )
    kind = forms.ChoiceField(
        label="What the committee asked for", choices=MemberRequest.KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the committee asked for"},
    )
    indicators = forms.CharField(
        label="Indicators it is about", required=False, max_length=2000,
        help_text="Their codes, separated by commas, for example CF-01, CF-04",
    )
    raised = forms.CharField(
        label="The request or recommendation, as minuted", widget=forms.Textarea,
        max_length=LONG_TEXT, error_messages={"required": "Enter what the committee asked"},
    )
    raised_by = forms.CharField(label="Raised by (optional)", required=False, max_length=200,
                                help_text="The member, for example Cllr Jo Evans")
    assigned_to = forms.ModelChoiceField(
        label="Officer to answer it", queryset=None, empty_label="Choose an officer",
        error_messages={"required": "Choose the officer who will answer it"},
    )
    due_on = DateInputField(label="Answer due", help_text="For example, 31 3 2027",
                            require_all_fields=False)

    def __init__(self, *args, committee: Committee, officers, today, **kwargs):
        super().__init__(*args, **kwargs)
        # Requests are raised at meetings that have been held.
        self.fields["meeting"].queryset = committee.meetings.filter(date__lte=today).order_by(
            "-date")
        self.fields["meeting"].label_from_instance = (
            lambda meeting: f"{date_text(meeting.date)} ({period_label(meeting.period)} report)"
        )
        self.fields["assigned_to"].queryset = officers
        self.fields["assigned_to"].label_from_instance = _person
        self.helper = _helper(
            Field.select("meeting"), Field.radios("kind", legend_size=Size.SMALL),
            Field.text("indicators"), Field.textarea("raised", rows=4),
            Field.text("raised_by"), Field.select("assigned_to"), Field("due_on"),
        )

    def clean_indicators(self) -> list[Indicator]:
        """The indicators named by code, in any case; an unknown code is an error."""
        codes = [c.strip() for c in self.cleaned_data["indicators"].split(",") if c.strip()]
        if len(codes) > 50:
            raise forms.ValidationError("Name no more than 50 indicators")
        if not codes:
            return []
        query = Q()
        for code in codes:
            query |= Q(code__iexact=code)
        found = {i.code.lower(): i for i in Indicator.objects.filter(query)}
        unknown = [c for c in codes if c.lower() not in found]
        if unknown:
            raise forms.ValidationError(f"There is no indicator with the code {unknown[0]}")
        return list(found.values())


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label="Officer to answer it", queryset=None, empty_label="Choose an officer",
        error_messages={"required": "Choose the officer who will answer it"},
    )
    due_on = DateInputField(label="Answer due", help_text="For example, 31 3 2027",
                            require_all_fields=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = officers
        self.fields["assigned_to"].label_from_instance = _person
        self.helper = _helper(Field.select("assigned_to"), Field("due_on"))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Your answer", widget=forms.Textarea, max_length=LONG_TEXT,
                             error_messages={"required": "Enter the answer"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("answer", rows=6))


class CloseForm(forms.Form):
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea,
                           max_length=LONG_TEXT,
                           help_text="For example, the committee accepted the answer on 3 "
                           "December 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("note", rows=2))


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Why the answer is not enough", widget=forms.Textarea,
                             max_length=LONG_TEXT,
                             error_messages={"required": "Say why the answer is not enough"})
    due_on = DateInputField(label="New answer due", help_text="For example, 31 3 2027",
                            require_all_fields=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason", rows=3), Field("due_on"))


class EscalationForm(forms.Form):
    to_board = forms.ModelChoiceField(
        label="Board that receives it", queryset=Committee.objects.order_by("name"),
        empty_label="Choose the board",
        error_messages={"required": "Choose the board that receives the escalation"},
    )
    reason = forms.CharField(
        label="Why it is escalated", widget=forms.Textarea, max_length=LONG_TEXT,
        help_text="The new or emerging issue, or how the improvement activity has failed",
        error_messages={"required": "Say why the issue is escalated"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.select("to_board"), Field.textarea("reason", rows=4))


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="How the issue was resolved", widget=forms.Textarea, max_length=LONG_TEXT,
        help_text="What the board decided or what was done, for example: additional "
        "capacity agreed from the corporate contingency on 3 December 2026",
        error_messages={"required": "Say how the issue was resolved"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("resolution", rows=4))


class FinanceUploadForm(forms.Form):
    period = forms.ChoiceField(label="Quarter", error_messages={
        "required": "Choose the quarter the position is for"})
    file = forms.FileField(
        label="The finance system's export",
        help_text="CSV or XLSX with the columns directorate, service, budget, forecast and, "
        "if you have them, variance and commentary",
        error_messages={"required": "Choose the file to upload"},
    )

    def __init__(self, *args, quarters: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(q.key, q.label) for q in quarters]
        self.helper = _helper(Field.select("period"), Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file must be smaller than 5 MB")
        return upload
